"""Response bodies parse the same with orjson (the ``fast`` extra) and with the standard library."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from actions_sdk.errors import DecodeError
from actions_sdk.providers import _converters
from actions_sdk.providers._converters import json_body

FIXTURES = sorted((Path(__file__).parent / "fixtures").rglob("*.json"))


@pytest.fixture(params=["installed", "stdlib"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "stdlib":
        monkeypatch.setattr(_converters, "_loads", json.loads)
    return request.param


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_parses_like_json_loads(parser: str, path: Path):
    raw = path.read_bytes()
    assert json_body(httpx.Response(200, content=raw)) == json.loads(raw)


@pytest.mark.parametrize("body", [b"<html>proxy error</html>", b"", b"\xff\xfe{", b'{"a": 1'])
def test_a_body_that_is_not_json_is_a_decode_error(parser: str, body: bytes):
    response = httpx.Response(502, content=body, headers={"content-type": "text/html"})
    expected = "expected a JSON body from HTTP 502, got text/html"
    with pytest.raises(DecodeError, match=expected) as info:
        json_body(response)
    assert info.value.response is response


def test_the_fast_parser_is_used_when_installed():
    import orjson  # part of the dev extra, so the fast path is always what this suite exercises

    assert _converters._loads is orjson.loads
