"""The docs site's sources: every public name has a reference entry, every page is in the nav."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import actions_sdk
import actions_sdk.testing

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _reference_text() -> str:
    return "\n".join(p.read_text() for p in sorted((DOCS / "reference").glob("*.md")))


def test_the_reference_pages_are_the_generated_ones():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from gen_reference import render
    finally:
        sys.path.pop(0)
    for name, text in render().items():
        current = (DOCS / "reference" / name).read_text()
        assert current == text, f"run scripts/gen_reference.py ({name})"


def test_every_public_name_has_a_reference_entry():
    entries = set(re.findall(r"^::: (\S+)$", _reference_text(), flags=re.MULTILINE))
    documented = {entry.rsplit(".", 1)[-1] for entry in entries}
    assert set(actions_sdk.__all__) <= documented
    assert {f"actions_sdk.testing.{n}" for n in actions_sdk.testing.__all__} <= entries


def test_every_docs_page_is_in_the_navigation():
    config = (ROOT / "mkdocs.yml").read_text()
    listed = set(re.findall(r":\s*(\S+\.md)\s*$", config, flags=re.MULTILINE))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert pages == listed


def test_make_test_builds_the_site_strictly():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test: .*\bdocs\b", makefile, flags=re.MULTILINE)
    assert "mkdocs build --strict" in makefile
