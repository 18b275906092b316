"""Safe automation helpers as pure plans: build-aware deploy, binding edits, unbind-and-delete.

Each helper is a *plan* (see :mod:`actions_sdk._operation`) composed from the providers' own plans
with ``yield from``, so it runs unchanged on the sync and the async transport and never does I/O.
Vendor differences stay in small provider hooks (:meth:`Provider.build_progress`,
:meth:`Provider.binding_facts`, :meth:`Provider.find_action_by_name`, …); this module only holds
the provider-neutral logic.

Waiting is sans-I/O too: a plan yields :class:`~actions_sdk._operation.Sleep` and receives the
retry policy's clock, so timeouts are measured on the clock the waits move. Polling GETs are
ordinary operations: the request budget and the retry policy apply to them.

How the helpers stay safe under faults:

* **Reads and list writes** are idempotent and already retried by the transport. A binding edit
  writes the *whole* list with references that keep every other binding (Auth0 binding ids), so
  repeating a write whose answer was lost leaves the same list behind. When a read or write still
  fails after those retries, the whole edit (read, compute, write-if-changed) is started over
  after a pause, within ``max_retries``: an edit that already landed then finds nothing to do.
* **Create, deploy and delete** are *not* blindly repeated. After an answer that may hide a
  success (lost response, timeout after sending, 408, 5xx), the plan first finds out what happened —
  look the action up by its unique name, re-read the action for a new version, or take a 404 on
  a repeated delete as the earlier attempt's success — and only then tries again, within the
  policy's ``max_retries``.

What "may hide a success" and "worth another try" mean is not decided here: every loop asks
:func:`actions_sdk._retry.classify` and :meth:`RetryPolicy.retry_wait`, the rule the transport
uses, so the helpers and the transport cannot disagree about a status (a 408, say) or a wait.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import attrs

from actions_sdk._checks import check_seconds, check_sequence, excerpt, path_segment
from actions_sdk._operation import Operation, PageFetcher, Plan, Sleep, read_clock
from actions_sdk._retry import Landed, classify
from actions_sdk._types import UNSET
from actions_sdk.errors import (
    ActionBuildError,
    ActionsSDKError,
    ConflictError,
    CreateOutcomeUnknownError,
    NotFoundError,
    UnsupportedOperationError,
    ValidationError,
    WaitTimeoutError,
)
from actions_sdk.models._common import ActionModel
from actions_sdk.models.bindings import BindingRef, BindingRefType, BindingUpdate

if TYPE_CHECKING:
    from actions_sdk._retry import RetryPolicy
    from actions_sdk.providers._base import (
        BindingFacts,
        CreateActionRequest,
        Progress,
        Provider,
        TriggerInput,
    )
    from actions_sdk.providers.auth0.models import Action, ActionVersion
    from actions_sdk.providers.zitadel.models import ZitadelAction

__all__ = [
    "DEFAULT_POLL",
    "DEFAULT_TIMEOUT",
    "ActionInput",
    "add_binding",
    "create_action",
    "delete_action",
    "deploy_and_wait",
    "move_binding",
    "remove_binding",
    "replace_bindings",
    "rollback_and_wait",
    "wait_until_built",
]

T = TypeVar("T")
A = TypeVar("A")  # the provider's action model
B = TypeVar("B")  # the provider's binding model

ActionInput: TypeAlias = "str | BindingRef | Action | ZitadelAction"
"""How the binding helpers accept an action: its id, a ``BindingRef`` or the action model."""

DEFAULT_TIMEOUT = 300.0
"""Seconds a build (and deployment) wait lasts by default: Auth0 stops a build after 5 minutes."""
DEFAULT_POLL = 1.0
"""Seconds before the first re-poll; each further pause is 1.5 times longer, up to 5 s."""
_POLL_GROWTH = 1.5
_POLL_CEILING = 5.0

logger = logging.getLogger("actions_sdk")


# -- small plan tools --------------------------------------------------------------------------


def _check_wait(timeout: float, poll: float) -> None:
    # check_seconds compares before converting, so timeout=10**400 is refused, not overflowed.
    for field, value in (("timeout", timeout), ("poll", poll)):
        check_seconds(value, field)


def _transient(error: ActionsSDKError) -> ActionsSDKError:
    """Return ``error`` when the shared classification calls it transient; re-raise it otherwise.

    Used as ``except ActionsSDKError as exc: error = _transient(exc)``: every helper handles
    exactly what :func:`actions_sdk._retry.classify` says may succeed later, and nothing else.
    """
    if not classify(error).transient:
        raise error
    return error


def _may_have_landed(error: BaseException) -> bool:
    """Whether the server may have acted on the request that failed with ``error``."""
    return classify(error).landed is not Landed.NO


def _persistently(make: Callable[[], Plan[T]], policy: RetryPolicy) -> Plan[T]:
    """Start an idempotent step over, after a pause, when it still fails after the transport's.

    Used for reads that settle an uncertain write (did it land?), which must not give up early,
    and for whole binding edits (read, compute, write if changed), which an earlier landed
    attempt turns into a no-op. At most ``max_retries`` repeats, like the transport.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return (yield from make())
        except ActionsSDKError as exc:
            pause = policy.retry_wait(_transient(exc), attempt)
            if pause is None:
                raise
            yield Sleep(pause)


