"""Command line: run an emulator as a loopback HTTP server.

Usage::

    python -m actions_sdk.testing serve --provider auth0 --port 8080
    python -m actions_sdk.testing serve --provider zitadel --key-file sa-key.json
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from ._base import EmulatorBase
from .auth0 import Auth0Emulator
from .zitadel import ZitadelEmulator

__all__ = ["build_parser", "main"]


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


def _make_emulator(args: argparse.Namespace, out: TextIO) -> EmulatorBase:
    if args.provider == "auth0":
        return Auth0Emulator(seed=args.seed, build_seconds=args.build_seconds)
    emulator = ZitadelEmulator(seed=args.seed)
    if args.key_file is not None:
        key = emulator.generate_service_account_key()
        args.key_file.write_text(json.dumps(key, indent=2) + "\n")
        print(f"  service account key written to {args.key_file}", file=out)
    return emulator


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
    emulator = _make_emulator(args, stream)
    with emulator.serve(args.host, args.port) as server:
        print(f"{type(emulator).__name__} listening on {server.url}", file=stream)
        for name, value in emulator.credentials().items():
            print(f"  {name}: {value}", file=stream)
        stream.flush()
        try:
            (wait or threading.Event().wait)()
        except KeyboardInterrupt:
            print("stopping", file=stream)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
