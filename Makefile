# Every target makes .venv itself when it is missing, so a fresh clone needs only
# Python 3.10+, make and a network to the package index.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: install lint typecheck test test-fast demo bench serve clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# a venv made before the rename to aiowialon-kit holds the old "aiowialon" editable
	@# install, whose uninstall would later delete the shared wialon-mock script
	@$(BIN)/python -m pip uninstall --quiet -y aiowialon >/dev/null 2>&1 || true
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy src mockserver tests examples

test: lint typecheck
	$(BIN)/python -m pytest

# The suite without the linters, for a quick loop while editing.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -x -q

demo: $(STAMP)
	$(BIN)/python examples/tour.py

# ARGS passes options through, e.g. make bench ARGS="--quick" or ARGS="--only client --profile"
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks $(ARGS)

serve: $(STAMP)
	$(BIN)/wialon-mock serve --port 8080

clean:
	rm -rf $(VENV) .venv-* .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist
