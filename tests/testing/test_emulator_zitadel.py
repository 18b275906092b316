"""ZITADEL emulator, exercised with raw httpx (no SDK code involved)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import jwt
import pytest

from actions_sdk.testing import ManualClock, ZitadelEmulator

MGMT = "/management/v1"
SCOPE = "openid urn:zitadel:iam:org:project:id:zitadel:aud"
SEED_ACTION_KEYS = {"id", "details", "state", "name", "script", "timeout", "allowedToFail"}
ERROR_DETAIL = "type.googleapis.com/zitadel.v1.ErrorDetail"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emu(clock: ManualClock) -> ZitadelEmulator:
    return ZitadelEmulator(clock=clock)


@pytest.fixture
def http(emu: ZitadelEmulator) -> Iterator[httpx.Client]:
    with emu.client(headers={"Authorization": f"Bearer {emu.pat}"}) as client:
        yield client


def create(http: httpx.Client, name: str = "addGroups", **extra: Any) -> str:
    body = {"name": name, "script": f"function {name}(ctx, api) {{}}", "timeout": "10s"}
    body.update(extra)
    response = http.post(f"{MGMT}/actions", json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def assert_error(response: httpx.Response, status: int, code: int, error_id: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert body["message"].endswith(f"({error_id})")
    assert body["details"] == [
        {"@type": ERROR_DETAIL, "id": error_id, "message": body["message"][: -len(error_id) - 3]}
    ]


# ---------------------------------------------------------------------- auth


def assertion(
    key: dict[str, str], *, now: float, aud: Any, lifetime: int = 60, **claims: Any
) -> str:
    payload = {
        "iss": key["userId"],
        "sub": key["userId"],
        "aud": aud,
        "iat": int(now),
        "exp": int(now) + lifetime,
    }
    payload.update(claims)
    return jwt.encode(payload, key["key"], algorithm="RS256", headers={"kid": key["keyId"]})


@pytest.fixture(scope="module")
def key_emu() -> ZitadelEmulator:
    # RSA key generation is the slow part; share one key across the JWT tests.
    emulator = ZitadelEmulator(clock=ManualClock())
    emulator.generate_service_account_key()
    return emulator


def test_jwt_profile_grant(key_emu: ZitadelEmulator) -> None:
    key = key_emu.generate_service_account_key()
    assert key["type"] == "serviceaccount"
    assert key["userId"] == key_emu.user_id
    assert key["keyId"].isdigit()
    assert key["key"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    now = key_emu.assertion_clock()
    with key_emu.client() as raw:
        response = raw.post(
            "/oauth/v2/token",
            data={
                "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": assertion(key, now=now, aud=["https://zitadel.example"]),
                "scope": SCOPE,
            },
        )
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "Bearer"
        assert body["expires_in"] == 43_199
        api = raw.post(
            f"{MGMT}/actions/_search",
            headers={"Authorization": f"Bearer {body['access_token']}"},
            json={},
        )
        assert api.status_code == 200


@pytest.mark.parametrize(
    ("change", "description"),
    [
        ({"aud": "https://elsewhere.example"}, "audience"),
        ({"lifetime": 3601}, "1 hour"),
        ({"iss": "someone-else"}, "iss and sub"),
        ({"now_offset": -3600}, "expired"),
        ({"kid": "unknown"}, "kid"),
        ({"foreign_key": True}, "signature"),
    ],
)
def test_jwt_profile_rejections(
    key_emu: ZitadelEmulator, change: dict[str, Any], description: str
) -> None:
    key = dict(key_emu.generate_service_account_key())
    now = key_emu.assertion_clock() + change.pop("now_offset", 0)
    if change.pop("kid", None):
        key["keyId"] = "unknown"
    if change.pop("foreign_key", False):
        other = ZitadelEmulator().generate_service_account_key()  # not registered here
        key["key"] = other["key"]
    token = assertion(
        key,
        now=now,
        aud=change.pop("aud", "https://zitadel.example"),
        lifetime=change.pop("lifetime", 60),
        **change,
    )
    with key_emu.client() as raw:
        response = raw.post(
            "/oauth/v2/token",
            data={
                "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": token,
                "scope": SCOPE,
            },
        )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert description in response.json()["error_description"]


def test_client_credentials_with_url_encoded_basic_auth(clock: ManualClock) -> None:
    emu = ZitadelEmulator(clock=clock, client_id="machine:1", client_secret="s3cr+t/=")
    encoded = base64.b64encode(
        f"{quote('machine:1', safe='')}:{quote('s3cr+t/=', safe='')}".encode()
    ).decode()
    with emu.client() as raw:
        ok = raw.post(
            "/oauth/v2/token",
            data={"grant_type": "client_credentials", "scope": SCOPE},
            headers={"Authorization": f"Basic {encoded}"},
        )
        assert ok.status_code == 200
        token = ok.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert raw.get(f"{MGMT}/flows/2", headers=headers).status_code == 200
        clock.advance(43_199)
        expired = raw.get(f"{MGMT}/flows/2", headers=headers)
        assert expired.status_code == 401
        assert expired.json()["code"] == 16

        wrong = raw.post(
            "/oauth/v2/token",
            data={"grant_type": "client_credentials", "scope": SCOPE},
            auth=("machine:1", "nope"),
        )
        assert wrong.status_code == 401
        assert wrong.json()["error"] == "invalid_client"
        no_basic = raw.post("/oauth/v2/token", data={"grant_type": "client_credentials"})
        assert no_basic.status_code == 401
        unsupported = raw.post("/oauth/v2/token", data={"grant_type": "password"})
        assert unsupported.json()["error"] == "unsupported_grant_type"


def test_token_without_api_audience_scope_is_rejected_by_the_api(emu: ZitadelEmulator) -> None:
    with emu.client() as raw:
        token = raw.post(
            "/oauth/v2/token",
            data={"grant_type": "client_credentials", "scope": "openid"},
            auth=(emu.client_id, emu.client_secret),
        ).json()["access_token"]
        response = raw.get(f"{MGMT}/flows/2", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["code"] == 16


def test_api_auth_errors_use_the_grpc_body(emu: ZitadelEmulator) -> None:
    with emu.client() as raw:
        missing = raw.get(f"{MGMT}/actions/1")
        bad = raw.get(f"{MGMT}/actions/1", headers={"Authorization": "Bearer nope"})
    assert (missing.status_code, missing.json()["code"]) == (401, 16)
    assert (bad.status_code, bad.json()["code"]) == (401, 16)
    assert set(bad.json()) <= {"code", "message", "details"}


# ---------------------------------------------------------------------- actions


def test_crud_with_protojson_shapes(http: httpx.Client, clock: ManualClock) -> None:
    created = http.post(
        f"{MGMT}/actions",
        json={
            "name": "addGroups",
            "script": "function addGroups(ctx, api) {}",
            "timeout": "1.5s",
            "allowedToFail": True,
        },
    )
    assert created.status_code == 200
    body = created.json()
    action_id = body["id"]
    assert len(action_id) == 18
    assert action_id.isdigit()
    assert body["details"] == {
        "sequence": "1",
        "changeDate": "2023-11-14T22:13:20Z",
        "resourceOwner": "100000000000000001",
    }

    fetched = http.get(f"{MGMT}/actions/{action_id}").json()["action"]
    assert set(fetched) == SEED_ACTION_KEYS
    assert fetched["state"] == "ACTION_STATE_ACTIVE"
    assert fetched["timeout"] == "1.500s"
    assert fetched["allowedToFail"] is True
    assert isinstance(fetched["details"]["sequence"], str)
    assert "creationDate" not in fetched["details"]

    clock.advance(1.25)
    # Full replacement: omitted timeout becomes 0 (read back as 20s), allowedToFail false (absent).
    updated = http.put(
        f"{MGMT}/actions/{action_id}",
        json={"name": "addGroups", "script": "function addGroups(ctx, api) { return; }"},
    )
    assert updated.status_code == 200
    assert updated.json()["details"]["changeDate"] == "2023-11-14T22:13:21.250Z"
    after = http.get(f"{MGMT}/actions/{action_id}").json()["action"]
    assert after["timeout"] == "20s"
    assert "allowedToFail" not in after
    assert after["details"]["sequence"] == "2"

    deleted = http.delete(f"{MGMT}/actions/{action_id}")
    assert (deleted.status_code, deleted.json()) == (200, {})
    assert_error(http.get(f"{MGMT}/actions/{action_id}"), 404, 5, "QUERY-GEfnb")
    assert_error(http.delete(f"{MGMT}/actions/{action_id}"), 404, 5, "COMMAND-Dgh4h")


def test_no_change_update_and_state_errors(http: httpx.Client) -> None:
    action_id = create(http)
    same = {"name": "addGroups", "script": "function addGroups(ctx, api) {}", "timeout": "10s"}
    assert_error(http.put(f"{MGMT}/actions/{action_id}", json=same), 400, 9, "ACTION-dg4t2")
    assert_error(http.put(f"{MGMT}/actions/404", json=same), 404, 5, "COMMAND-Sfg2t")

    assert_error(http.post(f"{MGMT}/actions/{action_id}/_reactivate"), 400, 9, "COMMAND-J53zh")
    deactivated = http.post(f"{MGMT}/actions/{action_id}/_deactivate", json={})
    assert deactivated.status_code == 200
    state = http.get(f"{MGMT}/actions/{action_id}").json()["action"]["state"]
    assert state == "ACTION_STATE_INACTIVE"
    assert_error(http.post(f"{MGMT}/actions/{action_id}/_deactivate"), 400, 9, "COMMAND-Dgj92")
    assert http.post(f"{MGMT}/actions/{action_id}/_reactivate").status_code == 200
    assert_error(http.post(f"{MGMT}/actions/9/_deactivate"), 404, 5, "COMMAND-NRmhu")
    assert_error(http.post(f"{MGMT}/actions/9/_reactivate"), 404, 5, "COMMAND-Aa22g")


def test_names_are_unique_per_org_and_freed_on_delete(
    emu: ZitadelEmulator, http: httpx.Client
) -> None:
    first = create(http, "dup")
    conflict = http.post(f"{MGMT}/actions", json={"name": "dup", "script": "x"})
    assert conflict.status_code == 409
    assert conflict.json()["code"] == 6
    other_org = emu.add_org()
    assert (
        http.post(
            f"{MGMT}/actions",
            json={"name": "dup", "script": "x"},
            headers={"x-zitadel-orgid": other_org},
        ).status_code
        == 200
    )
    second = create(http, "other")
    rename = http.put(f"{MGMT}/actions/{second}", json={"name": "dup", "script": "x"})
    assert rename.status_code == 409
    http.delete(f"{MGMT}/actions/{first}")
    create(http, "dup")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"name": "", "script": "x"}, "Name"),
        ({"name": "n" * 201, "script": "x"}, "Name"),
        ({"name": "n", "script": ""}, "Script"),
        ({"name": "n", "script": "é" * 20_001}, "Script"),  # 40 002 bytes
        ({"name": "n", "script": "x", "timeout": "21s"}, "Timeout"),
        ({"name": "n", "script": "x", "timeout": 10}, "Duration"),
    ],
)
def test_validation_limits(http: httpx.Client, body: dict[str, Any], fragment: str) -> None:
    response = http.post(f"{MGMT}/actions", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == 3
    assert fragment in response.json()["message"]


def test_validation_accepts_the_boundaries(http: httpx.Client) -> None:
    create(http, "n" * 200, script="x" * 40_000, timeout="20s")
    create(http, "zero", timeout="0s")
    zero = http.post(
        f"{MGMT}/actions/_search",
        json={"queries": [{"actionNameQuery": {"name": "zero"}}]},
    ).json()["result"][0]
    assert zero["timeout"] == "20s"


def test_list_actions_queries_sorting_and_limit(emu: ZitadelEmulator, http: httpx.Client) -> None:
    empty = http.post(f"{MGMT}/actions/_search", json={}).json()
    assert "result" not in empty
    assert "totalResult" not in empty["details"]
    for name in ("bravo", "alpha", "charlie"):
        create(http, name)
    default = http.post(f"{MGMT}/actions/_search", json={}).json()
    assert default["details"]["totalResult"] == "3"
    # No sorting column: no ORDER BY on the real server, so the order is arbitrary.
    assert sorted(a["name"] for a in default["result"]) == ["alpha", "bravo", "charlie"]
    by_name = http.post(
        f"{MGMT}/actions/_search",
        json={
            "query": {"asc": True, "limit": 2, "offset": "1"},
            "sortingColumn": "ACTION_FIELD_NAME_NAME",
        },
    ).json()
    assert by_name["sortingColumn"] == "ACTION_FIELD_NAME_NAME"
    assert [a["name"] for a in by_name["result"]] == ["bravo", "charlie"]
    assert by_name["details"]["totalResult"] == "3"
    filtered = http.post(
        f"{MGMT}/actions/_search",
        json={
            "queries": [
                {
                    "actionNameQuery": {
                        "name": "A",
                        "method": "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE",
                    }
                }
            ]
        },
    ).json()
    assert [a["name"] for a in filtered["result"]] == ["alpha"]
    by_state = http.post(
        f"{MGMT}/actions/_search",
        json={"queries": [{"actionStateQuery": {"state": "ACTION_STATE_INACTIVE"}}]},
    ).json()
    assert "result" not in by_state
    assert_error(
        http.post(f"{MGMT}/actions/_search", json={"query": {"limit": 1001}}), 400, 3, "QUERY-4M0fs"
    )
    assert http.post(f"{MGMT}/actions/_search", json={"queries": [{}]}).status_code == 400


# ---------------------------------------------------------------------- flows


def test_flow_types_and_trigger_types(http: httpx.Client) -> None:
    types = http.post(f"{MGMT}/flows/types/_search").json()["result"]
    assert [t["id"] for t in types] == ["1", "2", "3", "4"]
    assert types[1]["name"] == {"key": "Action.Flow.Type.CustomiseToken"}
    triggers = http.post(f"{MGMT}/flows/2/triggers/_search").json()["result"]
    assert [t["id"] for t in triggers] == ["4", "5"]
    legacy = http.post(f"{MGMT}/flows/FLOW_TYPE_EXTERNAL_AUTHENTICATION/triggers/_search").json()
    assert [t["id"] for t in legacy["result"]] == ["1", "2", "3"]
    assert_error(http.post(f"{MGMT}/flows/99/triggers/_search"), 404, 5, "MANAG-P2OBk")


def test_set_trigger_actions_rules_and_get_flow(http: httpx.Client) -> None:
    a, b, c = (create(http, n) for n in ("a", "b", "c"))
    url = f"{MGMT}/flows/2/trigger/5"
    assert http.post(url, json={"actionIds": [a, b]}).status_code == 200
    assert_error(http.post(url, json={"actionIds": [a, b]}), 400, 9, "COMMAND-Nfh52")
    assert http.post(url, json={"actionIds": [b, a]}).status_code == 200  # order matters
    assert_error(http.post(url, json={"actionIds": [a, "404"]}), 400, 9, "COMMAND-dg422")
    assert_error(
        http.post(f"{MGMT}/flows/2/trigger/1", json={"actionIds": [a]}), 400, 3, "COMMAND-Dfgh6"
    )
    assert_error(
        http.post(f"{MGMT}/flows/9/trigger/1", json={"actionIds": [a]}), 400, 3, "COMMAND-Dfhj5"
    )
    assert http.post(f"{MGMT}/flows/2/trigger/4", json={"action_ids": [c]}).status_code == 200
    legacy = http.post(
        f"{MGMT}/flows/FLOW_TYPE_EXTERNAL_AUTHENTICATION/trigger/TRIGGER_TYPE_POST_AUTHENTICATION",
        json={"actionIds": [a]},
    )
    assert legacy.status_code == 200

    flow = http.get(f"{MGMT}/flows/2").json()["flow"]
    assert flow["type"]["id"] == "2"
    assert flow["state"] == "FLOW_STATE_ACTIVE"
    groups = {
        g["triggerType"]["id"]: [x["id"] for x in g["actions"]] for g in flow["triggerActions"]
    }
    assert groups == {"5": [b, a], "4": [c]}
    # Two groups, deliberately never in ascending order (the real order is unstable).
    assert [g["triggerType"]["id"] for g in flow["triggerActions"]] == ["5", "4"]
    assert set(flow["triggerActions"][0]["actions"][0]) <= SEED_ACTION_KEYS


def test_delete_cascades_out_of_flows_and_clear_flow(
    emu: ZitadelEmulator, http: httpx.Client
) -> None:
    a, b = create(http, "a"), create(http, "b")
    http.post(f"{MGMT}/flows/2/trigger/5", json={"actionIds": [a, b]})
    http.post(f"{MGMT}/flows/2/trigger/4", json={"actionIds": [a]})
    http.delete(f"{MGMT}/actions/{a}")
    assert emu.flow("2") == {"5": [b]}
    cleared = http.post(f"{MGMT}/flows/2/_clear")
    assert cleared.status_code == 200
    assert "sequence" in cleared.json()["details"]
    assert_error(http.post(f"{MGMT}/flows/2/_clear"), 400, 9, "COMMAND-DgGh3")
    assert "triggerActions" not in http.get(f"{MGMT}/flows/2").json()["flow"]
    # Unbinding with an empty list works too.
    http.post(f"{MGMT}/flows/3/trigger/1", json={"actionIds": [b]})
    assert http.post(f"{MGMT}/flows/3/trigger/1", json={"actionIds": []}).status_code == 200
    assert emu.flow("3") == {}


def test_org_scoping(emu: ZitadelEmulator, http: httpx.Client) -> None:
    org = emu.add_org("200000000000000001")
    mine = create(http, "mine")
    headers = {"x-zitadel-orgid": org}
    theirs = http.post(f"{MGMT}/actions", json={"name": "theirs", "script": "x"}, headers=headers)
    theirs_id = theirs.json()["id"]
    assert theirs.json()["details"]["resourceOwner"] == org
    listed = http.post(f"{MGMT}/actions/_search", json={}, headers=headers).json()
    assert [a["name"] for a in listed["result"]] == ["theirs"]
    assert http.get(f"{MGMT}/actions/{mine}", headers=headers).status_code == 404
    assert http.get(f"{MGMT}/actions/{theirs_id}").status_code == 404
    # Another org's action id cannot be bound here.
    assert_error(
        http.post(f"{MGMT}/flows/2/trigger/5", json={"actionIds": [theirs_id]}),
        400,
        9,
        "COMMAND-dg422",
    )
    assert [a["name"] for a in emu.org_actions(org)] == ["theirs"]
    assert [a["name"] for a in emu.actions] == ["mine"]
    forbidden = http.get(f"{MGMT}/flows/2", headers={"x-zitadel-orgid": "999"})
    assert_error(forbidden, 403, 7, "AUTH-5mWD2")


def test_unknown_paths_and_methods(http: httpx.Client) -> None:
    unknown = http.get(f"{MGMT}/nothing")
    assert (unknown.status_code, unknown.json()) == (404, {"code": 5, "message": "Not Found"})
    wrong = http.patch(f"{MGMT}/actions/1")
    assert (wrong.status_code, wrong.json()["code"]) == (405, 12)
    assert http.get("/actions/1").status_code == 404  # the /management/v1 prefix is required


def test_rate_limit_429_without_headers(clock: ManualClock) -> None:
    emu = ZitadelEmulator(clock=clock, rate_limit=2)
    with emu.client(headers={"Authorization": f"Bearer {emu.pat}"}) as http:
        assert http.get(f"{MGMT}/flows/2").status_code == 200
        assert http.get(f"{MGMT}/flows/2").status_code == 200
        limited = http.get(f"{MGMT}/flows/2")
        assert limited.status_code == 429
        assert limited.json()["code"] == 8
        assert not [h for h in limited.headers if "ratelimit" in h or h == "retry-after"]
        clock.advance(0.5)
        assert http.get(f"{MGMT}/flows/2").status_code == 200


def test_key_given_to_the_constructor_or_registered_as_public_key(
    key_emu: ZitadelEmulator,
) -> None:
    key = key_emu.generate_service_account_key(user_id="300000000000000001")
    from_file = ZitadelEmulator(clock=key_emu.clock, service_account_key=key)
    from cryptography.hazmat.primitives import serialization

    private = serialization.load_pem_private_key(key["key"].encode(), None)
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    from_public = ZitadelEmulator(
        clock=key_emu.clock,
        service_account_key={
            "keyId": key["keyId"],
            "userId": key["userId"],
            "publicKey": public_pem,
        },
    )
    for emulator in (from_file, from_public):
        with emulator.client() as raw:
            response = raw.post(
                "/oauth/v2/token",
                data={
                    "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": assertion(
                        key, now=key_emu.assertion_clock(), aud="https://zitadel.example"
                    ),
                    "scope": SCOPE,
                },
            )
        assert response.status_code == 200, response.text
