"""The safe automation helpers (issue 7) on both providers, against the emulators.

Build-aware deploy, order-preserving binding edits, unbind-and-delete and the duplicate-free
create, each also under scripted faults (lost responses, 5xx, 429): the tenant must end exactly
as intended. Time is a ManualClock shared by the SDK and the emulator: nothing really sleeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from actions_sdk import (
    ActionBuildError,
    BindingRef,
    BindingUpdate,
    BuildStatus,
    ConflictError,
    CreateOutcomeUnknownError,
    ManagementClient,
    NotFoundError,
    RetryPolicy,
    ServerError,
    UnsupportedOperationError,
    ValidationError,
    WaitTimeoutError,
)
from actions_sdk.testing import Auth0Emulator, ManualClock
from tests.scenarios.conftest import World, auth0_world, make_world, zitadel_world
from tests.scenarios.profiles import PROFILES

AUTH0_ACTIONS = "/api/v2/actions/actions"
AUTH0_BINDINGS = "/api/v2/actions/triggers/post-login/bindings"
ZITADEL_ACTIONS = "/management/v1/actions"
ZITADEL_FLOW_WRITE = "/management/v1/flows/2/trigger/5"


@pytest.fixture(params=sorted(PROFILES))
def world(request: pytest.FixtureRequest) -> Iterator[World]:
    built = make_world(PROFILES[request.param])
    with built.client:
        yield built


def create_kwargs(world: World, name: str) -> dict[str, Any]:
    return world.profile.create_kwargs(name)


def ready(world: World, name: str) -> Any:
    """An action that can be bound right away (built and deployed on Auth0)."""
    return world.client.actions.create(**create_kwargs(world, name), deploy=True, wait=True)


def names(bindings: list[Any]) -> list[str]:
    return [binding.action.name for binding in bindings]


def stored_bindings(world: World) -> list[tuple[str, str | None, str | None]]:
    """(action name, binding id, display name) on the world's trigger, read from the emulator."""
    by_id = {a["id"]: a["name"] for a in world.emulator.actions}
    return [(by_id[i], *rest) for i, *rest in world.profile.bound(world.emulator)]


def binding_writes(world: World) -> list[tuple[str, str]]:
    path = world.profile.binding_write[1]
    return [w for w in world.writes() if w[1] == path]


def requests_to(world: World, method: str, path: str) -> int:
    return sum(1 for m, p in world.emulator.requests if (m, p) == (method, path))


def with_three(world: World) -> list[Any]:
    """Three actions bound in order a, b, c."""
    made = [ready(world, name) for name in ("a", "b", "c")]
    world.client.actions.triggers.bindings.replace(world.trigger, made)
    return made


# -- build-aware deploy ------------------------------------------------------------------------


def test_create_deploy_wait_returns_a_bindable_action(any_world: World):
    world = any_world
    action = ready(world, "fresh")
    if world.profile.deploys:
        assert action.status is BuildStatus.BUILT
        assert action.deployed_version.deployed is True
        assert action.deployed_version.number == 1
    else:
        # Live once saved: the create and the read-back, nothing polled.
        sent = [(m, p) for m, p in world.emulator.requests if "/oauth/" not in p]
        path = world.profile.actions_path
        assert sent == [("POST", path), ("GET", f"{path}/{action.id}")]
    # Bindable right away: the classic "not deployed yet" 400 cannot happen.
    bound = world.client.actions.triggers.bindings.add(world.trigger, action)
    assert names(bound) == ["fresh"]


def test_deploy_wait_deploys_a_new_version_and_returns_the_action(any_world: World):
    world = any_world
    action = world.client.actions.create(**create_kwargs(world, "later"))
    result = world.client.actions.deploy(action.id, wait=True)
    assert result.id == action.id
    if world.profile.deploys:
        assert result.deployed_version.deployed is True
        assert result.deployed_version.number == 1
        assert requests_to(world, "POST", f"{AUTH0_ACTIONS}/{action.id}/deploy") == 1
        # Changed code: built again, deployed as version 2.
        world.client.actions.update(action.id, **world.edited("later"))
        again = world.client.actions.deploy(action.id, wait=True)
        assert again.deployed_version.number == 2
        assert again.deployed_version.code.endswith("\n")
    else:
        # deploy wrote nothing
        assert world.writes()[-1] == ("POST", world.profile.actions_path)


