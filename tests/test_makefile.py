"""``make`` rebuilds a ``.venv`` that runs on another interpreter than ``$(PYTHON)``.

Checked with ``make -n`` (print the recipe, run nothing) in a scratch copy of the Makefile, so no
virtualenv is created or removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make") or "make"  # `make test` is the project's gate, so make is there


def _project(tmp_path: Path, venv_python: str | None) -> Path:
    """A scratch project: the real Makefile, a pyproject.toml, and an up-to-date stamp."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'scratch'\n")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    if venv_python is not None:
        python = bin_dir / "python"
        python.write_text(venv_python)
        python.chmod(0o755)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.touch()
    later = time.time() + 10  # the stamp is newer than pyproject.toml: only the interpreter counts
    os.utime(stamp, (later, later))
    return tmp_path


def _dry_run(project: Path) -> str:
    result = subprocess.run(
        [MAKE, "-n", "venv", f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_a_venv_on_the_same_interpreter_is_reused(tmp_path: Path) -> None:
    # The scratch venv's python *is* this interpreter, so it reports the same identity.
    project = _project(tmp_path, f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    output = _dry_run(project)
    assert "-m venv" not in output
    assert "pip install" not in output


def test_a_venv_on_another_interpreter_is_rebuilt(tmp_path: Path) -> None:
    project = _project(tmp_path, "#!/bin/sh\necho /opt/python3.9 cpython 3 9 18\n")
    output = _dry_run(project)
    assert "runs on '/opt/python3.9 cpython 3 9 18'" in output
    assert "rm -rf .venv" in output
    assert f"{sys.executable} -m venv .venv" in output
    assert 'pip install --quiet -e ".[dev]"' in output


def test_a_venv_whose_python_no_longer_runs_is_rebuilt(tmp_path: Path) -> None:
    # E.g. the base interpreter it linked to was uninstalled.
    project = _project(tmp_path, None)
    output = _dry_run(project)
    assert "rm -rf .venv" in output
    assert f"{sys.executable} -m venv .venv" in output
