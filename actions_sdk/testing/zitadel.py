"""An in-memory emulator of the ZITADEL Management API v1 actions & flows RPCs (REST gateway).

Behaviour follows the wire reference (``zitadel-actions-api.md``): grpc-gateway paths under
``/management/v1``, protojson bodies (camelCase, int64 as strings, zero values and empty lists
omitted, ``"10s"`` durations, RFC 3339 ``Z`` timestamps), the ``{code, message, details}`` error
body with ZITADEL's error ids, and the gRPC → HTTP status mapping. The same instance also serves
the v2 Actions service under ``/v2/actions`` (targets, executions, public keys), as a real one does:
its state and rules are in :mod:`actions_sdk.testing.zitadel_v2`, reached as ``emulator.v2``.

Documented emulator rules (where the real service is opaque):

* **Organisations.** Actions and flows live per organisation. ``x-zitadel-orgid`` selects one;
  without it the default organisation is used. An org that was never added
  (:meth:`ZitadelEmulator.add_org`) answers 403 (code 7).
* **Lists.** ``query.limit`` absent or ``0`` returns up to the server maximum (1000); above 1000 is
  ``QUERY-4M0fs``. Without ``sortingColumn`` the real server has no ORDER BY, so every request
  returns the rows in a fresh (seeded) random order — paging by offset can then repeat or skip
  actions, as it can on ZITADEL; with a column the default direction is descending.
* **GetFlow** emits ``triggerActions`` groups in a shuffled, never ascending order (seeded), because
  the real server builds them from a Go map and clients must not rely on the order.
* **Tokens.** ``POST /oauth/v2/token`` supports the JWT profile (RS256 assertion verified against
  registered public keys) and client credentials with HTTP Basic authentication. Failed client
  authentication is 401 ``invalid_client``; a bad assertion is 400 ``invalid_grant``; a malformed
  request is 400 ``invalid_request``/``unsupported_grant_type``. A token requested *without* the
  scope ``urn:zitadel:iam:org:project:id:zitadel:aud`` is issued (as ZITADEL does) but the
  Management API rejects it with 401, code 16.
* **Rate limit.** ``rate_limit`` requests per second over every path (burst of one second's worth);
  excess calls get 429 with body ``{"code": 8, …}`` and no rate-limit headers.
* **Web keys.** ``GET /oauth/v2/keys`` serves the instance's JWKS without a token
  (:attr:`ZitadelEmulator.web_keys`: generated on first use, rotated by ``web_keys.rotate()``);
  :meth:`ZitadelEmulator.sign_jwt_payload` makes the body a ``PAYLOAD_TYPE_JWT`` target receives,
  :meth:`ZitadelEmulator.encrypt_jwe_payload` the body a ``PAYLOAD_TYPE_JWE`` target receives.
"""

from __future__ import annotations

import json
import random
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs

from actions_sdk.errors import MissingDependencyError

from . import _base
from ._base import Incoming, Reply, ReplyError, TokenBucket, oauth_error
from ._clock import Clock
from ._faults import FaultPlan
from ._webkeys import WebKeys

__all__ = [
    "API_AUDIENCE_SCOPE",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_ORG_ID",
    "DEFAULT_PAT",
    "DEFAULT_USER_ID",
    "ZitadelEmulator",
]

DEFAULT_PAT = "emulator-pat"
"""Personal access token that is always valid unless another is configured."""
DEFAULT_CLIENT_ID = "emulator-machine"
"""Machine user client id for the client-credentials grant."""
DEFAULT_CLIENT_SECRET = "emulator-machine-secret"  # noqa: S105 - public, fake emulator credential
"""Machine user client secret for the client-credentials grant."""
DEFAULT_ORG_ID = "100000000000000001"
"""Default organisation id (used when ``x-zitadel-orgid`` is absent)."""
DEFAULT_USER_ID = "100000000000000002"
"""Id of the emulated machine user (``iss``/``sub`` of JWT-profile assertions)."""
API_AUDIENCE_SCOPE = "urn:zitadel:iam:org:project:id:zitadel:aud"
"""Scope a token needs to be accepted by the ZITADEL APIs."""

_JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_ERROR_DETAIL = "type.googleapis.com/zitadel.v1.ErrorDetail"
_MAX_LIMIT = 1000
_MAX_TIMEOUT_NS = 20 * 10**9
_MAX_SCRIPT_BYTES = 40_000
_GRPC_TO_HTTP = {
    1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429,
    9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401,
}  # fmt: skip

_FLOWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "1": ("External Authentication", "Action.Flow.Type.ExternalAuthentication", ("1", "2", "3")),
    "2": ("Complement Token", "Action.Flow.Type.CustomiseToken", ("4", "5")),
    "3": ("Internal Authentication", "Action.Flow.Type.InternalAuthentication", ("1", "2", "3")),
    "4": ("Complement SAML Response", "Action.Flow.Type.CustomizeSAMLResponse", ("6",)),
}
_TRIGGERS: dict[str, tuple[str, str]] = {
    "1": ("Post Authentication", "Action.TriggerType.PostAuthentication"),
    "2": ("Pre Creation", "Action.TriggerType.PreCreation"),
    "3": ("Post Creation", "Action.TriggerType.PostCreation"),
    "4": ("Pre Userinfo Creation", "Action.TriggerType.PreUserinfoCreation"),
    "5": ("Pre Access Token Creation", "Action.TriggerType.PreAccessTokenCreation"),
    "6": ("Pre SAML Response Creation", "Action.TriggerType.PreSAMLResponseCreation"),
}
_LEGACY_FLOWS = {"FLOW_TYPE_EXTERNAL_AUTHENTICATION": "1"}
_LEGACY_TRIGGERS = {
    "TRIGGER_TYPE_POST_AUTHENTICATION": "1",
    "TRIGGER_TYPE_PRE_CREATION": "2",
    "TRIGGER_TYPE_POST_CREATION": "3",
}
_STATES = {0: "ACTION_STATE_UNSPECIFIED", 1: "ACTION_STATE_INACTIVE", 2: "ACTION_STATE_ACTIVE"}
_SORT_COLUMNS = {
    0: "ACTION_FIELD_NAME_UNSPECIFIED",
    1: "ACTION_FIELD_NAME_NAME",
    2: "ACTION_FIELD_NAME_ID",
    3: "ACTION_FIELD_NAME_STATE",
}
_TEXT_METHODS = [
    "TEXT_QUERY_METHOD_EQUALS",
    "TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE",
    "TEXT_QUERY_METHOD_STARTS_WITH",
    "TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE",
    "TEXT_QUERY_METHOD_CONTAINS",
    "TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE",
    "TEXT_QUERY_METHOD_ENDS_WITH",
    "TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE",
]
_DURATION = re.compile(r"^(\d+)(?:\.(\d{1,9}))?s$")

Json = dict[str, Any]


def _error(
    code: int, message: str, error_id: str | None = None, *, status: int | None = None
) -> ReplyError:
    """Build a grpc-gateway error: ``{code, message: "<text> (<id>)", details: [ErrorDetail]}``."""
    body: Json = {"code": code, "message": f"{message} ({error_id})" if error_id else message}
    if error_id:
        body["details"] = [{"@type": _ERROR_DETAIL, "id": error_id, "message": message}]
    return ReplyError(Reply(status or _GRPC_TO_HTTP[code], body))


@dataclass(frozen=True)
class _StateSwitch:
    """A state change of an action (deactivate, reactivate) and how ZITADEL refuses it.

    From ``before`` to ``after``, with the error ids ZITADEL answers with when the action is
    missing or not in ``before``.
    """

    before: int
    after: int
    not_found_id: str
    refusal: str
    refusal_id: str


# Action states: 1 inactive, 2 active.
_DEACTIVATE = _StateSwitch(2, 1, "COMMAND-NRmhu", "Action is not active", "COMMAND-Dgj92")
_REACTIVATE = _StateSwitch(1, 2, "COMMAND-Aa22g", "Action is not inactive", "COMMAND-J53zh")


def _no_route(path_known: bool) -> Reply:
    """The gateway's answer when no route matches: 405 for a known path, else 404."""
    if path_known:
        return _error(12, "Method Not Allowed", status=405).reply
    return _error(5, "Not Found").reply


def _timestamp(ts: float) -> str:
    """Format like protojson: RFC 3339 UTC, ``Z``, with 0, 3 or 6 fractional digits."""
    moment = datetime.fromtimestamp(ts, UTC)
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    micros = moment.microsecond
    if micros == 0:
        return base + "Z"
    if micros % 1000 == 0:
        return f"{base}.{micros // 1000:03d}Z"
    return f"{base}.{micros:06d}Z"


def _duration(nanos: int) -> str:
    """Format nanoseconds like protojson's Duration: ``"10s"``, ``"1.500s"``, ``"0.000000001s"``."""
    seconds, frac = divmod(nanos, 10**9)
    if frac == 0:
        return f"{seconds}s"
    if frac % 10**6 == 0:
        return f"{seconds}.{frac // 10**6:03d}s"
    if frac % 10**3 == 0:
        return f"{seconds}.{frac // 10**3:06d}s"
    return f"{seconds}.{frac:09d}s"


def _duration_ns(raw: object) -> int:
    """Parse a protojson Duration (``"10s"``, ``"1.5s"``) into nanoseconds, as both APIs read it.

    Raises:
        ReplyError: Not such a string (gRPC code 3, protojson's message).
    """
    match = _DURATION.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise _error(3, f"proto: invalid google.protobuf.Duration value {json.dumps(raw)}")
    return int(match[1]) * 10**9 + int((match[2] or "").ljust(9, "0"))


def _field(body: Json, camel: str, snake: str) -> Any:
    # protojson accepts both the JSON (camelCase) and the original proto (snake_case) field name.
    return body[camel] if camel in body else body.get(snake)


@dataclass
class _Action:
    id: str
    org: str
    name: str
    script: str
    timeout_ns: int
    allowed_to_fail: bool
    state: int
    sequence: int
    change_date: float


@dataclass
class _Flow:
    triggers: dict[str, list[str]] = field(default_factory=dict)
    sequence: int = 0
    change_date: float | None = None


@dataclass
class _Issued:
    expiry: float
    api_audience: bool


