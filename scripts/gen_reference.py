"""Write docs/reference/*.md: one mkdocstrings directive per public name.

Every name of ``actions_sdk.__all__`` (at its defining module, as ``actions_sdk._LOCATIONS``
says), of ``actions_sdk.testing.__all__`` and of ``actions_sdk.webhooks.zitadel.__all__`` (at
that public path) gets a ``::: path`` entry, grouped by page; a test
checks the committed pages equal this script's output, so a new public name cannot be left out.
Run ``.venv/bin/python scripts/gen_reference.py`` after adding one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import actions_sdk
import actions_sdk.testing
import actions_sdk.webhooks.zitadel

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference"

PAGES: dict[str, tuple[str, str]] = {
    "client": ("Client", "The clients, their configuration and the progress hook."),
    "models": (
        "Models",
        "Auth0 and ZITADEL (v1 and v2) models and enums, and the binding references.",
    ),
    "pagination": ("Pagination", "Pagers and pages of listings."),
    "errors": ("Errors", "The exception tree: every error the SDK raises is one of these."),
    "testing": ("Testing", "`actions_sdk.testing`: the emulators, clocks and fault plans."),
    "webhooks": (
        "Webhooks",
        "`actions_sdk.webhooks.zitadel`: verify, parse and answer what ZITADEL v2 posts to a "
        "target ([guide](../webhooks.md)).",
    ),
}


def page_of(module: str) -> str:
    """Which reference page documents a name defined in ``module``."""
    if module.startswith("actions_sdk.models") or module.rsplit(".", 1)[-1].startswith("models"):
        return "models"
    if module == "actions_sdk.errors":
        return "errors"
    if module in {"actions_sdk.pagination", "actions_sdk._operation"}:
        return "pagination"
    return "client"


def render() -> dict[str, str]:
    """The pages' text by file name."""
    entries: dict[str, list[str]] = {name: [] for name in PAGES}
    locations = dict(actions_sdk._LOCATIONS)
    locations["__version__"] = "actions_sdk._version"
    for name in actions_sdk.__all__:
        module = locations[name]
        entries[page_of(module)].append(f"{module}.{name}")
    for name in actions_sdk.testing.__all__:
        entries["testing"].append(f"actions_sdk.testing.{name}")
    for name in actions_sdk.webhooks.zitadel.__all__:
        entries["webhooks"].append(f"actions_sdk.webhooks.zitadel.{name}")
    pages = {}
    for page, (title, intro) in PAGES.items():
        lines = [f"# {title}", "", intro, ""]
        for path in entries[page]:
            lines += [f"::: {path}", ""]
        pages[f"{page}.md"] = "\n".join(lines)
    return pages


def main(check: bool) -> int:
    """Write the pages, or with ``--check`` report whether they are current."""
    stale = []
    REFERENCE.mkdir(exist_ok=True)
    for name, text in render().items():
        target = REFERENCE / name
        if target.exists() and target.read_text() == text:
            continue
        stale.append(name)
        if not check:
            target.write_text(text)
    if check and stale:
        print(f"stale: {stale}; run scripts/gen_reference.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
