"""ZITADEL authentication, shared by every ZITADEL API version.

Key files, JWT assertions, the token endpoint and the instance domain.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from actions_sdk._checks import (
    excerpt,
    parse_domain,
)
from actions_sdk.errors import ValidationError
from actions_sdk.providers._oauth import AssertionSigner

__all__ = ["ServiceAccountKey", "jwt_assertion", "load_key", "split_domain"]

_TOKEN_PATH: Final = "/oauth/v2/token"  # noqa: S105 - a URL path, not a secret
# Without this scope the token cannot call ZITADEL's own APIs (zitadel/zitadel PR #5891).
_SCOPE: Final = "openid urn:zitadel:iam:org:project:id:zitadel:aud"
_JWT_BEARER: Final = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_SIGNER: Final = AssertionSigner(
    purpose="the ZITADEL JWT profile",
    install_hint='pip install "actions-sdk[zitadel]"',
    # ZITADEL accepts assertions valid for at most one hour.
    lifetime=3600,
)


@attrs.frozen
class ServiceAccountKey:
    """A parsed key file; the private key never appears in a repr."""

    key_id: str
    user_id: str
    private_key: Any = attrs.field(repr=False)


def load_key(
    key_file: str | os.PathLike[str] | None, key: Mapping[str, Any] | str | None
) -> ServiceAccountKey:
    source: Mapping[str, Any] | str | None
    if key_file is not None:
        try:
            source = Path(key_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValidationError(
                f"cannot read key_file: {exc.strerror or type(exc).__name__}", field="key_file"
            ) from None
        field = "key_file"
    else:
        source = key
        field = "key"
    data: Any = source
    if isinstance(source, str):
        try:
            data = json.loads(source)
        except ValueError:
            # Never echo the text: it is (or contains) a private key.
            raise ValidationError(f"{field} is not valid JSON", field=field) from None
    if not isinstance(data, Mapping):
        raise ValidationError(f"{field} must hold a JSON object", field=field)
    if data.get("type", "serviceaccount") != "serviceaccount":
        raise ValidationError(
            f"{field} must be a service account key (type 'serviceaccount'), "
            f"got type {excerpt(data.get('type'))}",
            field=field,
        )
    values: dict[str, str] = {}
    for name in ("keyId", "userId", "key"):
        value = data.get(name)
        if not isinstance(value, str) or not value:
            raise ValidationError(f"{field} lacks a non-empty {name!r}", field=field)
        values[name] = value
    return ServiceAccountKey(
        key_id=values["keyId"],
        user_id=values["userId"],
        # Without cryptography the PEM text is kept; the signer names the extra on first use.
        private_key=_SIGNER.load_key(
            values["key"], field=field, name=f"{field}: 'key'", algorithm="RS256", defer=True
        ),
    )


def split_domain(domain: object, issuer: str | None) -> tuple[str, str]:
    """Return ``(base_url, issuer)`` for a bare host[:port] or a scheme://host[:port].

    The parsing is the SDK's one domain parser; an explicit ``http://`` is kept here because the
    provider never sends anything itself — whether plain http is allowed is decided (and
    warned about) by the client factory that builds it.
    """
    scheme, host = parse_domain(domain, allow_insecure_http=True)
    base = f"{scheme}://{host}"
    if issuer is None:
        return base, base
    if not isinstance(issuer, str) or not issuer.startswith(("http://", "https://")):
        raise ValidationError("issuer must be an http(s) URL", field="issuer")
    return base, issuer.rstrip("/")


def jwt_assertion(key: ServiceAccountKey, *, audience: str, now: float) -> str:
    """Sign the JWT-profile assertion (RS256) for ``key``, valid for one hour from ``now``."""
    return _SIGNER.sign(
        key.private_key,
        subject=key.user_id,
        audience=audience,
        now=now,
        algorithm="RS256",
        headers={"kid": key.key_id},
    )
