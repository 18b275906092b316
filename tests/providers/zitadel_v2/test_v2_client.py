"""``for_zitadel(api=...)``: choosing the ZITADEL Actions API, sync and async, over a mock."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient
from actions_sdk.errors import (
    ConflictError,
    NotFoundError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.providers.zitadel import ZitadelProvider, ZitadelV2Provider
from actions_sdk.providers.zitadel.models import ZitadelTrigger
from actions_sdk.providers.zitadel.models_v2 import ExecutionCondition
from tests.providers.zitadel_v2.v2_helpers import SIGNING_KEY, target_json

BASE = "https://z.example"


def handler(seen: list[httpx.Request]):
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v2/actions/targets/t1":
            return httpx.Response(200, json={"target": target_json()})
        if request.url.path == "/v2/actions/targets/t2":
            body = {
                "code": 5,
                "message": "Errors.Target.NotFound (COMMAND-xj14f2cccn)",
                "details": [{"@type": "x", "id": "COMMAND-xj14f2cccn"}],
            }
            return httpx.Response(404, json=body)
        return httpx.Response(409, json={"code": 6, "message": "Errors.Target.AlreadyExists"})

    return answer


def test_the_default_api_stays_v1():
    client = ManagementClient.for_zitadel("z.example", token="pat")
    assert isinstance(client._provider, ZitadelProvider)
    assert client.provider == "zitadel"


def test_api_v2_talks_to_v2_paths_without_an_org_header():
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=httpx.MockTransport(handler(seen)))
    client = ManagementClient.for_zitadel("z.example", token="pat", api="v2", http_client=http)
    assert isinstance(client._provider, ZitadelV2Provider)
    assert client.provider == "zitadel-v2"
    target = client.actions.get("t1")
    assert target.signing_key == SIGNING_KEY
    (request,) = seen
    assert str(request.url) == f"{BASE}/v2/actions/targets/t1"
    assert request.headers["authorization"] == "Bearer pat"
    assert "x-zitadel-orgid" not in request.headers
    with pytest.raises(NotFoundError) as caught:
        client.actions.get("t2")
    assert caught.value.error_code == "COMMAND-xj14f2cccn"


def test_the_async_client_speaks_v2_too():
    seen: list[httpx.Request] = []

    async def main() -> str:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler(seen)))
        async with AsyncManagementClient.for_zitadel(
            "z.example", token="pat", api="v2", http_client=http
        ) as client:
            target = await client.actions.get("t1")
            with pytest.raises(ConflictError):
                await client.actions.keys.rotate_signing_key("t3")
            return target.id

    assert asyncio.run(main()) == "t1"
    assert [r.url.path for r in seen] == ["/v2/actions/targets/t1", "/v2/actions/targets/t3"]


@pytest.mark.parametrize(
    "factory", [ManagementClient.for_zitadel, AsyncManagementClient.for_zitadel]
)
def test_org_id_is_refused_with_v2(factory):
    with pytest.raises(UnsupportedOperationError) as caught:
        factory("z.example", token="pat", api="v2", org_id="o1")
    assert "instance-wide" in str(caught.value)
    client = factory("z.example", token="pat", api="v2")
    with pytest.raises(UnsupportedOperationError):
        client.with_options(org_id="o1")


def test_the_v2_provider_itself_refuses_an_org_id():
    # Built directly (a public class), not only through for_zitadel: never dropped silently.
    with pytest.raises(UnsupportedOperationError) as caught:
        ZitadelV2Provider("z.example", token="pat", org_id="o1")
    assert "instance-wide" in str(caught.value)


@pytest.mark.parametrize("api", ["v3", "V2", None, 2])
def test_an_unknown_api_is_a_validation_error(api):
    with pytest.raises(ValidationError) as caught:
        ManagementClient.for_zitadel("z.example", token="pat", api=api)
    assert caught.value.field == "api"


def test_v2_checks_credentials_as_v1_does():
    with pytest.raises(ValidationError):
        ManagementClient.for_zitadel("z.example", api="v2")
    with pytest.raises(ValidationError):
        ManagementClient.for_zitadel("z.example", api="v2", token="pat", client_id="c")


def test_v2_refuses_v1_flow_calls_and_v1_refuses_v2_conditions_before_sending():
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"sent {request.url}")

    http = httpx.Client(transport=httpx.MockTransport(unreachable))
    v2 = ManagementClient.for_zitadel("z.example", token="pat", api="v2", http_client=http)
    v1 = ManagementClient.for_zitadel("z.example", token="pat", http_client=http)
    with pytest.raises(UnsupportedOperationError, match="v1 flow triggers"):
        v2.actions.triggers.bindings.update_many("complement_token:pre_access_token_creation", [])
    with pytest.raises(UnsupportedOperationError, match="v1 flow triggers"):
        v2.actions.triggers.bindings.list(ZitadelTrigger.parse("2:5"))
    with pytest.raises(UnsupportedOperationError):
        v2.actions.deactivate("t1")
    with pytest.raises(UnsupportedOperationError, match='api="v2"'):
        v1.actions.triggers.bindings.update_many("function:preaccesstoken", [])
    with pytest.raises(UnsupportedOperationError, match="execution conditions"):
        v1.actions.triggers.bindings.list(ExecutionCondition.event())
    with pytest.raises(UnsupportedOperationError):
        v1.actions.keys.list("a1")


def test_no_signing_key_in_the_debug_log(caplog):
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=httpx.MockTransport(handler(seen)))
    client = ManagementClient.for_zitadel("z.example", token="pat", api="v2", http_client=http)
    with caplog.at_level(logging.DEBUG):
        target = client.actions.get("t1")
    assert SIGNING_KEY not in caplog.text
    assert SIGNING_KEY not in json.dumps(target.to_dict(), default=str)
