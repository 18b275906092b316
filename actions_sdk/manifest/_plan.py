"""Compare a manifest with the remote state and produce an ordered, reviewable plan.

A plan is data: it holds everything apply sends (code, fields, secret *names* and the variables
their values come from, never a value) and the stamp of every remote object it touches, so an
apply can refuse a plan the remote state has moved away from.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from fnmatch import fnmatchcase
from functools import partial
from typing import Any

import attrs

from actions_sdk._checks import excerpt
from actions_sdk.manifest._errors import ManifestError, Problem
from actions_sdk.manifest._load import (
    API_AUTH0,
    API_ZITADEL_V2,
    SECTIONS,
    ActionSpec,
    Manifest,
    auth0_trigger_fields,
    format_duration,
    target_fields,
)
from actions_sdk.manifest._remote import RemoteAction, api_of, read_actions, read_bindings

__all__ = ["PLAN_FORMAT", "Change", "Plan", "Step", "plan"]

PLAN_FORMAT = 1
# Step kinds in the order a plan lists them: deletes first (each unbinds before it deletes),
# then creates and updates (each built, deployed and waited for), then the binding lists.
_ORDER = {"delete": 0, "create": 1, "update": 1, "deploy": 1, "bind": 2}


@attrs.frozen(kw_only=True)
class Change:
    """One field's change, readable and JSON-ready.

    Attributes:
        field: The field (``code``, ``runtime``, ``secret API_KEY`` …).
        before: The remote value (``None`` when absent).
        after: The manifest's value.
        diff: For code: a unified diff instead of the two values.
    """

    field: str
    before: Any = None
    after: Any = None
    diff: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form.

        Returns:
            A dict with ``field`` and either ``diff`` or ``before``/``after``.
        """
        if self.diff is not None:
            return {"field": self.field, "diff": self.diff}
        return {"field": self.field, "before": self.before, "after": self.after}


STEP_OPS = ("delete", "create", "update", "deploy", "bind")
"""Every kind of step a plan holds; a saved plan with another is refused when read."""

STEP_KINDS = ("action", "target")
"""What a step acts on: an action, or a ZITADEL v2 target."""


