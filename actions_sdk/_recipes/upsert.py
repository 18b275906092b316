"""The plan of ``actions.upsert``: create or update an action by name, then optionally deploy.

The resource method is a thin call to :func:`upsert_action`. The decision is the same diff the
duplicate-free create uses (``Provider.content_differences``), so a re-run after a failed build
finds the action, sees what differs, and updates or deploys it instead of answering 409.
"""

from __future__ import annotations

from typing import Any, TypeVar

from actions_sdk._checks import check_bool
from actions_sdk._operation import Plan
from actions_sdk._recipes._loop import _identity, _persistently
from actions_sdk._recipes.create import create_action
from actions_sdk._recipes.waits import deploy_and_wait
from actions_sdk._retry import RetryPolicy
from actions_sdk._types import UNSET
from actions_sdk.errors import ValidationError
from actions_sdk.providers._base import CreateActionRequest, Provider, UpdateActionRequest

__all__ = ["upsert_action"]

A = TypeVar("A")


def upsert_action(
    provider: Provider[A, Any, Any],
    request: CreateActionRequest,
    *,
    deploy: bool,
    timeout: float,
    poll: float,
    policy: RetryPolicy,
) -> Plan[A]:
    """Plan ``actions.upsert``.

    Args:
        provider: The vendor's provider.
        request: The wanted action; options left out are not compared and not changed.
        deploy: Wait for the build, deploy when the draft is not the deployed code, and wait
            until the deployment is live (Auth0; ZITADEL actions are live once saved).
        timeout: Seconds the waits may last.
        poll: Seconds before the first re-poll.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the action as it is afterwards.
    """
    check_bool(deploy, "deploy")
    try:
        provider.create_action(request)  # validation and unsupported options: before sending
    except ValidationError as exc:
        # The trigger is needed only to create; an update by name may leave it out (it is
        # checked again if the action turns out to be new).
        if not (exc.field == "supported_triggers" and "supported_triggers" not in request.options):
            raise

    def plan() -> Plan[Any]:
        found = yield from _persistently(lambda: provider.find_action_by_name(request.name), policy)
        if found is None:
            create = request.replace(deploy=True if deploy else UNSET)
            return (
                yield from create_action(
                    provider, create, wait=deploy, timeout=timeout, poll=poll, policy=policy
                )
            )
        action_id, _ = _identity(found)
        action = found
        compared = request
        triggers = getattr(found, "supported_triggers", None)
        if "supported_triggers" not in request.options and triggers:
            # Not given: compare as if the action's own trigger had been asked for.
            compared = request.replace(supported_triggers=list(triggers))
        differences = provider.content_differences(found, compared)
        # A secret's value cannot be compared (write-only): given secrets are written whenever
        # something is written, and their names are part of the comparison.
        changed = {
            option: value for option, value in request.options.items() if option in differences
        }
        if changed:
            if "secrets" in request.options:
                changed["secrets"] = request.options["secrets"]
            update = UpdateActionRequest(options=changed)
            action = yield from provider.update_action(action_id, update)
        if deploy and not provider.live_on_save:
            return (
                yield from deploy_and_wait(
                    provider, action_id, timeout=timeout, poll=poll, policy=policy
                )
            )
        return action

    return plan()
