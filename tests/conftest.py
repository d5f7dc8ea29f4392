"""Settings of the whole suite.

The tests marked ``slow`` (the 30 s load test, the benchmark smoke runs, the pytest-xdist run
of the plugin) are collected first. Under a plain ``pytest -n N`` each worker takes tests from
the front of the list, so the long ones start at once, beside the short ones, instead of one
of them starting last and keeping the run going on its own; the load test, the longest,
comes first. ``make test`` runs them in the same xdist run as the others; ``make test-fast``
leaves them out.

The tests marked ``waits`` spend their seconds waiting on something outside the process (the
browser tests on Chromium and the page's two-second refresh, the polling recovery tests on
the client's retry pauses). Collected in file order they came one after another, so all four
workers waited at once while the two cores idled; they are spread evenly through the rest.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Generator

import pytest


def _start_order(item: pytest.Item) -> tuple[bool, float]:
    slow = item.get_closest_marker("slow")
    return slow is None, -float(slow.kwargs.get("seconds", 0)) if slow is not None else 0.0


def _spread_waiting(items: list[pytest.Item]) -> list[pytest.Item]:
    """The ``waits`` tests placed at even steps among the others (the order of each kept)."""
    waiting = [item for item in items if item.get_closest_marker("waits") is not None]
    others = [item for item in items if item.get_closest_marker("waits") is None]
    if not waiting or not others:
        return items
    # the k-th waiting test goes after the first k * step others
    step = len(others) / (len(waiting) + 1)
    before: dict[int, list[pytest.Item]] = {}
    for k, item in enumerate(waiting, 1):
        before.setdefault(math.ceil(k * step), []).append(item)
    spread: list[pytest.Item] = []
    for index, item in enumerate(others):
        spread += before.get(index, [])
        spread.append(item)
    return spread + before.get(len(others), [])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the ``slow`` tests to the front, the longest first (``slow(seconds=N)``), and
    spread the ``waits`` tests through the rest, keeping the order otherwise.

    Every xdist worker collects on its own and the collections must agree: the order here
    depends on nothing but the collected items, so they do.
    """
    slow = sum(item.get_closest_marker("slow") is not None for item in items)
    items.sort(key=_start_order)
    items[slow:] = _spread_waiting(items[slow:])


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
