"""The public API surface is deliberate: it equals the checked-in snapshot; old names still work.

``scripts/api_surface.py`` dumps every public name, class member and signature (namespaces reached
from both clients included) as sorted text; this test compares it with
``tests/fixtures/api_surface.txt``. A difference is either a deliberate change — regenerate with
``python scripts/api_surface.py --write`` and add a CHANGELOG entry (and a deprecation path for a
removal or a rename, see docs/compatibility.md) — or an accident to undo.
"""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "api_surface", ROOT / "scripts" / "api_surface.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


@pytest.fixture(scope="module")
def surface(script: ModuleType) -> list[str]:
    lines: list[str] = script.build()
    return lines


def test_the_public_surface_equals_the_snapshot(script: ModuleType, surface: list[str]) -> None:
    expected = script.SNAPSHOT.read_text(encoding="utf-8").splitlines()
    changes = script.diff(expected, surface)
    assert not changes, (
        "the public API changed:\n"
        + "\n".join(changes)
        + f"\nif deliberate, regenerate with `{script.REGENERATE}` and add a CHANGELOG entry"
    )


def test_the_surface_reaches_names_members_namespaces_overloads_and_deprecations(
    surface: list[str],
) -> None:
    keys = {line.split(": ", 1)[0] for line in surface}
    for expected in (
        # names of the package and of public submodules
        "actions_sdk.ManagementClient",
        "actions_sdk.errors.make_api_error",
        "actions_sdk.testing.Auth0Emulator",
        # a method of a namespace class reached only through the async client (private module)
        "actions_sdk.resources._async.triggers.AsyncBindings.update_many",
        "actions_sdk.ManagementClient.actions.triggers.bindings",
        # an attrs field without a default (not a class attribute)
        "actions_sdk.Secret.value",
        # an enum member
        "actions_sdk.TriggerId.POST_LOGIN",
    ):
        assert expected in keys, expected
    assert any(
        line.startswith("actions_sdk.resources.actions.Actions.deploy: overload(")
        for line in surface
    )
    assert "actions_sdk.models.auth0.BindingsPatchBody: deprecated (" in "\n".join(surface)
    # Aliases point at the canonical (shortest) public path; no member of object/Exception/str.
    assert "actions_sdk.models.auth0.Action = actions_sdk.Action" in surface
    assert not any(key.endswith((".with_traceback", ".add_note", ".upper")) for key in keys)
    # The keywords behind ``**options: Unpack[SomeTypedDict]`` are part of the surface: from the
    # explicit signature keyword_signature() gives (factories, action fields), else (the
    # overloads, which have none at run time; ApiError's details) expanded from the TypedDict.
    lines = {line.partition(": ")[0]: line for line in surface}
    assert " token: str | None = None" in lines["actions_sdk.ManagementClient.for_auth0"]
    assert " code: str | Unset = UNSET," in lines["actions_sdk.resources.actions.Actions.create"]
    overloads = [
        line
        for line in surface
        if line.startswith("actions_sdk.ManagementClient.for_zitadel: overload(")
    ]
    assert overloads
    assert all("[**options: " in line and " token?: str | None" in line for line in overloads)
    assert "[**details: " in lines["actions_sdk.ApiError"]
    # Nothing machine-specific: no memory address in a default's repr.
    assert not any(" at 0x" in line for line in surface)


def test_check_mode_prints_the_diff_and_how_to_regenerate(
    script: ModuleType,
    surface: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    snapshot = tmp_path / "api_surface.txt"
    monkeypatch.setattr(script, "SNAPSHOT", snapshot)
    monkeypatch.setattr(script, "build", lambda: surface)
    assert script.main(["--write"]) == 0
    assert snapshot.read_text(encoding="utf-8").splitlines() == surface
    assert script.main(["--check"]) == 0
    # A removed method and a changed signature are both reported, then the way to accept them.
    edited = [
        line for line in surface if not line.startswith("actions_sdk.ManagementClient.close:")
    ]
    edited.append("actions_sdk.ManagementClient.close: def(self, force: bool) -> None")
    snapshot.write_text("\n".join(sorted(edited)) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert script.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "-actions_sdk.ManagementClient.close: def(self, force: bool) -> None" in out
    assert "+actions_sdk.ManagementClient.close: def(self) -> None" in out
    assert "python scripts/api_surface.py --write" in out


def test_the_removed_bindings_patch_body_still_works_and_warns() -> None:
    import actions_sdk.models.auth0 as auth0_models
    from actions_sdk.models.auth0 import BindingRefBody, BindingUpdateBody

    with pytest.warns(DeprecationWarning, match=r"BindingsPatchBody is deprecated.*update_many"):
        from actions_sdk.models.auth0 import BindingsPatchBody
    body = BindingsPatchBody(
        bindings=(BindingUpdateBody(ref=BindingRefBody(type="action_id", value="a1")),)
    )
    assert body.bindings[0].ref.value == "a1"
    assert "BindingsPatchBody" not in auth0_models.__all__  # a star import does not warn
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # What ``from actions_sdk.models.auth0 import *`` does: read every name of __all__.
        for name in auth0_models.__all__:
            getattr(auth0_models, name)
    with pytest.raises(AttributeError, match="NoSuchModel"):
        auth0_models.NoSuchModel  # noqa: B018
