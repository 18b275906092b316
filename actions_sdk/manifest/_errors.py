"""Errors of actions as code; all are part of the SDK's error tree."""

from __future__ import annotations

from collections.abc import Sequence

from actions_sdk.errors import ActionsSDKError, ValidationError

__all__ = ["ManifestError", "Problem", "StalePlanError"]


class Problem:
    """One problem found in a manifest: where it is and what is wrong.

    Attributes:
        file: The manifest file.
        line: The 1-based line, when known.
        message: What is wrong (never a secret's value).
    """

    __slots__ = ("file", "line", "message")

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class ManifestError(ValidationError):
    """A manifest could not be loaded or planned; every problem found is listed.

    Attributes:
        problems: Each problem with its file and line.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the manifest:\n{lines}")


class StalePlanError(ActionsSDKError):
    """The remote state changed since the plan was made; nothing was applied.

    Attributes:
        changed: What changed, one entry per action or trigger.
    """

    def __init__(self, changed: Sequence[str]) -> None:
        self.changed = tuple(changed)
        super().__init__(
            "the remote state changed since this plan was made (plan again): "
            + "; ".join(self.changed)
        )