class ZitadelEmulator(_base.EmulatorBase):
    """A stateful, in-memory ZITADEL instance exposing the v1 actions & flows API and v2 Actions.

    ``/management/v1/...`` is answered here; ``/v2/actions/...`` by :attr:`v2`
    (:class:`~actions_sdk.testing.zitadel_v2.ZitadelActionsV2`), with the same credentials,
    rate limit and faults.

    Use it in-process through :meth:`transport`/:meth:`client`, or over real HTTP via
    :meth:`serve`. Time comes from ``clock`` (token expiry, rate-limit refill, timestamps).

    Example:
        >>> from actions_sdk.testing import ZitadelEmulator
        >>> emu = ZitadelEmulator()
        >>> with emu.client(headers={"Authorization": f"Bearer {emu.pat}"}) as http:
        ...     body = {"name": "a", "script": "function a(ctx, api) {}"}
        ...     http.post("/management/v1/actions", json=body).status_code
        200

    Args:
        domain: Instance domain; the base URL and issuer is ``https://{domain}``.
        pat: Personal access token that is always valid (``None``: none).
        service_account_key: A key to register for the JWT profile: either a key file
            ``{"keyId", "userId", "key": <PEM private key>}`` or ``{"keyId", "userId",
            "publicKey": <PEM public key>}``. More keys: :meth:`generate_service_account_key`,
            :meth:`register_public_key`.
        client_id: Machine user client id for the client-credentials grant.
        client_secret: Machine user client secret for the client-credentials grant.
        default_org_id: Organisation used when ``x-zitadel-orgid`` is absent.
        user_id: Machine user id (``iss``/``sub`` of JWT-profile assertions).
        token_lifetime: ``expires_in`` of issued tokens, in seconds.
        clock: Time source (default: the real clock).
        assertion_clock: Time source for checking JWT-profile assertions' ``iat``/``exp``
            (default: the wall clock, since clients sign with real time).
        rate_limit: Requests per second over all paths; ``None`` disables limiting.
        faults: Fault plan (default: a plan that injects nothing until scripted).
        seed: Seed for ids, key ids and the GetFlow group order.
    """

    _token_paths = frozenset({"/oauth/v2/token"})

    def __init__(
        self,
        domain: str = "zitadel.example",
        *,
        pat: str | None = DEFAULT_PAT,
        service_account_key: dict[str, str] | None = None,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        default_org_id: str = DEFAULT_ORG_ID,
        user_id: str = DEFAULT_USER_ID,
        token_lifetime: int = 43_199,
        clock: Clock | None = None,
        assertion_clock: Callable[[], float] = time.time,
        rate_limit: float | None = None,
        faults: FaultPlan | None = None,
        seed: int = 0,
    ) -> None:
        super().__init__(
            domain, clock=clock, assertion_clock=assertion_clock, faults=faults, seed=seed
        )
        if rate_limit is not None and rate_limit <= 0:
            raise ValueError("rate_limit must be positive")
        self.rate_limit = rate_limit
        self.pat = pat
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_lifetime = token_lifetime
        # Tokens and assertions name the instance's own URL as issuer and audience.
        self.issuer = self.base_url
        self.default_org_id = default_org_id
        self.user_id = user_id
        # Registered public keys survive reset(): they are configuration, like the PAT.
        self._public_keys: dict[str, tuple[str, Any]] = {}
        # Imported here: the v2 module builds on this one's wire helpers.
        from .zitadel_v2 import ZitadelActionsV2

        # One real instance serves both APIs: v2 shares the tokens, rate limit and faults.
        self.v2 = ZitadelActionsV2(self)
        # The instance's web keys sign JWT payloads; configuration, so reset() keeps them.
        self.web_keys = WebKeys()
        self._start()
        if service_account_key is not None:
            self._register_key_file(service_account_key)

    # ------------------------------------------------------------------ state

    def _reset_state(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - reproducible ids, not security
        self._order_rng = random.Random(self.seed + 1)  # noqa: S311 - separate stream for ordering
        self._issued: dict[str, _Issued] = {}
        self._orgs: set[str] = {self.default_org_id}
        self._actions: dict[str, _Action] = {}
        self._flows: dict[tuple[str, str], _Flow] = {}
        self._sequence = 0
        self._bucket = (
            TokenBucket(max(1, int(self.rate_limit)), self.rate_limit, self.clock.time())
            if self.rate_limit
            else None
        )
        self.v2.reset()

    def _new_id(self) -> str:
        # ZITADEL ids are 18-digit snowflake-like numbers, rendered as strings.
        return str(self._rng.randrange(10**17, 10**18))

    def _next_sequence(self) -> int:
        self._sequence += 1
        return self._sequence

    # ------------------------------------------------------------------ public helpers

    def add_org(self, org_id: str | None = None) -> str:
        """Create an organisation the caller may address with ``x-zitadel-orgid``.

        Args:
            org_id: Id to use (a fresh 18-digit id when ``None``).

        Returns:
            The organisation id.
        """
        with self._lock:
            org = org_id or self._new_id()
            self._orgs.add(org)
            return org

    @property
    def actions(self) -> list[Json]:
        """The default organisation's actions, serialised as ``GetAction`` returns them."""
        return self.org_actions(self.default_org_id)

    def org_actions(self, org_id: str) -> list[Json]:
        """The actions of ``org_id``, in creation order, serialised as ``GetAction`` returns them.

        Args:
            org_id: Organisation id.
        """
        with self._lock:
            return [self._action_json(a) for a in self._actions.values() if a.org == org_id]

    def flow(self, flow_type: str, org_id: str | None = None) -> dict[str, list[str]]:
        """The stored trigger → ordered action ids mapping of a flow (empty triggers omitted).

        Args:
            flow_type: Flow id (``"1"``…``"4"``).
            org_id: Organisation id (default organisation when ``None``).
        """
        with self._lock:
            stored = self._flows.get((org_id or self.default_org_id, flow_type))
            return {t: list(ids) for t, ids in stored.triggers.items()} if stored else {}

    def expire_tokens(self) -> None:
        """Invalidate every token issued by ``/oauth/v2/token`` (the PAT stays valid)."""
        with self._lock:
            self._issued.clear()

    def generate_service_account_key(self, user_id: str | None = None) -> dict[str, str]:
        """Create an RSA key pair, register its public key, and return a ZITADEL key file.

        Requires the ``cryptography`` package (``actions-sdk[zitadel]``).

        Args:
            user_id: Machine user the key belongs to (default: :attr:`user_id`).

        Returns:
            ``{"type": "serviceaccount", "keyId", "key": <PEM private key>, "userId"}``, the
            JSON a ZITADEL console download contains.

        Raises:
            MissingDependencyError: Without the ``zitadel`` extra (cryptography).
        """
        serialization = _serialization("generate_service_account_key")
        from cryptography.hazmat.primitives.asymmetric import rsa

        private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ).decode("ascii")
        # Key ids are configuration, not state: keep them out of the seeded id stream.
        key_id = str(10**17 + secrets.randbelow(9 * 10**17))
        key_file = {
            "type": "serviceaccount",
            "keyId": key_id,
            "key": pem,
            "userId": user_id or self.user_id,
        }
        self._register_key_file(key_file)
        return key_file

    def register_public_key(self, key_id: str, user_id: str, public_key_pem: str) -> None:
        """Accept JWT-profile assertions signed by the matching private key.

        Args:
            key_id: The ``kid`` assertions will carry.
            user_id: The machine user (``iss``/``sub``) the key belongs to.
            public_key_pem: PEM-encoded RSA public key.

        Raises:
            MissingDependencyError: Without the ``zitadel`` extra (cryptography).
        """
        serialization = _serialization("register_public_key")

        public_key = serialization.load_pem_public_key(public_key_pem.encode())
        with self._lock:
            self._public_keys[key_id] = (user_id, public_key)

    def _register_key_file(self, key_file: dict[str, str]) -> None:
        serialization = _serialization("service_account_key")

        if "key" in key_file:
            private_key = serialization.load_pem_private_key(key_file["key"].encode(), None)
            public_pem = (
                private_key.public_key()
                .public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
                .decode("ascii")
            )
        else:
            public_pem = key_file["publicKey"]
        self.register_public_key(key_file["keyId"], key_file["userId"], public_pem)

    def sign_jwt_payload(self, payload: dict[str, Any] | bytes, *, kid: str | None = None) -> str:
        """The body ZITADEL posts to a ``PAYLOAD_TYPE_JWT`` target: ``payload`` as a signed JWT.

        Signed with the active web key (or the published key ``kid``), header ``alg`` / ``kid`` /
        ``typ: JWT``, the payload unchanged (no claims added), as a real instance does; verify it
        against ``GET /oauth/v2/keys``. Requires the ``jwt`` extra (PyJWT and cryptography).

        Args:
            payload: The JSON payload (encoded compactly) or its exact bytes.
            kid: The web key to sign with (default: the active one).

        Returns:
            The compact JWT.
        """
        return self.web_keys.sign(payload, kid=kid)

    def encrypt_jwe_payload(
        self, target_id: str, payload: dict[str, Any] | bytes, *, kid: str | None = None
    ) -> str:
        """The body ZITADEL posts to a ``PAYLOAD_TYPE_JWE`` target: the JWT payload, encrypted.

        ``payload`` is signed as :meth:`sign_jwt_payload` signs it (the instance's web key), then
        encrypted to the target's **active public key** as added through the v2 API
        (AddPublicKey + ActivatePublicKey), as a real instance does: compact JWE, ``kid`` = the
        key's ``keyId``, ``RSA-OAEP-256`` for an RSA key or ``ECDH-ES+A256KW`` for an EC key,
        ``A256GCM``, ``typ`` and ``cty`` JWT. Needs the ``jwe`` extra (jwcrypto, PyJWT).

        Args:
            target_id: The v2 target (its payload type must be JWE).
            payload: The JSON payload (encoded compactly) or its exact bytes.
            kid: The web key that signs the inner JWT (default: the active one).

        Returns:
            The compact JWE.

        Raises:
            KeyError: No such target.
            ValueError: The target is not a JWE target, or has no active public key.
        """
        from ._webkeys import encrypt_jwe

        key_id, pem = self.v2.jwe_recipient(target_id)
        return encrypt_jwe(self.web_keys.sign(payload, kid=kid), pem, key_id)

    def credentials(self) -> dict[str, str]:
        """Return the domain, client id/secret, default org id and PAT (for the CLI or docs)."""
        creds = {
            "domain": self.domain,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "default_org_id": self.default_org_id,
        }
        if self.pat:
            creds["pat"] = self.pat
        return creds

    # ------------------------------------------------------------------ dispatch

    def _unavailable_reply(self, incoming: Incoming) -> Reply:
        return _error(14, "service unavailable").reply

    def _throttled_reply(self, incoming: Incoming) -> Reply:
        # ZITADEL documents no Retry-After or rate-limit headers on 429.
        return _error(8, "Too Many Requests").reply

    def _dispatch(self, incoming: Incoming) -> Reply:
        now = self.clock.time()
        if self._bucket is not None and not self._bucket.take(now):
            return self._throttled_reply(incoming)
        if incoming.path == "/oauth/v2/token":
            if incoming.method != "POST":
                return _error(12, "Method Not Allowed", status=405).reply
            return self._token(incoming, now)
        if incoming.path == "/oauth/v2/keys":
            # Public keys: no token needed, as on a real instance.
            if incoming.method != "GET":
                return _error(12, "Method Not Allowed", status=405).reply
            return Reply(200, self.web_keys.jwks())
        if incoming.segments[:2] == ("v2", "actions"):
            return self.v2.dispatch(incoming, now)
        if incoming.segments[:2] != ("management", "v1"):
            return _error(5, "Not Found").reply
        handler, captured, path_known = _base.match_route(
            self._routes, incoming.method, incoming.segments[2:]
        )
        if handler is None:
            return _no_route(path_known)
        try:
            self._authenticate(incoming, now)
            org = self._org(incoming)
            result: Reply = handler(incoming, now, org, *captured)
        except ReplyError as failure:
            return failure.reply
        return result

    def _route_table(self) -> list[_base.Route]:
        return [
            ("POST", ("actions", "_search"), self._list_actions),
            ("POST", ("actions",), self._create_action),
            ("GET", ("actions", "{}"), self._get_action),
            ("PUT", ("actions", "{}"), self._update_action),
            ("DELETE", ("actions", "{}"), self._delete_action),
            ("POST", ("actions", "{}", "_deactivate"), self._deactivate_action),
            ("POST", ("actions", "{}", "_reactivate"), self._reactivate_action),
            ("POST", ("flows", "types", "_search"), self._list_flow_types),
            ("POST", ("flows", "{}", "triggers", "_search"), self._list_trigger_types),
            ("GET", ("flows", "{}"), self._get_flow),
            ("POST", ("flows", "{}", "_clear"), self._clear_flow),
            ("POST", ("flows", "{}", "trigger", "{}"), self._set_trigger_actions),
        ]

    def _authenticate(self, incoming: Incoming, now: float) -> None:
        token = incoming.bearer()
        if token is None:
            raise _error(16, "auth header missing")
        if self.pat is not None and token == self.pat:
            return
        issued = self._issued.get(token)
        if issued is None or now >= issued.expiry:
            raise _error(16, "Errors.Token.Invalid")
        if not issued.api_audience:
            raise _error(
                16, f"token is not valid for this API (scope {API_AUDIENCE_SCOPE} missing)"
            )

    def _org(self, incoming: Incoming) -> str:
        org = incoming.headers.get("x-zitadel-orgid") or self.default_org_id
        if org not in self._orgs:
            raise _error(7, "No matching permissions found", "AUTH-5mWD2")
        return org

    # ------------------------------------------------------------------ token endpoint

    def _token(self, incoming: Incoming, now: float) -> Reply:
        form = {
            k: v[-1]
            for k, v in parse_qs(
                incoming.body.decode("utf-8", "replace"), keep_blank_values=True
            ).items()
        }
        grant = form.get("grant_type")
        scopes = set(form.get("scope", "").split())
        if grant == _JWT_BEARER:
            failure = self._check_assertion(form.get("assertion", ""), incoming, now)
            if failure is not None:
                return failure
        elif grant == "client_credentials":
            basic = _base.basic_credentials(incoming)
            if basic is None:
                return oauth_error(
                    401, "invalid_client", "client authentication (HTTP Basic) missing"
                )
            if basic != (self.client_id, self.client_secret):
                return oauth_error(401, "invalid_client", "client authentication failed")
        elif not grant:
            return oauth_error(400, "invalid_request", "grant_type missing")
        else:
            return oauth_error(400, "unsupported_grant_type", f"{grant} not supported")
        # Not from the seeded stream: ids stay reproducible whether or not tokens are fetched.
        token = f"emu_{secrets.token_hex(24)}"
        self._issued[token] = _Issued(now + self.token_lifetime, API_AUDIENCE_SCOPE in scopes)
        return Reply(
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime},
        )

    def _check_assertion(self, assertion: str, incoming: Incoming, now: float) -> Reply | None:
        import jwt

        def bad(description: str) -> Reply:
            return oauth_error(400, "invalid_grant", description)

        if not assertion:
            return oauth_error(400, "invalid_request", "assertion missing")
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            return bad("assertion is not a JWT")
        if header.get("alg") != "RS256":
            return bad("assertion must be signed with RS256")
        registered = self._public_keys.get(str(header.get("kid")))
        if registered is None:
            return bad("unknown key id (kid)")
        user_id, public_key = registered
        try:
            # Time claims are checked below against ``assertion_clock``.
            claims = jwt.decode(
                assertion,
                public_key,
                algorithms=["RS256"],
                options={
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "verify_aud": False,
                },
            )
        except jwt.PyJWTError:
            return bad("assertion signature invalid")
        if claims.get("iss") != user_id or claims.get("sub") != user_id:
            return bad("iss and sub must be the key's user id")
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        accepted = {self.issuer, self.issuer + "/", incoming.origin, incoming.origin + "/"}
        if not accepted.intersection(audiences):
            return bad(f"audience must contain the issuer {self.issuer}")
        now = self.assertion_clock()
        iat, exp = claims.get("iat"), claims.get("exp")
        if not isinstance(iat, int | float) or not isinstance(exp, int | float):
            return bad("iat and exp are required")
        if exp - iat > 3600:
            return bad("assertion lifetime must not exceed 1 hour")
        if exp <= now:
            return bad("assertion expired")
        if iat > now + 60:
            return bad("assertion issued in the future")
        return None

    # ------------------------------------------------------------------ serialisation

    def _details(self, sequence: int, change_date: float | None, org: str) -> Json:
        details: Json = {}
        if sequence:
            details["sequence"] = str(sequence)
        if change_date is not None:
            details["changeDate"] = _timestamp(change_date)
        details["resourceOwner"] = org
        return details

    def _action_json(self, action: _Action) -> Json:
        body: Json = {
            "id": action.id,
            "details": self._details(action.sequence, action.change_date, action.org),
            "state": _STATES[action.state],
            "name": action.name,
            "script": action.script,
            # A stored 0 or anything from 20 s up reads back as the maximum (query/action.go).
            "timeout": _duration(
                _MAX_TIMEOUT_NS
                if action.timeout_ns == 0 or action.timeout_ns >= _MAX_TIMEOUT_NS
                else action.timeout_ns
            ),
        }
        if action.allowed_to_fail:
            body["allowedToFail"] = True
        return body

    @staticmethod
    def _flow_type_json(flow_id: str) -> Json:
        return {"id": flow_id, "name": {"key": _FLOWS[flow_id][1]}}

    @staticmethod
    def _trigger_type_json(trigger_id: str) -> Json:
        return {"id": trigger_id, "name": {"key": _TRIGGERS[trigger_id][1]}}

    # ------------------------------------------------------------------ request parsing

    @staticmethod
    def _body(incoming: Incoming) -> Json:
        if not incoming.body.strip():
            return {}
        try:
            body = json.loads(incoming.body)
        except (ValueError, UnicodeDecodeError):
            raise _error(3, "proto: syntax error (line 1:1): invalid value") from None
        if not isinstance(body, dict):
            raise _error(3, "proto: syntax error (line 1:1): unexpected token")
        return body

    def _action_fields(self, body: Json, message: str) -> tuple[str, str, int, bool]:
        name = body.get("name", "")
        script = body.get("script", "")
        if not isinstance(name, str) or not isinstance(script, str):
            raise _error(3, "proto: invalid value for string field")
        if not 1 <= len(name) <= 200:
            raise _error(
                3,
                f"invalid {message}.Name: value length must be between 1 and 200 runes, inclusive",
            )
        if not 1 <= len(script.encode()) <= _MAX_SCRIPT_BYTES:
            raise _error(
                3,
                f"invalid {message}.Script: value length must be between 1 and "
                f"{_MAX_SCRIPT_BYTES} bytes, inclusive",
            )
        timeout = body.get("timeout")
        timeout_ns = 0
        if timeout is not None:
            timeout_ns = _duration_ns(timeout)
            if timeout_ns > _MAX_TIMEOUT_NS:
                raise _error(3, f"invalid {message}.Timeout: value must be inside range [0s, 20s]")
        allowed = _field(body, "allowedToFail", "allowed_to_fail")
        if allowed is not None and not isinstance(allowed, bool):
            raise _error(3, "proto: invalid value for bool field allowedToFail")
        return name, script, timeout_ns, bool(allowed)

    def _find(self, org: str, action_id: str, error_id: str) -> _Action:
        action = self._actions.get(action_id)
        if action is None or action.org != org:
            raise _error(5, "Action not found", error_id)
        return action

    def _name_taken(self, org: str, name: str, except_id: str | None = None) -> bool:
        return any(
            a.org == org and a.name == name and a.id != except_id for a in self._actions.values()
        )

    # ------------------------------------------------------------------ actions

    def _list_actions(self, incoming: Incoming, now: float, org: str) -> Reply:
        body = self._body(incoming)
        query = body.get("query") or {}
        queries = body.get("queries") or []
        if not isinstance(query, dict) or not isinstance(queries, list):
            raise _error(3, "proto: syntax error: unexpected token for ListQuery")
        try:
            offset = int(query.get("offset", 0))
            limit = int(query.get("limit", 0))
        except (TypeError, ValueError):
            raise _error(3, "proto: invalid value for integer field") from None
        if offset < 0 or limit < 0:
            raise _error(3, "proto: invalid value for unsigned integer field")
        if limit > _MAX_LIMIT:
            raise _error(3, "Limit exceeded", "QUERY-4M0fs")
        limit = limit or _MAX_LIMIT
        column = _enum(_field(body, "sortingColumn", "sorting_column"), _SORT_COLUMNS)
        selected = [a for a in self._actions.values() if a.org == org]
        for item in queries:
            selected = [a for a in selected if _matches(a, item)]
        if column == 0:
            # No sorting column means no ORDER BY on the real server: the database returns rows
            # in whatever order its plan produces, which can differ between two page requests,
            # so offset paging may repeat or skip rows. Emulated by a fresh (seeded) shuffle.
            self._order_rng.shuffle(selected)
        elif column == 1:
            selected.sort(key=lambda a: a.name)
        elif column == 2:
            selected.sort(key=lambda a: int(a.id))
        elif column == 3:
            selected.sort(key=lambda a: a.state)
        if not query.get("asc", False):
            selected.reverse()
        page = selected[offset : offset + limit]
        result: Json = {"details": {}}
        if selected:
            result["details"]["totalResult"] = str(len(selected))
        if self._sequence:
            result["details"]["processedSequence"] = str(self._sequence)
        result["details"]["viewTimestamp"] = _timestamp(now)
        if column:
            result["sortingColumn"] = _SORT_COLUMNS[column]
        if page:
            result["result"] = [self._action_json(a) for a in page]
        return Reply(200, result)

    def _get_action(self, incoming: Incoming, now: float, org: str, action_id: str) -> Reply:
        return Reply(200, {"action": self._action_json(self._find(org, action_id, "QUERY-GEfnb"))})

    def _create_action(self, incoming: Incoming, now: float, org: str) -> Reply:
        name, script, timeout_ns, allowed = self._action_fields(
            self._body(incoming), "CreateActionRequest"
        )
        if self._name_taken(org, name):
            raise _error(6, "Errors.Action.AlreadyExists")
        action = _Action(
            self._new_id(), org, name, script, timeout_ns, allowed, 2, self._next_sequence(), now
        )
        self._actions[action.id] = action
        return Reply(200, {"details": self._details(action.sequence, now, org), "id": action.id})

    def _update_action(self, incoming: Incoming, now: float, org: str, action_id: str) -> Reply:
        body = self._body(incoming)
        if not 1 <= len(action_id) <= 200:
            raise _error(
                3,
                "invalid UpdateActionRequest.Id: value length must be between 1 and 200 runes, "
                "inclusive",
            )
        # Full replacement: omitted fields become zero values (updateActionRequestToDomain).
        name, script, timeout_ns, allowed = self._action_fields(body, "UpdateActionRequest")
        action = self._find(org, action_id, "COMMAND-Sfg2t")
        if (name, script, timeout_ns, allowed) == (
            action.name,
            action.script,
            action.timeout_ns,
            action.allowed_to_fail,
        ):
            raise _error(9, "No changes found", "ACTION-dg4t2")
        if name != action.name and self._name_taken(org, name, action.id):
            raise _error(6, "Errors.Action.AlreadyExists")
        action.name, action.script, action.timeout_ns, action.allowed_to_fail = (
            name,
            script,
            timeout_ns,
            allowed,
        )
        action.sequence, action.change_date = self._next_sequence(), now
        return Reply(200, {"details": self._details(action.sequence, now, org)})

    def _deactivate_action(self, incoming: Incoming, now: float, org: str, action_id: str) -> Reply:
        return self._switch_state(now, org, action_id, _DEACTIVATE)

    def _reactivate_action(self, incoming: Incoming, now: float, org: str, action_id: str) -> Reply:
        return self._switch_state(now, org, action_id, _REACTIVATE)

    def _switch_state(self, now: float, org: str, action_id: str, switch: _StateSwitch) -> Reply:
        action = self._find(org, action_id, switch.not_found_id)
        if action.state != switch.before:
            raise _error(9, switch.refusal, switch.refusal_id)
        action.state, action.sequence, action.change_date = switch.after, self._next_sequence(), now
        return Reply(200, {"details": self._details(action.sequence, now, org)})

    def _delete_action(self, incoming: Incoming, now: float, org: str, action_id: str) -> Reply:
        action = self._find(org, action_id, "COMMAND-Dgh4h")
        del self._actions[action.id]
        # Delete cascades: the action leaves every flow of its organisation.
        for (flow_org, _), flow in self._flows.items():
            if flow_org != org:
                continue
            changed = False
            for trigger_id in list(flow.triggers):
                ids = [i for i in flow.triggers[trigger_id] if i != action.id]
                if ids != flow.triggers[trigger_id]:
                    changed = True
                    if ids:
                        flow.triggers[trigger_id] = ids
                    else:
                        del flow.triggers[trigger_id]
            if changed:
                flow.sequence, flow.change_date = self._next_sequence(), now
        self._next_sequence()
        return Reply(200, {})

    # ------------------------------------------------------------------ flows

    @staticmethod
    def _flow_id(raw: str) -> str | None:
        raw = _LEGACY_FLOWS.get(raw, raw)
        return raw if raw in _FLOWS else None

    @staticmethod
    def _trigger_id(raw: str) -> str | None:
        raw = _LEGACY_TRIGGERS.get(raw, raw)
        return raw if raw in _TRIGGERS else None

    def _list_flow_types(self, incoming: Incoming, now: float, org: str) -> Reply:
        return Reply(200, {"result": [self._flow_type_json(f) for f in _FLOWS]})

    def _list_trigger_types(self, incoming: Incoming, now: float, org: str, raw: str) -> Reply:
        flow_id = self._flow_id(raw)
        if flow_id is None:
            raise _error(5, "Flow type not found", "MANAG-P2OBk")
        return Reply(200, {"result": [self._trigger_type_json(t) for t in _FLOWS[flow_id][2]]})

    def _get_flow(self, incoming: Incoming, now: float, org: str, raw: str) -> Reply:
        flow_id = self._flow_id(raw)
        if flow_id is None:
            raise _error(3, "Flow type missing", "COMMAND-Dfhj5")
        stored = self._flows.get((org, flow_id)) or _Flow()
        flow: Json = {
            "type": self._flow_type_json(flow_id),
            "details": self._details(stored.sequence, stored.change_date, org),
            "state": "FLOW_STATE_ACTIVE",
        }
        groups: list[Json] = [
            {
                "triggerType": self._trigger_type_json(trigger_id),
                "actions": [self._action_json(self._actions[i]) for i in ids],
            }
            for trigger_id, ids in stored.triggers.items()
            if ids
        ]
        if groups:
            # The real server iterates a Go map: group order is unstable. Never emit it sorted.
            self._order_rng.shuffle(groups)
            keys = [str(g["triggerType"]["id"]) for g in groups]
            if len(groups) > 1 and keys == sorted(keys):
                groups.reverse()
            flow["triggerActions"] = groups
        return Reply(200, {"flow": flow})

    def _clear_flow(self, incoming: Incoming, now: float, org: str, raw: str) -> Reply:
        flow_id = self._flow_id(raw)
        if flow_id is None:
            raise _error(3, "Flow type missing", "COMMAND-Dfhj5")
        stored = self._flows.get((org, flow_id))
        if stored is None or not stored.triggers:
            raise _error(9, "Flow is empty", "COMMAND-DgGh3")
        stored.triggers.clear()
        stored.sequence, stored.change_date = self._next_sequence(), now
        return Reply(200, {"details": self._details(stored.sequence, now, org)})

    def _set_trigger_actions(
        self, incoming: Incoming, now: float, org: str, raw_flow: str, raw_trigger: str
    ) -> Reply:
        body = self._body(incoming)
        ids = _field(body, "actionIds", "action_ids") or []
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise _error(3, "proto: invalid value for repeated string field actionIds")
        flow_id, trigger_id = self._flow_id(raw_flow), self._trigger_id(raw_trigger)
        # Same check order as internal/command/org_flow.go.
        if flow_id is None or trigger_id is None:
            raise _error(3, "Flow type missing", "COMMAND-Dfhj5")
        if trigger_id not in _FLOWS[flow_id][2]:
            raise _error(3, "Wrong trigger type for this flow", "COMMAND-Dfgh6")
        stored = self._flows.setdefault((org, flow_id), _Flow())
        if stored.triggers.get(trigger_id, []) == ids:
            raise _error(9, "No changes", "COMMAND-Nfh52")
        if any(i not in self._actions or self._actions[i].org != org for i in ids):
            raise _error(9, "One or more actions do not exist", "COMMAND-dg422")
        if ids:
            stored.triggers[trigger_id] = list(ids)
        else:
            stored.triggers.pop(trigger_id, None)
        stored.sequence, stored.change_date = self._next_sequence(), now
        return Reply(200, {"details": self._details(stored.sequence, now, org)})

    def __repr__(self) -> str:
        return f"ZitadelEmulator(domain={self.domain!r}, seed={self.seed!r})"