@attrs.frozen(kw_only=True)
class Step:
    """One step of a plan.

    Attributes:
        op: ``delete``, ``create``, ``update``, ``deploy`` or ``bind``.
        name: The action's name (``bind``: the trigger; ZITADEL v2: the condition).
        kind: What the step acts on, for the reader: ``action``, or ``target`` on ZITADEL v2.
        id: The remote action's id (``None`` for a create and a bind).
        expect: The remote stamp the step was planned against (``bind``: the bound names).
        changes: The field changes, for review.
        send: The fields apply sends (names as the SDK's ``create``/``update`` take them).
        secrets: The secrets apply writes, as ``(name, env var)``; ``None``: leave them alone.
        deploy: Build, deploy and wait after writing (Auth0).
        bindings: ``bind``: the new ordered list of action names.
    """

    op: str
    name: str
    kind: str = "action"
    id: str | None = None
    expect: Any = None
    changes: tuple[Change, ...] = ()
    send: dict[str, Any] = attrs.field(factory=dict)
    secrets: tuple[tuple[str, str], ...] | None = None
    deploy: bool = False
    bindings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form.

        Returns:
            A dict of the step's fields.
        """
        return {
            "op": self.op,
            "name": self.name,
            "kind": self.kind,
            "id": self.id,
            "expect": list(self.expect) if isinstance(self.expect, tuple) else self.expect,
            "changes": [c.to_dict() for c in self.changes],
            "send": self.send,
            "secrets": None if self.secrets is None else [list(s) for s in self.secrets],
            "deploy": self.deploy,
            "bindings": list(self.bindings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        """Rebuild a step from ``data``, its :meth:`to_dict` form, for :meth:`Plan.from_dict`."""
        expect = data.get("expect")
        op = data["op"]
        if op not in STEP_OPS:
            # A plan file is input like any other: an unknown step is refused, never guessed.
            raise ValueError(f"unknown step {excerpt(op)}; a step is one of {', '.join(STEP_OPS)}")
        kind = data.get("kind") or "action"  # plans saved before v2 say nothing
        if kind not in STEP_KINDS:
            raise ValueError(f"unknown kind {excerpt(kind)}; a step acts on an action or a target")
        return cls(
            op=op,
            name=data["name"],
            kind=kind,
            id=data.get("id"),
            expect=tuple(expect) if isinstance(expect, list) else expect,
            changes=tuple(Change(**c) for c in data.get("changes", ())),
            send=dict(data.get("send") or {}),
            secrets=None
            if data.get("secrets") is None
            else tuple((s[0], s[1]) for s in data["secrets"]),
            deploy=bool(data.get("deploy")),
            bindings=tuple(data.get("bindings", ())),
        )

    def describe(self) -> str:
        """Return a one-line summary, e.g. ``create action add-roles``.

        Returns:
            The summary.
        """
        if self.op == "bind":
            return f"bind {self.name}: [{', '.join(self.bindings)}]"
        then = " (build, deploy, wait)" if self.deploy and self.op != "deploy" else ""
        what = {"delete": "delete (unbind first)"}.get(self.op, self.op)
        what = f"{what} {self.kind}"
        return f"{what} {self.name}{then}"


@attrs.frozen(kw_only=True)
class Plan:
    """An ordered list of steps that makes the remote state match a manifest.

    Attributes:
        api: The manifest's ``api``.
        target: The base URL of the tenant or instance it was computed for.
        steps: The steps, in the order apply runs them.
    """

    api: str
    target: str
    steps: tuple[Step, ...] = ()

    @property
    def has_changes(self) -> bool:
        """Whether applying the plan would change anything."""
        return bool(self.steps)

    def summary(self) -> dict[str, int]:
        """Count the steps by kind.

        Returns:
            ``{"create": n, "update": n, "deploy": n, "delete": n, "bind": n}``.
        """
        counts = dict.fromkeys(("create", "update", "deploy", "delete", "bind"), 0)
        for step in self.steps:
            counts[step.op] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (what ``actions-sdk plan --out`` saves).

        Returns:
            A dict holding no secret value.
        """
        return {
            "format": PLAN_FORMAT,
            "api": self.api,
            "target": self.target,
            "summary": self.summary(),
            "steps": [s.to_dict() for s in self.steps],
        }

    def to_json(self) -> str:
        """Return the JSON form as text, keys sorted, so it is stable.

        Returns:
            The JSON text, ending with a newline.
        """
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """Rebuild a saved plan.

        Args:
            data: What :meth:`to_dict` returned.

        Returns:
            The plan.

        Raises:
            ManifestError: Not a plan of a format this SDK reads.
        """
        if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
            raise ManifestError([Problem("plan", None, f"not a plan of format {PLAN_FORMAT}")])
        try:
            return cls(
                api=data["api"],
                target=data["target"],
                steps=tuple(Step.from_dict(s) for s in data["steps"]),
            )
        except (KeyError, TypeError, IndexError, ValueError) as exc:
            raise ManifestError([Problem("plan", None, f"malformed plan: {exc!r}")]) from None

    def render(self) -> str:
        """Return the plan as readable text: one block per step, code as a unified diff.

        Returns:
            The text, ending with a newline.
        """
        if not self.steps:
            return f"No changes: {self.target} matches the manifest.\n"
        counts = self.summary()
        parts = [f"{n} to {op}" for op, n in counts.items() if n]
        lines = [f"Plan for {self.target} ({self.api}): {', '.join(parts)}."]
        marks = {"create": "+", "delete": "-", "update": "~", "deploy": "~", "bind": "~"}
        for number, step in enumerate(self.steps, 1):
            lines.append(f"{number}. {marks[step.op]} {step.describe()}")
            if step.op == "bind":
                before = ", ".join(step.expect or ())
                lines.append(f"     order: [{before}] -> [{', '.join(step.bindings)}]")
            for change in step.changes:
                if change.diff is not None:
                    lines.append(f"     {change.field}:")
                    lines.extend(f"       {line}" for line in change.diff.splitlines())
                elif change.field.startswith(("set secret", "remove secret")):
                    lines.append(f"     {change.field}")
                elif step.op == "create":
                    lines.append(f"     {change.field}: {_shown(change.field, change.after)}")
                else:
                    before = _shown(change.field, change.before)
                    after = _shown(change.field, change.after)
                    lines.append(f"     {change.field}: {before} -> {after}")
        return "\n".join(lines) + "\n"


