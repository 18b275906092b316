# Every target builds or refreshes the project's own .venv: nothing relies on what is installed globally.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv test lint format typecheck pytest demo bench clean

venv: $(STAMP)

# Reinstall when the project metadata changes; `pip install -e` keeps the checkout importable.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: venv
	$(BIN)/mypy actions_sdk

pytest: venv
	$(BIN)/pytest --cov=actions_sdk --cov-report=term --cov-fail-under=90

test: lint typecheck pytest

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
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage htmlcov dist
