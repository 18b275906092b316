# Every target builds or refreshes the project's own .venv: nothing relies on what is installed globally.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv test lint format typecheck pytest docs demo bench clean

venv: $(STAMP)

# Which interpreter a venv runs on: its base installation and version. A .venv made by another
# Python (say 3.11, when $(PYTHON) is now 3.12) or whose base interpreter is gone cannot be reused:
# its compiled packages and paths belong to that interpreter, so it is rebuilt from scratch.
INTERPRETER_ID := import sys; print(sys.base_prefix, sys.implementation.name, *sys.version_info[:3])
WANT_PYTHON := $(shell $(PYTHON) -c '$(INTERPRETER_ID)' 2>/dev/null)
HAVE_PYTHON := $(shell $(BIN)/python -c '$(INTERPRETER_ID)' 2>/dev/null)
ifneq ($(WANT_PYTHON),$(HAVE_PYTHON))
# Phony, so its recipe runs whatever the stamp's age.
.PHONY: $(STAMP)
endif

# Reinstall when the project metadata or the interpreter changes; `pip install -e` keeps the
# checkout importable.
$(STAMP): pyproject.toml
	@test -n "$(WANT_PYTHON)" || { echo "$(PYTHON) does not run: set PYTHON=/path/to/python3.11+"; exit 1; }
	@if [ "$(HAVE_PYTHON)" != "$(WANT_PYTHON)" ] && [ -d $(VENV) ]; then \
		echo "$(VENV) runs on '$(HAVE_PYTHON)', not '$(WANT_PYTHON)' ($(PYTHON)): rebuilding it"; \
		rm -rf $(VENV); \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The generated async namespaces must match their sync source (scripts/gen_async.py), and the
# vendor matrix of docs/providers.md and README's summary the capability tables (scripts/gen_matrix.py).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/gen_async.py --check
	$(BIN)/python scripts/gen_matrix.py --check

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: venv
	$(BIN)/mypy actions_sdk

pytest: venv
	$(BIN)/pytest --cov=actions_sdk --cov-report=term --cov-fail-under=90

# The documentation site (mkdocs-material + mkdocstrings, in the dev extra) into site/. --strict:
# a broken link, a missing reference or a docstring warning fails the build.
docs: venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: lint typecheck pytest docs

demo: venv
	$(BIN)/python examples/demo.py

# Side-by-side benchmarks against auth0-python and zitadel-client, in their own environment
# (benchmarks/.venv, never the test venv); writes benchmarks/results.json and docs/benchmarks.md.
# The project is installed with its [fast] extra (orjson); the default install (stdlib json) is
# measured in the same run by blocking the orjson import in those child processes.
BENCH_VENV := benchmarks/.venv

bench:
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -e ".[fast]" -r benchmarks/requirements.txt
	$(BENCH_VENV)/bin/python benchmarks/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage htmlcov dist site
