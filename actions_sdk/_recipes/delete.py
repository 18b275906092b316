"""Unbind and delete: ``delete_action`` with ``unbind=True`` and a 404 read for what it means."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from actions_sdk._operation import Plan
from actions_sdk._recipes import _loop
from actions_sdk._recipes._loop import Again, _persistently, logger
from actions_sdk._recipes.bindings import _remove, _Target
from actions_sdk._types import UNSET
from actions_sdk.errors import (
    ActionsSDKError,
    ConflictError,
    NotFoundError,
)

if TYPE_CHECKING:
    from actions_sdk._retry import RetryPolicy
    from actions_sdk.providers._base import (
        Provider,
    )

# -- unbind and delete ------------------------------------------------------------------------


def _delete_once(
    provider: Provider[Any, Any, Any], action_id: str, policy: RetryPolicy
) -> Plan[None]:
    """DELETE the action, repeating it here (not in the transport) to know what a 404 means.

    A 404 after an attempt that may have landed is that attempt's success; a 404 on the first
    attempt means there was no such action, and is raised.
    """
    uncertain = False

    def attempt() -> Plan[Again | None]:
        nonlocal uncertain
        try:
            yield from _loop._watched(
                provider.delete_action(action_id, force=False), [], repeatable=False
            )
        except NotFoundError:
            if uncertain:
                logger.info("action %s is gone: an earlier delete attempt landed", action_id)
                return None
            raise
        except ActionsSDKError as exc:
            uncertain = uncertain or _loop._may_have_landed(exc)
            return Again(_loop._transient(exc))
        return None

    return (yield from _loop.retry_loop(attempt, policy))


def delete_action(
    provider: Provider[Any, Any, Any], action_id: str, *, policy: RetryPolicy
) -> Plan[None]:
    """Plan ``actions.delete(unbind=True)``: unbind from every trigger, then delete.

    Where the server does not cascade (Auth0), every trigger whose bindings the tenant manages is
    read and, when the action is bound there, written back without it (the other bindings kept by
    binding id); then the action is deleted without ``force``. A 409 on the delete means someone
    bound it again meanwhile: the unbinding is repeated, within ``max_retries``. Where deletion
    cascades (ZITADEL), the delete alone is sent.

    Args:
        provider: The vendor's provider.
        action_id: The action's id.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is ``None``.
    """
    provider.delete_action(action_id, force=False)  # checks the id before sending
    target = _Target(action_id=action_id)

    def plan() -> Plan[None]:
        rounds = 0
        while True:
            rounds += 1
            if not provider.delete_cascades:
                triggers = yield from _persistently(provider.bindable_triggers, policy)
                for trigger in triggers:
                    yield from _persistently(
                        functools.partial(
                            _remove,
                            provider,
                            trigger,
                            provider.list_bindings(trigger, UNSET),
                            target,
                        ),
                        policy,
                    )
            try:
                yield from _delete_once(provider, action_id, policy)
            except ConflictError:
                if provider.delete_cascades or rounds > policy.max_retries:
                    raise
                logger.info("action %s was bound again while being deleted; unbinding", action_id)
            else:
                return None

    return plan()