def _shown(field: str, value: Any) -> str:
    """A changed value in the plan's text, as the manifest writes it (``timeout: 5s``).

    The JSON form keeps the number: it is for programs, and this text is for the person who
    wrote ``5s`` in the manifest.
    """
    if field == "timeout" and isinstance(value, int | float) and not isinstance(value, bool):
        return format_duration(value)
    return json.dumps(value)


def _code_change(name: str, before: str, after: str, file: str | None) -> Change:
    diff = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        f"remote/{name}",
        f"manifest/{file or name}",
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
    return Change(field="code", diff=text.rstrip("\n"))


def _secret_plan(
    spec: ActionSpec,
    remote: RemoteAction | None,
    set_secrets: bool,
    problems: list[Problem],
    file: str,
) -> tuple[list[Change], tuple[tuple[str, str], ...] | None]:
    """Decide whether the secrets are written, and check every kept secret has a value.

    Auth0 replaces the whole ``secrets`` array whenever the key is sent, and never returns
    values. So the array is sent only when the set of names changes (or ``set_secrets`` asks to
    write the values again); then every secret the action keeps must have its ``${ENV}`` value,
    or it would be wiped. Otherwise the key is left out and every remote value stays.
    """
    if spec.secrets is None:
        return [], None
    want = {s.name: s.env for s in spec.secrets}
    have = set(remote.secrets) if remote is not None else set()
    added = sorted(set(want) - have)
    removed = sorted(have - set(want))
    rewrite = set_secrets and any(env is not None for env in want.values())
    if not (added or removed or rewrite):
        return [], None
    missing = sorted(name for name, env in want.items() if env is None)
    if missing:
        problems.append(
            Problem(
                file,
                spec.line,
                f"action {spec.name!r}: secrets {', '.join(missing)} have no ${{ENV}} value; "
                "Auth0 replaces the whole set when any secret changes, so every kept secret "
                "needs its value",
            )
        )
        return [], None
    changes = [Change(field=f"remove secret {name}") for name in removed]
    # Every kept secret is sent again with its value: Auth0 replaces the whole set.
    changes += [
        Change(field=f"set secret {name}" + (" (new)" if name in added else " (sent again)"))
        for name in sorted(want)
    ]
    return changes, tuple((name, str(env)) for name, env in sorted(want.items()))


def _fields(spec: ActionSpec, api: str) -> dict[str, Any]:
    """What a create sends, in the SDK's argument names (no secrets: they travel by name)."""
    if api == API_ZITADEL_V2:
        return target_fields(spec)  # the load checked them: async is never interrupt_on_error
    send: dict[str, Any] = {"code": spec.code or ""}
    if api == API_AUTH0:
        trigger: dict[str, str] = {"id": str(spec.trigger)}
        if spec.trigger_version is not None:
            trigger["version"] = spec.trigger_version
        send["supported_triggers"] = [trigger]
        if spec.runtime is not None:
            send["runtime"] = spec.runtime
        send["dependencies"] = [{"name": n, "version": v} for n, v in spec.dependencies]
    else:
        if spec.timeout is not None:
            send["timeout"] = spec.timeout
        send["allowed_to_fail"] = spec.allowed_to_fail
    return send


def _create_changes(spec: ActionSpec, api: str) -> list[Change]:
    """The fields a create sets, for review, in the manifest's terms."""
    if api == API_AUTH0:
        fields = auth0_trigger_fields(spec)
    elif api == API_ZITADEL_V2:
        fields = target_fields(spec)
    else:
        fields = {"allowed_to_fail": spec.allowed_to_fail}
        if spec.timeout is not None:
            fields["timeout"] = spec.timeout
    return [Change(field=k, after=v) for k, v in sorted(fields.items())]


