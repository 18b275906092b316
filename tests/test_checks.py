"""The one set of argument checks (actions_sdk/_checks.py), tested on its own."""

from __future__ import annotations

import json
from typing import Any

import pytest

from actions_sdk import _checks
from actions_sdk._checks import (
    MAX_ID_LENGTH,
    MAX_JSON_DEPTH,
    MAX_QUERY_LENGTH,
    check_bool,
    check_count,
    check_credential,
    check_header_value,
    check_headers,
    check_json,
    check_query_value,
    check_seconds,
    check_sequence,
    check_text,
    encode_json,
    excerpt,
    header_number,
    lifetime_seconds,
    path_segment,
    secret_type_error,
)
from actions_sdk.errors import DecodeError, ValidationError

# -- excerpt and secret_type_error ------------------------------------------------------------


def test_excerpt_shows_short_values_whole():
    assert excerpt("post-logn") == "'post-logn'"
    assert excerpt(5) == "5"


def test_excerpt_cuts_long_strings_and_says_how_long():
    text = excerpt("a" * 70_000)
    assert len(text) < 80
    assert text.endswith("(70000 characters)")


def test_excerpt_cuts_long_reprs_without_a_length():
    assert excerpt(list(range(1000))).endswith("…")


def test_excerpt_survives_a_hostile_repr():
    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    assert excerpt(Hostile()) == "a Hostile too large or odd to show"


def test_excerpt_survives_an_int_too_long_to_print():
    assert excerpt(10**5000) == "an int too large or odd to show"


def test_secret_type_error_names_the_type_only():
    error = secret_type_error("token", b"tok-SECRET")
    assert error.field == "token"
    assert "bytes" in str(error)
    assert "SECRET" not in str(error)


# -- path_segment -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "encoded"),
    [("a1", "a1"), ("a/b", "a%2Fb"), ("a/../b", "a%2F..%2Fb"), ("...", "..."), ("é", "%C3%A9")],
)
def test_path_segment_percent_encodes_everything_but_unreserved(value: str, encoded: str):
    assert path_segment(value) == encoded


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "must not be empty"),
        (".", "must not be '.'"),
        ("..", "must not be '..'"),
        ("a" * (MAX_ID_LENGTH + 1), f"at most {MAX_ID_LENGTH}"),
        ("a\ud800", "lone surrogate"),
        (5, "must be a string, got int"),
        (None, "must be a string, got NoneType"),
    ],
)
def test_path_segment_refuses_ids_that_would_leave_their_segment(value: Any, problem: str):
    with pytest.raises(ValidationError, match=problem) as caught:
        path_segment(value, "action_id")
    assert caught.value.field == "action_id"
    with pytest.raises(DecodeError, match=problem) as decode:
        path_segment(value, "id", source="server")
    assert decode.value.field == "id"
    assert "the server sent an unusable id" in str(decode.value)


def test_path_segment_accepts_the_longest_id():
    assert path_segment("a" * MAX_ID_LENGTH) == "a" * MAX_ID_LENGTH


def test_path_segment_takes_a_vendors_tighter_limit():
    assert path_segment("a" * 200, max_length=200) == "a" * 200
    with pytest.raises(ValidationError, match="at most 200 characters, got 201"):
        path_segment("a" * 201, "target_id", max_length=200)
    with pytest.raises(DecodeError, match="at most 200 characters, got 201"):
        path_segment("a" * 201, "id", source="server", max_length=200)


# -- scalar checks ----------------------------------------------------------------------------


def test_check_text():
    assert check_text("x", "name") == "x"
    assert check_text("", "code", allow_empty=True) == ""
    assert check_text("  ", "code", strip_blank=False) == "  "
    for bad, problem in [(5, "must be a string"), ("", "must not be empty"), ("  ", "white")]:
        with pytest.raises(ValidationError, match=problem):
            check_text(bad, "name")
    with pytest.raises(ValidationError, match="at most 3"):
        check_text("abcd", "name", max_length=3)


