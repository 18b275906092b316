"""Cold import, in a fresh interpreter: ``python -I scenario_import.py CASE``.

Deliberately imports nothing but the standard library before the measured statement, so each run
pays the full cost of what it measures. Prints ``{"ms": …, "rss_mb": …, "modules": …,
"orjson": whether orjson was imported}``. ``run.py`` starts one fresh interpreter per sample.

Every case is the default install: the ``orjson`` import is blocked (``sys.modules["orjson"] =
None``, as ``common.select_configuration`` does; ``common`` itself is not imported here, it would
pre-import modules the statement should pay for) except in ``*_fast`` cases, the
``actions-sdk[fast]`` configuration, whose first client also imports orjson.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from collections.abc import Callable

_FAKE_BEARER = "bench-fake-credential"


def _nothing() -> None:
    pass


def _httpx() -> None:
    import httpx  # noqa: F401


def _httpx_client() -> None:
    import httpx

    httpx.Client()


def _deps() -> None:
    # The runtime dependencies a first Auth0 client imports; cattrs waits for the first decode or
    # request body, tenacity for the first retry.
    import attrs  # noqa: F401
    import httpx  # noqa: F401


def _sdk() -> None:
    import actions_sdk  # noqa: F401


def _sdk_auth0_client() -> None:
    from actions_sdk import ManagementClient

    client = ManagementClient.for_auth0("tenant.example", token=_FAKE_BEARER)
    client.actions  # noqa: B018 - touching the namespace is the point


def _sdk_zitadel_client() -> None:
    from actions_sdk import ManagementClient

    client = ManagementClient.for_zitadel("zitadel.example", token=_FAKE_BEARER)
    client.actions  # noqa: B018


def _auth0_python() -> None:
    from auth0.management import ManagementClient  # noqa: F401


def _auth0_python_client() -> None:
    from auth0.management import ManagementClient

    client = ManagementClient(domain="tenant.example", token=_FAKE_BEARER)
    client.actions  # noqa: B018


def _zitadel_client() -> None:
    import zitadel_client  # noqa: F401


def _zitadel_client_client() -> None:
    import zitadel_client

    client = zitadel_client.Zitadel.with_access_token("https://zitadel.example", _FAKE_BEARER)
    client.actions  # noqa: B018


CASES: dict[str, Callable[[], None]] = {
    "bare": _nothing,
    "httpx": _httpx,
    "httpx_client": _httpx_client,
    "deps": _deps,
    "sdk": _sdk,
    "sdk_auth0_client": _sdk_auth0_client,
    "sdk_zitadel_client": _sdk_zitadel_client,
    "sdk_auth0_client_fast": _sdk_auth0_client,
    "auth0_python": _auth0_python,
    "auth0_python_client": _auth0_python_client,
    "zitadel_client": _zitadel_client,
    "zitadel_client_client": _zitadel_client_client,
}


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        match = re.search(r"VmRSS:\s+(\d+)\s+kB", status.read())
    if match:
        return int(match.group(1)) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


def main() -> None:
    name = sys.argv[1]
    case = CASES[name]
    if not name.endswith("_fast"):
        sys.modules["orjson"] = None  # type: ignore[assignment]  # the default install
    before = len(sys.modules)
    start = time.perf_counter()
    case()
    elapsed = time.perf_counter() - start
    result = {
        "ms": elapsed * 1000,
        "rss_mb": _rss_mb(),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "modules": len(sys.modules) - before,
        "orjson": sys.modules.get("orjson") is not None,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
