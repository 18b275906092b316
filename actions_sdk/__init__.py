"""actions-sdk: one typed Python client for Auth0 Actions and ZITADEL Actions.

Public names are imported lazily on first use, so ``import actions_sdk`` costs almost nothing in
scripts and notebooks; type checkers see the real imports below.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from actions_sdk._version import __version__

if TYPE_CHECKING:
    from actions_sdk._budget import RequestBudget
    from actions_sdk._progress import ProgressCallback, ProgressEvent
    from actions_sdk._retry import RetryPolicy
    from actions_sdk._transport import RateLimitInfo
    from actions_sdk._types import UNSET, Unset
    from actions_sdk.client import AsyncManagementClient, ManagementClient
    from actions_sdk.errors import (
        ActionBuildError,
        ActionsSDKError,
        APIConnectionError,
        ApiError,
        APITimeoutError,
        BadRequestError,
        ClientClosedError,
        ConflictError,
        CreateOutcomeUnknownError,
        DecodeError,
        FailedPreconditionError,
        ForbiddenError,
        InsecureHTTPWarning,
        MissingDependencyError,
        NotFoundError,
        PreconditionFailedError,
        RateLimitError,
        ServerError,
        UnauthorizedError,
        UnsupportedOperationError,
        ValidationError,
        WaitTimeoutError,
    )
    from actions_sdk.models.bindings import BindingRef, BindingRefType, BindingUpdate
    from actions_sdk.pagination import AsyncPager, Page, SyncPager
    from actions_sdk.providers.auth0.models import (
        Action,
        ActionBinding,
        ActionTrigger,
        ActionVersion,
        BuildStatus,
        Dependency,
        Execution,
        Module,
        ModuleRef,
        ModuleVersion,
        Secret,
        TriggerId,
    )
    from actions_sdk.providers.zitadel.models import (
        ActionState,
        FlowType,
        TriggerType,
        ZitadelAction,
        ZitadelBinding,
        ZitadelTrigger,
    )
    from actions_sdk.providers.zitadel.models_v2 import (
        ConditionScope,
        ConditionType,
        ExecutionCondition,
        PayloadType,
        PublicKey,
        TargetType,
        ZitadelExecutionBinding,
        ZitadelTarget,
    )

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APITimeoutError",
    "Action",
    "ActionBinding",
    "ActionBuildError",
    "ActionState",
    "ActionTrigger",
    "ActionVersion",
    "ActionsSDKError",
    "ApiError",
    "AsyncManagementClient",
    "AsyncPager",
    "BadRequestError",
    "BindingRef",
    "BindingRefType",
    "BindingUpdate",
    "BuildStatus",
    "ClientClosedError",
    "ConditionScope",
    "ConditionType",
    "ConflictError",
    "CreateOutcomeUnknownError",
    "DecodeError",
    "Dependency",
    "Execution",
    "ExecutionCondition",
    "FailedPreconditionError",
    "FlowType",
    "ForbiddenError",
    "InsecureHTTPWarning",
    "ManagementClient",
    "MissingDependencyError",
    "Module",
    "ModuleRef",
    "ModuleVersion",
    "NotFoundError",
    "Page",
    "PayloadType",
    "PreconditionFailedError",
    "ProgressCallback",
    "ProgressEvent",
    "PublicKey",
    "RateLimitError",
    "RateLimitInfo",
    "RequestBudget",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "SyncPager",
    "TargetType",
    "TriggerId",
    "TriggerType",
    "UnauthorizedError",
    "Unset",
    "UnsupportedOperationError",
    "ValidationError",
    "WaitTimeoutError",
    "ZitadelAction",
    "ZitadelBinding",
    "ZitadelExecutionBinding",
    "ZitadelTarget",
    "ZitadelTrigger",
    "__version__",
]

_ERRORS = (
    "APIConnectionError APITimeoutError ActionBuildError ActionsSDKError ApiError "
    "BadRequestError ClientClosedError ConflictError CreateOutcomeUnknownError DecodeError "
    "FailedPreconditionError ForbiddenError InsecureHTTPWarning MissingDependencyError "
    "NotFoundError PreconditionFailedError RateLimitError ServerError UnauthorizedError "
    "UnsupportedOperationError ValidationError WaitTimeoutError"
)
_AUTH0 = (
    "Action ActionBinding ActionTrigger ActionVersion BuildStatus Dependency Execution Module "
    "ModuleRef ModuleVersion Secret TriggerId"
)
_ZITADEL = "ActionState FlowType TriggerType ZitadelAction ZitadelBinding ZitadelTrigger"
_ZITADEL_V2 = (
    "ConditionScope ConditionType ExecutionCondition PayloadType PublicKey TargetType "
    "ZitadelExecutionBinding ZitadelTarget"
)

_LOCATIONS: dict[str, str] = {
    "AsyncManagementClient": "actions_sdk.client",
    "ManagementClient": "actions_sdk.client",
    "RequestBudget": "actions_sdk._budget",
    "ProgressCallback": "actions_sdk._progress",
    "ProgressEvent": "actions_sdk._progress",
    "RetryPolicy": "actions_sdk._retry",
    "RateLimitInfo": "actions_sdk._transport",
    "UNSET": "actions_sdk._types",
    "Unset": "actions_sdk._types",
    "BindingRef": "actions_sdk.models.bindings",
    "BindingRefType": "actions_sdk.models.bindings",
    "BindingUpdate": "actions_sdk.models.bindings",
    "AsyncPager": "actions_sdk.pagination",
    "Page": "actions_sdk.pagination",
    "SyncPager": "actions_sdk.pagination",
    **dict.fromkeys(_ERRORS.split(), "actions_sdk.errors"),
    **dict.fromkeys(_AUTH0.split(), "actions_sdk.providers.auth0.models"),
    **dict.fromkeys(_ZITADEL.split(), "actions_sdk.providers.zitadel.models"),
    **dict.fromkeys(_ZITADEL_V2.split(), "actions_sdk.providers.zitadel.models_v2"),
}


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module 'actions_sdk' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
