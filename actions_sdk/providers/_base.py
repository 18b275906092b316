"""The provider contract: one pure translator per vendor.

A provider turns provider-neutral requests (built by the resources from the caller's arguments)
into :class:`~actions_sdk._operation.Plan` objects in its vendor's wire format. Every operation
defaults to raising :class:`~actions_sdk.errors.UnsupportedOperationError`, so a provider only
implements what its vendor has, and an unsupported call fails before anything is sent.

Providers never perform I/O; they are shared by the sync and the async clients.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

import attrs
import httpx

from actions_sdk._checks import check_action_id, excerpt, path_segment
from actions_sdk._types import UNSET, Unset
from actions_sdk.errors import (
    ApiError,
    BuildErrorDetail,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.providers._capabilities import Capabilities, Supported, Unsupported, option_key

if TYPE_CHECKING:
    from actions_sdk._operation import Operation, PageFetcher, Plan
    from actions_sdk.models.bindings import BindingRef, BindingUpdate

    # Only the Auth0-only namespaces (versions, executions, modules) stay typed with Auth0's
    # models: no other vendor has them. Every shared operation is typed neutrally.
    from actions_sdk.providers.auth0.models import (
        ActionVersion,
        Execution,
        Module,
        ModuleAction,
        ModuleVersion,
    )

    # Likewise the ZITADEL-v2-only public keys (client.actions.keys).
    from actions_sdk.providers.zitadel.models_v2 import PublicKey

__all__ = [
    "ActionT",
    "BindingFacts",
    "BindingInput",
    "BindingT",
    "CreateActionRequest",
    "ListActionsRequest",
    "Progress",
    "Provider",
    "TokenGrant",
    "TriggerInput",
    "TriggerT",
    "UpdateActionRequest",
    "action_item_ref",
    "binding_options",
    "binding_update",
    "content_differences",
    "encode_path_id",
    "given_options",
]

ActionT = TypeVar("ActionT")
TriggerT = TypeVar("TriggerT")
BindingT = TypeVar("BindingT")

TriggerInput = Any
"""What callers may pass as a trigger: a trigger model or its string form (provider-specific)."""

BindingInput = Any
"""One item of ``update_many``: a ``BindingUpdate``, a ``BindingRef`` or a wire-shaped dict."""


def encode_path_id(value: str, *, what: str = "id") -> str:
    """Percent-encode one caller-supplied id as exactly one path segment.

    A thin alias of :func:`actions_sdk._checks.path_segment` (the one id encoder), kept for the
    providers' existing call sites.

    Args:
        value: The id as the caller gave it.
        what: The argument's name, for the error message.

    Returns:
        The encoded segment (``a/../b`` → ``a%2F..%2Fb``).

    Raises:
        ValidationError: If ``value`` is not a usable id (empty, ``.``, ``..``, too long, …).
    """
    return path_segment(value, what)


def action_item_ref(item: object, field: str) -> BindingRef | None:
    """The binding reference for a list item that names an action by id or by model.

    The one rule for binding lists (``update_many``, as for ``add``/``replace``): a plain string
    is an action id, and an action model stands for its id.

    Args:
        item: One item of the list.
        field: Its name, e.g. ``"bindings[2]"``.

    Returns:
        ``BindingRef.by_action_id(...)`` for a string or a model; ``None`` for other items (a
        ``BindingRef``, ``BindingUpdate`` or dict, which the provider reads itself).

    Raises:
        ValidationError: A blank string or a model without an id.
    """
    from actions_sdk.models._common import ActionModel
    from actions_sdk.models.bindings import BindingRef

    if isinstance(item, str | ActionModel):
        action_id = check_action_id(item, field)
        try:
            return BindingRef.by_action_id(action_id)
        except ValidationError as exc:  # name the list item, not the constructor argument
            raise ValidationError(f"{field}: {exc}", field=field) from None
    return None


def binding_update(item: object, index: int) -> BindingUpdate:
    """Read one ``update_many`` item as a checked ``BindingUpdate``.

    The one binding normaliser of every provider: an action id or model (see
    :func:`action_item_ref`), a ``BindingRef``, a ``BindingUpdate`` or a wire-shaped dict
    ``{"ref": {"type", "value"}, "display_name", "secrets"}`` (``displayName`` is read as
    ``display_name``). The reference is checked again even inside a ``BindingUpdate``, since attrs
    objects can be forged. What a vendor lacks (binding ids, display names, secrets) is for the
    vendor to refuse.

    Args:
        item: One item of the list.
        index: Its position, for the field name ``bindings[index]``.

    Returns:
        The item as a ``BindingUpdate`` whose ``ref`` is a valid reference.

    Raises:
        ValidationError: Naming ``bindings[index]``, for an item of another kind or shape.
    """
    from actions_sdk.models.bindings import BindingRef, BindingRefType, BindingUpdate

    field = f"bindings[{index}]"
    item = action_item_ref(item, field) or item
    if isinstance(item, BindingRef):
        item = BindingUpdate(ref=item)
    if isinstance(item, BindingUpdate):
        ref = item.ref
        known = isinstance(ref.type, BindingRefType) and ref.type.is_known
        if not known or not isinstance(ref.value, str) or not ref.value:
            raise ValidationError(f"{field}.ref is not a valid binding reference", field=field)
        return item
    if isinstance(item, Mapping):
        raw = item.get("ref")
        if not isinstance(raw, Mapping):
            raise ValidationError(
                f"{field} must have a ref {{type: binding_id|action_id|action_name, value: str}}",
                field=field,
            )
        try:
            # The constructor checks both (a known type, a non-blank string).
            ref = BindingRef(raw.get("type"), raw.get("value"))  # type: ignore[arg-type]
        except ValidationError as exc:
            raise ValidationError(f"{field}.ref: {exc}", field=field) from None
        display_name = item.get("display_name", item.get("displayName"))
        if display_name is not None and not isinstance(display_name, str):
            raise ValidationError(f"{field}.display_name must be a string", field=field)
        return BindingUpdate(ref=ref, display_name=display_name, secrets=item.get("secrets"))
    raise ValidationError(
        f"{field} must be an action id, an action, a BindingRef, a BindingUpdate or a dict, "
        f"got {type(item).__name__}",
        field=field,
    )


def binding_options(display_name: object, secrets: object) -> list[str]:
    """Name the options a binding item gives, for :meth:`Provider.refuse_options`.

    Args:
        display_name: The item's display name, ``None`` when it has none.
        secrets: The item's secrets, ``None`` when it has none.

    Returns:
        ``"display_name"`` and/or ``"secrets"``, for those that are given.
    """
    given = (("display_name", display_name), ("secrets", secrets))
    return [name for name, value in given if value is not None]


Differs = Mapping[str, Callable[[Any, Any], bool]]
"""A vendor's comparers for :func:`content_differences`: option → ``differs(action, wanted)``."""


