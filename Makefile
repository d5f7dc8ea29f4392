# Every target makes .venv itself when it is missing, so a fresh clone needs only
# Python 3.10+, make and a network to the package index.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

# pytest-xdist workers. Most of the suite waits on sockets and timers rather than computing, so
# two per core keeps the 2-core machine busy; every test starts its own fake server on a free
# port, so the workers never share one. --maxschedchunk 1 hands out tests one at a time after
# the first two per worker, so the long tests (collected first, see tests/conftest.py) land on
# different workers instead of queueing on one.
JOBS   ?= 4
XDIST  := -n $(JOBS) --maxschedchunk 1

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
	$(BIN)/mypy src mockserver tests examples tools

# The whole suite with branch coverage; it fails under the floor in pyproject.toml
# ([tool.coverage.report] fail_under).
test: lint typecheck
	$(BIN)/python -m pytest $(XDIST) --cov --cov-report=term

# The suite without the linters, coverage and the tests marked slow, for a quick loop.
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -x -q -m "not slow"

demo: $(STAMP)
	$(BIN)/python examples/tour.py

# ARGS passes options through, e.g. make bench ARGS="--quick" or ARGS="--only client --profile"
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks $(ARGS)

serve: $(STAMP)
	$(BIN)/wialon-mock serve --port 8080

clean:
	rm -rf $(VENV) .venv-* .mypy_cache .ruff_cache .pytest_cache .hypothesis .coverage .coverage.* build dist