# ---------------------------------------------------------------------- helpers


def _serialization(what: str) -> Any:
    """Cryptography's serialization module, or the SDK's error naming the extra to install."""
    try:
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        raise MissingDependencyError(
            f'{what} needs the cryptography package: pip install "actions-sdk[zitadel]"'
        ) from None
    return serialization


def _enum(value: object, names: dict[int, str]) -> int:
    """Decode a protojson enum given by name or number (unknown → 0, like an open enum)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in names else 0
    if isinstance(value, str):
        for number, name in names.items():
            if name == value:
                return number
    return 0


def _text_match(value: str, wanted: str, method: int) -> bool:
    if method % 2 == 1:  # the *_IGNORE_CASE variants are the odd numbers
        value, wanted = value.lower(), wanted.lower()
    kind = method // 2
    if kind == 0:
        return value == wanted
    if kind == 1:
        return value.startswith(wanted)
    if kind == 2:
        return wanted in value
    return value.endswith(wanted)


def _matches(action: _Action, item: object) -> bool:
    if not isinstance(item, dict):
        raise _error(3, "invalid ActionQuery.Query: value is required")
    by_id = _field(item, "actionIdQuery", "action_id_query")
    by_name = _field(item, "actionNameQuery", "action_name_query")
    by_state = _field(item, "actionStateQuery", "action_state_query")
    if isinstance(by_id, dict):
        return action.id == by_id.get("id")
    if isinstance(by_name, dict):
        method = _enum(by_name.get("method", 0), dict(enumerate(_TEXT_METHODS)))
        return _text_match(action.name, str(by_name.get("name", "")), method)
    if isinstance(by_state, dict):
        return action.state == _enum(by_state.get("state", 0), _STATES)
    raise _error(3, "invalid ActionQuery.Query: value is required")
