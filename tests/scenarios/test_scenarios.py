"""The same user-level flows on both providers, through the SDK, against the emulators."""

from __future__ import annotations

from datetime import timedelta

import pytest

from actions_sdk import (
    BadRequestError,
    BindingRef,
    BindingUpdate,
    BuildStatus,
    ConflictError,
    ManagementClient,
    NotFoundError,
    RateLimitError,
    UnsupportedOperationError,
)
from tests.scenarios.conftest import World, auth0_world, zitadel_v2_world, zitadel_world
from tests.scenarios.profiles import V2_CONDITION


def names(bindings: list) -> list[str]:
    return [binding.action.name for binding in bindings]


def test_lifecycle_create_bind_reorder_update_unbind_delete(any_world: World):
    world = any_world
    first = world.create("first")
    second = world.create("second")
    world.make_bindable(first)
    world.make_bindable(second)

    bindings = world.client.actions.triggers.bindings
    written = bindings.update_many(
        world.trigger, [BindingRef.by_action_id(first.id), BindingRef.by_action_name("second")]
    )
    assert names(written) == ["first", "second"]
    assert names(list(bindings.list(world.trigger))) == ["first", "second"]

    reordered = bindings.update_many(
        world.trigger, [BindingRef.by_action_id(second.id), BindingRef.by_action_id(first.id)]
    )
    assert names(reordered) == ["second", "first"]

    updated = world.client.actions.update(first.id, **world.edited("first"))
    assert world.content_of(updated) == world.profile.edit(world.code("first"))
    assert world.content_of(world.client.actions.get(first.id)) == world.content_of(updated)

    listed = world.client.actions.list(action_name="second")
    assert [action.id for action in listed] == [second.id]
    assert world.client.actions.list().total == 2

    assert bindings.update_many(world.trigger, []) == []
    assert list(bindings.list(world.trigger)) == []

    world.client.actions.delete(first.id)
    world.client.actions.delete(second.id)
    with pytest.raises(NotFoundError):
        world.client.actions.get(first.id)
    assert world.client.actions.list().total == 0


def test_listing_walks_every_page_without_a_trailing_request(any_world: World):
    world = any_world
    for index in range(5):
        world.create(f"act{index}")
    before = len(world.emulator.requests)
    pager = world.client.actions.list(per_page=2)
    assert sorted(action.name for action in pager) == [f"act{i}" for i in range(5)]
    assert len(world.emulator.requests) - before == 3  # pages of 2, 2 and 1 — no empty page


def test_names_are_unique(any_world: World):
    world = any_world
    world.create("twin")
    with pytest.raises(ConflictError):
        world.create("twin")


def test_triggers_are_listed(any_world: World):
    world = any_world
    triggers = world.client.actions.triggers.list()
    assert any(
        str(getattr(t, "id", t)) == world.trigger or str(t) == world.trigger for t in triggers
    )


def test_options_one_vendor_lacks_fail_before_sending(any_world: World):
    world = any_world
    before = len(world.emulator.requests)
    assert len(world.profile.lacks) >= 3
    for call in world.profile.lacks:
        with pytest.raises(UnsupportedOperationError):
            call(world.client)
    assert len(world.emulator.requests) == before


def test_lost_response_on_create_never_yields_two_actions(any_world: World):
    world = any_world
    # The emulator creates the action, then drops the connection before answering.
    world.faults.next("lost_response", method="POST", path_prefix=_actions_path(world))
    created = world.create("only-once")
    stored = [a for a in _stored_actions(world) if a["name"] == "only-once"]
    assert len(stored) == 1
    # The SDK looked the name up instead of repeating the POST: one create reached the emulator,
    # and the action it returns is that one.
    assert created.id == stored[0]["id"]
    creates = [w for w in world.writes() if w == ("POST", _actions_path(world))]
    assert len(creates) == 1


def test_5xx_on_a_read_is_retried_transparently(any_world: World):
    world = any_world
    action = world.create("sturdy")
    world.faults.next("5xx", count=2, method="GET")
    assert world.client.actions.get(action.id).id == action.id


def _actions_path(world: World) -> str:
    return world.profile.actions_path


def _stored_actions(world: World) -> list[dict]:
    return list(world.emulator.actions)


# -- Auth0 specifics --------------------------------------------------------------------


def test_auth0_build_deploy_and_rollback():
    world = auth0_world()
    with world.client:
        actions = world.client.actions
        action = world.create("versioned")
        assert action.status is BuildStatus.PENDING
        with pytest.raises(BadRequestError, match="built"):
            actions.deploy(action.id)
        world.clock.advance(3)
        assert actions.get(action.id).status is BuildStatus.BUILT
        first = actions.deploy(action.id)
        world.clock.advance(1)
        actions.update(action.id, code=world.code("v2"))
        assert actions.get(action.id).all_changes_deployed is False
        world.clock.advance(3)
        second = actions.deploy(action.id)
        world.clock.advance(1)
        assert (first.number, second.number) == (1, 2)
        versions = list(actions.versions.list(action.id))
        assert {v.number for v in versions} == {1, 2}
        rolled = actions.versions.deploy(action.id, first.id, update_draft=True)
        world.clock.advance(1)
        assert rolled.number == 3
        assert actions.versions.get(action.id, rolled.id).code == first.code
        assert actions.get(action.id).code == first.code


