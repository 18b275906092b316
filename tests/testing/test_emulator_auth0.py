"""Auth0 emulator, exercised with raw httpx (no SDK code involved)."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from actions_sdk.testing import Auth0Emulator, ManualClock

API = "/api/v2"
CODE = "exports.onExecutePostLogin = async (event, api) => { api.user.x = 1; };"

# The keys real tenants send for an Action and an ActionVersion (custom, non-marketplace action):
# no "deploy" echo, an undocumented "current_version", no "action_id"/"modules" on versions.
SEED_ACTION_KEYS = {
    "id", "name", "supported_triggers", "all_changes_deployed", "created_at", "updated_at", "code",
    "dependencies", "runtime", "secrets", "deployed_version", "status", "built_at",
    "current_version", "modules",
}  # fmt: skip
SEED_VERSION_KEYS = {
    "id", "code", "dependencies", "deployed", "runtime", "secrets", "status", "number",
    "action", "built_at", "created_at", "updated_at", "supported_triggers",
}  # fmt: skip
SEED_TRIGGER_KEYS = {
    "id", "version", "status", "runtimes", "default_runtime", "compatible_triggers",
    "binding_policy",
}  # fmt: skip
CURRENT_VERSION_KEYS = {
    "id", "code", "runtime", "status", "number", "build_time", "created_at", "updated_at",
}  # fmt: skip


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emu(clock: ManualClock) -> Auth0Emulator:
    return Auth0Emulator(clock=clock, build_seconds=30, deploy_seconds=5)


@pytest.fixture
def http(emu: Auth0Emulator) -> Iterator[httpx.Client]:
    with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as client:
        yield client


def create(http: httpx.Client, name: str = "add-roles", **extra: Any) -> dict[str, Any]:
    body = {"name": name, "supported_triggers": [{"id": "post-login", "version": "v3"}]}
    body["code"] = CODE
    body.update(extra)
    response = http.post(f"{API}/actions/actions", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def deployed_action(http: httpx.Client, clock: ManualClock, name: str) -> dict[str, Any]:
    action = create(http, name)
    clock.advance(30)
    assert http.post(f"{API}/actions/actions/{action['id']}/deploy").status_code == 200
    clock.advance(5)
    return action


# ---------------------------------------------------------------------- tokens


def test_client_credentials_form_token_authorises_api_calls(emu: Auth0Emulator) -> None:
    with emu.client() as raw:
        response = raw.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": emu.client_id,
                "client_secret": emu.client_secret,
                "audience": "https://tenant.example/api/v2/",
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "Bearer"
        assert body["expires_in"] == 86_400
        assert body["access_token"].count(".") == 2  # JWT-shaped
        listed = raw.get(
            f"{API}/actions/actions", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert listed.status_code == 200
        # Page 0 leaves out "page", and "total" when it is 0 (real tenants).
    assert listed.json() == {"per_page": 20, "actions": []}


def test_token_json_body_and_basic_auth_are_accepted(emu: Auth0Emulator) -> None:
    with emu.client() as raw:
        as_json = raw.post(
            "/oauth/token",
            json={
                "grant_type": "client_credentials",
                "client_id": emu.client_id,
                "client_secret": emu.client_secret,
                "audience": "https://tenant.example/api/v2/",
            },
        )
        basic = raw.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "audience": "https://tenant.example/api/v2/"},
            auth=(emu.client_id, emu.client_secret),
        )
    assert as_json.status_code == 200
    assert basic.status_code == 200
    assert as_json.json()["access_token"] != basic.json()["access_token"]


@pytest.mark.parametrize(
    ("form", "status", "error", "description"),
    [
        ({"client_secret": "wrong"}, 401, "access_denied", "Unauthorized"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type", None),
        ({"audience": None}, 403, "access_denied", "No audience parameter"),
        (
            {"audience": "https://tenant.example/api/v2"},  # trailing slash missing
            403,
            "access_denied",
            "Service not found: https://tenant.example/api/v2",
        ),
    ],
)
def test_token_errors_use_the_oauth_shape(
    emu: Auth0Emulator, form: dict[str, Any], status: int, error: str, description: str | None
) -> None:
    data = {
        "grant_type": "client_credentials",
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
        "audience": "https://tenant.example/api/v2/",
    }
    data.update(form)
    with emu.client() as raw:
        response = raw.post("/oauth/token", data={k: v for k, v in data.items() if v is not None})
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == error
    if description:
        assert body["error_description"].startswith(description)


def test_issued_tokens_expire_with_the_clock_and_can_be_revoked(clock: ManualClock) -> None:
    emu = Auth0Emulator(clock=clock, token_lifetime=60)
    with emu.client() as raw:

        def fresh_token() -> str:
            return str(
                raw.post(
                    "/oauth/token",
                    data={
                        "grant_type": "client_credentials",
                        "client_id": emu.client_id,
                        "client_secret": emu.client_secret,
                        "audience": "https://tenant.example/api/v2/",
                    },
                ).json()["access_token"]
            )

        def status(token: str) -> int:
            return raw.get(
                f"{API}/actions/triggers", headers={"Authorization": f"Bearer {token}"}
            ).status_code

        token = fresh_token()
        clock.advance(59)
        assert status(token) == 200
        clock.advance(1)
        assert status(token) == 401
        token = fresh_token()
        emu.expire_tokens()
        assert status(token) == 401
        assert status(str(emu.token)) == 200  # the static token is never revoked


def test_missing_and_invalid_tokens_get_the_management_api_401(emu: Auth0Emulator) -> None:
    with emu.client() as raw:
        missing = raw.get(f"{API}/actions/actions")
        invalid = raw.get(f"{API}/actions/actions", headers={"Authorization": "Bearer nope"})
    assert missing.status_code == 401
    assert missing.json()["message"] == "Missing authentication"
    assert invalid.status_code == 401
    assert invalid.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Invalid token",
    }


# ---------------------------------------------------------------------- lifecycle


def test_full_lifecycle_create_build_deploy_bind_delete(
    emu: Auth0Emulator, http: httpx.Client, clock: ManualClock
) -> None:
    action = create(http)
    assert action["status"] == "pending"
    assert action["all_changes_deployed"] is False
    assert "deployed_version" not in action
    assert set(action) == SEED_ACTION_KEYS - {"deployed_version", "built_at"}
    # Inside an action a trigger is just {id, version}.
    assert action["supported_triggers"] == [{"id": "post-login", "version": "v3"}]
    assert set(action["current_version"]) == CURRENT_VERSION_KEYS - {"build_time"}
    assert action["current_version"]["status"] == "PENDING"
    action_id = action["id"]
    url = f"{API}/actions/actions/{action_id}"

    clock.advance(10)
    assert http.get(url).json()["status"] == "building"
    clock.advance(20)
    built = http.get(url).json()
    assert built["status"] == "built"
    assert built["built_at"] == "2023-11-14T22:13:50.000Z"
    assert built["current_version"]["status"] == "BUILT"
    assert built["current_version"]["build_time"] == "2023-11-14T22:13:50.000Z"
    assert built["current_version"]["number"] == 1

    deploy = http.post(f"{url}/deploy")
    assert deploy.status_code == 200
    version = deploy.json()
    assert set(version) == SEED_VERSION_KEYS
    assert (version["number"], version["status"], version["deployed"]) == (1, "built", False)
    assert version["action"]["id"] == action_id

    clock.advance(5)
    after = http.get(url).json()
    assert after["all_changes_deployed"] is True
    assert after["deployed_version"]["deployed"] is True
    assert after["deployed_version"]["status"] == "built"
    assert set(after) == SEED_ACTION_KEYS
    assert after["current_version"]["number"] == 1  # nothing undeployed

    other = deployed_action(http, clock, "second")
    bound = http.patch(
        f"{API}/actions/triggers/post-login/bindings",
        json={
            "bindings": [
                {"ref": {"type": "action_name", "value": "second"}, "display_name": "Second"},
                {"ref": {"type": "action_id", "value": action_id}},
            ]
        },
    )
    assert bound.status_code == 200
    names = [b["action"]["name"] for b in bound.json()["bindings"]]
    assert names == ["second", "add-roles"]

    listed = http.get(f"{API}/actions/triggers/post-login/bindings").json()
    assert listed["total"] == 2
    # A binding given no display name has no display_name key.
    assert [b.get("display_name") for b in listed["bindings"]] == ["Second", None]
    assert "display_name" not in listed["bindings"][1]
    # Bindings embed an abbreviated action, with current_version.
    embedded = listed["bindings"][1]["action"]
    assert not {"code", "runtime", "status", "secrets", "dependencies"} & set(embedded)
    assert embedded["current_version"]["status"] == "BUILT"
    assert listed["bindings"][0]["action"]["id"] == other["id"]
    assert listed["bindings"][0]["trigger_id"] == "post-login"

    refused = http.delete(url)
    assert refused.status_code == 409
    assert refused.json()["message"].startswith("An action must be unbound")
    forced = http.delete(url, params={"force": "true"})
    assert forced.status_code == 204
    assert forced.content == b""
    assert [b["action"]["name"] for b in emu.bindings("post-login")] == ["second"]
    assert http.delete(url).status_code == 404


def test_deploy_before_built_is_rejected_with_the_documented_message(
    http: httpx.Client,
) -> None:
    action = create(http)
    response = http.post(f"{API}/actions/actions/{action['id']}/deploy")
    assert response.status_code == 400
    assert response.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "A draft must be in the 'built' state before it can be deployed.",
        "errorCode": "invalid_body",
    }


@pytest.mark.parametrize("code", ["exports.x = SYNTAX_ERROR;", "exports.x = () => {"])
def test_build_fails_on_the_syntax_error_rule(
    http: httpx.Client, clock: ManualClock, code: str
) -> None:
    action = create(http, code=code)
    clock.advance(30)
    failed = http.get(f"{API}/actions/actions/{action['id']}").json()
    assert failed["status"] == "failed"
    assert "errors" not in failed  # real tenants report a failed build by its status alone
    assert failed["current_version"]["status"] == "FAILED"
    assert http.post(f"{API}/actions/actions/{action['id']}/deploy").status_code == 400


def test_create_with_deploy_true_deploys_once_built(http: httpx.Client, clock: ManualClock) -> None:
    action = create(http, deploy=True)
    assert "deploy" not in action  # never echoed
    # Recorded on real tenants: the create answer already announces version 1 as deployed,
    # with the build still pending.
    announced = action["deployed_version"]
    assert (announced["number"], announced["deployed"], announced["status"]) == (1, True, "pending")
    clock.advance(29)
    building = http.get(f"{API}/actions/actions/{action['id']}").json()
    assert building["status"] == "building"
    assert building["deployed_version"]["status"] == "building"
    clock.advance(1)  # the build ends: the announced version is live at once
    after = http.get(f"{API}/actions/actions/{action['id']}").json()
    assert after["status"] == "built"
    assert after["deployed_version"]["deployed"] is True
    assert after["deployed_version"]["number"] == 1
    assert after["deployed_version"]["id"] == announced["id"]
    versions = http.get(f"{API}/actions/actions/{action['id']}/versions").json()["versions"]
    assert [v["number"] for v in versions] == [1]


def test_create_without_deploy_announces_no_version(http: httpx.Client) -> None:
    assert "deployed_version" not in create(http)


def test_patch_is_partial_rebuilds_and_clears_all_changes_deployed(
    http: httpx.Client, clock: ManualClock
) -> None:
    action = deployed_action(http, clock, "partial")
    url = f"{API}/actions/actions/{action['id']}"
    patched = http.patch(url, json={"secrets": [{"name": "API_KEY", "value": "s3cret"}]}).json()
    assert patched["code"] == CODE  # untouched keys keep their values
    assert patched["secrets"] == [{"name": "API_KEY", "updated_at": "2023-11-14T22:13:55.000Z"}]
    assert "s3cret" not in str(patched)  # secrets are write-only
    assert patched["status"] == "pending"
    assert patched["all_changes_deployed"] is False
    assert patched["built_at"] == "2023-11-14T22:13:50.000Z"  # last successful build
    clock.advance(30)
    assert http.get(url).json()["status"] == "built"
    renamed = http.patch(url, json={"name": "renamed"}).json()
    assert renamed["name"] == "renamed"
    assert renamed["secrets"][0]["name"] == "API_KEY"
    # Even a rename (or an identical body) sends the draft back to pending and rebuilds it.
    assert renamed["status"] == "pending"
    clock.advance(30)
    before = http.get(url).json()["current_version"]["id"]
    same = http.patch(url, json={"code": CODE}).json()
    assert same["status"] == "pending"
    assert same["current_version"]["id"] != before
    bad = http.patch(url, json={"deploy": True})
    assert bad.status_code == 400
    assert bad.json()["errorCode"] == "invalid_body"
    upgrade = http.patch(url, json={"supported_triggers": [{"id": "credentials-exchange"}]})
    assert upgrade.status_code == 400
    assert upgrade.json()["message"] == "can't upgrade to this trigger"


def test_versions_and_rollback_with_update_draft(http: httpx.Client, clock: ManualClock) -> None:
    action = deployed_action(http, clock, "versioned")
    url = f"{API}/actions/actions/{action['id']}"
    http.patch(url, json={"code": "exports.onExecutePostLogin = async () => {};"})
    clock.advance(30)
    v2 = http.post(f"{url}/deploy").json()
    assert v2["number"] == 2
    clock.advance(5)
    versions = http.get(f"{url}/versions").json()
    assert versions["total"] == 2
    assert "page" not in versions
    assert [v["number"] for v in versions["versions"]] == [2, 1]
    assert [v["deployed"] for v in versions["versions"]] == [True, False]
    v1 = versions["versions"][1]
    assert http.get(f"{url}/versions/{v1['id']}").json()["code"] == CODE
    assert http.get(f"{url}/versions/missing").status_code == 404

    rolled = http.post(f"{url}/versions/{v1['id']}/deploy", json={"update_draft": True})
    assert rolled.status_code == 200
    assert (rolled.json()["number"], rolled.json()["status"]) == (3, "built")
    assert rolled.json()["deployed"] is False
    assert rolled.json()["code"] == CODE
    clock.advance(5)
    after = http.get(url).json()
    assert after["code"] == CODE
    assert after["all_changes_deployed"] is True
    assert after["deployed_version"]["number"] == 3
    # No body at all is valid too (schema type object | null).
    assert http.post(f"{url}/versions/{v1['id']}/deploy").status_code == 200


def test_unique_action_names(http: httpx.Client) -> None:
    create(http, "taken")
    other = create(http, "free")
    duplicate = http.post(
        f"{API}/actions/actions",
        json={"name": "taken", "supported_triggers": [{"id": "post-login"}]},
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["statusCode"] == 409
    rename = http.patch(f"{API}/actions/actions/{other['id']}", json={"name": "taken"})
    assert rename.status_code == 409


def test_create_validation_errors(http: httpx.Client) -> None:
    missing = http.post(f"{API}/actions/actions", json={"name": "x"})
    assert missing.status_code == 400
    assert missing.json()["message"] == (
        "Payload validation error: 'Missing required property: supported_triggers'."
    )
    empty = http.post(f"{API}/actions/actions", json={"name": "x", "supported_triggers": []})
    assert empty.status_code == 400
    unknown = http.post(
        f"{API}/actions/actions", json={"name": "x", "supported_triggers": [{"id": "nope"}]}
    )
    assert unknown.status_code == 400
    garbage = http.post(
        f"{API}/actions/actions", content=b"{", headers={"content-type": "application/json"}
    )
    assert garbage.json()["message"] == "Invalid request payload JSON format"


def test_paging_totals_and_filters(http: httpx.Client) -> None:
    for index in range(23):
        create(http, f"action-{index:02d}")
    http.post(
        f"{API}/actions/actions",
        json={"name": "m2m", "supported_triggers": [{"id": "credentials-exchange"}]},
    )
    first = http.get(f"{API}/actions/actions").json()
    assert "page" not in first  # left out on page 0
    assert (first["total"], first["per_page"], len(first["actions"])) == (24, 20, 20)
    second = http.get(f"{API}/actions/actions", params={"page": 1, "per_page": 20}).json()
    assert len(second["actions"]) == 4
    # Later pages do not repeat the real total: only page 0's can be trusted.
    assert (second["page"], second["total"]) == (1, 0)
    by_trigger = http.get(f"{API}/actions/actions", params={"triggerId": "credentials-exchange"})
    assert [a["name"] for a in by_trigger.json()["actions"]] == ["m2m"]
    by_name = http.get(f"{API}/actions/actions", params={"actionName": "action-07"}).json()
    assert by_name["total"] == 1
    assert "total" not in http.get(f"{API}/actions/actions", params={"deployed": "true"}).json()
    assert http.get(f"{API}/actions/actions", params={"installed": "false"}).json()["total"] == 24
    too_big = http.get(f"{API}/actions/actions", params={"per_page": 101})
    assert too_big.status_code == 400
    assert "per_page" in too_big.json()["message"]
    assert http.get(f"{API}/actions/actions", params={"deployed": "yes"}).status_code == 400


def test_percent_encoded_ids_are_decoded(http: httpx.Client) -> None:
    response = http.get(f"{API}/actions/actions/a%2F1%20x")
    assert response.status_code == 404
    assert response.json()["message"] == "The action does not exist."  # routed, not "Not Found"
    assert http.get(f"{API}/actions/nowhere").json()["message"] == "Not Found"


# ---------------------------------------------------------------------- triggers and bindings


def test_trigger_catalogue(http: httpx.Client) -> None:
    triggers = http.get(f"{API}/actions/triggers").json()["triggers"]
    by_key = {(t["id"], t["version"]): t for t in triggers}
    assert ("post-login", "v3") in by_key
    assert ("credentials-exchange", "v2") in by_key
    assert all(set(t) == SEED_TRIGGER_KEYS for t in triggers)
    assert by_key["post-login", "v3"]["default_runtime"] == "node22"
    entity_bound = [t["id"] for t in triggers if t["binding_policy"] == "entity-bound"]
    assert entity_bound == [
        "custom-token-exchange",
        "event-stream",
        "password-hash-migration",
        "mcp-tool",
    ]
    for trigger_id in entity_bound:
        listed = http.get(f"{API}/actions/triggers/{trigger_id}/bindings")
        assert listed.status_code == 200
        assert listed.json() == {"bindings": [], "per_page": 50}
    missing = http.get(f"{API}/actions/triggers/nope/bindings")
    assert missing.status_code == 404
    assert "errorCode" not in missing.json()  # real 404 bodies carry none


def test_binding_rules(http: httpx.Client, clock: ManualClock) -> None:
    url = f"{API}/actions/triggers/post-login/bindings"
    undeployed = create(http, "undeployed")
    early = http.patch(
        url, json={"bindings": [{"ref": {"type": "action_id", "value": undeployed["id"]}}]}
    )
    assert early.status_code == 400
    assert early.json()["message"] == (
        "Trying to create a binding for an action that has not been deployed yet"
    )

    malformed = http.patch(url, json={"bindings": [{"ref": {"kind": "action_name"}}]})
    assert malformed.status_code == 400
    assert malformed.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Payload validation error: 'Data does not match any schemas from 'oneOf'' "
        "on property bindings[0].",
        "errorCode": "invalid_body",
    }

    first = deployed_action(http, clock, "first")
    second = deployed_action(http, clock, "second")
    created = http.patch(
        url,
        json={"bindings": [{"ref": {"type": "action_id", "value": first["id"]}}]},
    ).json()["bindings"]
    binding_id = created[0]["id"]
    reordered = http.patch(
        url,
        json={
            "bindings": [
                {"ref": {"type": "action_name", "value": "second"}},
                {"ref": {"type": "binding_id", "value": binding_id}, "display_name": "First!"},
            ]
        },
    ).json()["bindings"]
    assert [b["action"]["id"] for b in reordered] == [second["id"], first["id"]]
    assert reordered[1]["id"] == binding_id  # kept
    assert reordered[1]["display_name"] == "First!"
    assert reordered[0]["id"] != binding_id  # new ref, new id
    # An action bound to another trigger does not support this one.
    wrong = http.patch(
        f"{API}/actions/triggers/credentials-exchange/bindings",
        json={"bindings": [{"ref": {"type": "action_id", "value": first["id"]}}]},
    )
    assert wrong.status_code == 400
    assert http.patch(url, json={"bindings": []}).json() == {"bindings": []}
    assert http.get(url).json() == {"bindings": [], "per_page": 20}  # total 0 is left out


def test_test_endpoint_and_executions(emu: Auth0Emulator, http: httpx.Client) -> None:
    action = create(http)
    tested = http.post(
        f"{API}/actions/actions/{action['id']}/test", json={"payload": {"user": {"id": 1}}}
    )
    # A run result, not an echo of the event.
    result = tested.json()["payload"]
    assert result["error"] is None
    assert set(result["stats"]) == {"total_request_duration_ms", "action_duration_ms"}
    broken = create(http, "broken", code="exports.x = SYNTAX_ERROR;")
    failed_run = http.post(f"{API}/actions/actions/{broken['id']}/test", json={"payload": {}})
    assert failed_run.json()["payload"]["error"]["msg"].startswith("SyntaxError")
    assert http.post(f"{API}/actions/actions/{action['id']}/test", json={}).status_code == 400
    execution_id = emu.add_execution("post-login", status="partial")
    execution = http.get(f"{API}/actions/executions/{execution_id}").json()
    assert execution["trigger_id"] == "post-login"
    assert execution["status"] == "partial"
    assert set(execution) == {"id", "trigger_id", "status", "results", "created_at", "updated_at"}
    assert http.get(f"{API}/actions/executions/nope").status_code == 404


# ---------------------------------------------------------------------- modules


def test_modules_lifecycle_and_rules(http: httpx.Client, clock: ManualClock) -> None:
    base = f"{API}/actions/modules"
    module = http.post(
        base, json={"name": "helpers", "code": "module.exports = {};", "publish": True}
    )
    assert module.status_code == 201
    module_body = module.json()
    assert module_body["latest_version_number"] == 1
    assert module_body["all_changes_published"] is True
    module_id = module_body["id"]
    version_id = module_body["latest_version"]["id"]
    assert http.post(base, json={"name": "helpers", "code": "x"}).status_code == 409
    assert http.post(f"{base}/{module_id}/versions").status_code == 409  # nothing to publish

    patched = http.patch(f"{base}/{module_id}", json={"code": "module.exports = {a: 1};"}).json()
    assert patched["all_changes_published"] is False
    v2 = http.post(f"{base}/{module_id}/versions")
    assert v2.status_code == 200
    assert v2.json()["version_number"] == 2
    versions = http.get(f"{base}/{module_id}/versions").json()
    assert [v["version_number"] for v in versions["versions"]] == [2, 1]
    assert http.get(f"{base}/{module_id}/versions/{version_id}").json()["code"] == (
        "module.exports = {};"
    )

    rolled = http.post(f"{base}/{module_id}/rollback", json={"module_version_id": version_id})
    assert rolled.status_code == 200
    assert rolled.json()["code"] == "module.exports = {};"
    again = http.post(f"{base}/{module_id}/rollback", json={"module_version_id": version_id})
    assert again.status_code == 409

    user = create(
        http, "uses-module", modules=[{"module_id": module_id, "module_version_id": version_id}]
    )
    assert user["modules"][0]["module_name"] == "helpers"
    assert user["modules"][0]["module_version_number"] == 1
    users = http.get(f"{base}/{module_id}/actions").json()
    assert [a["action_name"] for a in users["actions"]] == ["uses-module"]
    listed = http.get(base).json()
    assert listed["total"] == 1
    assert listed["modules"][0]["actions_using_module_total"] == 1
    assert "latest_version" not in listed["modules"][0]
    assert http.delete(f"{base}/{module_id}").status_code == 412
    http.delete(f"{API}/actions/actions/{user['id']}")
    assert http.delete(f"{base}/{module_id}").status_code == 204
    assert http.get(f"{base}/{module_id}").status_code == 404


# ---------------------------------------------------------------------- rate limit


def test_rate_limit_headers_429_and_refill(clock: ManualClock) -> None:
    emu = Auth0Emulator(clock=clock, rate_limit=(2, 1.0))
    with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        first = http.get(f"{API}/actions/triggers")
        assert first.headers["x-ratelimit-limit"] == "2"
        assert first.headers["x-ratelimit-remaining"] == "1"
        assert first.headers["x-ratelimit-reset"] == str(1_700_000_001)
        assert http.get(f"{API}/actions/triggers").headers["x-ratelimit-remaining"] == "0"
        limited = http.get(f"{API}/actions/triggers")
        assert limited.status_code == 429
        assert limited.json() == {
            "statusCode": 429,
            "error": "Too Many Requests",
            "message": "Global limit has been reached",
            "errorCode": "too_many_requests",
        }
        assert limited.headers["x-ratelimit-remaining"] == "0"
        assert int(limited.headers["x-ratelimit-reset"]) == 1_700_000_001
        clock.advance(1)
        assert http.get(f"{API}/actions/triggers").status_code == 200
        # The token endpoint is not part of the Management API bucket.
        assert "x-ratelimit-limit" not in http.post("/oauth/token", data={}).headers


def test_set_rate_limit_switches_the_limit_on_with_a_full_bucket_changes_and_removes_it(
    clock: ManualClock,
) -> None:
    emu = Auth0Emulator(clock=clock)
    with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        # Seed freely: no limit yet, so no bucket is drained and no headers are sent.
        for _ in range(5):
            seeded = http.get(f"{API}/actions/triggers")
            assert seeded.status_code == 200
            assert "x-ratelimit-limit" not in seeded.headers

        emu.set_rate_limit((2, 1.0))
        assert emu.rate_limit == (2, 1.0)
        first = http.get(f"{API}/actions/triggers")
        assert (first.headers["x-ratelimit-limit"], first.headers["x-ratelimit-remaining"]) == (
            "2",
            "1",
        )
        assert http.get(f"{API}/actions/triggers").status_code == 200
        assert http.get(f"{API}/actions/triggers").status_code == 429

        emu.set_rate_limit((3, 1.0))  # a new limit starts full again
        assert http.get(f"{API}/actions/triggers").headers["x-ratelimit-remaining"] == "2"
        emu.reset()  # kept across a reset, with a full bucket
        assert http.get(f"{API}/actions/triggers").headers["x-ratelimit-limit"] == "3"

        emu.set_rate_limit(None)
        assert emu.rate_limit is None
        for _ in range(5):
            assert "x-ratelimit-limit" not in http.get(f"{API}/actions/triggers").headers

    with pytest.raises(ValueError, match="burst"):
        emu.set_rate_limit((0, 1.0))
    assert emu.rate_limit is None  # a rejected limit changes nothing


# ---------------------------------------------------------------------- plumbing


def test_async_client_and_inspection_helpers(emu: Auth0Emulator) -> None:
    async def scenario() -> int:
        async with emu.async_client(headers={"Authorization": f"Bearer {emu.token}"}) as client:
            response = await client.post(
                f"{API}/actions/actions",
                json={"name": "async", "supported_triggers": [{"id": "post-login"}]},
            )
            return response.status_code

    assert asyncio.run(scenario()) == 201
    assert [a["name"] for a in emu.actions] == ["async"]
    assert emu.requests == [("POST", "/api/v2/actions/actions")]
    record = emu.request_log[0]
    assert record.status == 201
    assert record.json()["name"] == "async"
    assert record.headers["authorization"] == f"Bearer {emu.token}"
    emu.reset()
    assert emu.actions == []
    assert emu.requests == []


def test_ids_are_reproducible_for_a_seed() -> None:
    ids = []
    for fetch_token in (False, True):
        emu = Auth0Emulator(seed=5, build_seconds=0)
        with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
            if fetch_token:  # issuing a token must not shift the seeded id stream
                http.post(
                    "/oauth/token",
                    auth=(emu.client_id, emu.client_secret),
                    data={
                        "grant_type": "client_credentials",
                        "audience": "https://tenant.example/api/v2/",
                    },
                )
            ids.append(create(http)["id"])
    assert ids[0] == ids[1]
    assert len(ids[0]) == 36
    assert ids[0][14] == "4"  # uuid4-shaped


def test_basic_auth_helper_decodes_url_encoded_parts() -> None:
    emu = Auth0Emulator(client_id="id:with colon", client_secret="p@ss word")
    secret = base64.b64encode(b"id%3Awith+colon:p%40ss+word").decode()
    with emu.client() as raw:
        response = raw.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "audience": "https://tenant.example/api/v2/"},
            headers={"Authorization": f"Basic {secret}"},
        )
    assert response.status_code == 200


# ---------------------------------------------------------------------- recorded real-tenant facts


@pytest.mark.parametrize(
    "trigger_id",
    [
        "custom-phone-provider",
        "custom-email-provider",
        "event-stream",
        "password-hash-migration",
        "mcp-tool",
        "custom-token-exchange",
        "login-post-identifier",
        "signup-post-identifier",
        "post-credential-validation",
    ],
)
def test_bindings_of_the_triggers_real_tenants_have_list_with_200(
    http: httpx.Client, trigger_id: str
) -> None:
    assert http.get(f"{API}/actions/triggers/{trigger_id}/bindings").status_code == 200


def test_an_event_stream_action_can_be_created(http: httpx.Client) -> None:
    created = http.post(
        f"{API}/actions/actions",
        json={"name": "stream", "supported_triggers": [{"id": "event-stream", "version": "v1"}]},
    )
    assert created.status_code == 201
    assert created.json()["supported_triggers"] == [{"id": "event-stream", "version": "v1"}]


def test_registry_url_is_reported_while_building_only(
    http: httpx.Client, clock: ManualClock
) -> None:
    action = create(http, dependencies=[{"name": "lodash", "version": "4.17.21"}])
    assert action["dependencies"] == [
        {"name": "lodash", "version": "4.17.21", "registry_url": "https://registry.npmjs.org/"}
    ]
    clock.advance(30)
    built = http.get(f"{API}/actions/actions/{action['id']}").json()
    assert built["dependencies"] == [{"name": "lodash", "version": "4.17.21"}]


def test_an_action_keeps_at_most_fifty_versions(
    emu: Auth0Emulator, http: httpx.Client, clock: ManualClock
) -> None:
    action = create(http)
    url = f"{API}/actions/actions/{action['id']}"
    clock.advance(30)
    for _ in range(emu.max_action_versions + 2):
        assert http.post(f"{url}/deploy").status_code == 200
    listed = http.get(f"{url}/versions", params={"per_page": 100}).json()
    numbers = [v["number"] for v in listed["versions"]]
    assert listed["total"] == 50
    assert (numbers[0], numbers[-1]) == (52, 3)  # versions 1 and 2 were deleted


def test_a_version_with_modules_lists_them_and_one_without_has_no_key(
    http: httpx.Client, clock: ManualClock
) -> None:
    module = http.post(
        f"{API}/actions/modules",
        json={"name": "m", "code": "module.exports = {};", "publish": True},
    ).json()
    ref = {"module_id": module["id"], "module_version_id": module["latest_version"]["id"]}
    action = create(http, "uses-module", modules=[ref])
    clock.advance(30)
    version = http.post(f"{API}/actions/actions/{action['id']}/deploy").json()
    assert version["modules"][0]["module_id"] == module["id"]
    assert "action_id" not in version


# ---------------------------------------------------------------------- Private Key JWT


def _assertion(
    key: str,
    *,
    client_id: str = "emulator-client-id",
    aud: str = "https://tenant.example/",
    lifetime: int = 60,
    jti: str = "jti-1",
    alg: str = "RS256",
    now: float | None = None,
) -> str:
    import time

    import jwt

    issued = int(time.time() if now is None else now)
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": aud,
        "iat": issued,
        "exp": issued + lifetime,
        "jti": jti,
    }
    return jwt.encode(claims, key, algorithm=alg)


def _assertion_form(assertion: str, **extra: str) -> dict[str, str]:
    return {
        "grant_type": "client_credentials",
        "client_id": "emulator-client-id",
        "client_assertion": assertion,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "audience": "https://tenant.example/api/v2/",
        **extra,
    }


def test_private_key_jwt_assertion_is_verified_like_auth0(emu: Auth0Emulator) -> None:
    key = emu.generate_client_key()
    with emu.client() as raw:
        ok = raw.post("/oauth/token", data=_assertion_form(_assertion(key)))
        assert ok.status_code == 200, ok.text
        token = ok.json()["access_token"]
        listed = raw.get(f"{API}/actions/actions", headers={"Authorization": f"Bearer {token}"})
        assert listed.status_code == 200
        # The same jti again is a replay.
        replay = raw.post("/oauth/token", data=_assertion_form(_assertion(key)))
        assert replay.status_code == 401
        assert replay.json() == {
            "error": "invalid_client",
            "error_description": "jti has already been used",
        }


@pytest.mark.parametrize(
    ("make", "status", "description"),
    [
        (lambda k, o: _assertion(o, jti="other-key"), 401, "client_assertion signature is invalid"),
        (lambda k, o: _assertion(k, aud="https://elsewhere/", jti="a"), 401, "aud must be"),
        (lambda k, o: _assertion(k, lifetime=-10, jti="b"), 401, "client_assertion has expired"),
        (lambda k, o: _assertion(k, lifetime=7200, jti="c"), 401, "lifetime must not exceed"),
        (lambda k, o: _assertion(k, client_id="someone-else", jti="d"), 401, "iss and sub"),
        (lambda k, o: _assertion(k, jti="e", alg="RS512"), 401, "must be signed with one of"),
        (lambda k, o: _assertion(k, jti=""), 401, "jti is required"),
        (lambda k, o: "not-a-jwt", 401, "client_assertion is not a JWT"),
    ],
)
def test_bad_client_assertions_are_refused(
    emu: Auth0Emulator, make: Any, status: int, description: str
) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = emu.generate_client_key()
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other_pem = other.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    with emu.client() as raw:
        response = raw.post("/oauth/token", data=_assertion_form(make(key, other_pem)))
    assert response.status_code == status
    assert description in response.json()["error_description"]


def test_assertion_form_errors(emu: Auth0Emulator) -> None:
    key = emu.generate_client_key()
    with emu.client() as raw:
        wrong_type = raw.post(
            "/oauth/token",
            data=_assertion_form(_assertion(key), client_assertion_type="urn:other"),
        )
        assert wrong_type.status_code == 400
        both = raw.post(
            "/oauth/token",
            data=_assertion_form(_assertion(key, jti="z"), client_secret=emu.client_secret),
        )
        assert both.status_code == 401
        assert both.json()["error_description"] == "Use only one client authentication method"
        missing = raw.post("/oauth/token", data=_assertion_form(""))
        assert missing.status_code == 400
        unknown = raw.post(
            "/oauth/token", data=_assertion_form(_assertion(key, jti="u"), client_id="nobody")
        )
        assert unknown.status_code == 401
        assert "no client public key" in unknown.json()["error_description"]
