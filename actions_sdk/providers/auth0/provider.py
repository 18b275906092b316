"""The Auth0 provider: Management API v2 ``/api/v2/actions/...`` described as pure plans.

Every method validates its arguments when it is *called* (so a bad argument or an option Auth0 lacks
raises before anything is sent, even if the plan is never run) and returns a plan that yields
:class:`~actions_sdk._operation.Operation` objects. Nothing here performs I/O.

Wire names exist only in :data:`AUTH0_CONVERTER`. Auth0 spells bodies and responses in snake_case,
like the models, so the converter renames nothing; query names (``triggerId``, ``per_page``) are
spelled where the query is built.
"""

from __future__ import annotations

import functools
import re
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar, Unpack, cast

import attrs
import httpx

from actions_sdk._checks import (
    check_bool,
    check_count,
    check_credential,
    check_item,
    check_items,
    check_known_spelling,
    check_query_value,
    check_sequence,
    check_text,
    excerpt,
    header_number,
    parse_domain,
    path_segment,
)
from actions_sdk._keywords import keyword_signature, option
from actions_sdk._operation import Operation, Page, PageFetcher, Plan, single
from actions_sdk._types import UNSET, Unset
from actions_sdk.errors import (
    ApiError,
    DecodeError,
    ValidationError,
    make_api_error,
)
from actions_sdk.models.bindings import BindingRef, BindingUpdate
from actions_sdk.providers._base import (
    BindingFacts,
    ListActionsRequest,
    Progress,
    Provider,
    binding_update,
    content_differences,
    encode_path_id,
)
from actions_sdk.providers._converters import (
    decode,
    error_body,
    error_text,
    json_body,
    make_converter,
    native_decode,
)
from actions_sdk.providers._credentials import Auth0Credentials
from actions_sdk.providers._oauth import (
    AssertionSigner,
    decode_token_grant,
    oauth_error,
    text_or_none,
)
from actions_sdk.providers.auth0.capabilities import CAPABILITIES
from actions_sdk.providers.auth0.models import (
    Action,
    ActionBinding,
    ActionCreateBody,
    ActionPatchBody,
    ActionTrigger,
    ActionVersion,
    BindingPolicy,
    BindingRefBody,
    BindingUpdateBody,
    BuildStatus,
    Dependency,
    Execution,
    Module,
    ModuleAction,
    ModuleCreateBody,
    ModulePatchBody,
    ModuleRef,
    ModuleRollbackBody,
    ModuleVersion,
    Secret,
    SupportedTriggerBody,
    TriggerId,
)

if TYPE_CHECKING:
    import cattrs

    # Types of the contract used only in annotations.
    from actions_sdk.providers._base import (
        BindingInput,
        CreateActionRequest,
        Differs,
        TokenGrant,
        TriggerInput,
        UpdateActionRequest,
    )

__all__ = ["AUTH0_CONVERTER", "Auth0Provider"]

T = TypeVar("T")

# ------------------------------------------------------------------------------------------------
# Converter
# ------------------------------------------------------------------------------------------------

# Auth0 spells bodies and responses in snake_case, exactly like the models: no renames, and nothing
# else Auth0-specific (its JSON ``number`` counters arriving as ``1.0`` are handled by the shared
# int hook).
if TYPE_CHECKING:
    AUTH0_CONVERTER: cattrs.Converter
    """The one converter for Auth0 bodies and responses."""


@functools.cache
def _converter() -> cattrs.Converter:
    # Built (and cattrs imported) when first needed, by a first decode or request body, so that
    # building a client does not pay for it; ``AUTH0_CONVERTER`` is this same converter.
    return make_converter()


def __getattr__(name: str) -> object:
    """Build :data:`AUTH0_CONVERTER`, the one converter for Auth0 bodies and responses, on use.

    Args:
        name: The attribute looked up.

    Returns:
        The converter, for ``AUTH0_CONVERTER``.

    Raises:
        AttributeError: For any other name.
    """
    if name == "AUTH0_CONVERTER":
        return _converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------------------------------------------
# List envelopes (internal: callers get Page / list objects)
# ------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Paged:
    # Every paged Auth0 listing: the counters beside its items (each envelope names its list).
    total: int | None = None
    page: int | None = None
    per_page: int | None = None


def _envelope(name: str, items: str, item_type: type, *, paged: bool = True) -> type[Any]:
    """An internal list envelope: the ``items`` array (a tuple of ``item_type``) of a listing."""
    field = attrs.field(type=tuple[item_type, ...], default=())  # type: ignore[valid-type]
    bases = (_Paged,) if paged else ()
    return attrs.make_class(
        name, {items: field}, bases=bases, frozen=True, kw_only=True, slots=True
    )


_ActionList = _envelope("_ActionList", "actions", Action)
_VersionList = _envelope("_VersionList", "versions", ActionVersion)
_BindingList = _envelope("_BindingList", "bindings", ActionBinding)
_TriggerList = _envelope("_TriggerList", "triggers", ActionTrigger, paged=False)
_ModuleList = _envelope("_ModuleList", "modules", Module)
_ModuleActionList = _envelope("_ModuleActionList", "actions", ModuleAction)
_ModuleVersionList = _envelope("_ModuleVersionList", "versions", ModuleVersion)


# ------------------------------------------------------------------------------------------------
# Decoding helpers
# ------------------------------------------------------------------------------------------------


def _decoder(cls: type[T]) -> Callable[[httpx.Response], T]:
    """Build (once, at import) the decode function for responses of type ``cls``."""
    # DecodeError.field starts with this label: Action -> "action.deployed_version.number",
    # _ActionList -> "action_list.actions[0].id".
    label = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__.lstrip("_")).lower()

    def decode_response(response: httpx.Response) -> T:
        fast = native_decode(_converter(), response.content, cls)
        if fast is not None:
            return fast
        data = json_body(response)
        if type(data) is not dict:
            raise DecodeError(
                f"cannot decode {label}: expected a JSON object, got {type(data).__name__}",
                field=label,
                response=response,
            )
        return decode(_converter(), data, cls, what=label, response=response)

    return decode_response


def _decode_nothing(response: httpx.Response) -> None:
    # 204 No Content (delete): there is nothing to decode, and nothing is expected.
    return None


