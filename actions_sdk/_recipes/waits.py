"""Waiting for builds and deployments: build waits, deploy and rollback with `wait=True`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

import attrs

from actions_sdk._operation import Plan, Sleep, read_clock
from actions_sdk._progress import ProgressCallback, ProgressEvent, ProgressKind
from actions_sdk._recipes import _loop
from actions_sdk._recipes._loop import A, Again, T, _check_wait, _persistently, logger
from actions_sdk._retry import RetryPolicy
from actions_sdk._types import UNSET
from actions_sdk.errors import (
    ActionBuildError,
    ActionsSDKError,
    WaitTimeoutError,
)

if TYPE_CHECKING:
    from actions_sdk.providers._base import (
        Progress,
        Provider,
    )
    from actions_sdk.providers.auth0.models import ActionVersion

DEFAULT_TIMEOUT = 300.0
"""Seconds a build (and deployment) wait lasts by default: Auth0 stops a build after 5 minutes."""
DEFAULT_POLL = 1.0
"""Seconds before the first re-poll; each further pause is 1.5 times longer, up to 5 s."""
_POLL_GROWTH = 1.5
_POLL_CEILING = 5.0


# -- waiting for builds and deployments -------------------------------------------------------


class WaitBounds(TypedDict):
    """The keywords every waiting recipe takes, as ``**bounds: Unpack[WaitBounds]``.

    One list for ``wait_until_built``, ``deploy_and_wait``, ``rollback_and_wait`` and
    ``create_action``: the namespaces pass them as keywords, unchanged.

    Attributes:
        timeout: Seconds the wait may last (then :class:`WaitTimeoutError`).
        poll: Seconds before the first re-poll.
        policy: The client's retry policy (pauses, clock, what is transient).
        progress: Called with each :class:`ProgressEvent` (issue 15); none when absent or ``None``.
    """

    timeout: float
    poll: float
    policy: RetryPolicy
    progress: NotRequired[ProgressCallback | None]


def _check_bounds(bounds: WaitBounds) -> None:
    """Refuse a bad ``timeout`` or ``poll`` when the plan is made, before anything is sent."""
    _check_wait(bounds["timeout"], bounds["poll"])


@attrs.frozen
class _Wait:
    """One wait's bounds: it started at ``started`` on the policy clock and lasts ``timeout``."""

    started: float
    timeout: float
    poll: float
    policy: RetryPolicy
    # Progress reports (issue 15): the caller's callback and the helper's name for its events.
    progress: ProgressCallback | None = None
    operation: str = "wait"


def _begin(bounds: WaitBounds, operation: str) -> Plan[_Wait]:
    """Start one wait of ``operation`` now, on the policy clock (a plan step: it is read)."""
    started = yield from read_clock()
    policy, progress = bounds["policy"], bounds.get("progress")
    return _Wait(started, bounds["timeout"], bounds["poll"], policy, progress, operation)


# -- progress reports (issue 15) ------------------------------------------------------------------
# Only a caller that passed ``progress=`` costs anything: without it no event is made and no
# extra plan step (clock reading) is yielded.


def _report(
    wait: _Wait,
    kind: ProgressKind,
    action_id: str,
    *,
    status: str | None = None,
    waiting_for: str | None = None,
    attempt: int = 0,
    detail: str | None = None,
) -> Plan[None]:
    """Send one :class:`ProgressEvent` to the wait's callback, timed on the policy clock."""
    if wait.progress is None:
        return
    now = yield from read_clock()
    wait.progress(
        ProgressEvent(
            kind=kind,
            operation=wait.operation,
            action_id=action_id,
            status=None if status is None else str(status),
            waiting_for=waiting_for,
            elapsed=max(0.0, now - wait.started),
            attempt=attempt,
            detail=detail,
        )
    )


def reported(
    plan: Plan[T], progress: ProgressCallback | None, operation: str, subject: str
) -> Plan[T]:
    """Wrap a plan without waits (a bulk binding edit) in ``started`` and ``done`` events.

    Args:
        plan: The plan.
        progress: The caller's callback, or ``None`` (then the plan runs as it is).
        operation: The helper's name in the events.
        subject: What the events are about (a trigger id).

    Returns:
        A plan with the same outcome.
    """
    if progress is None:
        return (yield from plan)
    started = yield from read_clock()
    wait = _Wait(started, 0.0, 0.0, RetryPolicy(), progress, operation)
    yield from _report(wait, "started", subject)
    result = yield from plan
    yield from _report(wait, "done", subject, detail="bindings written")
    return result


