# Every target makes .venv itself when it is missing, so a fresh clone needs only
# Python 3.10+, make and a network to the package index.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

# Python may write its bytecode caches here even where the environment says not to: a run of
# the suite starts a dozen interpreters (xdist workers, the CLI, pytester and example runs),
# and pytest rewrites the asserts of every test module in each worker. Without the caches
# each of them compiles it all again: a third of the suite's CPU time on this machine.
unexport PYTHONDONTWRITEBYTECODE

# pytest-xdist workers. Most of the suite waits on sockets and timers rather than computing, so
# two per core keeps the 2-core machine busy; every test starts its own fake server on a free
# port, so the workers never share one. --maxschedchunk 1 hands out tests one at a time after
# the first two per worker, so the long tests (collected first, see tests/conftest.py) land on
# different workers instead of queueing on one.
JOBS   ?= 4
XDIST  := -n $(JOBS) --maxschedchunk 1

# The oldest and the newest Python the package claims (requires-python and the classifiers in
# pyproject.toml). `make test-matrix` runs the suite on each, in .venv-X.Y made from the
# interpreter .ci/find-python finds (pyenv's, on this machine and CI); a missing one fails.
MATRIX ?= 3.10 3.13

.PHONY: install lint typecheck test test-fast test-matrix demo bench serve clean vendor-dashboard \
	vendor-urban-areas
# the stamps of .venv-X.Y are made by a pattern rule: keep them, or every run reinstalls
.PRECIOUS: .venv-%/.installed-dev

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
# ([tool.coverage.report] fail_under). The tests marked slow (the 30 s load test, the
# benchmark smoke runs) start first, beside the others: none of them asserts anything that
# depends on the machine's speed (the load test makes a fixed number of calls however long
# they take), so a busy machine only makes them longer.
# `coverage run` (not pytest-cov) so that measuring starts before pytest loads pytest_wialon,
# and every process started (xdist workers, servers, CLI runs) writes its own data file
# ([tool.coverage.run] parallel, patch); `coverage combine` adds them up.
COV := $(BIN)/python -m coverage
test: lint typecheck
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	echo "make test: no headless Chromium here, so the dashboard's browser tests are skipped (apt-get install chromium chromium-driver)"
	@$(COV) erase
	$(COV) run -m pytest $(XDIST)
	@$(COV) combine -q
	$(COV) report

# The suite without the linters, coverage and the tests marked slow, for a quick loop.
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(XDIST) -x -q -m "not slow"

test-matrix: $(addprefix test-py,$(MATRIX))

# One Python of the matrix: make test-py3.10. The gates and coverage are left to `make test`
# (mypy already checks the code as Python 3.10); this is the suite alone.
test-py%: .venv-%/.installed-dev
	.venv-$*/bin/python -m pytest $(XDIST) -q

.venv-%/.installed-dev: pyproject.toml
	@py="$$(.ci/find-python $*)" || exit 1; \
	test -x .venv-$*/bin/python || { echo "making .venv-$* with $$py"; "$$py" -m venv .venv-$*; }
	.venv-$*/bin/python -m pip install --quiet --upgrade pip
	.venv-$*/bin/python -m pip install --quiet -e ".[dev]"
	@touch $@

demo: $(STAMP)
	$(BIN)/python examples/tour.py

# ARGS passes options through, e.g. make bench ARGS="--quick" or ARGS="--only client --profile"
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks $(ARGS)

serve: $(STAMP)
	$(BIN)/wialon-mock serve --port 8080

# Fetch the dashboard's vendored files again from the npm registry (see its static/VENDORED.md).
DASH := mockserver/wialon_mock/http/dashboard/static
vendor-dashboard:
	@tmp=$$(mktemp -d) && cd $$tmp && \
	npm pack --silent leaflet@1.9.4 topojson-client@3.1.0 world-atlas@2.0.2 >/dev/null && \
	for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done && \
	cd $(CURDIR) && L=$$tmp/leaflet-1.9.4/package T=$$tmp/topojson-client-3.1.0/package \
	W=$$tmp/world-atlas-2.0.2/package && \
	cp $$L/dist/leaflet.js $$L/dist/leaflet.css $$L/LICENSE $(DASH)/vendor/leaflet/ && \
	cp $$L/dist/images/layers.png $$L/dist/images/layers-2x.png $$L/dist/images/marker-icon.png \
	   $(DASH)/vendor/leaflet/images/ && \
	cp $$T/dist/topojson-client.min.js $$T/LICENSE $(DASH)/vendor/topojson-client/ && \
	cp $$W/countries-50m.json $(DASH)/basemap/ && cp $$W/LICENSE $(DASH)/basemap/LICENSE-world-atlas && \
	rm -rf $$tmp && echo "vendored files refreshed under $(DASH)"

# Natural Earth's 1:50m urban areas, from a GeoJSON of ne_50m_urban_areas given as SRC
# (static/VENDORED.md says where the shipped one came from)
vendor-urban-areas: $(STAMP)
	@test -n "$(SRC)" || { echo "usage: make vendor-urban-areas SRC=ne_50m_urban_areas.geojson"; exit 2; }
	$(BIN)/python -m tools.urban_areas "$(SRC)" $(DASH)/basemap/urban-areas-50m.json

clean:
	rm -rf $(VENV) .venv-* .mypy_cache .ruff_cache .pytest_cache .hypothesis .coverage .coverage.* build dist
