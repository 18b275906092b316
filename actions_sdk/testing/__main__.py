"""Command line: run an emulator as a loopback HTTP server.

Usage::

    python -m actions_sdk.testing serve --provider auth0 --port 8080
    python -m actions_sdk.testing serve --provider zitadel --key-file sa-key.json

``serve`` prints the ``export`` lines that point ``examples/demo.py`` (and any code reading the
README's variables) at the server, e.g. ``export AUTH0_DOMAIN=http://127.0.0.1:8080``.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from ._base import EmulatorBase
from .auth0 import Auth0Emulator
from .zitadel import ZitadelEmulator

__all__ = ["build_parser", "main", "shell_setup"]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m actions_sdk.testing``."""
    parser = argparse.ArgumentParser(
        prog="python -m actions_sdk.testing",
        description="In-memory Auth0 / ZITADEL actions API emulators.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve an emulator over loopback HTTP/1.1")
    serve.add_argument("--provider", choices=("auth0", "zitadel"), required=True)
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback)")
    serve.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    serve.add_argument("--seed", type=int, default=0, help="seed for ids and faults")
    serve.add_argument(
        "--build-seconds", type=float, default=2.0, help="auth0: duration of a draft build"
    )
    serve.add_argument(
        "--key-file",
        type=Path,
        help="zitadel: write a generated service-account key file here (JWT profile)",
    )
    return parser


def _make_emulator(args: argparse.Namespace) -> EmulatorBase:
    if args.provider == "auth0":
        return Auth0Emulator(seed=args.seed, build_seconds=args.build_seconds)
    return ZitadelEmulator(seed=args.seed)


def _export(name: str, value: str) -> str:
    return f"export {name}={shlex.quote(value)}"


def shell_setup(emulator: EmulatorBase, url: str, key_file: Path | None = None) -> list[str]:
    """Return the lines that point a shell at a served emulator.

    The variables are the ones ``examples/demo.py`` and the README's table read
    (``AUTH0_DOMAIN`` …, ``ZITADEL_DOMAIN`` …), with the server's URL as the domain: the
    emulated name (``tenant.example``) would not reach the loopback server. Every line is valid
    shell (``export`` or a ``#`` comment), so the whole output can be pasted or sourced.

    Args:
        emulator: The emulator being served.
        url: The server's base URL, e.g. ``http://127.0.0.1:8080``.
        key_file: The ZITADEL service-account key file written for this run, if any.

    Returns:
        The lines, without line ends.
    """
    creds = emulator.credentials()
    lines = [f"# {type(emulator).__name__} listening on {url} (Ctrl+C stops it)"]
    if isinstance(emulator, Auth0Emulator):
        lines += [
            "# for examples/demo.py and your own code (AUTH0_* as in the README):",
            _export("AUTH0_DOMAIN", url),
            _export("AUTH0_CLIENT_ID", creds["client_id"]),
            _export("AUTH0_CLIENT_SECRET", creds["client_secret"]),
        ]
        if "token" in creds:
            lines.append(
                "# or, instead of the client id and secret, a static Management API token: "
                + _export("AUTH0_TOKEN", creds["token"])
            )
        # The SDK derives the audience from the domain; the emulator accepts that one too.
        lines.append(f"# audience: {url}/api/v2/ (the SDK's default for this domain)")
        return lines
    lines += [
        "# for examples/demo.py and your own code (ZITADEL_* as in the README):",
        _export("ZITADEL_DOMAIN", url),
    ]
    # Exactly one credential is exported (the demo refuses two); the others are shown as comments.
    choices = []
    if key_file is not None:
        choices.append(_export("ZITADEL_KEY_FILE", str(key_file.resolve())))
    if "pat" in creds:
        choices.append(_export("ZITADEL_TOKEN", creds["pat"]))
    choices.append(
        _export("ZITADEL_CLIENT_ID", creds["client_id"])
        + " "
        + _export("ZITADEL_CLIENT_SECRET", creds["client_secret"]).removeprefix("export ")
    )
    lines.append(choices[0])
    lines += [f"# or instead: {choice}" for choice in choices[1:]]
    org = creds["default_org_id"]
    lines.append(f"# default organization (set ZITADEL_ORG_ID only for another one): {org}")
    # One instance serves both APIs, so the same variables reach v2 (instance-wide: no org).
    lines.append(
        "# the same server answers ZITADEL v2 Actions (/v2/actions): for_zitadel(..., api='v2')"
    )
    return lines


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    wait: Callable[[], object] | None = None,
) -> int:
    """Run the CLI.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).
        out: Where to print (default: standard output).
        wait: Blocks while the server runs (default: until Ctrl+C); tests pass a function that
            returns at once.

    Returns:
        The process exit status.
    """
    args = build_parser().parse_args(argv)
    stream = out if out is not None else sys.stdout
    emulator = _make_emulator(args)
    if args.key_file is not None and isinstance(emulator, ZitadelEmulator):
        key = emulator.generate_service_account_key()
        args.key_file.write_text(json.dumps(key, indent=2) + "\n")
    with emulator.serve(args.host, args.port) as server:
        for line in shell_setup(emulator, server.url, args.key_file):
            print(line, file=stream)
        stream.flush()
        try:
            (wait or threading.Event().wait)()
        except KeyboardInterrupt:
            print("# stopping", file=stream)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
