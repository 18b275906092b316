"""ZITADEL v2 Actions emulator (``/v2/actions``), exercised with raw httpx (no SDK code)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from actions_sdk.testing import FaultPlan, ManualClock, ZitadelEmulator
from actions_sdk.testing.zitadel_v2 import EXECUTION_FUNCTIONS, EXECUTION_METHODS

V2 = "/v2/actions"
ERROR_DETAIL = "type.googleapis.com/zitadel.v1.ErrorDetail"
FUNCTION = {"function": {"name": "preaccesstoken"}}
METHOD = "/zitadel.user.v2.UserService/AddHumanUser"


@pytest.fixture
def emu() -> ZitadelEmulator:
    return ZitadelEmulator(clock=ManualClock(1_750_000_000.0))  # 2025-06-15T15:06:40Z


@pytest.fixture
def clock(emu: ZitadelEmulator) -> ManualClock:
    assert isinstance(emu.clock, ManualClock)
    return emu.clock


@pytest.fixture
def http(emu: ZitadelEmulator) -> Iterator[httpx.Client]:
    with emu.client(headers={"Authorization": f"Bearer {emu.pat}"}) as client:
        yield client


def create(http: httpx.Client, name: str = "ip-check", **extra: Any) -> str:
    body: dict[str, Any] = {
        "name": name,
        "restCall": {"interruptOnError": True},
        "endpoint": "https://hooks.example.com/ip",
        "timeout": "5s",
    }
    body.update(extra)
    response = http.post(f"{V2}/targets", json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def assert_error(response: httpx.Response, status: int, code: int, error_id: str | None) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    if error_id is None:
        assert "details" not in body
    else:
        assert body["details"][0]["@type"] == ERROR_DETAIL
        assert body["details"][0]["id"] == error_id


def pem_b64(key: Any) -> str:
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(pem).decode()


@pytest.fixture(scope="module")
def ec_key() -> Any:
    return ec.generate_private_key(ec.SECP256R1())


# ---------------------------------------------------------------------- targets


def test_create_get_round_trip_in_protojson(http: httpx.Client, clock: ManualClock) -> None:
    response = http.post(
        f"{V2}/targets",
        json={
            "name": "ip-check",
            "restCall": {"interruptOnError": True},
            "endpoint": "https://hooks.example.com/ip",
            "timeout": "5s",
            "payloadType": "PAYLOAD_TYPE_JWT",
        },
    )
    assert response.status_code == 200
    created = response.json()
    assert set(created) == {"id", "creationDate", "signingKey"}
    assert created["id"].isdigit()
    assert len(created["id"]) == 18
    assert created["creationDate"] == "2025-06-15T15:06:40Z"
    assert len(created["signingKey"]) == 32
    target = http.get(f"{V2}/targets/{created['id']}").json()["target"]
    assert target == {
        "id": created["id"],
        "creationDate": "2025-06-15T15:06:40Z",
        "changeDate": "2025-06-15T15:06:40Z",
        "name": "ip-check",
        "restCall": {"interruptOnError": True},
        "timeout": "5s",
        "endpoint": "https://hooks.example.com/ip",
        # The HMAC key is returned by every read.
        "signingKey": created["signingKey"],
        "payloadType": "PAYLOAD_TYPE_JWT",
    }


def test_zero_values_are_omitted(http: httpx.Client, emu: ZitadelEmulator) -> None:
    target_id = create(http, restCall=None, restWebhook={}, timeout="1.500s")
    (target,) = emu.v2.targets
    assert target["id"] == target_id
    assert target["restWebhook"] == {}
    assert target["timeout"] == "1.500s"
    assert "payloadType" not in target  # unspecified reads back absent (means JSON)


@pytest.mark.parametrize(
    ("change", "status", "code", "error_id"),
    [
        ({"name": ""}, 400, 3, None),
        ({"name": "   "}, 400, 3, "COMMAND-ddqbm9us5p"),
        ({"name": 7}, 400, 3, None),
        ({"restCall": None}, 400, 3, None),
        ({"restAsync": {}}, 400, 3, None),  # two target types
        ({"restCall": True}, 400, 3, None),
        ({"restCall": {"interruptOnError": "yes"}}, 400, 3, None),
        ({"timeout": None}, 400, 3, "COMMAND-39f35d8uri"),
        ({"timeout": "0s"}, 400, 3, "COMMAND-39f35d8uri"),
        ({"timeout": "271s"}, 400, 3, None),
        ({"timeout": "5 seconds"}, 400, 3, None),
        ({"endpoint": None}, 400, 3, "COMMAND-1r2k6qo6wg"),
        ({"endpoint": "not a url"}, 400, 3, "COMMAND-1r2k6qo6wg"),
        ({"endpoint": "https://x.example/" + "a" * 2048}, 400, 3, None),
        ({"endpoint": "http://localhost:8080/hook"}, 400, 3, "COMMAND-NcJUKo"),
        ({"endpoint": "http://127.0.0.1/hook"}, 400, 3, "COMMAND-NcJUKo"),
        ({"endpoint": "http://10.1.2.3/hook"}, 400, 3, "COMMAND-NcJUKo"),
        ({"endpoint": "http://[::1]/hook"}, 400, 3, "COMMAND-NcJUKo"),
        ({"endpoint": "http://[fd00::1]/hook"}, 400, 3, "COMMAND-NcJUKo"),
    ],
)
def test_create_validation(
    http: httpx.Client,
    emu: ZitadelEmulator,
    change: dict[str, Any],
    status: int,
    code: int,
    error_id: str | None,
) -> None:
    body: dict[str, Any] = {
        "name": "t",
        "restCall": {},
        "endpoint": "https://hooks.example.com/x",
        "timeout": "5s",
    }
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    assert_error(http.post(f"{V2}/targets", json=body), status, code, error_id)
    assert emu.v2.targets == []


def test_deny_list_is_replaceable(http: httpx.Client, emu: ZitadelEmulator) -> None:
    emu.v2.deny_list = ("hooks.internal",)
    create(http, "in-cluster", endpoint="http://10.0.0.7/hook")
    response = http.post(
        f"{V2}/targets",
        json={"name": "x", "restAsync": {}, "endpoint": "https://HOOKS.internal/", "timeout": "1s"},
    )
    assert_error(response, 400, 3, "COMMAND-NcJUKo")


def test_public_address_is_allowed(http: httpx.Client) -> None:
    create(http, "public-ip", endpoint="https://203.0.113.9/hook")


def test_duplicate_name_is_409_and_names_are_instance_wide(
    http: httpx.Client, emu: ZitadelEmulator
) -> None:
    create(http, "dup")
    # The org header is ignored: targets are instance-scoped.
    response = http.post(
        f"{V2}/targets",
        headers={"x-zitadel-orgid": "999"},
        json={"name": "dup", "restAsync": {}, "endpoint": "https://a.example", "timeout": "1s"},
    )
    assert_error(response, 409, 6, None)
    assert "Errors.Target.AlreadyExists" in response.json()["message"]
    assert len(emu.v2.targets) == 1


def test_get_unknown_target_is_404(http: httpx.Client) -> None:
    assert_error(http.get(f"{V2}/targets/123"), 404, 5, None)
    assert_error(http.get(f"{V2}/targets/{'1' * 201}"), 400, 3, None)


def test_partial_update_and_no_op(http: httpx.Client, clock: ManualClock) -> None:
    target_id = create(http)
    before = http.get(f"{V2}/targets/{target_id}").json()["target"]
    clock.advance(10)
    response = http.post(f"{V2}/targets/{target_id}", json={"timeout": "7s"})
    assert response.status_code == 200
    assert response.json() == {"changeDate": "2025-06-15T15:06:50Z"}
    after = http.get(f"{V2}/targets/{target_id}").json()["target"]
    assert after == {**before, "timeout": "7s", "changeDate": "2025-06-15T15:06:50Z"}
    clock.advance(10)
    # The same values again: 200 with the last change date, nothing written.
    response = http.post(f"{V2}/targets/{target_id}", json={"timeout": "7s", "name": "ip-check"})
    assert response.json() == {"changeDate": "2025-06-15T15:06:50Z"}
    assert http.get(f"{V2}/targets/{target_id}").json()["target"] == after


def test_update_target_type_rules(http: httpx.Client) -> None:
    target_id = create(http)
    http.post(f"{V2}/targets/{target_id}", json={"restAsync": {}})
    target = http.get(f"{V2}/targets/{target_id}").json()["target"]
    assert target["restAsync"] == {}
    assert "restCall" not in target
    http.post(f"{V2}/targets/{target_id}", json={"restWebhook": {"interruptOnError": True}})
    assert http.get(f"{V2}/targets/{target_id}").json()["target"]["restWebhook"] == {
        "interruptOnError": True
    }
    # Sending the type with {} resets interruptOnError to false.
    http.post(f"{V2}/targets/{target_id}", json={"restWebhook": {}})
    assert http.get(f"{V2}/targets/{target_id}").json()["target"]["restWebhook"] == {}


def test_update_payload_type_unspecified_leaves_it(http: httpx.Client) -> None:
    target_id = create(http, payloadType="PAYLOAD_TYPE_JWE")
    http.post(f"{V2}/targets/{target_id}", json={"payloadType": "PAYLOAD_TYPE_UNSPECIFIED"})
    target = http.get(f"{V2}/targets/{target_id}").json()["target"]
    assert target["payloadType"] == "PAYLOAD_TYPE_JWE"
    http.post(f"{V2}/targets/{target_id}", json={"payload_type": 1})
    assert http.get(f"{V2}/targets/{target_id}").json()["target"]["payloadType"] == (
        "PAYLOAD_TYPE_JSON"
    )


def test_update_errors(http: httpx.Client) -> None:
    first = create(http, "first")
    create(http, "second")
    assert_error(
        http.post(f"{V2}/targets/404", json={"timeout": "1s"}), 404, 5, "COMMAND-xj14f2cccn"
    )
    assert_error(http.post(f"{V2}/targets/{first}", json={"name": "second"}), 409, 6, None)
    assert_error(
        http.post(f"{V2}/targets/{first}", json={"timeout": "0s"}), 400, 3, "COMMAND-08b39vdi57"
    )
    assert_error(
        http.post(f"{V2}/targets/{first}", json={"endpoint": "ftp://x"}),
        400,
        3,
        "COMMAND-jsbaera7b6",
    )
    assert_error(
        http.post(f"{V2}/targets/{first}", json={"expirationSigningKey": "5s"}), 400, 3, None
    )


def test_signing_key_rotation(http: httpx.Client, clock: ManualClock) -> None:
    target_id = create(http)
    old = http.get(f"{V2}/targets/{target_id}").json()["target"]["signingKey"]
    clock.advance(1)
    response = http.post(f"{V2}/targets/{target_id}", json={"expirationSigningKey": "0s"})
    assert response.status_code == 200
    new = response.json()["signingKey"]
    assert new != old
    assert len(new) == 32
    assert response.json()["changeDate"] == "2025-06-15T15:06:41Z"
    assert http.get(f"{V2}/targets/{target_id}").json()["target"]["signingKey"] == new


def test_signing_keys_are_reproducible_per_seed() -> None:
    def first_key(seed: int) -> str:
        emulator = ZitadelEmulator(seed=seed, clock=ManualClock())
        with emulator.client(headers={"Authorization": f"Bearer {emulator.pat}"}) as client:
            create(client)
        return str(emulator.v2.targets[0]["signingKey"])

    assert first_key(3) == first_key(3)
    assert first_key(3) != first_key(4)


def test_delete_is_idempotent_and_detaches(
    http: httpx.Client, emu: ZitadelEmulator, clock: ManualClock
) -> None:
    keep, gone = create(http, "keep"), create(http, "gone")
    http.put(f"{V2}/executions", json={"condition": FUNCTION, "targets": [gone, keep]})
    http.put(
        f"{V2}/executions",
        json={"condition": {"event": {"event": "user.human.added"}}, "targets": [gone]},
    )
    clock.advance(5)
    response = http.delete(f"{V2}/targets/{gone}")
    assert response.json() == {"deletionDate": "2025-06-15T15:06:45Z"}
    assert emu.v2.execution(FUNCTION) == [keep]
    # The emptied execution disappears from the list.
    assert [e["condition"] for e in emu.v2.executions] == [FUNCTION]
    clock.advance(5)
    # Deleted before: 200 with the earlier date; never existed: 200 without one.
    assert http.delete(f"{V2}/targets/{gone}").json() == {"deletionDate": "2025-06-15T15:06:45Z"}
    response = http.delete(f"{V2}/targets/111111111111111111")
    assert response.status_code == 200
    assert response.json() == {}


# ---------------------------------------------------------------------- list targets


def test_list_targets_pagination_sorting_and_filters(
    http: httpx.Client, clock: ManualClock
) -> None:
    ids = []
    for name in ("charlie", "alpha", "bravo"):
        ids.append(create(http, name))
        clock.advance(1)
    body = http.post(f"{V2}/targets/search", json={}).json()
    assert body["pagination"] == {"totalResult": "3", "appliedLimit": "100"}
    # Default: creation date, descending.
    assert [t["id"] for t in body["targets"]] == ids[::-1]
    body = http.post(
        f"{V2}/targets/search",
        json={
            "pagination": {"offset": "1", "limit": 1, "asc": True},
            "sortingColumn": "TARGET_FIELD_NAME_NAME",
        },
    ).json()
    assert body["pagination"] == {"totalResult": "3", "appliedLimit": "1"}
    assert [t["name"] for t in body["targets"]] == ["bravo"]
    by_name = http.post(
        f"{V2}/targets/search",
        json={"filters": [{"targetNameFilter": {"targetName": "ALPHA", "method": 1}}]},
    ).json()
    assert [t["name"] for t in by_name["targets"]] == ["alpha"]
    exact = http.post(
        f"{V2}/targets/search", json={"filters": [{"targetNameFilter": {"targetName": "ALPHA"}}]}
    ).json()
    assert exact == {"pagination": {"appliedLimit": "100"}}  # zero total and empty list omitted
    by_ids = http.post(
        f"{V2}/targets/search",
        json={
            "filters": [{"inTargetIdsFilter": {"targetIds": ids[:2]}}],
            "pagination": {"asc": True},
        },
    ).json()
    assert [t["id"] for t in by_ids["targets"]] == ids[:2]


@pytest.mark.parametrize("column", range(9))
def test_list_targets_every_sorting_column(http: httpx.Client, column: int) -> None:
    create(http, "b", endpoint="https://b.example", timeout="2s")
    create(http, "a", restAsync={}, restCall=None, endpoint="https://a.example", timeout="1s")
    body = http.post(
        f"{V2}/targets/search", json={"sortingColumn": column, "pagination": {"asc": True}}
    ).json()
    assert sorted(t["name"] for t in body["targets"]) == ["a", "b"]


@pytest.mark.parametrize(
    ("body", "error_id"),
    [
        ({"pagination": {"limit": 1001}}, "QUERY-4M0fs"),
        ({"pagination": {"offset": -1}}, None),
        ({"pagination": {"limit": "ten"}}, None),
        ({"pagination": {"limit": True}}, None),
        ({"pagination": []}, None),
        ({"filters": [{"unknownFilter": {}}]}, "GRPC-vR9nC"),
        ({"filters": [{}]}, "GRPC-vR9nC"),
        ({"filters": {"targetNameFilter": {}}}, "GRPC-vR9nC"),
        ({"filters": [{"targetNameFilter": {"targetName": "x" * 201}}]}, None),
        ({"filters": [{"inTargetIdsFilter": {"targetIds": "1"}}]}, None),
    ],
)
def test_list_targets_bad_requests(
    http: httpx.Client, body: dict[str, Any], error_id: str | None
) -> None:
    create(http)
    assert_error(http.post(f"{V2}/targets/search", json=body), 400, 3, error_id)


def test_list_limit_message_names_the_maximum(http: httpx.Client) -> None:
    response = http.post(f"{V2}/targets/search", json={"pagination": {"limit": 5000}})
    assert "given: 5000, allowed: 1000" in response.json()["message"]


# ---------------------------------------------------------------------- executions


def test_set_execution_keeps_order_and_is_idempotent(
    http: httpx.Client, emu: ZitadelEmulator, clock: ManualClock
) -> None:
    ids = [create(http, f"t{i}") for i in range(4)]
    order = [ids[2], ids[0], ids[3], ids[1]]
    response = http.put(f"{V2}/executions", json={"condition": FUNCTION, "targets": order})
    assert response.json() == {"setDate": "2025-06-15T15:06:40Z"}
    # Order is execution order: stored and listed exactly as sent, never sorted (#10372).
    assert emu.v2.execution(FUNCTION) == order
    listed = http.post(f"{V2}/executions/search", json={}).json()
    assert listed["executions"][0]["targets"] == order
    assert listed["executions"][0]["condition"] == FUNCTION
    clock.advance(3)
    again = http.put(f"{V2}/executions", json={"condition": FUNCTION, "targets": order})
    assert again.json() == {"setDate": "2025-06-15T15:06:40Z"}  # no write, last change
    reordered = http.put(f"{V2}/executions", json={"condition": FUNCTION, "targets": order[::-1]})
    assert reordered.json() == {"setDate": "2025-06-15T15:06:43Z"}
    assert emu.v2.execution(FUNCTION) == order[::-1]


def test_set_execution_empty_removes(http: httpx.Client, emu: ZitadelEmulator) -> None:
    target_id = create(http)
    http.put(f"{V2}/executions", json={"condition": FUNCTION, "targets": [target_id]})
    assert (
        http.put(f"{V2}/executions", json={"condition": FUNCTION, "targets": []}).status_code == 200
    )
    assert emu.v2.execution(FUNCTION) == []
    assert http.post(f"{V2}/executions/search", json={}).json() == {
        "pagination": {"appliedLimit": "100"}
    }
    # Removing what does not exist is an identical (empty) list: 200, no date.
    assert http.put(f"{V2}/executions", json={"condition": FUNCTION}).json() == {}


@pytest.mark.parametrize(
    "condition",
    [
        {"request": {"method": METHOD}},
        {"request": {"service": "zitadel.user.v2.UserService"}},
        {"request": {"all": True}},
        {"response": {"method": "/zitadel.session.v2.SessionService/CreateSession"}},
        {"function": {"name": "presamlresponse"}},
        {"event": {"event": "user.human.added"}},
        {"event": {"group": "user.human"}},
        {"event": {"all": True}},
    ],
)
def test_every_condition_kind(http: httpx.Client, condition: dict[str, Any]) -> None:
    target_id = create(http)
    response = http.put(f"{V2}/executions", json={"condition": condition, "targets": [target_id]})
    assert response.status_code == 200, response.text
    listed = http.post(
        f"{V2}/executions/search",
        json={"filters": [{"inConditionsFilter": {"conditions": [condition]}}]},
    ).json()
    assert [e["condition"] for e in listed["executions"]] == [condition]


def test_event_group_suffix_is_stored_bare(http: httpx.Client, emu: ZitadelEmulator) -> None:
    target_id = create(http)
    http.put(
        f"{V2}/executions",
        json={"condition": {"event": {"group": "user.*"}}, "targets": [target_id]},
    )
    assert emu.v2.execution({"event": {"group": "user"}}) == [target_id]


@pytest.mark.parametrize(
    ("condition", "status", "code", "error_id"),
    [
        (None, 400, 3, "ACTION-5r5Ju"),
        ({}, 400, 3, "ACTION-5r5Ju"),
        ({"request": {"all": True}, "response": {"all": True}}, 400, 3, "ACTION-5r5Ju"),
        ({"request": "all"}, 400, 3, None),
        ({"request": {}}, 400, 3, "COMMAND-3tkej630e6"),
        ({"request": {"method": METHOD, "all": True}}, 400, 3, "COMMAND-3tkej630e6"),
        ({"request": {"all": False}}, 400, 3, None),
        ({"request": {"method": 5}}, 400, 3, None),
        # Unknown names are 404, not the 400 the proto documents.
        ({"request": {"method": "/x.Service/Nope"}}, 404, 5, "COMMAND-vysplsevt8"),
        ({"response": {"service": "x.Service"}}, 404, 5, "COMMAND-qu6dfhiioq"),
        ({"event": {"event": "user.nope"}}, 404, 5, "COMMAND-74aaqj8fv9"),
        ({"event": {"group": "user.notexisting"}}, 404, 5, "COMMAND-er5oneb5lz"),
        ({"function": {"name": "preuserinfo2"}}, 404, 5, "COMMAND-cdy39t0ksr"),
    ],
)
def test_set_execution_condition_errors(
    http: httpx.Client,
    emu: ZitadelEmulator,
    condition: Any,
    status: int,
    code: int,
    error_id: str | None,
) -> None:
    target_id = create(http)
    body = {"condition": condition, "targets": [target_id]}
    assert_error(http.put(f"{V2}/executions", json=body), status, code, error_id)
    assert emu.v2.executions == []


def test_set_execution_target_errors(http: httpx.Client, emu: ZitadelEmulator) -> None:
    target_id = create(http)
    unknown = {"condition": FUNCTION, "targets": [target_id, "999"]}
    assert_error(http.put(f"{V2}/executions", json=unknown), 404, 5, "COMMAND-17e8fq1ggk")
    legacy = {"condition": FUNCTION, "targets": [{"target": target_id}]}  # early v2beta form
    assert_error(http.put(f"{V2}/executions", json=legacy), 400, 3, None)
    assert emu.v2.executions == []


def test_list_executions_filters_sorting_pagination(http: httpx.Client, clock: ManualClock) -> None:
    a, b = create(http, "a"), create(http, "b")
    conditions = [
        FUNCTION,
        {"request": {"method": METHOD}},
        {"event": {"event": "user.added"}},
        {"response": {"all": True}},
    ]
    for condition in conditions:
        http.put(f"{V2}/executions", json={"condition": condition, "targets": [a]})
        clock.advance(1)
    http.put(f"{V2}/executions", json={"condition": FUNCTION, "targets": [a, b]})

    def search(**body: Any) -> dict[str, Any]:
        response = http.post(f"{V2}/executions/search", json=body)
        assert response.status_code == 200, response.text
        return dict(response.json())

    page = search(pagination={"limit": 2})
    assert page["pagination"] == {"totalResult": "4", "appliedLimit": "2"}
    assert [e["condition"] for e in page["executions"]] == conditions[::-1][:2]
    changed = search(sortingColumn="EXECUTION_FIELD_NAME_CHANGED_DATE")
    assert changed["executions"][0]["condition"] == FUNCTION
    by_id = search(sortingColumn=1, pagination={"asc": True})
    assert len(by_id["executions"]) == 4
    by_type = search(filters=[{"executionTypeFilter": {"executionType": "EXECUTION_TYPE_EVENT"}}])
    assert [e["condition"] for e in by_type["executions"]] == [conditions[2]]
    any_type = search(filters=[{"executionTypeFilter": {}}])
    assert any_type["pagination"]["totalResult"] == "4"
    by_target = search(filters=[{"targetFilter": {"targetId": b}}])
    assert [e["targets"] for e in by_target["executions"]] == [[a, b]]
    bad = http.post(
        f"{V2}/executions/search", json={"filters": [{"inConditionsFilter": {"conditions": {}}}]}
    )
    assert_error(bad, 400, 3, "GRPC-vR9nC")
    assert_error(
        http.post(f"{V2}/executions/search", json={"filters": [{"idFilter": {}}]}),
        400,
        3,
        "GRPC-vR9nC",
    )


def test_condition_listings(http: httpx.Client) -> None:
    functions = http.get(f"{V2}/executions/functions").json()
    assert functions == {"functions": list(EXECUTION_FUNCTIONS)}
    methods = http.get(f"{V2}/executions/methods").json()["methods"]
    assert methods == list(EXECUTION_METHODS)
    assert METHOD in methods
    services = http.get(f"{V2}/executions/services").json()["services"]
    assert "zitadel.user.v2.UserService" in services
    assert services == sorted(services)
    # Every listed method and service is accepted as a condition.
    target_id = create(http)
    for service in services:
        condition = {"request": {"service": service}}
        body = {"condition": condition, "targets": [target_id]}
        assert http.put(f"{V2}/executions", json=body).status_code == 200


# ---------------------------------------------------------------------- public keys


def test_public_key_lifecycle(http: httpx.Client, clock: ManualClock, ec_key: Any) -> None:
    target_id = create(http, payloadType="PAYLOAD_TYPE_JWE")
    keys = f"{V2}/targets/{target_id}/publickeys"
    response = http.post(keys, json={"publicKey": pem_b64(ec_key)})
    assert response.status_code == 200
    first = response.json()
    assert set(first) == {"keyId", "creationDate"}
    second = http.post(keys, json={"publicKey": pem_b64(ec_key)}).json()["keyId"]
    listed = http.post(f"{keys}/search", json={}).json()
    assert listed["pagination"]["totalResult"] == "2"
    # New keys start inactive (active is omitted when false).
    assert all("active" not in k for k in listed["publicKeys"])
    der = ec_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    fingerprint = "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode().rstrip("=")
    assert {k["fingerprint"] for k in listed["publicKeys"]} == {fingerprint}
    assert listed["publicKeys"][0]["publicKey"] == pem_b64(ec_key)

    clock.advance(1)
    assert http.post(f"{keys}/{first['keyId']}/activate").json() == {
        "changeDate": "2025-06-15T15:06:41Z"
    }
    clock.advance(1)
    # Idempotent: already active answers with the earlier change date.
    assert http.post(f"{keys}/{first['keyId']}/activate").json() == {
        "changeDate": "2025-06-15T15:06:41Z"
    }
    # At most one active key: activating the second deactivates the first.
    http.post(f"{keys}/{second}/activate")
    active = http.post(f"{keys}/search", json={"filters": [{"activeFilter": True}]}).json()
    assert [k["keyId"] for k in active["publicKeys"]] == [second]
    # The active key cannot be removed; deactivate first.
    assert_error(http.delete(f"{keys}/{second}"), 400, 9, None)
    http.post(f"{keys}/{second}/deactivate")
    changed = http.post(f"{keys}/{second}/deactivate").json()["changeDate"]
    assert changed == "2025-06-15T15:06:42Z"
    assert http.delete(f"{keys}/{second}").json() == {"deletionDate": "2025-06-15T15:06:42Z"}
    assert http.delete(f"{keys}/{second}").json() == {}  # a missing key is a no-op
    remaining = http.post(f"{keys}/search", json={"filters": [{"activeFilter": False}]}).json()
    assert [k["keyId"] for k in remaining["publicKeys"]] == [first["keyId"]]


def test_public_key_expiry_filters_and_sorting(
    http: httpx.Client, clock: ManualClock, ec_key: Any
) -> None:
    target_id = create(http)
    keys = f"{V2}/targets/{target_id}/publickeys"
    soon = http.post(
        keys, json={"publicKey": pem_b64(ec_key), "expirationDate": "2025-06-15T15:07:00Z"}
    ).json()["keyId"]
    later = http.post(
        keys, json={"publicKey": pem_b64(ec_key), "expiration_date": "2025-06-15T16:00:00.5Z"}
    ).json()["keyId"]
    none = http.post(keys, json={"publicKey": pem_b64(ec_key)}).json()["keyId"]
    http.post(f"{keys}/{soon}/activate")

    def ids(**body: Any) -> list[str]:
        response = http.post(f"{keys}/search", json=body)
        assert response.status_code == 200, response.text
        return [k["keyId"] for k in response.json().get("publicKeys", [])]

    def by_expiry(method: str) -> list[str]:
        spec = {"timestamp": "2025-06-15T15:07:00Z", "method": f"TIMESTAMP_FILTER_METHOD_{method}"}
        return ids(filters=[{"expirationDateFilter": spec}], pagination={"asc": True})

    assert by_expiry("EQUALS") == [soon]
    assert by_expiry("AFTER") == [later]
    assert by_expiry("AFTER_OR_EQUALS") == [soon, later]
    assert by_expiry("BEFORE") == []
    assert by_expiry("BEFORE_OR_EQUALS") == [soon]
    assert ids(filters=[{"keyIdsFilter": {"ids": [none, later]}}], pagination={"asc": True}) == [
        later,
        none,
    ]
    assert ids(sortingColumn="PUBLIC_KEY_FIELD_NAME_EXPIRATION_DATE") == [later, soon, none]
    assert ids(sortingColumn="PUBLIC_KEY_FIELD_NAME_CHANGE_DATE", pagination={"limit": 1}) == [none]
    clock.advance(60)
    # An expired key deactivates automatically; it can then be removed, not re-activated.
    assert ids(filters=[{"activeFilter": True}]) == []
    assert_error(http.post(f"{keys}/{soon}/activate"), 400, 9, None)
    assert http.post(f"{keys}/{soon}/deactivate").status_code == 200
    assert http.delete(f"{keys}/{soon}").status_code == 200
    assert_error(http.post(f"{keys}/search", json={"filters": [{"nope": 1}]}), 400, 3, "GRPC-vR9nC")


@pytest.mark.parametrize(
    "public_key",
    [
        None,
        "",
        "***",
        base64.b64encode(b"not a pem").decode(),
        base64.b64encode(b"x" * 9000).decode(),
        base64.b64encode(b"-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n").decode(),
        base64.b64encode(b"-----BEGIN PUBLIC KEY-----\nAAAAA\n-----END PUBLIC KEY-----\n").decode(),
    ],
)
def test_add_public_key_rejects_bad_keys(http: httpx.Client, public_key: Any) -> None:
    target_id = create(http)
    response = http.post(f"{V2}/targets/{target_id}/publickeys", json={"publicKey": public_key})
    assert_error(response, 400, 3, None)


def test_add_public_key_rejects_other_algorithms(http: httpx.Client) -> None:
    target_id = create(http)
    ed = ed25519.Ed25519PrivateKey.generate()
    response = http.post(f"{V2}/targets/{target_id}/publickeys", json={"publicKey": pem_b64(ed)})
    assert_error(response, 400, 3, None)
    bad_date = {"publicKey": pem_b64(ec.generate_private_key(ec.SECP256R1())), "expirationDate": 5}
    assert_error(http.post(f"{V2}/targets/{target_id}/publickeys", json=bad_date), 400, 3, None)


def test_public_keys_of_unknown_target_or_key(http: httpx.Client, ec_key: Any) -> None:
    assert_error(
        http.post(f"{V2}/targets/1/publickeys", json={"publicKey": pem_b64(ec_key)}), 404, 5, None
    )
    assert_error(http.post(f"{V2}/targets/1/publickeys/search", json={}), 404, 5, None)
    target_id = create(http)
    assert_error(http.post(f"{V2}/targets/{target_id}/publickeys/9/activate"), 404, 5, None)
    assert_error(http.post(f"{V2}/targets/{target_id}/publickeys/9/deactivate"), 404, 5, None)


# ---------------------------------------------------------------------- instance behaviour


def test_auth_permissions_and_routing(emu: ZitadelEmulator) -> None:
    with emu.client() as anonymous:
        assert_error(anonymous.post(f"{V2}/targets/search", json={}), 401, 16, None)
    with emu.client(headers={"Authorization": f"Bearer {emu.pat}"}) as http:
        assert_error(http.get(f"{V2}/nothing"), 404, 5, None)
        assert http.patch(f"{V2}/targets").status_code == 405
        assert_error(http.post(f"{V2}/targets", content=b"{"), 400, 3, None)
        emu.v2.instance_permission = False  # an ORG_OWNER's token
        assert_error(http.post(f"{V2}/targets/search", json={}), 403, 7, "AUTH-5mWD2")
        # v1 is unaffected by the instance permission.
        assert http.post("/management/v1/actions/_search", json={}).status_code == 200


def test_one_instance_serves_v1_and_v2(emu: ZitadelEmulator) -> None:
    with emu.client(headers={"Authorization": f"Bearer {emu.pat}"}) as http:
        create(http, "shared-name")
        body = {"name": "shared-name", "script": "function a(ctx, api) {}"}
        assert http.post("/management/v1/actions", json=body).status_code == 200
    assert len(emu.v2.targets) == 1
    assert len(emu.actions) == 1
    emu.reset()
    assert emu.v2.targets == []
    assert emu.v2.executions == []
    assert emu.actions == []
    assert repr(emu.v2) == "ZitadelActionsV2(targets=0, executions=0)"


def test_issued_token_and_rate_limit(clock: ManualClock) -> None:
    emu = ZitadelEmulator(clock=clock, rate_limit=2)
    with emu.client() as http:
        token = http.post(
            "/oauth/v2/token",
            auth=(emu.client_id, emu.client_secret),
            data={
                "grant_type": "client_credentials",
                "scope": "openid urn:zitadel:iam:org:project:id:zitadel:aud",
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert http.post(f"{V2}/targets/search", json={}, headers=headers).status_code == 200
        limited = http.post(f"{V2}/targets/search", json={}, headers=headers)
        assert_error(limited, 429, 8, None)
        clock.advance(1)
        assert http.post(f"{V2}/targets/search", json={}, headers=headers).status_code == 200


def test_seeded_faults_hit_v2(clock: ManualClock) -> None:
    emu = ZitadelEmulator(clock=clock, faults=FaultPlan(1))
    emu.faults.next("lost_response", method="POST", path_prefix=f"{V2}/targets")
    with emu.client(headers={"Authorization": f"Bearer {emu.pat}"}) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            create(http, "lost")
        # The create landed: a retry is a duplicate, settled by a name lookup.
        assert_error(
            http.post(
                f"{V2}/targets",
                json={
                    "name": "lost",
                    "restAsync": {},
                    "endpoint": "https://a.example",
                    "timeout": "1s",
                },
            ),
            409,
            6,
            None,
        )
        found = http.post(
            f"{V2}/targets/search", json={"filters": [{"targetNameFilter": {"targetName": "lost"}}]}
        ).json()
        assert [t["name"] for t in found["targets"]] == ["lost"]
        emu.faults.next("5xx")
        assert_error(http.get(f"{V2}/executions/functions"), 503, 14, None)


def test_served_over_loopback_http(ec_key: Any) -> None:
    emu = ZitadelEmulator()
    with (
        emu.serve() as server,
        httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {emu.pat}"}) as http,
    ):
        target_id = create(http, "served")
        response = http.put(
            f"{V2}/executions", json={"condition": FUNCTION, "targets": [target_id]}
        )
        assert response.status_code == 200
        keys = f"{V2}/targets/{target_id}/publickeys"
        assert http.post(keys, json={"publicKey": pem_b64(ec_key)}).status_code == 200
        assert http.delete(f"{V2}/targets/{target_id}").status_code == 200
    assert emu.v2.executions == []
