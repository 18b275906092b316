"""ZITADEL management v1's capability table: what the v1 Actions API offers, declared once.

The v1 provider's refusals (:meth:`~actions_sdk.providers._base.Provider.unsupported`,
:meth:`~actions_sdk.providers._base.Provider.refuse_options`) and the ZITADEL v1 column of the
matrix in ``docs/providers.md`` (``scripts/gen_matrix.py``) are both produced from
:data:`V1_CAPABILITIES`. A v2 provider declares its own table beside this one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from actions_sdk.providers._capabilities import Capabilities, Supported, Unsupported

__all__ = ["COLUMNS", "V1_CAPABILITIES"]

_S = Supported
_LIVE = "ZITADEL actions are live as soon as they are saved"
_BIND = "bind the action with actions.triggers.bindings.update_many"

V1_CAPABILITIES: Final[Capabilities] = {
    "actions.list": _S(
        "`POST /actions/_search` (`query.offset/limit`, `sortingColumn: ACTION_FIELD_NAME_ID`; "
        "1000 per page unless `per_page`)",
        summary="`POST /actions/_search`, sorted by id",
    ),
    "actions.list(trigger_id=)": Unsupported(
        "list a trigger's actions with actions.triggers.bindings.list"
    ),
    "actions.list(action_name=)": _S("`actionNameQuery` (EQUALS)"),
    "actions.list(deployed=)": Unsupported(_LIVE),
    "actions.list(state=)": _S("`actionStateQuery`"),
    "actions.list(per_page=)": _S("`query.limit`, 1 to 1000 (1000 when left out)"),
    "actions.get": _S("`GET /actions/{id}`"),
    "actions.create": _S(
        "`POST /actions` (`name`, `code` sent as `script`) then `GET /actions/{id}`",
        summary="`POST /actions`, then `GET`",
    ),
    "actions.create(supported_triggers=)": Unsupported(_BIND),
    "actions.create(code=)": _S("`script` (required, at most 40,000 bytes)"),
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
        "nothing changes",
        summary="read, merge, `PUT` only if changed",
    ),
    "actions.update(supported_triggers=)": Unsupported(_BIND),
    "actions.update(code=)": _S("`script`"),
    "actions.update(timeout=)": _S("`timeout`"),
    "actions.update(allowed_to_fail=)": _S("`allowedToFail`"),
    "actions.delete": _S(
        "`DELETE /actions/{id}` (ZITADEL removes the action from every flow itself)",
    ),
    "actions.delete(unbind=True)": _S("`DELETE /actions/{id}` (cascades)"),
    "actions.deploy": Unsupported(_LIVE),
    "actions.deploy(wait=True)": _S("`GET /actions/{id}`"),
    "actions.wait_until_built": _S("`GET /actions/{id}`"),
    "actions.deactivate": _S(
        "`POST /actions/{id}/_deactivate` (skipped when already inactive)",
    ),
    "actions.reactivate": _S("`POST /actions/{id}/_reactivate` (skipped when already active)"),
    "actions.triggers.list": _S("the valid (flow, trigger) pairs, no request"),
    "actions.triggers.bindings.list": _S("`GET /flows/{flow}`, the trigger's group"),
    "actions.triggers.bindings.update_many": _S(
        "names resolved with `POST /actions/_search`, `GET /flows/{flow}`, then "
        '`POST /flows/{flow}/trigger/{trigger}` `{"actionIds": [...]}` only when the list differs',
        summary="`POST /flows/{flow}/trigger/{trigger}` if the list differs",
    ),
    "actions.triggers.bindings.add": _S(
        "`GET /flows/{flow}`; `POST /flows/{flow}/trigger/{trigger}` only when the ids change; "
        "`remove` / `move` / `replace` alike",
        summary="read the flow, write the ids if changed",
    ),
    "with_options(org_id=)": _S("`x-zitadel-orgid`"),
}
"""ZITADEL v1's capability table (see :mod:`actions_sdk.providers._capabilities`)."""

COLUMNS: Final[Mapping[str, Capabilities]] = {"ZITADEL v1": V1_CAPABILITIES}
"""The matrix columns of this package (``scripts/gen_matrix.py``): title → table; a v2 provider
adds its own."""