def test_check_count_takes_ints_from_one_to_the_maximum():
    assert check_count(1, "per_page", maximum=5) == 1
    assert check_count(5, "per_page", maximum=5) == 5
    for bad in (0, 6, -1, True, 2.0, "3", None, 10**400):
        with pytest.raises(
            ValidationError, match="per_page must be an integer from 1 to 5"
        ) as info:
            check_count(bad, "per_page", maximum=5)
        assert info.value.field == "per_page"


def test_check_bool_refuses_ints_and_strings():
    assert check_bool(False, "force") is False
    for bad in (0, 1, "true", None):
        with pytest.raises(ValidationError, match="must be a bool"):
            check_bool(bad, "force")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (10**400, "at most"),
        (-(10**400), "more than 0"),
        (1e308, "at most"),
        (float("inf"), "finite"),
        (float("nan"), "finite"),
        (True, "number of seconds"),
        ("5", "number of seconds"),
        (0, "more than 0"),
        (-1, "more than 0"),
    ],
    ids=["huge-int", "huge-negative", "1e308", "inf", "nan", "bool", "str", "zero", "negative"],
)
def test_check_seconds_refuses_without_overflowing(value: Any, problem: str):
    with pytest.raises(ValidationError, match=problem):
        check_seconds(value, "timeout")


def test_check_seconds_bounds():
    assert check_seconds(5, "timeout") == 5.0
    assert check_seconds(0, "timeout", allow_zero=True) == 0.0
    assert check_seconds(20, "timeout", maximum=20) == 20.0
    with pytest.raises(ValidationError, match="at most 20"):
        check_seconds(20.5, "timeout", maximum=20)


def test_check_sequence():
    assert check_sequence([1], "items") == [1]
    assert check_sequence((1,), "items") == (1,)
    for bad in ("post-login", b"x", {"a": 1}, 5):
        with pytest.raises(ValidationError, match="must be a list"):
            check_sequence(bad, "items")


# -- credentials and headers ------------------------------------------------------------------


def test_check_credential_accepts_plain_tokens():
    assert check_credential("eyJ.abc-_~+/=", "token", header=True) == "eyJ.abc-_~+/="
    assert check_credential("sécret", "client_secret") == "sécret"


@pytest.mark.parametrize(
    ("value", "header"),
    [
        (b"SECRET", False),
        (["SECRET"], False),
        ("", False),
        (None, False),
        ("SECRET\ud800", False),
        ("SÉCRET", True),
        ("SECRET\r\n", True),
        ("SECRET x", True),
        ("SECRET\x00", True),
    ],
)
def test_check_credential_never_echoes_the_value(value: Any, header: bool):
    with pytest.raises(ValidationError) as caught:
        check_credential(value, "token", header=header)
    assert caught.value.field == "token"
    assert "SECRET" not in str(caught.value)
    assert "SECRET" not in repr(caught.value)


def test_check_header_value():
    assert check_header_value("123456789", "org_id") == "123456789"
    for bad in ("", "örg", "a\r\nb", "a b", 5, "a" * (MAX_ID_LENGTH + 1)):
        with pytest.raises(ValidationError) as caught:
            check_header_value(bad, "org_id")
        assert caught.value.field == "org_id"


def test_check_query_value():
    assert check_query_value("my action", "action_name") == "my action"
    assert check_query_value("a" * MAX_QUERY_LENGTH, "action_name")
    for bad in ("", 5, "a" * (MAX_QUERY_LENGTH + 1), "a\udfff"):
        with pytest.raises(ValidationError):
            check_query_value(bad, "action_name")


# -- JSON bodies ------------------------------------------------------------------------------


def test_check_json_accepts_json_values():
    body = {"a": [1, 2.5, True, None, "é", ("t",)], "b": {"c": {}}}
    check_json(body)
    assert json.loads(encode_json(body)) == {
        "a": [1, 2.5, True, None, "é", ["t"]],
        "b": {"c": {}},
    }