def _decode_test_payload(response: httpx.Response) -> dict[str, Any]:
    data = json_body(response)
    payload = data.get("payload") if isinstance(data, dict) else None
    if not isinstance(payload, dict):
        raise DecodeError(
            "cannot decode test result: expected an object under 'payload'",
            field="payload",
            response=response,
        )
    return payload


_DECODE_ACTION = _decoder(Action)
_DECODE_VERSION = _decoder(ActionVersion)
_DECODE_EXECUTION = _decoder(Execution)
_DECODE_MODULE = _decoder(Module)
_DECODE_MODULE_VERSION = _decoder(ModuleVersion)
_DECODE_TRIGGER_LIST = _decoder(_TriggerList)


@attrs.frozen
class _Listing:
    # One paged listing: the class its pages decode to, where the items are, its operation name.
    # The page decoder is built here from ``page``, so each listing names its class once.
    page: type[Any]
    items: str
    name: str
    decode: Callable[[httpx.Response], Any] = attrs.field(
        init=False, default=attrs.Factory(lambda self: _decoder(self.page), takes_self=True)
    )


_ACTIONS = _Listing(_ActionList, "actions", "actions.list")
_VERSIONS = _Listing(_VersionList, "versions", "actions.versions.list")
_BINDINGS = _Listing(_BindingList, "bindings", "actions.triggers.bindings.list")
_MODULES = _Listing(_ModuleList, "modules", "actions.modules.list")
_MODULE_ACTIONS = _Listing(_ModuleActionList, "actions", "actions.modules.list_actions")
_MODULE_VERSIONS = _Listing(_ModuleVersionList, "versions", "actions.modules.versions.list")


# ------------------------------------------------------------------------------------------------
# Argument checks
# ------------------------------------------------------------------------------------------------

_API = "/api/v2/actions"
_CLIENT_ASSERTION_TYPE: Final = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
# The algorithms Auth0 accepts for Private Key JWT client authentication, all over RSA keys.
_ASSERTION_ALGORITHMS: Final = ("RS256", "RS384", "PS256")
_SIGNER: Final = AssertionSigner(
    purpose="Auth0 Private Key JWT",
    install_hint='pip install "actions-sdk[jwt]"',
    # Seconds an assertion is valid: long enough for clock skew, short enough to limit replay.
    lifetime=120,
)
_MODULE_NAME_MAX = 255
_MODULE_CODE_MAX = 65_536


def _require_text(value: Any, field: str, *, max_length: int | None = None) -> str:
    # The shared check: non-empty, not only white space, a short excerpt of a bad value.
    return check_text(value, field, max_length=max_length)


def _require_code(value: Any, field: str = "code", *, max_length: int | None = None) -> str:
    # Code may legitimately be empty (a placeholder draft), but it must be text.
    return check_text(value, field, max_length=max_length, allow_empty=True, strip_blank=False)


def _items_of(value: Any, cls: type[T], field: str) -> tuple[T, ...]:
    # One rule for model lists: the model or its wire-shaped dict (see _checks.check_items).
    return check_items(value, field, cls, _converter())


# The server documents no maximum; a page size beyond a 32-bit integer can only be a mistake (and
# str() of a 5,000-digit int raises ValueError on the way to the query string).
_PER_PAGE_MAX = 2**31 - 1


def _per_page(value: int | Unset) -> int | Unset:
    return UNSET if value is UNSET else check_count(value, "per_page", maximum=_PER_PAGE_MAX)


# The one table of known trigger ids is TriggerId's declared members (pseudo-members made for
# unknown values are not in __members__).
_KNOWN_TRIGGER_IDS: tuple[str, ...] = tuple(member.value for member in TriggerId)


def _trigger_id(trigger: TriggerInput, field: str = "trigger") -> str:
    if isinstance(trigger, ActionTrigger):
        if trigger.id is None:
            raise ValidationError(f"{field} has no id", field=field)
        # A typed trigger (as the server returns them) is taken as it is: see below.
        return str(trigger.id)
    if not isinstance(trigger, str) or not trigger:
        raise ValidationError(
            f"{field} must be a trigger id or an ActionTrigger, got {excerpt(trigger)}", field=field
        )
    if isinstance(trigger, TriggerId):
        # Ids read from the server (and typed values) are TriggerId members: a new trigger that
        # happens to be one edit away from a known one must not be refused.
        return str(trigger)  # str() turns a TriggerId member into plain text
    # Auth0 adds triggers often, so an unknown id typed as text is sent as it is, unless it is a
    # near miss of a known one ("post-logn"), which Auth0 would only answer with "400 Invalid
    # trigger".
    return check_known_spelling(str(trigger), field, _KNOWN_TRIGGER_IDS, what="trigger id")


def _supported_triggers(value: Any) -> tuple[SupportedTriggerBody, ...]:
    field = "supported_triggers"
    if not check_sequence(value, field):
        raise ValidationError(
            f"{field} must be a non-empty list of trigger ids, ActionTrigger or dicts, got "
            f"{excerpt(value)}",
            field=field,
        )
    items = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            # Wire shape {"id": "post-login", "version": "v3"}, as for every model list.
            item = check_item(item, f"{field}[{index}]", ActionTrigger, _converter())
        trigger_id = _trigger_id(item, f"{field}[{index}]")
        version = item.version if isinstance(item, ActionTrigger) else None
        items.append(SupportedTriggerBody(id=trigger_id, version=version))
    return tuple(items)


def _bool(value: Any, field: str) -> bool:
    return check_bool(value, field)


def _query_bool(value: bool) -> str:
    return "true" if value else "false"


def _binding_item(item: BindingInput, index: int) -> Any:
    """Turn one ``update_many`` item into its wire dict, or explain what is wrong with it."""
    update = binding_update(item, index)  # the one normaliser; Auth0 has every kind of item
    body = BindingUpdateBody(
        ref=BindingRefBody(type=update.ref.type.value, value=update.ref.value),
        display_name=UNSET if update.display_name is None else update.display_name,
        secrets=(
            UNSET
            if update.secrets is None
            else _items_of(update.secrets, Secret, f"bindings[{index}].secrets")
        ),
    )
    return _converter().unstructure(body)