def _differences(
    spec: ActionSpec, remote: RemoteAction, api: str, problems: list[Problem], file: str
) -> tuple[list[Change], dict[str, Any]]:
    changes: list[Change] = []
    send: dict[str, Any] = {}

    def differs(field: str, before: Any, after: Any, wire: Any = None, key: str = "") -> None:
        # One field to change: shown as before/after, sent under ``key`` (the field's name by
        # default) as ``wire`` (``after`` by default).
        changes.append(Change(field=field, before=before, after=after))
        send[key or field] = after if wire is None else wire

    if remote.name != spec.name:
        differs("name", remote.name, spec.name)
    if api == API_ZITADEL_V2:
        # Normalised on both sides (seconds, lower-case types, absent payload type is json,
        # absent interrupt_on_error is false), so only a real difference is planned.
        have, want = target_fields(remote), target_fields(spec)
        for field, after in want.items():
            before = have[field]
            same = _same_seconds(before, after) if field == "timeout" else before == after
            if not same:
                differs(field, before, after)
        return changes, send
    code = spec.code or ""
    if remote.code != code:
        changes.append(_code_change(spec.name, remote.code, code, spec.code_file))
        send["code"] = code
    if api == API_AUTH0:
        version_differs = spec.trigger_version not in (None, remote.trigger_version)
        if remote.trigger != spec.trigger:
            # Auth0 upgrades an action's trigger version but never moves it to another trigger
            # ("can't upgrade to this trigger"): say so now instead of failing half-way.
            problems.append(
                Problem(
                    file,
                    spec.line,
                    f"action {spec.name!r}: Auth0 cannot move an action from trigger "
                    f"{remote.trigger!r} to {spec.trigger!r}; give it a new name (and a "
                    "tombstone for the old one)",
                )
            )
        elif version_differs:
            before = {"id": remote.trigger, "version": remote.trigger_version}
            after = {"id": spec.trigger, "version": spec.trigger_version or remote.trigger_version}
            wire = [{k: v for k, v in after.items() if v is not None}]
            differs("trigger", before, after, wire, key="supported_triggers")
        if spec.runtime is not None and spec.runtime != remote.runtime:
            differs("runtime", remote.runtime, spec.runtime)
        if spec.dependencies != remote.dependencies:
            wire = [{"name": n, "version": v} for n, v in spec.dependencies]
            differs("dependencies", dict(remote.dependencies), dict(spec.dependencies), wire)
    else:
        # Durations compare as seconds ("5s" and "5.000s" are one value); absent means "keep".
        if spec.timeout is not None and not _same_seconds(spec.timeout, remote.timeout):
            differs("timeout", remote.timeout, spec.timeout)
        if spec.allowed_to_fail != remote.allowed_to_fail:
            differs("allowed_to_fail", remote.allowed_to_fail, spec.allowed_to_fail)
    return changes, send


def _same_seconds(a: float, b: float) -> bool:
    """Whether two durations in seconds are one value, up to float rounding (v1 and v2 alike)."""
    return abs(a - b) <= 1e-9