def test_deploy_wait_makes_no_new_version_when_nothing_changed():
    world = auth0_world()
    with world.client:
        action = ready(world, "same")
        again = world.client.actions.deploy(action.id, wait=True)
        assert again.deployed_version.number == 1
        assert requests_to(world, "POST", f"{AUTH0_ACTIONS}/{action.id}/deploy") == 0


def test_wait_until_built_polls_with_growing_pauses_and_measures_on_the_policy_clock():
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=9, deploy_seconds=1)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)

    with ManagementClient.for_auth0(
        "tenant.example",
        token=emulator.token,
        http_client=emulator.client(),
        retry_policy=RetryPolicy(sleep=sleep, clock=clock.time),
    ) as client:
        action = client.actions.create(name="slow", supported_triggers=["post-login"], code="x;")
        built = client.actions.wait_until_built(action.id, poll=1)
    assert built.status is BuildStatus.BUILT
    assert sleeps == [1, 1.5, 2.25, 3.375, 5.0]  # ×1.5, capped at 5 s: built at t = 9
    gets = [p for m, p in emulator.requests if m == "GET"]
    assert gets == [f"{AUTH0_ACTIONS}/{action.id}"] * 6


def test_wait_until_built_returns_the_action_and_is_one_read_on_zitadel(world: World):
    action = world.client.actions.create(**create_kwargs(world, "quick"))
    before = len(world.emulator.requests)
    start = world.clock.time()
    assert world.client.actions.wait_until_built(action.id).id == action.id
    if not world.profile.deploys:  # live on save: one read, no polling
        assert len(world.emulator.requests) - before == 1
        assert world.clock.time() == start


def test_a_failed_build_raises_at_once_and_says_where_to_look():
    world = auth0_world()
    with world.client:
        start = world.clock.time()
        with pytest.raises(ActionBuildError) as info:
            world.client.actions.create(
                name="broken",
                supported_triggers=["post-login"],
                code="exports.x = SYNTAX_ERROR;",
                deploy=True,
                wait=True,
            )
        error = info.value
        action_id = world.emulator.actions[0]["id"]
        # Real tenants send no errors array with a failed build: the error still says what
        # failed, with which status, and where to look.
        assert error.errors == ()
        assert (error.action_id, error.status, error.version) == (action_id, "failed", None)
        assert str(error) == (
            f"the build of the draft of action {action_id} failed (status failed); the server "
            "gave no build errors: open the action in the Auth0 dashboard (Actions > Library) "
            f"or GET /api/v2/actions/actions/{action_id} to see why"
        )
        # Seen as soon as the build ended (3 s), not after the 300 s timeout.
        assert world.clock.time() - start < 10


def test_a_build_that_never_ends_raises_a_timeout_with_the_last_status():
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=10_000)
    with ManagementClient.for_auth0(
        "tenant.example",
        token=emulator.token,
        http_client=emulator.client(),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
    ) as client:
        action = client.actions.create(name="stuck", supported_triggers=["post-login"], code="x;")
        with pytest.raises(WaitTimeoutError) as info:
            client.actions.deploy(action.id, wait=True, timeout=30, poll=2)
    error = info.value
    assert isinstance(error, TimeoutError)
    assert error.waited == pytest.approx(30)
    assert error.last_status == "pending"  # the emulator's first third of a build
    assert error.waiting_for == "build"
    assert "after 30.0 s" in str(error)
    assert not [p for m, p in emulator.requests if p.endswith("/deploy")]


def test_transient_poll_failures_do_not_end_the_wait():
    world = auth0_world()
    with world.client:
        action = world.client.actions.create(**create_kwargs(world, "flaky"))
        # Six 503s: two whole polls (three tries each) fail; the wait goes on.
        world.faults.next("5xx", count=6, method="GET", path_prefix=AUTH0_ACTIONS)
        assert world.client.actions.wait_until_built(action.id).status is BuildStatus.BUILT


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.actions.deploy("a1", timeout=5), "timeout"),
        (lambda c: c.actions.deploy("a1", wait="yes"), "wait"),
        (lambda c: c.actions.wait_until_built("a1", timeout=0), "timeout"),
        (lambda c: c.actions.wait_until_built("a1", poll=-1), "poll"),
        (lambda c: c.actions.create(name="x", code="y", wait=1), "wait"),
        (lambda c: c.actions.delete("a1", force=True, unbind=True), "unbind"),
        (lambda c: c.actions.delete("a1", unbind="yes"), "unbind"),
    ],
)
def test_bad_wait_arguments_fail_before_sending(world: World, call: Callable[[Any], Any], field):
    before = len(world.emulator.requests)
    with pytest.raises(ValidationError) as info:
        call(world.client)
    assert info.value.field == field
    assert len(world.emulator.requests) == before


