"""Auth0 Actions models (Management API v2, ``/api/v2/actions/...``).

Response models follow the vendor's rule that any response field may be absent: apart from the ids
that the SDK needs to address a resource, every field defaults to ``None`` (or ``()`` for lists).
Unknown keys are ignored and unknown enum values are kept (see :class:`OpenEnum`).

The ``*Body`` classes at the end are request bodies built by the Auth0 provider; their fields
default to :data:`~actions_sdk._types.UNSET` so that only what the caller gave is sent. Field names
are the Python names; wire names live in the provider's converter only.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from actions_sdk._display import Model, use_short_reprs
from actions_sdk._types import UNSET, Unset
from actions_sdk.models._common import ActionModel, OpenEnum

__all__ = [
    "Action",
    "ActionBase",
    "ActionBinding",
    "ActionCreateBody",
    "ActionError",
    "ActionPatchBody",
    "ActionTrigger",
    "ActionVersion",
    "BindingPolicy",
    "BindingRefBody",
    "BindingUpdateBody",
    "BuildStatus",
    "CompatibleTrigger",
    "CurrentVersion",
    "CurrentVersionStatus",
    "Dependency",
    "Execution",
    "ExecutionResult",
    "ExecutionStatus",
    "Integration",
    "IntegrationFeatureType",
    "IntegrationParamOption",
    "IntegrationRelease",
    "IntegrationRequiredParam",
    "Module",
    "ModuleAction",
    "ModuleCreateBody",
    "ModulePatchBody",
    "ModuleRef",
    "ModuleRollbackBody",
    "ModuleVersion",
    "RequiredParamType",
    "Secret",
    "SecretInfo",
    "Semver",
    "SupportedTriggerBody",
    "TriggerId",
]


# -- enums ---------------------------------------------------------------------------------------


class TriggerId(OpenEnum):
    """An Auth0 trigger (extensibility point); Auth0 adds triggers release by release.

    The declared members are the SDK's one table of known trigger ids: an id one typo away from
    one of them is refused with a "did you mean" hint, any other unknown id is sent as it is.
    ``login-post-identifier``, ``signup-post-identifier`` and ``post-credential-validation`` are
    limited releases enabled per tenant; ``mcp-tool`` and ``custom-token-exchange`` are
    entity-bound.
    """

    POST_LOGIN = "post-login"
    CREDENTIALS_EXCHANGE = "credentials-exchange"
    PRE_USER_REGISTRATION = "pre-user-registration"
    POST_USER_REGISTRATION = "post-user-registration"
    POST_CHANGE_PASSWORD = "post-change-password"  # noqa: S105 - a trigger id, not a secret
    SEND_PHONE_MESSAGE = "send-phone-message"
    CUSTOM_PHONE_PROVIDER = "custom-phone-provider"
    CUSTOM_EMAIL_PROVIDER = "custom-email-provider"
    PASSWORD_RESET_POST_CHALLENGE = "password-reset-post-challenge"  # noqa: S105 - a trigger id, not a secret
    CUSTOM_TOKEN_EXCHANGE = "custom-token-exchange"  # noqa: S105 - a trigger id, not a secret
    EVENT_STREAM = "event-stream"
    PASSWORD_HASH_MIGRATION = "password-hash-migration"  # noqa: S105 - a trigger id, not a secret
    LOGIN_POST_IDENTIFIER = "login-post-identifier"
    SIGNUP_POST_IDENTIFIER = "signup-post-identifier"
    POST_CREDENTIAL_VALIDATION = "post-credential-validation"
    MCP_TOOL = "mcp-tool"


class BuildStatus(OpenEnum):
    """Build status of an action or action version (``pending → building → packaged → built``)."""

    PENDING = "pending"
    BUILDING = "building"
    PACKAGED = "packaged"
    BUILT = "built"
    RETRYING = "retrying"
    FAILED = "failed"


class CurrentVersionStatus(OpenEnum):
    """Build status of an action's ``current_version``; Auth0 spells it in upper case there."""

    PENDING = "PENDING"
    BUILDING = "BUILDING"
    PACKAGED = "PACKAGED"
    BUILT = "BUILT"
    RETRYING = "RETRYING"
    FAILED = "FAILED"


