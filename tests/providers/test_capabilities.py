"""The vendors' capability tables are the one source of refusals and of the docs matrix.

- ``docs/providers.md`` holds exactly what ``scripts/gen_matrix.py`` renders from the tables, and
  a change to a table makes the check fail;
- every option a table marks unsupported is refused by that vendor's provider before anything is
  built, with the table's hint; operations a vendor lacks take their hint from the table too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from actions_sdk.errors import UnsupportedOperationError
from actions_sdk.providers._base import (
    CreateActionRequest,
    ListActionsRequest,
    Provider,
    UpdateActionRequest,
)
from actions_sdk.providers._capabilities import Capabilities, Unsupported, option_key
from actions_sdk.providers.auth0 import Auth0Provider
from actions_sdk.providers.auth0.capabilities import CAPABILITIES
from actions_sdk.providers.zitadel import ZitadelProvider
from actions_sdk.providers.zitadel.capabilities import V1_CAPABILITIES

ROOT = Path(__file__).resolve().parents[2]


def _gen_matrix() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_matrix", ROOT / "scripts" / "gen_matrix.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _gen_matrix()


def _providers() -> list[tuple[Provider[Any, Any, Any], Capabilities]]:
    return [
        (Auth0Provider("acme.eu.auth0.com", token="static-mgmt-token"), CAPABILITIES),
        (ZitadelProvider("z.example", token="pat"), V1_CAPABILITIES),
    ]


def test_docs_matrix_is_what_the_tables_render() -> None:
    document = GEN.DOC.read_text(encoding="utf-8")
    assert GEN.updated(document) == document, "run `python scripts/gen_matrix.py`"
    assert GEN.main(["--check"]) == 0


def test_a_changed_table_makes_the_docs_stale() -> None:
    document = GEN.DOC.read_text(encoding="utf-8")
    drifted = dict(V1_CAPABILITIES)
    drifted["actions.test"] = Unsupported("a hint nobody wrote down")
    vendors = {"Auth0": CAPABILITIES, "ZITADEL v1": drifted}
    fresh = GEN.updated(document, vendors)
    assert fresh != document
    assert "unsupported: a hint nobody wrote down" in fresh


def test_documented_vendors_declare_every_row() -> None:
    # A row one vendor left out would render as "–": neither supported nor refused.
    assert set(CAPABILITIES) == set(V1_CAPABILITIES)


_REQUESTS: dict[str, Any] = {
    "actions.list": lambda p, **kw: p.list_actions(ListActionsRequest(**kw)),
    "actions.create": lambda p, **kw: p.create_action(CreateActionRequest(name="n", **kw)),
    "actions.update": lambda p, **kw: p.update_action("a1", UpdateActionRequest(**kw)),
}
_FIELDS = {
    "actions.list": {f.name for f in attrs.fields(ListActionsRequest)},
    "actions.create": {f.name for f in attrs.fields(CreateActionRequest)},
    "actions.update": {f.name for f in attrs.fields(UpdateActionRequest)},
}


def _refused_options() -> list[tuple[int, str, str]]:
    cases = []
    for index, (_, table) in enumerate(_providers()):
        for key, entry in table.items():
            operation, _, rest = key.partition("(")
            option = rest.removesuffix("=)")
            if isinstance(entry, Unsupported) and option in _FIELDS.get(operation, ()):
                cases.append((index, operation, option))
    return cases


@pytest.mark.parametrize(("vendor", "operation", "option"), _refused_options())
def test_every_unsupported_option_is_refused_with_the_tables_hint(
    vendor: int, operation: str, option: str
) -> None:
    provider, table = _providers()[vendor]
    with pytest.raises(UnsupportedOperationError) as caught:
        _REQUESTS[operation](provider, **{option: "x"})  # raised by the call: no plan, no request
    assert caught.value.operation == f"{operation}({option}=...)"
    entry = table[option_key(caught.value.operation)]
    assert isinstance(entry, Unsupported)
    assert entry.hint
    assert str(caught.value).endswith(entry.hint)


def test_both_vendors_refuse_something_through_their_table() -> None:
    # Guards the parametrisation above against silently collecting nothing for a vendor.
    assert {vendor for vendor, _, _ in _refused_options()} == {0, 1}


@pytest.mark.parametrize(
    ("vendor", "key", "call"),
    [
        (0, "actions.deactivate", lambda p: p.deactivate_action("a1")),
        (0, "with_options(org_id=)", lambda p: p.with_org("org")),
        (1, "actions.deploy", lambda p: p.deploy_action("a1")),
        (1, "actions.test", lambda p: p.test_action("a1", {})),
        (1, "actions.versions.list", lambda p: p.list_versions("a1", 10)),
        (1, "actions.modules.get", lambda p: p.get_module("m1")),
        (1, "actions.executions.get", lambda p: p.get_execution("e1")),
        (1, "actions.triggers.bindings.add(secrets=)", lambda p: p.new_binding("a1", None, [])),
    ],
)
def test_missing_operations_take_their_hint_from_the_table(
    vendor: int, key: str, call: Any
) -> None:
    provider, table = _providers()[vendor]
    entry = table[key]
    assert isinstance(entry, Unsupported)
    assert entry.hint
    with pytest.raises(UnsupportedOperationError) as caught:
        call(provider)
    assert option_key(caught.value.operation) == key
    assert (
        str(caught.value)
        == f"{provider.name} does not support {caught.value.operation}: {entry.hint}"
    )


def test_option_key_maps_error_spelling_to_table_key() -> None:
    assert option_key("actions.create(timeout=...)") == "actions.create(timeout=)"
    assert option_key("actions.deploy") == "actions.deploy"
