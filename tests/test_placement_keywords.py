"""bindings.add / move declare position / before / after once and still show and check each one."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient
from actions_sdk._recipes import Where
from actions_sdk.resources._async.triggers import AsyncBindings
from actions_sdk.resources.triggers import Bindings
from tests.signature_helpers import load_reference, shown_keywords
from tests.test_surface_parity import mypy_reveals

PLACEMENT = ["position", "before", "after"]
SIGNATURES = {
    "add": ["trigger", "action", *PLACEMENT, "display_name", "progress"],
    "move": ["trigger", "action", *PLACEMENT, "progress"],
}
METHODS = [(cls, name) for cls in (Bindings, AsyncBindings) for name in SIGNATURES]


def test_the_keywords_are_declared_once() -> None:
    assert list(Where.__annotations__) == PLACEMENT


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_inspect_shows_the_placement_keywords_where_they_always_stood(
    namespace: type, method: str
) -> None:
    parameters = shown_keywords(getattr(namespace, method), PLACEMENT, None)
    assert list(parameters) == ["self", *SIGNATURES[method]]
    assert parameters["position"].annotation == "int | None"
    assert parameters["before"].annotation == "ActionInput | None"


def _refusing_client() -> tuple[ManagementClient[Any, Any, Any], list[httpx.Request]]:
    sent: list[httpx.Request] = []
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(500))
    )
    return ManagementClient.for_auth0("t.example", token="t", http_client=http), sent


def test_a_misspelt_placement_keyword_is_the_type_error_an_explicit_signature_raises() -> None:
    client, sent = _refusing_client()
    bindings = client.actions.triggers.bindings
    with pytest.raises(TypeError, match=r"^Bindings.add\(\) got an unexpected .* 'postion'$"):
        bindings.add("post-login", "act_1", postion=0)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^Bindings.move\(\) got an unexpected .* 'display_name'$"):
        bindings.move("post-login", "act_1", display_name="x")  # type: ignore[call-arg]
    assert sent == []  # refused before anything was sent


def test_the_async_twin_refuses_a_misspelt_placement_keyword_too() -> None:
    client = AsyncManagementClient.for_auth0("t.example", token="t")
    bindings = client.actions.triggers.bindings
    with pytest.raises(TypeError, match=r"^AsyncBindings.move\(\) got an unexpected .* 'afer'$"):
        asyncio.run(bindings.move("post-login", "act_1", afer="act_2"))  # type: ignore[call-arg]


def test_mypy_checks_the_placement_keywords(tmp_path: Path) -> None:
    # Under --strict an ignore that suppresses nothing is itself an error, so each ignored line
    # proves mypy flags it, and the others that it accepts them.
    snippet = (
        "from actions_sdk import ManagementClient\n"
        "b = ManagementClient.for_auth0('t.example', token='t').actions.triggers.bindings\n"
        "b.add('post-login', 'a', position=0, display_name='A')\n"
        "b.move('post-login', 'a', before='b')\n"
        "b.add('post-login', 'a', postion=0)  # type: ignore[call-arg]\n"
        "b.move('post-login', 'a', position='first')  # type: ignore[arg-type]\n"
    )
    assert mypy_reveals(snippet, tmp_path) == []


def test_the_docs_reference_renders_the_placement_keywords(
    caplog: pytest.LogCaptureFixture,
) -> None:
    loaded = load_reference("actions_sdk.resources.triggers")
    for method, expected in SIGNATURES.items():
        parameters = loaded[f"Bindings.{method}"].parameters
        assert [p.name for p in parameters] == ["self", *expected], method
        assert parameters["position"].default == "None", method
        # Each keyword's "Args:" entry documents a parameter the reference shows: no warning.
        with caplog.at_level(logging.WARNING, logger="griffe"):
            assert loaded[f"Bindings.{method}"].docstring.parsed
        assert caplog.records == [], method