def test_zitadel_accepts_deploy_only_together_with_wait():
    world = zitadel_world()
    with world.client:
        before = len(world.emulator.requests)
        with pytest.raises(UnsupportedOperationError):
            world.client.actions.create(name="x", code="function x() {}", deploy=True)
        with pytest.raises(UnsupportedOperationError):
            world.client.actions.deploy("1")
        assert len(world.emulator.requests) == before
        action = world.client.actions.create(
            name="x", code="function x() {}", deploy=True, wait=True
        )
        assert world.client.actions.deploy(action.id, wait=True) == action


# -- deploy under faults -----------------------------------------------------------------------


def test_a_lost_deploy_answer_is_settled_by_reading_not_by_deploying_again():
    world = auth0_world()
    with world.client:
        action = world.client.actions.create(**create_kwargs(world, "once"))
        deploy_path = f"{AUTH0_ACTIONS}/{action.id}/deploy"
        world.faults.next("lost_response", method="POST", path_prefix=deploy_path)
        result = world.client.actions.deploy(action.id, wait=True)
        assert result.deployed_version.number == 1
        assert result.deployed_version.deployed is True
        assert requests_to(world, "POST", deploy_path) == 1


def test_a_deploy_refused_with_503_or_429_is_sent_again():
    world = auth0_world()
    with world.client:
        action = world.client.actions.create(**create_kwargs(world, "again"))
        deploy_path = f"{AUTH0_ACTIONS}/{action.id}/deploy"
        world.faults.next("5xx", method="POST", path_prefix=deploy_path)
        world.faults.next("429", method="POST", path_prefix=deploy_path)
        result = world.client.actions.deploy(action.id, wait=True)
        assert result.deployed_version.number == 1  # one version despite three POSTs
        assert requests_to(world, "POST", deploy_path) == 3


def test_a_deploy_that_keeps_failing_raises_the_last_error_without_extra_versions():
    world = auth0_world()
    with world.client:
        action = world.client.actions.create(**create_kwargs(world, "down"))
        deploy_path = f"{AUTH0_ACTIONS}/{action.id}/deploy"
        world.faults.next("5xx", count=10, method="POST", path_prefix=deploy_path)
        with pytest.raises(ServerError):
            world.client.actions.deploy(action.id, wait=True)
        assert requests_to(world, "POST", deploy_path) == 3  # max_retries = 2
        assert "deployed_version" not in world.emulator.actions[0]


# -- duplicate-free create ---------------------------------------------------------------------


def lookups(world: World) -> int:
    return world.profile.lookups(world.emulator)


def creates(world: World) -> int:
    return requests_to(world, "POST", world.profile.actions_path)


def create_path(world: World) -> str:
    return world.profile.actions_path


def test_a_lost_create_answer_returns_the_one_action_after_a_lookup(any_world: World):
    world = any_world
    world.faults.next("lost_response", method="POST", path_prefix=create_path(world))
    action = ready(world, "exactly-once")
    assert [a["name"] for a in world.emulator.actions] == ["exactly-once"]
    assert action.id == world.emulator.actions[0]["id"]
    assert (creates(world), lookups(world)) == (1, 1)
    if world.profile.deploys:
        assert action.deployed_version.deployed is True


def test_a_create_refused_with_503_is_looked_up_then_sent_again(world: World):
    world.faults.next("5xx", method="POST", path_prefix=create_path(world))
    action = world.client.actions.create(**create_kwargs(world, "retried"))
    assert [a["id"] for a in world.emulator.actions] == [action.id]
    assert (creates(world), lookups(world)) == (2, 1)


def test_a_create_refused_with_429_is_retried_without_a_lookup(world: World):
    world.faults.next("429", method="POST", path_prefix=create_path(world))
    world.client.actions.create(**create_kwargs(world, "throttled"))
    assert len(world.emulator.actions) == 1
    assert (creates(world), lookups(world)) == (2, 0)


