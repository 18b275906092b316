"""ZITADEL Actions v2's capability table: what the v2 API offers, declared once.

Targets are ``client.actions``, execution conditions ``client.actions.triggers``, the ordered
targets of an execution its bindings. The v2 provider's refusals and the ZITADEL v2 column of the
matrix in ``docs/providers.md`` are produced from :data:`V2_CAPABILITIES`.
"""

from __future__ import annotations

from typing import Final

from actions_sdk.providers._capabilities import Capabilities, Supported, Unsupported
from actions_sdk.providers.zitadel.capabilities import V1_CAPABILITIES

__all__ = ["V2_CAPABILITIES"]

_S = Supported
_LIVE = "ZITADEL v2 targets are live as soon as they are saved"
_NO_VERSIONS = "ZITADEL keeps no target versions"
_ENDPOINT = "v2 code runs at the target's endpoint; give endpoint= instead"
_BIND = "bind the target with actions.triggers.bindings.update_many"
_NO_SECRETS = "v2 targets verify ZITADEL with their signing key, not secrets"
_NO_NAME = "ZITADEL bindings have no name"
_SEARCH = "`POST /v2/actions/targets/search`"

V2_CAPABILITIES: Final[Capabilities] = {
    "actions.list": _S(
        f"{_SEARCH} (`pagination.offset/limit`, ascending by creation date; 1000 per page "
        "unless `per_page`; pages until `totalResult`)"
    ),
    "actions.list(trigger_id=)": Unsupported(
        "list a condition's targets with actions.triggers.bindings.list"
    ),
    "actions.list(action_name=)": _S("`targetNameFilter` (EQUALS)"),
    "actions.list(deployed=)": Unsupported(_LIVE),
    "actions.list(installed=)": Unsupported("ZITADEL has no marketplace actions"),
    "actions.list(state=)": Unsupported("v2 targets have no state"),
    "actions.get": _S("`GET /v2/actions/targets/{id}`"),
    "actions.create": _S("`POST /v2/actions/targets` then `GET /v2/actions/targets/{id}`"),
    "actions.create(supported_triggers=)": Unsupported(_BIND),
    "actions.create(code=)": Unsupported(_ENDPOINT),
    "actions.create(dependencies=)": Unsupported(_ENDPOINT),
    "actions.create(runtime=)": Unsupported(_ENDPOINT),
    "actions.create(secrets=)": Unsupported(_NO_SECRETS),
    "actions.create(modules=)": V1_CAPABILITIES["actions.create(modules=)"],
    "actions.create(deploy=)": Unsupported(_LIVE),
    "actions.create(endpoint=)": _S("`endpoint` (required: an http(s) URL, at most 2048)"),
    "actions.create(target_type=)": _S(
        "`restWebhook` / `restCall` / `restAsync` (required: webhook, call or async)"
    ),
    "actions.create(interrupt_on_error=)": _S("`interruptOnError` (webhook and call)"),
    "actions.create(payload_type=)": _S("`payloadType` (json, jwt, jwe; JSON when left out)"),
    "actions.create(timeout=)": _S("`timeout` (required: more than 0, at most 270 s)"),
    "actions.create(allowed_to_fail=)": Unsupported(
        "give interrupt_on_error=, its inverse (webhook and call targets)"
    ),
    "actions.create(deploy=True, wait=True)": _S(
        "`POST /v2/actions/targets`, `GET` (`deploy` ignored with `wait`)"
    ),
    "actions.create (after a lost answer)": _S(f"{_SEARCH} (`targetNameFilter` EQUALS)"),
    "actions.update": _S(
        "`GET /v2/actions/targets/{id}`, `POST /v2/actions/targets/{id}` with the changed fields "
        "only — skipped when nothing changes — then `GET`"
    ),
    "actions.update(supported_triggers=)": Unsupported(_BIND),
    "actions.update(code=)": Unsupported(_ENDPOINT),
    "actions.update(dependencies=)": Unsupported(_ENDPOINT),
    "actions.update(runtime=)": Unsupported(_ENDPOINT),
    "actions.update(secrets=)": Unsupported(_NO_SECRETS),
    "actions.update(modules=)": V1_CAPABILITIES["actions.update(modules=)"],
    "actions.update(endpoint=)": _S("`endpoint`"),
    "actions.update(target_type=)": _S("the type key (`interruptOnError` kept, false for async)"),
    "actions.update(interrupt_on_error=)": _S("`interruptOnError` under the stored type's key"),
    "actions.update(payload_type=)": _S("`payloadType`"),
    "actions.update(timeout=)": _S("`timeout`"),
    "actions.update(allowed_to_fail=)": Unsupported("give interrupt_on_error=, its inverse"),
    "actions.delete": _S(
        "`DELETE /v2/actions/targets/{id}` (a missing target answers 200; ZITADEL removes the "
        "target from every execution)"
    ),
    "actions.delete(unbind=True)": _S("`DELETE /v2/actions/targets/{id}` (cascades)"),
    "actions.deploy": Unsupported(_LIVE),
    "actions.deploy(wait=True)": _S("`GET /v2/actions/targets/{id}`"),
    "actions.wait_until_built": _S("`GET /v2/actions/targets/{id}`"),
    "actions.test": Unsupported("ZITADEL has no endpoint to call a target"),
    "actions.deactivate": Unsupported("v2 targets have no state; unbind the target instead"),
    "actions.reactivate": Unsupported("v2 targets have no state; bind the target again"),
    "actions.versions.list": Unsupported(_NO_VERSIONS),
    "actions.versions.get": Unsupported(_NO_VERSIONS),
    "actions.versions.deploy": Unsupported(_NO_VERSIONS),
    "actions.triggers.list": _S(
        "`GET /v2/actions/executions/{services,methods,functions}`: request/response × "
        "all/service/method, every function, and `event:*`"
    ),
    "actions.triggers.bindings.list": _S(
        "`POST /v2/actions/executions/search` (`inConditionsFilter`), then "
        f"{_SEARCH} (`inTargetIdsFilter`) for the targets"
    ),
    "actions.triggers.bindings.update_many": _S(
        f"names resolved with {_SEARCH}, the execution read, then "
        '`PUT /v2/actions/executions` `{"condition", "targets": [...]}` only when the ordered '
        "ids differ (`[]` removes the execution)"
    ),
    "actions.triggers.bindings.update_many(display_name=)": Unsupported(_NO_NAME),
    "actions.triggers.bindings.update_many(secrets=)": Unsupported(_NO_SECRETS),
    "actions.triggers.bindings.add": _S(
        "the execution read; `PUT /v2/actions/executions` only when the ids change; "
        "`remove` / `move` / `replace` alike"
    ),
    "actions.triggers.bindings.add(display_name=)": Unsupported(_NO_NAME),
    "actions.triggers.bindings.add(secrets=)": Unsupported(_NO_SECRETS),
    "actions.executions.get": Unsupported("ZITADEL keeps no execution records"),
    # Modules are not ZITADEL's in either API version: the same rows as v1's.
    **{key: entry for key, entry in V1_CAPABILITIES.items() if key.startswith("actions.modules.")},
    "actions.keys.list": _S("`POST /v2/actions/targets/{id}/publickeys/search`"),
    "actions.keys.add": _S(
        "`POST /v2/actions/targets/{id}/publickeys` (`publicKey` base64 of the PEM), then the "
        "key read back"
    ),
    "actions.keys.activate": _S("`POST /v2/actions/targets/{id}/publickeys/{key}/activate`"),
    "actions.keys.deactivate": _S("`POST /v2/actions/targets/{id}/publickeys/{key}/deactivate`"),
    "actions.keys.remove": _S("`DELETE /v2/actions/targets/{id}/publickeys/{key}`"),
    "actions.keys.rotate_signing_key": _S(
        '`POST /v2/actions/targets/{id}` `{"expirationSigningKey": "0s"}`, then `GET`'
    ),
    "with_options(org_id=)": Unsupported(
        "ZITADEL v2 actions are instance-wide: there is no organization to choose"
    ),
}
"""ZITADEL v2's capability table (see :mod:`actions_sdk.providers._capabilities`)."""
