"""Worlds for the scenario suite: the SDK client wired to an emulator of each vendor."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient, RetryPolicy
from actions_sdk.pagination import AsyncPager
from actions_sdk.testing import FaultPlan, ManualClock
from tests.scenarios.profiles import AUTH0, PROFILES, ZITADEL, ZITADEL_V2, VendorProfile


@attrs.define
class World:
    """One vendor's client, its emulator and the clock both share; ``profile`` says what differs."""

    profile: VendorProfile
    client: ManagementClient[Any, Any, Any]
    emulator: Any
    clock: ManualClock
    faults: FaultPlan

    @property
    def provider(self) -> str:
        """The vendor API's name (``"auth0"``, ``"zitadel"``, ``"zitadel-v2"``)."""
        return self.profile.name

    @property
    def trigger(self) -> str:
        """The trigger the scenarios bind to."""
        return self.profile.trigger

    def code(self, name: str) -> str:
        return self.profile.code(name)

    def make_bindable(self, action: Any) -> None:
        """Where actions must be deployed to be bound: wait for the build, deploy, wait again."""
        if not self.profile.deploys:
            return
        self.clock.advance(self.emulator.build_seconds)
        self.client.actions.deploy(action.id)
        self.clock.advance(self.emulator.deploy_seconds)

    def create(self, name: str) -> Any:
        return self.client.actions.create(**self.profile.create_kwargs(name))

    def edited(self, name: str) -> dict[str, str]:
        """``update`` arguments giving ``name``'s action a different, valid content."""
        return self.profile.content(self.profile.edit(self.code(name)))

    def content_of(self, action: Any) -> str:
        """What the action runs: its code, or a v2 target's endpoint."""
        return str(getattr(action, self.profile.content_option))

    def writes(self) -> list[tuple[str, str]]:
        """Requests that change state (ZITADEL's ``_search`` POSTs and token requests only read)."""
        return [
            (method, path)
            for method, path in self.emulator.requests
            if method in {"POST", "PUT", "PATCH", "DELETE"}
            and not path.endswith(("/_search", "/search"))
            and "/oauth/" not in path
        ]


def policy(clock: ManualClock) -> RetryPolicy:
    # Waits advance the emulator's clock instead of sleeping: rate limits refill, builds finish.
    async def advance(seconds: float) -> None:
        clock.advance(seconds)

    return RetryPolicy(
        sleep=clock.advance, async_sleep=advance, clock=clock.time, random=lambda: 0.0
    )


def make_world(profile: VendorProfile, *, rate_limit: Any = None, seed: int = 0) -> World:
    """A world for ``profile``: a fresh emulator on a manual clock and a sync client over it."""
    clock = ManualClock()
    faults = FaultPlan(seed)
    emulator = profile.make_emulator(clock, faults, rate_limit, seed)
    return World(profile, profile.client(emulator, policy(clock)), emulator, clock, faults)


def auth0_world(*, rate_limit: tuple[int, float] | None = None, seed: int = 0) -> World:
    return make_world(AUTH0, rate_limit=rate_limit, seed=seed)


def zitadel_world(*, rate_limit: float | None = None, seed: int = 0) -> World:
    return make_world(ZITADEL, rate_limit=rate_limit, seed=seed)


def zitadel_v2_world(*, rate_limit: float | None = None, seed: int = 0) -> World:
    return make_world(ZITADEL_V2, rate_limit=rate_limit, seed=seed)


@pytest.fixture(params=sorted(PROFILES))
def profile(request: pytest.FixtureRequest) -> VendorProfile:
    """Each vendor's profile in turn (the vendor profile fixture)."""
    return PROFILES[request.param]


@pytest.fixture
def world(profile: VendorProfile) -> Iterator[World]:
    built = make_world(profile)
    with built.client:
        yield built


# -- the same scenarios through the async client -----------------------------------------


class SyncFacade:
    """Drives an async client (or any object under it) from synchronous test code.

    Attribute access is proxied; coroutines are run to completion on one event loop and async
    pagers become objects that iterate like the sync ones. So the very same scenario code
    exercises ``AsyncManagementClient`` — its generated namespaces, async transport and token
    lock — rather than a re-implementation.
    """

    def __init__(self, target: Any, runner: asyncio.Runner) -> None:
        self._target = target
        self._runner = runner

    def __getattr__(self, name: str) -> Any:
        return self._wrap(getattr(self._target, name))

    def _wrap(self, value: Any) -> Any:
        if inspect.iscoroutine(value):
            return self._wrap(self._runner.run(value))
        if isinstance(value, AsyncPager):
            return _PagerFacade(value, self._runner)
        if callable(value) and not isinstance(value, type):
            return lambda *args, **kwargs: self._wrap(value(*args, **kwargs))
        if type(value).__module__.startswith("actions_sdk.resources") or isinstance(
            value, AsyncManagementClient
        ):
            return SyncFacade(value, self._runner)
        return value

    def __enter__(self) -> SyncFacade:
        return self

    def __exit__(self, *exc: object) -> None:
        if isinstance(self._target, AsyncManagementClient):
            self._runner.run(self._target.aclose())


class _PagerFacade:
    def __init__(self, pager: AsyncPager[Any], runner: asyncio.Runner) -> None:
        self._pager = pager
        self._runner = runner

    def __iter__(self) -> Iterator[Any]:
        return iter(self._runner.run(self._pager.to_list()))

    @property
    def total(self) -> int | None:
        return self._runner.run(self._pager.total())


def _async_world(built: World, runner: asyncio.Runner) -> World:
    """The same world, its client replaced by an async one over the same emulator and clock."""
    client = built.profile.async_client(built.emulator, policy(built.clock))
    built.client.close()
    return attrs.evolve(built, client=SyncFacade(client, runner))


@pytest.fixture(
    params=[(name, mode) for mode in ("sync", "async") for name in sorted(PROFILES)],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def any_world(request: pytest.FixtureRequest) -> Iterator[World]:
    """Every vendor API, through the sync client and through the async client."""
    provider, mode = request.param
    built = make_world(PROFILES[provider])
    if mode == "sync":
        with built.client:
            yield built
        return
    with asyncio.Runner() as runner:
        world = _async_world(built, runner)
        with world.client:
            yield world
