"""An in-memory emulator of the Auth0 Management API v2 *Actions* endpoints.

Behaviour follows the wire reference (``auth0-actions-api.md``) and, where they differ, what HTTP
exchanges recorded against real tenants show: paths, query names, status codes, snake_case bodies,
RFC 3339 timestamps with milliseconds, the ``{statusCode, error, message, errorCode}`` error body
(404 bodies carry no ``errorCode``; a 429 carries ``too_many_requests``) and the ``x-ratelimit-*``
headers (sent only while a rate limit is configured: real 429s guarantee none).

Shapes as recorded on real tenants:

* A **failed build** is reported by ``status: failed`` alone: no ``errors`` array.
* ``POST …/deploy`` and rollback answer **200** with a version that reads ``status: built``,
  ``deployed: false``; ``POST …/modules/{id}/versions`` answers 200.
* Responses never echo ``deploy``. Actions carry an undocumented ``current_version``
  (``id, code, runtime, status`` in upper case, ``number, build_time, created_at, updated_at``).
* List envelopes leave ``page`` out on page 0 and ``total`` out when it is 0; later pages report
  ``total: 0`` whatever the real count (only page 0's ``total`` can be trusted).
* ``supported_triggers[]`` inside actions and versions is just ``{id, version}``. Versions carry no
  ``action_id``, and ``modules`` only when there are some. ``dependencies[].registry_url`` is
  present while the draft is building (the npm registry unless another was given) and absent
  once it is built.
* Bindings embed an abbreviated action (no ``code``, ``runtime``, ``status``, ``secrets`` or
  ``dependencies``; with ``current_version``); a binding without a display name has no
  ``display_name`` key.
* Listing the bindings of an entity-bound trigger answers 200 ``{"bindings": [], "per_page": 50}``.
* ``POST …/test`` answers a run result: ``{"payload": {"error": …, "stats": {…}, "logs": …}}``.
* An action keeps at most :attr:`Auth0Emulator.max_action_versions` (50) versions; the oldest is
  deleted.

Documented emulator rules (where the real service is opaque):

* **Build.** After create, or any update (even one that changes nothing, or only the name, as on
  real tenants), the draft is ``pending`` for the first third of ``build_seconds``, then
  ``building``, then ``built`` (``built_at`` = end of the build). The build **fails** (``failed``)
  when the code contains the marker ``SYNTAX_ERROR`` or its ``{}``, ``()`` or ``[]`` counts do not
  balance. ``current_version`` follows the draft: a new id per build, ``number`` = the newest
  version's number, plus one while the draft differs from it.
* **Deploy.** Deploy and rollback create an ActionVersion that is ``deployed: false`` for
  ``deploy_seconds``, then ``deployed: true`` (the previous version stops being the deployed one
  at that moment). ``create`` with ``deploy: true`` deploys when the first build finishes. An
  action can be bound once one of its versions is deployed.
* **Unknown path or method:** 404 ``Not Found``.
* **Token endpoint:** ``POST /oauth/token`` (form or JSON, or HTTP Basic client authentication),
  with a client secret or a Private Key JWT client assertion
  (``client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer``) signed by a
  key registered with :meth:`Auth0Emulator.register_client_public_key` (``RS256``/``RS384``/
  ``PS256``/``ES256``…; ``iss`` = ``sub`` = the client id, ``aud`` = ``https://{domain}/`` or the
  origin, a future ``exp`` at most an hour after ``iat``, and a ``jti`` not seen before).
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
import time
import uuid
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, TypeVar
from urllib.parse import parse_qs

from . import _base
from ._base import Incoming, Reply, ReplyError, TokenBucket, oauth_error
from ._clock import Clock
from ._faults import FaultPlan

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_TOKEN",
    "TRIGGER_CATALOGUE",
    "Auth0Emulator",
]

T = TypeVar("T")

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
_NPM_REGISTRY = "https://registry.npmjs.org/"
_CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_ASSERTION_ALGORITHMS = ("RS256", "RS384", "PS256")
_JWT_EXTRA = 'pip install "actions-sdk[jwt]"'

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
    _trigger("custom-phone-provider", "v1"),
    _trigger("custom-email-provider", "v1"),
    _trigger("login-post-identifier", "v1"),
    _trigger("signup-post-identifier", "v1"),
    _trigger("post-credential-validation", "v1"),
    # Entity-bound: attached through another entity (a token-exchange profile, an event stream),
    # not PATCH …/bindings; listing their bindings answers an empty list (real tenants).
    _trigger("custom-token-exchange", "v1", binding_policy="entity-bound"),
    _trigger("event-stream", "v1", binding_policy="entity-bound"),
    _trigger("password-hash-migration", "v1", binding_policy="entity-bound"),
    _trigger("mcp-tool", "v1", binding_policy="entity-bound"),
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


def _error(status: int, message: str, error_code: str | None = None) -> ReplyError:
    body: Json = {"statusCode": status, "error": HTTPStatus(status).phrase, "message": message}
    # Real 404 bodies carry no errorCode, whatever the resource.
    if error_code is not None and status != 404:
        body["errorCode"] = error_code
    return ReplyError(Reply(status, body))


def _found(value: T | None, what: str) -> T:
    """``value``, or the 404 Auth0 answers when the ``what`` looked up does not exist."""
    if value is None:
        raise _error(404, f"The {what} does not exist.")
    return value


def _invalid(message: str) -> ReplyError:
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
    build_id: str = ""
    pending_deploy: bool = False
    pending_version_id: str = ""
    previous_built_at: float | None = None
    versions: list[_Version] = field(default_factory=list)


@dataclass
class _Binding:
    id: str
    action_id: str
    display_name: str | None
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


def _module_version(module: _Module, version_id: object) -> _ModuleVersion:
    return _found(next((v for v in module.versions if v.id == version_id), None), "module version")


class Auth0Emulator(_base.EmulatorBase):
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
        assertion_clock: Time source for checking client assertions' ``iat``/``exp`` (default:
            the wall clock, since clients sign with real time while ``clock`` may be manual).
    """

    _token_paths = frozenset({"/oauth/token"})
    max_module_versions = 10
    """Maximum number of published versions per module (412 beyond)."""
    max_action_versions = 50
    """Versions an action keeps; a deploy or rollback beyond deletes the oldest one."""

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
        assertion_clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            domain, clock=clock, assertion_clock=assertion_clock, faults=faults, seed=seed
        )
        # Registered client public keys are configuration: they survive reset(), like the secret.
        self._client_keys: list[tuple[str, Any]] = []
        self._seen_jtis: dict[str, float] = {}
        self.client_id = client_id
        self.client_secret = client_secret
        self.token = token
        self.token_lifetime = token_lifetime
        self.build_seconds = max(0.0, build_seconds)
        self.deploy_seconds = max(0.0, deploy_seconds)
        self.rate_limit = rate_limit
        if rate_limit is not None:
            TokenBucket(*rate_limit, now=0.0)  # validate eagerly
        self._start()

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

    def generate_client_key(self, client_id: str | None = None) -> str:
        """Create an RSA key pair, register its public key, and return the PEM private key.

        The key is what ``ManagementClient.for_auth0(..., client_assertion_signing_key=...)``
        takes for Private Key JWT. Requires ``actions-sdk[jwt]``.

        Args:
            client_id: The application the key belongs to (default: :attr:`client_id`).

        Returns:
            The PEM-encoded (PKCS#8, unencrypted) private key.

        Raises:
            MissingDependencyError: Without the ``jwt`` extra.
        """
        try:
            from cryptography.hazmat.primitives import serialization
            from cryptography.hazmat.primitives.asymmetric import rsa
        except ImportError:  # pragma: no cover - the dev install has the extra
            from actions_sdk.errors import MissingDependencyError

            raise MissingDependencyError(
                f"generating client keys needs cryptography: {_JWT_EXTRA}"
            ) from None
        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public_pem = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.register_client_public_key(public_pem.decode("ascii"), client_id=client_id)
        return private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii")

    def register_client_public_key(
        self, public_key_pem: str, *, client_id: str | None = None
    ) -> None:
        """Accept Private Key JWT assertions from ``client_id`` signed by the matching key.

        Args:
            public_key_pem: PEM-encoded RSA public key (what the Auth0 dashboard takes).
            client_id: The application (default: :attr:`client_id`).
        """
        from cryptography.hazmat.primitives import serialization

        public_key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
        with self._lock:
            self._client_keys.append((client_id or self.client_id, public_key))

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
        handler, captured, _ = _base.match_route(
            self._routes, incoming.method, incoming.segments[2:]
        )
        if handler is None:
            return _error(404, "Not Found").reply
        try:
            result: Reply = handler(incoming, now, *captured)
        except ReplyError as failure:
            return failure.reply
        return result

    def _collection(self, path: tuple[str, ...], noun: str) -> list[_base.Route]:
        """The Management API's five routes of a collection, to handlers named after ``noun``.

        List and create on the collection, get, update (``PATCH``) and delete on one item:
        ``_list_{noun}s``, ``_create_{noun}``, ``_get_{noun}``, ``_update_{noun}``,
        ``_delete_{noun}``.
        """
        one = (*path, "{}")
        return [
            ("GET", path, getattr(self, f"_list_{noun}s")),
            ("POST", path, getattr(self, f"_create_{noun}")),
            ("GET", one, getattr(self, f"_get_{noun}")),
            ("PATCH", one, getattr(self, f"_update_{noun}")),
            ("DELETE", one, getattr(self, f"_delete_{noun}")),
        ]

    def _route_table(self) -> list[_base.Route]:
        a = ("actions", "actions")
        m = ("actions", "modules")
        # Patterns of one table never overlap (same length and method), so the order is free.
        return [
            *self._collection(a, "action"),
            ("POST", (*a, "{}", "deploy"), self._deploy_action),
            ("POST", (*a, "{}", "test"), self._test_action),
            ("GET", (*a, "{}", "versions"), self._list_versions),
            ("GET", (*a, "{}", "versions", "{}"), self._get_version),
            ("POST", (*a, "{}", "versions", "{}", "deploy"), self._rollback),
            ("GET", ("actions", "triggers"), self._list_triggers),
            ("GET", ("actions", "triggers", "{}", "bindings"), self._list_bindings),
            ("PATCH", ("actions", "triggers", "{}", "bindings"), self._update_bindings),
            ("GET", ("actions", "executions", "{}"), self._get_execution),
            ("GET", (*m, "{}", "actions"), self._list_module_actions),
            ("POST", (*m, "{}", "rollback"), self._rollback_module),
            ("GET", (*m, "{}", "versions"), self._list_module_versions),
            ("POST", (*m, "{}", "versions"), self._create_module_version),
            ("GET", (*m, "{}", "versions", "{}"), self._get_module_version),
            *self._collection(m, "module"),
        ]

    # ------------------------------------------------------------------ token endpoint

    def _token(self, incoming: Incoming) -> Reply:
        try:
            params = _parse_body(incoming)
        except ReplyError:
            params = None
        if not isinstance(params, dict):
            return oauth_error(400, "invalid_request", "Invalid request body")
        basic = _base.basic_credentials(incoming)
        client_id = params.get("client_id", basic[0] if basic else None)
        client_secret = params.get("client_secret", basic[1] if basic else None)
        grant = params.get("grant_type")
        if grant != "client_credentials":
            return oauth_error(400, "unsupported_grant_type", f"Unsupported grant type: {grant}")
        if "client_assertion" in params or "client_assertion_type" in params:
            if client_secret is not None:
                return oauth_error(
                    401, "invalid_client", "Use only one client authentication method"
                )
            failure = self._check_client_assertion(params, incoming)
            if failure is not None:
                return failure
            client_id = params.get("client_id") or self._assertion_subject(params)
        elif client_id != self.client_id or client_secret != self.client_secret:
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

    @staticmethod
    def _assertion_subject(params: Json) -> str | None:
        import jwt

        claims = jwt.decode(params["client_assertion"], options={"verify_signature": False})
        subject = claims.get("sub")
        return subject if isinstance(subject, str) else None

    def _check_client_assertion(self, params: Json, incoming: Incoming) -> Reply | None:
        """Verify a Private Key JWT client assertion like Auth0: signature, claims, one-time jti."""
        try:
            import jwt
        except ImportError:  # pragma: no cover - the dev install has the extra
            return oauth_error(500, "server_error", f"the emulator needs {_JWT_EXTRA}")

        def bad(description: str) -> Reply:
            return oauth_error(401, "invalid_client", description)

        if params.get("client_assertion_type") != _CLIENT_ASSERTION_TYPE:
            return oauth_error(
                400, "invalid_request", f"client_assertion_type must be {_CLIENT_ASSERTION_TYPE}"
            )
        assertion = params.get("client_assertion")
        if not isinstance(assertion, str) or not assertion:
            return oauth_error(400, "invalid_request", "client_assertion is missing")
        try:
            header = jwt.get_unverified_header(assertion)
            unverified = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            return bad("client_assertion is not a JWT")
        algorithm = header.get("alg")
        if algorithm not in _ASSERTION_ALGORITHMS:
            return bad(f"client_assertion must be signed with one of {_ASSERTION_ALGORITHMS}")
        client_id = params.get("client_id") or unverified.get("sub")
        keys = [key for owner, key in self._client_keys if owner == client_id]
        if not keys:
            return bad("no client public key is registered for this client")
        claims: Json | None = None
        for key in keys:
            try:
                # Time and audience claims are checked below, against assertion_clock.
                claims = jwt.decode(
                    assertion,
                    key,
                    algorithms=[algorithm],
                    options={"verify_exp": False, "verify_iat": False, "verify_aud": False},
                )
                break
            except jwt.PyJWTError:
                continue
        if claims is None:
            return bad("client_assertion signature is invalid")
        if claims.get("iss") != client_id or claims.get("sub") != client_id:
            return bad("iss and sub must be the client id")
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        accepted = {f"https://{self.domain}/", f"{incoming.origin}/"}
        if not accepted.intersection(audiences):
            return bad(f"aud must be https://{self.domain}/")
        iat, exp, jti = claims.get("iat"), claims.get("exp"), claims.get("jti")
        if not isinstance(iat, int | float) or not isinstance(exp, int | float):
            return bad("iat and exp are required")
        now = self.assertion_clock()
        if exp <= now:
            return bad("client_assertion has expired")
        if exp - iat > 3600:
            return bad("client_assertion lifetime must not exceed 1 hour")
        if iat > now + 60:
            return bad("client_assertion is issued in the future")
        if not isinstance(jti, str) or not jti:
            return bad("jti is required")
        # Forget jtis whose assertions have expired: they cannot be replayed anyway.
        self._seen_jtis = {k: v for k, v in self._seen_jtis.items() if v > now}
        if jti in self._seen_jtis:
            return bad("jti has already been used")
        self._seen_jtis[jti] = float(exp)
        return None

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
            # Real tenants show a create(deploy=True) built *and* live on the first poll after the
            # build: the version announced in the create answer goes live with the build.
            self._add_version(
                action,
                deepcopy(action.draft),
                built_at,
                version_id=action.pending_version_id or None,
                live_at=built_at,
            )

    def _add_version(
        self,
        action: _Action,
        content: _Draft,
        at: float,
        *,
        version_id: str | None = None,
        live_at: float | None = None,
    ) -> _Version:
        number = action.versions[-1].number + 1 if action.versions else 1
        ready_at = at + self.deploy_seconds if live_at is None else live_at
        version = _Version(version_id or self._new_id(), number, content, at, ready_at)
        action.versions.append(version)
        # Auth0 keeps at most 50 versions per action and deletes the oldest.
        del action.versions[: -self.max_action_versions]
        return version

    @staticmethod
    def _deployed(action: _Action, now: float) -> _Version | None:
        """The version currently serving traffic: the newest one whose deploy has finished."""
        for version in reversed(action.versions):
            if version.ready_at <= now:
                return version
        return None

    def _catalogue_entry(self, trigger_id: str, version: str) -> Json:
        for entry in TRIGGER_CATALOGUE:
            if entry["id"] == trigger_id and entry["version"] == version:
                return deepcopy(entry)
        return {"id": trigger_id, "version": version}

    @staticmethod
    def _trigger_json(trigger_id: str, version: str) -> Json:
        # Inside actions and versions a trigger is just {id, version}; the catalogue's other
        # fields appear only in GET /actions/triggers.
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

    def _current_version_json(self, action: _Action, now: float) -> Json:
        status, _ = self._build_state(action, now)
        newest = action.versions[-1].number if action.versions else 0
        number = newest if self._all_changes_deployed(action) else newest + 1
        body: Json = {
            "id": action.build_id,
            "code": action.draft.code,
            "runtime": action.draft.runtime,
            "status": status.upper(),
            "number": number,
            "created_at": _iso(action.build_started),
            "updated_at": _iso(action.build_started),
        }
        if status == "built":
            finished = action.build_started + self.build_seconds
            body["build_time"] = _iso(finished)
            body["updated_at"] = _iso(finished)
        return body

    def _action_json(self, action: _Action, now: float, *, abbreviated: bool = False) -> Json:
        self._refresh(action, now)
        body = self._action_base(action)
        draft = action.draft
        status, built_at = self._build_state(action, now)
        if not abbreviated:
            # Bindings embed the action without these (real tenants).
            body.update(
                {
                    "code": draft.code,
                    "dependencies": _dependencies_json(
                        draft.dependencies, building=status in ("pending", "building")
                    ),
                    "runtime": draft.runtime,
                    "secrets": _secret_info(draft.secrets),
                }
            )
        if action.versions:
            body["deployed_version"] = self._version_json(action, action.versions[-1], now)
        elif action.pending_deploy:
            body["deployed_version"] = self._announced_version_json(action, status)
        if not abbreviated:
            body["status"] = status
        if built_at is not None:
            body["built_at"] = _iso(built_at)
        body["current_version"] = self._current_version_json(action, now)
        body["modules"] = deepcopy(draft.modules)
        return body

    def _announced_version_json(self, action: _Action, status: str) -> Json:
        """The version a ``create(deploy=True)`` answer announces before its build finishes.

        Recorded on real tenants: ``{number: 1, deployed: true, status: "pending"}`` from the
        create answer on, although the build has not finished yet.
        """
        return {
            "id": action.pending_version_id,
            "code": action.draft.code,
            "deployed": True,
            "runtime": action.draft.runtime,
            "status": status,
            "number": 1,
            "created_at": _iso(action.created_at),
            "updated_at": _iso(action.created_at),
            "supported_triggers": [self._trigger_json(*t) for t in action.draft.triggers],
        }

    def _version_json(self, action: _Action, version: _Version, now: float) -> Json:
        ready = version.ready_at <= now
        deployed = self._deployed(action, now)
        content = version.content
        # A version is made from a built draft: it reads "built" from the deploy answer on, and
        # only ``deployed`` changes when it goes live. No action_id key (real tenants).
        body: Json = {
            "id": version.id,
            "code": content.code,
            "dependencies": _dependencies_json(content.dependencies, building=False),
            "deployed": deployed is version,
            "runtime": content.runtime,
            "secrets": _secret_info(content.secrets),
            "status": "built",
            "number": version.number,
            "action": self._action_base(action),
            "built_at": _iso(version.created_at),
            "created_at": _iso(version.created_at),
            "updated_at": _iso(version.ready_at if ready else version.created_at),
            "supported_triggers": [self._trigger_json(*t) for t in content.triggers],
        }
        if content.modules:
            body["modules"] = deepcopy(content.modules)
        return body

    def _binding_json(self, trigger_id: str, binding: _Binding, now: float) -> Json:
        body: Json = {
            "id": binding.id,
            "trigger_id": trigger_id,
            "action": self._action_json(self._actions[binding.action_id], now, abbreviated=True),
            "created_at": _iso(binding.created_at),
            "updated_at": _iso(binding.updated_at),
        }
        if binding.display_name is not None:
            body["display_name"] = binding.display_name
        return body

    # ------------------------------------------------------------------ actions

    def _find_action(self, action_id: str) -> _Action:
        return _found(self._actions.get(action_id), "action")

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
            _envelope(
                "actions", [self._action_json(a, now) for a in chunk], page, per_page, len(selected)
            ),
        )

    def _create_action(self, incoming: Incoming, now: float) -> Reply:
        body = _object_body(incoming)
        _check_keys(body, {*_ACTION_KEYS, "deploy"})
        for required in ("name", "supported_triggers"):
            if required not in body:
                raise _invalid(f"'Missing required property: {required}'.")
        name = _name(body["name"])
        if any(a.name == name for a in self._actions.values()):
            raise _error(409, f"An action with the name '{name}' already exists.", "conflict")
        triggers = self._triggers(body["supported_triggers"])
        default_runtime = self._catalogue_entry(*triggers[0]).get("default_runtime", "node22")
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
            build_id=self._new_id(),
            pending_deploy=deploy,
            pending_version_id=self._new_id() if deploy else "",
        )
        self._actions[action.id] = action
        return Reply(201, self._action_json(action, now))

    def _get_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        return Reply(200, self._action_json(self._find_action(action_id), now))

    def _update_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        action = self._find_action(action_id)
        self._refresh(action, now)
        body = _object_body(incoming)
        _check_keys(body, _ACTION_KEYS)
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
                    c["id"] for c in self._catalogue_entry(tid, ver).get("compatible_triggers", [])
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
        # Any PATCH, even an identical body or a rename, sends the draft back to pending and
        # rebuilds it (real tenants).
        status, built_at = self._build_state(action, now)
        if status == "built":
            action.previous_built_at = built_at
        action.draft = draft
        action.build_started = now
        action.build_fails = _build_fails(draft.code)
        action.build_id = self._new_id()
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
        return Reply(200, self._version_json(action, version, now))

    def _test_action(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        action = self._find_action(action_id)
        _sole_property(incoming, "payload", dict)  # checked as Auth0 does; nothing runs it
        # A run result, not an echo of the event (real tenants). The emulator runs nothing: a
        # draft whose build would fail reports an error, any other draft a clean run.
        error: Json | None = None
        if action.build_fails:
            error = {"id": "runtime_error", "msg": "SyntaxError: Unexpected end of input"}
        return Reply(
            200,
            {
                "payload": {
                    "logs": "",
                    "error": error,
                    "stats": {"total_request_duration_ms": 5, "action_duration_ms": 3},
                }
            },
        )

    def _list_versions(self, incoming: Incoming, now: float, action_id: str) -> Reply:
        action = self._find_action(action_id)
        self._refresh(action, now)
        page, per_page = _paging(incoming)
        newest_first = list(reversed(action.versions))
        chunk = newest_first[page * per_page : (page + 1) * per_page]
        versions = [self._version_json(action, v, now) for v in chunk]
        return Reply(200, _envelope("versions", versions, page, per_page, len(newest_first)))

    def _find_version(self, action: _Action, version_id: str) -> _Version:
        return _found(
            next((v for v in action.versions if v.id == version_id), None), "action version"
        )

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
            action.build_id = self._new_id()
            action.updated_at = now
        return Reply(200, self._version_json(action, version, now))

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
            # Real tenants answer an empty list, whatever the paging asked for.
            return Reply(200, {"bindings": [], "per_page": 50})
        page, per_page = _paging(incoming)
        items = self._bindings.get(trigger_id, [])
        chunk = items[page * per_page : (page + 1) * per_page]
        bindings = [self._binding_json(trigger_id, b, now) for b in chunk]
        return Reply(200, _envelope("bindings", bindings, page, per_page, len(items)))

    def _update_bindings(self, incoming: Incoming, now: float, trigger_id: str) -> Reply:
        entry = self._catalogue_trigger(trigger_id)
        if entry["binding_policy"] == "entity-bound":
            raise _error(
                400, "cannot update action bindings for an entity-bound trigger", "invalid_request"
            )
        items = _sole_property(incoming, "bindings", list)
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
            result.append(_Binding(self._new_id(), action.id, display_name, now, now))
        self._bindings[trigger_id] = result
        return Reply(200, {"bindings": [self._binding_json(trigger_id, b, now) for b in result]})

    def _get_execution(self, incoming: Incoming, now: float, execution_id: str) -> Reply:
        return Reply(200, deepcopy(_found(self._executions.get(execution_id), "execution")))

    # ------------------------------------------------------------------ modules

    def _module_refs(self, value: object) -> list[Json]:
        if not isinstance(value, list):
            raise _invalid("'Expected type array' on property modules.")
        refs: list[Json] = []
        for index, item in enumerate(value):
            if not isinstance(item, dict) or not isinstance(item.get("module_id"), str):
                raise _invalid(
                    f"'Missing required property: module_id' on property modules[{index}]."
                )
            module = self._find_module(item["module_id"])
            version = _module_version(module, item.get("module_version_id"))
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
        return _found(self._modules.get(module_id), "module")

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
        version_id = _sole_property(incoming, "module_version_id", str)
        version = _module_version(module, version_id)
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
        version = _module_version(module, version_id)
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


# What an action's create or update body may hold (a create also ``deploy``); Auth0 answers any
# other key with 400 "additional properties".
_ACTION_KEYS = frozenset(
    ("name", "supported_triggers", "code", "dependencies", "runtime", "secrets", "modules")
)


def _sole_property(incoming: Incoming, key: str, kind: type[T]) -> T:
    """The body's one allowed property ``key``, required and a ``kind``, checked as Auth0 does."""
    body = _object_body(incoming)
    _check_keys(body, {key})
    value = body.get(key)
    if not isinstance(value, kind):
        raise _invalid(f"'Missing required property: {key}'.")
    return value


def _check_keys(body: Json, allowed: AbstractSet[str]) -> None:
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


def _dependencies_json(dependencies: list[Json], *, building: bool) -> list[Json]:
    # registry_url is reported while the draft builds (the npm registry unless another was given)
    # and left out once it is built (real tenants).
    if not building:
        return [{"name": d["name"], "version": d["version"]} for d in dependencies]
    return [{**d, "registry_url": d.get("registry_url", _NPM_REGISTRY)} for d in dependencies]


def _envelope(key: str, items: list[Json], page: int, per_page: int, total: int) -> Json:
    """A list envelope as real tenants send it.

    Page 0 leaves ``page`` out, and ``total`` too when it is 0; later pages report ``total: 0``
    whatever the real count, so only page 0's ``total`` can be trusted.
    """
    body: Json = {key: items, "per_page": per_page}
    if page:
        body["page"] = page
        body["total"] = 0
    elif total:
        body["total"] = total
    return body


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