def test_the_same_value_twice_is_not_a_cycle():
    shared = {"x": 1}
    check_json({"a": shared, "b": [shared, shared]})


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        ({"a": b"x"}, "a", "bytes is not a JSON type"),
        ({"a": [0, float("nan")]}, "a[1]", "finite"),
        ({"a": {2: "x"}}, "a", "key that is a int"),
        ({"a": {"\ud800": 1}}, "a", "key that is not valid Unicode"),
        ({"a": "\ud800"}, "a", "lone surrogate"),
        (b"raw", "body", "bytes"),
    ],
)
def test_check_json_names_the_path_and_type_never_the_value(body: Any, field: str, problem: str):
    with pytest.raises(ValidationError, match=problem) as caught:
        check_json(body)
    assert caught.value.field == field
    with pytest.raises(ValidationError) as encoded:
        encode_json(body)
    assert encoded.value.field == field


def test_check_json_prefixes_a_named_body():
    with pytest.raises(ValidationError) as caught:
        check_json({"x": b"v"}, "payload")
    assert caught.value.field == "payload.x"


def test_check_json_refuses_cycles():
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValidationError, match="circular") as caught:
        check_json({"a": loop})
    assert caught.value.field == "a[0]"


def test_check_json_bounds_the_depth():
    deep: Any = []
    for _ in range(MAX_JSON_DEPTH):
        deep = [deep]
    with pytest.raises(ValidationError, match=f"deeper than {MAX_JSON_DEPTH}"):
        check_json(deep)
    check_json(deep[0])


def test_encode_json_is_compact_utf8():
    assert encode_json({"a": "é", "b": [1]}) == '{"a":"é","b":[1]}'.encode()


def test_encode_json_reports_a_failure_the_walk_cannot_explain(monkeypatch: pytest.MonkeyPatch):
    # A body the walk accepts but json.dumps refuses (here simulated) is still a ValidationError.
    monkeypatch.setattr(_checks.json, "dumps", lambda *a, **k: (_ for _ in ()).throw(TypeError()))
    with pytest.raises(ValidationError, match="cannot be sent as JSON") as caught:
        encode_json({"a": 1})
    assert caught.value.field == "body"


# -- header numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "number"),
    [("10", 10.0), (" 2.5 ", 2.5), ("0", 0.0), ("1.5e9", 1.5e9), (None, None)],
)
def test_header_number_reads_finite_non_negative_numbers(raw: str | None, number: float | None):
    assert header_number(raw) == number


@pytest.mark.parametrize("raw", ["inf", "-inf", "nan", "1e309", "-1", "", "soon", "9" * 65])
def test_header_number_ignores_everything_else(raw: str):
    assert header_number(raw) is None


def test_check_headers():
    assert check_headers(None) == {}
    assert check_headers({"X-Team": "a b\tc"}) == {"X-Team": "a b\tc"}
    for bad in (
        {"x": "ö"},
        {"x": "a\r\nb"},
        {"x y": "v"},
        {"ö": "v"},
        {5: "v"},
        {"x": 5},
        [("a", "b")],
    ):
        with pytest.raises(ValidationError) as caught:
            check_headers(bad)
        assert caught.value.field == "headers"


def test_check_headers_never_shows_a_value():
    with pytest.raises(ValidationError) as caught:
        check_headers({"x-api-key": "key-SECRET\n"})
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(3600, 3600.0), (1.5, 1.5), ("86400", 86400.0), (0, 0.0)],
)
def test_lifetime_seconds_reads_plausible_lifetimes(value: Any, seconds: float):
    assert lifetime_seconds(value) == seconds


@pytest.mark.parametrize(
    "value",
    [10**400, float("inf"), float("nan"), -1, True, None, "soon", "inf", [3600], 10**9],
    ids=["huge", "inf", "nan", "negative", "bool", "none", "text", "inf-text", "list", "30-years"],
)
def test_lifetime_seconds_ignores_everything_else(value: Any):
    assert lifetime_seconds(value) is None
