"""ZITADEL Actions v2 targets on the wire: CreateTarget, GetTarget, ListTargets, UpdateTarget,
DeleteTarget (reference §3, §4.1–4.6, §4.10), each request and the decoding of its answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import (
    DecodeError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.providers._base import ListActionsRequest
from actions_sdk.providers.zitadel.models_v2 import PayloadType, TargetType, ZitadelTarget
from tests.providers.zitadel_v2.v2_helpers import (
    SIGNING_KEY,
    create_request,
    provider,
    run,
    target_json,
    targets_page,
    update_request,
)

NEW = {"endpoint": "https://hooks.example.com/ip", "target_type": "call", "timeout": 5}


# -- GetTarget ------------------------------------------------------------------------------------


def test_get_target_request_and_decoding():
    outcome = run(provider().get_action("t1"), {"target": target_json(interrupt=True)})

    (op,) = outcome.ops
    assert (op.method, op.path, op.params, op.json) == ("GET", "/v2/actions/targets/t1", {}, None)
    assert op.headers == {}  # instance-wide: no x-zitadel-orgid
    target = outcome.result
    assert isinstance(target, ZitadelTarget)
    assert target.id == "t1"
    assert target.name == "ip-check"
    assert target.target_type == TargetType.CALL
    assert target.interrupt_on_error is True
    assert target.timeout == timedelta(seconds=5)
    assert target.endpoint == "https://hooks.example.com/ip"
    assert target.payload_type == PayloadType.JSON  # absent: the server treats it as JSON
    assert target.signing_key == SIGNING_KEY
    assert target.creation_date == datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("restWebhook", TargetType.WEBHOOK),
        ("restCall", TargetType.CALL),
        ("restAsync", TargetType.ASYNC),
    ],
)
def test_the_target_type_oneof_is_read(kind, expected):
    body = target_json(kind=kind, payload_type="PAYLOAD_TYPE_JWE")
    target = run(provider().get_action("t1"), {"target": body}).result
    assert target.target_type == expected
    assert target.interrupt_on_error is False
    assert target.payload_type == PayloadType.JWE


def test_a_target_without_a_type_is_a_decode_error():
    body = target_json()
    del body["restCall"]
    with pytest.raises(DecodeError, match="restWebhook, restCall, restAsync"):
        run(provider().get_action("t1"), {"target": body})


@pytest.mark.parametrize(
    "junk", [[], "text", {}, {"target": None}, {"target": "x"}, {"target": {"name": "no id"}}]
)
def test_junk_get_answers_are_decode_errors(junk):
    with pytest.raises(DecodeError):
        run(provider().get_action("t1"), junk)


@pytest.mark.parametrize("hostile", ["a/../b", "..", "x?y#z"])
def test_target_ids_stay_one_path_segment(hostile):
    from urllib.parse import quote

    if hostile == "..":
        with pytest.raises(ValidationError):
            provider().get_action(hostile)
        return
    op = next(provider().get_action(hostile))
    assert op.path == "/v2/actions/targets/" + quote(hostile, safe="")


def test_v2_ids_are_at_most_200_characters():
    # Reference §5: every id in a v2 request is 1-200 characters; a longer one fails here.
    longest = "9" * 200
    assert next(provider().get_action(longest)).path == f"/v2/actions/targets/{longest}"
    for plan in (
        lambda: provider().get_action(longest + "9"),
        lambda: provider().delete_action(longest + "9", force=False),
        lambda: provider().update_action(longest + "9", update_request(timeout=5)),
        lambda: provider().list_public_keys(longest + "9", UNSET),
        lambda: provider().remove_public_key("t1", longest + "9"),
    ):
        with pytest.raises(ValidationError, match="at most 200 characters, got 201"):
            next(plan())
    with pytest.raises(ValidationError, match="ids\\[1\\]"):
        provider().list_actions(ListActionsRequest(ids=["t1", longest + "9"]))


def test_a_server_sent_id_over_200_characters_is_a_decode_error():
    with pytest.raises(DecodeError, match="unusable id"):
        run(provider().create_action(create_request(**NEW)), {"id": "9" * 201})


# -- secrets ------------------------------------------------------------------------------------


def test_the_signing_key_is_in_no_repr_or_export():
    target = run(provider().get_action("t1"), {"target": target_json()}).result
    for text in (repr(target), str(target.to_dict()), target.to_json(), target._repr_html_()):
        assert SIGNING_KEY not in text
    assert "signing_key" not in target.to_dict()
    assert target.signing_key == SIGNING_KEY  # readable on purpose


def test_the_provider_repr_shows_no_token():
    assert "pat-secret-value" not in repr(provider())


# -- ListTargets ----------------------------------------------------------------------------------


def test_list_targets_request_and_decoding():
    fetch = provider().list_actions(ListActionsRequest(action_name="ip-check"))
    outcome = run(fetch(None), targets_page(target_json()))

    (op,) = outcome.ops
    assert (op.method, op.path) == ("POST", "/v2/actions/targets/search")
    assert op.json == {
        "pagination": {"offset": "0", "limit": 1000, "asc": True},
        "filters": [
            {
                "targetNameFilter": {
                    "targetName": "ip-check",
                    "method": "TEXT_FILTER_METHOD_EQUALS",
                }
            }
        ],
    }
    page = outcome.result
    assert [t.id for t in page.items] == ["t1"]
    assert page.total == 1
    assert page.next_start is None


def test_list_targets_pages_by_offset_until_total_result():
    fetch = provider().list_actions(ListActionsRequest(per_page=2))
    first = run(fetch(None), targets_page(target_json("a"), target_json("b"), total=3)).result
    assert first.next_start == 2
    outcome = run(fetch(2), targets_page(target_json("c"), total=3))
    assert outcome.ops[0].json["pagination"] == {"offset": "2", "limit": 2, "asc": True}
    assert [t.id for t in outcome.result.items] == ["c"]
    assert outcome.result.next_start is None


def test_a_target_repeated_by_a_shifted_page_is_listed_once():
    fetch = provider().list_actions(ListActionsRequest(per_page=2))
    run(fetch(None), targets_page(target_json("a"), target_json("b"), total=4))
    second = run(fetch(2), targets_page(target_json("b"), target_json("c"), total=4)).result
    assert [t.id for t in second.items] == ["c"]


def test_an_empty_listing_has_no_targets_key():
    page = run(provider().list_actions(ListActionsRequest())(None), {}).result
    assert page.items == ()
    assert page.next_start is None


@pytest.mark.parametrize(
    ("option", "value"), [("trigger_id", "x"), ("state", "x"), ("deployed", True)]
)
def test_list_filters_v2_lacks_are_refused(option, value):
    with pytest.raises(UnsupportedOperationError):
        provider().list_actions(ListActionsRequest(**{option: value}))


@pytest.mark.parametrize("per_page", [0, 1001, True, "10"])
def test_bad_page_sizes_are_refused(per_page):
    with pytest.raises(ValidationError):
        provider().list_actions(ListActionsRequest(per_page=per_page))


# -- CreateTarget ---------------------------------------------------------------------------------


def test_create_target_request_then_reads_it_back():
    request = create_request(**NEW, interrupt_on_error=True, payload_type="json")
    outcome = run(
        provider().create_action(request),
        {"id": "t9", "creationDate": "2026-01-02T03:04:05Z", "signingKey": SIGNING_KEY},
        {"target": target_json("t9", interrupt=True, payload_type="PAYLOAD_TYPE_JSON")},
    )

    create, get = outcome.ops
    assert (create.method, create.path) == ("POST", "/v2/actions/targets")
    assert create.json == {
        "name": "ip-check",
        "restCall": {"interruptOnError": True},
        "timeout": "5s",
        "endpoint": "https://hooks.example.com/ip",
        "payloadType": "PAYLOAD_TYPE_JSON",
    }
    assert create.idempotent is False  # a repeat would get 409: never resent blindly
    assert (get.method, get.path) == ("GET", "/v2/actions/targets/t9")
    assert outcome.result.id == "t9"


@pytest.mark.parametrize(
    ("kind", "wire"),
    [("webhook", {"restWebhook": {}}), ("async", {"restAsync": {}}), ("call", {"restCall": {}})],
)
def test_create_sends_the_target_type_oneof(kind, wire):
    request = create_request(**{**NEW, "target_type": kind, "timeout": timedelta(seconds=1.5)})
    op = next(provider().create_action(request))
    assert {k: v for k, v in op.json.items() if k.startswith("rest")} == wire
    assert op.json["timeout"] == "1.5s"
    assert "payloadType" not in op.json


def test_the_server_id_of_a_create_must_be_a_usable_segment():
    plan = provider().create_action(create_request(**NEW))
    next(plan)
    with pytest.raises(DecodeError):
        plan.send("..")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"target_type": "call", "timeout": 5}, "endpoint"),
        ({"endpoint": "https://h.example", "target_type": "call"}, "timeout"),
        ({"endpoint": "https://h.example", "timeout": 5}, "target_type"),
        ({**NEW, "timeout": 0}, "timeout"),
        ({**NEW, "timeout": 271}, "timeout"),
        ({**NEW, "endpoint": "ftp://h.example"}, "endpoint"),
        ({**NEW, "endpoint": "h.example/path"}, "endpoint"),
        ({**NEW, "endpoint": "https://h.example/" + "x" * 2048}, "endpoint"),
        ({**NEW, "target_type": "TARGET_TYPE_WEBHOOK"}, "target_type"),
        ({**NEW, "payload_type": "xml"}, "payload_type"),
        ({**NEW, "target_type": "async", "interrupt_on_error": True}, "interrupt_on_error"),
        ({**NEW, "interrupt_on_error": "yes"}, "interrupt_on_error"),
    ],
)
def test_invalid_creates_fail_before_sending(options, field):
    with pytest.raises(ValidationError) as caught:
        provider().create_action(create_request(**options))
    assert caught.value.field == field


def test_a_name_over_1000_characters_is_refused():
    with pytest.raises(ValidationError):
        provider().create_action(create_request("n" * 1001, **NEW))


@pytest.mark.parametrize("option", ["code", "allowed_to_fail", "secrets", "supported_triggers"])
def test_v1_and_auth0_options_are_refused_on_v2(option):
    with pytest.raises(UnsupportedOperationError):
        provider().create_action(create_request(**NEW, **{option: "x"}))


# -- UpdateTarget ---------------------------------------------------------------------------------


def test_update_sends_only_the_changed_fields_and_reads_back():
    current = {"target": target_json(kind="restWebhook")}
    outcome = run(
        provider().update_action("t1", update_request(timeout=10, endpoint=NEW["endpoint"])),
        current,
        {"changeDate": "2026-01-03T00:00:00Z"},
        {"target": target_json(kind="restWebhook", timeout="10s")},
    )
    get, update, reread = outcome.ops
    assert (get.method, get.path) == ("GET", "/v2/actions/targets/t1")
    assert (update.method, update.path) == ("POST", "/v2/actions/targets/t1")
    assert update.json == {"timeout": "10s"}  # the endpoint did not change
    assert update.idempotent is True
    assert reread.path == "/v2/actions/targets/t1"
    assert outcome.result.timeout == timedelta(seconds=10)


def test_a_no_op_update_sends_nothing():
    current = {"target": target_json()}
    outcome = run(
        provider().update_action("t1", update_request(name="ip-check", timeout=5)), current
    )
    assert len(outcome.ops) == 1
    assert outcome.result.id == "t1"


def test_interrupt_on_error_alone_keeps_the_stored_type():
    outcome = run(
        provider().update_action("t1", update_request(interrupt_on_error=True)),
        {"target": target_json(kind="restCall")},
        {},
        {"target": target_json(kind="restCall", interrupt=True)},
    )
    assert outcome.ops[1].json == {"restCall": {"interruptOnError": True}}


def test_switching_to_async_drops_interrupt_on_error():
    outcome = run(
        provider().update_action("t1", update_request(target_type=TargetType.ASYNC)),
        {"target": target_json(kind="restCall", interrupt=True)},
        {},
        {"target": target_json(kind="restAsync")},
    )
    assert outcome.ops[1].json == {"restAsync": {}}


def test_update_checks_values_before_sending():
    with pytest.raises(ValidationError):
        provider().update_action("t1", update_request(timeout=-1))
    with pytest.raises(ValidationError):
        provider().update_action("..", update_request(timeout=1))


# -- DeleteTarget ---------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [{"deletionDate": "2026-01-02T00:00:00Z"}, {}])
def test_delete_target_request_and_its_answers(answer):
    # A missing target answers 200 without a deletionDate: deleting twice is fine.
    outcome = run(provider().delete_action("t1", force=False), answer)
    (op,) = outcome.ops
    assert (op.method, op.path, op.json) == ("DELETE", "/v2/actions/targets/t1", None)
    assert op.idempotent is True
    assert outcome.result is None


def test_v2_has_no_action_state_or_deploy():
    for call in (
        lambda p: p.deactivate_action("t1"),
        lambda p: p.reactivate_action("t1"),
        lambda p: p.deploy_action("t1"),
        lambda p: p.list_versions("t1", UNSET),
    ):
        with pytest.raises(UnsupportedOperationError):
            call(provider())


# -- ListTargets: ids and sorting -----------------------------------------------------------------


def test_list_by_ids_sorted_descending_by_name():
    request = ListActionsRequest(ids=["t2", "t1"], sort_by="-name", per_page=10)
    op = next(provider().list_actions(request)(None))
    assert op.json == {
        "pagination": {"offset": "0", "limit": 10, "asc": False},
        "sortingColumn": "TARGET_FIELD_NAME_NAME",
        "filters": [{"inTargetIdsFilter": {"targetIds": ["t2", "t1"]}}],
    }


@pytest.mark.parametrize(
    ("sort_by", "column"),
    [
        ("creation_date", None),
        ("id", "TARGET_FIELD_NAME_ID"),
        ("endpoint", "TARGET_FIELD_NAME_URL"),
    ],
)
def test_sort_columns(sort_by, column):
    op = next(provider().list_actions(ListActionsRequest(sort_by=sort_by))(None))
    assert op.json.get("sortingColumn") == column
    assert op.json["pagination"]["asc"] is True


@pytest.mark.parametrize(
    ("option", "value"),
    [("sort_by", "colour"), ("sort_by", 3), ("ids", "t1"), ("ids", [""]), ("ids", ["x" * 201])],
)
def test_bad_list_options_fail_before_sending(option, value):
    with pytest.raises(ValidationError):
        provider().list_actions(ListActionsRequest(**{option: value}))


def test_v1_refuses_the_v2_list_options():
    from actions_sdk.providers.zitadel import ZitadelProvider

    for option in ("ids", "sort_by"):
        with pytest.raises(UnsupportedOperationError):
            ZitadelProvider("z.example", token="pat").list_actions(
                ListActionsRequest(**{option: ["x"]})
            )
