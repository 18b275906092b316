"""The import contract: the neutral core never imports a vendor package at runtime.

A vendor package is a sub-package of ``actions_sdk/providers/`` (``auth0``, ``zitadel``, …).
Everything else in ``actions_sdk/`` is neutral, except three places that exist to name vendors:

* ``actions_sdk/testing/`` — the per-vendor emulators (a layer of their own);
* ``actions_sdk/models/auth0.py`` / ``zitadel.py`` — compatibility paths that re-export a vendor's
  models (``from actions_sdk.models.auth0 import Action`` keeps working);
* the provider builders of ``for_auth0`` / ``for_zitadel`` in ``_client_base.py``: they import
  their vendor lazily inside the function body (see docs/architecture.md, "Import contract").

Imports under ``if TYPE_CHECKING:`` are not runtime imports and are allowed (types only). The
test reads the source with :mod:`ast`, so it also catches an import inside a function that a test
run never reaches.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "actions_sdk"
VENDORS = sorted(
    path.parent.name
    for path in (PACKAGE / "providers").glob("*/__init__.py")
    if not path.parent.name.startswith("_")
)
# Modules (relative to actions_sdk/) that may name a vendor anywhere: the models' compatibility
# paths and webhooks/<vendor>.py, the public path of a vendor's target-side helpers.
EXEMPT_MODULES = {f"{layer}/{vendor}.py" for layer in ("models", "webhooks") for vendor in VENDORS}
EXEMPT_LAYERS = ("testing/",)
# (module, function) pairs that may import a vendor inside their body: the thin factories.
LAZY_FACTORIES = {
    ("_client_base.py", "_auth0_provider"): "auth0",
    ("_client_base.py", "_zitadel_provider"): "zitadel",
}


def _vendor_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["actions_sdk", "providers"] and len(parts) > 2 and parts[2] in VENDORS:
        return parts[2]
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[tuple[str, str | None, int]]:
    """Every runtime import: (imported module, enclosing function or None, line)."""
    found: list[tuple[str, str | None, int]] = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for other in node.orelse:  # the ``else`` branch of TYPE_CHECKING does run
                visit(other, function)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, function, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, function, node.lineno))
            # ``from actions_sdk.providers import auth0`` imports the vendor too.
            found.extend(
                (f"{node.module}.{alias.name}", function, node.lineno) for alias in node.names
            )
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def _neutral_modules() -> list[Path]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("providers/") and relative.split("/")[1] in VENDORS:
            continue
        if relative in EXEMPT_MODULES or relative.startswith(EXEMPT_LAYERS):
            continue
        modules.append(path)
    return modules


def test_there_are_vendor_packages_to_protect() -> None:
    assert {"auth0", "zitadel"} <= set(VENDORS)


@pytest.mark.parametrize(
    "path", _neutral_modules(), ids=lambda path: path.relative_to(PACKAGE).as_posix()
)
def test_neutral_module_imports_no_vendor_at_runtime(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    offences = [
        f"{relative}:{line} imports {module}" + (f" in {function}()" if function else "")
        for module, function, line in _runtime_imports(tree)
        if (vendor := _vendor_of(module)) is not None
        and LAZY_FACTORIES.get((relative, function or "")) != vendor
    ]
    assert offences == []


def test_the_checker_sees_a_runtime_vendor_import() -> None:
    # The checker itself must be able to fail: a module-level import, one in a function and one
    # in the else branch of TYPE_CHECKING are offences; one under TYPE_CHECKING is not.
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from actions_sdk.providers.auth0.models import Action\n"
        "else:\n"
        "    import actions_sdk.providers.zitadel.v1\n"
        "from actions_sdk.providers import auth0\n"
        "def f():\n"
        "    from actions_sdk.providers.zitadel.models import ZitadelAction\n"
    )
    vendors = {
        (_vendor_of(module), function, line)
        for module, function, line in _runtime_imports(ast.parse(source))
        if _vendor_of(module)
    }
    assert sorted(vendors, key=lambda item: item[2]) == [
        ("zitadel", None, 5),
        ("auth0", None, 6),
        ("zitadel", "f", 8),
    ]


def test_lazy_factories_exist() -> None:
    # An allow-list entry for a function that no longer exists would silently allow nothing.
    for module, function in LAZY_FACTORIES:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert function in names, f"{module}: {function}"
