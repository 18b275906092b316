"""Create an Auth0 action, wait for its build, deploy it, update it, and roll back to version 1.

``wait=True`` does the waiting: until the build is done (a failed build raises
``ActionBuildError`` with the build errors at once) and until the new version is deployed.

Runs against the embedded emulator unless AUTH0_DOMAIN and credentials are set (see _targets.py).
"""

from __future__ import annotations

from _targets import auth0_client

with auth0_client() as (client, where):
    actions = client.actions
    action = actions.create(
        name="actions-sdk-example-update",
        supported_triggers=["post-login"],
        code="exports.onExecutePostLogin = async (event, api) => {};",
        wait=True,  # built, not deployed yet
    )
    try:
        first = actions.deploy(action.id, wait=True).deployed_version

        # A partial update: only `code` is sent; runtime, secrets and dependencies stay as they are.
        actions.update(
            action.id, code="exports.onExecutePostLogin = async (event, api) => { /* v2 */ };"
        )
        second = actions.deploy(action.id, wait=True).deployed_version

        actions.versions.deploy(action.id, first.id, update_draft=True)
        # The draft now equals what is being deployed: this only waits, no extra version.
        rolled_back = actions.deploy(action.id, wait=True).deployed_version
        print(
            f"{where}: {action.name} deployed v{first.number}, v{second.number}, "
            f"then v{rolled_back.number} as a copy of v{first.number}"
        )
    finally:
        actions.delete(action.id, unbind=True)