def content_differences(action: Any, request: CreateActionRequest, differs: Differs) -> list[str]:
    """The one comparison of a found action with a create request, as the vendors implement it.

    Args:
        action: The action found under the requested name (its ``name`` is compared).
        request: The create request.
        differs: For each option the vendor compares, whether the action differs from the
            wanted value (``UNSET`` when the option was left out: the comparer decides what a
            left-out option means, usually "not compared").

    Returns:
        ``"name"`` when the names differ, then every option that differs, in ``differs`` order.
    """
    found = ["name"] if action.name != request.name else []
    return found + [
        option for option, differ in differs.items() if differ(action, request.option(option))
    ]


@attrs.frozen(kw_only=True)
class TokenGrant:
    """An access token obtained from a token endpoint.

    Attributes:
        access_token: The bearer token (never shown in a repr).
        expires_in: Lifetime in seconds, when the server said.
    """

    access_token: str = attrs.field(repr=False)
    expires_in: float | None = None


@attrs.frozen(kw_only=True)
class ListActionsRequest:
    """Provider-neutral filters of ``actions.list``; ``UNSET`` means "not filtered"."""

    trigger_id: str | Unset = UNSET
    action_name: str | Unset = UNSET
    deployed: bool | Unset = UNSET
    installed: bool | Unset = UNSET
    per_page: int | Unset = UNSET
    state: str | Unset = UNSET
    ids: Sequence[str] | Unset = UNSET
    sort_by: str | Unset = UNSET

    def given(self) -> dict[str, object]:
        """Return the filters that were given, by name (for :meth:`Provider.refuse_options`)."""
        return given_options(**attrs.asdict(self, recurse=False))