def test_a_name_taken_before_the_call_is_a_conflict_even_with_the_same_content(world: World):
    world.client.actions.create(**create_kwargs(world, "taken"))
    with pytest.raises(ConflictError):
        world.client.actions.create(**create_kwargs(world, "taken"))
    assert lookups(world) == 0  # never adopted, not even looked at


def test_an_uncertain_create_that_finds_other_content_says_what_is_known(world: World):
    # Someone else's action already has the name; our create is answered 503 (unprocessed).
    world.client.actions.create(**{**create_kwargs(world, "theirs"), **world.edited("other")})
    world.faults.next("5xx", method="POST", path_prefix=create_path(world))
    with pytest.raises(CreateOutcomeUnknownError) as info:
        world.client.actions.create(**create_kwargs(world, "theirs"))
    error = info.value
    assert error.name == "theirs"
    assert error.found.id == world.emulator.actions[0]["id"]
    assert world.profile.content_option in str(error)
    (stored,) = world.emulator.actions  # not duplicated ...
    assert stored[world.profile.code_field] == world.profile.edit(world.code("other"))  # ...
    # ... and not overwritten


def test_a_lookup_that_keeps_failing_leaves_the_outcome_unknown(world: World):
    world.faults.next("lost_response", method="POST", path_prefix=create_path(world))
    world.faults.next("5xx", count=50, **world.profile.lookup_fault)
    with pytest.raises(CreateOutcomeUnknownError) as info:
        world.client.actions.create(**create_kwargs(world, "unknown"))
    assert info.value.found is None
    assert isinstance(info.value.__cause__, ServerError)
    assert "looking it up by name failed" in str(info.value)
    assert creates(world) == 1  # and it was not sent again blindly


def test_zitadel_create_whose_read_back_fails_returns_the_created_action():
    world = zitadel_world()
    with world.client:
        # The POST succeeds; the GET that reads the new action back fails three times.
        world.faults.next("5xx", count=3, method="GET", path_prefix=f"{ZITADEL_ACTIONS}/")
        action = world.client.actions.create(name="readback", code="function readback() {}")
        assert [a["id"] for a in world.emulator.actions] == [action.id]
        assert (creates(world), lookups(world)) == (1, 1)


def test_a_409_after_an_uncertain_attempt_is_settled_by_the_lookup():
    """Attempt 1 is answered 503 (unprocessed); meanwhile another client creates the same action;
    attempt 2 gets 409. The lookup finds exactly the requested content: it is returned."""
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=0, deploy_seconds=0)
    body = {"name": "raced", "supported_triggers": ["post-login"], "code": "exports.x = 1;"}
    other = ManagementClient.for_auth0(
        "tenant.example", token=emulator.token, http_client=emulator.client()
    )
    posts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal posts
        if request.method == "POST" and request.url.path == AUTH0_ACTIONS:
            posts += 1
            if posts == 1:
                return httpx.Response(503, json={"statusCode": 503, "message": "busy"})
        response = emulator.handle(request)
        if request.method == "GET" and "actionName" in request.url.params and posts == 1:
            other.actions.create(**body)  # lands between our lookup and our second attempt
        return response

    with ManagementClient.for_auth0(
        "tenant.example",
        token=emulator.token,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
    ) as client:
        action = client.actions.create(**body)
    other.close()
    assert [a["id"] for a in emulator.actions] == [action.id]
    assert posts == 2


# -- order-preserving binding edits ------------------------------------------------------------


