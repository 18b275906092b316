"""What differs between vendors in the scenario suites, held in one ``VendorProfile`` per vendor.

The scenario ``World`` (conftest.py), the chaos runs (test_chaos.py) and the recipe scenarios
(test_recipes.py) ask the profile instead of branching on the vendor's name: a new vendor is a new
profile, not a new ``if`` in every suite.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from actions_sdk import AsyncManagementClient, ManagementClient, RetryPolicy
from actions_sdk.testing import Auth0Emulator, FaultPlan, ManualClock, ZitadelEmulator

__all__ = ["AUTH0", "PROFILES", "ZITADEL", "ZITADEL_V2", "VendorProfile"]

Bound = list[tuple[str, str | None, str | None]]
"""(action id, binding id, display name) per binding, in execution order."""


def _auth0_emulator(clock: ManualClock, faults: FaultPlan, rate_limit: Any, seed: int) -> Any:
    return Auth0Emulator(
        clock=clock,
        build_seconds=3,
        deploy_seconds=1,
        rate_limit=rate_limit,
        faults=faults,
        seed=seed,
    )


def _zitadel_emulator(clock: ManualClock, faults: FaultPlan, rate_limit: Any, seed: int) -> Any:
    return ZitadelEmulator(clock=clock, rate_limit=rate_limit, faults=faults, seed=seed)


def _client_credentials(emulator: Any) -> dict[str, Any]:
    return {"client_id": emulator.client_id, "client_secret": emulator.client_secret}


def _auth0_bound(emulator: Any) -> Bound:
    return [
        (b["action"]["id"], b["id"], b["display_name"]) for b in emulator.bindings("post-login")
    ]


def _zitadel_bound(emulator: Any) -> Bound:
    # Flow 2 (complement token), trigger 5 (pre access token creation): ZITADEL_TRIGGER.
    return [(action_id, None, None) for action_id in emulator.flow("2").get("5", [])]


def _auth0_lookups(emulator: Any) -> int:
    return sum(
        1
        for r in emulator.request_log
        if r.method == "GET" and r.path == AUTH0.actions_path and "actionName" in r.query
    )


def _zitadel_lookups(emulator: Any) -> int:
    path = f"{ZITADEL.actions_path}/_search"
    return sum(1 for m, p in emulator.requests if (m, p) == ("POST", path))


class ZitadelV2View:
    """A ``ZitadelEmulator`` as the suites read a vendor: its v2 targets are its ``actions``.

    Everything else (``client()``, ``requests``, ``request_log``, ``faults`` …) is the emulator's
    own: the suites drive the same instance v1 runs on, through ``/v2/actions``.
    """

    def __init__(self, emulator: ZitadelEmulator) -> None:
        self.emulator = emulator

    def __getattr__(self, name: str) -> Any:
        return getattr(self.emulator, name)

    @property
    def actions(self) -> list[dict[str, Any]]:
        """The stored targets, as GetTarget returns them."""
        return self.emulator.v2.targets


def _zitadel_v2_emulator(clock: ManualClock, faults: FaultPlan, rate_limit: Any, seed: int) -> Any:
    return ZitadelV2View(_zitadel_emulator(clock, faults, rate_limit, seed))


V2_CONDITION = {"function": {"name": "preaccesstoken"}}
"""The wire form of ``ZITADEL_V2.trigger``."""


def _zitadel_v2_bound(emulator: Any) -> Bound:
    return [(target_id, None, None) for target_id in emulator.v2.execution(V2_CONDITION)]


def _zitadel_v2_lookups(emulator: Any) -> int:
    return sum(1 for m, p in emulator.requests if (m, p) == ("POST", "/v2/actions/targets/search"))


@attrs.frozen(kw_only=True)
class VendorProfile:
    """One vendor's facts as the scenario suites need them.

    Attributes:
        name: The provider's name (``client.provider``), also the test id.
        trigger: The trigger the scenarios bind to, as callers spell it.
        host: The emulated domain the client is built for.
        actions_path: Path of the action collection (creates are POSTs to it).
        binding_write: ``(method, path)`` of the request that writes the trigger's bindings.
        code_field: Where the emulator stores an action's code.
        content_option: The keyword (and model attribute) that carries what an action runs:
            ``code``, or a v2 target's ``endpoint``.
        edit: A different but valid content made from one (``code`` + a newline …).
        binding_read: ``faults.next`` filters that hit every read of the trigger's bindings.
        idempotent_delete: Deleting a missing action succeeds (ZITADEL v2 answers 200).
        deploys: Whether actions must be built and deployed before they can be bound (Auth0);
            ``False`` for a vendor whose actions are live on save (ZITADEL).
        display_names: Whether bindings carry their own display name (Auth0).
        create_extra: Extra ``actions.create`` arguments the vendor requires.
        lookup_fault: ``faults.next`` filters that hit the by-name lookup after a lost create.
        code_template: The action source for a name.
        make_emulator: ``(clock, faults, rate_limit, seed) -> emulator``.
        credentials: The factory's credential arguments for an emulator.
        bound: The stored bindings of ``trigger``, read from the emulator.
        lookups: How many by-name lookups the emulator has answered.
        sync_factory: ``ManagementClient.for_<vendor>``.
        async_factory: ``AsyncManagementClient.for_<vendor>``.
        lacks: Calls on a client that use what the vendor lacks: each must raise
            ``UnsupportedOperationError`` before sending anything.
    """

    name: str
    trigger: str
    host: str
    actions_path: str
    binding_write: tuple[str, str]
    code_field: str
    content_option: str = "code"
    edit: Callable[[str], str] = lambda code: code + "\n"
    binding_read: Mapping[str, Any] = attrs.field(factory=lambda: {"method": "GET"})
    idempotent_delete: bool = False
    deploys: bool
    display_names: bool
    create_extra: Mapping[str, Any]
    lookup_fault: Mapping[str, Any]
    code_template: Callable[[str], str]
    make_emulator: Callable[[ManualClock, FaultPlan, Any, int], Any]
    credentials: Callable[[Any], dict[str, Any]]
    bound: Callable[[Any], Bound]
    lookups: Callable[[Any], int]
    sync_factory: Callable[..., Any]
    async_factory: Callable[..., Any]
    lacks: tuple[Callable[[Any], Any], ...]

    def code(self, name: str) -> str:
        """The action source for ``name``."""
        return self.code_template(name)

    def create_kwargs(self, name: str) -> dict[str, Any]:
        """``actions.create`` arguments for a plain action called ``name``."""
        return {"name": name, self.content_option: self.code(name), **self.create_extra}

    def content(self, text: str) -> dict[str, str]:
        """The keyword argument that sets an action's content to ``text``."""
        return {self.content_option: text}

    def client(self, emulator: Any, policy: RetryPolicy) -> ManagementClient[Any, Any, Any]:
        """A sync client over ``emulator``'s in-process transport."""
        return self.sync_factory(
            self.host,
            http_client=emulator.client(),
            retry_policy=policy,
            **self.credentials(emulator),
        )

    def async_client(
        self, emulator: Any, policy: RetryPolicy
    ) -> AsyncManagementClient[Any, Any, Any]:
        """An async client over ``emulator``'s in-process transport."""
        return self.async_factory(
            self.host,
            http_client=emulator.async_client(),
            retry_policy=policy,
            **self.credentials(emulator),
        )

    def deployed(self, emulator: Any, action_id: str) -> bool:
        """Whether the stored action is built and deployed (always, where actions are live)."""
        if not self.deploys:
            return True
        (action,) = [a for a in emulator.actions if a["id"] == action_id]
        version = action.get("deployed_version") or {}
        return action["status"] == "built" and bool(version.get("deployed"))

    def versions(self, emulator: Any, action_id: str) -> int:
        """The stored action's deployed version number (0 where there are no versions)."""
        if not self.deploys:
            return 0
        (action,) = [a for a in emulator.actions if a["id"] == action_id]
        return int((action.get("deployed_version") or {}).get("number", 0))