class BindingPolicy(OpenEnum):
    """Who manages a trigger's bindings."""

    TRIGGER_BOUND = "trigger-bound"
    """The tenant manages the bindings."""
    ENTITY_BOUND = "entity-bound"
    """Bindings are attached through another entity (e.g. a token-exchange profile), not through
    ``PATCH …/bindings``; listing them answers an empty list."""


class ExecutionStatus(OpenEnum):
    """Outcome of one execution of a trigger's actions."""

    UNSPECIFIED = "unspecified"
    PENDING = "pending"
    FINAL = "final"
    PARTIAL = "partial"
    CANCELED = "canceled"
    SUSPENDED = "suspended"


class IntegrationFeatureType(OpenEnum):
    """Kind of marketplace integration."""

    UNSPECIFIED = "unspecified"
    ACTION = "action"
    SOCIAL_CONNECTION = "social_connection"
    LOG_STREAM = "log_stream"
    SSO_INTEGRATION = "sso_integration"
    SMS_PROVIDER = "sms_provider"


class RequiredParamType(OpenEnum):
    """Type of a marketplace integration's required secret or setting."""

    UNSPECIFIED = "UNSPECIFIED"
    STRING = "STRING"


# -- triggers and small types --------------------------------------------------------------------


def _to_trigger_id(value: str | None) -> TriggerId | None:
    # Lets callers write ActionTrigger(id="post-login") and still get a TriggerId back. Decoding
    # passes TriggerId members already; returning them as they are keeps that path cheap.
    if value is None or type(value) is TriggerId:
        return value
    return TriggerId(value)


@attrs.frozen(kw_only=True)
class CompatibleTrigger(Model):
    """A trigger that shares the event and API of another one.

    Attributes:
        id: The trigger id (absent in some vendor examples, hence optional).
        version: The trigger version, e.g. ``v3``.
    """

    id: TriggerId | None = attrs.field(default=None, converter=_to_trigger_id)
    version: str | None = None


@attrs.frozen(kw_only=True)
class ActionTrigger(Model):
    """A trigger, as listed by ``GET /actions/triggers`` or named in ``supported_triggers``.

    Only ``GET /actions/triggers`` fills every field; inside an action or version each
    ``supported_triggers`` item carries just ``id`` and ``version`` (the rest stay empty), and an
    old tenant's catalogue may have no ``binding_policy`` at all.

    Also accepted as input wherever a trigger is named: ``ActionTrigger(id="post-login",
    version="v3")``; only ``id`` and ``version`` are sent then.

    Attributes:
        id: The trigger id. Required in requests; optional in responses only because the vendor's
            own create example leaves it out.
        version: The trigger version (``v1``, ``v2``, ``v3``, ...).
        status: The trigger's status.
        runtimes: Node runtimes this trigger supports.
        default_runtime: The runtime used when an action is created without one.
        compatible_triggers: Triggers that share this one's event and API.
        binding_policy: Whether the tenant or Auth0 manages the bindings.
    """

    id: TriggerId | None = attrs.field(default=None, converter=_to_trigger_id)
    version: str | None = None
    status: str | None = None
    runtimes: tuple[str, ...] = ()
    default_runtime: str | None = None
    compatible_triggers: tuple[CompatibleTrigger, ...] = ()
    binding_policy: BindingPolicy | None = None


@attrs.frozen(kw_only=True)
class Dependency(Model):
    """An npm package an action or module depends on.

    Attributes:
        name: The npm package name.
        version: The package version.
        registry_url: A private registry to install from, if any. Auth0 reports it while the
            draft is building and leaves it out once built.
    """

    name: str
    version: str
    registry_url: str | None = None