def given_options(**values: object) -> dict[str, object]:
    """Keep the keywords a caller gave: every value that is not ``UNSET``, in keyword order.

    The namespaces fold their keyword arguments into a request's ``options`` with it, so a
    provider sees only what was asked for.

    Args:
        **values: The keywords, ``UNSET`` where left out.

    Returns:
        The given ones, by keyword name.
    """
    return {key: value for key, value in values.items() if value is not UNSET}


def _frozen_options(options: Mapping[str, object]) -> Mapping[str, object]:
    if not isinstance(options, Mapping):
        raise ValidationError(f"options must be a mapping, got {excerpt(options)}", field="options")
    # A read-only copy (a request is frozen; the caller's dict may change afterwards) of the
    # options given: an UNSET value means left out, as for the keywords.
    return MappingProxyType(given_options(**options))


def _option_names(options: Mapping[str, object]) -> str:
    # Names only: a value may be a secret (secrets=, a v2 signing key), and reprs reach logs.
    return "<options: " + ", ".join(options) + ">"


class _Options:
    """What the two action requests share: the caller's options, by keyword name."""

    __slots__ = ()
    options: Mapping[str, object]

    def option(self, key: str) -> Any:
        """Return the option ``key`` as given, or ``UNSET`` when it was left out.

        Args:
            key: The public keyword name, e.g. ``"timeout"``.
        """
        return self.options.get(key, UNSET)

    def replace(self, **changes: object) -> Self:
        """Return a copy with these options set; an ``UNSET`` value removes the option.

        Args:
            **changes: Options by keyword name.
        """
        # The field's converter (_frozen_options) drops the UNSET values.
        return attrs.evolve(self, options={**self.options, **changes})  # type: ignore[misc]


def _options_field() -> Any:
    return attrs.field(factory=dict, converter=_frozen_options, repr=_option_names)


@attrs.frozen
class CreateActionRequest(_Options):
    """Provider-neutral arguments of ``actions.create``: a name and the vendor's options.

    ``options`` holds every other keyword the caller gave (only given ones), keyed by its public
    name — ``code`` (``script`` is folded into it), ``supported_triggers``, ``runtime``,
    ``secrets``, ``timeout``, ``allowed_to_fail``, … The core names no option: each provider
    refuses, before anything is built, every option its capability table does not mark
    supported (:meth:`Provider.refuse_options`) and validates the rest itself. Values are
    ``object``: the provider reads its own models, strings or wire-shaped mappings. The repr shows
    option names only, never a value.

    Attributes:
        name: The action's unique name.
        options: The given options, by keyword name (read-only).
    """

    name: str
    options: Mapping[str, object] = _options_field()


@attrs.frozen
class UpdateActionRequest(_Options):
    """Provider-neutral partial update: only ``name`` (unless ``UNSET``) and the options change.

    Attributes:
        name: The new name, or ``UNSET`` to keep it.
        options: The other fields to change, by keyword name, as in
            :class:`CreateActionRequest` (read-only; never shown in a repr).
    """

    name: str | Unset = UNSET
    options: Mapping[str, object] = _options_field()


@attrs.frozen(kw_only=True)
class Progress:
    """Where an action's build or deployment stands, as the safe helpers read it.

    Attributes:
        status: The vendor's status text, reported by ``WaitTimeoutError.last_status``.
        done: Whether the wait is over (built; or the version is deployed).
        failed: Whether it can never finish (a failed build).
        errors: The build errors when ``failed``, as the vendor's models (often none: Auth0
            reports a failed build by its status alone); the core only passes them on to
            :class:`~actions_sdk.errors.ActionBuildError`.
        version: The number of the version the progress is about, or ``None`` for the draft.
    """

    status: str | None
    done: bool
    failed: bool = False
    errors: tuple[BuildErrorDetail, ...] = ()
    version: int | None = None


@attrs.frozen(kw_only=True)
class BindingFacts:
    """What the safe binding helpers need to know about one existing binding.

    Attributes:
        ref: How to keep this very binding in a list write (Auth0: its binding id, so nothing is
            re-created; ZITADEL: its action id).
        action_id: The bound action's id, when the server said.
        action_name: The bound action's name, when the server said.
        display_name: The binding's display name (Auth0), else ``None``.
    """

    ref: BindingRef
    action_id: str | None
    action_name: str | None
    display_name: str | None = None


