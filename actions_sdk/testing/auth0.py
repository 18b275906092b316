"""An in-memory emulator of the Auth0 Management API v2 *Actions* endpoints.

Behaviour follows the wire reference (``auth0-actions-api.md``): paths, query names, status codes,
snake_case bodies, RFC 3339 timestamps with milliseconds, the ``{statusCode, error, message,
errorCode}`` error body and the ``x-ratelimit-*`` headers.

Documented emulator rules (where the real service is opaque):

* **Build.** After create, or an update that touches the code, runtime, dependencies, secrets,
  modules or triggers, the draft is ``pending`` for the first third of ``build_seconds``, then
  ``building``, then ``built`` (``built_at`` = end of the build). The build **fails** (``failed``,
  with ``errors``) when the code contains the marker ``SYNTAX_ERROR`` or its ``{}``, ``()`` or
  ``[]`` counts do not balance.
* **Deploy.** Deploy and rollback create an ActionVersion that is ``pending`` with
  ``deployed: false`` for ``deploy_seconds``, then ``built`` and ``deployed: true`` (the previous
  version stops being the deployed one at that moment). ``create`` with ``deploy: true`` deploys
  when the first build finishes. An action can be bound once one of its versions is deployed.
* **Unknown path or method:** 404 ``Not Found``.
* **Token endpoint:** ``POST /oauth/token`` (form or JSON, or HTTP Basic client authentication).
  The audience must be ``https://{domain}/api/v2/`` or ``{origin}/api/v2/`` for the URL the request
  was sent to (so the loopback server works); otherwise 403 ``access_denied``.
* **Module versions:** at most :attr:`Auth0Emulator.max_module_versions` per module (412 beyond).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import random
import secrets
import uuid
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from ._base import (
    EmulatorBase,
    Incoming,
    Reply,
    Route,
    TokenBucket,
    basic_credentials,
    match_route,
    oauth_error,
)
from ._clock import Clock
from ._faults import FaultPlan

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_TOKEN",
    "TRIGGER_CATALOGUE",
    "Auth0Emulator",
]

DEFAULT_CLIENT_ID = "emulator-client-id"
"""Client id accepted by ``POST /oauth/token`` unless another is configured."""
DEFAULT_CLIENT_SECRET = "emulator-client-secret"  # noqa: S105 - public, fake emulator credential
"""Client secret accepted by ``POST /oauth/token`` unless another is configured."""
DEFAULT_TOKEN = "emulator-management-token"  # noqa: S105 - public, fake emulator credential
"""Static Management API token that is always valid unless another is configured."""

_SCOPES = "read:actions create:actions update:actions delete:actions"
_DEFAULT_PER_PAGE = 20
_MAX_PER_PAGE = 100
_NOT_DEPLOYED = "Trying to create a binding for an action that has not been deployed yet"
_NOT_BUILT = "A draft must be in the 'built' state before it can be deployed."

Json = dict[str, Any]


def _trigger(
    trigger_id: str,
    version: str,
    *,
    status: str = "CURRENT",
    runtimes: tuple[str, ...] = ("node18", "node22"),
    default_runtime: str = "node22",
    compatible: tuple[tuple[str, str], ...] = (),
    binding_policy: str = "trigger-bound",
) -> Json:
    return {
        "id": trigger_id,
        "version": version,
        "status": status,
        "runtimes": list(runtimes),
        "default_runtime": default_runtime,
        "compatible_triggers": [{"id": i, "version": v} for i, v in compatible],
        "binding_policy": binding_policy,
    }


TRIGGER_CATALOGUE: tuple[Json, ...] = (
    _trigger("post-login", "v3"),
    _trigger(
        "post-login",
        "v2",
        status="DEPRECATED",
        runtimes=("node16", "node18"),
        default_runtime="node18",
        compatible=(("post-login", "v3"),),
    ),
    _trigger("credentials-exchange", "v2"),
    _trigger("pre-user-registration", "v2"),
    _trigger("post-user-registration", "v2"),
    _trigger("post-change-password", "v2"),
    _trigger("send-phone-message", "v2"),
    _trigger("password-reset-post-challenge", "v1"),
    # Auth0 manages the bindings of entity-bound triggers; listing them fails (deploy-cli #988).
    _trigger("custom-token-exchange", "v1", binding_policy="entity-bound"),
)
"""The trigger catalogue returned by ``GET /actions/triggers`` (first entry per id = current)."""


def _iso(ts: float) -> str:
    """Format epoch seconds as Auth0 does: RFC 3339 UTC with milliseconds."""
    moment = datetime.fromtimestamp(ts, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _build_fails(code: str) -> bool:
    """The emulator's documented build-failure rule (see the module docstring)."""
    if "SYNTAX_ERROR" in code:
        return True
    return any(code.count(o) != code.count(c) for o, c in ("{}", "()", "[]"))


