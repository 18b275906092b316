"""Update a ZITADEL action and set the ordered actions of the pre-access-token trigger.

Runs against the embedded emulator unless ZITADEL_DOMAIN and credentials are set (see _targets.py).
"""

from __future__ import annotations

from datetime import timedelta

from _targets import zitadel_client

from actions_sdk import BindingRef, FlowType, TriggerType, ZitadelTrigger

trigger = ZitadelTrigger(FlowType.COMPLEMENT_TOKEN, TriggerType.PRE_ACCESS_TOKEN_CREATION)

with zitadel_client() as (client, where):
    actions = client.actions
    first = actions.create(
        name="actionsSdkExampleClaims", code="function actionsSdkExampleClaims(ctx, api) {}"
    )
    second = actions.create(
        name="actionsSdkExampleRoles", code="function actionsSdkExampleRoles(ctx, api) {}"
    )
    try:
        # Partial update although ZITADEL replaces the whole action: the SDK reads, merges, writes.
        updated = actions.update(first.id, timeout=timedelta(seconds=3), allowed_to_fail=True)
        policy = f"timeout={updated.timeout}, allowed_to_fail={updated.allowed_to_fail}"
        print(f"{where}: {updated.name} {policy}")

        kept = [b.action.id for b in actions.triggers.bindings.list(trigger)]
        ordered = actions.triggers.bindings.update_many(
            trigger,
            [
                *map(BindingRef.by_action_id, kept),
                BindingRef.by_action_name(second.name),
                BindingRef.by_action_id(first.id),
            ],
        )
        print(f"{trigger}: {[b.action.name for b in ordered]}")
    finally:
        actions.delete(first.id)  # ZITADEL also removes deleted actions from every flow
        actions.delete(second.id)