@attrs.frozen(kw_only=True)
class Secret(Model):
    """A secret to store on an action, binding or module (request only; Auth0 never returns values).

    Attributes:
        name: The secret's name.
        value: The secret's value; never shown in a repr.
    """

    name: str
    value: str = attrs.field(repr=False)


@attrs.frozen(kw_only=True)
class SecretInfo(Model):
    """A stored secret as Auth0 reports it: its name, never its value.

    Attributes:
        name: The secret's name.
        updated_at: When the secret was last set.
    """

    name: str | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ModuleRef(Model):
    """A pinned action module version used by an action (also accepted as input).

    Attributes:
        module_id: The module's id.
        module_name: The module's name.
        module_version_id: The pinned module version's id.
        module_version_number: The pinned module version's number.
    """

    module_id: str | None = None
    module_name: str | None = None
    module_version_id: str | None = None
    module_version_number: int | None = None


@attrs.frozen(kw_only=True)
class ActionError(Model):
    """A build or execution error.

    Attributes:
        id: The error's id.
        msg: The error message.
        url: A link with more information.
    """

    id: str | None = None
    msg: str | None = None
    url: str | None = None


# -- marketplace integrations --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Semver(Model):
    """A major/minor release number.

    Attributes:
        major: The major version.
        minor: The minor version.
    """

    major: int | None = None
    minor: int | None = None


@attrs.frozen(kw_only=True)
class IntegrationParamOption(Model):
    """One allowed value of an integration parameter.

    Attributes:
        value: The value.
        label: Its display label.
    """

    value: str | None = None
    label: str | None = None


@attrs.frozen(kw_only=True)
class IntegrationRequiredParam(Model):
    """A secret or setting that a marketplace integration asks for at install time.

    Attributes:
        type: The parameter type.
        name: The parameter name.
        required: Whether it must be given.
        optional: Whether it may be left out.
        label: Its display label.
        description: Its description.
        default_value: The value used when none is given.
        placeholder: The input placeholder.
        options: The allowed values, when restricted.
    """

    type: RequiredParamType | None = None
    name: str | None = None
    required: bool | None = None
    optional: bool | None = None
    label: str | None = None
    description: str | None = None
    default_value: str | None = None
    placeholder: str | None = None
    options: tuple[IntegrationParamOption, ...] = ()


@attrs.frozen(kw_only=True)
class IntegrationRelease(Model):
    """One release of a marketplace integration.

    Attributes:
        id: The release id.
        trigger: The trigger the release targets.
        semver: The release number.
        required_secrets: Secrets to provide at install time.
        required_configuration: Settings to provide at install time.
    """

    id: str | None = None
    trigger: ActionTrigger | None = None
    semver: Semver | None = None
    required_secrets: tuple[IntegrationRequiredParam, ...] = ()
    required_configuration: tuple[IntegrationRequiredParam, ...] = ()


@attrs.frozen(kw_only=True)
class Integration(Model):
    """A partner-published marketplace integration behind an installed action.

    Attributes:
        id: The integration id.
        catalog_id: The catalog id.
        url_slug: The marketplace URL slug.
        partner_id: The publishing partner's id.
        name: The display name.
        description: The long description.
        short_description: The short description.
        logo: The logo URL.
        feature_type: What kind of integration this is.
        terms_of_use_url: The terms of use.
        privacy_policy_url: The privacy policy.
        public_support_link: Where to get support.
        current_release: The current release.
        created_at: When the integration was created.
        updated_at: When the integration was last updated.
    """

    id: str | None = None
    catalog_id: str | None = None
    url_slug: str | None = None
    partner_id: str | None = None
    name: str | None = None
    description: str | None = None
    short_description: str | None = None
    logo: str | None = None
    feature_type: IntegrationFeatureType | None = None
    terms_of_use_url: str | None = None
    privacy_policy_url: str | None = None
    public_support_link: str | None = None
    current_release: IntegrationRelease | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


