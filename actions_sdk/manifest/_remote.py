"""Read the remote state and normalise it to the manifest's terms (no phantom differences)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import attrs

from actions_sdk.manifest._load import API_AUTH0, API_ZITADEL_V1, API_ZITADEL_V2

__all__ = ["RemoteAction", "api_of", "bound_triggers", "read_actions", "read_bindings"]


@attrs.frozen(kw_only=True)
class RemoteAction:
    """A remote action in the manifest's terms; server-owned fields are dropped.

    Attributes:
        id: The server's id.
        name: The name.
        stamp: What apply compares to know the action did not change since the plan: Auth0
            ``updated_at``, ZITADEL v1 ``sequence`` and ``changeDate``, ZITADEL v2 the target's
            ``changeDate`` (the date of its last event; v2 has no sequence).
        code: The draft's source.
        trigger: Auth0: the supported trigger id.
        trigger_version: Auth0: its version.
        runtime: Auth0: the runtime.
        dependencies: Auth0: sorted ``(name, version)`` pairs.
        secrets: Auth0: the secret names, sorted (values are never returned).
        deployed: Auth0: the draft is the deployed version (always ``True`` on ZITADEL).
        timeout: ZITADEL: the run-time limit in seconds.
        allowed_to_fail: ZITADEL v1: the failure policy.
        endpoint: ZITADEL v2: the target's URL, as the server stores it.
        target_type: ZITADEL v2: ``webhook``, ``call`` or ``async``.
        interrupt_on_error: ZITADEL v2: a failure stops the execution.
        payload_type: ZITADEL v2: ``json``, ``jwt`` or ``jwe``. The signing key is never
            read into this object: a manifest, a plan or an export cannot hold it.
    """

    id: str
    name: str
    stamp: str
    code: str = attrs.field(default="", repr=False)
    trigger: str | None = None
    trigger_version: str | None = None
    runtime: str | None = None
    dependencies: tuple[tuple[str, str], ...] = ()
    secrets: tuple[str, ...] = ()
    deployed: bool = True
    timeout: float = 0.0
    allowed_to_fail: bool = False
    endpoint: str | None = None
    target_type: str | None = None
    interrupt_on_error: bool = False
    payload_type: str | None = None


_BY_PROVIDER = {"auth0": API_AUTH0, "zitadel": API_ZITADEL_V1, "zitadel-v2": API_ZITADEL_V2}


def api_of(client: Any) -> str:
    """Return the manifest ``api`` a client speaks.

    Args:
        client: A ``ManagementClient``.

    Returns:
        ``auth0``, ``zitadel-v1`` or ``zitadel-v2``.
    """
    return _BY_PROVIDER.get(client.provider, API_ZITADEL_V1)


def _seconds(value: timedelta | float | None) -> float:
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value or 0)


def _normalise(action: Any, api: str) -> RemoteAction | None:
    if api == API_AUTH0:
        if action.installed_integration_id or action.integration is not None:
            return None  # marketplace actions are not code a manifest can hold
        trigger = action.supported_triggers[0] if action.supported_triggers else None
        deployed = bool(action.all_changes_deployed) and action.deployed_version is not None
        return RemoteAction(
            id=action.id,
            name=action.name or "",
            stamp=action.updated_at.isoformat() if action.updated_at else "",
            code=action.code or "",
            trigger=None if trigger is None else str(trigger.id),
            trigger_version=None if trigger is None else trigger.version,
            runtime=action.runtime,
            dependencies=tuple(sorted((d.name, d.version) for d in action.dependencies)),
            secrets=tuple(sorted(s.name or "" for s in action.secrets)),
            deployed=deployed,
        )
    if api == API_ZITADEL_V2:
        return _target(action)
    details = action.details
    stamp = ""
    if details is not None:
        changed = details.change_date.isoformat() if details.change_date else ""
        stamp = f"{details.sequence}@{changed}"
    return RemoteAction(
        id=action.id,
        name=action.name,
        stamp=stamp,
        code=action.code,
        timeout=_seconds(action.timeout),
        allowed_to_fail=bool(action.allowed_to_fail),
    )


def _target(target: Any) -> RemoteAction:
    """A v2 target in the manifest's terms; its signing key is left behind on purpose."""
    # From the value, not ``.name``: a type the server added later is an OpenEnum pseudo-member
    # named by its whole value, so ``.name.lower()`` would show "payload_type_xml", not "xml".
    payload = str(target.payload_type.value).removeprefix("PAYLOAD_TYPE_").lower()
    return RemoteAction(
        id=target.id,
        name=target.name,
        # changeDate is the date of the target's last event: what v1's sequence is to v1.
        stamp=target.change_date.isoformat() if target.change_date else "",
        timeout=_seconds(target.timeout),
        endpoint=target.endpoint,
        target_type=str(target.target_type.value),
        interrupt_on_error=bool(target.interrupt_on_error),
        payload_type=payload,
    )


def read_actions(client: Any) -> dict[str, RemoteAction]:
    """Read every action, normalised, by name.

    Args:
        client: A ``ManagementClient``.

    Returns:
        The actions by name.
    """
    api = api_of(client)
    found: dict[str, RemoteAction] = {}
    for action in client.actions.list():
        remote = _normalise(action, api)
        if remote is not None:
            found[remote.name] = remote
    return found


def read_bindings(client: Any, triggers: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Read the ordered bound action names of some triggers.

    Args:
        client: A ``ManagementClient``.
        triggers: Trigger ids (Auth0), ``flow:trigger`` texts (ZITADEL v1) or conditions
            (ZITADEL v2).

    Returns:
        Per trigger, the action names in execution order.
    """
    found: dict[str, tuple[str, ...]] = {}
    for trigger in triggers:
        names = []
        for binding in client.actions.triggers.bindings.list(trigger):
            action = binding.action
            names.append("" if action is None else (action.name or action.id))
        found[trigger] = tuple(names)
    return found


def bound_triggers(client: Any) -> list[str]:
    """Return every trigger that can hold bindings, as the manifest names it.

    Args:
        client: A ``ManagementClient``.

    Returns:
        Trigger ids (Auth0), ``flow:trigger`` texts (ZITADEL v1) or, on ZITADEL v2, the
        conditions that have an execution (in their short form), sorted.
    """
    api = api_of(client)
    if api == API_ZITADEL_V2:
        # v2 cannot list every condition (events are open-ended) and holds many; one listing
        # of the executions names exactly the bound ones.
        return sorted(str(condition) for condition in client.actions.triggers.bound())
    names = set()
    for trigger in client.actions.triggers.list():
        names.add(str(trigger.id) if api == API_AUTH0 else str(trigger))
    return sorted(names)
