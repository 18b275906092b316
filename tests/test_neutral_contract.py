"""The shared provider contract and the error tree name no vendor's model, even for typing."""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

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


def test_request_options_are_the_given_keywords_and_never_show_a_value() -> None:
    from actions_sdk._types import UNSET
    from actions_sdk.providers._base import CreateActionRequest, UpdateActionRequest

    secret = "s3cr3t-value-never-logged"
    request = CreateActionRequest(
        "n", {"code": "x", "secrets": [{"name": "K", "value": secret}], "runtime": UNSET}
    )
    # UNSET means left out, as for the keywords; the mapping is read-only.
    assert list(request.options) == ["code", "secrets"]
    assert request.option("runtime") is UNSET
    assert request.option("code") == "x"
    with pytest.raises(TypeError):
        request.options["code"] = "y"  # type: ignore[index]
    assert secret not in repr(request)
    assert repr(request) == "CreateActionRequest(name='n', options=<options: code, secrets>)"
    # replace() sets or (with UNSET) removes options and leaves the original alone.
    changed = request.replace(code=UNSET, deploy=True)
    assert list(changed.options) == ["secrets", "deploy"]
    assert list(request.options) == ["code", "secrets"]
    update = UpdateActionRequest(options={"secrets": [{"name": "K", "value": secret}]})
    assert secret not in repr(update)
    assert secret not in str(update)
