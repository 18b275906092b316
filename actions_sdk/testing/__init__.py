"""In-memory emulators of the Auth0 and ZITADEL actions APIs, for tests, demos and benchmarks.

``ZitadelEmulator`` is one ZITADEL instance: it serves the management v1 actions & flows API and
the v2 Actions service (``/v2/actions``: targets, executions, public keys; state in
``emulator.v2``, see :mod:`actions_sdk.testing.zitadel_v2`).

The emulators speak plain HTTP/JSON with the vendors' exact paths, bodies, status codes and error
shapes, keep state in memory, and take time from an injectable clock. They do not use the SDK's
client, so they can test any HTTP code, including your own.

Example:
    In-process, through an ``httpx.MockTransport``::

        from actions_sdk.testing import Auth0Emulator, ManualClock

        clock = ManualClock()
        emu = Auth0Emulator(clock=clock, build_seconds=30)
        with emu.client(headers={"Authorization": f"Bearer {emu.token}"}) as http:
            action = http.post(
                "/api/v2/actions/actions",
                json={"name": "add-roles", "supported_triggers": [{"id": "post-login"}],
                      "code": "exports.onExecutePostLogin = async (event, api) => {};"},
            ).json()
            assert action["status"] == "pending"
            clock.advance(30)                      # the build finishes, no sleeping
            http.post(f"/api/v2/actions/actions/{action['id']}/deploy")

    Over real loopback HTTP (e.g. for benchmarks or another process)::

        from actions_sdk.testing import ZitadelEmulator

        with ZitadelEmulator().serve() as server:
            print(server.url)                      # http://127.0.0.1:<port>

    From a shell: ``python -m actions_sdk.testing serve --provider zitadel --port 8080``.

    Faults (reproducible for a seed)::

        from actions_sdk.testing import FaultPlan

        emu = Auth0Emulator(faults=FaultPlan(42, error_rate=0.1, lost_response_rate=0.05))
        emu.faults.next("429", count=2, method="PATCH")   # or script them exactly
"""

from __future__ import annotations

from ._base import RecordedRequest
from ._clock import Clock, ManualClock, SystemClock
from ._faults import FaultDecision, FaultKind, FaultPlan, FaultRecord
from ._server import EmulatorServer
from ._webkeys import TargetKeyPair, generate_target_key
from .auth0 import Auth0Emulator
from .zitadel import ZitadelEmulator
from .zitadel_v2 import ZitadelActionsV2

__all__ = [
    "Auth0Emulator",
    "Clock",
    "EmulatorServer",
    "FaultDecision",
    "FaultKind",
    "FaultPlan",
    "FaultRecord",
    "ManualClock",
    "RecordedRequest",
    "SystemClock",
    "TargetKeyPair",
    "ZitadelActionsV2",
    "ZitadelEmulator",
    "generate_target_key",
]