@pytest.mark.parametrize(
    ("placement", "expected"),
    [
        ({}, ["a", "b", "c", "new"]),
        ({"position": 0}, ["new", "a", "b", "c"]),
        ({"position": 2}, ["a", "b", "new", "c"]),
        ({"position": -1}, ["a", "b", "c", "new"]),
        ({"position": -4}, ["new", "a", "b", "c"]),
        ({"before": "b"}, ["a", "new", "b", "c"]),
        ({"after": "c"}, ["a", "b", "c", "new"]),
        ({"after": BindingRef.by_action_name("a")}, ["a", "new", "b", "c"]),
    ],
)
def test_add_inserts_at_the_place_and_keeps_every_other_binding(
    world: World, placement: dict[str, Any], expected: list[str]
):
    made = {action.name: action for action in with_three(world)}
    before = stored_bindings(world)
    new = ready(world, "new")
    # "before"/"after" name one of the bound actions by model (or are a BindingRef already).
    where = {k: made[v] if isinstance(v, str) else v for k, v in placement.items()}
    result = world.client.actions.triggers.bindings.add(world.trigger, new, **where)
    assert names(result) == expected
    after = stored_bindings(world)
    assert [entry[0] for entry in after] == expected
    # The other bindings are the very same ones: ids and display names unchanged.
    assert [entry for entry in after if entry[0] != "new"] == before
    if world.profile.display_names:
        assert next(e for e in after if e[0] == "new")[2] == "new"  # display name: the name


def test_add_by_id_or_name_and_with_a_display_name():
    world = auth0_world()
    with world.client:
        with_three(world)
        new = ready(world, "new")
        bindings = world.client.actions.triggers.bindings
        bindings.add("post-login", new.id, position=1, display_name="Shiny")
        assert stored_bindings(world)[1][::2] == ("new", "Shiny")
        bindings.remove("post-login", new)
        bindings.add("post-login", BindingRef.by_action_name("new"), position=0)
        assert stored_bindings(world)[0][::2] == ("new", "new")


def test_add_of_a_bound_action_writes_nothing(world: World):
    made = with_three(world)
    writes = len(binding_writes(world))
    result = world.client.actions.triggers.bindings.add(world.trigger, made[1], position=0)
    assert names(result) == ["a", "b", "c"]  # left where it was: move() moves
    assert len(binding_writes(world)) == writes


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"position": 4}, ValidationError),
        ({"position": -5}, ValidationError),
        ({"before": "nobody"}, ValidationError),
    ],
)
def test_add_that_does_not_fit_the_list_writes_nothing(world: World, kwargs, error):
    with_three(world)
    new = ready(world, "new")
    writes = len(binding_writes(world))
    with pytest.raises(error):
        world.client.actions.triggers.bindings.add(world.trigger, new, **kwargs)
    assert len(binding_writes(world)) == writes


def test_add_of_an_unknown_action_is_not_found(world: World):
    with_three(world)
    bindings = world.client.actions.triggers.bindings
    with pytest.raises(NotFoundError):
        bindings.add(world.trigger, BindingRef.by_action_name("ghost"))
    with pytest.raises(NotFoundError):
        bindings.add(world.trigger, "999999999999999999")
    assert names(bindings.list(world.trigger).to_list()) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda b, t: b.add(t, "x", position=1, before="y"), ValidationError),
        (lambda b, t: b.add(t, "x", position=True), ValidationError),
        (lambda b, t: b.add(t, 42), ValidationError),
        (lambda b, t: b.add(t, BindingRef.by_action_id("")), ValidationError),
        (lambda b, t: b.add(t, "x", display_name=3), ValidationError),
        (lambda b, t: b.move(t, "x"), ValidationError),
        (lambda b, t: b.move(t, "x", before="y", after="z"), ValidationError),
        (lambda b, t: b.replace(t, "abc"), ValidationError),
        (lambda b, t: b.replace(t, [None]), ValidationError),
    ],
)
def test_bad_binding_arguments_fail_before_sending(world: World, call, error):
    before = len(world.emulator.requests)
    with pytest.raises(error):
        call(world.client.actions.triggers.bindings, world.trigger)
    assert len(world.emulator.requests) == before


def test_zitadel_bindings_have_no_display_names_or_secrets():
    world = zitadel_world()
    with world.client:
        bindings = world.client.actions.triggers.bindings
        before = len(world.emulator.requests)
        with pytest.raises(UnsupportedOperationError):
            bindings.add(world.trigger, "1", display_name="x")
        with pytest.raises(UnsupportedOperationError):
            bindings.replace(
                world.trigger, [BindingUpdate(ref=BindingRef.by_action_id("1"), display_name="x")]
            )
        assert len(world.emulator.requests) == before


