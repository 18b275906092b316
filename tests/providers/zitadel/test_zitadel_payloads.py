"""parse_payload and the answer helpers: what ZITADEL v2 posts to targets (reference §9).

The bodies are written the way ZITADEL's Go structs serialise them (``encoding/json`` tags:
``fullMethod``/``instanceID`` for method calls, snake_case for functions and events, the event's
data as base64 of its JSON).
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest

from actions_sdk.errors import DecodeError, ValidationError
from actions_sdk.providers.zitadel.payloads import (
    EventPayload,
    FunctionOrg,
    FunctionPayload,
    RequestPayload,
    ResponsePayload,
    SamlAttribute,
)
from actions_sdk.providers.zitadel.webhooks import forward_error, function_answer, parse_payload
from actions_sdk.webhooks import zitadel as public_path

ADD_HUMAN_USER = "/zitadel.user.v2.UserService/AddHumanUser"
REQUEST = {
    "fullMethod": ADD_HUMAN_USER,
    "instanceID": "281474976710656",
    "orgID": "281474976710657",
    "projectID": "281474976710658",
    "userID": "281474976710659",
    "request": {"username": "minnie", "password": {"password": "S3CRET-password"}},
}
RESPONSE = {**REQUEST, "response": {"userId": "281474976710660", "details": {"sequence": "7"}}}
FUNCTION = {
    "function": "preaccesstoken",
    "userinfo": {"sub": "281474976710659", "email": "minnie@example.com"},
    "user": {"id": "281474976710659", "username": "minnie"},
    "user_metadata": [{"key": "tier", "value": "Z29sZA=="}],
    "org": {"id": "281474976710657", "name": "ACME", "primary_domain": "acme.example"},
    "user_grants": [{"projectId": "281474976710658", "roles": ["admin"]}],
}
EVENT_DATA = {"userName": "minnie", "email": {"email": "minnie@example.com"}}
EVENT = {
    "aggregateID": "281474976710659",
    "aggregateType": "user",
    "resourceOwner": "281474976710657",
    "instanceID": "281474976710656",
    "version": "v2",
    "sequence": 12,
    "event_type": "user.human.added",
    "created_at": "2026-11-30T09:15:02.123456789Z",
    "userID": "281474976710661",
    "event_payload": base64.b64encode(json.dumps(EVENT_DATA).encode()).decode(),
}


def test_the_public_path_re_exports_the_same_objects() -> None:
    for name in public_path.__all__:
        assert getattr(public_path, name) is not None
    assert public_path.parse_payload is parse_payload
    assert public_path.RequestPayload is RequestPayload


def test_request_payload() -> None:
    payload = parse_payload(json.dumps(REQUEST).encode())
    assert payload == RequestPayload(
        full_method=ADD_HUMAN_USER,
        instance_id="281474976710656",
        org_id="281474976710657",
        project_id="281474976710658",
        user_id="281474976710659",
        request=REQUEST["request"],  # type: ignore[arg-type]
    )
    assert (payload.service, payload.method) == ("zitadel.user.v2.UserService", "AddHumanUser")


def test_response_payload_keeps_both_messages() -> None:
    payload = parse_payload(json.dumps(RESPONSE), expect=ResponsePayload)
    assert type(payload) is ResponsePayload
    assert payload.request == REQUEST["request"]
    assert payload.response == {"userId": "281474976710660", "details": {"sequence": "7"}}
    assert payload.method == "AddHumanUser"


def test_an_empty_response_message_is_still_a_response() -> None:
    payload = parse_payload({"fullMethod": "/x.v2.S/M", "response": {}})
    assert type(payload) is ResponsePayload
    assert payload.request == {}


def test_function_payload() -> None:
    payload = parse_payload(json.dumps(FUNCTION).encode(), expect=FunctionPayload)
    assert payload.function == "preaccesstoken"
    assert payload.org == FunctionOrg("281474976710657", "ACME", "acme.example")
    assert payload.user == FUNCTION["user"]
    assert payload.userinfo == FUNCTION["userinfo"]
    assert payload.user_metadata == ({"key": "tier", "value": "Z29sZA=="},)
    assert payload.user_grants == ({"projectId": "281474976710658", "roles": ["admin"]},)


def test_saml_function_payload_without_userinfo_or_org() -> None:
    payload = parse_payload({"function": "presamlresponse", "user": {"id": "1"}})
    assert payload == FunctionPayload(function="presamlresponse", user={"id": "1"})


def test_event_payload_decodes_the_event_data() -> None:
    payload = parse_payload(json.dumps(EVENT).encode(), expect=EventPayload)
    assert payload == EventPayload(
        event_type="user.human.added",
        aggregate_id="281474976710659",
        aggregate_type="user",
        resource_owner="281474976710657",
        instance_id="281474976710656",
        version="v2",
        sequence=12,
        created_at=datetime(2026, 11, 30, 9, 15, 2, 123456, tzinfo=UTC),
        user_id="281474976710661",
        event_payload=EVENT_DATA,  # type: ignore[arg-type]
    )


def test_event_without_data_and_data_already_an_object() -> None:
    assert parse_payload({"event_type": "user.locked"}).event_payload is None  # type: ignore[union-attr]
    inline = parse_payload({"event_type": "x", "event_payload": {"a": 1}})
    assert inline.event_payload == {"a": 1}  # type: ignore[union-attr]


def test_unknown_fields_are_tolerated() -> None:
    body = {**REQUEST, "newField": {"deep": [1]}, "traceID": "abc"}
    assert parse_payload(body) == parse_payload(REQUEST)


def test_raw_messages_stay_out_of_reprs_and_exports() -> None:
    # AddHumanUser carries the new user's password; the user objects hold personal data.
    for payload in (parse_payload(RESPONSE), parse_payload(FUNCTION), parse_payload(EVENT)):
        for text in (repr(payload), str(payload.to_dict()), payload.to_json()):
            assert "S3CRET" not in text
            assert "minnie" not in text
    assert "AddHumanUser" in repr(parse_payload(REQUEST))


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[" * 100_000, "not JSON"),
        (b'{"fullMethod": 1' + b"0" * 5000 + b"}", "not JSON"),
        (b"[]", "JSON object, got a JSON list"),
        (b'"text"', "JSON object, got a JSON str"),
    ],
)
def test_junk_is_a_decode_error(body: bytes, problem: str) -> None:
    with pytest.raises(DecodeError, match=problem) as caught:
        parse_payload(body)
    assert caught.value.field is None


@pytest.mark.parametrize("body", [b"{}", b'{"request": {}}', b'{"userID": "1", "orgID": "2"}'])
def test_a_payload_of_no_known_kind_is_a_decode_error(body: bytes) -> None:
    with pytest.raises(DecodeError, match="none of ZITADEL's"):
        parse_payload(body)


BAD_FIELDS: dict[str, list[tuple[dict[str, Any], str]]] = {
    "full_method": [({"fullMethod": 5}, "expected a string")],
    "request": [({"fullMethod": "/a/b", "request": []}, "cannot decode")],
    "response": [({"fullMethod": "/a/b", "response": "x"}, "cannot decode")],
    "function": [({"function": None}, "cannot decode")],
    "org": [({"function": "f", "org": "acme"}, "JSON object")],
    "org.id": [({"function": "f", "org": {"id": 7}}, "expected a string")],
    "user_grants": [({"function": "f", "user_grants": {}}, "cannot decode")],
    "sequence": [({"event_type": "e", "sequence": True}, "integer")],
    "created_at": [({"event_type": "e", "created_at": "yesterday"}, "cannot decode")],
    "event_payload": [
        ({"event_type": "e", "event_payload": data}, problem)
        for data, problem in [
            ("%%%", "base64"),
            ("WzFd", "JSON list"),  # base64 of [1]
            ("e30", "base64"),  # base64 of {} without its padding
            (5, "base64"),
        ]
    ],
}


@pytest.mark.parametrize(
    ("body", "problem", "field"),
    [(body, problem, field) for field, cases in BAD_FIELDS.items() for body, problem in cases],
)
def test_a_field_of_the_wrong_type_is_named(body: dict[str, Any], problem: str, field: str) -> None:
    with pytest.raises(DecodeError, match=problem) as caught:
        parse_payload(json.dumps(body).encode())
    assert caught.value.field == field


def test_expect_refuses_another_kind() -> None:
    with pytest.raises(DecodeError, match="expected a request payload, got a response payload"):
        parse_payload(RESPONSE, expect=RequestPayload)
    with pytest.raises(DecodeError, match="expected an event payload, got a function payload"):
        parse_payload(FUNCTION, expect=EventPayload)


@pytest.mark.parametrize(("body", "expect"), [(5, None), (None, None), (REQUEST, dict)])
def test_wrong_arguments(body: Any, expect: Any) -> None:
    with pytest.raises(ValidationError):
        parse_payload(body) if expect is None else parse_payload(body, expect=expect)


def test_function_answer_for_tokens() -> None:
    answer = function_answer(
        append_claims={"tier": "gold", "limits": {"daily": 10, "flags": [True, None]}},
        set_user_metadata={"seen": b"\x00\x01", "note": "héllo"},
        append_log_claims=["added tier"],
    )
    assert answer == {
        "set_user_metadata": [
            {"key": "seen", "value": "AAE="},
            {"key": "note", "value": base64.b64encode("héllo".encode()).decode()},
        ],
        # Claim values are the caller's JSON, untouched (no int-as-text rule of protojson).
        "append_claims": [
            {"key": "tier", "value": "gold"},
            {"key": "limits", "value": {"daily": 10, "flags": [True, None]}},
        ],
        "append_log_claims": ["added tier"],
    }
    assert json.loads(json.dumps(answer)) == answer


def test_function_answer_for_saml_and_the_empty_answer() -> None:
    basic = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
    answer = function_answer(append_attribute=[SamlAttribute("groups", basic, ("a", "b"))])
    assert answer == {
        "append_attribute": [{"name": "groups", "name_format": basic, "value": ["a", "b"]}]
    }
    assert function_answer() == {}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"append_claims": [("a", 1)]}, "append_claims"),
        ({"append_claims": {"": 1}}, "append_claims key"),
        ({"append_claims": {3: 1}}, "append_claims key"),
        ({"append_claims": {"a": float("nan")}}, "append_claims['a']"),
        ({"append_claims": {"a": {1, 2}}}, "append_claims['a']"),
        ({"set_user_metadata": ["k"]}, "set_user_metadata"),
        ({"set_user_metadata": {"k": 5}}, "set_user_metadata['k']"),
        ({"append_log_claims": "one line"}, "append_log_claims"),
        ({"append_log_claims": [1]}, "append_log_claims[0]"),
        ({"append_attribute": [{"name": "n"}]}, "append_attribute[0]"),
        ({"append_attribute": [SamlAttribute("", "", ())]}, "append_attribute[0].name"),
        ({"append_attribute": [SamlAttribute("n", "", "ab")]}, "append_attribute[0].values"),
    ],
)
def test_function_answer_refuses_wrong_values(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        function_answer(**kwargs)
    assert str(caught.value.field).startswith(field)


def test_forward_error() -> None:
    assert forward_error(403, "tier too low") == {
        "forwardedStatusCode": 403,
        "forwardedErrorMessage": "tier too low",
    }
    assert forward_error(499, "")["forwardedStatusCode"] == 499


@pytest.mark.parametrize(
    ("status", "message"), [(399, "x"), (500, "x"), (True, "x"), ("403", "x"), (403, None)]
)
def test_forward_error_refuses_what_zitadel_would_not_forward(status: Any, message: Any) -> None:
    with pytest.raises(ValidationError):
        forward_error(status, message)


@pytest.mark.parametrize(
    ("code", "loaded"),
    [
        # A target that only verifies stays small: the converter is loaded by the first parse.
        (
            "from actions_sdk.webhooks.zitadel import sign_payload, verify_signature\n"
            "verify_signature(b'{}', sign_payload(b'{}', 'k', timestamp=5), 'k', now=5)\n",
            ["actions_sdk.providers.zitadel.payloads"],
        ),
        # The payload models' wire names join the ZITADEL converter on the first parse, so a
        # management client never imports them.
        (
            "from actions_sdk import ManagementClient\n"
            "ManagementClient.for_zitadel('zitadel.example', token='t').actions\n",
            ["cattrs", "httpx"],
        ),
    ],
)
def test_what_a_fresh_interpreter_loads(code: str, loaded: list[str]) -> None:
    modules = ("cattrs", "httpx", "tenacity", "actions_sdk.providers.zitadel.payloads")
    code += f"import sys; print([m for m in {modules!r} if m in sys.modules])\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(loaded)
