"""Auth0 models and AUTH0_CONVERTER: the seeds' JSON in, typed models out, nothing lost."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import DecodeError
from actions_sdk.models._common import OpenEnum, parse_datetime
from actions_sdk.models.auth0 import (
    Action,
    ActionBinding,
    ActionCreateBody,
    ActionPatchBody,
    ActionTrigger,
    ActionVersion,
    BindingPolicy,
    BindingRefBody,
    BindingUpdateBody,
    BuildStatus,
    Dependency,
    Execution,
    ExecutionStatus,
    IntegrationFeatureType,
    Module,
    ModuleCreateBody,
    ModulePatchBody,
    ModuleRef,
    RequiredParamType,
    Secret,
    SupportedTriggerBody,
    TriggerId,
)
from actions_sdk.providers._converters import decode
from actions_sdk.providers.auth0 import AUTH0_CONVERTER
from tests.providers.auth0.auth0_helpers import fixture

ACTION_SEEDS = [
    "update_action_response.json",  # seed 000: PATCH /actions/actions/{id}
    "create_action_response_go.json",  # seed 002: POST /actions/actions (sorted keys, no ids)
    "create_action_response.json",  # seed 003: POST /actions/actions
]


def parse(data: Any, cls: type[Any] = Action) -> Any:
    # The provider labels a top-level Action "action" (see test_auth0_provider for the others).
    return decode(AUTH0_CONVERTER, data, cls, what="action")


def assert_reachable(wire: Any, value: Any, path: str = "$") -> None:
    """Every key of ``wire`` is an attribute of ``value``, recursively, with the same content."""
    if isinstance(wire, dict):
        assert attrs.has(type(value)), f"{path}: expected a model, got {value!r}"
        for key, item in wire.items():
            assert hasattr(value, key), f"{path}.{key} is not reachable on {type(value).__name__}"
            assert_reachable(item, getattr(value, key), f"{path}.{key}")
    elif isinstance(wire, list):
        assert isinstance(value, tuple), f"{path}: lists become tuples"
        assert len(value) == len(wire), path
        for index, (item, model_item) in enumerate(zip(wire, value, strict=True)):
            assert_reachable(item, model_item, f"{path}[{index}]")
    elif isinstance(value, datetime):
        assert value == parse_datetime(wire), path
        assert value.tzinfo is not None, f"{path}: naive datetime"
    elif isinstance(value, OpenEnum):
        assert value.value == wire, path
    else:
        assert type(value) is type(wire), f"{path}: {type(value).__name__} vs {type(wire).__name__}"
        assert value == wire, path


# -- the seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ACTION_SEEDS)
def test_seed_action_parses_and_every_key_is_reachable(name):
    wire = fixture(name)
    action = parse(wire)
    assert isinstance(action, Action)
    assert action.id == "910b1053-577f-4d81-a8c8-020e7319a38a"
    assert_reachable(wire, action)


@pytest.mark.parametrize("name", ACTION_SEEDS)
def test_seed_action_round_trips_through_the_converter(name):
    wire = fixture(name)
    assert AUTH0_CONVERTER.unstructure(parse(wire)) == wire


def test_seed_bindings_parse_and_every_key_is_reachable():
    wire = fixture("update_bindings_response.json")
    bindings = [parse(item, ActionBinding) for item in wire["bindings"]]
    for item, binding in zip(wire["bindings"], bindings, strict=True):
        assert_reachable(item, binding)
        assert AUTH0_CONVERTER.unstructure(binding) == item
    assert bindings[0].display_name == "my-action-1"
    assert bindings[0].action is not None
    assert bindings[0].action.name == "my-action"


def test_seed_action_typed_values():
    action = parse(fixture("update_action_response.json"))
    assert action.status is BuildStatus.BUILT
    assert action.all_changes_deployed is False
    assert action.deploy is False
    assert action.runtime == "node22"
    assert action.created_at == datetime(2021, 1, 1, tzinfo=UTC)
    trigger = action.supported_triggers[0]
    assert trigger.binding_policy is BindingPolicy.TRIGGER_BOUND
    assert trigger.runtimes == ("<string>",)
    version = action.deployed_version
    assert isinstance(version, ActionVersion)
    assert version.number == 1
    assert type(version.number) is int
    assert version.deployed is True
    assert version.action is not None
    assert version.action.id == action.id
    assert version.modules[0].module_version_number == 123
    integration = action.integration
    assert integration is not None
    assert integration.feature_type is IntegrationFeatureType.ACTION
    assert integration.created_at == datetime(2021, 6, 21, 15, 47, 29, 72000, tzinfo=UTC)
    release = integration.current_release
    assert release is not None
    assert release.semver is not None
    assert (release.semver.major, release.semver.minor) == (1, 1)
    assert release.required_secrets[0].type is RequiredParamType.UNSPECIFIED
    assert release.required_secrets[0].options[0].label == "<string>"


def test_seed_003_trigger_ids_are_known_members():
    action = parse(fixture("create_action_response.json"))
    assert action.supported_triggers[0].id is TriggerId.POST_LOGIN
    assert action.supported_triggers[0].compatible_triggers[0].id is TriggerId.POST_LOGIN
    assert action.supported_triggers[0].runtimes == ("<string>",)


def test_seed_002_triggers_without_id_still_parse():
    # The Go-rendered vendor example leaves out supported_triggers[].id; it must still parse.
    action = parse(fixture("create_action_response_go.json"))
    assert action.supported_triggers[0].id is None
    assert action.supported_triggers[0].version == "<string>"


# -- open enums, unknown keys, numbers, nulls ---------------------------------------------------


def test_unknown_enum_values_and_unknown_keys_parse():
    action = parse(
        {
            "id": "a1",
            "status": "compiling",
            "brand_new_field": {"nested": [1, 2]},
            "supported_triggers": [
                {"id": "post-quantum-login", "version": "v9", "binding_policy": "org-bound"}
            ],
        }
    )
    assert action.status == "compiling"
    assert isinstance(action.status, BuildStatus)
    assert not action.status.is_known
    trigger = action.supported_triggers[0]
    assert isinstance(trigger.id, TriggerId)
    assert trigger.id == "post-quantum-login"
    assert trigger.binding_policy == "org-bound"
    assert not hasattr(action, "brand_new_field")


def test_execution_enum_and_results():
    execution = parse(
        {
            "id": "e1",
            "trigger_id": "post-login",
            "status": "final",
            "results": [
                {
                    "action_name": "add-roles",
                    "error": {"id": "x", "msg": "boom", "url": "https://u"},
                    "started_at": "2021-01-01T00:00:00.000Z",
                    "ended_at": "2021-01-01T00:00:01.500Z",
                }
            ],
            "created_at": "2021-01-01T00:00:00.000Z",
        },
        Execution,
    )
    assert execution.status is ExecutionStatus.FINAL
    assert execution.trigger_id is TriggerId.POST_LOGIN
    assert execution.results[0].error is not None
    assert execution.results[0].error.msg == "boom"
    assert execution.results[0].ended_at == datetime(2021, 1, 1, 0, 0, 1, 500000, tzinfo=UTC)


def test_json_number_floats_become_ints():
    version = parse({"id": "v1", "number": 2.0}, ActionVersion)
    assert version.number == 2
    assert type(version.number) is int
    module = parse({"id": "m1", "latest_version_number": 3.0}, Module)
    assert type(module.latest_version_number) is int


def test_non_integral_number_is_a_decode_error_naming_the_field():
    with pytest.raises(DecodeError) as caught:
        parse({"id": "a1", "deployed_version": {"id": "v1", "number": 1.5}})
    assert caught.value.field == "action.deployed_version.number"


def test_bools_stay_bools_and_are_not_ints():
    with pytest.raises(DecodeError) as caught:
        parse({"id": "v1", "number": True}, ActionVersion)
    assert caught.value.field == "action.number"
    with pytest.raises(DecodeError) as caught:
        parse({"id": "a1", "all_changes_deployed": 1})
    assert caught.value.field == "action.all_changes_deployed"


def test_null_lists_mean_no_items_and_null_scalars_mean_none():
    action = parse({"id": "a1", "dependencies": None, "secrets": None, "name": None})
    assert action.dependencies == ()
    assert action.secrets == ()
    assert action.name is None


def test_only_id_is_required_on_action():
    action = parse({"id": "a1"})
    assert action == Action(id="a1")
    assert action.supported_triggers == ()
    assert action.deployed_version is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "no id"}, "id"),
        ({"id": 7}, "id"),
        ({"id": "a1", "created_at": "yesterday"}, "created_at"),
        ({"id": "a1", "created_at": 1609459200}, "created_at"),
        ({"id": "a1", "supported_triggers": [{"id": 5}]}, "supported_triggers[0].id"),
        (
            {"id": "a1", "supported_triggers": [{"runtimes": ["node22", 3]}]},
            "supported_triggers[0].runtimes[1]",
        ),
        ({"id": "a1", "supported_triggers": "post-login"}, "supported_triggers"),
        ({"id": "a1", "supported_triggers": ["post-login"]}, "supported_triggers[0]"),
        ({"id": "a1", "deployed_version": []}, "deployed_version"),
        ({"id": "a1", "secrets": [{"name": "s", "updated_at": "never"}]}, "secrets[0].updated_at"),
        (
            {"id": "a1", "integration": {"current_release": {"semver": {"major": "1"}}}},
            "integration.current_release.semver.major",
        ),
    ],
)
def test_decode_error_names_the_field(data, field):
    with pytest.raises(DecodeError) as caught:
        parse(data)
    assert caught.value.field == f"action.{field}"
    assert f"action.{field}" in str(caught.value)


def test_missing_id_reads_missing_required_field():
    with pytest.raises(DecodeError) as caught:
        parse({"name": "no id"})
    assert str(caught.value) == "cannot decode action.id: missing required field"


# -- datetimes ----------------------------------------------------------------------------------


def test_every_datetime_is_aware_utc():
    action = parse(fixture("update_action_response.json"))

    def walk(value: Any) -> list[datetime]:
        if isinstance(value, datetime):
            return [value]
        if isinstance(value, tuple):
            return [d for item in value for d in walk(item)]
        if attrs.has(type(value)):
            return [d for f in attrs.fields(type(value)) for d in walk(getattr(value, f.name))]
        return []

    stamps = walk(action)
    assert len(stamps) == 12
    assert all(stamp.utcoffset() == timedelta(0) for stamp in stamps)


def test_naive_and_offset_timestamps():
    naive = parse({"id": "a1", "created_at": "2021-01-01T00:00:00"})
    assert naive.created_at == datetime(2021, 1, 1, tzinfo=UTC)
    offset = parse({"id": "a1", "created_at": "2021-01-01T02:00:00+02:00"})
    assert offset.created_at == datetime(2021, 1, 1, tzinfo=UTC)
    assert offset.created_at.tzinfo is not None


# -- models as input, secrets, request bodies ----------------------------------------------------


def test_action_trigger_is_constructible_as_input():
    trigger = ActionTrigger(id="post-login", version="v3")
    assert trigger.id is TriggerId.POST_LOGIN
    assert trigger == ActionTrigger(id=TriggerId.POST_LOGIN, version="v3")
    assert ActionTrigger(id="brand-new").id == "brand-new"
    assert trigger.runtimes == ()
    assert trigger.binding_policy is None


def test_models_are_frozen():
    action = Action(id="a1")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        action.name = "x"  # type: ignore[misc]


def test_secret_values_never_appear_in_reprs():
    secret = Secret(name="API_KEY", value="sk_live_hunter2")
    bodies = [
        secret,
        ActionCreateBody(name="a", supported_triggers=(), secrets=(secret,)),
        ActionPatchBody(secrets=(secret,)),
        BindingUpdateBody(ref=BindingRefBody(type="action_id", value="a1"), secrets=(secret,)),
        ModuleCreateBody(name="m", code="", secrets=(secret,)),
        ModulePatchBody(secrets=(secret,)),
    ]
    for body in bodies:
        assert "hunter2" not in repr(body)
    assert "API_KEY" in repr(secret)


def test_patch_body_sends_only_what_was_given():
    assert AUTH0_CONVERTER.unstructure(ActionPatchBody()) == {}
    assert AUTH0_CONVERTER.unstructure(ActionPatchBody(runtime=None)) == {"runtime": None}
    assert AUTH0_CONVERTER.unstructure(ActionPatchBody(code="x", secrets=())) == {
        "code": "x",
        "secrets": [],
    }


def test_create_body_wire_shape():
    body = ActionCreateBody(
        name="add-roles",
        supported_triggers=(SupportedTriggerBody(id="post-login", version="v3"),),
        code="exports.onExecutePostLogin = async () => {};",
        dependencies=(Dependency(name="lodash", version="4.17.21"),),
        secrets=(Secret(name="K", value="V"),),
        modules=(ModuleRef(module_id="m1", module_version_id="mv1"),),
        deploy=True,
    )
    assert AUTH0_CONVERTER.unstructure(body) == {
        "name": "add-roles",
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
        "code": "exports.onExecutePostLogin = async () => {};",
        "dependencies": [{"name": "lodash", "version": "4.17.21"}],
        "secrets": [{"name": "K", "value": "V"}],
        "modules": [{"module_id": "m1", "module_version_id": "mv1"}],
        "deploy": True,
    }
    assert ActionCreateBody(name="a", supported_triggers=()).code is UNSET


def test_wire_names_are_snake_case_everywhere():
    wire = AUTH0_CONVERTER.unstructure(parse(fixture("update_action_response.json")))

    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for item in value for k in keys(item)}
        return set()

    assert all(re.fullmatch(r"[a-z_]+", key) for key in keys(wire))