def test_remove_keeps_every_other_binding_and_skips_a_no_op(any_world: World):
    world = any_world
    made = with_three(world)
    before = stored_bindings(world)
    bindings = world.client.actions.triggers.bindings
    assert names(bindings.remove(world.trigger, made[1].id)) == ["a", "c"]
    assert stored_bindings(world) == [before[0], before[2]]
    writes = len(binding_writes(world))
    assert names(bindings.remove(world.trigger, made[1])) == ["a", "c"]
    assert len(binding_writes(world)) == writes


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"position": 0}, ["c", "a", "b"]),
        ({"position": -2}, ["a", "c", "b"]),
        ({"before": "b"}, ["a", "c", "b"]),
        ({"after": "a"}, ["a", "c", "b"]),
    ],
)
def test_move_keeps_the_binding_itself(world: World, kwargs, expected):
    made = {action.name: action for action in with_three(world)}
    before = {entry[0]: entry for entry in stored_bindings(world)}
    kwargs = {k: made[v] if isinstance(v, str) else v for k, v in kwargs.items()}
    result = world.client.actions.triggers.bindings.move(world.trigger, made["c"], **kwargs)
    assert names(result) == expected
    assert stored_bindings(world) == [before[name] for name in expected]


def test_move_to_where_it_is_writes_nothing_and_unbound_is_an_error(any_world: World):
    world = any_world
    made = with_three(world)
    bindings = world.client.actions.triggers.bindings
    writes = len(binding_writes(world))
    assert names(bindings.move(world.trigger, made[0], position=0)) == ["a", "b", "c"]
    assert names(bindings.move(world.trigger, made[0], before=made[0])) == ["a", "b", "c"]
    assert names(bindings.move(world.trigger, made[0], before=made[1])) == ["a", "b", "c"]
    assert len(binding_writes(world)) == writes
    other = ready(world, "other")
    with pytest.raises(ValidationError, match="not bound"):
        bindings.move(world.trigger, other, position=0)


def test_replace_keeps_existing_bindings_and_writes_only_a_change(any_world: World):
    world = any_world
    made = {action.name: action for action in with_three(world)}
    before = {entry[0]: entry for entry in stored_bindings(world)}
    new = ready(world, "new")
    bindings = world.client.actions.triggers.bindings
    result = bindings.replace(world.trigger, [made["c"].id, new, BindingRef.by_action_name("a")])
    assert names(result) == ["c", "new", "a"]
    after = stored_bindings(world)
    assert [after[0], after[2]] == [before["c"], before["a"]]
    writes = len(binding_writes(world))
    assert names(bindings.replace(world.trigger, [made["c"], new, made["a"]])) == ["c", "new", "a"]
    assert len(binding_writes(world)) == writes
    assert bindings.replace(world.trigger, []) == []
    assert stored_bindings(world) == []


def test_auth0_replace_can_rename_a_binding_without_re_creating_it():
    world = auth0_world()
    with world.client:
        made = with_three(world)
        ids = [entry[1] for entry in stored_bindings(world)]
        result = world.client.actions.triggers.bindings.replace(
            "post-login",
            [made[0], BindingUpdate(ref=BindingRef.by_action_id(made[1].id), display_name="B!")],
        )
        assert [(b.id, b.display_name) for b in result] == [(ids[0], "a"), (ids[1], "B!")]
        by_binding = BindingRef.by_binding_id(ids[0])
        assert names(world.client.actions.triggers.bindings.remove("post-login", by_binding)) == [
            "b"
        ]


def test_auth0_edits_read_every_page():
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=0, deploy_seconds=0)
    with ManagementClient.for_auth0(
        "tenant.example", token=emulator.token, http_client=emulator.client()
    ) as client:
        made = [
            client.actions.create(
                name=f"n{i:02}", supported_triggers=["post-login"], code="x;", deploy=True
            )
            for i in range(23)
        ]
        client.actions.triggers.bindings.replace("post-login", made[:22])
        assert len(emulator.bindings("post-login")) == 22  # more than one page of 20
        result = client.actions.triggers.bindings.add("post-login", made[22], position=-2)
    assert [b.action.name for b in result] == [f"n{i:02}" for i in (*range(21), 22, 21)]
    pages = [r.query.get("page") for r in emulator.request_log if r.path == AUTH0_BINDINGS]
    assert ["1"] in pages


