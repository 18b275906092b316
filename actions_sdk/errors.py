"""Every exception the SDK raises, in one tree.

```
ActionsSDKError
├── ValidationError (also a ValueError)    bad input, caught before anything is sent
├── UnsupportedOperationError              the provider has no such operation / option
├── MissingDependencyError (ImportError)   an optional extra is not installed
├── DecodeError                            a 2xx body that does not match the model
├── ActionBuildError                       an Auth0 build failed (carries the build errors)
├── WaitTimeoutError (also a TimeoutError) a build or deployment was not done in time
├── CreateOutcomeUnknownError              a create may have landed; what is known is attached
├── ClientClosedError (also a RuntimeError) the client was used after ``close()``
├── WebhookSignatureError                  a body posted to a target failed verification
│   ├── MalformedSignatureError            the signature header (or a JWT) is missing or unreadable
│   ├── SignatureMismatchError             no signature in the header matches the body and key
│   ├── SignatureTimestampError            authentic, but signed too long ago (or in the future)
│   ├── SignatureAlgorithmError            a JWT's alg is not accepted or does not fit its key
│   ├── UnknownSigningKeyError             no web key has the JWT's kid
│   ├── IssuerMismatchError                authentic JWT, but from another issuer
│   └── DecryptionError                    a JWE payload does not decrypt with the target's key
│       └── UnknownDecryptionKeyError      no private key given has the JWE's kid
├── APIConnectionError                     no HTTP response was received
│   └── APITimeoutError
└── ApiError                               the server answered with an error status
    ├── BadRequestError          400
    │   └── FailedPreconditionError   400 for a state precondition (ZITADEL gRPC code 9)
    ├── UnauthorizedError        401 (also raised when a token cannot be obtained)
    ├── ForbiddenError           403
    ├── NotFoundError            404
    ├── ConflictError            409
    ├── PreconditionFailedError  412
    ├── RateLimitError           429
    └── ServerError              5xx
```

Status codes map to classes in exactly one place, :func:`make_api_error`. ``str(error)`` is one
short line (status, vendor code, message, request id) and never contains headers, tokens or secrets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypedDict, Unpack

if TYPE_CHECKING:
    import httpx

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "ActionBuildError",
    "ActionsSDKError",
    "ApiError",
    "BadRequestError",
    "BuildErrorDetail",
    "ClientClosedError",
    "ConflictError",
    "CreateOutcomeUnknownError",
    "DecodeError",
    "DecryptionError",
    "FailedPreconditionError",
    "ForbiddenError",
    "InsecureHTTPWarning",
    "IssuerMismatchError",
    "MalformedSignatureError",
    "MissingDependencyError",
    "NotFoundError",
    "PreconditionFailedError",
    "RateLimitError",
    "ServerError",
    "SignatureAlgorithmError",
    "SignatureMismatchError",
    "SignatureTimestampError",
    "UnauthorizedError",
    "UnknownDecryptionKeyError",
    "UnknownSigningKeyError",
    "UnsupportedOperationError",
    "ValidationError",
    "WaitTimeoutError",
    "WebhookSignatureError",
    "make_api_error",
]


class ActionsSDKError(Exception):
    """Base class of every error raised by ``actions_sdk``.

    Attributes:
        created_action: Set only on an error raised by ``actions.create(..., wait=True)`` *after*
            the action was created (the wait was cut short: a long ``Retry-After``, a timeout, a
            failed build, a failure while deploying it). It is the created action: do not create
            it again, resume with ``actions.deploy(error.created_action.id, wait=True)`` or
            ``actions.wait_until_built``. ``None`` on an error from ``create`` means that this
            call created nothing, so calling it again is safe.
    """

    created_action: Any = None


class ValidationError(ActionsSDKError, ValueError):
    """An argument was rejected before any request was sent.

    Attributes:
        field: The argument or field at fault, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnsupportedOperationError(ActionsSDKError):
    """The active provider does not offer this operation or option; nothing was sent.

    Attributes:
        provider: The provider's name (``"auth0"`` or ``"zitadel"``).
        operation: What was asked for, e.g. ``"actions.versions.list"`` or ``"timeout"``.
    """

    def __init__(self, provider: str, operation: str, hint: str | None = None) -> None:
        message = f"{provider} does not support {operation}"
        if hint:
            message = f"{message}: {hint}"
        super().__init__(message)
        self.provider = provider
        self.operation = operation


