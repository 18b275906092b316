"""The test-only third vendor works through both clients with no change to ``actions_sdk``.

What this proves: a vendor defined entirely outside the package (models, converter, provider,
emulator) gets typed results, paging, error classes, id encoding and refusals of what it lacks
from the neutral core, sync and async alike.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient
from actions_sdk.errors import ApiError, NotFoundError, UnsupportedOperationError

from .emulator import TOKEN, WidgetEmulator
from .models import WidgetAction
from .provider import PAGE_SIZE, WidgetProvider

BASE_URL = "https://widgets.example"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server() -> WidgetEmulator:
    emulator = WidgetEmulator()
    emulator.add("w1", "first", body="return 1", revision=3)
    emulator.add("w2", "second")
    emulator.add("w3", "third")
    emulator.add("a/b", "slashed")
    emulator.add("w5", "fifth")
    return emulator


def sync_client(server: WidgetEmulator) -> ManagementClient[object, object, object]:
    http = httpx.Client(transport=server.transport())
    return ManagementClient(WidgetProvider(TOKEN), base_url=BASE_URL, http_client=http)


def async_client(server: WidgetEmulator) -> AsyncManagementClient[object, object, object]:
    http = httpx.AsyncClient(transport=server.async_transport())
    return AsyncManagementClient(WidgetProvider(TOKEN), base_url=BASE_URL, http_client=http)


def test_the_core_and_the_third_vendor_load_no_auth0_or_zitadel_code() -> None:
    # A fresh interpreter: this test process has long imported both real vendors.
    code = (
        "import sys, tests.third_vendor.provider, actions_sdk.client, actions_sdk.resources;"
        "bad = [m for m in sys.modules if m.startswith(('actions_sdk.providers.auth0.',"
        " 'actions_sdk.providers.zitadel.'))]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, (done.stdout, done.stderr)


def test_get_sync_returns_the_vendors_own_model(server: WidgetEmulator) -> None:
    with sync_client(server) as client:
        action = client.actions.get("w1")
        assert client.provider == "widgetco"
    assert action == WidgetAction(id="w1", name="first", body="return 1", revision=3)
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_get_accepts_the_model_in_place_of_its_id_and_encodes_ids(server: WidgetEmulator) -> None:
    with sync_client(server) as client:
        slashed = client.actions.get("a/b")
        again = client.actions.get(slashed)
    assert again.name == "slashed"
    assert [r.url.raw_path for r in server.requests] == [b"/v0/actions/a%2Fb"] * 2


def test_missing_action_is_the_sdks_not_found_error(server: WidgetEmulator) -> None:
    with sync_client(server) as client, pytest.raises(NotFoundError) as caught:
        client.actions.get("nope")
    assert caught.value.status_code == 404
    assert "action nope not found" in str(caught.value)


def test_list_sync_walks_every_page(server: WidgetEmulator) -> None:
    with sync_client(server) as client:
        pager = client.actions.list()
        total = pager.total  # reads the first page, which the walk then reuses
        ids = [action.id for action in pager]
    assert ids == ["a/b", "w1", "w2", "w3", "w5"]
    offsets = [r.url.params["offset"] for r in server.requests]
    assert offsets == ["0", "2", "4"]  # three pages of PAGE_SIZE, no trailing empty page
    assert PAGE_SIZE == 2
    assert total == 5


def test_list_filters_by_name(server: WidgetEmulator) -> None:
    with sync_client(server) as client:
        assert [a.id for a in client.actions.list(action_name="third")] == ["w3"]
    assert server.requests[0].url.params["label"] == "third"


def test_get_and_list_async(server: WidgetEmulator) -> None:
    async def main() -> tuple[WidgetAction, list[str]]:
        async with async_client(server) as client:
            action = await client.actions.get("w2")
            ids = [item.id async for item in client.actions.list()]
            with pytest.raises(NotFoundError):
                await client.actions.get("gone")
        return action, ids

    action, ids = asyncio.run(main())
    assert action == WidgetAction(id="w2", name="second", body="", revision=1)
    assert ids == ["a/b", "w1", "w2", "w3", "w5"]


def test_unsupported_operations_fail_before_any_request(server: WidgetEmulator) -> None:
    with sync_client(server) as client:
        with pytest.raises(UnsupportedOperationError) as deploy:
            client.actions.deploy("w1")
        with pytest.raises(UnsupportedOperationError) as delete:
            client.actions.delete("w1")
        with pytest.raises(UnsupportedOperationError) as filtered:
            client.actions.list(deployed=True)
    assert "widgetco" in str(deploy.value)
    assert "actions.deploy" in str(deploy.value)
    assert "actions.delete" in str(delete.value)
    assert "deployed" in str(filtered.value)
    assert server.requests == []


def test_unsupported_operation_async_fails_before_any_request(server: WidgetEmulator) -> None:
    async def main() -> None:
        async with async_client(server) as client:
            with pytest.raises(UnsupportedOperationError, match=r"actions\.deploy"):
                await client.actions.deploy("w1")

    asyncio.run(main())
    assert server.requests == []


def test_a_wrong_token_is_an_authentication_error_from_the_status_table(
    server: WidgetEmulator,
) -> None:
    http = httpx.Client(transport=server.transport())
    client = ManagementClient(WidgetProvider("wrong"), base_url=BASE_URL, http_client=http)
    with pytest.raises(ApiError) as caught:
        client.actions.get("w1")
    assert caught.value.status_code == 401
    assert "wrong" not in repr(caught.value)
