"""ZITADEL management v1's capability table: what the v1 Actions API offers, declared once.

The v1 provider's refusals (:meth:`~actions_sdk.providers._base.Provider.unsupported`,
:meth:`~actions_sdk.providers._base.Provider.refuse_options`) and the ZITADEL v1 column of the
matrix in ``docs/providers.md`` (``scripts/gen_matrix.py``) are both produced from
:data:`V1_CAPABILITIES`. A v2 provider declares its own table beside this one.
"""

from __future__ import annotations

from typing import Final

from actions_sdk.providers._capabilities import Capabilities, Supported, Unsupported

__all__ = ["V1_CAPABILITIES"]

_S = Supported
_LIVE = "ZITADEL actions are live as soon as they are saved"
_NO_VERSIONS = "ZITADEL keeps no action versions"
_NO_MODULES = "ZITADEL has no action modules"
_NO_SECRETS = "ZITADEL actions have no secrets"
_NO_NAME = "ZITADEL bindings have no name"
_BIND = "bind the action with actions.triggers.bindings.update_many"
_DEPENDENCIES = "ZITADEL scripts can only require() built-in modules"
_RUNTIME = "ZITADEL runs every script in its embedded JavaScript engine"

V1_CAPABILITIES: Final[Capabilities] = {
    "actions.list": _S(
        "`POST /actions/_search` (`query.offset/limit`, `sortingColumn: ACTION_FIELD_NAME_ID`; "
        "1000 per page unless `per_page`)"
    ),
    "actions.list(trigger_id=)": Unsupported(
        "list a trigger's actions with actions.triggers.bindings.list"
    ),
    "actions.list(action_name=)": _S("`actionNameQuery` (EQUALS)"),
    "actions.list(deployed=)": Unsupported(_LIVE),
    "actions.list(installed=)": Unsupported("ZITADEL has no marketplace actions"),
    "actions.list(state=)": _S("`actionStateQuery`"),
    "actions.get": _S("`GET /actions/{id}`"),
    "actions.create": _S(
        "`POST /actions` (`name`, `code` sent as `script`) then `GET /actions/{id}`"
    ),
    "actions.create(supported_triggers=)": Unsupported(_BIND),
    "actions.create(dependencies=)": Unsupported(_DEPENDENCIES),
    "actions.create(runtime=)": Unsupported(_RUNTIME),
    "actions.create(secrets=)": Unsupported(_NO_SECRETS),
    "actions.create(modules=)": Unsupported(_NO_MODULES),
    "actions.create(deploy=)": Unsupported(_LIVE),
    "actions.create(timeout=)": _S("`timeout` (left out: the server's maximum, 20 s)"),
    "actions.create(allowed_to_fail=)": _S("`allowedToFail`"),
    "actions.create(deploy=True, wait=True)": _S(
        "`POST /actions`, `GET` (`deploy` ignored with `wait`)"
    ),
    "actions.create (after a lost answer)": _S(
        "`POST /actions/_search` (`actionNameQuery` EQUALS)"
    ),
    "actions.update": _S(
        "`GET /actions/{id}`, merge, `PUT /actions/{id}` with all four fields — skipped when "
        "nothing changes"
    ),
    "actions.update(supported_triggers=)": Unsupported(_BIND),
    "actions.update(dependencies=)": Unsupported(_DEPENDENCIES),
    "actions.update(runtime=)": Unsupported(_RUNTIME),
    "actions.update(secrets=)": Unsupported(_NO_SECRETS),
    "actions.update(modules=)": Unsupported(_NO_MODULES),
    "actions.update(timeout=)": _S("`timeout`"),
    "actions.update(allowed_to_fail=)": _S("`allowedToFail`"),
    "actions.delete": _S(
        "`DELETE /actions/{id}` (ZITADEL removes the action from every flow itself)"
    ),
    "actions.delete(unbind=True)": _S("`DELETE /actions/{id}` (cascades)"),
    "actions.deploy": Unsupported(_LIVE),
    "actions.deploy(wait=True)": _S("`GET /actions/{id}`"),
    "actions.wait_until_built": _S("`GET /actions/{id}`"),
    "actions.test": Unsupported("ZITADEL has no endpoint to run an action"),
    "actions.deactivate": _S("`POST /actions/{id}/_deactivate` (skipped when already inactive)"),
    "actions.reactivate": _S("`POST /actions/{id}/_reactivate` (skipped when already active)"),
    "actions.versions.list": Unsupported(_NO_VERSIONS),
    "actions.versions.get": Unsupported(_NO_VERSIONS),
    "actions.versions.deploy": Unsupported(_NO_VERSIONS),
    "actions.triggers.list": _S("the valid (flow, trigger) pairs, no request"),
    "actions.triggers.bindings.list": _S("`GET /flows/{flow}`, the trigger's group"),
    "actions.triggers.bindings.update_many": _S(
        "names resolved with `POST /actions/_search`, `GET /flows/{flow}`, then "
        '`POST /flows/{flow}/trigger/{trigger}` `{"actionIds": [...]}` only when the list differs'
    ),
    "actions.triggers.bindings.update_many(display_name=)": Unsupported(_NO_NAME),
    "actions.triggers.bindings.update_many(secrets=)": Unsupported(_NO_SECRETS),
    "actions.triggers.bindings.add": _S(
        "`GET /flows/{flow}`; `POST /flows/{flow}/trigger/{trigger}` only when the ids change; "
        "`remove` / `move` / `replace` alike"
    ),
    "actions.triggers.bindings.add(display_name=)": Unsupported(_NO_NAME),
    "actions.triggers.bindings.add(secrets=)": Unsupported(_NO_SECRETS),
    "actions.executions.get": Unsupported("ZITADEL v1 keeps no execution records"),
    "actions.modules.list": Unsupported(_NO_MODULES),
    "actions.modules.get": Unsupported(_NO_MODULES),
    "actions.modules.create": Unsupported(_NO_MODULES),
    "actions.modules.update": Unsupported(_NO_MODULES),
    "actions.modules.delete": Unsupported(_NO_MODULES),
    "actions.modules.list_actions": Unsupported(_NO_MODULES),
    "actions.modules.rollback": Unsupported(_NO_MODULES),
    "actions.modules.versions.list": Unsupported(_NO_MODULES),
    "actions.modules.versions.create": Unsupported(_NO_MODULES),
    "actions.modules.versions.get": Unsupported(_NO_MODULES),
    "with_options(org_id=)": _S("`x-zitadel-orgid`"),
}
"""ZITADEL v1's capability table (see :mod:`actions_sdk.providers._capabilities`)."""
