"""``actions.upsert``: create or update by name, then deploy; sync and async; re-runs just work."""

from __future__ import annotations

import asyncio

import pytest

from actions_sdk import ActionBuildError, AsyncManagementClient, RetryPolicy, ValidationError
from actions_sdk.testing import ZitadelEmulator
from tests.manifest.helpers import Tenant

CODE = "exports.onExecutePostLogin = async (event, api) => {};"
FIXED = "exports.onExecutePostLogin = async (event, api) => { api.x(); };"


def test_upsert_creates_then_changes_only_what_differs_then_nothing() -> None:
    tenant = Tenant("auth0")
    actions = tenant.client.actions
    created = actions.upsert(name="u", supported_triggers=["post-login"], code=CODE, deploy=True)
    assert created.deployed_version is not None
    assert created.all_changes_deployed
    writes = len(tenant.mutations())
    again = actions.upsert(name="u", supported_triggers=["post-login"], code=CODE, deploy=True)
    assert again.id == created.id
    assert len(tenant.mutations()) == writes  # same content, deployed: nothing written
    changed = actions.upsert(
        name="u",
        supported_triggers=["post-login"],
        code=FIXED,
        secrets=[{"name": "K", "value": "v"}],
        deploy=True,
    )
    assert changed.code == FIXED
    assert [s.name for s in changed.secrets] == ["K"]
    assert changed.deployed_version is not None
    assert changed.deployed_version.number == 2
    draft = actions.upsert(name="u", code=CODE)  # no deploy: the draft only
    assert draft.code == CODE
    assert len([a for a in tenant.emulator.actions if a["name"] == "u"]) == 1


def test_a_rerun_after_a_failed_build_updates_and_deploys() -> None:
    tenant = Tenant("auth0")
    actions = tenant.client.actions
    with pytest.raises(ActionBuildError):
        actions.upsert(
            name="b", supported_triggers=["post-login"], code="SYNTAX_ERROR", deploy=True
        )
    fixed = actions.upsert(name="b", supported_triggers=["post-login"], code=FIXED, deploy=True)
    assert fixed.all_changes_deployed
    assert fixed.code == FIXED
    with pytest.raises(ValidationError):
        actions.upsert(name="b", deploy="yes")  # type: ignore[arg-type]


def test_upsert_on_zitadel_and_async() -> None:
    tenant = Tenant("zitadel-v1")
    one = tenant.client.actions.upsert(name="z", code="function z(ctx, api) {}", timeout=5)
    two = tenant.client.actions.upsert(
        name="z", code="function z(ctx, api) {}", timeout=5, deploy=True
    )
    assert one.id == two.id
    emulator = ZitadelEmulator()

    async def run() -> tuple[str, str, float]:
        async with AsyncManagementClient.for_zitadel(
            "zitadel.example",
            token=emulator.pat,
            http_client=emulator.async_client(),
            retry_policy=RetryPolicy(sleep=lambda s: None),
        ) as client:
            first = await client.actions.upsert(name="a", code="function a(ctx, api) {}")
            second = await client.actions.upsert(
                name="a", code="function a(ctx, api) {}", timeout=7
            )
            return first.id, second.id, second.timeout.total_seconds()

    first, second, timeout = asyncio.run(run())
    assert first == second
    assert timeout == 7
