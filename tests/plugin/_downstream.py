"""Helpers for running the plugin in a project of its own, as a downstream user would.

The projects are written with ``pytester`` and run in process; recording goes against the
fake server, replay runs with the plugin's network blocking on.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import pkgutil

import pytest

import aiowialon
import pytest_wialon
import wialon_mock

INI = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
{extra}
"""


def preload() -> None:
    """Import what the inner runs use before pytester snapshots ``sys.modules`` (speed only)."""
    names = ["vcr.cassette", "vcr.patch", "vcr.stubs.aiohttp_stubs", "pytest_asyncio"]
    if importlib.util.find_spec("hypothesis") is not None:
        names.append("hypothesis")
    for package in (aiowialon, wialon_mock, pytest_wialon):
        found = pkgutil.walk_packages(package.__path__, package.__name__ + ".", lambda _: None)
        names += [info.name for info in found]
    for name in names:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def project(pytester: pytest.Pytester, ini: str = "", **modules: str) -> None:
    """Write ``pytest.ini`` (plus ``ini`` lines) and the test modules given by name."""
    pytester.makefile(".ini", pytest=INI.format(extra=ini))
    if modules:
        pytester.makepyfile(**modules)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """One in-process run without the cache plugin (its files would only be noise)."""
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", *args)