class InsecureHTTPWarning(UserWarning):
    """A client was built for plain ``http`` to a host that is not loopback (explicit opt-in).

    Issued by ``for_zitadel(..., allow_insecure_http=True)`` for, e.g., ``http://zitadel:8080``
    inside a compose network: tokens and scripts then cross the network unencrypted. Silence it
    with :func:`warnings.filterwarnings` once the network is known to be private.
    """


class MissingDependencyError(ActionsSDKError, ImportError):
    """An optional dependency is needed; the message names the extra to install."""


class DecodeError(ActionsSDKError):
    """A successful response did not match the expected shape.

    Attributes:
        field: Dotted path of the offending field, when known (e.g. ``action.timeout``).
        response: The HTTP response, when the body came from one.
    """

    def __init__(
        self, message: str, *, field: str | None = None, response: httpx.Response | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.response = response


class BuildErrorDetail(Protocol):
    """What :class:`ActionBuildError` reads of one build error: any vendor's model with these.

    Auth0's :class:`~actions_sdk.models.auth0.ActionError` is one; the protocol keeps this
    module free of vendor imports.
    """

    @property
    def id(self) -> str | None:
        """The error's id, when the server gave one."""

    @property
    def msg(self) -> str | None:
        """The error's message, when the server gave one."""


class ActionBuildError(ActionsSDKError):
    """An action's build failed (Auth0), so it cannot be deployed; raised as soon as it is seen.

    Real tenants report a failed build by its status alone (no ``errors`` array), so the message
    never depends on ``errors``: it names the action, the version (or the draft) and the status,
    and says where Auth0 shows the cause.

    Attributes:
        action_id: The action whose build failed.
        errors: The build errors (any model with ``id`` and ``msg``, e.g. Auth0's
            :class:`~actions_sdk.models.auth0.ActionError`) when the server reported any; usually
            empty (see the dashboard).
        status: The status that showed the failure (e.g. ``"failed"``), when known.
        version: The number of the version whose build failed, or ``None`` for the draft.
    """

    def __init__(
        self,
        action_id: str,
        errors: Sequence[BuildErrorDetail] = (),
        *,
        status: str | None = None,
        version: int | None = None,
    ) -> None:
        self.action_id = action_id
        self.errors: tuple[BuildErrorDetail, ...] = tuple(errors)
        self.status = status
        self.version = version
        what = "the draft" if version is None else f"version {version}"
        shown = _one_line(status) if status else "failed"
        details = "; ".join(_one_line(e.msg or e.id or "unknown error") for e in self.errors)
        if details:
            tail = f": {details}"
        else:
            tail = (
                "; the server gave no build errors: open the action in the Auth0 dashboard "
                f"(Actions > Library) or GET /api/v2/actions/actions/{action_id} to see why"
            )
        super().__init__(f"the build of {what} of action {action_id} failed (status {shown}){tail}")


class WaitTimeoutError(ActionsSDKError, TimeoutError):
    """A build or a deployment was not done within the wait's timeout; nothing was cancelled.

    Attributes:
        action_id: The action waited for.
        waited: Seconds waited, on the retry policy's clock.
        last_status: The last status seen (e.g. ``"building"``, or the new version's
            ``"pending"``), or ``None`` when no poll got an answer.
        waiting_for: What was awaited: ``"build"`` or ``"deployment"``.
    """

    def __init__(
        self,
        action_id: str,
        *,
        waited: float,
        last_status: str | None,
        waiting_for: str = "build",
    ) -> None:
        self.action_id = action_id
        self.waited = waited
        self.last_status = last_status
        self.waiting_for = waiting_for
        status = "no answer" if last_status is None else f"last status {last_status!s}"
        super().__init__(
            f"gave up waiting for the {waiting_for} of action {action_id} after "
            f"{waited:.1f} s ({status})"
        )


class CreateOutcomeUnknownError(ActionsSDKError):
    """A create may or may not have landed, and the SDK could not settle which safely.

    Raised by ``actions.create`` after its request may have reached the server (lost response,
    timeout after sending, 5xx) when looking the action up by its unique name did not find it
    with exactly the requested content. Nothing was overwritten and nothing was created twice.

    Attributes:
        name: The requested action name.
        found: The action that now has this name (content differs from the request), or
            ``None`` when none could be found or the lookup itself failed.
    """

    def __init__(self, message: str, *, name: str, found: Any = None) -> None:
        super().__init__(message)
        self.name = name
        self.found = found


class ClientClosedError(ActionsSDKError, RuntimeError):
    """The client (or a copy made by ``with_options``) was used after ``close()``; nothing was sent.

    Also a :class:`RuntimeError`, which is what it was before it had its own class.
    """


class WebhookSignatureError(ActionsSDKError):
    """A webhook body's signature did not verify: do not act on the body.

    Raised on the *receiving* side, by a target that checks what ZITADEL sent it
    (:func:`actions_sdk.webhooks.zitadel.verify_signature`); answer the request with 401 or 400.
    The message names what failed and never contains the signing key, the body or the expected
    signature.
    """


class MalformedSignatureError(WebhookSignatureError):
    """The signature header is missing, too long, not ASCII or not ``t=<seconds>,v1=<hex>``.

    For a JWT payload (:func:`actions_sdk.webhooks.zitadel.verify_jwt_payload`): the body is not
    a compact JWS, or its header lacks what ZITADEL always sends (``kid``).
    """


class SignatureMismatchError(WebhookSignatureError):
    """No ``v1`` signature of the header matches the body and the signing key.

    The body was changed on the way, was signed with another key (a rotated or another target's
    key) or was not sent by ZITADEL at all.
    """


class SignatureTimestampError(WebhookSignatureError):
    """The signature matches, but its timestamp is further from now than the tolerance allows.

    Either a replay of an old request or clocks that disagree (check NTP on both sides). For a
    JWT payload: its ``exp``, ``nbf`` or ``iat`` claim is out of the leeway.

    Attributes:
        timestamp: The header's ``t``, or the JWT claim's value (UNIX seconds).
        now: The verifier's current time (UNIX seconds).
        tolerance: The allowed distance in seconds (the tolerance, or the JWT leeway).
        claim: The JWT claim that failed (``"exp"``, ``"nbf"``, ``"iat"``); ``None`` for the
            signature header's ``t``.
    """

    def __init__(
        self,
        message: str,
        *,
        timestamp: int,
        now: float,
        tolerance: float,
        claim: str | None = None,
    ) -> None:
        super().__init__(message)
        self.timestamp = timestamp
        self.now = now
        self.tolerance = tolerance
        self.claim = claim


class SignatureAlgorithmError(WebhookSignatureError):
    """A JWT's ``alg`` is not one of the accepted asymmetric ones, or does not fit its key.

    ``none`` and the HMAC algorithms are never accepted: a token "signed" with a public key as
    an HMAC secret, or not signed at all, ends here. For a JWE payload: its key-management
    ``alg`` or content ``enc`` is not one ZITADEL uses (``dir``, ``RSA1_5``, ``A128CBC-HS256`` …)
    or does not fit the target's key.
    """


class UnknownSigningKeyError(WebhookSignatureError):
    """No usable web key has the JWT's ``kid``, even after fetching the instance's keys again.

    The token comes from another instance, names a removed key, or was not sent by ZITADEL.
    """


class IssuerMismatchError(WebhookSignatureError):
    """A JWT verifies, but its ``iss`` claim is not the expected issuer."""


class DecryptionError(WebhookSignatureError):
    """A JWE payload does not decrypt with the target's private key: do not act on the body.

    Raised by :func:`actions_sdk.webhooks.zitadel.verify_jwe_payload`: the token was encrypted to
    another key (another target, a key not given), or its header, key, IV, ciphertext or tag was
    changed on the way (AES-GCM authenticates all of them). A signature-class failure: answer 401.
    """


class UnknownDecryptionKeyError(DecryptionError):
    """The JWE's ``kid`` names none of the target's private keys that were given.

    Encrypted to a public key of the target whose private key the receiver does not hold (a
    rotation it was not told of), to another target's key, or not sent by ZITADEL.
    """


class APIConnectionError(ActionsSDKError):
    """The request failed before an HTTP response arrived (DNS, connect, reset, protocol).

    Attributes:
        may_have_landed: ``False`` when the request certainly never reached the server (the
            connection could not be opened), ``True`` when it may have been processed (the
            connection broke or timed out after sending). Calls that are not safe to repeat are
            retried only in the first case.
    """

    def __init__(self, message: str, *, may_have_landed: bool = True) -> None:
        super().__init__(message)
        self.may_have_landed = may_have_landed


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, write, read or pool)."""


class ApiErrorDetails(TypedDict, total=False):
    """The keywords of :class:`ApiError` besides ``message`` and ``status_code`` (all optional).

    Attributes:
        response: The :class:`httpx.Response` itself.
        body: The decoded JSON body, or the raw text when it is not JSON.
        error_code: The vendor's machine-readable code.
        grpc_code: ZITADEL's numeric gRPC code.
        request_id: The server's request id header, when present.
    """

    response: httpx.Response | None
    body: Any
    error_code: str | None
    grpc_code: int | None
    request_id: str | None


class RateLimitDetails(ApiErrorDetails, total=False):
    """The keywords of :class:`RateLimitError`: those of :class:`ApiError` and the limit's.

    Attributes:
        retry_after: Seconds the server asked to wait.
        limit: ``x-ratelimit-limit``.
        remaining: ``x-ratelimit-remaining``.
        reset: ``x-ratelimit-reset`` (UNIX seconds).
    """

    retry_after: float | None
    limit: int | None
    remaining: int | None
    reset: int | None


class ApiError(ActionsSDKError):
    """The server answered with a non-success status.

    Attributes:
        status_code: The HTTP status.
        message: The vendor's human-readable message (or the reason phrase).
        error_code: The vendor's machine-readable code: Auth0 ``errorCode`` (e.g. ``invalid_body``),
            the ZITADEL error id (e.g. ``COMMAND-Nfh52``) or an OAuth ``error``.
        grpc_code: ZITADEL's numeric gRPC code (3 invalid argument, 9 failed precondition, …).
        request_id: The server's request id header, when present.
        body: The decoded JSON body, or the raw text when it is not JSON.
        response: The :class:`httpx.Response` itself.
    """

    status_code: int
    message: str
    error_code: str | None
    grpc_code: int | None
    request_id: str | None
    body: Any
    response: httpx.Response | None

    _details: ClassVar[type] = ApiErrorDetails
    """The keywords this class takes besides ``status_code``; a subclass names its own."""

    def __init__(
        self, message: str, *, status_code: int, **details: Unpack[ApiErrorDetails]
    ) -> None:
        self.status_code = status_code
        self.message = message
        # One constructor for the whole tree: every detail the class declares becomes an
        # attribute (None when not given), so a subclass only declares its extra keywords.
        # The one keyword check (imported here: _checks imports this module).
        from actions_sdk._checks import check_keywords

        accepted = self._detail_names()
        check_keywords(details, accepted, f"{type(self).__name__}()")
        for name in accepted:
            setattr(self, name, details.get(name))
        super().__init__(self._summary())

    @classmethod
    def _detail_names(cls) -> frozenset[str]:
        """The detail keywords this class declares: the keys of its ``_details``."""
        names: frozenset[str] = cls._details.__optional_keys__  # type: ignore[attr-defined]
        return names

    def __reduce__(self) -> tuple[Any, ...]:
        # The default would call ``cls(str(self))``, which lacks status_code: rebuild from the
        # constructor's keywords instead (every declared detail), then restore the rest of the
        # instance's state (notes, ``created_action``), so errors cross process boundaries.
        details = {name: getattr(self, name) for name in self._detail_names()}
        return _rebuild, (type(self), self.message, self.status_code, details), self.__dict__

    def _summary(self) -> str:
        parts = [str(self.status_code)]
        if self.error_code:
            parts.append(self.error_code)
        text = " ".join(parts)
        if self.message:
            text = f"{text}: {_one_line(self.message)}"
        if self.request_id:
            text = f"{text} (request id {self.request_id})"
        return text


class BadRequestError(ApiError):
    """400: the request was malformed or invalid."""


class FailedPreconditionError(BadRequestError):
    """400 caused by the resource's state rather than the input (ZITADEL gRPC code 9).

    ZITADEL answers "no changes", "already inactive" and similar with it.
    """


class UnauthorizedError(ApiError):
    """401: the token is missing, invalid or expired, or a token could not be obtained."""


class ForbiddenError(ApiError):
    """403: the token lacks a scope or permission."""


class NotFoundError(ApiError):
    """404: no such resource."""


class ConflictError(ApiError):
    """409: the name is taken, or the action is still bound (Auth0 delete)."""


class PreconditionFailedError(ApiError):
    """412: e.g. an Auth0 module that is still in use."""


class RateLimitError(ApiError):
    """429: a rate limit was hit and retries did not get through.

    Attributes:
        retry_after: Seconds the server asked to wait, when it said.
        limit: ``x-ratelimit-limit``, when sent.
        remaining: ``x-ratelimit-remaining``, when sent.
        reset: ``x-ratelimit-reset`` (UNIX seconds), when sent.
    """

    retry_after: float | None
    limit: int | None
    remaining: int | None
    reset: int | None

    _details = RateLimitDetails

    if TYPE_CHECKING:
        # ApiError.__init__ stores the extras named by _details; this only tells type checkers
        # which keywords the subclass accepts.
        def __init__(
            self, message: str, *, status_code: int, **details: Unpack[RateLimitDetails]
        ) -> None: ...


class ServerError(ApiError):
    """5xx: the server failed."""


_BY_STATUS: Mapping[int, type[ApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: RateLimitError,
}


def _rebuild(
    cls: type[ApiError], message: str, status_code: int, details: Mapping[str, Any]
) -> ApiError:
    """Unpickle an :class:`ApiError` (see ``ApiError.__reduce__``)."""
    return cls(message, status_code=status_code, **details)


def make_api_error(
    message: str,
    *,
    status_code: int,
    grpc_code: int | None = None,
    refined: type[ApiError] | None = None,
    **kwargs: Any,
) -> ApiError:
    """Build the typed exception for an error response: the one status → class table.

    Args:
        message: The vendor's message.
        status_code: The HTTP status.
        grpc_code: The vendor's numeric gRPC code, when the body carried one (ZITADEL).
        refined: A more specific class the vendor's error parser chose from the body (ZITADEL's
            gRPC code 9 → :class:`FailedPreconditionError`); the status table otherwise. The
            core knows no vendor's codes: each vendor refines its own errors.
        **kwargs: Further :class:`ApiError` attributes (``error_code``, ``body``, ``response``, …);
            for a 429 also the :class:`RateLimitError` ones.

    Returns:
        An instance of the most specific :class:`ApiError` subclass.
    """
    cls: type[ApiError]
    if refined is not None:
        cls = refined
    elif status_code >= 500:
        cls = ServerError
    else:
        cls = _BY_STATUS.get(status_code, ApiError)
    for key in RateLimitDetails.__optional_keys__ - cls._detail_names():
        # A rate limit's details travel with every error answer; only a 429 keeps them.
        kwargs.pop(key, None)
    return cls(message, status_code=status_code, grpc_code=grpc_code, **kwargs)


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
