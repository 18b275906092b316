"""The main job: scripted tenant automation on Auth0 and ZITADEL with one API.

Runs create → wait for the build → deploy → bind in order → list → update → roll back / reorder →
unbind → delete on both providers and prints a short report. Without credentials it runs against
the embedded emulators (``make demo``); with the variables listed in ``examples/_targets.py`` the
same script drives a real Auth0 tenant and/or ZITADEL instance, and cleans up after itself.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from _targets import auth0_client, zitadel_client

from actions_sdk import ActionsSDKError, BindingRef, BindingUpdate, BuildStatus, ManagementClient

Client = ManagementClient[Any, Any, Any]


class Report:
    """Prints one aligned line per step, with the elapsed time."""

    def __init__(self, title: str) -> None:
        self.started = time.perf_counter()
        print(f"\n== {title} ==")

    def step(self, name: str, detail: str) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"  {elapsed:5.1f}s  {name:<10} {detail}")


def wait_for(check: Callable[[], bool], *, timeout: float = 300, poll: float = 0.25) -> float:
    """Poll ``check`` until it is true; return how long that took."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise TimeoutError("gave up waiting")
        time.sleep(poll)
    return time.monotonic() - started


def built(client: Client, action_id: str) -> Callable[[], bool]:
    def check() -> bool:
        status = client.actions.get(action_id).status
        if status is BuildStatus.FAILED:
            raise RuntimeError(f"build of {action_id} failed")
        return status is BuildStatus.BUILT

    return check


def deployed(client: Client, action_id: str, number: int) -> Callable[[], bool]:
    def check() -> bool:
        version = client.actions.get(action_id).deployed_version
        return version is not None and version.number == number and bool(version.deployed)

    return check


def auth0_demo(client: Client, where: str) -> None:
    report = Report(f"Auth0 — {where}")
    code = (
        "exports.onExecutePostLogin = async (event, api) => "
        "{{ api.idToken.setCustomClaim('{}', true); }};"
    )
    names = ["actions-sdk-demo-greet", "actions-sdk-demo-roles"]
    created = []
    try:
        for name in names:
            created.append(
                client.actions.create(
                    name=name, supported_triggers=["post-login"], code=code.format(name)
                )
            )
        report.step("create", ", ".join(f"{a.name} ({a.status})" for a in created))
        for action in created:
            waited = wait_for(built(client, action.id))
            report.step("build", f"{action.name} built after {waited:.1f} s")
            version = client.actions.deploy(action.id)
            wait_for(deployed(client, action.id, version.number))
            report.step("deploy", f"{action.name} v{version.number} deployed")
        greet, roles = created
        bindings = client.actions.triggers.bindings
        bound = bindings.update_many(
            "post-login",
            [
                BindingUpdate(ref=BindingRef.by_action_id(roles.id), display_name="Roles"),
                BindingUpdate(ref=BindingRef.by_action_name(greet.name), display_name="Greeting"),
            ],
        )
        report.step("bind", "post-login: " + " → ".join(b.display_name or "?" for b in bound))
        mine = [a.name for a in client.actions.list(trigger_id="post-login") if a.name in names]
        report.step("list", f"{len(mine)} demo actions on post-login")
        client.actions.update(greet.id, code=code.format("greeting-v2"))
        wait_for(built(client, greet.id))
        v2 = client.actions.deploy(greet.id)
        wait_for(deployed(client, greet.id, v2.number))
        report.step("update", f"{greet.name} v{v2.number} deployed")
        v1 = next(v for v in client.actions.versions.list(greet.id) if v.number == 1)
        rolled = client.actions.versions.deploy(greet.id, v1.id)
        wait_for(deployed(client, greet.id, rolled.number))
        report.step("rollback", f"{greet.name} v{rolled.number} = copy of v1")
        # Keep every binding that is not ours, in order, by binding id (nothing re-created).
        others = [
            b for b in bindings.list("post-login") if b.action is None or b.action.name not in names
        ]
        bindings.update_many("post-login", [BindingRef.by_binding_id(b.id) for b in others])
        report.step("unbind", f"post-login keeps {len(others)} other binding(s)")
    finally:
        for action in created:
            client.actions.delete(action.id, force=True)
        if created:
            report.step("delete", f"{len(created)} demo actions removed")


def zitadel_demo(client: Client, where: str) -> None:
    report = Report(f"ZITADEL — {where}")
    trigger = "complement_token:pre_access_token_creation"
    names = ["actionsSdkDemoGreet", "actionsSdkDemoRoles"]
    created = []
    try:
        for name in names:
            created.append(
                client.actions.create(
                    name=name,
                    code=f"function {name}(ctx, api) {{ api.v1.claims.setClaim('{name}', true); }}",
                    timeout=5,
                )
            )
        report.step("create", ", ".join(f"{a.name} ({a.state.name.lower()})" for a in created))
        report.step("build", "nothing to wait for: ZITADEL actions are live once saved")
        greet, roles = created
        bindings = client.actions.triggers.bindings
        kept = [b.action.id for b in bindings.list(trigger)]
        bound = bindings.update_many(
            trigger,
            [
                *map(BindingRef.by_action_id, kept),
                BindingRef.by_action_id(roles.id),
                BindingRef.by_action_name(greet.name),
            ],
        )
        report.step("bind", f"{trigger}: " + " → ".join(b.action.name for b in bound))
        mine = [a.name for a in client.actions.list() if a.name in names]
        report.step("list", f"{len(mine)} demo actions in the organization")
        updated = client.actions.update(greet.id, allowed_to_fail=True)
        seconds = updated.timeout.total_seconds()
        detail = f"allowed_to_fail={updated.allowed_to_fail}, timeout={seconds:.0f}s kept"
        report.step("update", f"{updated.name}: {detail}")
        same = client.actions.update(greet.id, allowed_to_fail=True)
        report.step("no-op", f"identical update of {same.name} sent no write")
        reordered = bindings.update_many(
            trigger,
            [
                *map(BindingRef.by_action_id, kept),
                BindingRef.by_action_id(greet.id),
                BindingRef.by_action_id(roles.id),
            ],
        )
        report.step("reorder", " → ".join(b.action.name for b in reordered))
        bindings.update_many(trigger, [BindingRef.by_action_id(i) for i in kept])
        report.step("unbind", f"{trigger} keeps {len(kept)} other action(s)")
    finally:
        for action in created:
            client.actions.delete(action.id)
        if created:
            report.step("delete", f"{len(created)} demo actions removed")


def main() -> int:
    try:
        with auth0_client() as (client, where):
            auth0_demo(client, where)
        with zitadel_client() as (client, where):
            zitadel_demo(client, where)
    except ActionsSDKError as error:
        print(f"\nfailed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print("\nBoth providers: same calls, same namespaces, each vendor's wire format.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