class _ReplyError(Exception):
    """Abort a handler with a ready-made error reply."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def _error(status: int, message: str, error_code: str | None = None) -> _ReplyError:
    body: Json = {"statusCode": status, "error": HTTPStatus(status).phrase, "message": message}
    if error_code is not None:
        body["errorCode"] = error_code
    return _ReplyError(Reply(status, body))


def _invalid(message: str) -> _ReplyError:
    return _error(400, f"Payload validation error: {message}", "invalid_body")


@dataclass
class _Draft:
    code: str = ""
    runtime: str = "node22"
    dependencies: list[Json] = field(default_factory=list)
    secrets: list[Json] = field(default_factory=list)  # {name, value, updated_at: float}
    triggers: list[tuple[str, str]] = field(default_factory=list)
    modules: list[Json] = field(default_factory=list)

    def fingerprint(self) -> tuple[Any, ...]:
        """What decides whether the draft differs from a version (secret values excluded)."""
        return (
            self.code,
            self.runtime,
            json.dumps(self.dependencies, sort_keys=True),
            tuple((s["name"], s["updated_at"]) for s in self.secrets),
            tuple(self.triggers),
            json.dumps(self.modules, sort_keys=True),
        )


@dataclass
class _Version:
    id: str
    number: int
    content: _Draft
    created_at: float
    ready_at: float


@dataclass
class _Action:
    id: str
    name: str
    draft: _Draft
    created_at: float
    updated_at: float
    build_started: float
    build_fails: bool
    deploy_flag: bool = False
    pending_deploy: bool = False
    previous_built_at: float | None = None
    versions: list[_Version] = field(default_factory=list)


@dataclass
class _Binding:
    id: str
    action_id: str
    display_name: str
    created_at: float
    updated_at: float


@dataclass
class _ModuleVersion:
    id: str
    number: int
    code: str
    secrets: list[Json]
    dependencies: list[Json]
    created_at: float


@dataclass
class _Module:
    id: str
    name: str
    code: str
    secrets: list[Json]
    dependencies: list[Json]
    created_at: float
    updated_at: float
    versions: list[_ModuleVersion] = field(default_factory=list)

    def content(self) -> tuple[Any, ...]:
        return (
            self.code,
            tuple((s["name"], s["updated_at"]) for s in self.secrets),
            json.dumps(self.dependencies, sort_keys=True),
        )

    def version_content(self, version: _ModuleVersion) -> tuple[Any, ...]:
        return (
            version.code,
            tuple((s["name"], s["updated_at"]) for s in version.secrets),
            json.dumps(version.dependencies, sort_keys=True),
        )


class Auth0Emulator(EmulatorBase):
    """A stateful, in-memory Auth0 tenant exposing the Actions Management API.

    Use it in-process through :meth:`transport`/:meth:`client`, or over real HTTP via
    :meth:`serve`. Every answer is computed from the in-memory state under a lock, with time taken
    from ``clock`` so builds, deploys, token expiry and rate-limit refills are testable without
    sleeping.

    Example:
        >>> from actions_sdk.testing import Auth0Emulator, ManualClock
        >>> emu = Auth0Emulator(clock=ManualClock())
        >>> with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
        ...     http.get("/api/v2/actions/triggers").status_code
        200

    Args:
        domain: Tenant domain; the base URL is ``https://{domain}``.
        client_id: Client id accepted by the client-credentials grant.
        client_secret: Client secret accepted by the client-credentials grant.
        token: A static Management API token that is always valid (``None``: none).
        token_lifetime: ``expires_in`` of issued tokens, in seconds.
        build_seconds: Duration of a draft build (``0``: instantly built).
        deploy_seconds: Time from deploy/rollback until the new version is deployed.
        clock: Time source (default: the real clock).
        rate_limit: ``(burst, per_second)`` token bucket on ``/api/v2``; ``None`` disables it.
        faults: Fault plan (default: a plan that injects nothing until scripted).
        seed: Seed for ids and other randomness.
    """

    _token_paths = frozenset({"/oauth/token"})
    max_module_versions = 10
    """Maximum number of published versions per module (412 beyond)."""

    def __init__(
        self,
        domain: str = "tenant.example",
        *,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        token: str | None = DEFAULT_TOKEN,
        token_lifetime: int = 86_400,
        build_seconds: float = 2.0,
        deploy_seconds: float = 0.5,
        clock: Clock | None = None,
        rate_limit: tuple[int, float] | None = None,
        faults: FaultPlan | None = None,
        seed: int = 0,
    ) -> None:
        super().__init__(base_url=f"https://{domain}", clock=clock, faults=faults, seed=seed)
        self.domain = domain
        self.client_id = client_id
        self.client_secret = client_secret
        self.token = token
        self.token_lifetime = token_lifetime
        self.build_seconds = max(0.0, build_seconds)
        self.deploy_seconds = max(0.0, deploy_seconds)
        self.rate_limit = rate_limit
        if rate_limit is not None:
            TokenBucket(*rate_limit, now=0.0)  # validate eagerly
        self._routes: list[Route] = self._route_table()
        self._reset_state()

    # ------------------------------------------------------------------ state

    def _reset_state(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - reproducible ids, not security
        self._signing_key = self._rng.randbytes(32)
        self._issued: dict[str, float] = {}
        self._actions: dict[str, _Action] = {}
        self._bindings: dict[str, list[_Binding]] = {}
        self._executions: dict[str, Json] = {}
        self._modules: dict[str, _Module] = {}
        self._bucket = (
            TokenBucket(*self.rate_limit, now=self.clock.time()) if self.rate_limit else None
        )

    def _new_id(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    # ------------------------------------------------------------------ inspection helpers

    @property
    def actions(self) -> list[Json]:
        """Every stored action, serialised as ``GET /actions/actions/{id}`` would return it."""
        with self._lock:
            now = self.clock.time()
            return [self._action_json(a, now) for a in self._actions.values()]

    def bindings(self, trigger_id: str) -> list[Json]:
        """The bindings of ``trigger_id`` in execution order, serialised as the API does.

        Args:
            trigger_id: Trigger id, e.g. ``"post-login"``.
        """
        with self._lock:
            now = self.clock.time()
            return [
                self._binding_json(trigger_id, b, now) for b in self._bindings.get(trigger_id, [])
            ]

    def add_execution(
        self,
        trigger_id: str = "post-login",
        *,
        status: str = "final",
        results: list[Json] | None = None,
    ) -> str:
        """Store an execution for ``GET /actions/executions/{id}`` and return its id.

        Args:
            trigger_id: Trigger the execution ran for.
            status: Execution status (``final``, ``partial``, …).
            results: Per-action results; by default one successful result per action currently
                bound to the trigger.
        """
        with self._lock:
            now = self.clock.time()
            execution_id = self._new_id()
            if results is None:
                results = [
                    {
                        "action_name": self._actions[b.action_id].name,
                        "started_at": _iso(now),
                        "ended_at": _iso(now),
                    }
                    for b in self._bindings.get(trigger_id, [])
                    if b.action_id in self._actions
                ]
            self._executions[execution_id] = {
                "id": execution_id,
                "trigger_id": trigger_id,
                "status": status,
                "results": deepcopy(results),
                "created_at": _iso(now),
                "updated_at": _iso(now),
            }
            return execution_id

    def set_rate_limit(self, rate_limit: tuple[int, float] | None) -> None:
        """Switch the ``/api/v2`` rate limit on, change it, or switch it off.

        A new limit starts with a full bucket, as after an idle period, so a tenant can be seeded
        freely first and then limited. The setting survives :meth:`reset`, like the constructor's.

        Args:
            rate_limit: ``(burst, per_second)``, or ``None`` to stop limiting.

        Raises:
            ValueError: If ``burst`` < 1 or ``per_second`` <= 0.
        """
        with self._lock:
            bucket = TokenBucket(*rate_limit, now=self.clock.time()) if rate_limit else None
            self.rate_limit = rate_limit
            self._bucket = bucket

    def expire_tokens(self) -> None:
        """Invalidate every token issued by ``/oauth/token`` (the static token stays valid)."""
        with self._lock:
            self._issued.clear()

    def credentials(self) -> dict[str, str]:
        """Return the domain, client id/secret, audience and static token (for the CLI or docs)."""
        creds = {
            "domain": self.domain,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "audience": f"https://{self.domain}/api/v2/",
        }
        if self.token:
            creds["token"] = self.token
        return creds

    # ------------------------------------------------------------------ dispatch

    def _unavailable_reply(self, incoming: Incoming) -> Reply:
        return _error(503, "The service is temporarily unavailable.", "service_unavailable").reply

    def _throttled_reply(self, incoming: Incoming) -> Reply:
        reply = _error(429, "Global limit has been reached", "too_many_requests").reply
        now = self.clock.time()
        limit = self._bucket.burst if self._bucket else 50
        reply.headers.update(
            {
                "x-ratelimit-limit": str(limit),
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": str(math.ceil(now + 1)),
            }
        )
        return reply

    def _dispatch(self, incoming: Incoming) -> Reply:
        segments = incoming.segments
        if incoming.path == "/oauth/token":
            if incoming.method != "POST":
                return _error(404, "Not Found").reply
            return self._token(incoming)
        if segments[:2] != ("api", "v2"):
            return _error(404, "Not Found").reply
        now = self.clock.time()
        reply = self._api(incoming, now)
        if self._bucket is not None and "x-ratelimit-limit" not in reply.headers:
            reply.headers.update(self._rate_headers(now))
        return reply

    def _rate_headers(self, now: float) -> dict[str, str]:
        assert self._bucket is not None  # noqa: S101 - caller checked
        return {
            "x-ratelimit-limit": str(self._bucket.burst),
            "x-ratelimit-remaining": str(self._bucket.remaining(now)),
            "x-ratelimit-reset": str(math.ceil(self._bucket.next_refill(now))),
        }

    def _api(self, incoming: Incoming, now: float) -> Reply:
        if self._bucket is not None and not self._bucket.take(now):
            reply = _error(429, "Global limit has been reached", "too_many_requests").reply
            reply.headers.update(self._rate_headers(now))
            return reply
        token = incoming.bearer()
        if token is None:
            return _error(401, "Missing authentication").reply
        if not self._token_valid(token, now):
            return _error(401, "Invalid token").reply
        handler, captured, _ = match_route(self._routes, incoming.method, incoming.segments[2:])
        if handler is None:
            return _error(404, "Not Found").reply
        try:
            result: Reply = handler(incoming, now, *captured)
        except _ReplyError as failure:
            return failure.reply
        return result

    def _route_table(self) -> list[Route]:
        a = ("actions", "actions")
        m = ("actions", "modules")
        return [
            ("GET", a, self._list_actions),
            ("POST", a, self._create_action),
            ("GET", (*a, "{}"), self._get_action),
            ("PATCH", (*a, "{}"), self._update_action),
            ("DELETE", (*a, "{}"), self._delete_action),
            ("POST", (*a, "{}", "deploy"), self._deploy_action),
            ("POST", (*a, "{}", "test"), self._test_action),
            ("GET", (*a, "{}", "versions"), self._list_versions),
            ("GET", (*a, "{}", "versions", "{}"), self._get_version),
            ("POST", (*a, "{}", "versions", "{}", "deploy"), self._rollback),
            ("GET", ("actions", "triggers"), self._list_triggers),
            ("GET", ("actions", "triggers", "{}", "bindings"), self._list_bindings),
            ("PATCH", ("actions", "triggers", "{}", "bindings"), self._update_bindings),
            ("GET", ("actions", "executions", "{}"), self._get_execution),
            ("GET", m, self._list_modules),
            ("POST", m, self._create_module),
            ("GET", (*m, "{}"), self._get_module),
            ("PATCH", (*m, "{}"), self._update_module),
            ("DELETE", (*m, "{}"), self._delete_module),
            ("GET", (*m, "{}", "actions"), self._list_module_actions),
            ("POST", (*m, "{}", "rollback"), self._rollback_module),
            ("GET", (*m, "{}", "versions"), self._list_module_versions),
            ("POST", (*m, "{}", "versions"), self._create_module_version),
            ("GET", (*m, "{}", "versions", "{}"), self._get_module_version),
        ]

    # ------------------------------------------------------------------ token endpoint

    def _token(self, incoming: Incoming) -> Reply:
        try:
            params = _parse_body(incoming)
        except _ReplyError:
            params = None
        if not isinstance(params, dict):
            return oauth_error(400, "invalid_request", "Invalid request body")
        basic = basic_credentials(incoming)
        client_id = params.get("client_id", basic[0] if basic else None)
        client_secret = params.get("client_secret", basic[1] if basic else None)
        grant = params.get("grant_type")
        if grant != "client_credentials":
            return oauth_error(400, "unsupported_grant_type", f"Unsupported grant type: {grant}")
        if client_id != self.client_id or client_secret != self.client_secret:
            return oauth_error(401, "access_denied", "Unauthorized")
        audience = params.get("audience")
        if not audience:
            return oauth_error(
                403,
                "access_denied",
                "No audience parameter was provided, and no default audience has been configured",
            )
        if audience not in (f"https://{self.domain}/api/v2/", f"{incoming.origin}/api/v2/"):
            return oauth_error(403, "access_denied", f"Service not found: {audience}")
        now = self.clock.time()
        token = self._sign(
            {
                "iss": f"https://{self.domain}/",
                "aud": audience,
                "iat": int(now),
                "exp": int(now) + self.token_lifetime,
                # Token randomness must not consume the seeded stream: ids stay reproducible
                # whether or not a test fetches tokens.
                "jti": secrets.token_hex(16),
                "scope": _SCOPES,
                "gty": "client-credentials",
                "sub": f"{client_id}@clients",
            }
        )
        self._issued[token] = now + self.token_lifetime
        return Reply(
            200,
            {
                "access_token": token,
                "scope": _SCOPES,
                "expires_in": self.token_lifetime,
                "token_type": "Bearer",
            },
        )

    def _sign(self, claims: Json) -> str:
        """Make a JWT-shaped HS256 token (clients may decode it; only this emulator verifies it)."""

        def b64(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

        header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = b64(json.dumps(claims, separators=(",", ":")).encode())
        mac = hmac.new(self._signing_key, f"{header}.{payload}".encode(), hashlib.sha256)
        return f"{header}.{payload}.{b64(mac.digest())}"

    def _token_valid(self, token: str, now: float) -> bool:
        if self.token is not None and hmac.compare_digest(token, self.token):
            return True
        expiry = self._issued.get(token)
        return expiry is not None and now < expiry

    # ------------------------------------------------------------------ status & serialisation

    def _build_state(self, action: _Action, now: float) -> tuple[str, float | None]:
        """Return ``(status, built_at)`` of the draft at ``now``."""
        elapsed = now - action.build_started
        if elapsed < self.build_seconds / 3:
            return "pending", action.previous_built_at
        if elapsed < self.build_seconds:
            return "building", action.previous_built_at
        if action.build_fails:
            return "failed", action.previous_built_at
        return "built", action.build_started + self.build_seconds

    def _refresh(self, action: _Action, now: float) -> None:
        """Apply time-driven transitions: ``create(deploy=True)`` deploys once the build ends."""
        if not action.pending_deploy:
            return
        status, built_at = self._build_state(action, now)
        if status == "failed":
            action.pending_deploy = False
        elif status == "built" and built_at is not None:
            action.pending_deploy = False
            self._add_version(action, deepcopy(action.draft), built_at)

    def _add_version(self, action: _Action, content: _Draft, at: float) -> _Version:
        number = action.versions[-1].number + 1 if action.versions else 1
        version = _Version(self._new_id(), number, content, at, at + self.deploy_seconds)
        action.versions.append(version)
        return version

    @staticmethod
    def _deployed(action: _Action, now: float) -> _Version | None:
        """The version currently serving traffic: the newest one whose deploy has finished."""
        for version in reversed(action.versions):
            if version.ready_at <= now:
                return version
        return None

    def _trigger_json(self, trigger_id: str, version: str) -> Json:
        for entry in TRIGGER_CATALOGUE:
            if entry["id"] == trigger_id and entry["version"] == version:
                return deepcopy(entry)
        return {"id": trigger_id, "version": version}

    def _all_changes_deployed(self, action: _Action) -> bool:
        if not action.versions:
            return False
        return action.versions[-1].content.fingerprint() == action.draft.fingerprint()

    def _action_base(self, action: _Action) -> Json:
        return {
            "id": action.id,
            "name": action.name,
            "supported_triggers": [self._trigger_json(*t) for t in action.draft.triggers],
            "all_changes_deployed": self._all_changes_deployed(action),
            "created_at": _iso(action.created_at),
            "updated_at": _iso(action.updated_at),
        }

    def _action_json(self, action: _Action, now: float) -> Json:
        self._refresh(action, now)
        body = self._action_base(action)
        draft = action.draft
        body.update(
            {
                "code": draft.code,
                "dependencies": deepcopy(draft.dependencies),
                "runtime": draft.runtime,
                "secrets": _secret_info(draft.secrets),
            }
        )
        if action.versions:
            body["deployed_version"] = self._version_json(action, action.versions[-1], now)
        status, built_at = self._build_state(action, now)
        body["status"] = status
        if built_at is not None:
            body["built_at"] = _iso(built_at)
        body["deploy"] = action.deploy_flag
        body["modules"] = deepcopy(draft.modules)
        if status == "failed":
            # Not in the Action schema, but without it a failed draft gives no clue why.
            body["errors"] = _build_errors(action.id)
        return body

    def _version_json(self, action: _Action, version: _Version, now: float) -> Json:
        ready = version.ready_at <= now
        deployed = self._deployed(action, now)
        content = version.content
        body: Json = {
            "id": version.id,
            "action_id": action.id,
            "code": content.code,
            "dependencies": deepcopy(content.dependencies),
            "deployed": deployed is version,
            "runtime": content.runtime,
            "secrets": _secret_info(content.secrets),
            "status": "built" if ready else "pending",
            "number": version.number,
            "action": self._action_base(action),
            "created_at": _iso(version.created_at),
            "updated_at": _iso(version.ready_at if ready else version.created_at),
            "supported_triggers": [self._trigger_json(*t) for t in content.triggers],
            "modules": deepcopy(content.modules),
        }
        if ready:
            body["built_at"] = _iso(version.ready_at)
        return body

    def _binding_json(self, trigger_id: str, binding: _Binding, now: float) -> Json:
        return {
            "id": binding.id,
            "trigger_id": trigger_id,
            "display_name": binding.display_name,
            "action": self._action_json(self._actions[binding.action_id], now),
            "created_at": _iso(binding.created_at),
            "updated_at": _iso(binding.updated_at),
        }

    # ------------------------------------------------------------------ actions

    def _find_action(self, action_id: str) -> _Action:
        action = self._actions.get(action_id)
        if action is None:
            raise _error(404, "The action does not exist.", "inexistent_action")
        return action

    def _list_actions(self, incoming: Incoming, now: float) -> Reply:
        trigger_id = incoming.param("triggerId")
        name = incoming.param("actionName")
        deployed = _bool_param(incoming, "deployed")
        installed = _bool_param(incoming, "installed")
        page, per_page = _paging(incoming)
        selected = []
        for action in self._actions.values():
            self._refresh(action, now)
            if trigger_id is not None and trigger_id not in {t for t, _ in action.draft.triggers}:
                continue
            if name is not None and action.name != name:
                continue
            if deployed is not None and (self._deployed(action, now) is not None) != deployed:
                continue
            if installed is True:  # the emulator has no marketplace actions
                continue
            selected.append(action)
        chunk = selected[page * per_page : (page + 1) * per_page]
        return Reply(
            200,
            {
                "total": len(selected),
                "page": page,
                "per_page": per_page,
                "actions": [self._action_json(a, now) for a in chunk],
            },
        )

    def _create_action(self, incoming: Incoming, now: float) -> Reply:
        body = _object_body(incoming)
        _check_keys(
            body,
            {
                "name",
                "supported_triggers",
                "code",
                "dependencies",
                "runtime",
                "secrets",
                "modules",
                "deploy",
            },
        )
        for required in ("name", "supported_triggers"):
            if required not in body:
                raise _invalid(f"'Missing required property: {required}'.")
        name = _name(body["name"])
        if any(a.name == name for a in self._actions.values()):
            raise _error(409, f"An action with the name '{name}' already exists.", "conflict")
        triggers = self._triggers(body["supported_triggers"])
        default_runtime = self._trigger_json(*triggers[0]).get("default_runtime", "node22")
        draft = _Draft(
            code=_str(body, "code", "module.exports = () => {}"),
            runtime=_str(body, "runtime", default_runtime),
            dependencies=_dependencies(body.get("dependencies", [])),
            secrets=_secrets(body.get("secrets", []), now),
            triggers=triggers,
            modules=self._module_refs(body.get("modules", [])),
        )
        deploy = body.get("deploy", False)
        if not isinstance(deploy, bool):
            raise _invalid("'Expected type boolean' on property deploy.")
        action = _Action(
            id=self._new_id(),
            name=name,
            draft=draft,
            created_at=now,
            updated_at=now,
            build_started=now,
            build_fails=_build_fails(draft.code),
            deploy_flag=deploy,
            pending_deploy=deploy,
        )
        self._actions[action.id] = action
        return Reply(201, self._action_json(action, now))

    def _get_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        return Reply(200, self._action_json(self._find_action(action_id), now))

    def _update_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        action = self._find_action(action_id)
        self._refresh(action, now)
        body = _object_body(incoming)
        _check_keys(
            body,
            {"name", "supported_triggers", "code", "dependencies", "runtime", "secrets", "modules"},
        )
        if "name" in body:
            name = _name(body["name"])
            if any(a.name == name and a.id != action.id for a in self._actions.values()):
                raise _error(409, f"An action with the name '{name}' already exists.", "conflict")
        draft = deepcopy(action.draft)
        if "supported_triggers" in body:
            triggers = self._triggers(body["supported_triggers"])
            old_ids = {t for t, _ in action.draft.triggers}
            allowed = set(old_ids)
            for tid, ver in action.draft.triggers:
                allowed |= {
                    c["id"] for c in self._trigger_json(tid, ver).get("compatible_triggers", [])
                }
            if any(t not in allowed for t, _ in triggers):
                raise _error(400, "can't upgrade to this trigger", "invalid_body")
            draft.triggers = triggers
        if "code" in body:
            draft.code = _str(body, "code", "")
        if "runtime" in body:
            draft.runtime = _str(body, "runtime", draft.runtime)
        if "dependencies" in body:
            draft.dependencies = _dependencies(body["dependencies"])
        if "secrets" in body:
            # Sending secrets replaces the whole set; names left out are removed.
            draft.secrets = _secrets(body["secrets"], now)
        if "modules" in body:
            draft.modules = self._module_refs(body["modules"])
        if "name" in body:
            action.name = body["name"]
        if draft != action.draft:
            status, built_at = self._build_state(action, now)
            if status == "built":
                action.previous_built_at = built_at
            action.draft = draft
            action.build_started = now
            action.build_fails = _build_fails(draft.code)
        action.updated_at = now
        return Reply(200, self._action_json(action, now))

    def _delete_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        action = self._find_action(action_id)
        force = _bool_param(incoming, "force") or False
        bound = [
            t for t, items in self._bindings.items() if any(b.action_id == action.id for b in items)
        ]
        if bound and not force:
            raise _error(
                409,
                "An action must be unbound from all triggers before it can be deleted.",
                "conflict",
            )
        for trigger_id in bound:
            self._bindings[trigger_id] = [
                b for b in self._bindings[trigger_id] if b.action_id != action.id
            ]
        del self._actions[action.id]
        return Reply(204)

    def _deploy_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        action = self._find_action(action_id)
        self._refresh(action, now)
        status, _ = self._build_state(action, now)
        if status != "built":
            raise _error(400, _NOT_BUILT, "invalid_body")
        version = self._add_version(action, deepcopy(action.draft), now)
        return Reply(202, self._version_json(action, version, now))

    def _test_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        self._find_action(action_id)
        body = _object_body(incoming)
        _check_keys(body, {"payload"})
        payload = body.get("payload")
        if not isinstance(payload, dict):
            raise _invalid("'Missing required property: payload'.")
        return Reply(200, {"payload": deepcopy(payload)})

    def _list_versions(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        action = self._find_action(action_id)
        self._refresh(action, now)
        page, per_page = _paging(incoming)
        newest_first = list(reversed(action.versions))
        chunk = newest_first[page * per_page : (page + 1) * per_page]
        return Reply(
            200,
            {
                "total": len(newest_first),
                "page": page,
                "per_page": per_page,
                "versions": [self._version_json(action, v, now) for v in chunk],
            },
        )

    def _find_version(self, action: _Action, version_id: str) -> _Version:
        for version in action.versions:
            if version.id == version_id:
                return version
        raise _error(404, "The action version does not exist.", "inexistent_action_version")

    def _get_version(
        self, incoming: Incoming, now: float, action_id: str, version_id: str
    ) -> Reply:
        action = self._find_action(action_id)
        self._refresh(action, now)
        return Reply(200, self._version_json(action, self._find_version(action, version_id), now))

    def _rollback(self, incoming: Incoming, now: float, action_id: str, version_id: str) -> Reply:
        action = self._find_action(action_id)
        self._refresh(action, now)
        body = _parse_body(incoming) if incoming.body.strip() else None
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise _invalid("'Expected type object' on property body.")
        _check_keys(body, {"update_draft"})
        update_draft = body.get("update_draft", False)
        if not isinstance(update_draft, bool):
            raise _invalid("'Expected type boolean' on property update_draft.")
        target = self._find_version(action, version_id)
        version = self._add_version(action, deepcopy(target.content), now)
        if update_draft:
            action.draft = deepcopy(target.content)
            # The version's contents were already built once; the draft is immediately usable.
            action.build_started = now - self.build_seconds
            action.build_fails = False
            action.updated_at = now
        return Reply(202, self._version_json(action, version, now))

    # ------------------------------------------------------------------ triggers & bindings

    def _list_triggers(self, incoming: Incoming, now: float) -> Reply:
        return Reply(200, {"triggers": [deepcopy(t) for t in TRIGGER_CATALOGUE]})

    def _catalogue_trigger(self, trigger_id: str) -> Json:
        for entry in TRIGGER_CATALOGUE:
            if entry["id"] == trigger_id:
                return entry
        raise _error(404, "The trigger does not exist.", "inexistent_trigger")

    def _triggers(self, value: object) -> list[tuple[str, str]]:
        if not isinstance(value, list) or not value:
            raise _invalid("'Too few items (0), minimum 1' on property supported_triggers.")
        triggers: list[tuple[str, str]] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise _invalid(
                    f"'Missing required property: id' on property supported_triggers[{index}]."
                )
            trigger_id = item["id"]
            versions = [t["version"] for t in TRIGGER_CATALOGUE if t["id"] == trigger_id]
            if not versions:
                raise _error(400, f"Invalid trigger: '{trigger_id}'.", "invalid_body")
            version = item.get("version", versions[0])
            if version not in versions:
                raise _error(
                    400, f"Invalid trigger version: '{trigger_id}' '{version}'.", "invalid_body"
                )
            triggers.append((trigger_id, version))
        return triggers

    def _list_bindings(self, incoming: Incoming, now: float, trigger_id: str) -> Reply:
        entry = self._catalogue_trigger(trigger_id)
        if entry["binding_policy"] == "entity-bound":
            raise _error(
                400, "cannot list action bindings for an entity-bound trigger", "invalid_request"
            )
        page, per_page = _paging(incoming)
        items = self._bindings.get(trigger_id, [])
        chunk = items[page * per_page : (page + 1) * per_page]
        return Reply(
            200,
            {
                "total": len(items),
                "page": page,
                "per_page": per_page,
                "bindings": [self._binding_json(trigger_id, b, now) for b in chunk],
            },
        )

    def _update_bindings(self, incoming: Incoming, now: float, trigger_id: str) -> Reply:
        entry = self._catalogue_trigger(trigger_id)
        if entry["binding_policy"] == "entity-bound":
            raise _error(
                400, "cannot update action bindings for an entity-bound trigger", "invalid_request"
            )
        body = _object_body(incoming)
        _check_keys(body, {"bindings"})
        items = body.get("bindings")
        if not isinstance(items, list):
            raise _invalid("'Missing required property: bindings'.")
        existing = {b.id: b for b in self._bindings.get(trigger_id, [])}
        result: list[_Binding] = []
        for index, item in enumerate(items):
            ref = item.get("ref") if isinstance(item, dict) else None
            if (
                not isinstance(item, dict)
                or not set(item) <= {"ref", "display_name", "secrets"}
                or not isinstance(ref, dict)
                or not set(ref) <= {"type", "value"}
                or ref.get("type", "action_name") not in ("binding_id", "action_id", "action_name")
                or not isinstance(ref.get("value"), str)
                or not isinstance(item.get("display_name", ""), str)
                or not isinstance(item.get("secrets", []), list)
            ):
                raise _invalid(
                    f"'Data does not match any schemas from 'oneOf'' on property bindings[{index}]."
                )
            kind = ref.get("type", "action_name")
            value = ref["value"]
            display_name = item.get("display_name")
            if kind == "binding_id":
                old = existing.get(value)
                if old is None:
                    raise _error(
                        404, f"The binding '{value}' does not exist.", "inexistent_binding"
                    )
                kept = _Binding(
                    old.id, old.action_id, old.display_name, old.created_at, old.updated_at
                )
                if display_name is not None and display_name != old.display_name:
                    kept.display_name = display_name
                    kept.updated_at = now
                result.append(kept)
                continue
            if kind == "action_id":
                action = self._actions.get(value)
            else:
                action = next((a for a in self._actions.values() if a.name == value), None)
            if action is None:
                raise _error(404, f"The action '{value}' does not exist.", "inexistent_action")
            self._refresh(action, now)
            if trigger_id not in {t for t, _ in action.draft.triggers}:
                raise _error(
                    400,
                    f"The action '{action.name}' does not support the trigger '{trigger_id}'.",
                    "invalid_body",
                )
            if self._deployed(action, now) is None:
                raise _error(400, _NOT_DEPLOYED, "invalid_body")
            result.append(
                _Binding(self._new_id(), action.id, display_name or action.name, now, now)
            )
        self._bindings[trigger_id] = result
        return Reply(200, {"bindings": [self._binding_json(trigger_id, b, now) for b in result]})

    def _get_execution(self, incoming: Incoming, now: float, execution_id: str) -> Reply:
        execution = self._executions.get(execution_id)
        if execution is None:
            raise _error(404, "The execution does not exist.", "inexistent_execution")
        return Reply(200, deepcopy(execution))

    # ------------------------------------------------------------------ modules (early access)

    def _module_refs(self, value: object) -> list[Json]:
        if not isinstance(value, list):
            raise _invalid("'Expected type array' on property modules.")
        refs: list[Json] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict) or not isinstance(item.get("module_id"), str):
                raise _invalid(
                    f"'Missing required property: module_id' on property modules[{index}]."
                )
            module = self._modules.get(item["module_id"])
            if module is None:
                raise _error(404, "The module does not exist.", "inexistent_module")
            version_id = item.get("module_version_id")
            version = next((v for v in module.versions if v.id == version_id), None)
            if version is None:
                raise _error(404, "The module version does not exist.", "inexistent_module_version")
            refs.append(
                {
                    "module_id": module.id,
                    "module_name": module.name,
                    "module_version_id": version.id,
                    "module_version_number": version.number,
                }
            )
        return refs

    def _find_module(self, module_id: str) -> _Module:
        module = self._modules.get(module_id)
        if module is None:
            raise _error(404, "The module does not exist.", "inexistent_module")
        return module

    def _module_users(self, module: _Module) -> list[_Action]:
        return [
            a
            for a in self._actions.values()
            if any(ref["module_id"] == module.id for ref in a.draft.modules)
        ]

    def _module_version_json(self, module: _Module, version: _ModuleVersion) -> Json:
        return {
            "id": version.id,
            "module_id": module.id,
            "version_number": version.number,
            "code": version.code,
            "secrets": _secret_info(version.secrets),
            "dependencies": deepcopy(version.dependencies),
            "created_at": _iso(version.created_at),
        }

    def _module_json(self, module: _Module, *, full: bool = True) -> Json:
        latest = module.versions[-1] if module.versions else None
        body: Json = {
            "id": module.id,
            "name": module.name,
            "code": module.code,
            "dependencies": deepcopy(module.dependencies),
            "secrets": _secret_info(module.secrets),
            "actions_using_module_total": len(self._module_users(module)),
            "all_changes_published": latest is not None
            and module.content() == module.version_content(latest),
            "latest_version_number": latest.number if latest else 0,
            "created_at": _iso(module.created_at),
            "updated_at": _iso(module.updated_at),
        }
        if full and latest is not None:
            body["latest_version"] = self._module_version_json(module, latest)
        return body

    def _publish(self, module: _Module, now: float) -> _ModuleVersion:
        number = module.versions[-1].number + 1 if module.versions else 1
        version = _ModuleVersion(
            self._new_id(),
            number,
            module.code,
            deepcopy(module.secrets),
            deepcopy(module.dependencies),
            now,
        )
        module.versions.append(version)
        return version

    def _list_modules(self, incoming: Incoming, now: float) -> Reply:
        items = list(self._modules.values())
        return Reply(
            200,
            _module_page(incoming, "modules", [self._module_json(m, full=False) for m in items]),
        )

    def _create_module(self, incoming: Incoming, now: float) -> Reply:
        body = _object_body(incoming)
        _check_keys(body, {"name", "code", "secrets", "dependencies", "api_version", "publish"})
        for required in ("name", "code"):
            if required not in body:
                raise _invalid(f"'Missing required property: {required}'.")
        name = _name(body["name"], max_length=255)
        code = _str(body, "code", "")
        if len(code) > 65_536:
            raise _invalid("'String is too long (max 65536)' on property code.")
        if any(m.name == name for m in self._modules.values()):
            raise _error(409, f"A module with the name '{name}' already exists.", "conflict")
        module = _Module(
            id=self._new_id(),
            name=name,
            code=code,
            secrets=_secrets(body.get("secrets", []), now),
            dependencies=_dependencies(body.get("dependencies", []), registry=False),
            created_at=now,
            updated_at=now,
        )
        publish = body.get("publish", False)
        if not isinstance(publish, bool):
            raise _invalid("'Expected type boolean' on property publish.")
        self._modules[module.id] = module
        if publish:
            self._publish(module, now)
        return Reply(201, self._module_json(module))

    def _get_module(self, incoming: Incoming, now: float, module_id: str) -> Reply:
        return Reply(200, self._module_json(self._find_module(module_id)))

    def _update_module(self, incoming: Incoming, now: float, module_id: str) -> Reply:
        module = self._find_module(module_id)
        body = _object_body(incoming)
        _check_keys(body, {"code", "secrets", "dependencies"})
        if "code" in body:
            module.code = _str(body, "code", "")
        if "secrets" in body:
            # Each PATCH replaces the module's entire secrets array (auth0/docs-v2 PR #1699).
            module.secrets = _secrets(body["secrets"], now)
        if "dependencies" in body:
            module.dependencies = _dependencies(body["dependencies"], registry=False)
        module.updated_at = now
        return Reply(200, self._module_json(module))

    def _delete_module(self, incoming: Incoming, now: float, module_id: str) -> Reply:
        module = self._find_module(module_id)
        if self._module_users(module):
            raise _error(412, "The module is in use by one or more actions.", "module_in_use")
        del self._modules[module.id]
        return Reply(204)

    def _list_module_actions(self, incoming: Incoming, now: float, module_id: str) -> Reply:
        module = self._find_module(module_id)
        items = []
        for action in self._module_users(module):
            ref = next(r for r in action.draft.modules if r["module_id"] == module.id)
            items.append(
                {
                    "action_id": action.id,
                    "action_name": action.name,
                    "module_version_id": ref["module_version_id"],
                    "module_version_number": ref["module_version_number"],
                    "supported_triggers": [self._trigger_json(*t) for t in action.draft.triggers],
                }
            )
        return Reply(200, _module_page(incoming, "actions", items))

    def _rollback_module(self, incoming: Incoming, now: float, module_id: str) -> Reply:
        module = self._find_module(module_id)
        body = _object_body(incoming)
        _check_keys(body, {"module_version_id"})
        version_id = body.get("module_version_id")
        if not isinstance(version_id, str):
            raise _invalid("'Missing required property: module_version_id'.")
        version = next((v for v in module.versions if v.id == version_id), None)
        if version is None:
            raise _error(404, "The module version does not exist.", "inexistent_module_version")
        if module.content() == module.version_content(version):
            raise _error(409, "The module draft already matches this version.", "conflict")
        module.code = version.code
        module.secrets = deepcopy(version.secrets)
        module.dependencies = deepcopy(version.dependencies)
        module.updated_at = now
        return Reply(200, self._module_json(module))

    def _list_module_versions(self, incoming: Incoming, now: float, module_id: str) -> Reply:
        module = self._find_module(module_id)
        items = [self._module_version_json(module, v) for v in reversed(module.versions)]
        return Reply(200, _module_page(incoming, "versions", items))

    def _create_module_version(self, incoming: Incoming, now: float, module_id: str) -> Reply:
        module = self._find_module(module_id)
        if module.versions and module.content() == module.version_content(module.versions[-1]):
            raise _error(409, "There are no unpublished changes to publish.", "conflict")
        if len(module.versions) >= self.max_module_versions:
            raise _error(
                412, "The maximum number of module versions has been reached.", "too_many_versions"
            )
        version = self._publish(module, now)
        return Reply(200, self._module_version_json(module, version))

    def _get_module_version(
        self, incoming: Incoming, now: float, module_id: str, version_id: str
    ) -> Reply:
        module = self._find_module(module_id)
        version = next((v for v in module.versions if v.id == version_id), None)
        if version is None:
            raise _error(404, "The module version does not exist.", "inexistent_module_version")
        return Reply(200, self._module_version_json(module, version))

    def __repr__(self) -> str:
        return f"Auth0Emulator(domain={self.domain!r}, seed={self.seed!r})"


# ---------------------------------------------------------------------- request helpers


def _parse_body(incoming: Incoming) -> Any:
    content_type = incoming.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" in content_type:
        form = parse_qs(incoming.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[-1] for k, v in form.items()}
    if not incoming.body.strip():
        return None
    try:
        return json.loads(incoming.body)
    except (ValueError, UnicodeDecodeError):
        raise _error(400, "Invalid request payload JSON format", "invalid_body") from None


def _object_body(incoming: Incoming) -> Json:
    body = _parse_body(incoming)
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise _invalid("'Expected type object but found type array'.")
    return body


def _check_keys(body: Json, allowed: set[str]) -> None:
    extra = sorted(set(body) - allowed)
    if extra:
        raise _invalid(f"'Additional properties not allowed: {','.join(extra)}'.")


def _name(value: object, *, max_length: int = 255) -> str:
    if not isinstance(value, str) or not value:
        raise _invalid("'String is too short (0 chars), minimum 1' on property name.")
    if len(value) > max_length:
        raise _invalid(
            f"'String is too long ({len(value)} chars), maximum {max_length}' on property name."
        )
    return value


def _str(body: Json, key: str, default: str) -> str:
    value = body.get(key, default)
    if not isinstance(value, str):
        raise _invalid(f"'Expected type string' on property {key}.")
    return value


def _dependencies(value: object, *, registry: bool = True) -> list[Json]:
    if not isinstance(value, list):
        raise _invalid("'Expected type array' on property dependencies.")
    out: list[Json] = []
    for index, item in enumerate(value):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or not isinstance(item.get("version"), str)
        ):
            raise _invalid(f"'Missing required property: name' on property dependencies[{index}].")
        dep: Json = {"name": item["name"], "version": item["version"]}
        if registry and isinstance(item.get("registry_url"), str):
            dep["registry_url"] = item["registry_url"]
        out.append(dep)
    return out


def _secrets(value: object, now: float) -> list[Json]:
    if not isinstance(value, list):
        raise _invalid("'Expected type array' on property secrets.")
    out: list[Json] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise _invalid(f"'Missing required property: name' on property secrets[{index}].")
        if not isinstance(item.get("value", ""), str):
            raise _invalid(f"'Expected type string' on property secrets[{index}].value.")
        out.append({"name": item["name"], "value": item.get("value", ""), "updated_at": now})
    return out


def _secret_info(secrets: list[Json]) -> list[Json]:
    # Secrets are write-only: responses carry names and timestamps, never values.
    return [{"name": s["name"], "updated_at": _iso(s["updated_at"])} for s in secrets]


def _build_errors(action_id: str) -> list[Json]:
    return [
        {
            "id": "build_failed",
            "msg": "SyntaxError: the action's code could not be parsed",
            "url": f"https://manage.auth0.com/#/actions/library/details/{action_id}",
        }
    ]


def _bool_param(incoming: Incoming, name: str) -> bool | None:
    value = incoming.param(name)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise _error(
            400,
            f"Query validation error: 'Expected type boolean' on property {name}.",
            "invalid_query_string",
        )
    return value == "true"


def _int_param(incoming: Incoming, name: str, default: int, low: int, high: int) -> int:
    raw = incoming.param(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _error(
            400,
            "Query validation error: 'Expected type integer but found type string' "
            f"on property {name}.",
            "invalid_query_string",
        ) from None
    if not low <= value <= high:
        raise _error(
            400,
            f"Query validation error: 'Value must be between {low} and {high}' on property {name}.",
            "invalid_query_string",
        )
    return value


def _paging(incoming: Incoming) -> tuple[int, int]:
    page = _int_param(incoming, "page", 0, 0, 2**31)
    per_page = _int_param(incoming, "per_page", _DEFAULT_PER_PAGE, 1, _MAX_PER_PAGE)
    return page, per_page


def _module_page(incoming: Incoming, key: str, items: list[Json]) -> Json:
    # Module lists page only when asked: "paging is disabled if not sent".
    if incoming.param("page") is None and incoming.param("per_page") is None:
        return {key: items, "total": len(items), "page": 0, "per_page": len(items)}
    page, per_page = _paging(incoming)
    return {
        key: items[page * per_page : (page + 1) * per_page],
        "total": len(items),
        "page": page,
        "per_page": per_page,
    }