AUTH0 = VendorProfile(
    name="auth0",
    trigger="post-login",
    host="tenant.example",
    actions_path="/api/v2/actions/actions",
    binding_write=("PATCH", "/api/v2/actions/triggers/post-login/bindings"),
    code_field="code",
    deploys=True,
    display_names=True,
    create_extra={"supported_triggers": ["post-login"]},
    lookup_fault={"method": "GET", "path_prefix": "/api/v2/actions/actions"},
    code_template=lambda name: (
        f"exports.onExecutePostLogin = async (event, api) => {{ /* {name} */ }};"
    ),
    make_emulator=_auth0_emulator,
    credentials=_client_credentials,
    bound=_auth0_bound,
    lookups=_auth0_lookups,
    sync_factory=ManagementClient.for_auth0,
    async_factory=AsyncManagementClient.for_auth0,
    lacks=(
        lambda c: c.actions.create(name="x", supported_triggers=["post-login"], timeout=3),
        lambda c: c.actions.deactivate("some-id"),
        lambda c: c.with_options(org_id="1"),
    ),
)

ZITADEL = VendorProfile(
    name="zitadel",
    trigger="complement_token:pre_access_token_creation",
    host="zitadel.example",
    actions_path="/management/v1/actions",
    binding_write=("POST", "/management/v1/flows/2/trigger/5"),
    code_field="script",
    deploys=False,
    display_names=False,
    create_extra={},
    lookup_fault={"path_prefix": "/management/v1/actions/"},
    # Hyphens cannot appear in a JavaScript function name.
    code_template=lambda name: f"function {name.replace('-', '_')}(ctx, api) {{}}",
    make_emulator=_zitadel_emulator,
    credentials=lambda emulator: {"key": emulator.generate_service_account_key()},
    bound=_zitadel_bound,
    lookups=_zitadel_lookups,
    sync_factory=ManagementClient.for_zitadel,
    async_factory=AsyncManagementClient.for_zitadel,
    lacks=(
        lambda c: c.actions.create(name="x", code="function x() {}", runtime="node22"),
        lambda c: c.actions.deploy("1"),
        lambda c: c.actions.versions.list("1"),
        lambda c: c.actions.modules.list(),
    ),
)

