"""Shared by the actions-as-code tests: emulator-backed clients and manifest directories."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from actions_sdk import ManagementClient, RetryPolicy
from actions_sdk.testing import Auth0Emulator, FaultPlan, ManualClock, ZitadelEmulator

SECRET_VALUE = "planted-s3cr3t-value-4711"
ENV = {"API_KEY": SECRET_VALUE, "OTHER_KEY": "second-planted-value-0815"}
TOKEN_PATHS = ("/oauth/token", "/oauth/v2/token")

AUTH0_CODE = "exports.onExecutePostLogin = async (event, api) => {{ api.{call}(); }};\n"
ZITADEL_CODE = "function {name}(ctx, api) {{ api.v1.claims.setClaim('{name}', 1) }}\n"


class Tenant:
    """An emulator, a client on it, and the clock both share."""

    def __init__(self, api: str, *, seed: int = 1, faults: FaultPlan | None = None) -> None:
        self.api = api
        self.clock = ManualClock()
        policy = RetryPolicy(sleep=self.clock.advance, clock=self.clock.time)
        self.emulator: Any
        if api == "auth0":
            self.emulator = Auth0Emulator(
                clock=self.clock, build_seconds=5, seed=seed, faults=faults
            )
            self.client: Any = ManagementClient.for_auth0(
                "tenant.example",
                token="emulator-management-token",
                http_client=self.emulator.client(),
                retry_policy=policy,
            )
        else:
            self.emulator = ZitadelEmulator(clock=self.clock, seed=seed, faults=faults)
            self.client = ManagementClient.for_zitadel(
                "zitadel.example",
                token=self.emulator.pat,
                http_client=self.emulator.client(),
                retry_policy=policy,
                api="v2" if api == "zitadel-v2" else "v1",
            )

    def names(self) -> list[str]:
        """The names of the live actions (v2: targets) in the emulator, sorted."""
        if self.api == "zitadel-v2":
            return sorted(t["name"] for t in self.emulator.v2.targets)
        live = [a for a in self.emulator.actions if a.get("state") != "ACTION_STATE_REMOVED"]
        return sorted(a["name"] for a in live)

    def mutations(self) -> list[tuple[str, str]]:
        """The writing requests received so far (searches and token requests are reads)."""
        found = []
        for method, path in self.emulator.requests:
            # v1 searches end in /_search, v2 searches in /search.
            if path in TOKEN_PATHS or path.endswith(("/_search", "/search")):
                continue
            if method in {"POST", "PUT", "PATCH", "DELETE"}:
                found.append((method, path))
        return found

    def code(self, name: str, variant: str = "a") -> str:
        return action_code(self.api, name, variant)


def action_code(api: str, name: str, variant: str = "a") -> str:
    """The code of a test action ``name`` for ``api``; ``variant`` makes a changed version."""
    if api == "auth0":
        return AUTH0_CODE.format(call=f"{name.replace('-', '_')}_{variant}")
    return ZITADEL_CODE.format(name=name).replace("1)", f"'{variant}')")


def write_manifest(directory: Path, text: str, code: dict[str, str]) -> Path:
    """Write ``actions.yaml`` (dedented) and code files (path -> text) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for relative, source in code.items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8", newline="")
    manifest = directory / "actions.yaml"
    manifest.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return manifest


def edit_manifest(directory: Path, *replacements: tuple[str, str]) -> None:
    """Replace text in ``directory/actions.yaml``; each old text must be there."""
    path = directory / "actions.yaml"
    text = path.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)
