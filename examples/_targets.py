"""Shared by the examples: connect to a real tenant when credentials are set, else to an emulator.

Environment variables (all optional; without them the embedded emulator is used):

Auth0: ``AUTH0_DOMAIN`` plus either ``AUTH0_TOKEN`` or ``AUTH0_CLIENT_ID`` and
``AUTH0_CLIENT_SECRET``.
ZITADEL: ``ZITADEL_DOMAIN`` plus one of ``ZITADEL_TOKEN`` (personal access token),
``ZITADEL_KEY_FILE`` (service-account key JSON) or ``ZITADEL_CLIENT_ID`` and
``ZITADEL_CLIENT_SECRET``; optionally ``ZITADEL_ORG_ID``.

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
def zitadel_client() -> Iterator[tuple[ManagementClient[Any, Any, Any], str]]:
    """Yield a ZITADEL client and a description of where it points."""
    domain = os.environ.get("ZITADEL_DOMAIN")
    if domain:
        with ManagementClient.for_zitadel(
            domain,
            token=os.environ.get("ZITADEL_TOKEN"),
            key_file=os.environ.get("ZITADEL_KEY_FILE"),
            client_id=os.environ.get("ZITADEL_CLIENT_ID"),
            client_secret=os.environ.get("ZITADEL_CLIENT_SECRET"),
            org_id=os.environ.get("ZITADEL_ORG_ID"),
        ) as client:
            yield client, f"instance {domain}"
        return
    emulator = ZitadelEmulator()
    key = emulator.generate_service_account_key()  # JWT profile, like a real service account
    with ManagementClient.for_zitadel(
        "zitadel.example", key=key, http_client=emulator.client()
    ) as client:
        yield client, "embedded ZITADEL emulator"