class Provider(Generic[ActionT, TriggerT, BindingT]):
    """Base of every provider; each method describes one SDK operation as a plan.

    Type parameters are the provider's action, trigger and binding models, so that a client built
    for one vendor returns that vendor's models with exact static types.
    """

    name: ClassVar[str] = "provider"
    live_on_save: ClassVar[bool] = False
    """Actions run as soon as they are saved: nothing to build, wait for or deploy (ZITADEL)."""
    delete_cascades: ClassVar[bool] = False
    """Deleting an action removes it from every trigger server-side (ZITADEL)."""
    binding_display_names: ClassVar[bool] = False
    """Bindings carry their own display name and secrets (Auth0)."""
    capabilities: ClassVar[Capabilities] = {}
    """The vendor's capability table (:mod:`actions_sdk.providers._capabilities`)."""

    # -- transport hooks -------------------------------------------------------------------

    def parse_error(self, response: httpx.Response) -> ApiError:
        """Turn an error response into a typed :class:`~actions_sdk.errors.ApiError`.

        Args:
            response: A response with a 4xx/5xx status (body already read).

        Returns:
            The exception to raise (not raised here).
        """
        raise NotImplementedError

    def token_operation(self) -> Operation[TokenGrant] | None:
        """Describe the request that obtains a fresh access token.

        Returns:
            The token request, or ``None`` when the credentials are a static token.
        """
        return None

    def static_token(self) -> str | None:
        """Return the static bearer token (PAT / pasted token), if the client was given one."""
        return None

    def with_org(self, org_id: str | None) -> Provider[ActionT, TriggerT, BindingT]:
        """Return a copy acting on another organization (ZITADEL ``x-zitadel-orgid``).

        Args:
            org_id: The organization's id; ``None`` for the caller's own organization.

        Returns:
            The provider copy.
        """
        raise self.unsupported("with_options(org_id=...)")

    # -- helpers ---------------------------------------------------------------------------

    def unsupported(self, operation: str, hint: str | None = None) -> UnsupportedOperationError:
        """Build the error for an operation or option this vendor does not have.

        Args:
            operation: What was asked for (``"actions.deploy"``, ``"actions.create(timeout=...)"``).
            hint: What to do instead; by default the hint of the vendor's capability table.

        Returns:
            The exception to raise.
        """
        if hint is None:
            entry = self.capabilities.get(option_key(operation))
            if isinstance(entry, Unsupported):
                hint = entry.hint
        return UnsupportedOperationError(self.name, operation, hint)

    def refuse_options(self, operation: str, options: Iterable[str]) -> None:
        """Refuse every given option the capability table does not mark supported.

        The table lists what the vendor *supports* (``"actions.create(timeout=)":
        Supported(...)``); any other option is refused, with the hint of an ``Unsupported``
        entry when the table has one. So no vendor needs to know another vendor's options.
        Called by an operation before it builds anything, so nothing is sent.

        Args:
            operation: The operation, e.g. ``"actions.create"``.
            options: The names of the options given (a request's ``options`` mapping, or
                :meth:`ListActionsRequest.given`).

        Raises:
            UnsupportedOperationError: For the first such option, in the caller's order.
        """
        for option in options:
            if not isinstance(self.capabilities.get(f"{operation}({option}=)"), Supported):
                raise self.unsupported(f"{operation}({option}=...)")

    # -- actions ---------------------------------------------------------------------------

    def list_actions(self, request: ListActionsRequest) -> PageFetcher[ActionT]:
        """Describe ``actions.list``."""
        raise self.unsupported("actions.list")

    def get_action(self, action_id: str) -> Plan[ActionT]:
        """Describe ``actions.get``."""
        raise self.unsupported("actions.get")

    def create_action(self, request: CreateActionRequest) -> Plan[ActionT]:
        """Describe ``actions.create``."""
        raise self.unsupported("actions.create")

    def update_action(self, action_id: str, request: UpdateActionRequest) -> Plan[ActionT]:
        """Describe ``actions.update``."""
        raise self.unsupported("actions.update")

    def delete_action(self, action_id: str, *, force: bool) -> Plan[None]:
        """Describe ``actions.delete``."""
        raise self.unsupported("actions.delete")

    def deploy_action(self, action_id: str) -> Plan[ActionVersion]:
        """Describe ``actions.deploy``."""
        raise self.unsupported("actions.deploy")

    def test_action(self, action_id: str, payload: Mapping[str, Any]) -> Plan[dict[str, Any]]:
        """Describe ``actions.test``."""
        raise self.unsupported("actions.test")

    def deactivate_action(self, action_id: str) -> Plan[ActionT]:
        """Describe ``actions.deactivate``."""
        raise self.unsupported("actions.deactivate")

    def reactivate_action(self, action_id: str) -> Plan[ActionT]:
        """Describe ``actions.reactivate``."""
        raise self.unsupported("actions.reactivate")

    # -- versions --------------------------------------------------------------------------

    def list_versions(self, action_id: str, per_page: int | Unset) -> PageFetcher[ActionVersion]:
        """Describe ``actions.versions.list``."""
        raise self.unsupported("actions.versions.list")

    def get_version(self, action_id: str, version_id: str) -> Plan[ActionVersion]:
        """Describe ``actions.versions.get``."""
        raise self.unsupported("actions.versions.get")

    def deploy_version(
        self, action_id: str, version_id: str, update_draft: bool | None
    ) -> Plan[ActionVersion]:
        """Describe ``actions.versions.deploy`` (rollback)."""
        raise self.unsupported("actions.versions.deploy")

    # -- triggers and bindings -------------------------------------------------------------

    def list_triggers(self) -> Plan[list[TriggerT]]:
        """Describe ``actions.triggers.list``."""
        raise self.unsupported("actions.triggers.list")

    def list_bound_triggers(self) -> Plan[list[TriggerT]]:
        """Describe ``actions.triggers.bound``: every trigger that has at least one binding."""
        raise self.unsupported("actions.triggers.bound")

    def list_bindings(self, trigger: TriggerInput, per_page: int | Unset) -> PageFetcher[BindingT]:
        """Describe ``actions.triggers.bindings.list``."""
        raise self.unsupported("actions.triggers.bindings.list")

    def update_bindings(
        self, trigger: TriggerInput, bindings: Sequence[BindingInput]
    ) -> Plan[list[BindingT]]:
        """Describe ``actions.triggers.bindings.update_many``."""
        raise self.unsupported("actions.triggers.bindings.update_many")

    # -- hooks of the safe helpers (actions_sdk._recipes) -------------------------------------

    def build_progress(self, action: ActionT) -> Progress:
        """Read how far the action's draft build is.

        Args:
            action: The action as just fetched.

        Returns:
            The build's progress.
        """
        raise self.unsupported("actions.wait_until_built")

    def deployment_progress(self, action: ActionT, number: int) -> Progress:
        """Read whether version ``number`` (or a newer one) of the action is deployed.

        Args:
            action: The action as just fetched.
            number: The version number waited for.

        Returns:
            The deployment's progress.
        """
        raise self.unsupported("actions.deploy(wait=True)")

    def deployed_number(self, action: ActionT) -> int:
        """Return the number of the action's newest deployed (or deploying) version; 0 for none.

        Args:
            action: The action as just fetched.
        """
        raise self.unsupported("actions.deploy(wait=True)")

    def needs_deploy(self, action: ActionT) -> bool:
        """Whether the built draft differs from what is deployed, so a deploy would change code.

        Args:
            action: The action as just fetched.
        """
        raise self.unsupported("actions.deploy(wait=True)")

    def deploys_after_build(self, action: ActionT) -> bool:
        """Whether the server deploys the action by itself once built (``create(deploy=True)``).

        Args:
            action: The action as just fetched.
        """
        raise self.unsupported("actions.create(deploy=True, wait=True)")

    def find_action_by_name(self, name: str) -> Plan[ActionT | None]:
        """Describe an exact-name lookup (names are unique per tenant / organization).

        Args:
            name: The action name.

        Returns:
            A plan whose outcome is the action, or ``None`` when no action has this name.
        """
        raise self.unsupported("actions.list(action_name=...)")

    def content_differences(self, action: ActionT, request: CreateActionRequest) -> list[str]:
        """Compare an existing action with a create request, for the duplicate-free create.

        Args:
            action: The action found under the requested name.
            request: The create request.

        Returns:
            The names of the fields that differ; empty when the action is what was requested.
        """
        raise self.unsupported("actions.create")

    def binding_facts(self, binding: BindingT) -> BindingFacts:
        """Describe an existing binding for the order-preserving binding helpers.

        Args:
            binding: One binding as listed.

        Returns:
            Its reference, bound action and display name.
        """
        raise self.unsupported("actions.triggers.bindings.add")

    def new_binding(
        self, action_id: str, display_name: str | None, secrets: Sequence[object] | None
    ) -> BindingInput:
        """Build the list-write item that binds an action not bound yet.

        Args:
            action_id: The action's id.
            display_name: The binding's display name (only where bindings have one).
            secrets: Per-binding secrets (only where bindings have them).

        Returns:
            An item for :meth:`update_bindings`.
        """
        raise self.unsupported("actions.triggers.bindings.add")

    def bindable_triggers(self) -> Plan[list[TriggerInput]]:
        """Describe listing every trigger whose bindings the tenant manages (for unbinding).

        Returns:
            A plan whose outcome is those triggers.
        """
        raise self.unsupported("actions.delete(unbind=True)")

    # -- target keys (ZITADEL v2) ----------------------------------------------------------

    def list_public_keys(self, target_id: str, per_page: int | Unset) -> PageFetcher[PublicKey]:
        """Describe ``actions.keys.list``."""
        raise self.unsupported("actions.keys.list")

    def add_public_key(
        self, target_id: str, public_key: str | bytes, expiration: datetime | None
    ) -> Plan[PublicKey]:
        """Describe ``actions.keys.add``."""
        raise self.unsupported("actions.keys.add")

    def set_public_key_state(self, target_id: str, key_id: str, *, active: bool) -> Plan[None]:
        """Describe ``actions.keys.activate`` (``active=True``) / ``actions.keys.deactivate``."""
        raise self.unsupported("actions.keys.activate" if active else "actions.keys.deactivate")

    def remove_public_key(self, target_id: str, key_id: str) -> Plan[None]:
        """Describe ``actions.keys.remove``."""
        raise self.unsupported("actions.keys.remove")

    def rotate_signing_key(self, target_id: str) -> Plan[ActionT]:
        """Describe ``actions.keys.rotate_signing_key``."""
        raise self.unsupported("actions.keys.rotate_signing_key")

    # -- executions ------------------------------------------------------------------------

    def get_execution(self, execution_id: str) -> Plan[Execution]:
        """Describe ``actions.executions.get``."""
        raise self.unsupported("actions.executions.get")

    # -- modules (Auth0) ------------------------------------------------------------------

    def list_modules(self, per_page: int | Unset) -> PageFetcher[Module]:
        """Describe ``actions.modules.list``."""
        raise self.unsupported("actions.modules.list")

    def get_module(self, module_id: str) -> Plan[Module]:
        """Describe ``actions.modules.get``."""
        raise self.unsupported("actions.modules.get")

    def create_module(self, *args: Any, **fields: Any) -> Plan[Module]:
        """Describe ``actions.modules.create``; the vendor that has modules defines the fields."""
        raise self.unsupported("actions.modules.create")

    def update_module(self, *args: Any, **fields: Any) -> Plan[Module]:
        """Describe ``actions.modules.update``; the vendor that has modules defines the fields."""
        raise self.unsupported("actions.modules.update")

    def delete_module(self, module_id: str) -> Plan[None]:
        """Describe ``actions.modules.delete``."""
        raise self.unsupported("actions.modules.delete")

    def list_module_actions(
        self, module_id: str, per_page: int | Unset
    ) -> PageFetcher[ModuleAction]:
        """Describe ``actions.modules.list_actions``."""
        raise self.unsupported("actions.modules.list_actions")

    def rollback_module(self, module_id: str, module_version_id: str) -> Plan[Module]:
        """Describe ``actions.modules.rollback``."""
        raise self.unsupported("actions.modules.rollback")

    def list_module_versions(
        self, module_id: str, per_page: int | Unset
    ) -> PageFetcher[ModuleVersion]:
        """Describe ``actions.modules.versions.list``."""
        raise self.unsupported("actions.modules.versions.list")

    def create_module_version(self, module_id: str) -> Plan[ModuleVersion]:
        """Describe ``actions.modules.versions.create`` (publish the draft)."""
        raise self.unsupported("actions.modules.versions.create")

    def get_module_version(self, module_id: str, version_id: str) -> Plan[ModuleVersion]:
        """Describe ``actions.modules.versions.get``."""
        raise self.unsupported("actions.modules.versions.get")
