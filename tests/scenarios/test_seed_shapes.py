"""The emulators answer the seeds' requests with bodies of the seeds' shapes.

Shapes are compared as sets of dotted key paths (``a.b[].c``). The emulator must not invent a key
the vendor page does not show, and must show every key the page shows, except for a short list of
keys that the vendor itself leaves out in that situation (each one explained below). Keys inside a
list are compared only when the emulator's list has items.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from actions_sdk.testing import Auth0Emulator, ManualClock, ZitadelEmulator

FIXTURES = Path(__file__).parent.parent / "fixtures"

# Marketplace-only: custom actions carry no integration (reference §3.1, §5).
MARKETPLACE = ("installed_integration_id", "integration")
# Build errors are listed only for a failed build; the emulator's builds here succeed.
NO_BUILD_ERRORS = ("deployed_version.errors",)
# Right after creation nothing is built or deployed yet (the seed's example shows a deployed one).
FRESH = ("deployed_version", "built_at")

# Where recordings of real tenants differ from the vendor page (issue 10 §2), the emulator follows
# the recordings. Keys real tenants leave out:
NOT_ECHOED = ("deploy",)  # responses never echo the create flag
CATALOGUE_ONLY = tuple(  # inside actions a trigger is just {id, version}
    f"supported_triggers.{key}"
    for key in ("status", "runtimes", "default_runtime", "compatible_triggers", "binding_policy")
)


def under(prefix: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{prefix}.{key}" for key in keys)


# Versions carry no action_id (nor modules when there are none) and, built, no registry_url.
VERSION_ABSENT = (
    "action_id",
    "modules",
    "dependencies.registry_url",
    *CATALOGUE_ONLY,
    *under("action", CATALOGUE_ONLY),
)
# Bindings embed an abbreviated action.
ABBREVIATED = ("code", "runtime", "status", "secrets", "dependencies")
# ... and a key real tenants add: the undocumented current_version.
RECORDED_ONLY = ("current_version",)


def key_paths(value: Any, prefix: str = "") -> tuple[set[str], set[str]]:
    """Return (every key path, the paths whose value is an empty list)."""
    keys: set[str] = set()
    empty: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            keys.add(path)
            if item == []:
                empty.add(path)
            sub_keys, sub_empty = key_paths(item, path)
            keys |= sub_keys
            empty |= sub_empty
    elif isinstance(value, list):
        for item in value:
            sub_keys, sub_empty = key_paths(item, f"{prefix}[]")
            keys |= sub_keys
            empty |= sub_empty
    return keys, empty


def assert_same_shape(
    seed: Any, answer: Any, *, excused: tuple[str, ...] = (), recorded: tuple[str, ...] = ()
) -> None:
    seed_keys, _ = key_paths(seed)
    answer_keys, empty_lists = key_paths(answer)
    invented = {
        path
        for path in answer_keys - seed_keys
        if not any(
            path.replace("[]", "") == r or path.replace("[]", "").startswith(f"{r}.")
            for r in recorded
        )
    }
    assert invented == set(), "the emulator invented keys"

    def is_excused(path: str) -> bool:
        plain = path.replace("[]", "")
        if any(plain == e or plain.startswith(f"{e}.") for e in excused):
            return True
        return any(path.startswith(f"{lst}[]") for lst in empty_lists)

    missing = {path for path in seed_keys - answer_keys if not is_excused(path)}
    assert missing == set(), "keys the vendor page shows are missing"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture
def auth0() -> tuple[Auth0Emulator, ManualClock, Any]:
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=1, deploy_seconds=1)
    http = emulator.client(headers={"Authorization": f"Bearer {emulator.token}"})
    return emulator, clock, http


def create_body() -> dict[str, Any]:
    return {
        "name": "my-action",
        "supported_triggers": [{"id": "post-login", "version": "v3"}],
        "code": "module.exports = () => {}",
        "dependencies": [
            {"name": "lodash", "version": "4.17.21", "registry_url": "https://r.example"}
        ],
        "runtime": "node22",
        "secrets": [{"name": "mySecret", "value": "s3cr3t"}],
    }


def test_auth0_create_action_answer_has_the_seed_shape(auth0):
    _, _, http = auth0
    response = http.post("/api/v2/actions/actions", json=create_body())
    assert response.status_code == 201
    assert_same_shape(
        load("auth0/create_action_response.json"),
        response.json(),
        excused=MARKETPLACE + FRESH + NOT_ECHOED + CATALOGUE_ONLY,
        recorded=RECORDED_ONLY,
    )
    assert "value" not in json.dumps(response.json()["secrets"])


def test_auth0_update_action_answer_has_the_seed_shape(auth0):
    _, clock, http = auth0
    action = http.post("/api/v2/actions/actions", json=create_body()).json()
    clock.advance(2)
    http.post(f"/api/v2/actions/actions/{action['id']}/deploy")
    clock.advance(2)
    response = http.patch(f"/api/v2/actions/actions/{action['id']}", json={})
    assert response.status_code == 200
    assert_same_shape(
        load("auth0/update_action_response.json"),
        response.json(),
        excused=MARKETPLACE
        + NO_BUILD_ERRORS
        + NOT_ECHOED
        + CATALOGUE_ONLY
        + under("deployed_version", VERSION_ABSENT),
        recorded=RECORDED_ONLY,
    )


def test_auth0_update_bindings_answer_has_the_seed_shape(auth0):
    _, clock, http = auth0
    action = http.post("/api/v2/actions/actions", json=create_body()).json()
    clock.advance(2)
    http.post(f"/api/v2/actions/actions/{action['id']}/deploy")
    clock.advance(2)
    response = http.patch(
        "/api/v2/actions/triggers/post-login/bindings",
        json={
            "bindings": [
                {
                    "ref": {"type": "action_name", "value": "my-action"},
                    "display_name": "my-action-1",
                }
            ]
        },
    )
    assert response.status_code == 200
    excused = under(
        "bindings.action",
        MARKETPLACE
        + NO_BUILD_ERRORS
        + NOT_ECHOED
        + CATALOGUE_ONLY
        + ABBREVIATED
        + under("deployed_version", VERSION_ABSENT),
    )
    assert_same_shape(
        load("auth0/update_bindings_response.json"),
        response.json(),
        excused=excused,
        recorded=under("bindings.action", RECORDED_ONLY),
    )


def test_zitadel_get_action_answer_has_the_seed_shape():
    emulator = ZitadelEmulator()
    http = emulator.client(headers={"Authorization": f"Bearer {emulator.pat}"})
    created = http.post(
        "/management/v1/actions",
        json={
            "name": "log context",
            "script": "function log(context, calls){console.log(context)}",
            "timeout": "10s",
            "allowedToFail": True,
        },
    ).json()
    response = http.get(f"/management/v1/actions/{created['id']}")
    assert response.status_code == 200
    # ZITADEL fills only sequence, changeDate and resourceOwner for actions (reference §3).
    assert_same_shape(
        load("zitadel/get_action.json"), response.json(), excused=("action.details.creationDate",)
    )
    assert response.json()["action"]["details"]["sequence"].isdigit()  # uint64 as a JSON string


def test_shape_check_catches_an_invented_key():
    with pytest.raises(AssertionError, match="invented"):
        assert_same_shape({"a": 1}, {"a": 1, "b": 2})


def test_shape_check_allows_only_the_recorded_extra_keys():
    assert_same_shape({"a": 1}, {"a": 1, "current_version": {"id": "v"}}, recorded=RECORDED_ONLY)
    with pytest.raises(AssertionError, match="invented"):
        assert_same_shape({"a": 1}, {"a": 1, "other": 2}, recorded=RECORDED_ONLY)


def test_shape_check_catches_a_missing_key():
    with pytest.raises(AssertionError, match="missing"):
        assert_same_shape({"a": {"b": 1, "c": 2}}, {"a": {"b": 1}})