def _next_page(
    page: int, per_page: int | Unset, count: int, reported_per_page: int | None, total: int | None
) -> int | None:
    """Decide whether another page exists, without a trailing empty request.

    Args:
        page: The page number that was requested.
        per_page: The page size the caller asked for, if any.
        count: How many items this page held.
        reported_per_page: The page size the server reported, if any.
        total: The total to trust: page 0's ``total`` (later pages may report 0 or nothing even
            when there are more items), or ``None`` when it is not known.

    Returns:
        The next page number, or ``None`` when this page is the last one.
    """
    if count == 0:
        return None
    # The size the server reports wins over the one asked for: a server that caps per_page must
    # not make a full page look short.
    size = reported_per_page or (None if per_page is UNSET else per_page)
    if size and count < size:
        return None  # a short page is the last one
    if total is not None:
        # Without a known size (modules without per_page: paging is off) this page counts as a
        # full one; total then ends the walk either way.
        return page + 1 if page * (size or count) + count < total else None
    # Neither total nor size: stop rather than risk re-reading an unpaged list forever.
    return page + 1 if size else None


def _triggers_differ(action: Action, wanted: object) -> bool:
    # A trigger given without a version matches whatever version the action has.
    triggers = _supported_triggers(wanted)
    have = action.supported_triggers
    return len(triggers) != len(have) or any(
        w.id != str(h.id) or (w.version is not None and w.version != h.version)
        for w, h in zip(triggers, have, strict=False)
    )


def _given(differs: Callable[[Action, Any], bool]) -> Callable[[Action, Any], bool]:
    # Options the request leaves out are not compared: the server chose them.
    return lambda action, wanted: wanted is not UNSET and differs(action, wanted)


def _items_differ(
    cls: type[Any], field: str, key: Callable[[Any], Any], *, ordered: bool = False
) -> Callable[[Action, Any], bool]:
    # Items may have been given as wire-shaped dicts: compare them as models, by ``key``.
    def differ(action: Action, wanted: Any) -> bool:
        want = [key(item) for item in _items_of(wanted, cls, field)]
        have = [key(item) for item in getattr(action, field)]
        return want != have if ordered else sorted(want) != sorted(have)

    return _given(differ)


_DIFFERS: Final[Differs] = {
    "supported_triggers": _given(_triggers_differ),
    "code": _given(lambda action, code: action.code != code),
    "runtime": _given(lambda action, runtime: action.runtime != runtime),
    "dependencies": _items_differ(Dependency, "dependencies", lambda d: (d.name, d.version)),
    # Secret values are write-only: only their names can be compared.
    "secrets": _items_differ(Secret, "secrets", lambda s: s.name or ""),
    "modules": _items_differ(
        ModuleRef, "modules", lambda m: (m.module_id, m.module_version_id), ordered=True
    ),
}
"""How a found action is compared with a create request, option by option."""