def _selected(name: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    if include and not any(fnmatchcase(name, glob) for glob in include):
        return False
    return not any(fnmatchcase(name, glob) for glob in exclude)


def plan(
    client: Any,
    manifest: Manifest,
    *,
    prune: bool = False,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    set_secrets: bool = False,
) -> Plan:
    """Compare the remote state with the manifest; only reads, never writes.

    Args:
        client: A sync ``ManagementClient`` for the manifest's vendor.
        manifest: The loaded manifest.
        prune: Also delete remote actions that the manifest owns (their names match one of its
            ``managed`` globs) but does not list. Without it, only tombstones delete.
        include: Only actions whose names match one of these globs (bindings are always
            planned).
        exclude: Leave out actions whose names match one of these globs.
        set_secrets: Write every secret that has a value again (values cannot be compared).

    Returns:
        The plan; empty when the remote state matches.

    Raises:
        ManifestError: The manifest is for another vendor, or it cannot be applied as written
            (say, a kept secret without a value, or ``prune`` without ``managed``).
    """
    api = api_of(client)
    file = str(manifest.path)
    kind = "target" if api == API_ZITADEL_V2 else "action"
    lists = SECTIONS[api][1]
    if manifest.api != api:
        raise ManifestError(
            [Problem(file, None, f"the manifest is for {manifest.api}, the client for {api}")]
        )
    problems: list[Problem] = []
    if prune and not manifest.managed:
        problems.append(
            Problem(
                file, None, "prune needs a managed: list of name globs (what this manifest owns)"
            )
        )
    remote = read_actions(client)
    steps: list[Step] = []
    specs = [s for s in manifest.actions if _selected(s.name, include, exclude)]
    claimed = {s.name for s in manifest.actions} | {
        s.renamed_from for s in manifest.actions if s.renamed_from
    }
    deleted: set[str] = set()
    for spec in specs:
        found = remote.get(spec.name)
        if spec.delete and found is not None:
            steps.append(
                Step(op="delete", name=spec.name, kind=kind, id=found.id, expect=found.stamp)
            )
            deleted.add(spec.name)
    if prune and manifest.managed:
        for name, found in sorted(remote.items()):
            owned = any(fnmatchcase(name, glob) for glob in manifest.managed)
            if owned and name not in claimed and _selected(name, include, exclude):
                steps.append(
                    Step(op="delete", name=name, kind=kind, id=found.id, expect=found.stamp)
                )
                deleted.add(name)
    for spec in specs:
        if spec.delete:
            continue
        found = remote.get(spec.name)
        if found is None and spec.renamed_from:
            found = remote.get(spec.renamed_from)
        secret_changes, secrets = _secret_plan(spec, found, set_secrets, problems, file)
        deploy = api == API_AUTH0
        if found is None:
            send = _fields(spec, api)
            changes = []
            if api != API_ZITADEL_V2:  # a target has no code: its endpoint runs elsewhere
                changes.append(_code_change(spec.name, "", spec.code or "", spec.code_file))
            changes += _create_changes(spec, api)
            steps.append(
                Step(
                    op="create",
                    name=spec.name,
                    kind=kind,
                    changes=tuple(changes + secret_changes),
                    send=send,
                    secrets=secrets,
                    deploy=deploy,
                )
            )
            continue
        # An update or a deploy acts on the remote action as it was read (compare-and-set).
        on_remote = partial(Step, name=spec.name, kind=kind, id=found.id, expect=found.stamp)
        changes, send = _differences(spec, found, api, problems, file)
        if changes or secret_changes:
            every = tuple(changes + secret_changes)
            steps.append(
                on_remote(op="update", changes=every, send=send, secrets=secrets, deploy=deploy)
            )
        elif deploy and not found.deployed:
            # Built but not deployed (an interrupted apply, a failed build fixed since): the
            # manifest's code is what should run, so deploy it.
            deployed = (Change(field="deployed", before=False, after=True),)
            steps.append(on_remote(op="deploy", changes=deployed, deploy=True))
    triggers = [t for t, _ in manifest.bindings]
    bound = read_bindings(client, triggers)
    for trigger, want in manifest.bindings:
        have = bound[trigger]
        for name in want:
            if name in deleted:
                problems.append(
                    Problem(file, None, f"{lists}: {trigger!r} lists {name!r}, which is pruned")
                )
        # The deletes before this step unbind what they delete; compare with what remains.
        if tuple(n for n in have if n not in deleted) != want:
            steps.append(Step(op="bind", name=trigger, kind=kind, expect=have, bindings=want))
    if problems:
        raise ManifestError(problems)
    steps.sort(key=lambda s: _ORDER[s.op])  # stable: manifest order within each kind
    return Plan(api=api, target=client.base_url, steps=tuple(steps))
