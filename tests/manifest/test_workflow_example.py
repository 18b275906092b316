"""The GitHub Actions example only uses commands and options the CLI really has."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml

from actions_sdk.cli import cli

WORKFLOW = Path(__file__).resolve().parents[2] / "examples" / "github-actions" / "actions.yml"


def test_every_actions_sdk_command_of_the_workflow_exists() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if line.strip().startswith("actions-sdk "):
                    commands.append(shlex.split(line.strip())[1:])
    assert {c[0] for c in commands} == {"validate", "plan", "apply"}
    for words in commands:
        command = cli.commands[words[0]]
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        used = {w for w in words[1:] if w.startswith("-")}
        assert used <= known, (words, used - known)
