"""actions.create / upsert / update share one field list and still show and check every field."""

from __future__ import annotations

import asyncio
import logging
import pydoc
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient
from actions_sdk._types import UNSET
from actions_sdk.resources._async.actions import AsyncActions
from actions_sdk.resources._fields import ActionFields, action_options
from actions_sdk.resources.actions import Actions
from tests.signature_helpers import load_reference, shown_keywords

METHODS = [
    (cls, name) for cls in (Actions, AsyncActions) for name in ("create", "upsert", "update")
]
FIELDS = list(ActionFields.__annotations__)


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_inspect_shows_every_field_keyword_only_with_unset_default(
    namespace: type, method: str
) -> None:
    parameters = shown_keywords(getattr(namespace, method), FIELDS, UNSET)
    assert list(parameters)[-len(FIELDS) :] == FIELDS
    assert parameters["code"].annotation == "str | Unset"
    assert parameters["timeout"].annotation == "timedelta | float | Unset"


@pytest.mark.parametrize("namespace", [Actions, AsyncActions])
def test_help_shows_the_fields(namespace: type) -> None:
    text = pydoc.render_doc(namespace.create, renderer=pydoc.plaintext)
    assert "supported_triggers: 'Sequence[str | ActionTrigger | Mapping[str, Any]] | Unset'" in text
    assert "payload_type: 'str | Unset' = UNSET" in text
    assert "**fields" not in text


def test_an_unknown_keyword_is_the_type_error_an_explicit_signature_raises() -> None:
    sent: list[httpx.Request] = []
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(500))
    )
    client = ManagementClient.for_auth0("t.example", token="t", http_client=http)
    with pytest.raises(TypeError, match=r"^Actions.create\(\) got an unexpected .* 'cdoe'$"):
        client.actions.create(name="a", cdoe="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^Actions.update\(\) got an unexpected .* 'runtim'$"):
        client.actions.update("act_1", runtim="node22")  # type: ignore[call-arg]
    assert sent == []  # refused before anything was sent


def test_the_async_twin_refuses_an_unknown_keyword_too() -> None:
    client = AsyncManagementClient.for_auth0("t.example", token="t")
    with pytest.raises(TypeError, match=r"^AsyncActions.upsert\(\) got an unexpected .* 'deply'$"):
        asyncio.run(client.actions.upsert(name="a", deply=True))  # type: ignore[call-arg]


def test_options_keep_the_given_fields_in_declaration_order_with_script_as_code() -> None:
    given: dict[str, Any] = {"runtime": "node22", "script": "s", "supported_triggers": ["x"]}
    options = action_options(given, deploy=True, wait=UNSET)
    assert list(options.items()) == [
        ("supported_triggers", ["x"]),
        ("code", "s"),
        ("runtime", "node22"),
        ("deploy", True),
    ]
    assert action_options({"code": UNSET}) == {}


def test_mypy_refuses_a_misspelt_field_and_accepts_the_real_ones(tmp_path: Path) -> None:
    from mypy import api

    source = tmp_path / "fields.py"
    source.write_text(
        "from actions_sdk import ManagementClient\n"
        "c = ManagementClient.for_auth0('t.example', token='t')\n"
        "c.actions.create(name='a', code='x', runtime='node22', wait=True)\n"
        "c.actions.update('id', timeout=3.0, code='y')\n"
        "c.actions.create(name='a', cdoe='x')\n"
        "c.actions.upsert(name='a', runtime=22)\n",
        encoding="utf-8",
    )
    out, _, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "c"), str(source)]
    )
    errors = [
        line.split(": error: ")[0].rsplit(":", 1)[-1]
        for line in out.splitlines()
        if ": error: " in line
    ]
    assert status == 1, out
    assert errors == ["5", "6"], out  # only the misspelt keyword and the wrong type
    assert '"cdoe"' in out


def test_the_docs_reference_renders_the_fields(caplog: pytest.LogCaptureFixture) -> None:
    loaded = load_reference("actions_sdk.resources.actions")
    for method in ("create", "upsert", "update"):
        parameters = loaded[f"Actions.{method}"].parameters
        shown = {p.name: (p.default, str(p.annotation)) for p in parameters}
        assert "fields" not in shown, method
        assert shown["code"] == ("UNSET", "str | Unset"), method
        assert list(shown)[-len(FIELDS) :] == FIELDS, method
        # Each field's "Args:" entry documents a parameter the reference shows: no warning.
        with caplog.at_level(logging.WARNING, logger="griffe"):
            assert loaded[f"Actions.{method}"].docstring.parsed
        assert caplog.records == [], method
