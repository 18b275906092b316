"""``ManagementClient`` and ``AsyncManagementClient``: one client, two vendors, sync or async.

Both clients are built by the same code (``actions_sdk/_client_base.py``: domain validation,
provider, retry policy, shared state, ``with_options``, the factories' one body) and differ only in
their transport, their namespaces and how they are closed. The sync client is written once
(``actions_sdk/_client.py``); the async one is generated from it (``actions_sdk/_async/_client.py``,
by ``scripts/gen_async.py``), as the async namespaces are.
"""

from __future__ import annotations

from actions_sdk._async._client import AsyncManagementClient
from actions_sdk._client import ManagementClient
from actions_sdk._client_base import (
    DEFAULT_TIMEOUT,
    Auth0Options,
    HttpOptions,
    ZitadelOptions,
    resolve_base_url,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "AsyncManagementClient",
    "Auth0Options",
    "HttpOptions",
    "ManagementClient",
    "ZitadelOptions",
    "resolve_base_url",
]
