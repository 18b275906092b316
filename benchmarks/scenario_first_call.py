"""First call, in a fresh interpreter: ``python -I scenario_first_call.py CASE URL ACTION_ID``.

Times everything a program pays before it holds its first answer: the imports, building the
client and one ``get`` of an action over loopback HTTP from the Auth0 emulator served by
``emulator_server.py`` (another process), body decoded. Like ``scenario_import.py`` it imports
nothing but the standard library before the measured statement (``common`` is not imported: it
would pre-import modules the statement must pay for).

* ``floor``: ``import httpx``, ``httpx.Client()``, one ``get`` and ``response.json()`` — what any
  httpx-based client doing the same pays at least (issue 16's first-call floor).
* ``sdk`` / ``sdk_fast``: ``from actions_sdk import ManagementClient``,
  ``ManagementClient.for_auth0(url, token=…)``, ``client.actions.get(id)`` — the default
  install (the ``orjson`` import blocked, as ``common.select_configuration`` does) and
  ``actions-sdk[fast]``.
* ``auth0_python``: ``from auth0.management import ManagementClient``, its client (with the base
  URL pointed at the plain-http emulator, as in ``scenario_percall.py``) and ``actions.get(id)``.

Prints ``{"ms": …, "steps_ms": {"import": …, "client": …, "get": …}, "orjson": whether orjson
was imported}``: the steps say where a difference to the floor goes.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

_STEPS: dict[str, float] = {}
_LAST = [0.0]


def _mark(step: str) -> None:
    """End the step ``step`` now (steps: ``import``, ``client``, ``get``)."""
    now = time.perf_counter()
    _STEPS[step] = (now - _LAST[0]) * 1000
    _LAST[0] = now


_TOKEN = "emulator-management-token"  # noqa: S105 - the emulator's public fake token


def _floor(url: str, action_id: str) -> object:
    import httpx

    _mark("import")
    with httpx.Client(headers={"authorization": f"Bearer {_TOKEN}"}) as http:
        _mark("client")
        response = http.get(f"{url}/api/v2/actions/actions/{action_id}")
        response.raise_for_status()
        answer = response.json()
        _mark("get")
        return answer


def _sdk(url: str, action_id: str) -> object:
    from actions_sdk import ManagementClient

    _mark("import")
    with ManagementClient.for_auth0(url, token=_TOKEN) as client:
        actions = client.actions
        _mark("client")
        answer = actions.get(action_id)  # also builds the SDK's own httpx.Client
        _mark("get")
        return answer


def _auth0_python(url: str, action_id: str) -> object:
    import httpx
    from auth0.management import ManagementClient

    _mark("import")
    http = httpx.Client()
    client = ManagementClient(
        domain=httpx.URL(url).netloc.decode(), token=_TOKEN, httpx_client=http
    )
    client._api._client_wrapper._base_url = f"{url}/api/v2"  # plain http, see scenario_percall
    actions = client.actions
    _mark("client")
    try:
        answer = actions.get(action_id)
        _mark("get")
        return answer
    finally:
        http.close()


CASES: dict[str, Callable[[str, str], object]] = {
    "floor": _floor,
    "sdk": _sdk,
    "sdk_fast": _sdk,
    "auth0_python": _auth0_python,
}


def main() -> None:
    name, url, action_id = sys.argv[1], sys.argv[2], sys.argv[3]
    case = CASES[name]
    if not name.endswith("_fast"):
        sys.modules["orjson"] = None  # type: ignore[assignment]  # the default install
    start = _LAST[0] = time.perf_counter()
    answer = case(url, action_id)
    elapsed = time.perf_counter() - start
    assert answer is not None
    result = {
        "ms": elapsed * 1000,
        "steps_ms": _STEPS,
        "orjson": sys.modules.get("orjson") is not None,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
