"""ZITADEL's capability tables: what management v1 and Actions v2 offer, declared once each.

The providers' refusals (:meth:`~actions_sdk.providers._base.Provider.unsupported`,
:meth:`~actions_sdk.providers._base.Provider.refuse_options`) and the ZITADEL v1 and v2 columns of
the matrix in ``docs/providers.md`` (``scripts/gen_matrix.py``) are both produced from
:data:`V1_CAPABILITIES` and :data:`V2_CAPABILITIES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from actions_sdk.providers._capabilities import Capabilities, Supported, Unsupported

__all__ = ["COLUMNS", "V1_CAPABILITIES", "V2_CAPABILITIES"]

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

_LIVE_V2 = "ZITADEL v2 targets are live as soon as they are saved"
_ENDPOINT = "v2 code runs at the target's endpoint: give endpoint= instead"
_INTERRUPT = "give interrupt_on_error=, its inverse (webhook and call targets)"
_SEARCH = "`POST /v2/actions/targets/search`"
_TARGET = "/v2/actions/targets/{id}"
_KEYS = "/v2/actions/targets/{id}/publickeys"

V2_CAPABILITIES: Final[Capabilities] = {
    "actions.list": _S(
        f"{_SEARCH} (`pagination.offset/limit`, ascending by creation date; pages until "
        "`totalResult`)",
        summary=f"{_SEARCH}, by offset until `totalResult`",
    ),
    "actions.list(trigger_id=)": Unsupported(
        "list a condition's targets with actions.triggers.bindings.list"
    ),
    "actions.list(action_name=)": _S("`targetNameFilter` (EQUALS)"),
    "actions.list(deployed=)": Unsupported(_LIVE_V2),
    "actions.list(state=)": Unsupported("v2 targets have no state"),
    "actions.list(per_page=)": _S("`pagination.limit`, 1 to 1000 (1000 when left out)"),
    "actions.list(ids=)": _S("`inTargetIdsFilter`"),
    "actions.list(sort_by=)": _S(
        "`sortingColumn` (`TARGET_FIELD_NAME_*`) and `pagination.asc` (`-` for descending)"
    ),
    "actions.get": _S(f"`GET {_TARGET}`"),
    "actions.create": _S(
        f"`POST /v2/actions/targets` then `GET {_TARGET}`",
        summary="`POST /v2/actions/targets`, then `GET`",
    ),
    "actions.create(supported_triggers=)": Unsupported(
        "bind the target with actions.triggers.bindings.update_many"
    ),
    "actions.create(code=)": Unsupported(_ENDPOINT),
    "actions.create(endpoint=)": _S("`endpoint` (required: an http(s) URL, at most 2048)"),
    "actions.create(target_type=)": _S(
        "`restWebhook` / `restCall` / `restAsync` (required: webhook, call or async)"
    ),
    "actions.create(interrupt_on_error=)": _S("`interruptOnError` (webhook and call)"),
    "actions.create(payload_type=)": _S("`payloadType` (json, jwt, jwe; JSON when left out)"),
    "actions.create(deploy=)": Unsupported(_LIVE_V2),
    "actions.create(timeout=)": _S("`timeout` (required: more than 0, at most 270 s)"),
    "actions.create(allowed_to_fail=)": Unsupported(_INTERRUPT),
    "actions.create(deploy=True, wait=True)": _S(
        "`POST /v2/actions/targets`, `GET` (`deploy` ignored with `wait`)"
    ),
    "actions.create (after a lost answer)": _S(f"{_SEARCH} (`targetNameFilter` EQUALS)"),
    "actions.update": _S(
        f"`GET`, `POST {_TARGET}` with the changed fields only — skipped when nothing "
        "changes — then `GET`",
        summary="read, `POST` the changed fields only if any",
    ),
    "actions.update(code=)": Unsupported(_ENDPOINT),
    "actions.update(endpoint=)": _S("`endpoint`"),
    "actions.update(target_type=)": _S("the type key (`interruptOnError` kept; false for async)"),
    "actions.update(interrupt_on_error=)": _S("`interruptOnError` under the stored type's key"),
    "actions.update(payload_type=)": _S("`payloadType`"),
    "actions.update(timeout=)": _S("`timeout`"),
    "actions.update(allowed_to_fail=)": Unsupported(_INTERRUPT),
    "actions.delete": _S(
        f"`DELETE {_TARGET}` (a missing target answers 200; ZITADEL removes the target "
        "from every execution)",
        summary=f"`DELETE {_TARGET}` (200 when already gone)",
    ),
    "actions.delete(unbind=True)": _S(f"`DELETE {_TARGET}` (cascades)"),
    "actions.deploy": Unsupported(_LIVE_V2),
    "actions.deploy(wait=True)": _S(f"`GET {_TARGET}`"),
    "actions.wait_until_built": _S(f"`GET {_TARGET}`"),
    "actions.deactivate": Unsupported("v2 targets have no state; unbind the target instead"),
    "actions.reactivate": Unsupported("v2 targets have no state; bind the target again"),
    "actions.triggers.list": _S(
        "`GET /v2/actions/executions/{services,methods,functions}`: request/response × "
        "all/service/method, every function, and `event:*`",
        summary="the execution conditions (`GET /v2/actions/executions/{services,…}`)",
    ),
    "actions.triggers.bound": _S(
        "`POST /v2/actions/executions/search` without a filter, every page (executions "
        "with targets)",
        summary="`POST /v2/actions/executions/search`, every page",
    ),
    "actions.triggers.bindings.list": _S(
        "`POST /v2/actions/executions/search` (`inConditionsFilter`), then "
        f"{_SEARCH} (`inTargetIdsFilter`)",
        summary="`POST /v2/actions/executions/search`, the condition's targets in order",
    ),
    "actions.triggers.bindings.update_many": _S(
        f"names resolved with {_SEARCH}, the execution read, then "
        '`PUT /v2/actions/executions` `{"condition", "targets": [...]}` only when the ordered '
        "ids differ (`[]` removes the execution)",
        summary="`PUT /v2/actions/executions` if the ordered ids differ",
    ),
    "actions.triggers.bindings.update_many(binding_id=)": Unsupported(
        "refer to targets by id or name: executions hold target ids"
    ),
    "actions.triggers.bindings.add": _S(
        "the execution read; `PUT /v2/actions/executions` only when the ids change; "
        "`remove` / `move` / `replace` alike",
        summary="read the execution, write the ids if changed",
    ),
    "actions.keys.list": _S(f"`POST {_KEYS}/search`"),
    "actions.keys.add": _S(f"`POST {_KEYS}` (`publicKey`: base64 of the PEM), then listed"),
    "actions.keys.activate": _S(f"`POST {_KEYS}/{{key}}/activate`"),
    "actions.keys.deactivate": _S(f"`POST {_KEYS}/{{key}}/deactivate`"),
    "actions.keys.remove": _S(f"`DELETE {_KEYS}/{{key}}`"),
    "actions.keys.rotate_signing_key": _S(
        f'`POST {_TARGET}` `{{"expirationSigningKey": "0s"}}`, then `GET`'
    ),
    "with_options(org_id=)": Unsupported(
        "ZITADEL v2 actions are instance-wide: there is no organization to choose"
    ),
}
"""ZITADEL Actions v2's capability table: targets are the actions, execution conditions the
triggers, an execution's ordered targets its bindings."""

COLUMNS: Final[Mapping[str, Capabilities]] = {
    "ZITADEL v1": V1_CAPABILITIES,
    "ZITADEL v2": V2_CAPABILITIES,
}
"""The matrix columns of this package (``scripts/gen_matrix.py``): title → table."""
