# Every target builds or refreshes the project's own .venv: nothing relies on what is installed globally.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv test lint format typecheck pytest demo clean

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

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .coverage htmlcov dist
