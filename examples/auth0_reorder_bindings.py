"""Bind two actions after whatever runs on post-login, then move one to the front.

``bindings.add`` and ``bindings.move`` read every page, keep every other binding by its id (its
display name and place too), and write the whole list only when something changes — the
read-modify-write a raw ``bindings.update_many`` call would leave to you.

Runs against the embedded emulator unless AUTH0_DOMAIN and credentials are set (see _targets.py).
"""

from __future__ import annotations

from _targets import auth0_client

with auth0_client() as (client, where):
    actions, bindings = client.actions, client.actions.triggers.bindings
    created = []
    try:
        for name in ("actions-sdk-example-a", "actions-sdk-example-b"):
            created.append(
                actions.create(
                    name=name,
                    supported_triggers=["post-login"],
                    code="exports.onExecutePostLogin = async () => {};",
                    deploy=True,
                    wait=True,  # bindable: built and deployed
                )
            )
        for action in created:
            bindings.add("post-login", action)  # appended after the bindings already there
        before = [b.display_name for b in bindings.list("post-login")]

        # Move the last one to the front: same bindings, new order.
        moved = bindings.move("post-login", created[-1], position=0)
        print(f"{where}: {before} → {[b.display_name for b in moved]}")
    finally:
        for action in created:
            actions.delete(action.id, unbind=True)
