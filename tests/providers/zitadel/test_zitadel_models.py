"""ZITADEL models and the ZITADEL converter: protojson in, typed models out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest

from actions_sdk.errors import DecodeError, ValidationError
from actions_sdk.models.zitadel import (
    VALID_TRIGGERS,
    ActionState,
    Flow,
    FlowState,
    FlowType,
    ObjectDetails,
    TriggerType,
    ZitadelAction,
    ZitadelTrigger,
)
from actions_sdk.providers._converters import decode
from actions_sdk.providers.zitadel import ZITADEL_CONVERTER
from tests.providers.zitadel.zitadel_helpers import answer, fixture, flow_json, provider


def get_action(payload):
    return answer(next(provider().get_action("x")), payload)


# -- the seed (GetAction page example) ---------------------------------------------------------


def test_seed_get_action_parses_into_typed_fields():
    action = get_action(fixture("get_action.json"))

    assert action == ZitadelAction(
        id="69629023906488334",
        name="log context",
        code="function log(context, calls){console.log(context)}",
        timeout=timedelta(seconds=10),
        allowed_to_fail=True,
        state=ActionState.UNSPECIFIED,
        details=ObjectDetails(
            sequence=2,
            creation_date=datetime(2023, 5, 12, tzinfo=UTC),
            change_date=datetime(2023, 5, 12, tzinfo=UTC),
            resource_owner="69629023906488334",
        ),
    )
    assert action.script == action.code
    assert type(action.details.sequence) is int
    assert action.allowed_to_fail is True
    assert isinstance(action.state, ActionState)


def test_schema_placeholder_timeout_is_a_decode_error_naming_the_field():
    payload = fixture("get_action.json")
    payload["action"]["timeout"] = "string"  # what the reference page prints

    with pytest.raises(DecodeError, match=r"action\.timeout") as caught:
        get_action(payload)
    assert caught.value.field == "action.timeout"
    assert caught.value.response is not None
    assert "'string'" in str(caught.value)


@pytest.mark.parametrize(
    ("action", "field"),
    [
        # A string where an object belongs: no longer an empty ObjectDetails.
        ({"id": "a1", "details": "69629023906488334"}, "action.details"),
        ({"id": "a1", "details": ["2"]}, "action.details"),
        ({"id": 69629023906488334}, "action.id"),
        ({"id": "a1", "name": 5}, "action.name"),
        ({"id": "a1", "allowedToFail": "true"}, "action.allowed_to_fail"),
        ({"id": "a1", "state": 2}, "action.state"),
        ({"id": "a1", "details": {"sequence": 2.5}}, "action.details.sequence"),
        ({"id": "a1", "details": {"changeDate": 1683849600}}, "action.details.change_date"),
        ({"name": "no id"}, "action.id"),
    ],
)
def test_wrong_json_types_are_decode_errors_naming_the_field(action, field):
    with pytest.raises(DecodeError) as caught:
        get_action({"action": action})
    assert caught.value.field == field
    assert caught.value.response is not None


@pytest.mark.parametrize("payload", [{"action": "69629023906488334"}, {"action": []}, ["x"]])
def test_a_non_object_where_an_object_belongs_is_a_decode_error(payload):
    with pytest.raises(DecodeError, match="expected a JSON object"):
        get_action(payload)


def test_missing_id_reads_missing_required_field():
    with pytest.raises(DecodeError) as caught:
        get_action({"action": {"name": "no id"}})
    assert str(caught.value) == "cannot decode action.id: missing required field"


def test_non_json_success_body_is_a_decode_error():
    with pytest.raises(DecodeError, match="expected a JSON body"):
        get_action("<html>oops</html>")


def test_omitted_zero_values_become_defaults():
    action = get_action({"action": {"id": "a1"}})

    assert action == ZitadelAction(id="a1")
    assert action.timeout == timedelta(0)
    assert action.allowed_to_fail is False
    assert action.state is ActionState.UNSPECIFIED
    assert action.details is None


def test_nanosecond_timestamps_are_truncated_to_microseconds():
    details = decode(
        ZITADEL_CONVERTER,
        {"sequence": "18446744073709551615", "changeDate": "2024-03-01T10:00:00.123456789Z"},
        ObjectDetails,
    )
    assert details.change_date == datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert details.sequence == 2**64 - 1  # uint64 strings keep full precision


def test_unknown_state_is_kept_not_rejected():
    action = get_action({"action": {"id": "a1", "state": "ACTION_STATE_SUSPENDED"}})
    assert action.state == "ACTION_STATE_SUSPENDED"
    assert not action.state.is_known
    assert ActionState.ACTIVE.is_known


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("10s", timedelta(seconds=10)),
        ("1.5s", timedelta(seconds=1.5)),
        ("0s", timedelta(0)),
        ("20s", timedelta(seconds=20)),
        ("0.000001s", timedelta(microseconds=1)),
        ("0.000000001s", timedelta(0)),  # below timedelta's resolution: truncated
        ("-1.5s", timedelta(seconds=-1.5)),
    ],
)
def test_durations_parse(wire, expected):
    assert ZITADEL_CONVERTER.structure(wire, timedelta) == expected


@pytest.mark.parametrize("wire", ["10", "1.5", "s", "10m", "1e3s", "1.0000000001s", 10, None])
def test_bad_durations_are_rejected(wire):
    with pytest.raises(DecodeError, match=r"action\.timeout"):
        get_action({"action": {"id": "a1", "timeout": wire}})


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (timedelta(seconds=10), "10s"),
        (timedelta(seconds=1.5), "1.5s"),
        (timedelta(microseconds=1), "0.000001s"),
        (timedelta(0), "0s"),
        (timedelta(seconds=-1.5), "-1.5s"),
    ],
)
def test_durations_unstructure_and_round_trip(value, wire):
    assert ZITADEL_CONVERTER.unstructure(value) == wire
    assert ZITADEL_CONVERTER.structure(wire, timedelta) == value


def test_int_hook_does_not_catch_bool():
    @attrs.frozen
    class Mixed:
        flag: bool
        count: int

    assert ZITADEL_CONVERTER.structure({"flag": True, "count": "5"}, Mixed) == Mixed(True, 5)
    assert ZITADEL_CONVERTER.structure({"flag": False, "count": 5}, Mixed).flag is False
    assert ZITADEL_CONVERTER.unstructure(Mixed(True, 5)) == {"flag": True, "count": "5"}
    with pytest.raises(DecodeError, match="flag"):
        decode(ZITADEL_CONVERTER, {"flag": 1, "count": 5}, Mixed)
    with pytest.raises(DecodeError, match="count"):
        decode(ZITADEL_CONVERTER, {"flag": True, "count": True}, Mixed)
    with pytest.raises(DecodeError, match="count"):
        decode(ZITADEL_CONVERTER, {"flag": True, "count": "12abc"}, Mixed)


def test_action_unstructures_to_protojson_names():
    action = ZitadelAction(
        id="a1",
        name="n",
        code="c",
        timeout=timedelta(seconds=3),
        allowed_to_fail=True,
        state=ActionState.ACTIVE,
        details=ObjectDetails(sequence=4),
    )
    assert ZITADEL_CONVERTER.unstructure(action) == {
        "id": "a1",
        "name": "n",
        "script": "c",
        "timeout": "3s",
        "allowedToFail": True,
        "state": "ACTION_STATE_ACTIVE",
        "details": {"sequence": "4"},
    }


# -- flows -------------------------------------------------------------------------------------


def test_flow_flattens_type_objects_and_keeps_action_order():
    payload = flow_json(
        "2",
        {
            "5": [{"id": "b"}, {"id": "a", "timeout": "1.5s"}],
            "4": [{"id": "c"}],
        },
    )
    flow = decode(ZITADEL_CONVERTER, payload["flow"], Flow)

    assert flow.type is FlowType.COMPLEMENT_TOKEN
    assert flow.state is FlowState.ACTIVE
    assert flow.details.sequence == 12
    assert [g.trigger_type for g in flow.trigger_actions] == [
        TriggerType.PRE_ACCESS_TOKEN_CREATION,
        TriggerType.PRE_USERINFO_CREATION,
    ]
    assert [a.id for a in flow.actions_for(TriggerType.PRE_ACCESS_TOKEN_CREATION)] == ["b", "a"]
    assert flow.actions_for(TriggerType.PRE_ACCESS_TOKEN_CREATION)[1].timeout == timedelta(
        seconds=1.5
    )
    assert flow.actions_for(TriggerType.POST_CREATION) == ()


def test_empty_flow_has_no_groups():
    flow = decode(ZITADEL_CONVERTER, flow_json("4", {})["flow"], Flow)
    assert flow.trigger_actions == ()


def test_unknown_flow_and_trigger_ids_parse():
    flow = decode(ZITADEL_CONVERTER, flow_json("9", {"42": [{"id": "x"}]})["flow"], Flow)
    assert flow.type == "9"
    assert not flow.type.is_known
    assert flow.trigger_actions[0].trigger_type == "42"


# -- triggers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flow", "trigger_type"),
    [
        (
            "complement_token:pre_access_token_creation",
            FlowType.COMPLEMENT_TOKEN,
            TriggerType.PRE_ACCESS_TOKEN_CREATION,
        ),
        (
            "COMPLEMENT_TOKEN:Pre_Userinfo_Creation",
            FlowType.COMPLEMENT_TOKEN,
            TriggerType.PRE_USERINFO_CREATION,
        ),
        ("2:5", FlowType.COMPLEMENT_TOKEN, TriggerType.PRE_ACCESS_TOKEN_CREATION),
        (" 4 : 6 ", FlowType.COMPLEMENT_SAML_RESPONSE, TriggerType.PRE_SAML_RESPONSE_CREATION),
        (
            "FLOW_TYPE_EXTERNAL_AUTHENTICATION:TRIGGER_TYPE_POST_AUTHENTICATION",
            FlowType.EXTERNAL_AUTHENTICATION,
            TriggerType.POST_AUTHENTICATION,
        ),
        (
            "internal_authentication:trigger_type_pre_creation",
            FlowType.INTERNAL_AUTHENTICATION,
            TriggerType.PRE_CREATION,
        ),
        (
            "3:TRIGGER_TYPE_POST_CREATION",
            FlowType.INTERNAL_AUTHENTICATION,
            TriggerType.POST_CREATION,
        ),
    ],
)
def test_trigger_parse(text, flow, trigger_type):
    trigger = ZitadelTrigger.parse(text)
    assert trigger == ZitadelTrigger(flow, trigger_type)
    assert trigger.flow is flow
    assert trigger.trigger_type is trigger_type


def test_trigger_str_round_trips():
    for trigger in VALID_TRIGGERS:
        assert ZitadelTrigger.parse(str(trigger)) == trigger
        numeric = f"{trigger.flow.value}:{trigger.trigger_type.value}"
        assert ZitadelTrigger.parse(numeric) == trigger
    assert str(ZitadelTrigger.parse("2:5")) == "complement_token:pre_access_token_creation"


@pytest.mark.parametrize(
    ("text", "rendered"),
    [("7:9", "7:9"), ("2:9", "complement_token:9"), ("9:1", "9:post_authentication")],
)
def test_unknown_ids_are_allowed_and_render_as_numbers(text, rendered):
    trigger = ZitadelTrigger.parse(text)
    assert str(trigger) == rendered
    assert ZitadelTrigger.parse(rendered) == trigger


@pytest.mark.parametrize(
    "text",
    [
        "complement_token:post_creation",  # known ids, not allowed together
        "2:1",
        "4:5",
        "1:6",
        "external_authentication:pre_userinfo_creation",
    ],
)
def test_disallowed_combinations_are_rejected(text):
    with pytest.raises(ValidationError, match="not allowed") as caught:
        ZitadelTrigger.parse(text)
    assert caught.value.field == "trigger"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2",
        "2:5:1",
        "complement:pre_access_token_creation",
        "FLOW_TYPE_COMPLEMENT_TOKEN:5",  # not a legacy name the server accepts
        "2:TRIGGER_TYPE_PRE_ACCESS_TOKEN_CREATION",
        "two:five",
        "-1:5",
    ],
)
def test_malformed_trigger_text_is_rejected(text):
    with pytest.raises(ValidationError):
        ZitadelTrigger.parse(text)


def test_constructor_validates_and_accepts_numeric_ids():
    assert ZitadelTrigger("2", 5) == ZitadelTrigger(
        FlowType.COMPLEMENT_TOKEN, TriggerType.PRE_ACCESS_TOKEN_CREATION
    )
    with pytest.raises(ValidationError):
        ZitadelTrigger(FlowType.COMPLEMENT_TOKEN, TriggerType.POST_AUTHENTICATION)
    with pytest.raises(ValidationError):
        ZitadelTrigger(FlowType.COMPLEMENT_TOKEN, True)


def test_triggers_are_frozen_and_hashable():
    trigger = ZitadelTrigger.parse("2:5")
    assert {trigger, ZitadelTrigger.parse("complement_token:pre_access_token_creation")} == {
        trigger
    }
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trigger.flow = FlowType.COMPLEMENT_SAML_RESPONSE  # type: ignore[misc]


def test_valid_triggers_table():
    assert [(t.flow.value, t.trigger_type.value) for t in VALID_TRIGGERS] == [
        ("1", "1"),
        ("1", "2"),
        ("1", "3"),
        ("2", "4"),
        ("2", "5"),
        ("3", "1"),
        ("3", "2"),
        ("3", "3"),
        ("4", "6"),
    ]
