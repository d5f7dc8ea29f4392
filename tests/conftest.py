"""Settings of the whole suite.

The tests marked ``slow`` (the 30 s load test, the benchmark smoke runs, the pytest-xdist run
of the plugin) are collected first. Under a plain ``pytest -n N`` each worker takes tests from
the front of the list, so the long ones start at once, beside the short ones, instead of one
of them starting last and keeping the run going on its own. ``make test`` runs them apart,
after the others and one at a time; ``make test-fast`` leaves them out.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Move the ``slow`` tests to the front, keeping the order within both groups.

    Every xdist worker collects on its own and the collections must agree: the order here
    depends on nothing but the collected items, so they do.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