# -- actions and versions ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ActionBase(Model):
    """The short form of an action embedded in an :class:`ActionVersion`.

    Attributes:
        id: The action id.
        name: The action name.
        supported_triggers: The trigger(s) the action targets (one today).
        all_changes_deployed: Whether the draft matches the deployed version.
        created_at: When the action was created.
        updated_at: When the action was last updated.
    """

    id: str
    name: str | None = None
    supported_triggers: tuple[ActionTrigger, ...] = ()
    all_changes_deployed: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class CurrentVersion(Model):
    """The ``current_version`` object Auth0 puts on actions (not in the published schema).

    Seen on real tenants in get, list, create and update answers and in the actions embedded in
    bindings. It describes the version the draft was last built as.

    Attributes:
        id: The version id.
        code: Its Node.js source.
        runtime: Its Node runtime, e.g. ``node22``.
        status: Its build status, in upper case (``BUILT``).
        number: Its number.
        build_time: When it was built.
        created_at: When it was created.
        updated_at: When it was last updated.
    """

    id: str | None = None
    code: str | None = None
    runtime: str | None = None
    status: CurrentVersionStatus | None = None
    number: int | None = None
    build_time: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ActionVersion(Model):
    """An immutable, numbered snapshot of an action, created by deploy or rollback.

    Attributes:
        id: The version id.
        action_id: The action's id (Auth0 leaves it out of deploy answers and most versions).
        code: The Node.js source.
        runtime: The Node runtime, e.g. ``node22``.
        dependencies: npm dependencies.
        secrets: Secret names (values are never returned).
        deployed: Whether this is the currently deployed version; ``False`` in the answer of a
            deploy or rollback (it goes live shortly after).
        status: Build status; ``built`` in the answer of a deploy or rollback.
        number: The version number (1, 2, ...).
        errors: Build errors.
        action: The action this version belongs to.
        built_at: When the version was built.
        created_at: When the version was created.
        updated_at: When Auth0 last updated the version (only while building).
        supported_triggers: The trigger(s) the version targets.
        modules: Pinned action modules.
    """

    id: str
    action_id: str | None = None
    code: str | None = None
    runtime: str | None = None
    dependencies: tuple[Dependency, ...] = ()
    secrets: tuple[SecretInfo, ...] = ()
    deployed: bool | None = None
    status: BuildStatus | None = None
    number: int | None = None
    errors: tuple[ActionError, ...] = ()
    action: ActionBase | None = None
    built_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    supported_triggers: tuple[ActionTrigger, ...] = ()
    modules: tuple[ModuleRef, ...] = ()


@attrs.frozen(kw_only=True)
class Action(ActionBase, ActionModel):
    """An Auth0 action: its draft plus a summary of the deployed version.

    Its first six attributes are :class:`ActionBase`'s (the short form a version embeds), declared
    there once; the rest follow them in the order below.

    Attributes:
        id: The action id.
        name: The action name (unique per tenant).
        supported_triggers: The trigger(s) the action targets (one today).
        all_changes_deployed: ``False`` when the draft differs from the deployed version.
        created_at: When the action was created.
        updated_at: When the action was last updated.
        built_at: When the draft was last built successfully.
        code: The Node.js source of the draft.
        dependencies: npm dependencies.
        runtime: The Node runtime, e.g. ``node22``.
        secrets: Secret names (values are never returned).
        deployed_version: The currently deployed version, if any.
        installed_integration_id: Marketplace actions only: the installed integration.
        integration: Marketplace actions only: the integration.
        status: The draft's build status.
        deploy: Listed in the published schema as an echo of the create request's ``deploy``
            flag, but real tenants never send it: normally ``None``; never decide from it.
        modules: Pinned action modules.
        errors: Build errors of a ``failed`` draft, when a server includes them. Real tenants
            send none (a failed draft has no ``errors`` array), so this is usually empty.
        current_version: The version the draft was last built as (undocumented; see
            :class:`CurrentVersion`). In a binding's embedded action it is the only build detail:
            bindings leave out ``code``, ``runtime``, ``status``, ``secrets`` and ``dependencies``.
    """

    built_at: datetime | None = None
    code: str | None = None
    dependencies: tuple[Dependency, ...] = ()
    runtime: str | None = None
    secrets: tuple[SecretInfo, ...] = ()
    deployed_version: ActionVersion | None = None
    installed_integration_id: str | None = None
    integration: Integration | None = None
    status: BuildStatus | None = None
    deploy: bool | None = None
    modules: tuple[ModuleRef, ...] = ()
    errors: tuple[ActionError, ...] = ()
    current_version: CurrentVersion | None = None


