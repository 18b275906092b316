"""The msgspec fast path decodes exactly as the strict path does: same models, same errors.

Every body here goes through each Auth0 response decoder twice: once as shipped (msgspec first,
the strict orjson + cattrs path when it declines) and once with the fast path switched off. The
outcomes must be identical: equal models, or a DecodeError of the same message and field. The
bodies are every JSON fixture under ``tests/fixtures/``, every answer the Auth0 emulator gives a
seeded tenant, and hostile variants (wrong types, missing fields, huge numbers, deep nesting,
surrogates, naive timestamps, unknown enum values).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from actions_sdk import ManagementClient
from actions_sdk.errors import DecodeError
from actions_sdk.providers import _converters
from actions_sdk.providers._converters import make_converter, native_decode, to_camel
from actions_sdk.providers.auth0 import provider as auth0_provider
from actions_sdk.providers.auth0.models import Action
from actions_sdk.providers.zitadel._converter import ZITADEL_CONVERTER
from actions_sdk.testing import Auth0Emulator

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DECODERS: dict[str, Callable[[httpx.Response], Any]] = {
    name: value
    for name, value in vars(auth0_provider).items()
    if name.startswith("_DECODE_") and name not in {"_DECODE_NOTHING"}
}
# The paged listings build their page decoders themselves (``_Listing.decode``).
DECODERS.update(
    {
        f"{name}.decode": value.decode
        for name, value in vars(auth0_provider).items()
        if isinstance(value, auth0_provider._Listing)
    }
)
# Each decoder's class, for calling native_decode directly.
CLASSES = {
    name: value
    for name, value in vars(auth0_provider).items()
    if isinstance(value, type) and hasattr(value, "__attrs_attrs__")
}


def _response(content: bytes) -> httpx.Response:
    request = httpx.Request("GET", "https://t.example/api/v2/actions/actions")
    return httpx.Response(
        200, content=content, headers={"content-type": "application/json"}, request=request
    )


def _outcome(decoder: Callable[[httpx.Response], Any], content: bytes) -> tuple[str, Any]:
    try:
        return "ok", decoder(_response(content))
    except DecodeError as exc:
        return "error", (type(exc), str(exc), exc.field)


def _compare(content: bytes) -> int:
    """Run ``content`` through every decoder both ways; return how often msgspec decoded it."""
    fast_hits = 0
    for name, decoder in DECODERS.items():
        fast = _outcome(decoder, content)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(auth0_provider, "native_decode", lambda *_: None)
            strict = _outcome(decoder, content)
        assert fast == strict, (name, content[:200])
        if fast[0] == "ok":
            fast_hits += 1
    return fast_hits


def _fixture_bodies() -> Iterator[tuple[str, bytes]]:
    for path in sorted(FIXTURES.rglob("*.json")):
        yield str(path.relative_to(FIXTURES)), path.read_bytes()


@pytest.mark.parametrize(("name", "content"), list(_fixture_bodies()))
def test_every_fixture_decodes_the_same_both_ways(name: str, content: bytes) -> None:
    _compare(content)
    # Re-serialised compactly too (servers differ in whitespace), and with keys reordered.
    data = json.loads(content)
    _compare(json.dumps(data, separators=(",", ":")).encode())
    if isinstance(data, dict):
        _compare(json.dumps(dict(reversed(data.items()))).encode())


def test_the_fast_path_really_decodes_the_recorded_action() -> None:
    # Without this, the differential test would pass with a fast path that never runs.
    content = (FIXTURES / "auth0" / "recorded" / "action_built_deployed.json").read_bytes()
    decoded = native_decode(auth0_provider.AUTH0_CONVERTER, content, Action)
    assert decoded is not None
    assert decoded == auth0_provider.AUTH0_CONVERTER.structure(json.loads(content), Action)
    assert _compare(content) >= 1


def _emulator_bodies() -> list[bytes]:
    emulator = Auth0Emulator(seed=7)
    bodies: list[bytes] = []

    def record(request: httpx.Request) -> httpx.Response:
        response = emulator.handle(request)
        response.read()
        if response.status_code < 300 and response.content:
            bodies.append(response.content)
        return response

    http = httpx.Client(transport=httpx.MockTransport(record), base_url=emulator.base_url)
    with ManagementClient.for_auth0(
        "tenant.example", token="emulator-management-token", http_client=http
    ) as client:
        ids = [
            client.actions.create(
                name=f"a{i}",
                code="exports.onExecutePostLogin = async () => {};",
                supported_triggers=["post-login"],
                secrets=[{"name": "K", "value": "v"}],
                dependencies=[{"name": "lodash", "version": "4.17.21"}],
            ).id
            for i in range(3)
        ]
        for action_id in ids:
            client.actions.get(action_id)
            client.actions.update(action_id, code="// changed")
        list(client.actions.list())
        list(client.actions.triggers.list())
        list(client.actions.versions.list(ids[0]))
    return bodies


def test_every_emulator_answer_decodes_the_same_both_ways() -> None:
    bodies = _emulator_bodies()
    assert len(bodies) > 10
    assert sum(_compare(body) for body in bodies) >= len(bodies)


_ACTION = json.loads((FIXTURES / "auth0" / "recorded" / "action_built_deployed.json").read_text())


def _with(**changes: Any) -> bytes:
    return json.dumps({**_ACTION, **changes}).encode()


HOSTILE: list[bytes] = [
    # wrong types
    _with(id=5),
    _with(name=None),
    _with(all_changes_deployed="true"),
    _with(all_changes_deployed=1),
    _with(supported_triggers="post-login"),
    _with(supported_triggers=None),
    _with(supported_triggers=[{"id": 3, "version": "v3"}]),
    _with(supported_triggers=[{"id": "brand-new-trigger", "version": "v9"}]),
    _with(supported_triggers=[["post-login"]]),
    _with(dependencies={"name": "x"}),
    _with(secrets=[{"name": "K", "updated_at": 17}]),
    _with(deployed_version={"number": "1"}),
    _with(deployed_version={"number": 1.0}),
    _with(deployed_version={"number": 1.5}),
    _with(deployed_version={"number": True}),
    _with(created_at="yesterday"),
    _with(created_at="2026-03-02T11:00:00"),  # no offset: the strict path reads it as UTC
    _with(created_at="2026-03-02"),
    _with(created_at="2026-03-02 11:00:00+02:00"),
    _with(created_at="2026-03-02T11:00:00.123456789Z"),
    _with(status=["built"]),
    _with(status="some-future-status"),
    # missing fields
    json.dumps({k: v for k, v in _ACTION.items() if k != "id"}).encode(),
    json.dumps({k: v for k, v in _ACTION.items() if k != "name"}).encode(),
    b"{}",
    # huge numbers
    _with(deployed_version={"number": 10**30}),
    _with(deployed_version={"number": 2**63}),
    _with(deployed_version={"number": 2**64 + 1}),
    _with(extra=10**40),
    _with(number=2**70),
    b'{"id": "a", "name": "n", "extra": 1e999}',
    b'{"id": "a", "name": "n", "extra": -1e400}',
    b'{"id": "a", "name": "n", "extra": 1.5e300}',
    b'{"id": "a", "name": "n", "extra": [1, 1E+999]}',
    b'{"id": "a", "name": "n", "extra": {"x":\n\t-2.5e-999}}',
    b'{"id": "a", "name": "n", "extra": [1,-123456789012345678901234]}',
    b'{"id": "a", "name": "n", "deployed_version": {"number":\r\n 99999999999999999999}}',
    # deep nesting, in a known field and in an unknown one
    b'{"id": "a", "name": "n", "extra": ' + b"[" * 1100 + b"]" * 1100 + b"}",
    b'{"id": "a", "name": "n", "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"id": "a", "name": "n", "supported_triggers": ' + b"[" * 2000 + b"]" * 2000 + b"}",
    b'{"id": "a", "name": "n", "extra": ' + b'{"a":' * 999 + b"1" + b"}" * 999 + b"}",
    # surrogates and escapes
    b'{"id": "\\ud800", "name": "n"}',
    b'{"id": "\\udc00\\ud800", "name": "n"}',
    b'{"id": "a\\u0000b", "name": "n\\u00e9"}',
    b'{"id": "\xed\xa0\x80", "name": "n"}',
    b'{"id": "\xff", "name": "n"}',
    b'{"id": "a", "name": "n", "created_at": "2026-03-02T11:00:0\\u0030"}',
    # not JSON, or not an object
    b"",
    b"null",
    b"[]",
    b'"action"',
    b"\xef\xbb\xbf{}",
    b'{"id": "a", "name": "n"} trailing',
    b'{"id": "a", "name": NaN}',
    b'{"id": "a", "id": "b", "name": "n"}',
    b'{"id": "a", "name": "n",}',
    b"<html>502 Bad Gateway</html>",
]


@pytest.mark.parametrize("content", HOSTILE)
@pytest.mark.parametrize("bounded", [True, False])
def test_hostile_answers_decode_or_fail_the_same_both_ways(
    content: bytes, bounded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bounded=False: as on Python 3.12+, where msgspec may nest deeper than orjson's 1,024 levels.
    monkeypatch.setattr(_converters, "_DEPTH_BOUNDED_BY_RECURSION", bounded)
    _compare(content)


def test_a_list_page_takes_the_fast_path_where_depth_is_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = json.dumps({"actions": [_ACTION] * 60, "total": 60}).encode()
    envelope = CLASSES["_ActionList"]
    converter = auth0_provider.AUTH0_CONVERTER
    monkeypatch.setattr(_converters, "_DEPTH_BOUNDED_BY_RECURSION", True)
    assert native_decode(converter, page, envelope) is not None
    monkeypatch.setattr(_converters, "_DEPTH_BOUNDED_BY_RECURSION", False)
    assert native_decode(converter, page, envelope) is None  # 1,000+ brackets: strict
    _compare(page)


def test_ids_that_look_like_numbers_keep_the_fast_path() -> None:
    # The exponent guard wants a number's end after the digits, so hex ids keep the fast path.
    content = _with(id="5b4e731f-0b6f-4c43-9e38-1f0d5c1a6b01", name="e2e-123-test")
    decoded = native_decode(auth0_provider.AUTH0_CONVERTER, content, Action)
    assert decoded is not None
    assert decoded.id == "5b4e731f-0b6f-4c43-9e38-1f0d5c1a6b01"
    _compare(content)


def test_a_converter_with_wire_renames_keeps_the_strict_path() -> None:
    # msgspec cannot rename attrs fields, so camelCase vendors (ZITADEL) never take it.
    content = b'{"id": "a", "name": "n"}'
    assert native_decode(ZITADEL_CONVERTER, content, Action) is None
    assert native_decode(make_converter(to_camel), content, Action) is None
    assert native_decode(make_converter(fast_path=False), content, Action) is None
    assert native_decode(make_converter(native=False), content, Action) is None
    assert native_decode(make_converter(), content, Action) == Action(id="a", name="n")


def test_without_msgspec_every_body_takes_the_strict_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_converters, "_MSGSPEC", [None])
    content = (FIXTURES / "auth0" / "recorded" / "action_built_deployed.json").read_bytes()
    assert native_decode(auth0_provider.AUTH0_CONVERTER, content, Action) is None
    assert CLASSES  # the provider's envelope classes are attrs classes the fast path may take


def test_msgspec_is_imported_only_by_the_first_fast_decode() -> None:
    # Importing msgspec costs milliseconds; a provider import must not pay it.
    script = (
        "import sys\n"
        "from actions_sdk.providers.auth0 import provider\n"
        "assert 'msgspec' not in sys.modules\n"
        "from actions_sdk.providers.auth0.models import Action\n"
        'body = b\'{"id": "a", "name": "n"}\'\n'
        "assert provider.native_decode(provider.AUTH0_CONVERTER, body, Action) is not None\n"
        "assert 'msgspec' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
