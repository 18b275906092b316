"""Auth0's capability table: what the Management API v2 offers, declared once.

The provider's refusals (:meth:`~actions_sdk.providers._base.Provider.unsupported`,
:meth:`~actions_sdk.providers._base.Provider.refuse_options`) and the Auth0 column of the matrix in
``docs/providers.md`` (``scripts/gen_matrix.py``) are both produced from :data:`CAPABILITIES`.
This module imports nothing of the provider, so the generator stays light.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from actions_sdk.providers._capabilities import Capabilities, Supported, Unsupported

__all__ = ["CAPABILITIES", "COLUMNS"]

_S = Supported

CAPABILITIES: Final[Capabilities] = {
    "actions.list": _S("`GET /actions/actions?page=&per_page=`"),
    "actions.list(trigger_id=)": _S("`triggerId=`"),
    "actions.list(action_name=)": _S("`actionName=`"),
    "actions.list(deployed=)": _S("`deployed=`"),
    "actions.list(installed=)": _S("`installed=`"),
    "actions.list(per_page=)": _S("`per_page=` (the server's default, 20, when left out)"),
    "actions.list(state=)": Unsupported("filter by deployed=True/False instead"),
    "actions.get": _S("`GET /actions/actions/{id}`"),
    "actions.create": _S("`POST /actions/actions` → 201"),
    "actions.create(supported_triggers=)": _S("required: at least one trigger"),
    "actions.create(code=)": _S("`code`"),
    "actions.create(dependencies=)": _S("`dependencies`"),
    "actions.create(runtime=)": _S("`runtime`"),
    "actions.create(secrets=)": _S("`secrets`"),
    "actions.create(modules=)": _S("`modules`"),
    "actions.create(deploy=)": _S("`deploy`"),
    "actions.create(deploy=True, wait=True)": _S(
        "`POST` with `deploy: true`, then poll until built and deployed"
    ),
    "actions.create (after a lost answer)": _S("`GET /actions/actions?actionName=`"),
    "actions.update": _S("`PATCH /actions/actions/{id}` with only the given fields"),
    "actions.update(supported_triggers=)": _S("`supported_triggers`"),
    "actions.update(code=)": _S("`code`"),
    "actions.update(dependencies=)": _S("`dependencies`"),
    "actions.update(runtime=)": _S("`runtime` (`None` refused: no documented reset)"),
    "actions.update(secrets=)": _S("`secrets` (replaces the whole set)"),
    "actions.update(modules=)": _S("`modules`"),
    "actions.delete": _S("`DELETE /actions/actions/{id}[?force=true]` → 204"),
    "actions.delete(unbind=True)": _S(
        "`GET /actions/triggers`; per trigger-bound trigger `GET …/bindings` and, when bound, "
        "`PATCH` without it; `DELETE`",
        summary="unbind from every trigger, then `DELETE`",
    ),
    "actions.deploy": _S(
        "`POST /actions/actions/{id}/deploy` → 200 (a `built`, not yet `deployed` version)",
        summary="`POST /actions/actions/{id}/deploy`",
    ),
    "actions.deploy(wait=True)": _S(
        "poll `GET /actions/actions/{id}` until `built`, `POST …/deploy` (skipped when "
        "`all_changes_deployed`), poll until `deployed_version` is deployed",
        summary="wait for the build, deploy, wait until live",
    ),
    "actions.wait_until_built": _S(
        "poll `GET /actions/actions/{id}` until `built` (`failed` raises)",
        summary="wait for the build",
    ),
    "actions.test": _S("`POST /actions/actions/{id}/test`"),
    "actions.deactivate": Unsupported("unbind the action from its triggers instead"),
    "actions.reactivate": Unsupported("bind the action to a trigger instead"),
    "actions.versions.list": _S("`GET /actions/actions/{id}/versions`"),
    "actions.versions.get": _S("`GET /actions/actions/{id}/versions/{vid}`"),
    "actions.versions.deploy": _S("`POST /actions/actions/{id}/versions/{vid}/deploy` → 200"),
    "actions.triggers.list": _S("`GET /actions/triggers`"),
    "actions.triggers.bindings.list": _S(
        "`GET /actions/triggers/{id}/bindings` (every page)",
    ),
    "actions.triggers.bindings.update_many": _S("`PATCH /actions/triggers/{id}/bindings`"),
    "actions.triggers.bindings.update_many(display_name=)": _S("`display_name` per item"),
    "actions.triggers.bindings.update_many(secrets=)": _S("`secrets` per item"),
    "actions.triggers.bindings.add": _S(
        "`GET …/bindings` (every page); `PATCH` by `binding_id` refs (new ones by `action_id`) "
        "only when the list changes; `remove` / `move` / `replace` alike",
        summary="read all pages, write by binding id if changed",
    ),
    "actions.triggers.bindings.add(display_name=)": _S("the binding's `display_name`"),
    "actions.triggers.bindings.add(secrets=)": _S("the binding's `secrets`"),
    "actions.executions.get": _S("`GET /actions/executions/{id}`"),
    "actions.modules.list": _S("`GET /actions/modules`"),
    "actions.modules.get": _S("`GET /actions/modules/{id}`"),
    "actions.modules.create": _S("`POST /actions/modules`"),
    "actions.modules.update": _S("`PATCH /actions/modules/{id}`"),
    "actions.modules.delete": _S("`DELETE /actions/modules/{id}`"),
    "actions.modules.list_actions": _S("`GET /actions/modules/{id}/actions`"),
    "actions.modules.rollback": _S("`POST /actions/modules/{id}/rollback`"),
    "actions.modules.versions.list": _S("`GET /actions/modules/{id}/versions`"),
    "actions.modules.versions.create": _S("`POST /actions/modules/{id}/versions`"),
    "actions.modules.versions.get": _S("`GET /actions/modules/{id}/versions/{vid}`"),
}
"""Auth0's capability table (see :mod:`actions_sdk.providers._capabilities`)."""

COLUMNS: Final[Mapping[str, Capabilities]] = {"Auth0": CAPABILITIES}
"""The matrix columns of this package (``scripts/gen_matrix.py``): title → table."""