def _watched(
    plan: Plan[T], sent: list[Operation[Any]], *, repeatable: bool = True, retried: bool = True
) -> Plan[T]:
    """Delegate to ``plan``, recording each operation it sends.

    With ``repeatable=False`` the operations are marked not idempotent, so the transport does not
    repeat them after an answer was lost; the caller settles that case itself. With
    ``retried=False`` the transport does not retry them at all: the caller's loop does.
    """
    try:
        step = next(plan)
        while True:
            if isinstance(step, Operation):
                if not repeatable:
                    step = attrs.evolve(step, idempotent=False)
                if not retried:
                    step = attrs.evolve(step, retried=False)
                sent.append(step)
            try:
                answer = yield step
            except BaseException as exc:
                step = plan.throw(exc)
            else:
                step = plan.send(answer)
    except StopIteration as stop:
        result: T = stop.value
        return result


def _all_items(fetch: PageFetcher[T]) -> Plan[list[T]]:
    items: list[T] = []
    start: int | None = None
    while True:
        page = yield from fetch(start)
        items.extend(page.items)
        if page.next_start is None:
            return items
        start = page.next_start


def _identity(action: Any) -> tuple[str, str | None]:
    name = getattr(action, "name", None)
    action_id = str(action.id)
    # The server's id goes into later paths (polling, binding): "..", "" or a lone surrogate is
    # the server's fault, a DecodeError before any request uses it.
    path_segment(action_id, "action.id", source="server")
    return action_id, name if isinstance(name, str) and name else None


# -- waiting for builds and deployments -------------------------------------------------------


@attrs.frozen
class _Wait:
    """One wait's bounds: it started at ``started`` on the policy clock and lasts ``timeout``."""

    started: float
    timeout: float
    poll: float
    policy: RetryPolicy


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
    if pause_first:
        pause = yield from _next_pause(wait, delay, 0.0, action_id, last_status, waiting_for, None)
        yield Sleep(pause)
        delay = _grown(delay, wait)
    while True:
        hint = 0.0
        try:
            # Retried by this loop, not by the transport: only the loop knows the deadline.
            action = yield from _watched(provider.get_action(action_id), [], retried=False)
        except ActionsSDKError as exc:
            last_error = _transient(exc)
            if wait.policy.hint_too_long(exc):
                raise
            hint = wait.policy.server_hint(exc) or 0.0
        else:
            last_error = None
            progress = check(action)
            last_status = progress.status
            if progress.failed:
                raise ActionBuildError(
                    action_id, progress.errors, status=progress.status, version=progress.version
                )
            if progress.done:
                return action
        pause = yield from _next_pause(
            wait, delay, hint, action_id, last_status, waiting_for, last_error
        )
        yield Sleep(pause)
        delay = _grown(delay, wait)


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
    logger.debug(
        "waiting for the %s of action %s (%s); next poll in %.2f s",
        waiting_for,
        action_id,
        last_status or "no answer",
        pause,
    )
    return pause


