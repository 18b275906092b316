"""Count code lines per architectural layer of ``actions_sdk/``.

A code line is a line that is not blank, not a comment and not part of a docstring. Layers:

* ``core`` — the neutral modules (client, transport, retry, budget, checks, operation, errors,
  pagination, neutral models, the provider contract and shared converter/OAuth pieces);
* ``resources`` — the hand-written namespaces, and ``resources (generated async)``;
* ``recipes`` — the helper plans;
* one layer per vendor package (``providers/<vendor>/``);
* ``testing`` — the emulators.

Usage::

    python scripts/loc.py            # a Markdown table
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "actions_sdk"


def layer(path: Path) -> str:
    """The layer a module of ``actions_sdk/`` belongs to."""
    parts = path.relative_to(PACKAGE).parts
    if parts[0] == "providers" and len(parts) > 2:
        return f"vendor: {parts[1]}"
    if parts[0] == "testing":
        return "testing"
    if parts[0] == "_async":
        return "core (generated async client)"
    if parts[0] == "resources":
        return "resources (generated async)" if "_async" in parts else "resources"
    if parts[0] in {"_recipes.py", "recipes", "_recipes"}:
        return "recipes"
    return "core"


def code_lines(source: str) -> int:
    """Lines holding code: no blank lines, comments or docstrings."""
    docstrings: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            first = body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in {
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
            tokenize.ENDMARKER,
        }:
            continue
        lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstrings)


def measure() -> Counter[str]:
    """Code lines per layer."""
    counts: Counter[str] = Counter()
    for path in sorted(PACKAGE.rglob("*.py")):
        counts[layer(path)] += code_lines(path.read_text(encoding="utf-8"))
    return counts


def main() -> int:
    """Print the table."""
    counts = measure()
    print("| layer | code lines |")
    print("|---|---:|")
    for name in sorted(counts):
        print(f"| {name} | {counts[name]:,} |")
    print(f"| **total** | **{sum(counts.values()):,}** |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
