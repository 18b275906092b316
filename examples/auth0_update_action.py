"""Create an Auth0 action, wait for its build, deploy it, update it, and roll back to version 1.

Runs against the embedded emulator unless AUTH0_DOMAIN and credentials are set (see _targets.py).
"""

from __future__ import annotations

import time

from _targets import auth0_client

from actions_sdk import BuildStatus


def wait_until_built(actions, action_id: str) -> None:
    while (status := actions.get(action_id).status) is not BuildStatus.BUILT:
        if status is BuildStatus.FAILED:
            raise RuntimeError("build failed")
        time.sleep(0.25)


def wait_until_deployed(actions, action_id: str, number: int) -> None:
    while True:
        version = actions.get(action_id).deployed_version
        if version is not None and version.number == number and version.deployed:
            return
        time.sleep(0.25)


with auth0_client() as (client, where):
    actions = client.actions
    action = actions.create(
        name="actions-sdk-example-update",
        supported_triggers=["post-login"],
        code="exports.onExecutePostLogin = async (event, api) => {};",
    )
    try:
        wait_until_built(actions, action.id)
        first = actions.deploy(action.id)
        wait_until_deployed(actions, action.id, first.number)

        # A partial update: only `code` is sent; runtime, secrets and dependencies stay as they are.
        actions.update(
            action.id, code="exports.onExecutePostLogin = async (event, api) => { /* v2 */ };"
        )
        wait_until_built(actions, action.id)
        second = actions.deploy(action.id)
        wait_until_deployed(actions, action.id, second.number)

        rolled_back = actions.versions.deploy(action.id, first.id, update_draft=True)
        wait_until_deployed(actions, action.id, rolled_back.number)
        print(
            f"{where}: {action.name} deployed v{first.number}, v{second.number}, "
            f"then v{rolled_back.number} as a copy of v{first.number}"
        )
    finally:
        actions.delete(action.id, force=True)
