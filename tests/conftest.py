"""Settings of the whole suite.

The tests marked ``slow`` (the 30 s load test, the benchmark smoke runs, the pytest-xdist run
of the plugin) are collected first. Under a plain ``pytest -n N`` each worker takes tests from
the front of the list, so the long ones start at once, beside the short ones, instead of one
of them starting last and keeping the run going on its own. ``make test`` runs them apart,
after the others and one at a time; ``make test-fast`` leaves them out.
"""

from __future__ import annotations

import sys
from collections.abc import Generator

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the ``slow`` tests to the front, keeping the order within both groups; put the
    tests that drive the headless browser in one xdist group.

    Every xdist worker collects on its own and the collections must agree: the order here
    depends on nothing but the collected items, so they do. Under ``--dist loadgroup`` (make
    test) the group runs on one worker, which starts Chromium once instead of every worker
    starting its own (about a second of CPU time each).
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Run a test marked ``no_cover`` untraced, whoever measures the run.

    pytest-cov pauses coverage for such a test only in a process it measures without xdist
    (in an xdist worker the test stayed traced, checked with ``sys.gettrace()``), and not at
    all under ``coverage run``. This wrapper runs innermost, after pytest-cov's: if a tracer
    is still on, it stops the process's coverage meanwhile.
    """
    if item.get_closest_marker("no_cover") is None or sys.gettrace() is None:
        return (yield)
    try:
        from coverage import Coverage
    except ImportError:  # a tracer that is not coverage's: leave it alone
        return (yield)
    cov = Coverage.current()
    if cov is None:
        return (yield)
    cov.stop()
    try:
        return (yield)
    finally:
        cov.start()
