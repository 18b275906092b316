"""The credential keywords of each vendor, spelled once as ``TypedDict`` classes.

A vendor's provider constructor takes them as ``**credentials: Unpack[Auth0Credentials]``, and the
client factory ``for_auth0`` takes the same class plus the client's own settings
(``actions_sdk/_client_base.py``), so the list of keywords, their types and their meaning live
here and nowhere else. Type checkers see the individual keywords; at run time the receiving
function's ``@keyword_signature`` (``actions_sdk/_keywords.py``) refuses unknown ones. Every key is
optional: which combination is required is the provider's check (exactly one authentication
method).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, TypedDict

__all__ = ["Auth0Credentials", "ZitadelCredentials"]


class Auth0Credentials(TypedDict, total=False):
    """How to authenticate against an Auth0 tenant's Management API.

    Give either ``token``, or ``client_id`` with ``client_secret`` (client-credentials grant), or
    ``client_id`` with ``client_assertion_signing_key`` (Private Key JWT).

    Attributes:
        token: A Management API access token.
        client_id: The machine-to-machine application's client id.
        client_secret: The application's client secret.
        audience: The API identifier; defaults to ``https://{domain}/api/v2/``.
        client_assertion_signing_key: The PEM-encoded RSA private key (``str`` or ``bytes``)
            whose public key is registered with the application; never shown in a repr, log
            line or error. Needs ``actions-sdk[jwt]``.
        client_assertion_signing_alg: The credential's algorithm: ``RS256`` (default),
            ``RS384`` or ``PS256``.
    """

    token: str | None
    client_id: str | None
    client_secret: str | None
    audience: str | None
    client_assertion_signing_key: str | bytes | None
    client_assertion_signing_alg: str


class ZitadelCredentials(TypedDict, total=False):
    """How to authenticate against a ZITADEL instance, and the organization to act on.

    Give exactly one of ``token``, ``key_file``/``key`` (JWT profile) or ``client_id`` with
    ``client_secret`` (client credentials).

    Attributes:
        token: A personal access token.
        key_file: Path of a service-account key JSON file.
        key: The key file's content, as a mapping or JSON text.
        client_id: A machine user's client id.
        client_secret: A machine user's client secret.
        org_id: Organization to act on (``x-zitadel-orgid``); the caller's own when ``None``.
    """

    token: str | None
    key_file: str | os.PathLike[str] | None
    key: Mapping[str, Any] | str | None
    client_id: str | None
    client_secret: str | None
    org_id: str | None
