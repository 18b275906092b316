"""The main job: scripted tenant automation on Auth0, ZITADEL v1 and ZITADEL v2 with one API.

Runs create (built and deployed) → bind at a position → list → update and deploy → roll back /
reorder → unbind → delete on Auth0, ZITADEL's v1 actions and ZITADEL's v2 Actions (targets bound
to an execution condition) with the SDK's safe helpers, and prints a short report. Nothing here
polls by hand: ``create(..., deploy=True, wait=True)`` and ``deploy(id, wait=True)`` wait for
Auth0's builds, ``bindings.add/move/remove`` edit one binding
without touching the others, and ``delete(id, unbind=True)`` unbinds before deleting.

Without credentials it runs against the embedded emulators (``make demo``); with the variables
listed in ``examples/_targets.py`` the same script drives a real Auth0 tenant and/or ZITADEL
instance, and cleans up after itself.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from _targets import auth0_client, zitadel_client

from actions_sdk import ActionsSDKError, ManagementClient

Client = ManagementClient[Any, Any, Any]


class Report:
    """Prints one aligned line per step, with the elapsed time."""

    def __init__(self, title: str) -> None:
        self.started = time.perf_counter()
        print(f"\n== {title} ==")

    def step(self, name: str, detail: str) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"  {elapsed:5.1f}s  {name:<10} {detail}")


def auth0_demo(client: Client, where: str) -> None:
    report = Report(f"Auth0 — {where}")
    code = (
        "exports.onExecutePostLogin = async (event, api) => "
        "{{ api.idToken.setCustomClaim('{}', true); }};"
    )
    names = ["actions-sdk-demo-greet", "actions-sdk-demo-roles"]
    created = []
    bindings = client.actions.triggers.bindings
    try:
        for name in names:
            # Waits for the build (failing fast with the build errors) and for the deployment.
            action = client.actions.create(
                name=name,
                supported_triggers=["post-login"],
                code=code.format(name),
                deploy=True,
                wait=True,
            )
            created.append(action)
            version = action.deployed_version
            report.step("create", f"{action.name}: {action.status}, v{version.number} deployed")
        greet, roles = created
        # One binding at a time; whatever else runs on post-login keeps its place and identity.
        bindings.add("post-login", roles, position=0, display_name="Roles")
        bound = bindings.add("post-login", greet, after=roles, display_name="Greeting")
        report.step("bind", "post-login: " + " → ".join(b.display_name or "?" for b in bound))
        mine = [a.name for a in client.actions.list(trigger_id="post-login") if a.name in names]
        report.step("list", f"{len(mine)} demo actions on post-login")
        client.actions.update(greet.id, code=code.format("greeting-v2"))
        v2 = client.actions.deploy(greet.id, wait=True).deployed_version
        report.step("update", f"{greet.name} v{v2.number} built and deployed")
        v1 = next(v for v in client.actions.versions.list(greet.id) if v.number == 1)
        client.actions.versions.deploy(greet.id, v1.id, update_draft=True)
        # The draft now is what is being deployed: this waits for it, with no extra version.
        rolled = client.actions.deploy(greet.id, wait=True).deployed_version
        report.step("rollback", f"{greet.name} v{rolled.number} = copy of v1, live")
        again = bindings.add("post-login", greet, position=0)
        report.step("no-op", f"{greet.name} already bound: {len(again)} binding(s), no write")
        moved = bindings.move("post-login", greet, position=0)
        report.step("reorder", " → ".join(b.display_name or "?" for b in moved))
        left = bindings.remove("post-login", roles)
        report.step("unbind", f"post-login keeps {len(left)} binding(s), in order")
    finally:
        for action in created:
            # Unbinds it from every trigger first: no 409, no blind force=true.
            client.actions.delete(action.id, unbind=True)
        if created:
            report.step("delete", f"{len(created)} demo actions unbound and removed")


def zitadel_demo(client: Client, where: str, api: str = "v1") -> None:
    # The same steps on both ZITADEL APIs. v1 runs JavaScript inside ZITADEL, per organization,
    # on flow triggers; v2 calls your endpoints (targets) from executions, instance-wide.
    report = Report(f"ZITADEL {api} — {where}")
    if api == "v1":
        trigger, noun, scope = (
            "complement_token:pre_access_token_creation",
            "action",
            "organization",
        )
        names = ["actionsSdkDemoGreet", "actionsSdkDemoRoles"]
        option = "allowed_to_fail"
    else:
        trigger, noun, scope = "function:preaccesstoken", "target", "instance"
        names = ["actions-sdk-demo-greet", "actions-sdk-demo-roles"]
        option = "interrupt_on_error"
    created = []
    bindings = client.actions.triggers.bindings
    try:
        for name in names:
            # The same call as on Auth0: ZITADEL actions and targets are live once saved.
            created.append(
                client.actions.create(
                    name=name, timeout=5, deploy=True, wait=True, **content(api, name)
                )
            )
        report.step("create", ", ".join(f"{a.name} ({describe(a)})" for a in created))
        greet, roles = created
        bindings.add(trigger, roles)  # appended: what already runs there runs first
        bound = bindings.add(trigger, greet, after=roles)
        report.step("bind", f"{trigger}: " + " → ".join(b.action.name for b in bound))
        mine = [a.name for a in client.actions.list() if a.name in names]
        report.step("list", f"{len(mine)} demo {noun}s in the {scope}")
        updated = client.actions.update(greet.id, **{option: True})
        seconds = updated.timeout.total_seconds()
        detail = f"{option}={getattr(updated, option)}, timeout={seconds:.0f}s kept"
        report.step("update", f"{updated.name}: {detail}")
        same = client.actions.update(greet.id, **{option: True})
        report.step("no-op", f"identical update of {same.name} sent no write")
        reordered = bindings.move(trigger, greet, before=roles)
        report.step("reorder", " → ".join(b.action.name for b in reordered))
        left = bindings.remove(trigger, roles)
        report.step("unbind", f"{trigger} keeps {len(left)} {noun}(s), in order")
    finally:
        for action in created:
            client.actions.delete(action.id, unbind=True)  # ZITADEL detaches it everywhere
        if created:
            report.step("delete", f"{len(created)} demo {noun}s removed")


def content(api: str, name: str) -> dict[str, str]:
    """What a demo action runs: v1 code, or the v2 target's endpoint and type."""
    if api == "v1":
        return {"code": f"function {name}(ctx, api) {{ api.v1.claims.setClaim('{name}', true); }}"}
    # A real instance resolves the host at create time and refuses private or loopback ones.
    base = os.environ.get("ZITADEL_V2_TARGET_URL", "https://example.com/actions-sdk-demo")
    return {"endpoint": f"{base}/{name}", "target_type": "call"}


def describe(action: Any) -> str:
    """A v1 action's state, or a v2 target's type."""
    state = getattr(action, "state", None)
    return state.name.lower() if state is not None else f"{action.target_type.value} target"


def main() -> int:
    try:
        with auth0_client() as (client, where):
            auth0_demo(client, where)
        with zitadel_client() as (client, where):
            zitadel_demo(client, where)
        with zitadel_client(api="v2") as (client, where):
            zitadel_demo(client, where, api="v2")
    except ActionsSDKError as error:
        print(f"\nfailed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print("\nThree APIs: same calls, same namespaces, each vendor's wire format.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
