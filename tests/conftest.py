"""Settings of the whole suite.

The tests marked ``slow`` (the 30 s load test, the benchmark smoke runs, the pytest-xdist run
of the plugin) are collected first. Under a plain ``pytest -n N`` each worker takes tests from
the front of the list, so the long ones start at once, beside the short ones, instead of one
of them starting last and keeping the run going on its own; the load test, the longest,
comes first. ``make test`` runs them in the same xdist run as the others; ``make test-fast``
leaves them out.
"""

from __future__ import annotations

import sys
from collections.abc import Generator

import pytest


def _start_order(item: pytest.Item) -> tuple[bool, float]:
    slow = item.get_closest_marker("slow")
    return slow is None, -float(slow.kwargs.get("seconds", 0)) if slow is not None else 0.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the ``slow`` tests to the front, the longest first (``slow(seconds=N)``), keeping
    the order otherwise.

    Every xdist worker collects on its own and the collections must agree: the order here
    depends on nothing but the collected items, so they do.
    """
    items.sort(key=_start_order)


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