def test_auth0_deleting_a_bound_action_needs_force():
    world = auth0_world()
    with world.client:
        action = world.create("bound")
        world.make_bindable(action)
        world.client.actions.triggers.bindings.update_many(
            "post-login", [BindingUpdate(ref=BindingRef.by_action_id(action.id), display_name="B")]
        )
        with pytest.raises(ConflictError):
            world.client.actions.delete(action.id)
        world.client.actions.delete(action.id, force=True)
        assert list(world.client.actions.triggers.bindings.list("post-login")) == []


def test_auth0_binding_ids_are_kept_when_referenced():
    world = auth0_world()
    with world.client:
        a, b = world.create("a"), world.create("b")
        world.make_bindable(a)
        world.make_bindable(b)
        bindings = world.client.actions.triggers.bindings
        (kept,) = bindings.update_many("post-login", [BindingRef.by_action_id(a.id)])
        after = bindings.update_many(
            "post-login", [BindingRef.by_action_id(b.id), BindingRef.by_binding_id(kept.id)]
        )
        assert [x.id for x in after][1] == kept.id


def test_auth0_rate_limit_is_waited_out_on_the_emulator_clock():
    world = auth0_world(rate_limit=(2, 2.0))
    with world.client:
        for index in range(6):
            world.create(f"r{index}")
        assert len(world.emulator.actions) == 6
        assert world.client.rate_limit is not None
        assert world.client.rate_limit.limit == 2


def test_auth0_token_is_renewed_after_expiry_on_401():
    world = auth0_world()
    with world.client:
        world.create("one")
        world.emulator.expire_tokens()
        world.create("two")  # 401 → new token → replayed once
        tokens = [p for m, p in world.emulator.requests if p == "/oauth/token"]
        assert len(tokens) == 2


# -- ZITADEL specifics ------------------------------------------------------------------


def test_zitadel_no_op_update_and_identical_bindings_send_no_write():
    world = zitadel_world()
    with world.client:
        action = world.create("same")
        world.client.actions.triggers.bindings.update_many(
            world.trigger, [BindingRef.by_action_id(action.id)]
        )
        before = world.writes()
        world.client.actions.update(action.id, code=action.code)
        world.client.actions.triggers.bindings.update_many(
            world.trigger, [BindingRef.by_action_name("same")]
        )
        world.client.actions.reactivate(action.id)  # already active
        assert world.writes() == before


def test_zitadel_update_is_partial_although_the_server_replaces():
    world = zitadel_world()
    with world.client:
        action = world.client.actions.create(
            name="keep",
            code="function keep() {}",
            timeout=timedelta(seconds=7),
            allowed_to_fail=True,
        )
        updated = world.client.actions.update(action.id, code="function keep() { return 1; }")
        assert updated.timeout == timedelta(seconds=7)
        assert updated.allowed_to_fail is True


def test_zitadel_deactivate_and_reactivate():
    world = zitadel_world()
    with world.client:
        action = world.create("toggle")
        assert world.client.actions.deactivate(action.id).state.name == "INACTIVE"
        assert world.client.actions.deactivate(action.id).state.name == "INACTIVE"
        assert world.client.actions.reactivate(action.id).state.name == "ACTIVE"


def test_zitadel_delete_cascades_out_of_flows():
    world = zitadel_world()
    with world.client:
        action = world.create("cascade")
        world.client.actions.triggers.bindings.update_many(
            world.trigger, [BindingRef.by_action_id(action.id)]
        )
        world.client.actions.delete(action.id)
        assert list(world.client.actions.triggers.bindings.list(world.trigger)) == []


def test_zitadel_org_scoping_per_call():
    world = zitadel_world()
    with world.client:
        other = world.emulator.add_org()
        scoped = world.client.with_options(org_id=other)
        scoped.actions.create(name="elsewhere", code="function elsewhere() {}")
        assert [a.name for a in scoped.actions.list()] == ["elsewhere"]
        assert list(world.client.actions.list()) == []


def test_zitadel_429_without_headers_is_retried_with_backoff():
    world = zitadel_world(rate_limit=1.0)
    with world.client:
        for index in range(4):
            world.create(f"z{index}")
        assert len(world.emulator.actions) == 4


def test_zitadel_invalid_combination_is_refused_before_sending():
    world = zitadel_world()
    with world.client:
        before = len(world.emulator.requests)
        with pytest.raises(ValueError, match="trigger"):
            world.client.actions.triggers.bindings.update_many(
                "complement_token:post_authentication", []
            )
        assert len(world.emulator.requests) == before


# -- ZITADEL v2 specifics ---------------------------------------------------------------


