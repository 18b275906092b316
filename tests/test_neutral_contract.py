"""The shared provider contract and the error tree name no vendor's model, even for typing."""

from __future__ import annotations

import ast
from pathlib import Path

import attrs

import actions_sdk
from actions_sdk.errors import ActionBuildError

PACKAGE = Path(actions_sdk.__file__).parent

# The Auth0-only namespaces (versions, executions, modules) may stay typed with Auth0's models.
AUTH0_ONLY = {"ActionVersion", "Dependency", "Execution", "Module", "ModuleAction", "ModuleVersion"}
AUTH0_ONLY |= {"Secret"}  # create_module / update_module secrets
# Likewise the ZITADEL-v2-only namespace (client.actions.keys) with its key model.
SINGLE_VENDOR = AUTH0_ONLY | {"PublicKey"}


def _vendor_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            ("actions_sdk.providers.auth0", "actions_sdk.providers.zitadel")
        ):
            names |= {alias.name for alias in node.names}
    return names


def test_the_contract_names_only_single_vendor_models() -> None:
    names = _vendor_names(PACKAGE / "providers" / "_base.py")
    assert names <= SINGLE_VENDOR, names - SINGLE_VENDOR
    # The shared request fields, build errors and binding secrets are neutral.
    assert not names & {"ActionTrigger", "ActionError", "ModuleRef"}


def test_the_error_tree_imports_no_vendor() -> None:
    assert _vendor_names(PACKAGE / "errors.py") == set()


@attrs.frozen
class _OtherVendorError:
    id: str | None
    msg: str | None


def test_a_build_error_takes_any_vendors_error_details() -> None:
    error = ActionBuildError("a1", [_OtherVendorError(id="E1", msg="syntax error on line 3")])

    assert "syntax error on line 3" in str(error)
    assert error.errors == (_OtherVendorError(id="E1", msg="syntax error on line 3"),)
