"""The public surface: __all__ is sorted, complete and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import actions_sdk


def _isort_key(name: str) -> tuple[int, str]:
    # The order ruff's RUF022 enforces: CONSTANTS, then Classes, then everything else.
    if name.isupper():
        return (0, name)
    return (1, name) if name[0].isupper() else (2, name)


def test_all_is_sorted_and_unique():
    assert list(actions_sdk.__all__) == sorted(set(actions_sdk.__all__), key=_isort_key)


def test_every_exported_name_resolves_and_is_documented():
    for name in actions_sdk.__all__:
        value = getattr(actions_sdk, name)
        if isinstance(value, type):
            assert value.__doc__, f"{name} has no docstring"


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="NoSuchThing"):
        actions_sdk.NoSuchThing  # noqa: B018


def test_bare_import_loads_no_dependency_beyond_the_package():
    code = (
        "import sys, actions_sdk; "
        "print(sorted(m for m in ('attrs', 'cattrs', 'tenacity', 'httpx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
