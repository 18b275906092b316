"""Reference decoders for the decode scenario: what the same JSON costs without an SDK.

* ``pydantic`` models: the plain, idiomatic pydantic v2 way (nested ``BaseModel`` classes, the same
  field types as the SDK's models: optional strings, datetimes, lists of nested objects), no
  custom validators.
* Dataclasses: hand-written ``from_dict`` functions that build nested ``@dataclass(slots=True)``
  objects and parse timestamps, with no type checks at all: the floor of "JSON into objects".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# ------------------------------------------------------------------------------------------------
# Auth0 Action, plain pydantic
# ------------------------------------------------------------------------------------------------


class PCompatibleTrigger(BaseModel):
    id: str | None = None
    version: str | None = None


class PActionTrigger(BaseModel):
    id: str | None = None
    version: str | None = None
    status: str | None = None
    runtimes: list[str] = []
    default_runtime: str | None = None
    compatible_triggers: list[PCompatibleTrigger] = []
    binding_policy: str | None = None


class PDependency(BaseModel):
    name: str
    version: str
    registry_url: str | None = None


class PSecretInfo(BaseModel):
    name: str | None = None
    updated_at: datetime | None = None


class PModuleRef(BaseModel):
    module_id: str | None = None
    module_name: str | None = None
    module_version_id: str | None = None
    module_version_number: int | None = None


class PActionError(BaseModel):
    id: str | None = None
    msg: str | None = None
    url: str | None = None


class PActionBase(BaseModel):
    id: str
    name: str | None = None
    supported_triggers: list[PActionTrigger] = []
    all_changes_deployed: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class PActionVersion(BaseModel):
    id: str
    action_id: str | None = None
    code: str | None = None
    runtime: str | None = None
    dependencies: list[PDependency] = []
    secrets: list[PSecretInfo] = []
    deployed: bool | None = None
    status: str | None = None
    number: int | None = None
    errors: list[PActionError] = []
    action: PActionBase | None = None
    built_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    supported_triggers: list[PActionTrigger] = []
    modules: list[PModuleRef] = []


class PSemver(BaseModel):
    major: int | None = None
    minor: int | None = None


class PParamOption(BaseModel):
    value: str | None = None
    label: str | None = None


class PRequiredParam(BaseModel):
    type: str | None = None
    name: str | None = None
    required: bool | None = None
    optional: bool | None = None
    label: str | None = None
    description: str | None = None
    default_value: str | None = None
    placeholder: str | None = None
    options: list[PParamOption] = []


class PRelease(BaseModel):
    id: str | None = None
    trigger: PActionTrigger | None = None
    semver: PSemver | None = None
    required_secrets: list[PRequiredParam] = []
    required_configuration: list[PRequiredParam] = []


class PIntegration(BaseModel):
    id: str | None = None
    catalog_id: str | None = None
    url_slug: str | None = None
    partner_id: str | None = None
    name: str | None = None
    description: str | None = None
    short_description: str | None = None
    logo: str | None = None
    feature_type: str | None = None
    terms_of_use_url: str | None = None
    privacy_policy_url: str | None = None
    public_support_link: str | None = None
    current_release: PRelease | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class PAction(BaseModel):
    id: str
    name: str | None = None
    supported_triggers: list[PActionTrigger] = []
    all_changes_deployed: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    built_at: datetime | None = None
    code: str | None = None
    dependencies: list[PDependency] = []
    runtime: str | None = None
    secrets: list[PSecretInfo] = []
    deployed_version: PActionVersion | None = None
    installed_integration_id: str | None = None
    integration: PIntegration | None = None
    status: str | None = None
    deploy: bool | None = None
    modules: list[PModuleRef] = []


class PActionPage(BaseModel):
    total: int | None = None
    page: int | None = None
    per_page: int | None = None
    actions: list[PAction] = []


# ------------------------------------------------------------------------------------------------
# Auth0 Action, dataclasses with hand-written from_dict (no validation)
# ------------------------------------------------------------------------------------------------


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(slots=True)
class DTrigger:
    id: str | None
    version: str | None
    status: str | None
    runtimes: list[str]
    default_runtime: str | None
    compatible_triggers: list[tuple[str | None, str | None]]
    binding_policy: str | None


def _trigger(d: dict[str, Any]) -> DTrigger:
    return DTrigger(
        d.get("id"),
        d.get("version"),
        d.get("status"),
        list(d.get("runtimes") or ()),
        d.get("default_runtime"),
        [(c.get("id"), c.get("version")) for c in d.get("compatible_triggers") or ()],
        d.get("binding_policy"),
    )


@dataclass(slots=True)
class DVersion:
    id: str
    action_id: str | None
    code: str | None
    runtime: str | None
    dependencies: list[dict[str, Any]]
    secrets: list[tuple[str | None, datetime | None]]
    deployed: bool | None
    status: str | None
    number: int | None
    errors: list[dict[str, Any]]
    action_name: str | None
    built_at: datetime | None
    created_at: datetime | None
    updated_at: datetime | None
    supported_triggers: list[DTrigger]
    modules: list[dict[str, Any]]


def _version(d: dict[str, Any]) -> DVersion:
    return DVersion(
        d["id"],
        d.get("action_id"),
        d.get("code"),
        d.get("runtime"),
        list(d.get("dependencies") or ()),
        [(s.get("name"), _dt(s.get("updated_at"))) for s in d.get("secrets") or ()],
        d.get("deployed"),
        d.get("status"),
        d.get("number"),
        list(d.get("errors") or ()),
        (d.get("action") or {}).get("name"),
        _dt(d.get("built_at")),
        _dt(d.get("created_at")),
        _dt(d.get("updated_at")),
        [_trigger(t) for t in d.get("supported_triggers") or ()],
        list(d.get("modules") or ()),
    )


@dataclass(slots=True)
class DAction:
    id: str
    name: str | None
    supported_triggers: list[DTrigger]
    all_changes_deployed: bool | None
    created_at: datetime | None
    updated_at: datetime | None
    built_at: datetime | None
    code: str | None
    dependencies: list[dict[str, Any]]
    runtime: str | None
    secrets: list[tuple[str | None, datetime | None]]
    deployed_version: DVersion | None
    installed_integration_id: str | None
    integration: dict[str, Any] | None
    status: str | None
    deploy: bool | None
    modules: list[dict[str, Any]]


def action_from_dict(d: dict[str, Any]) -> DAction:
    version = d.get("deployed_version")
    return DAction(
        d["id"],
        d.get("name"),
        [_trigger(t) for t in d.get("supported_triggers") or ()],
        d.get("all_changes_deployed"),
        _dt(d.get("created_at")),
        _dt(d.get("updated_at")),
        _dt(d.get("built_at")),
        d.get("code"),
        list(d.get("dependencies") or ()),
        d.get("runtime"),
        [(s.get("name"), _dt(s.get("updated_at"))) for s in d.get("secrets") or ()],
        _version(version) if version else None,
        d.get("installed_integration_id"),
        d.get("integration"),
        d.get("status"),
        d.get("deploy"),
        list(d.get("modules") or ()),
    )


def page_from_dict(d: dict[str, Any]) -> list[DAction]:
    return [action_from_dict(a) for a in d.get("actions") or ()]


# ------------------------------------------------------------------------------------------------
# ZITADEL v1 GetActionResponse, plain pydantic and dataclass
# ------------------------------------------------------------------------------------------------


class PZDetails(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    sequence: int | None = None
    creation_date: datetime | None = Field(default=None, alias="creationDate")
    change_date: datetime | None = Field(default=None, alias="changeDate")
    resource_owner: str | None = Field(default=None, alias="resourceOwner")


class PZAction(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    details: PZDetails | None = None
    state: str = "ACTION_STATE_UNSPECIFIED"
    name: str = ""
    script: str = ""
    timeout: str = "0s"
    allowed_to_fail: bool = Field(default=False, alias="allowedToFail")


class PZGetAction(BaseModel):
    action: PZAction