def _poll(
    provider: Provider[A, Any, Any],
    action_id: str,
    check: Callable[[A], Progress],
    wait: _Wait,
    *,
    waiting_for: str,
    seen_status: str | None = None,
    pause_first: bool = False,
) -> Plan[A]:
    """GET the action until ``check`` says done, pausing ``poll`` × 1.5ⁿ (at most 5 s) between.

    With ``pause_first`` the caller has just read the action (``seen_status`` is what it
    showed), so the first GET waits one pause instead of asking the same question again.

    A poll that fails transiently (the transport does not retry it: this loop does, on the same
    policy) only costs that round: the next one may get through, and the timeout bounds the
    whole wait. A server wait longer than
    the policy's ``max_retry_after`` is never slept: that error is raised at once, as the
    transport raises it. A server wait longer than the time left is not slept either (polling
    earlier would only be refused again): :class:`WaitTimeoutError` is raised at once, chained
    to the server's answer.
    """
    delay = wait.poll
    last_status: str | None = seen_status
    last_error: BaseException | None = None
    attempt = 0
    yield from _report(wait, "started", action_id, status=last_status, waiting_for=waiting_for)
    if pause_first:
        pause = yield from _next_pause(wait, delay, 0.0, action_id, last_status, waiting_for, None)
        yield Sleep(pause)
        delay = _grown(delay, wait)
    while True:
        hint = 0.0
        try:
            # Retried by this loop, not by the transport: only the loop knows the deadline.
            action = yield from _loop._watched(provider.get_action(action_id), [], retried=False)
        except ActionsSDKError as exc:
            last_error = _loop._transient(exc)
            if wait.policy.hint_too_long(exc):
                raise
            hint = wait.policy.server_hint(exc) or 0.0
        else:
            last_error = None
            progress = check(action)
            attempt += 1
            if wait.progress is not None:
                yield from _poll_reported(
                    wait, action_id, progress, last_status, waiting_for, attempt
                )
            last_status = progress.status
            if progress.failed:
                raise ActionBuildError(
                    action_id, progress.errors, status=progress.status, version=progress.version
                )
            if progress.done:
                yield from _report(
                    wait,
                    "done",
                    action_id,
                    status=last_status,
                    waiting_for=waiting_for,
                    attempt=attempt,
                )
                return action
        pause = yield from _next_pause(
            wait, delay, hint, action_id, last_status, waiting_for, last_error
        )
        yield Sleep(pause)
        delay = _grown(delay, wait)


def _poll_reported(
    wait: _Wait,
    action_id: str,
    progress: Progress,
    previous: str | None,
    waiting_for: str,
    attempt: int,
) -> Plan[None]:
    """The ``poll`` event of one answer, and a ``status`` event when the status changed."""
    yield from _report(
        wait, "poll", action_id, status=progress.status, waiting_for=waiting_for, attempt=attempt
    )
    if progress.status != previous:
        yield from _report(
            wait,
            "status",
            action_id,
            status=progress.status,
            waiting_for=waiting_for,
            attempt=attempt,
        )


def _grown(delay: float, wait: _Wait) -> float:
    return min(delay * _POLL_GROWTH, max(wait.poll, _POLL_CEILING))


def _next_pause(
    wait: _Wait,
    delay: float,
    hint: float,
    action_id: str,
    last_status: str | None,
    waiting_for: str,
    last_error: BaseException | None,
) -> Plan[float]:
    """The pause before the next poll, or :class:`WaitTimeoutError` when none fits any more."""
    current = yield from read_clock()
    waited = current - wait.started
    if waited >= wait.timeout or hint >= wait.timeout - waited:
        raise WaitTimeoutError(
            action_id, waited=waited, last_status=last_status, waiting_for=waiting_for
        ) from last_error
    pause = min(max(delay, hint), wait.timeout - waited)
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "waiting for the %s of action %s (%s); next poll in %.2f s",
            waiting_for,
            action_id,
            last_status or "no answer",
            pause,
            extra={
                "operation": wait.operation,
                "action_id": action_id,
                "waiting_for": waiting_for,
                "status": None if last_status is None else str(last_status),
                "wait": pause,
                "elapsed": waited,
            },
        )
    return pause


def wait_until_built(
    provider: Provider[A, Any, Any],
    action_id: str,
    **bounds: Unpack[WaitBounds],
) -> Plan[A]:
    """Plan ``actions.wait_until_built``: poll until the draft is built, fail fast if it failed.

    Args:
        provider: The vendor's provider.
        action_id: The action's id.
        **bounds: The wait's :class:`WaitBounds` (``timeout``, ``poll``, ``policy``,
            ``progress``).

    Returns:
        A plan whose outcome is the built action (one GET where actions are live once saved).
    """
    _check_bounds(bounds)
    first = provider.get_action(action_id)  # checks the id now: bad input fails before sending
    if provider.live_on_save:
        return first

    def plan() -> Plan[Any]:
        wait = yield from _begin(bounds, "wait_until_built")
        return (
            yield from _poll(
                provider, action_id, provider.build_progress, wait, waiting_for="build"
            )
        )

    return plan()


def _new_version(
    provider: Provider[Any, Any, Any], action_id: str, before: int, policy: RetryPolicy
) -> Plan[int | None]:
    """After a deploy whose answer was lost: the number of a version newer than ``before``."""
    action = yield from _persistently(lambda: provider.get_action(action_id), policy)
    number = provider.deployed_number(action)
    if number > before:
        return number
    # ``deployed_version`` may lag behind a deploy that is still rolling out: ask the versions.
    page = yield from _persistently(lambda: provider.list_versions(action_id, UNSET)(None), policy)
    newest = max((version.number or 0 for version in page.items), default=0)
    return newest if newest > before else None


