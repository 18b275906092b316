"""Shared by the examples: connect to a real tenant when credentials are set, else to an emulator.

Environment variables (all optional; without them the embedded emulator is used):

Auth0: ``AUTH0_DOMAIN`` plus either ``AUTH0_TOKEN`` or ``AUTH0_CLIENT_ID`` and
``AUTH0_CLIENT_SECRET``.
ZITADEL: ``ZITADEL_DOMAIN`` plus one of ``ZITADEL_TOKEN`` (personal access token),
``ZITADEL_KEY_FILE`` (service-account key JSON) or ``ZITADEL_CLIENT_ID`` and
``ZITADEL_CLIENT_SECRET``; optionally ``ZITADEL_ORG_ID``.

The ZITADEL v2 demo uses the same ``ZITADEL_*`` credentials (v2 is instance-wide: the token needs
instance permissions, and ``ZITADEL_ORG_ID`` is not used). Its targets point at
``ZITADEL_V2_TARGET_URL`` (default ``https://example.com/actions-sdk-demo``): a real instance
resolves the host when a target is created and refuses private or loopback addresses.

``EMULATOR_BUILD_SECONDS`` (default 1) sets how long the Auth0 emulator takes to build; the test
suite sets it to 0 so the examples run without waiting.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from actions_sdk import ManagementClient
from actions_sdk.testing import Auth0Emulator, ZitadelEmulator


@contextmanager
def auth0_client() -> Iterator[tuple[ManagementClient[Any, Any, Any], str]]:
    """Yield an Auth0 client and a description of where it points."""
    domain = os.environ.get("AUTH0_DOMAIN")
    if domain:
        with ManagementClient.for_auth0(
            domain,
            token=os.environ.get("AUTH0_TOKEN"),
            client_id=os.environ.get("AUTH0_CLIENT_ID"),
            client_secret=os.environ.get("AUTH0_CLIENT_SECRET"),
        ) as client:
            yield client, f"tenant {domain}"
        return
    # Short build times so the demo shows real polling without a long wait.
    build = float(os.environ.get("EMULATOR_BUILD_SECONDS", "1"))
    emulator = Auth0Emulator(build_seconds=build, deploy_seconds=build / 2)
    with ManagementClient.for_auth0(
        "tenant.example",
        client_id="emulator-client-id",
        client_secret="emulator-client-secret",
        http_client=emulator.client(),
    ) as client:
        yield client, "embedded Auth0 emulator"


@contextmanager
def zitadel_client(api: str = "v1") -> Iterator[tuple[ManagementClient[Any, Any, Any], str]]:
    """Yield a ZITADEL client of ``api`` (``"v1"`` or ``"v2"``) and where it points."""
    domain = os.environ.get("ZITADEL_DOMAIN")
    if domain:
        # v2 is instance-wide: it takes no organization.
        org = {"org_id": os.environ.get("ZITADEL_ORG_ID")} if api == "v1" else {}
        with ManagementClient.for_zitadel(
            domain,
            api=api,
            token=os.environ.get("ZITADEL_TOKEN"),
            key_file=os.environ.get("ZITADEL_KEY_FILE"),
            client_id=os.environ.get("ZITADEL_CLIENT_ID"),
            client_secret=os.environ.get("ZITADEL_CLIENT_SECRET"),
            **org,
        ) as client:
            yield client, f"instance {domain}"
        return
    if not _ZITADEL:
        # One emulated instance serves both APIs, like a real one.
        emulator = ZitadelEmulator()
        _ZITADEL.append((emulator, emulator.generate_service_account_key()))  # JWT profile
    emulator, key = _ZITADEL[0]
    with ManagementClient.for_zitadel(
        "zitadel.example", api=api, key=key, http_client=emulator.client()
    ) as client:
        yield client, "embedded ZITADEL emulator"


_ZITADEL: list[tuple[ZitadelEmulator, dict[str, str]]] = []
