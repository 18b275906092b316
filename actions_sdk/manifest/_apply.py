"""Execute a saved plan exactly, after checking the remote state has not moved since."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from actions_sdk.errors import ActionsSDKError
from actions_sdk.manifest._errors import ManifestError, Problem, StalePlanError
from actions_sdk.manifest._plan import Plan, Step
from actions_sdk.manifest._remote import api_of, read_actions, read_bindings

__all__ = ["ApplyError", "ApplyReport", "Progress", "apply"]

logger = logging.getLogger("actions_sdk.manifest")

#: Called before (``done=False``) and after (``done=True``) each step: ``(index, total, step,
#: done)``. The CLI shows it as a progress line; replaceable by any callable.
Progress = Callable[[int, int, Step, bool], None]


@attrs.frozen(kw_only=True)
class ApplyReport:
    """What an apply did and did not do.

    Attributes:
        done: The steps completed, in order.
        failed: The step that failed, if one did.
        not_done: The steps not attempted.
        error: Why the failed step failed (an SDK error; never a secret value).
    """

    done: tuple[Step, ...] = ()
    failed: Step | None = None
    not_done: tuple[Step, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every step was done."""
        return self.failed is None and not self.not_done

    def render(self) -> str:
        """Return the report as text.

        Returns:
            One line per step, ending with a newline.
        """
        lines = [f"done: {s.describe()}" for s in self.done]
        if self.failed is not None:
            lines.append(f"FAILED: {self.failed.describe()}: {self.error}")
        lines += [f"not done: {s.describe()}" for s in self.not_done]
        lines.append(
            "Apply complete." if self.ok else "Apply incomplete: plan again and apply to converge."
        )
        return "\n".join(lines) + "\n"


class ApplyError(ActionsSDKError):
    """A step of the apply failed; ``report`` says what was done and what was not.

    Attributes:
        report: The apply report.
    """

    def __init__(self, report: ApplyReport) -> None:
        self.report = report
        failed = report.failed.describe() if report.failed else "?"
        super().__init__(
            f"apply stopped at '{failed}': {report.error}; {len(report.done)} step(s) done, "
            f"{len(report.not_done)} not done"
        )


def _stale(client: Any, plan: Plan) -> list[str]:
    """Compare each step's recorded stamp with the remote state now (compare-and-set)."""
    changed: list[str] = []
    remote = read_actions(client)
    by_id = {a.id: a for a in remote.values()}
    bound = read_bindings(client, [s.name for s in plan.steps if s.op == "bind"])
    for step in plan.steps:
        what = f"{step.kind} {step.name!r}"  # action, or a ZITADEL v2 target
        if step.op == "create":
            if step.name in remote:
                changed.append(f"{what} was created meanwhile")
        elif step.op == "bind":
            if bound[step.name] != tuple(step.expect or ()):
                changed.append(f"the bindings of {step.name!r} changed")
        else:
            now = by_id.get(str(step.id))
            if now is None:
                changed.append(f"{what} is gone")
            elif now.stamp != step.expect:
                changed.append(f"{what} was changed meanwhile")
    return changed


def _secret_values(plan: Plan, env: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    missing: list[Problem] = []
    for step in plan.steps:
        for name, var in step.secrets or ():
            if var in env:
                values[var] = env[var]
            else:
                missing.append(
                    Problem("plan", None, f"{step.name}: secret {name}: ${{{var}}} is not set")
                )
    if missing:
        raise ManifestError(missing)
    return values


def _run(client: Any, step: Step, values: Mapping[str, str], timeout: float) -> None:
    from actions_sdk import BindingRef  # the public name: stable whatever module holds it

    actions = client.actions
    send = dict(step.send)
    if step.secrets is not None:
        send["secrets"] = [{"name": n, "value": values[v]} for n, v in step.secrets]
    if step.op == "delete":
        actions.delete(step.id, unbind=True)
    elif step.op == "create":
        if step.deploy:
            actions.create(name=step.name, deploy=True, wait=True, wait_timeout=timeout, **send)
        else:
            actions.create(name=step.name, **send)
    elif step.op == "update":
        actions.update(step.id, **send)
        if step.deploy:
            actions.deploy(step.id, wait=True, timeout=timeout)
    elif step.op == "deploy":
        actions.deploy(step.id, wait=True, timeout=timeout)
    elif step.op == "bind":
        refs = [BindingRef.by_action_name(name) for name in step.bindings]
        actions.triggers.bindings.replace(step.name, refs)
    else:  # Step.from_dict refuses other kinds; a Step built in code must not be guessed either
        raise ManifestError([Problem("plan", None, f"unknown step {step.op!r}")])


def apply(
    client: Any,
    plan: Plan,
    *,
    env: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    wait_timeout: float = 300.0,
) -> ApplyReport:
    """Execute exactly the steps of ``plan``, in order.

    Before anything is written, every secret's variable is read and the remote state is compared
    with the stamps the plan recorded: a plan the remote state moved away from is refused. Each
    step uses the SDK's safe helpers (duplicate-free create, build-aware deploy, unbind-and-delete,
    order-preserving binding writes), so a run cut short is finished by planning and applying
    again.

    Args:
        client: A sync ``ManagementClient`` for the plan's tenant.
        plan: The plan (from :func:`plan` or ``Plan.from_dict``).
        env: Where secret values come from (default: the process environment).
        progress: Called before and after each step.
        wait_timeout: Seconds each build and deployment wait may last.

    Returns:
        The report, every step done.

    Raises:
        StalePlanError: The remote state changed since the plan; nothing was written.
        ManifestError: The plan is for another tenant, or a secret's variable is not set.
        ApplyError: A step failed; its ``report`` tells what was done and what was not.
    """
    if plan.target != client.base_url or plan.api != api_of(client):
        raise ManifestError(
            [Problem("plan", None, f"the plan is for {plan.target} ({plan.api}), not this client")]
        )
    values = _secret_values(plan, os.environ if env is None else env)
    changed = _stale(client, plan)
    if changed:
        raise StalePlanError(changed)
    done: list[Step] = []
    total = len(plan.steps)
    for index, step in enumerate(plan.steps):
        if progress is not None:
            progress(index, total, step, False)
        try:
            _run(client, step, values, wait_timeout)
        except ActionsSDKError as exc:
            report = ApplyReport(
                done=tuple(done),
                failed=step,
                not_done=plan.steps[index + 1 :],
                error=f"{type(exc).__name__}: {exc}",
            )
            logger.warning("apply stopped at %s: %s", step.describe(), type(exc).__name__)
            raise ApplyError(report) from exc
        done.append(step)
        logger.info("applied: %s", step.describe())
        if progress is not None:
            progress(index, total, step, True)
    return ApplyReport(done=tuple(done))
