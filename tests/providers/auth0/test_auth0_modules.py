"""Auth0Provider modules as pure plans."""

from __future__ import annotations

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import (
    ValidationError,
)
from actions_sdk.models.auth0 import (
    Dependency,
    Module,
    ModuleAction,
    ModuleVersion,
    Secret,
    TriggerId,
)
from tests.providers.auth0.auth0_helpers import (
    A,
    Reply,
    first_op,
    provider,
    run_plan,
)

# -- modules ---------------------------------------------------------------------------------------

MODULE = {
    "id": "m1",
    "name": "shared",
    "code": "module.exports = {}",
    "dependencies": [{"name": "lodash", "version": "4.17.21"}],
    "secrets": [{"name": "K", "updated_at": "2024-01-01T00:00:00.000Z"}],
    "actions_using_module_total": 2,
    "all_changes_published": True,
    "latest_version_number": 3,
    "created_at": "2024-01-01T00:00:00.000Z",
    "updated_at": "2024-01-02T00:00:00.000Z",
    "latest_version": {"id": "mv3", "module_id": "m1", "version_number": 3, "code": "x"},
}
MODULE_VERSION = {
    "id": "mv1",
    "module_id": "m1",
    "version_number": 1,
    "code": "x",
    "created_at": "2024-01-01T00:00:00Z",
}


def test_list_modules_without_per_page_is_one_unpaged_list():
    fetch = provider().list_modules(UNSET)
    run = run_plan(fetch(None), [{"modules": [MODULE, {**MODULE, "id": "m2"}], "total": 2}])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("GET", f"{A}/modules", "actions.modules.list")
    assert op.params == {}
    assert [m.id for m in run.result.items] == ["m1", "m2"]
    assert run.result.next_start is None
    assert isinstance(run.result.items[0], Module)
    latest = run.result.items[0].latest_version
    assert latest is not None
    assert latest.version_number == 3


def test_list_modules_paged():
    fetch = provider().list_modules(1)
    run = run_plan(fetch(None), [{"modules": [MODULE], "total": 2, "page": 0, "per_page": 1}])
    assert run.operations[0].params == {"per_page": "1"}
    assert run.result.next_start == 1


def test_get_module():
    run = run_plan(provider().get_module("m/1"), [MODULE])
    op = run.operations[0]
    assert (op.method, op.path, op.name, op.idempotent) == (
        "GET",
        f"{A}/modules/m%2F1",
        "actions.modules.get",
        True,
    )
    assert run.result.all_changes_published is True


def test_create_module():
    plan = provider().create_module(
        name="shared",
        code="module.exports = {}",
        secrets=[Secret(name="K", value="V")],
        dependencies=[Dependency(name="lodash", version="4.17.21")],
        api_version="v1",
        publish=True,
    )
    run = run_plan(plan, [Reply(MODULE, 201)])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == ("POST", f"{A}/modules", "actions.modules.create")
    assert op.idempotent is False
    assert op.json == {
        "name": "shared",
        "code": "module.exports = {}",
        "secrets": [{"name": "K", "value": "V"}],
        "dependencies": [{"name": "lodash", "version": "4.17.21"}],
        "api_version": "v1",
        "publish": True,
    }
    assert isinstance(run.result, Module)


def test_create_module_minimal_and_limits():
    p = provider()
    op = first_op(
        p.create_module(
            name="m", code="", secrets=UNSET, dependencies=UNSET, api_version=UNSET, publish=UNSET
        )
    )
    assert op.json == {"name": "m", "code": ""}
    with pytest.raises(ValidationError) as caught:
        p.create_module(
            name="n" * 256,
            code="",
            secrets=UNSET,
            dependencies=UNSET,
            api_version=UNSET,
            publish=UNSET,
        )
    assert caught.value.field == "name"
    with pytest.raises(ValidationError) as caught:
        p.create_module(
            name="m",
            code="x" * 65_537,
            secrets=UNSET,
            dependencies=UNSET,
            api_version=UNSET,
            publish=UNSET,
        )
    assert caught.value.field == "code"


def test_update_module():
    run = run_plan(
        provider().update_module("m1", code="y", secrets=[], dependencies=UNSET), [MODULE]
    )
    op = run.operations[0]
    assert (op.method, op.path, op.name, op.idempotent) == (
        "PATCH",
        f"{A}/modules/m1",
        "actions.modules.update",
        True,
    )
    assert op.json == {"code": "y", "secrets": []}


def test_update_module_with_nothing_to_update():
    with pytest.raises(ValidationError, match="nothing to update"):
        provider().update_module("m1", code=UNSET, secrets=UNSET, dependencies=UNSET)


def test_delete_module():
    run = run_plan(provider().delete_module("m1"), [Reply(status=204)])
    op = run.operations[0]
    assert (op.method, op.path, op.name, op.idempotent) == (
        "DELETE",
        f"{A}/modules/m1",
        "actions.modules.delete",
        True,
    )
    assert run.result is None


def test_list_module_actions():
    item = {
        "action_id": "a1",
        "action_name": "n",
        "module_version_id": "mv1",
        "module_version_number": 1,
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
    }
    fetch = provider().list_module_actions("m1", UNSET)
    run = run_plan(fetch(None), [{"actions": [item], "total": 1, "page": 0, "per_page": 50}])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/modules/m1/actions",
        "actions.modules.list_actions",
    )
    assert op.params == {}
    assert isinstance(run.result.items[0], ModuleAction)
    assert run.result.items[0].supported_triggers[0].id is TriggerId.POST_LOGIN


def test_rollback_module():
    run = run_plan(provider().rollback_module("m1", "mv1"), [MODULE])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "POST",
        f"{A}/modules/m1/rollback",
        "actions.modules.rollback",
    )
    assert op.json == {"module_version_id": "mv1"}
    assert op.idempotent is False
    with pytest.raises(ValidationError):
        provider().rollback_module("m1", "")


def test_module_versions():
    fetch = provider().list_module_versions("m1", 10)
    run = run_plan(
        fetch(None), [{"versions": [MODULE_VERSION], "total": 1, "page": 0, "per_page": 10}]
    )
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/modules/m1/versions",
        "actions.modules.versions.list",
    )
    assert op.params == {"per_page": "10"}
    assert isinstance(run.result.items[0], ModuleVersion)

    run = run_plan(provider().create_module_version("m1"), [MODULE_VERSION])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "POST",
        f"{A}/modules/m1/versions",
        "actions.modules.versions.create",
    )
    assert op.json is None
    assert op.idempotent is False

    run = run_plan(provider().get_module_version("m1", "mv/1"), [MODULE_VERSION])
    op = run.operations[0]
    assert (op.method, op.path, op.name) == (
        "GET",
        f"{A}/modules/m1/versions/mv%2F1",
        "actions.modules.versions.get",
    )
    assert run.result.version_number == 1