def wait_until_built(
    provider: Provider[A, Any, Any],
    action_id: str,
    *,
    timeout: float,
    poll: float,
    policy: RetryPolicy,
) -> Plan[A]:
    """Plan ``actions.wait_until_built``: poll until the draft is built, fail fast if it failed.

    Args:
        provider: The vendor's provider.
        action_id: The action's id.
        timeout: Seconds before :class:`WaitTimeoutError`.
        poll: Seconds before the first re-poll.
        policy: The client's retry policy (pauses, clock).

    Returns:
        A plan whose outcome is the built action (one GET where actions are live once saved).
    """
    _check_wait(timeout, poll)
    first = provider.get_action(action_id)  # checks the id now: bad input fails before sending
    if provider.live_on_save:
        return first

    def plan() -> Plan[Any]:
        started = yield from read_clock()
        return (
            yield from _poll(
                provider,
                action_id,
                provider.build_progress,
                _Wait(started, timeout, poll, policy),
                waiting_for="build",
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
    attempt = 0
    while True:
        attempt += 1
        try:
            version = yield from provider.deploy_action(action_id)
        except ActionsSDKError as exc:
            error = _transient(exc)
            if _may_have_landed(exc):
                landed = yield from _new_version(provider, action_id, before, policy)
                if landed is not None:
                    logger.info("deploy of action %s landed as version %d", action_id, landed)
                    return landed
        else:
            number: int = version.number if version.number is not None else before + 1
            return number
        pause = policy.retry_wait(error, attempt)
        if pause is None:
            raise error
        yield Sleep(pause)


def deploy_and_wait(
    provider: Provider[A, Any, Any],
    action_id: str,
    *,
    timeout: float,
    poll: float,
    policy: RetryPolicy,
) -> Plan[A]:
    """Plan ``actions.deploy(wait=True)``: built → deployed once → the version serves traffic.

    When the built draft already is the deployed version (``all_changes_deployed``), no new
    version is made: the plan only waits until that version is live.

    Args:
        provider: The vendor's provider.
        action_id: The action's id.
        timeout: Seconds before :class:`WaitTimeoutError`, for build and deployment together.
        poll: Seconds before the first re-poll.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the action read after its new version is deployed (one GET where
        actions are live once saved).
    """
    _check_wait(timeout, poll)
    first = provider.get_action(action_id)
    if provider.live_on_save:
        return first
    provider.deploy_action(action_id)  # refuses what the vendor cannot deploy, before sending

    def plan() -> Plan[Any]:
        started = yield from read_clock()
        waits = _Wait(started, timeout, poll, policy)
        built = yield from _poll(
            provider, action_id, provider.build_progress, waits, waiting_for="build"
        )
        before = provider.deployed_number(built)
        if provider.needs_deploy(built):
            number = yield from _deploy_once(provider, action_id, before, policy)
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
    *,
    timeout: float,
    poll: float,
    policy: RetryPolicy,
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
        timeout: Seconds the wait may last.
        poll: Seconds before the first re-poll.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the deployed version, as the action reports it once live.
    """
    _check_wait(timeout, poll)
    rollback = provider.deploy_version(action_id, version_id, update_draft)  # checks, unsent

    def plan() -> Plan[Any]:
        started = yield from read_clock()
        version = yield from rollback
        # Auth0 numbers every version it makes; the rollback's answer carries its number.
        number = version.number if version.number is not None else 1
        action = yield from _poll(
            provider,
            action_id,
            lambda current: provider.deployment_progress(current, number),
            _Wait(started, timeout, poll, policy),
            waiting_for="deployment",
        )
        return action.deployed_version

    return plan()


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
    attempt = 0
    uncertain = False
    while True:
        attempt += 1
        sent: list[Operation[Any]] = []
        try:
            return (yield from _watched(provider.create_action(request), sent))
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
            error = _transient(exc)
            # Several operations sent: the create itself succeeded and a later read failed.
            if len(sent) > 1 or _may_have_landed(exc):
                uncertain = True
                why = f"the create's answer was lost: {exc}"
                found = yield from _lookup(provider, request, policy, why)
                if found is not None:
                    return _settle(provider, request, found, why)
        pause = policy.retry_wait(error, attempt)
        if pause is None:
            # The last lookup (if any) found nothing: the error is raised knowing nothing was made.
            raise error
        yield Sleep(pause)


def create_action(
    provider: Provider[A, Any, Any],
    request: CreateActionRequest,
    *,
    wait: bool,
    timeout: float,
    poll: float,
    policy: RetryPolicy,
) -> Plan[A]:
    """Plan ``actions.create``: duplicate-free, and with ``wait`` built (and deployed).

    Args:
        provider: The vendor's provider.
        request: The create request; ``deploy=True`` with ``wait`` also waits for the deployment.
            Where actions are live once saved, ``deploy`` is accepted with ``wait`` and ignored.
        wait: Wait until the action is built (and deployed, with ``deploy=True``).
        timeout: Seconds the wait may last.
        poll: Seconds before the first re-poll.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the action (read again after the wait, when waiting).
    """
    if not isinstance(wait, bool):
        raise ValidationError(f"wait must be a bool, got {excerpt(wait)}", field="wait")
    if wait:
        _check_wait(timeout, poll)
        if provider.live_on_save:
            request = attrs.evolve(request, deploy=UNSET)
    provider.create_action(request)  # validation and unsupported options: before sending

    def plan() -> Plan[Any]:
        action = yield from _create_once(provider, request, policy)
        if not wait or provider.live_on_save:
            return action
        try:
            return (yield from _wait_after_create(provider, request, action, timeout, poll, policy))
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
    timeout: float,
    poll: float,
    policy: RetryPolicy,
) -> Plan[A]:
    """Wait until the created action is built and, with ``deploy=True``, deployed."""
    action_id, _ = _identity(action)
    started = yield from read_clock()
    waits = _Wait(started, timeout, poll, policy)
    # The create's own answer (or the lookup that adopted it) is a fresh read: judge it first,
    # and poll only after a pause. On a 2 req/s tenant each needless GET counts.
    action = yield from _poll_unless(
        provider, action_id, action, provider.build_progress, waits, "build"
    )
    if request.deploy is not True:
        return action
    number = provider.deployed_number(action)
    if number == 0 and not provider.deploys_after_build(action):
        # Adopted after a lost answer from a create that did not ask to deploy: deploy now.
        number = yield from _deploy_once(provider, action_id, 0, policy)

    def deployed(current: A) -> Progress:
        return provider.deployment_progress(current, max(number, 1))

    return (yield from _poll_unless(provider, action_id, action, deployed, waits, "deployment"))


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


# -- order-preserving binding edits -----------------------------------------------------------


@attrs.frozen
class _Target:
    """What a caller named: an action (by id and/or name) or an existing binding (by id)."""

    action_id: str | None = None
    name: str | None = None
    binding_id: str | None = None
    known: bool = False  # an action model was given: id and name need no request


def _target(value: Any, field: str) -> _Target:
    if isinstance(value, str) and value:
        return _Target(action_id=value)
    if isinstance(value, BindingRef):
        if not isinstance(value.value, str) or not value.value:
            raise ValidationError(f"{field}: the reference needs a non-empty value", field=field)
        if value.type == BindingRefType.ACTION_ID:
            return _Target(action_id=value.value)
        if value.type == BindingRefType.ACTION_NAME:
            return _Target(name=value.value)
        if value.type == BindingRefType.BINDING_ID:
            return _Target(binding_id=value.value)
        raise ValidationError(f"{field}: unknown reference type {value.type!r}", field=field)
    if isinstance(value, ActionModel):
        action_id, name = _identity(value)
        return _Target(action_id=action_id, name=name, known=True)
    raise ValidationError(
        f"{field} must be an action id, an action or a BindingRef, got {type(value).__name__}",
        field=field,
    )


def _matches(facts: BindingFacts, target: _Target) -> bool:
    if target.binding_id is not None:
        return facts.ref.type == BindingRefType.BINDING_ID and facts.ref.value == target.binding_id
    if target.action_id is not None:
        return facts.action_id == target.action_id
    return facts.action_name is not None and facts.action_name == target.name


def _resolve(
    provider: Provider[Any, Any, Any], target: _Target, field: str
) -> Plan[tuple[str, str | None]]:
    """The id and name of the action to bind (a GET or a name lookup unless a model was given)."""
    if target.known and target.action_id is not None:
        return target.action_id, target.name
    if target.action_id is not None:
        action = yield from provider.get_action(target.action_id)
        return _identity(action)
    if target.name is not None:
        found = yield from provider.find_action_by_name(target.name)
        if found is None:
            raise NotFoundError(f"no action is named {target.name!r}", status_code=404)
        return _identity(found)
    raise ValidationError(
        f"{field}: a binding id names an existing binding, and none on this trigger has it; "
        "pass the action (id, name or model) to bind it",
        field=field,
    )


@attrs.frozen
class _Entry:
    """One item of the list to write: an existing binding (by index) or a new one."""

    index: int | None = None
    action_id: str | None = None
    display_name: str | None = None
    secrets: Any = None
    changed: bool = False  # an existing binding whose display name or secrets change


@attrs.frozen
class _Placement:
    position: int | None = None
    anchor: _Target | None = None
    after: bool = False

    def index(self, facts: Sequence[BindingFacts], length: int) -> int:
        """Where the binding goes among ``facts`` (the list without it), ``length`` items after."""
        if self.position is not None:
            index = self.position + length if self.position < 0 else self.position
            if not 0 <= index < length:
                raise ValidationError(
                    f"position {excerpt(self.position)} is outside the trigger's {length} "
                    "binding(s)",
                    field="position",
                )
            return index
        if self.anchor is None:
            return len(facts)
        field = "after" if self.after else "before"
        for index, item in enumerate(facts):
            if _matches(item, self.anchor):
                return index + 1 if self.after else index
        raise ValidationError(f"{field}: that action is not bound to this trigger", field=field)


def _placement(position: int | None, before: Any, after: Any, *, required: bool) -> _Placement:
    given = [
        name
        for name, value in (("position", position), ("before", before), ("after", after))
        if value is not None
    ]
    if len(given) > 1:
        raise ValidationError(
            f"give at most one of position, before and after (got {', '.join(given)})",
            field=given[1],
        )
    if required and not given:
        raise ValidationError("give position, before or after", field="position")
    if position is not None:
        if isinstance(position, bool) or not isinstance(position, int):
            raise ValidationError(
                f"position must be an int, got {excerpt(position)}", field="position"
            )
        return _Placement(position=position)
    if before is not None:
        return _Placement(anchor=_target(before, "before"))
    if after is not None:
        return _Placement(anchor=_target(after, "after"), after=True)
    return _Placement()


def _write(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    current: list[B],
    facts: list[BindingFacts],
    entries: list[_Entry],
) -> Plan[list[B]]:
    """Write ``entries`` as the trigger's list, unless it is exactly the current one."""
    if [entry.index for entry in entries] == list(range(len(current))) and not any(
        entry.changed for entry in entries
    ):
        return current
    items: list[Any] = []
    for entry in entries:
        if entry.index is None:
            assert entry.action_id is not None  # noqa: S101 - new entries always carry an id
            items.append(provider.new_binding(entry.action_id, entry.display_name, entry.secrets))
        elif entry.changed:
            ref = facts[entry.index].ref
            items.append(
                BindingUpdate(ref=ref, display_name=entry.display_name, secrets=entry.secrets)
            )
        else:
            items.append(facts[entry.index].ref)
    written: list[B] = yield from provider.update_bindings(trigger, items)
    return written


def _check_binding_options(
    provider: Provider[Any, Any, Any], display_name: Any, secrets: Any, operation: str
) -> None:
    if display_name is not None and not isinstance(display_name, str):
        raise ValidationError("display_name must be a string", field="display_name")
    if (display_name is not None or secrets is not None) and not provider.binding_display_names:
        what = "display_name" if display_name is not None else "secrets"
        raise UnsupportedOperationError(
            provider.name, f"{operation}({what}=...)", "bindings have no name or secrets"
        )


def add_binding(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    action: ActionInput,
    *,
    position: int | None,
    before: ActionInput | None,
    after: ActionInput | None,
    display_name: str | None,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.add``: insert one binding, keeping every other one as it is.

    Args:
        provider: The vendor's provider.
        trigger: The trigger.
        action: The action to bind.
        position: Its index in the new list (negative counts from the end).
        before: Bind it just before this bound action.
        after: Bind it just after this bound action.
        display_name: The new binding's display name (Auth0; default: the action's name).
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the trigger's list afterwards.
    """
    fetch = provider.list_bindings(trigger, UNSET)
    target = _target(action, "action")
    placement = _placement(position, before, after, required=False)
    _check_binding_options(provider, display_name, None, "actions.triggers.bindings.add")

    def plan() -> Plan[list[B]]:
        current = yield from _all_items(fetch)
        facts = [provider.binding_facts(binding) for binding in current]
        if any(_matches(item, target) for item in facts):
            return current  # already bound: left where it is (move() changes its place)
        action_id, name = yield from _resolve(provider, target, "action")
        if any(item.action_id == action_id for item in facts):
            return current
        index = placement.index(facts, len(current) + 1)
        entries = [_Entry(index=i) for i in range(len(current))]
        label = display_name if display_name is not None else name
        entries.insert(
            index,
            _Entry(
                action_id=action_id,
                display_name=label if provider.binding_display_names else None,
            ),
        )
        return (yield from _write(provider, trigger, current, facts, entries))

    return _persistently(plan, policy)


def remove_binding(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    action: ActionInput,
    *,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.remove``: drop the action's binding(s), keeping every other one.

    Args:
        provider: The vendor's provider.
        trigger: The trigger.
        action: The action (or binding) to unbind.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the trigger's list afterwards (no write when it was not bound).
    """
    fetch = provider.list_bindings(trigger, UNSET)
    target = _target(action, "action")
    return _persistently(lambda: _remove(provider, trigger, fetch, target), policy)


def _remove(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    fetch: PageFetcher[B],
    target: _Target,
) -> Plan[list[B]]:
    current = yield from _all_items(fetch)
    facts = [provider.binding_facts(binding) for binding in current]
    entries = [_Entry(index=i) for i, item in enumerate(facts) if not _matches(item, target)]
    return (yield from _write(provider, trigger, current, facts, entries))


def move_binding(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    action: ActionInput,
    *,
    position: int | None,
    before: ActionInput | None,
    after: ActionInput | None,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.move``: change one binding's place, keeping it and every other one.

    Args:
        provider: The vendor's provider.
        trigger: The trigger.
        action: The bound action (or binding) to move; its first binding when bound twice.
        position: Its index in the new list (negative counts from the end).
        before: Move it just before this bound action.
        after: Move it just after this bound action.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the trigger's list afterwards.
    """
    fetch = provider.list_bindings(trigger, UNSET)
    target = _target(action, "action")
    placement = _placement(position, before, after, required=True)

    def plan() -> Plan[list[B]]:
        current = yield from _all_items(fetch)
        facts = [provider.binding_facts(binding) for binding in current]
        moved = next((i for i, item in enumerate(facts) if _matches(item, target)), None)
        if moved is None:
            raise ValidationError(
                "action: that action is not bound to this trigger", field="action"
            )
        if placement.anchor is not None and _matches(facts[moved], placement.anchor):
            return current  # before/after itself: it already is there
        rest = [i for i in range(len(current)) if i != moved]
        index = placement.index([facts[i] for i in rest], len(current))
        order = [*rest[:index], moved, *rest[index:]]
        entries = [_Entry(index=i) for i in order]
        return (yield from _write(provider, trigger, current, facts, entries))

    return _persistently(plan, policy)


def replace_bindings(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    items: Sequence[ActionInput | BindingUpdate],
    *,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.replace``: make the list exactly ``items``, keeping existing bindings.

    An item already bound keeps its binding (Auth0: id and display name, unless a
    ``BindingUpdate`` gives a new display name or secrets); the others are bound anew.

    Args:
        provider: The vendor's provider.
        trigger: The trigger.
        items: The wanted list, in execution order.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the trigger's list afterwards (no write when it already is).
    """
    fetch = provider.list_bindings(trigger, UNSET)
    wanted: list[tuple[_Target, BindingUpdate | None]] = []
    for index, item in enumerate(check_sequence(items, "items")):
        field = f"items[{index}]"
        if isinstance(item, BindingUpdate):
            _check_binding_options(
                provider, item.display_name, item.secrets, "actions.triggers.bindings.replace"
            )
            wanted.append((_target(item.ref, field), item))
        else:
            wanted.append((_target(item, field), None))

    def plan() -> Plan[list[B]]:
        current = yield from _all_items(fetch)
        facts = [provider.binding_facts(binding) for binding in current]
        used: set[int] = set()
        entries: list[_Entry] = []
        for index, (target, update) in enumerate(wanted):
            found = next(
                (i for i, item in enumerate(facts) if i not in used and _matches(item, target)),
                None,
            )
            name: str | None = None
            if found is None:
                action_id, name = yield from _resolve(provider, target, f"items[{index}]")
                found = next(
                    (
                        i
                        for i, item in enumerate(facts)
                        if i not in used and item.action_id == action_id
                    ),
                    None,
                )
            display_name = update.display_name if update is not None else None
            secrets = update.secrets if update is not None else None
            if found is not None:
                used.add(found)
                changed = secrets is not None or (
                    display_name is not None and display_name != facts[found].display_name
                )
                entries.append(
                    _Entry(index=found, display_name=display_name, secrets=secrets, changed=changed)
                )
                continue
            label = display_name if display_name is not None else name
            entries.append(
                _Entry(
                    action_id=action_id,
                    display_name=label if provider.binding_display_names else None,
                    secrets=secrets,
                )
            )
        return (yield from _write(provider, trigger, current, facts, entries))

    return _persistently(plan, policy)


# -- unbind and delete ------------------------------------------------------------------------


def _delete_once(
    provider: Provider[Any, Any, Any], action_id: str, policy: RetryPolicy
) -> Plan[None]:
    """DELETE the action, repeating it here (not in the transport) to know what a 404 means.

    A 404 after an attempt that may have landed is that attempt's success; a 404 on the first
    attempt means there was no such action, and is raised.
    """
    attempt = 0
    uncertain = False
    while True:
        attempt += 1
        try:
            yield from _watched(
                provider.delete_action(action_id, force=False), [], repeatable=False
            )
        except NotFoundError:
            if uncertain:
                logger.info("action %s is gone: an earlier delete attempt landed", action_id)
                return None
            raise
        except ActionsSDKError as exc:
            error = _transient(exc)
            uncertain = uncertain or _may_have_landed(exc)
        else:
            return None
        pause = policy.retry_wait(error, attempt)
        if pause is None:
            raise error
        yield Sleep(pause)


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
