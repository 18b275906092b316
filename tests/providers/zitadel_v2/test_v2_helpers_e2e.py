"""The safe helpers on ZITADEL Actions v2, end to end through the client (sync and async).

Duplicate-free create settled by a name lookup, order-preserving add/move/remove/replace,
``delete(unbind=True)`` relying on the server's cascade, and ``deploy(wait=True)`` /
``wait_until_built`` as one read: all through the provider's recipe hooks, against
:class:`FakeV2`, with no real sleeping.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient, RetryPolicy
from actions_sdk.errors import ConflictError, CreateOutcomeUnknownError, UnsupportedOperationError
from actions_sdk.providers.zitadel.models_v2 import ExecutionCondition, TargetType
from tests.providers.zitadel_v2.fake_v2 import FakeV2

CONDITION = ExecutionCondition.function("preaccesstoken")
WIRE = {"function": {"name": "preaccesstoken"}}
TARGET = {"endpoint": "https://hooks.example.com/t", "target_type": "webhook", "timeout": 5}


def policy() -> RetryPolicy:
    async def no_wait(_: float) -> None:
        return None

    return RetryPolicy(sleep=lambda _: None, async_sleep=no_wait, jitter=0, hint_jitter=0)


def client(fake: FakeV2) -> ManagementClient:
    http = httpx.Client(transport=httpx.MockTransport(fake.handler))
    return ManagementClient.for_zitadel(
        "z.example", token="pat", api="v2", http_client=http, retry_policy=policy()
    )


def test_a_lost_create_answer_is_settled_by_the_name():
    fake = FakeV2()
    c = client(fake)
    fake.lose_next = True
    target = c.actions.create(name="hook", **TARGET)
    assert target.name == "hook"
    assert target.target_type == TargetType.WEBHOOK
    assert len(fake.targets) == 1  # created exactly once
    assert fake.writes == [("POST", "/v2/actions/targets")]


def test_a_lost_create_answer_with_other_content_is_not_overwritten():
    fake = FakeV2()
    c = client(fake)
    c.actions.create(name="hook", **TARGET)
    with pytest.raises(ConflictError):  # the name was taken before this call
        c.actions.create(name="hook", **TARGET)
    fake.targets["t1"]["timeout"] = "9s"  # another program's target under this name
    fake.lose_next = True
    with pytest.raises(CreateOutcomeUnknownError):
        c.actions.create(name="hook", **TARGET)
    assert fake.targets["t1"]["timeout"] == "9s"


def test_bindings_keep_their_order_through_add_move_remove_replace():
    fake = FakeV2()
    c = client(fake)
    a, b, d = (c.actions.create(name=n, **TARGET) for n in ("a", "b", "d"))
    bindings = c.actions.triggers.bindings
    bindings.add(CONDITION, a)
    bindings.add(str(CONDITION), b.id)
    bindings.add(CONDITION, d, position=0)
    assert fake.bound(WIRE) == [d.id, a.id, b.id]
    bindings.move(CONDITION, d, after=b)
    assert fake.bound(WIRE) == [a.id, b.id, d.id]
    bindings.remove(CONDITION, b.id)
    assert fake.bound(WIRE) == [a.id, d.id]
    writes = len(fake.writes)
    bindings.update_many(CONDITION, [a.id, d.id])  # the same list: nothing sent
    assert len(fake.writes) == writes
    bindings.replace(CONDITION, [d, a])
    assert fake.bound(WIRE) == [d.id, a.id]
    assert [x.target.id for x in bindings.list(CONDITION)] == [d.id, a.id]
    bindings.update_many(CONDITION, [])
    assert fake.bound(WIRE) == []
    assert list(bindings.list(CONDITION)) == []


def test_delete_unbind_relies_on_the_cascade_and_a_second_delete_is_fine():
    fake = FakeV2()
    c = client(fake)
    a = c.actions.create(name="a", **TARGET)
    b = c.actions.create(name="b", **TARGET)
    c.actions.triggers.bindings.update_many(CONDITION, [a, b])
    c.actions.delete(a, unbind=True)
    assert fake.bound(WIRE) == [b.id]  # the other binding kept, in place
    c.actions.delete(a.id)  # a missing target answers 200
    assert a.id not in fake.targets


def test_deploy_wait_and_wait_until_built_are_one_read():
    fake = FakeV2()
    c = client(fake)
    a = c.actions.create(name="a", **TARGET, wait=True, deploy=True)
    writes = list(fake.writes)
    assert c.actions.deploy(a, wait=True).id == a.id
    assert c.actions.wait_until_built(a.id).id == a.id
    assert fake.writes == writes
    with pytest.raises(UnsupportedOperationError):
        c.actions.deploy(a)


def test_upsert_and_update_on_v2():
    fake = FakeV2()
    c = client(fake)
    first = c.actions.upsert(name="u", **TARGET)
    again = c.actions.upsert(name="u", **TARGET)
    assert again.id == first.id
    changed = c.actions.update(first, timeout=7, target_type="call", interrupt_on_error=True)
    assert (changed.target_type, changed.interrupt_on_error) == (TargetType.CALL, True)
    rotated = c.actions.keys.rotate_signing_key(first)
    assert rotated.id == first.id


def test_the_async_client_runs_the_same_helpers():
    fake = FakeV2()

    async def main() -> list[str]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handler))
        async with AsyncManagementClient.for_zitadel(
            "z.example", token="pat", api="v2", http_client=http, retry_policy=policy()
        ) as c:
            fake.lose_next = True
            a = await c.actions.create(name="a", **TARGET)
            b = await c.actions.create(name="b", **TARGET)
            await c.actions.triggers.bindings.add(CONDITION, b)
            await c.actions.triggers.bindings.add(CONDITION, a, position=0)
            conditions = await c.actions.triggers.list()
            assert ExecutionCondition.function("presamlresponse") in conditions
            return [x.target.id async for x in c.actions.triggers.bindings.list(CONDITION)]

    assert asyncio.run(main()) == ["t1", "t2"]