# -- binding edits under faults ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["lost_response", "5xx", "429"])
def test_a_faulty_binding_write_still_ends_with_exactly_the_intended_list(world: World, kind):
    with_three(world)
    before = stored_bindings(world)
    new = ready(world, "new")
    method, path = world.profile.binding_write
    world.faults.next(kind, method=method, path_prefix=path)
    bindings = world.client.actions.triggers.bindings
    assert names(bindings.add(world.trigger, new, position=1)) == ["a", "new", "b", "c"]
    world.faults.next(kind, method=method, path_prefix=path)
    assert names(bindings.move(world.trigger, new, position=-1)) == ["a", "b", "c", "new"]
    world.faults.next(kind, method=method, path_prefix=path)
    assert names(bindings.remove(world.trigger, new)) == ["a", "b", "c"]
    assert stored_bindings(world) == before


def test_a_binding_write_failing_past_the_transport_retries_is_started_over(world: World):
    with_three(world)
    new = ready(world, "new")
    method, path = world.profile.binding_write
    # Three lost answers: the write landed, but the transport gave up. The helper reads again,
    # finds the action in place and writes nothing more.
    world.faults.next("lost_response", count=3, method=method, path_prefix=path)
    result = world.client.actions.triggers.bindings.add(world.trigger, new, position=0)
    assert names(result) == ["new", "a", "b", "c"]
    assert len(binding_writes(world)) == 1 + 3


def test_reads_failing_past_every_retry_raise_the_error(world: World):
    with_three(world)
    world.faults.next("5xx", count=100, **world.profile.binding_read)
    with pytest.raises(ServerError):
        world.client.actions.triggers.bindings.remove(world.trigger, "whatever")


# -- unbind and delete -------------------------------------------------------------------------


def test_delete_unbind_removes_the_action_everywhere_and_keeps_the_rest(any_world: World):
    world = any_world
    made = with_three(world)
    before = stored_bindings(world)
    world.client.actions.delete(made[1].id, unbind=True)
    assert [a["name"] for a in world.emulator.actions] == ["a", "c"]
    assert stored_bindings(world) == [before[0], before[2]]


def test_auth0_delete_unbind_reads_every_trigger_bound_trigger_and_never_forces():
    world = auth0_world()
    with world.client:
        made = with_three(world)
        world.client.actions.delete(made[0].id, unbind=True)
        listed = {
            r.path.split("/")[5] for r in world.emulator.request_log if r.path.endswith("bindings")
        }
        assert "custom-token-exchange" not in listed  # entity-bound: Auth0 refuses to list it
        assert {"post-login", "credentials-exchange", "post-change-password"} <= listed
        deletes = [r for r in world.emulator.request_log if r.method == "DELETE"]
        assert [(r.path, dict(r.query)) for r in deletes] == [(f"{AUTH0_ACTIONS}/{made[0].id}", {})]
        assert len(binding_writes(world)) == 2  # the replace, then one unbinding write


def test_zitadel_delete_unbind_relies_on_the_server_cascade():
    world = zitadel_world()
    with world.client:
        made = with_three(world)
        writes = len(world.writes())
        world.client.actions.delete(made[0].id, unbind=True)
        # Verified against the emulator: a plain DELETE, and the flow no longer lists it.
        assert world.writes()[writes:] == [("DELETE", f"{ZITADEL_ACTIONS}/{made[0].id}")]
        assert [entry[0] for entry in stored_bindings(world)] == ["b", "c"]


def test_a_lost_delete_answer_counts_as_done(world: World):
    made = with_three(world)
    path = f"{create_path(world)}/{made[2].id}"
    world.faults.next("lost_response", method="DELETE", path_prefix=path)
    world.client.actions.delete(made[2].id, unbind=True)
    assert [a["name"] for a in world.emulator.actions] == ["a", "b"]
    assert requests_to(world, "DELETE", path) == 2  # the second one answered 404


def test_delete_unbind_of_a_missing_action_is_not_found(world: World):
    missing = "123456789012345678"
    if world.profile.idempotent_delete:
        # v2 answers 200 for a target that is not there, and the SDK relies on it: one DELETE.
        world.client.actions.delete(missing, unbind=True)
        assert world.writes() == [("DELETE", f"{create_path(world)}/{missing}")]
        return
    with pytest.raises(NotFoundError):
        world.client.actions.delete(missing, unbind=True)