def _deploy_once(
    provider: Provider[Any, Any, Any], action_id: str, before: int, policy: RetryPolicy
) -> Plan[int]:
    """POST the deploy exactly once in effect; return the new version's number.

    A deploy creates a version each time, so it is repeated only when it certainly did not
    happen: refused with a 429, or re-reading the action shows no version newer than ``before``.
    """

    def attempt() -> Plan[int | Again]:
        try:
            version = yield from provider.deploy_action(action_id)
        except ActionsSDKError as exc:
            error = _loop._transient(exc)
            if _loop._may_have_landed(exc):
                landed = yield from _new_version(provider, action_id, before, policy)
                if landed is not None:
                    logger.info("deploy of action %s landed as version %d", action_id, landed)
                    return landed
            return Again(error)
        number: int = version.number if version.number is not None else before + 1
        return number

    return (yield from _loop.retry_loop(attempt, policy))


def deploy_and_wait(
    provider: Provider[A, Any, Any],
    action_id: str,
    **bounds: Unpack[WaitBounds],
) -> Plan[A]:
    """Plan ``actions.deploy(wait=True)``: built → deployed once → the version serves traffic.

    When the built draft already is the deployed version (``all_changes_deployed``), no new
    version is made: the plan only waits until that version is live.

    Args:
        provider: The vendor's provider.
        action_id: The action's id.
        **bounds: The wait's :class:`WaitBounds`; its ``timeout`` covers the build and the
            deployment together.

    Returns:
        A plan whose outcome is the action read after its new version is deployed (one GET where
        actions are live once saved).
    """
    _check_bounds(bounds)
    first = provider.get_action(action_id)
    if provider.live_on_save:
        return first
    provider.deploy_action(action_id)  # refuses what the vendor cannot deploy, before sending

    def plan() -> Plan[Any]:
        waits = yield from _begin(bounds, "deploy")
        built = yield from _poll(
            provider, action_id, provider.build_progress, waits, waiting_for="build"
        )
        before = provider.deployed_number(built)
        if provider.needs_deploy(built):
            number = yield from _deploy_once(provider, action_id, before, bounds["policy"])
            yield from _report(waits, "step", action_id, detail=f"deployed as version {number}")
            # A new version was just made: the action read before it cannot show it live.
            return (
                yield from _poll(
                    provider,
                    action_id,
                    lambda action: provider.deployment_progress(action, number),
                    waits,
                    waiting_for="deployment",
                )
            )
        return (
            yield from _poll_unless(
                provider,
                action_id,
                built,
                lambda action: provider.deployment_progress(action, before),
                waits,
                "deployment",
            )
        )

    return plan()


def rollback_and_wait(
    provider: Provider[Any, Any, Any],
    action_id: str,
    version_id: str,
    update_draft: bool | None,
    **bounds: Unpack[WaitBounds],
) -> Plan[ActionVersion]:
    """Plan ``actions.versions.deploy(wait=True)``: roll back, then wait until that version is live.

    Unlike ``deploy_and_wait`` it never deploys the draft: it waits for the version the rollback
    made (or a newer one) to be the deployed one. The rollback POST itself is sent once; it is
    not repeated after an answer that may hide a success (it would make another version).

    Args:
        provider: The vendor's provider.
        action_id: The action's id.
        version_id: The version to bring back.
        update_draft: Also replace the draft with that version (``None``: the server's default).
        **bounds: The wait's :class:`WaitBounds`.

    Returns:
        A plan whose outcome is the deployed version, as the action reports it once live.
    """
    _check_bounds(bounds)
    rollback = provider.deploy_version(action_id, version_id, update_draft)  # checks, unsent

    def plan() -> Plan[Any]:
        wait = yield from _begin(bounds, "rollback")
        version = yield from rollback
        # Auth0 numbers every version it makes; the rollback's answer carries its number.
        number = version.number if version.number is not None else 1
        action = yield from _poll(
            provider,
            action_id,
            lambda current: provider.deployment_progress(current, number),
            wait,
            waiting_for="deployment",
        )
        return action.deployed_version

    return plan()


def _poll_unless(
    provider: Provider[A, Any, Any],
    action_id: str,
    seen: A,
    check: Callable[[A], Progress],
    wait: _Wait,
    waiting_for: str,
) -> Plan[A]:
    """Return ``seen`` when it already passes ``check``; otherwise poll for it after a pause.

    ``seen`` was just read: the create's answer, or the build poll's last answer, which often
    already shows the version live (real Auth0 deploys a ``deploy: true`` create as soon as it
    is built). Asking again at once would only spend a request of the tenant's rate limit.
    """
    progress = check(seen)
    if progress.failed:
        raise ActionBuildError(
            action_id, progress.errors, status=progress.status, version=progress.version
        )
    if progress.done:
        yield from _report(wait, "done", action_id, status=progress.status, waiting_for=waiting_for)
        return seen
    return (
        yield from _poll(
            provider,
            action_id,
            check,
            wait,
            waiting_for=waiting_for,
            seen_status=progress.status,
            pause_first=True,
        )
    )
