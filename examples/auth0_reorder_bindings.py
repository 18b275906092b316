"""Read a trigger's ordered bindings and move one action to the front, keeping every other binding.

Runs against the embedded emulator unless AUTH0_DOMAIN and credentials are set (see _targets.py).
"""

from __future__ import annotations

import time

from _targets import auth0_client

from actions_sdk import BindingRef, BindingUpdate, BuildStatus

with auth0_client() as (client, where):
    actions, bindings = client.actions, client.actions.triggers.bindings
    created = []
    try:
        for name in ("actions-sdk-example-a", "actions-sdk-example-b"):
            action = actions.create(
                name=name,
                supported_triggers=["post-login"],
                code="exports.onExecutePostLogin = async () => {};",
            )
            created.append(action)
            while actions.get(action.id).status is not BuildStatus.BUILT:
                time.sleep(0.25)
            version = actions.deploy(action.id)
            while not (
                (d := actions.get(action.id).deployed_version)
                and d.number == version.number
                and d.deployed
            ):
                time.sleep(0.25)

        # Append ours after whatever is already bound (existing bindings kept by their ids).
        current = list(bindings.list("post-login"))
        bindings.update_many(
            "post-login",
            [BindingRef.by_binding_id(b.id) for b in current]
            + [
                BindingUpdate(ref=BindingRef.by_action_id(a.id), display_name=a.name)
                for a in created
            ],
        )
        before = [b.display_name for b in bindings.list("post-login")]

        # Move the last one to the front: same bindings, new order.
        current = list(bindings.list("post-login"))
        moved = bindings.update_many(
            "post-login", [BindingRef.by_binding_id(b.id) for b in [current[-1], *current[:-1]]]
        )
        print(f"{where}: {before} → {[b.display_name for b in moved]}")
    finally:
        for action in created:
            actions.delete(action.id, force=True)
