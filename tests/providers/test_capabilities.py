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
from actions_sdk.providers._capabilities import Capabilities, Supported, Unsupported, option_key
from actions_sdk.providers.auth0 import Auth0Provider
from actions_sdk.providers.auth0.capabilities import CAPABILITIES
from actions_sdk.providers.zitadel import ZitadelProvider, ZitadelV2Provider
from actions_sdk.providers.zitadel.capabilities import V1_CAPABILITIES, V2_CAPABILITIES

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
        (ZitadelV2Provider("z.example", token="pat"), V2_CAPABILITIES),
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


def test_readme_summary_is_what_the_tables_render() -> None:
    readme = GEN.README.read_text(encoding="utf-8")
    assert GEN.updated_readme(readme) == readme, "run `python scripts/gen_matrix.py`"
    assert (
        "| `client.actions.deploy(id)` / `.test(id, payload)` | "
        "`POST /actions/actions/{id}/deploy` / `POST /actions/actions/{id}/test` | unsupported |"
        in readme
    )


def test_a_changed_table_makes_the_readme_stale(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    readme = GEN.README.read_text(encoding="utf-8")
    drifted = dict(V1_CAPABILITIES)
    drifted["actions.test"] = Supported("`POST /actions/{id}/_test`", summary="`…/_test`")
    vendors = {"Auth0": CAPABILITIES, "ZITADEL v1": drifted}
    fresh = GEN.updated_readme(readme, vendors)
    assert fresh != readme
    assert "| unsupported / `…/_test` |" in fresh
    # The check itself fails on the drift, naming the page, and writes nothing.
    monkeypatch.setattr(GEN, "VENDORS", vendors)
    monkeypatch.setattr(
        GEN,
        "PAGES",
        ((GEN.README, lambda document: GEN.updated_readme(document, vendors)),),
    )
    assert GEN.main(["--check"]) == 1
    assert "README.md is stale" in capsys.readouterr().out
    assert GEN.README.read_text(encoding="utf-8") == readme


def test_a_column_per_provider_package_found(tmp_path: Path) -> None:
    # A new vendor package (or a second API of one, ZITADEL v2) brings its columns along.
    assert list(GEN.discover()) == list(GEN.VENDORS) == ["Auth0", "ZITADEL v1", "ZITADEL v2"]
    acme = tmp_path / "acme"
    acme.mkdir()
    (acme / "capabilities.py").write_text(
        "from actions_sdk.providers._capabilities import Supported\n"
        'COLUMNS = {"Acme v1": {"actions.get": Supported("`GET /a/{id}`")}}\n'
    )
    found = GEN.discover(tmp_path)
    assert list(found) == ["Acme v1"]
    table = GEN.render({**GEN.VENDORS, **found})
    assert "| Operation / option | Auth0 | ZITADEL v1 | ZITADEL v2 | Acme v1 |" in table
    assert (
        "| `actions.get` | `GET /actions/actions/{id}` | `GET /actions/{id}` | "
        "`GET /v2/actions/targets/{id}` | `GET /a/{id}` |"
    ) in table
    # What the new table does not declare is unsupported there.
    deploy = next(line for line in table.splitlines() if line.startswith("| `actions.deploy` |"))
    assert deploy.endswith("| unsupported |")
    summary = GEN.render_summary({**GEN.VENDORS, **found})
    assert "| Call | Auth0 | ZITADEL v1 | ZITADEL v2 | Acme v1 |" in summary
    assert "| `client.actions.get(id)` | `GET /actions/actions/{id}` |" in summary
    rows = [line for line in summary.splitlines() if line.startswith("| `client.")]
    assert len(rows) == len(GEN.SUMMARY)
    assert [row.endswith("| unsupported |") for row in rows].count(False) == 1  # only get


_REQUESTS: dict[str, Any] = {
    "actions.list": lambda p, **kw: p.list_actions(ListActionsRequest(**kw)),
    "actions.create": lambda p, **kw: p.create_action(CreateActionRequest("n", kw)),
    "actions.update": lambda p, **kw: p.update_action("a1", UpdateActionRequest(options=kw)),
}


def _options(operation: str) -> list[str]:
    """Every option of ``operation`` any table declares (the list filters are fixed fields)."""
    if operation == "actions.list":
        return [f.name for f in attrs.fields(ListActionsRequest)]
    found: dict[str, None] = {}
    for _, table in _providers():
        for key in table:
            name, _, rest = key.partition("(")
            if name == operation and rest.endswith("=)"):
                found[rest.removesuffix("=)")] = None
    return list(found)


def _refused_options() -> list[tuple[int, str, str]]:
    cases = []
    for index, (_, table) in enumerate(_providers()):
        for operation in _REQUESTS:
            for option in _options(operation):
                if not isinstance(table.get(f"{operation}({option}=)"), Supported):
                    cases.append((index, operation, option))
    return cases


@pytest.mark.parametrize(("vendor", "operation", "option"), _refused_options())
def test_every_option_a_table_does_not_support_is_refused(
    vendor: int, operation: str, option: str
) -> None:
    provider, table = _providers()[vendor]
    with pytest.raises(UnsupportedOperationError) as caught:
        _REQUESTS[operation](provider, **{option: "x"})  # raised by the call: no plan, no request
    assert caught.value.operation == f"{operation}({option}=...)"
    entry = table.get(option_key(caught.value.operation))
    if isinstance(entry, Unsupported) and entry.hint:
        assert str(caught.value).endswith(entry.hint)
    else:  # not in the table at all: refused all the same, without a hint
        assert str(caught.value) == f"{provider.name} does not support {caught.value.operation}"


def test_an_option_no_vendor_knows_is_refused_by_every_vendor() -> None:
    for provider, _ in _providers():
        with pytest.raises(UnsupportedOperationError, match=r"actions.create\(colour=\.\.\.\)"):
            provider.create_action(CreateActionRequest("n", {"colour": "blue"}))


def test_both_vendors_refuse_something_through_their_table() -> None:
    # Guards the parametrisation above against silently collecting nothing for a vendor.
    assert {vendor for vendor, _, _ in _refused_options()} == {0, 1, 2}
    hinted = [
        (vendor, operation, option)
        for vendor, operation, option in _refused_options()
        if isinstance(_providers()[vendor][1].get(f"{operation}({option}=)"), Unsupported)
    ]
    assert {vendor for vendor, _, _ in hinted} == {0, 1, 2}


def test_no_table_lists_the_other_vendors_options_without_a_hint() -> None:
    # Unsupported entries exist only for a hint; a bare one would just restate "unsupported".
    for _, table in _providers():
        for key, entry in table.items():
            if isinstance(entry, Unsupported):
                assert entry.hint, key


@pytest.mark.parametrize(
    ("vendor", "key", "call"),
    [
        (0, "actions.deactivate", lambda p: p.deactivate_action("a1")),
        (0, "actions.reactivate", lambda p: p.reactivate_action("a1")),
        (1, "actions.deploy", lambda p: p.deploy_action("a1")),
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


@pytest.mark.parametrize(
    ("vendor", "key", "call"),
    [
        (0, "with_options(org_id=)", lambda p: p.with_org("org")),
        (1, "actions.test", lambda p: p.test_action("a1", {})),
        (1, "actions.versions.list", lambda p: p.list_versions("a1", 10)),
        (1, "actions.modules.get", lambda p: p.get_module("m1")),
        (1, "actions.executions.get", lambda p: p.get_execution("e1")),
        (1, "actions.triggers.bindings.add(secrets=)", lambda p: p.new_binding("a1", None, [])),
        (
            1,
            "actions.triggers.bindings.add(display_name=)",
            lambda p: p.new_binding("a1", "n", None),
        ),
        (
            1,
            "actions.triggers.bindings.update_many(secrets=)",
            lambda p: p.update_bindings(
                "complement_token:pre_access_token_creation", [{"ref": _BY_ID, "secrets": []}]
            ),
        ),
    ],
)
def test_what_a_table_does_not_declare_is_refused_without_a_hint(
    vendor: int, key: str, call: Any
) -> None:
    provider, table = _providers()[vendor]
    assert key not in table
    with pytest.raises(UnsupportedOperationError) as caught:
        call(provider)
    assert option_key(caught.value.operation) == key
    assert str(caught.value) == f"{provider.name} does not support {caught.value.operation}"


_BY_ID = {"type": "action_id", "value": "a1"}


def test_option_key_maps_error_spelling_to_table_key() -> None:
    assert option_key("actions.create(timeout=...)") == "actions.create(timeout=)"
    assert option_key("actions.deploy") == "actions.deploy"
