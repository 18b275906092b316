"""The Auth0 emulator as a loopback HTTP server in its own process (so it never shares a GIL with
the client being measured).

``python emulator_server.py --actions N [--deploy K] [--rate-limit BURST,PER_SECOND]``

Creates ``N`` actions (supporting ``post-login``; the first ``K`` deployed) *before* the rate limit
is switched on, serves on ``127.0.0.1`` (the emulator's server disables Nagle), prints
``{"url": …, "action_ids": […]}`` and serves until its standard input closes. It then prints the
requests it answered since serving started, by status.
"""

from __future__ import annotations

import argparse
import collections
import sys

from common import EMULATOR_TOKEN, emit

from actions_sdk.testing import Auth0Emulator


def _seed(emulator: Auth0Emulator, actions: int, deploy: int) -> list[str]:
    ids = []
    with emulator.client(headers={"authorization": f"Bearer {EMULATOR_TOKEN}"}) as http:
        for index in range(actions):
            response = http.post(
                "/api/v2/actions/actions",
                json={
                    "name": f"bench-action-{index:03d}",
                    "supported_triggers": [{"id": "post-login", "version": "v3"}],
                    "code": "exports.onExecutePostLogin = async (event, api) => {};",
                    "runtime": "node22",
                },
            )
            response.raise_for_status()
            ids.append(response.json()["id"])
        for action_id in ids[:deploy]:
            http.post(f"/api/v2/actions/actions/{action_id}/deploy").raise_for_status()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=1)
    parser.add_argument("--deploy", type=int, default=0)
    parser.add_argument("--rate-limit", default="")
    args = parser.parse_args()

    emulator = Auth0Emulator(build_seconds=0, deploy_seconds=0)
    ids = _seed(emulator, args.actions, args.deploy)
    if args.rate_limit:
        burst, per_second = args.rate_limit.split(",")
        # Switched on only now, so the seeding stays out of the measured budget; a new limit
        # starts with a full bucket, as after an idle period.
        emulator.set_rate_limit((int(burst), float(per_second)))
    served_from = len(emulator.request_log)
    with emulator.serve() as server:
        emit({"url": server.url, "action_ids": ids})
        sys.stdin.read()  # until the parent closes our stdin
        log = emulator.request_log[served_from:]
    statuses = collections.Counter(str(record.status) for record in log)
    emit({"requests": len(log), "statuses": dict(statuses)})


if __name__ == "__main__":
    main()