ZITADEL_V2 = VendorProfile(
    name="zitadel-v2",
    # What a target "runs" is its endpoint; targets are live once saved, with no display names.
    content_option="endpoint",
    code_field="endpoint",
    code_template=lambda name: f"https://hooks.example.com/{name}",
    edit=lambda endpoint: endpoint + "/next",
    # An execution is read with a search (POST), not a GET.
    binding_read={"method": "POST", "path_prefix": "/v2/actions/executions/search"},
    idempotent_delete=True,
    create_extra={"target_type": "call", "timeout": 5},
    deploys=False,
    display_names=False,
    trigger="function:preaccesstoken",
    host="zitadel.example",
    actions_path="/v2/actions/targets",
    binding_write=("PUT", "/v2/actions/executions"),
    lookup_fault={"method": "POST", "path_prefix": "/v2/actions/targets/search"},
    make_emulator=_zitadel_v2_emulator,
    # Client credentials here (v1 uses the JWT profile): both reach the same token endpoint.
    credentials=_client_credentials,
    bound=_zitadel_v2_bound,
    lookups=_zitadel_v2_lookups,
    sync_factory=functools.partial(ManagementClient.for_zitadel, api="v2"),
    async_factory=functools.partial(AsyncManagementClient.for_zitadel, api="v2"),
    lacks=(
        lambda c: c.actions.create(name="x", code="function x() {}"),
        lambda c: c.actions.versions.list("1"),
        lambda c: c.actions.modules.list(),
        lambda c: c.with_options(org_id="1"),
        # A v1 flow trigger is not a v2 condition.
        lambda c: c.actions.triggers.bindings.list("complement_token:pre_access_token_creation"),
    ),
)

PROFILES = {profile.name: profile for profile in (AUTH0, ZITADEL, ZITADEL_V2)}
