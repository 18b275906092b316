"""Write a manifest and its code files from a live tenant; byte-stable, never a secret value."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from actions_sdk.manifest import _remote
from actions_sdk.manifest._load import (
    API_AUTH0,
    API_ZITADEL_V2,
    MANIFEST_FILE,
    SECTIONS,
    auth0_trigger_fields,
    format_duration,
    target_fields,
)

__all__ = ["dump_manifest", "export", "secret_variable"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def secret_variable(name: str) -> str:
    """Return the environment variable an exported secret's placeholder names.

    Args:
        name: The secret's name.

    Returns:
        The name upper-cased, other characters than letters, digits and ``_`` made ``_``.
    """
    variable = re.sub(r"[^A-Za-z0-9_]", "_", name).upper()
    return variable if variable[:1].isalpha() or variable[:1] == "_" else f"_{variable}"


def _file_names(names: list[str]) -> dict[str, str]:
    """A code file per action: its name made safe, unique even when two names map to one."""
    files: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        stem = _UNSAFE.sub("_", name).lstrip(".") or "action"
        candidate, number = stem, 1
        while candidate.lower() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.lower())
        files[name] = f"actions/{candidate}.js"
    return files


def _target_entry(target: _remote.RemoteAction) -> dict[str, Any]:
    """A v2 target's entry: every field written out (defaults too), never its signing key."""
    entry = target_fields(target)
    entry["timeout"] = format_duration(target.timeout)
    # The loader reads ``${NAME}`` in a value as a placeholder: keep a literal one literal.
    entry["endpoint"] = str(target.endpoint).replace("${", "$${")
    return entry


def _entry(action: _remote.RemoteAction, api: str, file: str) -> dict[str, Any]:
    if api == API_ZITADEL_V2:
        return _target_entry(action)
    entry: dict[str, Any] = {"code": file}
    if api == API_AUTH0:
        entry.update(auth0_trigger_fields(action))
        if action.secrets:
            # Names only: the value is a placeholder the reader fills from the environment.
            entry["secrets"] = {s: f"${{{secret_variable(s)}}}" for s in action.secrets}
    else:
        entry["timeout"] = format_duration(action.timeout)
        entry["allowed_to_fail"] = action.allowed_to_fail
    return entry


def dump_manifest(document: dict[str, Any]) -> str:
    """Serialise a manifest document to YAML, deterministically.

    Mapping keys are sorted; lists keep their order (binding order is execution order).

    Args:
        document: The manifest as plain data.

    Returns:
        The YAML text.
    """
    import yaml

    return yaml.safe_dump(
        document, sort_keys=True, default_flow_style=False, allow_unicode=True, width=1000
    )


def export(client: Any, directory: str | os.PathLike[str]) -> list[Path]:
    """Write ``actions.yaml`` and one code file per action from the client's tenant.

    Secret values are never read (Auth0 never returns them) nor written: each secret appears
    by name with a ``${NAME}`` placeholder. The output is byte-stable: the same remote state
    gives the same files. Marketplace actions are left out (their code is not the tenant's).
    ZITADEL v2 targets have no code: only ``actions.yaml`` is written (``targets:`` and
    ``executions:``), and a target's signing key never is.

    Args:
        client: A sync ``ManagementClient``.
        directory: Where to write (created if needed).

    Returns:
        The files written, the manifest first.
    """
    api = _remote.api_of(client)
    root = Path(directory)
    remote = _remote.read_actions(client)
    files = _file_names(list(remote))
    bindings = {
        trigger: list(names)
        for trigger, names in _remote.read_bindings(client, _remote.bound_triggers(client)).items()
        if names
    }
    objects, lists = SECTIONS[api]
    document: dict[str, Any] = {
        "version": 1,
        "api": api,
        objects: {name: _entry(a, api, files[name]) for name, a in sorted(remote.items())},
        lists: bindings,
    }
    written = [root / MANIFEST_FILE]
    root.mkdir(parents=True, exist_ok=True)
    if api != API_ZITADEL_V2:  # v2 targets have no code: nothing but the manifest
        (root / "actions").mkdir(exist_ok=True)
        for name in sorted(remote):
            path = root / files[name]
            # newline="": the code is written byte for byte, as the server holds it.
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(remote[name].code)
            written.append(path)
    with written[0].open("w", encoding="utf-8", newline="") as handle:
        handle.write(dump_manifest(document))
    return written