# -- bindings and executions ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ActionBinding(Model):
    """An action bound to a trigger; a trigger's bindings run in list order.

    Attributes:
        id: The binding id.
        trigger_id: The trigger.
        display_name: The binding's display name; ``None`` when it has none (Auth0 then leaves
            the key out).
        action: The bound action, abbreviated: no ``code``, ``runtime``, ``status``,
            ``secrets`` or ``dependencies``, but with ``current_version``.
        created_at: When the binding was created.
        updated_at: When the binding was last updated.
    """

    id: str
    trigger_id: TriggerId | None = None
    display_name: str | None = None
    action: Action | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ExecutionResult(Model):
    """The result of one action within an execution.

    Attributes:
        action_name: The action's name.
        error: The error it raised, if any.
        started_at: When it started.
        ended_at: When it ended.
    """

    action_name: str | None = None
    error: ActionError | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Execution(Model):
    """One run of a trigger's actions; stored for 10 days, ids appear in tenant logs.

    Attributes:
        id: The execution id.
        trigger_id: The trigger that ran.
        status: The overall outcome.
        results: Per-action results, in execution order.
        created_at: When the execution started.
        updated_at: When it was last updated.
    """

    id: str
    trigger_id: TriggerId | None = None
    status: ExecutionStatus | None = None
    results: tuple[ExecutionResult, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None


# -- modules ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ModuleVersion(Model):
    """A published, immutable version of an action module.

    Attributes:
        id: The version id.
        module_id: The module's id.
        version_number: The version number.
        code: The module source.
        secrets: Secret names.
        dependencies: npm dependencies.
        created_at: When the version was published.
    """

    id: str
    module_id: str | None = None
    version_number: int | None = None
    code: str | None = None
    secrets: tuple[SecretInfo, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Module(Model):
    """An action module: shared code that actions pin by version.

    Attributes:
        id: The module id.
        name: The module name.
        code: The draft source.
        dependencies: npm dependencies.
        secrets: Secret names.
        actions_using_module_total: How many actions use the module.
        all_changes_published: Whether the draft matches the latest version.
        latest_version_number: The latest published version number.
        created_at: When the module was created.
        updated_at: When it was last updated.
        latest_version: The latest published version (single-module responses only).
    """

    id: str
    name: str | None = None
    code: str | None = None
    dependencies: tuple[Dependency, ...] = ()
    secrets: tuple[SecretInfo, ...] = ()
    actions_using_module_total: int | None = None
    all_changes_published: bool | None = None
    latest_version_number: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    latest_version: ModuleVersion | None = None


@attrs.frozen(kw_only=True)
class ModuleAction(Model):
    """An action that uses a module.

    Attributes:
        action_id: The action's id.
        action_name: The action's name.
        module_version_id: The module version it pins.
        module_version_number: That version's number.
        supported_triggers: The action's trigger(s).
    """

    action_id: str | None = None
    action_name: str | None = None
    module_version_id: str | None = None
    module_version_number: int | None = None
    supported_triggers: tuple[ActionTrigger, ...] = ()


# -- request bodies (built by the provider) ------------------------------------------------------


@attrs.frozen(kw_only=True)
class SupportedTriggerBody(Model):
    """One ``supported_triggers`` item of a create or update request.

    Attributes:
        id: The trigger id.
        version: The trigger version; left out when ``None``.
    """

    id: str
    version: str | None = None


@attrs.frozen(kw_only=True)
class ActionCreateBody(Model):
    """Body of ``POST /actions/actions``; ``UNSET`` fields are not sent.

    Attributes:
        name: The action name.
        supported_triggers: Exactly one trigger today.
        code: The Node.js source.
        dependencies: npm dependencies.
        runtime: The Node runtime (server default ``node22``).
        secrets: Secrets with values.
        modules: Pinned action modules.
        deploy: Deploy right after creation.
    """

    name: str
    supported_triggers: tuple[SupportedTriggerBody, ...]
    code: str | Unset = UNSET
    dependencies: tuple[Dependency, ...] | Unset = UNSET
    runtime: str | Unset = UNSET
    secrets: tuple[Secret, ...] | Unset = attrs.field(default=UNSET, repr=False)
    modules: tuple[ModuleRef, ...] | Unset = UNSET
    deploy: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class ActionPatchBody(Model):
    """Body of ``PATCH /actions/actions/{id}``: only fields that are not ``UNSET`` are sent.

    Attributes:
        name: The new name.
        supported_triggers: The new trigger.
        code: The new source.
        dependencies: The new dependency list (replaces the old one).
        runtime: The new runtime.
        secrets: The new secret set (replaces the whole set).
        modules: The new module pins.
    """

    name: str | Unset = UNSET
    supported_triggers: tuple[SupportedTriggerBody, ...] | Unset = UNSET
    code: str | Unset = UNSET
    dependencies: tuple[Dependency, ...] | Unset = UNSET
    runtime: str | Unset = UNSET
    secrets: tuple[Secret, ...] | Unset = attrs.field(default=UNSET, repr=False)
    modules: tuple[ModuleRef, ...] | Unset = UNSET


@attrs.frozen(kw_only=True)
class BindingRefBody(Model):
    """The ``ref`` of a binding update item.

    Attributes:
        type: ``binding_id``, ``action_id`` or ``action_name``.
        value: The id or name.
    """

    type: str
    value: str


@attrs.frozen(kw_only=True)
class BindingUpdateBody(Model):
    """One item of ``PATCH /actions/triggers/{triggerId}/bindings``.

    Attributes:
        ref: What to bind.
        display_name: The binding's display name.
        secrets: Per-binding secrets.
    """

    ref: BindingRefBody
    display_name: str | Unset = UNSET
    secrets: tuple[Secret, ...] | Unset = attrs.field(default=UNSET, repr=False)


@attrs.frozen(kw_only=True)
class ModuleCreateBody(Model):
    """Body of ``POST /actions/modules``; ``UNSET`` fields are not sent.

    Attributes:
        name: The module name (at most 255 characters).
        code: The module source (at most 65,536 characters).
        secrets: Secrets with values.
        dependencies: npm dependencies.
        api_version: The module API version.
        publish: Publish the first version right away.
    """

    name: str
    code: str
    secrets: tuple[Secret, ...] | Unset = attrs.field(default=UNSET, repr=False)
    dependencies: tuple[Dependency, ...] | Unset = UNSET
    api_version: str | Unset = UNSET
    publish: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class ModulePatchBody(Model):
    """Body of ``PATCH /actions/modules/{id}``; ``secrets`` replaces the whole set.

    Attributes:
        code: The new draft source.
        secrets: The new secret set.
        dependencies: The new dependency list.
    """

    code: str | Unset = UNSET
    secrets: tuple[Secret, ...] | Unset = attrs.field(default=UNSET, repr=False)
    dependencies: tuple[Dependency, ...] | Unset = UNSET


@attrs.frozen(kw_only=True)
class ModuleRollbackBody(Model):
    """Body of ``POST /actions/modules/{id}/rollback``.

    Attributes:
        module_version_id: The version whose contents replace the draft.
    """

    module_version_id: str


# Short reprs instead of attrs' full dumps (see actions_sdk._display).
use_short_reprs(globals())
