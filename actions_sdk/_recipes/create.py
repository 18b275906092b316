"""The duplicate-free create: ``create_action`` settles a lost answer by looking the name up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from actions_sdk._checks import check_bool
from actions_sdk._operation import Operation, Plan
from actions_sdk._recipes import _loop
from actions_sdk._recipes._loop import A, Again, _identity, _persistently, logger
from actions_sdk._recipes.waits import (
    WaitBounds,
    _begin,
    _check_bounds,
    _deploy_once,
    _poll_unless,
)
from actions_sdk._types import UNSET
from actions_sdk.errors import (
    ActionsSDKError,
    ConflictError,
    CreateOutcomeUnknownError,
)

if TYPE_CHECKING:
    from actions_sdk._retry import RetryPolicy
    from actions_sdk.providers._base import (
        CreateActionRequest,
        Progress,
        Provider,
    )

# -- duplicate-free create ------------------------------------------------------------------


def _settle(provider: Provider[A, Any, Any], request: CreateActionRequest, found: A, why: str) -> A:
    """Return ``found`` when it is exactly what was requested; otherwise explain what is known."""
    differences = provider.content_differences(found, request)
    if not differences:
        logger.info(
            "create of %r: %s; the action with this name is the one requested", request.name, why
        )
        return found
    found_id, _ = _identity(found)
    raise CreateOutcomeUnknownError(
        f"could not tell whether creating action {request.name!r} succeeded ({why}): an action "
        f"with this name exists (id {found_id}) but its {', '.join(differences)} differ from "
        "the request; it was left unchanged",
        name=request.name,
        found=found,
    )


def _lookup(
    provider: Provider[A, Any, Any], request: CreateActionRequest, policy: RetryPolicy, why: str
) -> Plan[A | None]:
    try:
        return (
            yield from _persistently(lambda: provider.find_action_by_name(request.name), policy)
        )
    except ActionsSDKError as exc:
        # Whatever stopped the lookup (a 5xx as much as a 403), the create may have landed.
        raise CreateOutcomeUnknownError(
            f"could not tell whether creating action {request.name!r} succeeded ({why}), and "
            f"looking it up by name failed: {exc}",
            name=request.name,
        ) from exc


def _create_once(
    provider: Provider[A, Any, Any], request: CreateActionRequest, policy: RetryPolicy
) -> Plan[A]:
    """Create the action exactly once, even when an answer is lost.

    * Success: the created action.
    * Failure that may hide a success (lost response, timeout after sending, 5xx; or any failure
      after the create itself succeeded): look the name up. Found with the requested content →
      it is ours, return it. Found with other content → :class:`CreateOutcomeUnknownError`.
      Not found → nothing was created: create again after a pause, within ``max_retries``.
    * 409 on the first attempt: the name was taken before this call, and it is raised as is —
      an existing action is never adopted silently. A 409 after an uncertain attempt is settled
      by the lookup like above.
    """
    uncertain = False

    def attempt() -> Plan[A | Again]:
        nonlocal uncertain
        sent: list[Operation[Any]] = []
        try:
            return (yield from _loop._watched(provider.create_action(request), sent))
        except ConflictError:
            if not uncertain:
                raise
            why = "an earlier attempt's answer was lost and the name is now taken"
            found = yield from _lookup(provider, request, policy, why)
            if found is None:
                raise CreateOutcomeUnknownError(
                    f"could not tell whether creating action {request.name!r} succeeded: the "
                    "server says the name is taken, but no action with this name can be found",
                    name=request.name,
                ) from None
            return _settle(provider, request, found, why)
        except ActionsSDKError as exc:
            error = _loop._transient(exc)
            # Several operations sent: the create itself succeeded and a later read failed.
            if len(sent) > 1 or _loop._may_have_landed(exc):
                uncertain = True
                why = f"the create's answer was lost: {exc}"
                found = yield from _lookup(provider, request, policy, why)
                if found is not None:
                    return _settle(provider, request, found, why)
            # The last lookup (if any) found nothing: when no retry is left, the error is raised
            # knowing nothing was made.
            return Again(error)

    return (yield from _loop.retry_loop(attempt, policy))


def create_action(
    provider: Provider[A, Any, Any],
    request: CreateActionRequest,
    *,
    wait: bool,
    **bounds: Unpack[WaitBounds],
) -> Plan[A]:
    """Plan ``actions.create``: duplicate-free, and with ``wait`` built (and deployed).

    Args:
        provider: The vendor's provider.
        request: The create request; ``deploy=True`` with ``wait`` also waits for the deployment.
            Where actions are live once saved, ``deploy`` is accepted with ``wait`` and ignored.
        wait: Wait until the action is built (and deployed, with ``deploy=True``).
        **bounds: The wait's :class:`~actions_sdk._recipes.waits.WaitBounds`; its ``policy``
            also retries the create itself, with or without ``wait``.

    Returns:
        A plan whose outcome is the action (read again after the wait, when waiting).
    """
    check_bool(wait, "wait")
    if wait:
        _check_bounds(bounds)
        if provider.live_on_save:
            request = request.replace(deploy=UNSET)
    provider.create_action(request)  # validation and unsupported options: before sending

    def plan() -> Plan[Any]:
        action = yield from _create_once(provider, request, bounds["policy"])
        if not wait or provider.live_on_save:
            return action
        try:
            return (yield from _wait_after_create(provider, request, action, bounds))
        except ActionsSDKError as exc:
            # The action exists now: say so on whatever cut the wait short, so that the caller
            # resumes the wait instead of creating again (which would be a 409).
            _mark_created(exc, action)
            raise

    return plan()


def _mark_created(error: ActionsSDKError, action: Any) -> None:
    """Attach the created action to an error raised while waiting for it."""
    error.created_action = action
    action_id, _ = _identity(action)
    error.add_note(
        f"action {action_id} was created but is not live yet (error.created_action): do not "
        f"create it again; resume with actions.deploy({action_id!r}, wait=True) or "
        "actions.wait_until_built"
    )


def _wait_after_create(
    provider: Provider[A, Any, Any],
    request: CreateActionRequest,
    action: A,
    bounds: WaitBounds,
) -> Plan[A]:
    """Wait until the created action is built and, with ``deploy=True``, deployed."""
    action_id, _ = _identity(action)
    waits = yield from _begin(bounds, "create")
    # The create's own answer (or the lookup that adopted it) is a fresh read: judge it first,
    # and poll only after a pause. On a 2 req/s tenant each needless GET counts.
    action = yield from _poll_unless(
        provider, action_id, action, provider.build_progress, waits, "build"
    )
    if request.option("deploy") is not True:
        return action
    number = provider.deployed_number(action)
    if number == 0 and not provider.deploys_after_build(action):
        # Adopted after a lost answer from a create that did not ask to deploy: deploy now.
        number = yield from _deploy_once(provider, action_id, 0, waits.policy)

    def deployed(current: A) -> Progress:
        return provider.deployment_progress(current, max(number, 1))

    return (yield from _poll_unless(provider, action_id, action, deployed, waits, "deployment"))