class _AssertionForm(Mapping[str, str]):
    """A token-request form whose ``client_assertion`` is signed afresh on every read.

    The transport encodes an operation's form once per attempt, and retries the same operation
    after a 5xx, 429 or lost answer. Auth0 refuses a ``jti`` it has seen, so a retry must not
    re-send the assertion of an attempt that may have landed: each ``items()`` (one encoding)
    signs a new one, consistently for the whole encoding.
    """

    def __init__(self, fields: dict[str, str], sign: Callable[[], str]) -> None:
        self._fields = fields
        self._sign = sign

    def _snapshot(self) -> dict[str, str]:
        return {**self._fields, "client_assertion": self._sign()}

    def __getitem__(self, key: str) -> str:
        if key == "client_assertion":
            return self._sign()
        return self._fields[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._fields
        yield "client_assertion"

    def __len__(self) -> int:
        return len(self._fields) + 1

    def items(self) -> Any:
        return self._snapshot().items()

    def __repr__(self) -> str:
        # Never the assertion (a bearer credential for its lifetime), only the field names.
        return f"<client assertion form: {', '.join(self)}>"


def _load_signing_key(key: Any, algorithm: Any) -> Any:
    """Load a PEM RSA private key for client assertions, checking the extra and the algorithm."""
    if algorithm not in _ASSERTION_ALGORITHMS:
        raise ValidationError(
            "client_assertion_signing_alg must be one of "
            f"{', '.join(_ASSERTION_ALGORITHMS)}, got {algorithm!r}",
            field="client_assertion_signing_alg",
        )
    field = "client_assertion_signing_key"
    return _SIGNER.load_key(key, field=field, name=field, algorithm=algorithm)


# ------------------------------------------------------------------------------------------------
# The provider
# ------------------------------------------------------------------------------------------------


class Auth0Provider(Provider[Action, ActionTrigger, ActionBinding]):
    """Auth0 Management API v2 actions, as pure plans.

    Args:
        domain: The tenant's host, e.g. ``acme.eu.auth0.com`` (a URL is reduced to its host).
        **credentials: ``token``, or ``client_id`` with ``client_secret`` (client-credentials
            grant) or with ``client_assertion_signing_key`` (Private Key JWT, needs PyJWT and
            cryptography: ``pip install "actions-sdk[jwt]"``), and optionally ``audience`` and
            ``client_assertion_signing_alg``: the keywords of
            :class:`~actions_sdk.providers._credentials.Auth0Credentials`, documented there.
        assertion_audience: The ``aud`` of client assertions; defaults to
            ``https://{domain}/``.
        clock: Returns the current UNIX time (assertion ``iat``/``exp``); injected for tests.

    Raises:
        ValidationError: Unless exactly one of ``token``, ``client_id`` + ``client_secret`` or
            ``client_id`` + ``client_assertion_signing_key`` is given, or if the key does not load.
        MissingDependencyError: A signing key without PyJWT/cryptography installed.
    """

    # The contract (Provider) declares these class attributes and their types; a vendor sets them.
    name = "auth0"
    capabilities = CAPABILITIES
    binding_display_names = True

    @keyword_signature(Auth0Credentials)
    def __init__(
        self,
        domain: str,
        *,
        assertion_audience: str | None = None,
        clock: Callable[[], float] = time.time,
        **credentials: Unpack[Auth0Credentials],
    ) -> None:
        # The SDK's one domain parser; the scheme is the client's business (it builds the URL).
        _, domain = parse_domain(domain, allow_insecure_http=True)
        token, audience = credentials.get("token"), credentials.get("audience")
        client_id, client_secret = credentials.get("client_id"), credentials.get("client_secret")
        signing_key = credentials.get("client_assertion_signing_key")
        signing_alg = option(credentials, "client_assertion_signing_alg")
        has_credentials = client_id is not None or client_secret is not None
        if signing_key is not None and client_secret is not None:
            raise ValidationError(
                "give either client_secret or client_assertion_signing_key, not both",
                field="client_assertion_signing_key",
            )
        if token is not None and (has_credentials or signing_key is not None):
            raise ValidationError(
                "give either token or client credentials, not both", field="token"
            )
        self._signing_key: Any = None
        # Credentials are checked without ever formatting their values; the token travels in a
        # header, so it must be visible ASCII (else httpx fails with it in a UnicodeEncodeError).
        if token is not None:
            check_credential(token, "token", header=True)
        elif signing_key is not None:
            check_credential(client_id, "client_id")
            self._signing_key = _load_signing_key(signing_key, signing_alg)
        elif has_credentials:
            check_credential(client_id, "client_id")
            check_credential(client_secret, "client_secret")
        else:
            raise ValidationError(
                "credentials are required: token, or client_id and client_secret (or "
                "client_assertion_signing_key)",
                field="token",
            )
        if audience is not None:
            _require_text(audience, "audience")
        if assertion_audience is not None:
            _require_text(assertion_audience, "assertion_audience")
        self.domain = domain
        self._token = token
        self._client_id = client_id
        self._client_secret = client_secret
        self._audience = audience or f"https://{domain}/api/v2/"
        self._signing_alg = signing_alg
        self._assertion_audience = assertion_audience or f"https://{domain}/"
        self._clock = clock

    def __repr__(self) -> str:
        if self._token is not None:
            auth = "token"
        elif self._signing_key is not None:
            auth = "private_key_jwt"
        else:
            auth = "client_credentials"
        return f"Auth0Provider(domain={self.domain!r}, auth={auth!r})"

    # -- transport hooks ---------------------------------------------------------------------

    def parse_error(self, response: httpx.Response) -> ApiError:
        """Turn an Auth0 error response into a typed :class:`~actions_sdk.errors.ApiError`.

        Understands the Management API body ``{statusCode, error, message, errorCode}`` and the
        OAuth body ``{error, error_description}`` of the token endpoint; any other body (an HTML
        page from a proxy) is kept as text, and the message is a short line of plain text or else
        the reason phrase (:func:`~actions_sdk.providers._converters.error_text`).

        Args:
            response: A response with a 4xx/5xx status (body already read).

        Returns:
            The exception to raise.
        """
        status = response.status_code
        text = response.text
        body: Any
        body = error_body(response) if text.strip() else None
        message: str | None = None
        error_code: str | None = None
        if (oauth := oauth_error(body)) is not None:
            # The token endpoint: {"error": "access_denied", "error_description": "..."}.
            error_code, message = oauth
        elif isinstance(body, dict):
            error_code = text_or_none(body.get("errorCode"))
            message = text_or_none(body.get("message")) or text_or_none(body.get("error"))
        if not message:
            message = error_text(body) or response.reason_phrase or f"HTTP {status}"
        headers = response.headers
        request_id = headers.get("x-request-id") or headers.get("x-auth0-requestid")
        extra: dict[str, Any] = {}
        if status == 429:
            extra = {
                "limit": _header_int(headers, "x-ratelimit-limit"),
                "remaining": _header_int(headers, "x-ratelimit-remaining"),
                "reset": _header_int(headers, "x-ratelimit-reset"),
            }
        return make_api_error(
            message,
            status_code=status,
            error_code=error_code,
            body=body,
            response=response,
            request_id=request_id,
            **extra,
        )

    def token_operation(self) -> Operation[TokenGrant] | None:
        """Describe the client-credentials token request, if the provider has client credentials.

        With a signing key the client authenticates with a fresh Private Key JWT assertion
        (``client_assertion`` + ``client_assertion_type``) instead of ``client_secret``.

        Returns:
            ``POST /oauth/token`` (form-encoded, unauthenticated), or ``None`` for a static token.
        """
        if self._client_id is None:
            return None
        form: Mapping[str, str]
        if self._signing_key is not None:
            form = _AssertionForm(
                {
                    "grant_type": "client_credentials",
                    "client_id": self._client_id,
                    "client_assertion_type": _CLIENT_ASSERTION_TYPE,
                    "audience": self._audience,
                },
                lambda: self._assertion(self._client_id or ""),
            )
        elif self._client_secret is not None:
            form = {
                "grant_type": "client_credentials",
                "client_id": self._client_id,
                "client_secret": self._client_secret,
                "audience": self._audience,
            }
        else:  # pragma: no cover - __init__ requires one of them with a client id
            return None
        return Operation(
            method="POST",
            path="/oauth/token",
            form=form,
            authenticated=False,
            # Asking again for a token has no side effect on the tenant.
            idempotent=True,
            name="oauth.token",
            decode=decode_token_grant,
        )

    def _assertion(self, client_id: str) -> str:
        """Sign a one-time client assertion: iss = sub = client id, aud = the tenant, a new jti."""
        return _SIGNER.sign(
            self._signing_key,
            subject=client_id,
            audience=self._assertion_audience,
            now=self._clock(),
            algorithm=self._signing_alg,
            # Auth0 refuses a reused jti: each token request gets a new one.
            claims={"jti": secrets.token_urlsafe(24)},
        )

    def static_token(self) -> str | None:
        """Return the static Management API token, if one was given.

        Returns:
            The token, or ``None`` when client credentials are used.
        """
        return self._token

    # -- actions ---------------------------------------------------------------------------

    def list_actions(self, request: ListActionsRequest) -> PageFetcher[Action]:
        """Describe ``GET /actions/actions`` (``actions.list``).

        Args:
            request: Filters; those the capability table lacks (``state``) are refused.

        Returns:
            A page fetcher; pages are numbered from 0.

        Raises:
            UnsupportedOperationError: For a filter :data:`.capabilities.CAPABILITIES` lacks.
            ValidationError: If a filter has the wrong type.
        """
        self.refuse_options("actions.list", request.given())
        params: dict[str, str] = {}
        if request.trigger_id is not UNSET:
            trigger_id = _trigger_id(request.trigger_id, "trigger_id")
            params["triggerId"] = check_query_value(trigger_id, "trigger_id")
        if request.action_name is not UNSET:
            params["actionName"] = check_query_value(request.action_name, "action_name")
        if request.deployed is not UNSET:
            params["deployed"] = _query_bool(_bool(request.deployed, "deployed"))
        if request.installed is not UNSET:
            params["installed"] = _query_bool(_bool(request.installed, "installed"))
        return self._pager(_ACTIONS, f"{_API}/actions", request.per_page, params)

    def get_action(self, action_id: str) -> Plan[Action]:
        """Describe ``GET /actions/actions/{id}`` (``actions.get``).

        Args:
            action_id: The action id.

        Returns:
            A plan whose outcome is the :class:`~actions_sdk.models.auth0.Action`.
        """
        return _send("GET", _action_path(action_id), _DECODE_ACTION, "actions.get")

    def create_action(self, request: CreateActionRequest) -> Plan[Action]:
        """Describe ``POST /actions/actions`` (``actions.create``).

        Args:
            request: The new action; ``name`` and ``supported_triggers`` are required.

        Returns:
            A plan whose outcome is the created action (its build has only started).

        Raises:
            UnsupportedOperationError: For an option :data:`.capabilities.CAPABILITIES` lacks.
            ValidationError: For a missing or malformed field.
        """
        self.refuse_options("actions.create", request.options)
        option = request.option
        body = ActionCreateBody(
            name=_require_text(request.name, "name"),
            supported_triggers=_supported_triggers(option("supported_triggers")),
            deploy=_optional(option("deploy"), _bool, "deploy"),
            **_content(request),
        )
        return single(
            Operation(
                method="POST",
                path=f"{_API}/actions",
                json=_converter().unstructure(body),
                # A retried create whose first attempt landed would make a second action.
                idempotent=False,
                decode=_DECODE_ACTION,
                name="actions.create",
            )
        )

    def update_action(self, action_id: str, request: UpdateActionRequest) -> Plan[Action]:
        """Describe ``PATCH /actions/actions/{id}`` (``actions.update``): a partial update.

        Only the fields given are sent. ``secrets`` replaces the whole set on Auth0. Every PATCH,
        even one that changes nothing or only renames, puts the draft back to ``pending`` and
        rebuilds it.

        Args:
            action_id: The action id.
            request: The fields to change.

        Returns:
            A plan whose outcome is the updated action.

        Raises:
            UnsupportedOperationError: For an option :data:`.capabilities.CAPABILITIES` lacks.
            ValidationError: If nothing is given or a field is malformed, including
                ``runtime=None``: what Auth0 does with ``"runtime": null`` is not documented, so
                the SDK does not send it.
        """
        self.refuse_options("actions.update", request.options)
        path = _action_path(action_id)
        if request.name is UNSET and not request.options:
            raise ValidationError("nothing to update: give at least one field")
        if request.option("runtime") is None:
            raise ValidationError(
                "runtime must be a runtime name such as 'node22'; None is not accepted (the API "
                "documents no way to reset the runtime): leave runtime out to keep it",
                field="runtime",
            )
        body = ActionPatchBody(
            name=_optional(request.name, _require_text, "name"),
            supported_triggers=_optional(request.option("supported_triggers"), _supported_triggers),
            **_content(request),
        )
        return single(
            Operation(
                method="PATCH",
                path=path,
                json=_converter().unstructure(body),
                decode=_DECODE_ACTION,
                name="actions.update",
            )
        )

    def delete_action(self, action_id: str, *, force: bool) -> Plan[None]:
        """Describe ``DELETE /actions/actions/{id}`` (``actions.delete``).

        Args:
            action_id: The action id.
            force: Detach the action from every trigger first (``?force=true``); without it Auth0
                answers 409 for a bound action.

        Returns:
            A plan whose outcome is ``None`` (204).
        """
        path = _action_path(action_id)
        params = {"force": "true"} if _bool(force, "force") else {}
        return single(
            Operation(
                method="DELETE",
                path=path,
                params=params,
                decode=_decode_nothing,
                name="actions.delete",
            )
        )

    def deploy_action(self, action_id: str) -> Plan[ActionVersion]:
        """Describe ``POST /actions/actions/{id}/deploy`` (``actions.deploy``).

        Args:
            action_id: The action id; its draft must be ``built``.

        Returns:
            A plan whose outcome is the new version (200; it reads ``status: built``,
            ``deployed: false`` and goes live shortly after).
        """
        path = _action_path(action_id, "/deploy")
        return single(
            Operation(
                method="POST",
                path=path,
                # Each deploy creates a new version.
                idempotent=False,
                decode=_DECODE_VERSION,
                name="actions.deploy",
            )
        )

    def test_action(self, action_id: str, payload: Mapping[str, Any]) -> Plan[dict[str, Any]]:
        """Describe ``POST /actions/actions/{id}/test`` (``actions.test``).

        Args:
            action_id: The action id.
            payload: The event payload to run the draft with.

        Returns:
            A plan whose outcome is the answer's ``payload`` object: a run result (``error``,
            ``stats``, ``logs``), not an echo of the event.
        """
        path = _action_path(action_id, "/test")
        if not isinstance(payload, Mapping):
            raise ValidationError("payload must be a mapping", field="payload")
        return single(
            Operation(
                method="POST",
                path=path,
                json={"payload": dict(payload)},
                # Running the action can have side effects of its own (outbound calls).
                idempotent=False,
                decode=_decode_test_payload,
                name="actions.test",
            )
        )

    # -- versions --------------------------------------------------------------------------

    def list_versions(self, action_id: str, per_page: int | Unset) -> PageFetcher[ActionVersion]:
        """Describe ``GET /actions/actions/{id}/versions`` (server default page size: 20)."""
        return self._pager(_VERSIONS, _action_path(action_id, "/versions"), per_page)

    def get_version(self, action_id: str, version_id: str) -> Plan[ActionVersion]:
        """Describe ``GET /actions/actions/{id}/versions/{versionId}``."""
        path = _action_path(action_id, _version(version_id))
        return _send("GET", path, _DECODE_VERSION, "actions.versions.get")

    def deploy_version(
        self, action_id: str, version_id: str, update_draft: bool | None
    ) -> Plan[ActionVersion]:
        """Describe ``POST /actions/actions/{actionId}/versions/{id}/deploy`` (rollback).

        Args:
            action_id: The action id.
            version_id: The version to roll back to.
            update_draft: Also replace the draft with that version; ``None`` sends no body.

        Returns:
            A plan whose outcome is the new version (200; ``deployed: false`` until it goes live).
        """
        path = _action_path(action_id, _version(version_id) + "/deploy")
        body = None
        if update_draft is not None:
            body = {"update_draft": _bool(update_draft, "update_draft")}
        return single(
            Operation(
                method="POST",
                path=path,
                json=body,
                # A rollback creates a new version each time.
                idempotent=False,
                decode=_DECODE_VERSION,
                name="actions.versions.deploy",
            )
        )

    # -- triggers and bindings -------------------------------------------------------------

    def list_triggers(self) -> Plan[list[ActionTrigger]]:
        """Describe ``GET /actions/triggers`` (``actions.triggers.list``; not paged).

        Returns:
            A plan whose outcome is every trigger of the tenant.
        """
        operation = Operation(
            method="GET",
            path=f"{_API}/triggers",
            decode=_DECODE_TRIGGER_LIST,
            name="actions.triggers.list",
        )
        return _map(operation, lambda result: list(result.triggers))

    def list_bindings(
        self, trigger: TriggerInput, per_page: int | Unset
    ) -> PageFetcher[ActionBinding]:
        """Describe ``GET /actions/triggers/{triggerId}/bindings`` (in execution order).

        Args:
            trigger: A trigger id or an :class:`~actions_sdk.models.auth0.ActionTrigger`.
            per_page: Page size; the server default (20) when not given.

        Returns:
            A page fetcher; pages are numbered from 0.
        """
        path = _bindings_path(trigger)
        return self._pager(_BINDINGS, path, per_page)

    def update_bindings(
        self, trigger: TriggerInput, bindings: Sequence[BindingInput]
    ) -> Plan[list[ActionBinding]]:
        """Describe ``PATCH /actions/triggers/{triggerId}/bindings``: replace the ordered list.

        Args:
            trigger: A trigger id or an :class:`~actions_sdk.models.auth0.ActionTrigger`.
            bindings: The whole list in execution order: ``BindingUpdate``, ``BindingRef`` or
                wire-shaped dicts (``{"ref": {"type", "value"}, "display_name"}``). Empty unbinds
                everything.

        Returns:
            A plan whose outcome is the trigger's bindings after the update.

        Raises:
            ValidationError: Naming the first malformed item (``bindings[i]``).
        """
        path = _bindings_path(trigger)
        items = [
            _binding_item(item, index)
            for index, item in enumerate(check_sequence(bindings, "bindings"))
        ]
        operation = Operation(
            method="PATCH",
            path=path,
            json={"bindings": items},
            decode=_BINDINGS.decode,
            name="actions.triggers.bindings.update_many",
        )
        return _map(operation, lambda result: list(result.bindings))

    # -- hooks of the safe helpers ---------------------------------------------------------

    def build_progress(self, action: Action) -> Progress:
        """Read the draft's build status: ``built`` is done, ``failed`` ends the wait.

        Real tenants send no ``errors`` array with a failed build; any errors a server does send
        are passed on, but nothing depends on them.

        Args:
            action: The action as just fetched.

        Returns:
            The build's progress.
        """
        status = action.status
        if status == BuildStatus.FAILED:
            return Progress(status=str(status), done=False, failed=True, errors=action.errors)
        return Progress(
            status=None if status is None else str(status), done=status == BuildStatus.BUILT
        )

    def deployment_progress(self, action: Action, number: int) -> Progress:
        """Whether version ``number`` or a newer one is the deployed one.

        ``deployed_version`` is read rather than the versions list: it is what the tenant serves,
        and a binding is accepted only once it is deployed.

        Args:
            action: The action as just fetched.
            number: The version number waited for.

        Returns:
            The deployment's progress; a version whose build failed carries its errors.
        """
        version = action.deployed_version
        if version is None or version.number is None or version.number < number:
            return Progress(status="not deployed yet", done=False)
        status = None if version.status is None else str(version.status)
        if version.status == BuildStatus.FAILED:
            return Progress(
                status=status,
                done=False,
                failed=True,
                errors=version.errors,
                version=version.number,
            )
        return Progress(status=status, done=bool(version.deployed), version=version.number)

    def deployed_number(self, action: Action) -> int:
        """Return ``deployed_version.number``, or 0 when the action was never deployed.

        Args:
            action: The action as just fetched.
        """
        version = action.deployed_version
        return version.number if version is not None and version.number is not None else 0

    def needs_deploy(self, action: Action) -> bool:
        """Whether deploying would change what runs: never deployed, or undeployed changes.

        Args:
            action: The action as just fetched.
        """
        return action.deployed_version is None or action.all_changes_deployed is not True

    def deploys_after_build(self, action: Action) -> bool:
        """Whether a deployment of the action is already under way (``create(deploy=True)``).

        Auth0 never echoes ``deploy`` in a response, so the flag cannot be read back. What can be
        read is its effect: an action created with ``deploy: true`` carries a
        ``deployed_version`` from the create answer on. An action without one (for example one
        adopted after a lost create answer, created without ``deploy``) is never deployed by
        Auth0 on its own.

        Args:
            action: The action as just fetched.
        """
        return action.deployed_version is not None

    def find_action_by_name(self, name: str) -> Plan[Action | None]:
        """Describe ``GET /actions/actions?actionName=``, walking pages until the exact name.

        Args:
            name: The action name.

        Returns:
            A plan whose outcome is the action, or ``None``.
        """
        fetch = self.list_actions(ListActionsRequest(action_name=name))

        def plan() -> Plan[Action | None]:
            start: int | None = None
            while True:
                page: Page[Action] = yield from fetch(start)
                # The filter is taken as exact, but compared again: never adopt a near miss.
                for action in page.items:
                    if action.name == name:
                        return action
                if page.next_start is None:
                    return None
                start = page.next_start

        return plan()

    def content_differences(self, action: Action, request: CreateActionRequest) -> list[str]:
        """Compare what the request gives, as far as Auth0 tells (see :data:`_DIFFERS`)."""
        return content_differences(action, request, _DIFFERS)

    def binding_facts(self, binding: ActionBinding) -> BindingFacts:
        """Describe a binding by its binding id, so a list write never re-creates it."""
        action = binding.action
        return BindingFacts(
            ref=BindingRef.by_binding_id(binding.id),
            action_id=None if action is None else action.id,
            action_name=None if action is None else action.name,
            display_name=binding.display_name,
        )

    def new_binding(
        self, action_id: str, display_name: str | None, secrets: Sequence[object] | None
    ) -> BindingInput:
        """Build the item binding an action by id, with its display name and secrets.

        Args:
            action_id: The action's id.
            display_name: The binding's display name.
            secrets: Per-binding secrets.

        Returns:
            A :class:`~actions_sdk.models.bindings.BindingUpdate`.
        """
        # The items are the caller's, passed through unchanged; update_bindings checks each one
        # (a Secret or a secret-shaped mapping) when it builds the request body.
        items = cast("Sequence[Secret] | None", secrets)
        return BindingUpdate(
            ref=BindingRef.by_action_id(action_id), display_name=display_name, secrets=items
        )

    def bindable_triggers(self) -> Plan[list[TriggerInput]]:
        """Describe ``GET /actions/triggers``: each trigger id once, entity-bound ones left out.

        Entity-bound triggers are attached through another entity (a token-exchange profile, an
        event stream), not through ``PATCH …/bindings``; listing their bindings answers an empty
        list, so there is nothing for the binding helpers to do there.

        Returns:
            A plan whose outcome is the trigger ids, in catalogue order.
        """
        listing = self.list_triggers()

        def plan() -> Plan[list[TriggerInput]]:
            triggers: list[ActionTrigger] = yield from listing
            ids: list[TriggerInput] = []
            for trigger in triggers:
                if trigger.id is None or trigger.binding_policy == BindingPolicy.ENTITY_BOUND:
                    continue
                # A server-sent id goes into the next paths: one that would leave its segment
                # ("..", "") is a DecodeError here, before any request uses it.
                path_segment(str(trigger.id), "triggers[].id", source="server")
                if trigger.id not in ids:
                    # The TriggerId itself, not its text: ids the server lists are never
                    # second-guessed by the typo check.
                    ids.append(trigger.id)
            return ids

        return plan()

    # -- executions ------------------------------------------------------------------------

    def get_execution(self, execution_id: str) -> Plan[Execution]:
        """Describe ``GET /actions/executions/{id}`` (an execution id from tenant logs, 10 days)."""
        path = _item_path("executions", execution_id, "execution_id")
        return _send("GET", path, _DECODE_EXECUTION, "actions.executions.get")

    # -- modules ---------------------------------------------------------------------------
    # Module ids are checked by the one id encoder; listings page from 0 (see _pager).

    def list_modules(self, per_page: int | Unset) -> PageFetcher[Module]:
        """Describe ``GET /actions/modules``; without ``per_page`` Auth0 returns every module."""
        return self._pager(_MODULES, f"{_API}/modules", per_page)

    def get_module(self, module_id: str) -> Plan[Module]:
        """Describe ``GET /actions/modules/{id}``."""
        return _send("GET", _module_path(module_id), _DECODE_MODULE, "actions.modules.get")

    def create_module(
        self,
        *,
        name: str,
        code: str,
        secrets: Sequence[Secret | Mapping[str, Any]] | Unset,
        dependencies: Sequence[Dependency | Mapping[str, Any]] | Unset,
        api_version: str | Unset,
        publish: bool | Unset,
    ) -> Plan[Module]:
        """Describe ``POST /actions/modules`` (``actions.modules.create``).

        Args:
            name: The module name (at most 255 characters, unique).
            code: The module source (at most 65,536 characters).
            secrets: Secrets with values.
            dependencies: npm dependencies.
            api_version: The module API version.
            publish: Publish the first version right away.

        Returns:
            A plan whose outcome is the created module.
        """
        body = ModuleCreateBody(
            name=_require_text(name, "name", max_length=_MODULE_NAME_MAX),
            code=_require_code(code, max_length=_MODULE_CODE_MAX),
            secrets=_optional_items(secrets, Secret, "secrets"),
            dependencies=_optional_items(dependencies, Dependency, "dependencies"),
            api_version=_optional(api_version, _require_text, "api_version"),
            publish=_optional(publish, _bool, "publish"),
        )
        json = _converter().unstructure(body)
        path = f"{_API}/modules"
        # Not idempotent: a repeat whose first attempt landed answers 409 (name taken).
        return _send(
            "POST", path, _DECODE_MODULE, "actions.modules.create", json=json, idempotent=False
        )

    def update_module(
        self,
        module_id: str,
        *,
        code: str | Unset,
        secrets: Sequence[Secret | Mapping[str, Any]] | Unset,
        dependencies: Sequence[Dependency | Mapping[str, Any]] | Unset,
    ) -> Plan[Module]:
        """Describe ``PATCH /actions/modules/{id}`` (``actions.modules.update``).

        Args:
            module_id: The module id.
            code: The new draft source.
            secrets: The new secret set (replaces the whole set).
            dependencies: The new dependency list.

        Returns:
            A plan whose outcome is the updated module.

        Raises:
            ValidationError: If nothing is given or a field is malformed.
        """
        path = _module_path(module_id)
        if code is UNSET and secrets is UNSET and dependencies is UNSET:
            raise ValidationError("nothing to update: give code, secrets or dependencies")
        body = ModulePatchBody(
            code=_optional(code, _require_code, max_length=_MODULE_CODE_MAX),
            secrets=_optional_items(secrets, Secret, "secrets"),
            dependencies=_optional_items(dependencies, Dependency, "dependencies"),
        )
        json = _converter().unstructure(body)
        return _send("PATCH", path, _DECODE_MODULE, "actions.modules.update", json=json)

    def delete_module(self, module_id: str) -> Plan[None]:
        """Describe ``DELETE /actions/modules/{id}`` (412 while an action uses it)."""
        path = _module_path(module_id)
        return _send("DELETE", path, _decode_nothing, "actions.modules.delete")

    def list_module_actions(
        self, module_id: str, per_page: int | Unset
    ) -> PageFetcher[ModuleAction]:
        """Describe ``GET /actions/modules/{id}/actions``: the actions using the module."""
        return self._pager(_MODULE_ACTIONS, _module_path(module_id, "/actions"), per_page)

    def rollback_module(self, module_id: str, module_version_id: str) -> Plan[Module]:
        """Describe ``POST /actions/modules/{id}/rollback``: replace the draft with a version."""
        body = ModuleRollbackBody(
            module_version_id=_require_text(module_version_id, "module_version_id")
        )
        path = _module_path(module_id, "/rollback")
        json = _converter().unstructure(body)
        # Not idempotent: a repeat after success answers 409 ("already the draft").
        return _send(
            "POST", path, _DECODE_MODULE, "actions.modules.rollback", json=json, idempotent=False
        )

    def list_module_versions(
        self, module_id: str, per_page: int | Unset
    ) -> PageFetcher[ModuleVersion]:
        """Describe ``GET /actions/modules/{id}/versions``."""
        return self._pager(_MODULE_VERSIONS, _module_path(module_id, "/versions"), per_page)

    def create_module_version(self, module_id: str) -> Plan[ModuleVersion]:
        """Describe ``POST /actions/modules/{id}/versions``: publish the draft as a new version."""
        path = _module_path(module_id, "/versions")
        # Each publish makes a new version: never repeated once it may have landed.
        name = "actions.modules.versions.create"
        return _send("POST", path, _DECODE_MODULE_VERSION, name, idempotent=False)

    def get_module_version(self, module_id: str, version_id: str) -> Plan[ModuleVersion]:
        """Describe ``GET /actions/modules/{id}/versions/{versionId}``."""
        path = _module_path(module_id, _version(version_id))
        return _send("GET", path, _DECODE_MODULE_VERSION, "actions.modules.versions.get")

    # -- internals -------------------------------------------------------------------------

    def _pager(
        self,
        listing: _Listing,
        path: str,
        per_page: int | Unset,
        params: Mapping[str, str] | None = None,
    ) -> PageFetcher[Any]:
        per_page = _per_page(per_page)  # checked now: a bad size fails before anything is sent
        # Only page 0's total can be trusted: Auth0 leaves total out (or sends 0) on later pages
        # even when there are more. Page 0 leaves it out when it is 0, which reads as None here
        # and still ends the walk (an empty page is the last one).
        first_total: list[int | None] = [None]

        def fetch(start: int | None) -> Plan[Page[Any]]:
            page = start or 0
            if isinstance(page, bool) or not isinstance(page, int) or page < 0:
                raise ValidationError(f"page must be a non-negative integer, got {excerpt(start)}")
            query = dict(params or {})
            # The first page is the server's default; only later pages need the number.
            if page:
                query["page"] = str(page)
            # Left out unless asked: keeps the server default (20), and for modules "paging is
            # disabled if not sent".
            if per_page is not UNSET:
                query["per_page"] = str(per_page)
            operation = Operation(
                method="GET", path=path, params=query, decode=listing.decode, name=listing.name
            )
            return _page_plan(operation, page, per_page, listing.items, first_total)

        return fetch


def _page_plan(
    operation: Operation[Any],
    page: int,
    per_page: int | Unset,
    items_field: str,
    first_total: list[int | None],
) -> Plan[Page[Any]]:
    envelope = yield operation
    items = getattr(envelope, items_field)
    if page == 0:
        first_total[0] = envelope.total
    total = first_total[0]
    next_start = _next_page(page, per_page, len(items), envelope.per_page, total)
    if page == 0 and total is None and next_start is None:
        # Page 0 leaves total out when it is 0; a first page that is also the last one holds
        # the whole listing, so its size is the total.
        total = first_total[0] = len(items)
    return Page(items=items, total=total, next_start=next_start)


def _item_path(collection: str, item_id: str, what: str, tail: str = "") -> str:
    """``/api/v2/actions/{collection}/{id}{tail}``, the id through the one id encoder."""
    return f"{_API}/{collection}/{encode_path_id(item_id, what=what)}{tail}"


def _action_path(action_id: str, tail: str = "") -> str:
    return _item_path("actions", action_id, "action_id", tail)


def _bindings_path(trigger: TriggerInput) -> str:
    return _item_path("triggers", _trigger_id(trigger), "trigger", "/bindings")


def _module_path(module_id: str, tail: str = "") -> str:
    return _item_path("modules", module_id, "module_id", tail)


def _version(version_id: str) -> str:
    return f"/versions/{encode_path_id(version_id, what='version_id')}"


def _send(
    method: str, path: str, decode: Callable[[httpx.Response], T], name: str, **fields: Any
) -> Plan[T]:
    """One request as a plan; ``fields`` are the :class:`Operation`'s others (``json=``, …)."""
    return single(Operation(method=method, path=path, decode=decode, name=name, **fields))


def _map(operation: Operation[Any], convert: Callable[[Any], T]) -> Plan[T]:
    result = yield operation
    return convert(result)


def _optional_items(value: object, cls: type[T], field: str) -> tuple[T, ...] | Unset:
    return UNSET if value is UNSET else _items_of(value, cls, field)


def _optional(value: object, check: Callable[..., T], *args: Any, **kwargs: Any) -> T | Unset:
    # An option left out stays UNSET (not sent); a given one goes through its check.
    return UNSET if value is UNSET else check(value, *args, **kwargs)


def _content(request: CreateActionRequest | UpdateActionRequest) -> dict[str, Any]:
    """The body fields a create and an update share, read from the request's options."""
    option = request.option
    return {
        "code": _optional(option("code"), _require_code),
        "dependencies": _optional_items(option("dependencies"), Dependency, "dependencies"),
        "runtime": _optional(option("runtime"), _require_text, "runtime"),
        "secrets": _optional_items(option("secrets"), Secret, "secrets"),
        "modules": _optional_items(option("modules"), ModuleRef, "modules"),
    }


def _header_int(headers: httpx.Headers, name: str) -> int | None:
    # The one reading of numeric headers: inf, nan, 1e309 or text count as absent.
    number = header_number(headers.get(name))
    return None if number is None else int(number)
