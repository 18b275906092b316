"""ZITADEL Actions v2 provider tests' helpers: a provider, wire shapes, the shared plan driver."""

from __future__ import annotations

from typing import Any

from actions_sdk._types import UNSET
from actions_sdk.providers._base import CreateActionRequest, UpdateActionRequest
from actions_sdk.providers.zitadel import ZitadelV2Provider
from tests.providers.zitadel.zitadel_helpers import BASE_URL, answer, response, run

__all__ = [
    "BASE_URL",
    "answer",
    "create_request",
    "provider",
    "response",
    "run",
    "target_json",
    "targets_page",
    "update_request",
]

SIGNING_KEY = "hmac-signing-key-value"


def provider(**kwargs: Any) -> ZitadelV2Provider:
    kwargs.setdefault("token", "pat-secret-value")
    return ZitadelV2Provider("z.example", **kwargs)


def target_json(
    target_id: str = "t1",
    *,
    name: str = "ip-check",
    kind: str = "restCall",
    interrupt: bool = False,
    endpoint: str = "https://hooks.example.com/ip",
    timeout: str = "5s",
    payload_type: str | None = None,
    signing_key: str = SIGNING_KEY,
) -> dict[str, Any]:
    """A Target as protojson writes it (false values and an unspecified payload type left out)."""
    body: dict[str, Any] = {
        "id": target_id,
        "creationDate": "2026-01-02T03:04:05.123456Z",
        "changeDate": "2026-01-02T03:04:06Z",
        "name": name,
        kind: {"interruptOnError": True} if interrupt else {},
        "timeout": timeout,
        "endpoint": endpoint,
        "signingKey": signing_key,
    }
    if payload_type is not None:
        body["payloadType"] = payload_type
    return body


def targets_page(*targets: dict[str, Any], total: int | None = None) -> dict[str, Any]:
    """A ListTargets answer (uint64 as strings, an empty list left out)."""
    count = len(targets) if total is None else total
    body: dict[str, Any] = {"pagination": {"totalResult": str(count), "appliedLimit": "1000"}}
    if targets:
        body["targets"] = list(targets)
    return body


def create_request(name: str = "ip-check", **options: Any) -> CreateActionRequest:
    """A neutral create request carrying ``options`` (the given keywords only)."""
    return CreateActionRequest(name=name, options=options)


def update_request(**options: Any) -> UpdateActionRequest:
    """A neutral update request; ``name`` is its own field, the rest are options."""
    return UpdateActionRequest(name=options.pop("name", UNSET), options=options)