def test_zitadel_v2_no_op_update_and_identical_execution_send_no_write():
    world = zitadel_v2_world()
    with world.client:
        target = world.create("same")
        bindings = world.client.actions.triggers.bindings
        bindings.update_many(world.trigger, [target.id])
        before = world.writes()
        assert world.client.actions.update(target.id, timeout=5) == target
        bindings.update_many(world.trigger, [BindingRef.by_action_name("same")])
        assert world.writes() == before


def test_zitadel_v2_order_is_the_callers_and_delete_detaches_everywhere():
    world = zitadel_v2_world()
    with world.client:
        a, b, c = (world.create(name) for name in ("a", "b", "c"))
        bindings = world.client.actions.triggers.bindings
        # Never sorted: the stored list is the order given, and each edit changes only its part.
        assert names(bindings.update_many(world.trigger, [c.id, a.id, b.id])) == ["c", "a", "b"]
        assert world.emulator.v2.execution(V2_CONDITION) == [c.id, a.id, b.id]
        event = "event:user.human.added"
        bindings.update_many(event, [b.id])
        assert names(bindings.move(world.trigger, a, position=0)) == ["a", "c", "b"]
        world.client.actions.delete(b.id)
        assert world.emulator.v2.execution(V2_CONDITION) == [a.id, c.id]
        assert list(bindings.list(event)) == []


def test_zitadel_v2_unknown_condition_is_not_found_and_a_bad_one_never_sent():
    world = zitadel_v2_world()
    with world.client:
        target = world.create("t")
        bindings = world.client.actions.triggers.bindings
        with pytest.raises(NotFoundError):
            bindings.update_many("function:preunknown", [target.id])
        before = len(world.emulator.requests)
        with pytest.raises(ValueError, match="condition"):
            bindings.update_many("request:no slash/here", [target.id])
        assert len(world.emulator.requests) == before


def test_zitadel_v2_signing_key_and_public_keys():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    world = zitadel_v2_world()
    with world.client:
        target = world.create("signed")
        (stored,) = world.emulator.actions
        assert target.signing_key == stored["signingKey"]
        assert stored["signingKey"] not in repr(target)
        rotated = world.client.actions.keys.rotate_signing_key(target)
        assert rotated.signing_key == world.emulator.actions[0]["signingKey"] != target.signing_key
        pem = (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )
        keys = world.client.actions.keys
        key = keys.add(target, public_key=pem)
        assert key.active is False
        keys.activate(target, key.key_id)
        assert [k.active for k in keys.list(target)] == [True]
        keys.deactivate(target, key.key_id)
        keys.remove(target, key.key_id)
        keys.remove(target, key.key_id)  # a missing key is a no-op
        assert list(keys.list(target)) == []


# -- over real loopback HTTP ------------------------------------------------------------


@pytest.mark.parametrize("provider", ["auth0", "zitadel", "zitadel-v2"])
def test_main_flow_over_loopback_http(provider: str):
    from actions_sdk.testing import Auth0Emulator, ZitadelEmulator

    if provider == "auth0":
        emulator = Auth0Emulator(build_seconds=0, deploy_seconds=0)
        with (
            emulator.serve() as server,
            ManagementClient.for_auth0(
                server.url, client_id="emulator-client-id", client_secret="emulator-client-secret"
            ) as client,
        ):
            action = client.actions.create(
                name="net", supported_triggers=["post-login"], code="exports.x = 1;"
            )
            client.actions.deploy(action.id)
            bound = client.actions.triggers.bindings.update_many(
                "post-login", [BindingRef.by_action_name("net")]
            )
            assert names(bound) == ["net"]
            client.actions.delete(action.id, force=True)
    else:
        emulator = ZitadelEmulator()
        v2 = provider == "zitadel-v2"
        content = (
            {"endpoint": "https://hooks.example.com/net", "target_type": "webhook", "timeout": 5}
            if v2
            else {"code": "function net() {}"}
        )
        with (
            emulator.serve() as server,
            ManagementClient.for_zitadel(
                server.url, token=emulator.pat, api="v2" if v2 else "v1"
            ) as client,
        ):
            action = client.actions.create(name="net", **content)
            bound = client.actions.triggers.bindings.update_many(
                "function:preaccesstoken" if v2 else "2:5", [BindingRef.by_action_id(action.id)]
            )
            assert names(bound) == ["net"]
            client.actions.delete(action.id)
    assert any(method == "DELETE" for method, _ in emulator.requests)


def test_rate_limit_error_surfaces_when_retries_run_out():
    world = auth0_world(rate_limit=(1, 0.001))
    with world.client.with_options(max_retries=0) as client:
        world.create("first")
        with pytest.raises(RateLimitError):
            client.actions.create(
                name="second", supported_triggers=["post-login"], code="exports.x=1;"
            )


def test_async_worlds_really_drive_the_async_client(any_world: World):
    from actions_sdk import AsyncManagementClient

    client = any_world.client
    target = getattr(client, "_target", client)
    expected = AsyncManagementClient if target is not client else ManagementClient
    assert isinstance(target, expected)
    assert type(target.actions).__name__ == (
        "AsyncActions" if expected is AsyncManagementClient else "Actions"
    )
