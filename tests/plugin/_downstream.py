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


#: a conftest giving downstream tests an ``observe(what, value)`` fixture: it writes what a
#: test saw to ``observed-live.json`` or ``observed-replay.json`` (keys ``test name:what``),
#: so the outer test can compare the two modes
OBSERVE_CONFTEST = """
import json
import pytest

@pytest.fixture
def observe(request, wialon_cassette):
    mode = "replay" if wialon_cassette.replaying else "live"
    path = request.config.rootpath / f"observed-{mode}.json"
    seen = json.loads(path.read_text()) if path.exists() else {}

    def note(what, value):
        seen[f"{request.node.name}:{what}"] = value
        path.write_text(json.dumps(seen, indent=1, sort_keys=True, default=str))

    return note
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