def test_auth0_delete_unbind_unbinds_again_when_bound_meanwhile():
    """Another client binds the action again between our unbinding and our DELETE (409)."""
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=0, deploy_seconds=0)
    other = ManagementClient.for_auth0(
        "tenant.example", token=emulator.token, http_client=emulator.client()
    )
    action = other.actions.create(
        name="sticky", supported_triggers=["post-login"], code="x;", deploy=True
    )
    other.actions.triggers.bindings.add("post-login", action)
    deletes = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal deletes
        if request.method == "DELETE":
            deletes += 1
            if deletes == 1:
                other.actions.triggers.bindings.add("post-login", action)
        return emulator.handle(request)

    with ManagementClient.for_auth0(
        "tenant.example",
        token=emulator.token,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
    ) as client:
        client.actions.delete(action.id, unbind=True)
    other.close()
    assert emulator.actions == []
    assert emulator.bindings("post-login") == []
    assert deletes == 2


# -- edges ---------------------------------------------------------------------------------


def test_an_adopted_identical_action_is_deployed_when_its_create_did_not_ask_to():
    """Our create is answered 503; an identical action (made without deploy) has the name. The
    lookup adopts it — indistinguishable from our own — and deploy=True, wait=True deploys it."""
    world = auth0_world()
    with world.client:
        world.client.actions.create(**create_kwargs(world, "twin"))
        world.faults.next("5xx", method="POST", path_prefix=AUTH0_ACTIONS)
        action = ready(world, "twin")
        assert action.deployed_version.deployed is True
        assert requests_to(world, "POST", f"{AUTH0_ACTIONS}/{action.id}/deploy") == 1


def test_add_by_name_of_an_action_bound_under_its_id_writes_nothing():
    world = zitadel_world()
    with world.client:
        with_three(world)
        writes = len(binding_writes(world))
        # Matched by name already in the listed bindings: no lookup, no write.
        bound = world.client.actions.triggers.bindings.add(
            world.trigger, BindingRef.by_action_name("b"), position=0
        )
        assert names(bound) == ["a", "b", "c"]
        assert len(binding_writes(world)) == writes


def test_auth0_add_by_a_binding_id_that_is_not_there_is_refused():
    world = auth0_world()
    with world.client:
        with_three(world)
        with pytest.raises(ValidationError, match="binding id"):
            world.client.actions.triggers.bindings.add(
                "post-login", BindingRef.by_binding_id("no-such-binding")
            )


def test_a_delete_that_conflicts_every_time_gives_up_with_the_conflict():
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=0, deploy_seconds=0)
    other = ManagementClient.for_auth0(
        "tenant.example", token=emulator.token, http_client=emulator.client()
    )
    action = other.actions.create(
        name="glued", supported_triggers=["post-login"], code="x;", deploy=True
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":  # someone re-binds it before every delete
            other.actions.triggers.bindings.add("post-login", action)
        return emulator.handle(request)

    with (
        ManagementClient.for_auth0(
            "tenant.example",
            token=emulator.token,
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
            retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
        ) as client,
        pytest.raises(ConflictError),
    ):
        client.actions.delete(action.id, unbind=True)
    other.close()
    assert [r.method for r in emulator.request_log].count("DELETE") == 3  # 1 + max_retries


def test_create_deploy_wait_on_the_emulator_stops_polling_once_the_version_is_live():
    # The emulator answers a create(deploy=True) as real tenants do (version 1 announced as
    # deployed and pending; built and live with the build): the wait ends on the first poll that
    # shows the build done, with no further GET.
    from tests.scenarios.conftest import auth0_world

    world = auth0_world()
    action = world.client.actions.create(
        name="live-at-once",
        supported_triggers=["post-login"],
        code=world.code("live-at-once"),
        deploy=True,
        wait=True,
        poll=1,
    )
    assert action.status == "built"
    assert action.deployed_version is not None
    assert (action.deployed_version.number, action.deployed_version.deployed) == (1, True)
    action_path = f"/api/v2/actions/actions/{action.id}"
    calls = [(m, p) for m, p in world.emulator.requests if "/oauth/" not in p]
    # build_seconds=3: the create's answer shows the build pending, so the first poll waits a
    # pause; polls at 1 s (building), 2.5 s (building), 4.75 s (built and live) — and no more.
    assert calls == [("POST", "/api/v2/actions/actions")] + [("GET", action_path)] * 3
