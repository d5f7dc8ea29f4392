"""pytest hooks, options, markers and fixtures; inert unless a test uses them.

Nothing heavy is imported here at module level: vcrpy, aiohttp, the client and the fake
server load inside the fixtures that need them, so a project that has this plugin installed
but never uses it pays nothing (not even the presence of those packages is required).
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# The options are declared in .options; the hook is named here, in the module the entry point
# loads, because pytest asks for options before any other plugin module is registered.
from .options import pytest_addoption as pytest_addoption
from .report import REGISTRY as _REGISTRY
from .report import Registry, default_path
from .settings import (
    FAULT_FIELDS,
    cassette_marker,
    check_keywords,
    marker_name,
    mock_marker_config,
    record_target,
)

if TYPE_CHECKING:
    from .cassettes import BeforeRecord
    from .matching import MatchOptions
    from .recorder import CassetteSession
    from .targets import MockTarget, WialonTarget
    from .types import MockFactory

#: Where a replay-only target points when a cassette names no host (it is never contacted).
NOWHERE = "http://127.0.0.1:9"
REPLAY_TOKEN = "scrubbed-token"
#: How a cassette recorded against the fake server names it, instead of its random port:
#: re-recording an unchanged test then changes nothing. ``.localhost`` names are loopback.
MOCK_BASE_URL = "http://wialon-mock.localhost"
#: Where the fake server's clock stands while a test records (2026-01-01 00:00:00 UTC),
#: frozen, so times in the answers are the same at every recording.
PINNED_CLOCK = 1767225600.0


#: Imports each part of the plugin needs, all from the ``testing`` extra.
NEEDS_MOCK = ("faker",)
NEEDS_CASSETTE = ("vcr",)

_CALL_REPORT = pytest.StashKey[pytest.TestReport]()
_CLASH = pytest.StashKey[str]()
_SESSION = pytest.StashKey["CassetteSession"]()


# -- options and markers ----------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers, the config fixtures and, with pytest-asyncio, the async ones."""
    config.addinivalue_line(
        "markers",
        "wialon_cassette(name=None, *, record_mode=None, scrub={}, scrub_users=True, "
        "scrub_keys=(), match_ignore=(), match_round={}): record/replay this test's Wialon "
        "traffic in cassettes/<module>/<test>.json beside the test module",
    )
    config.addinivalue_line(
        "markers",
        "wialon_fault(**spec): install a fault on the wialon_mock server for this test",
    )
    config.addinivalue_line(
        "markers",
        "wialon_mock(**config): settings of this test's wialon_mock server (units=, seed=, ...)",
    )
    config.stash[_REGISTRY] = Registry()
    from . import report, settings

    config.pluginmanager.register(settings, "pytest_wialon.settings")
    config.pluginmanager.register(report, "pytest_wialon.report")
    if config.pluginmanager.hasplugin("asyncio"):
        from . import _async_fixtures

        config.pluginmanager.register(_async_fixtures, "pytest_wialon.async_fixtures")
    else:
        from . import _no_asyncio

        config.pluginmanager.register(_no_asyncio, "pytest_wialon.no_asyncio")


def pytest_report_header(config: pytest.Config) -> str | None:
    """One line naming the server a recording run talks to; nothing when only replaying."""
    mode = config.getoption("wialon_record_mode")
    if mode in (None, "none"):
        return None
    target = record_target(config)
    if target.url is None:
        return (
            f"pytest-wialon: record mode {mode}: recording against the fake server "
            "(127.0.0.1, clock pinned)"
        )
    return f"pytest-wialon: record mode {mode}: RECORDING AGAINST {target.url} ({target.source})"


def require(what: str, modules: tuple[str, ...]) -> None:
    """Fail the test with the install line when an extra ``what`` needs is missing.

    Without this the user meets a ModuleNotFoundError deep inside the fake server or vcrpy,
    which does not say that ``aiowialon-kit[testing]`` is the fix.
    """
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        pytest.fail(
            f"pytest-wialon: {what} needs {', '.join(missing)}, which is not installed; "
            'install it with: pip install "aiowialon-kit[testing]"',
            pytrace=False,
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep the call-phase report, and put a cassette miss first in a failure.

    A miss raised deep inside aiohttp would otherwise be found at the bottom of a long
    traceback through the client; the message says everything the reader needs.
    """
    report = yield
    if report.when == "call" and item.get_closest_marker("wialon_cassette") is not None:
        item.stash[_CALL_REPORT] = report
        session = item.stash.get(_SESSION, None)
        if report.failed and session is not None and session.misses:
            text = "\n\n".join(session.misses)
            excinfo = call.excinfo
            if excinfo is not None and type(excinfo.value).__name__ != "CassetteMissError":
                # the code under test turned the miss into another error: say which
                text += f"\n\n(the test then failed with {excinfo.exconly().splitlines()[0]})"
            report.longrepr = text
    return report


# -- cassettes ----------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Find tests in different files whose cassettes would be the same file.

    With the ini option ``wialon_cassette_dir`` the path holds the module's name, not its
    directory, so ``tests/unit/test_api.py`` and ``tests/integration/test_api.py`` share
    it; so do parametrized ids that differ only in characters a file name cannot hold
    (``[a/b]``, ``[a:b]``): the second test would silently replay the first one's
    recording. Done at collection, so every xdist worker sees all the tests.
    """
    owners: dict[Path, list[pytest.Item]] = {}
    for item in items:
        marker = item.get_closest_marker("wialon_cassette")
        if marker is not None and marker_name(marker) is None:
            owners.setdefault(default_path(config, item), []).append(item)
    for path, owning in owners.items():
        if len(owning) < 2:
            continue
        ids = ", ".join(item.nodeid for item in owning)
        for item in owning:
            item.stash[_CLASH] = (
                f"pytest-wialon: different tests would share the cassette "
                f"{path.name} of {path.parent.name}/ ({ids}); give them their own with "
                '@pytest.mark.wialon_cassette("a_name") or rename one of the modules'
            )


@pytest.fixture
def wialon_cassette(
    request: pytest.FixtureRequest,
    wialon_cassette_dir: Path,
    wialon_cassette_name: str,
    wialon_record_mode: str,
    wialon_scrub_rules: dict[str, str],
    wialon_match_options: MatchOptions,
    wialon_before_record: BeforeRecord | None,
    wialon_block_network: bool,
) -> Iterator[CassetteSession | None]:
    """The cassette of a ``@pytest.mark.wialon_cassette`` test, in use; None without one.

    In record mode ``none`` (the default) a missing cassette fails the test at setup, and a
    request the cassette lacks fails it with the closest recorded calls. Its settings are
    the fixtures of :mod:`pytest_wialon.settings`, which a conftest may override.
    """
    marker = cassette_marker(request)
    if marker is None:
        yield None
        return
    require("@pytest.mark.wialon_cassette", NEEDS_CASSETTE)
    from .cassettes import CassetteFileError, check_cassette_path
    from .recorder import CassetteSession
    from .scrub import Scrubber

    clash = request.node.stash.get(_CLASH, None)
    if clash is not None:
        pytest.fail(clash, pytrace=False)
    path = Path(wialon_cassette_dir) / f"{wialon_cassette_name}.json"
    problem = None
    try:
        check_cassette_path(path)
    except CassetteFileError as exc:
        problem = str(exc)  # failed outside the handler: one line, no chained traceback
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    rootpath = request.config.rootpath
    shown = str(path.relative_to(rootpath)) if path.is_relative_to(rootpath) else str(path)
    if wialon_record_mode == "none" and not path.is_file():
        pytest.fail(
            f"pytest-wialon: cassette {shown} does not exist; record it with "
            "--wialon-record-mode=once",
            pytrace=False,
        )
    scrubber = Scrubber(
        scrub_users=bool(marker.kwargs.get("scrub_users", True)), rules=wialon_scrub_rules
    )
    session = CassetteSession(
        path,
        wialon_record_mode,
        scrubber,
        display_path=shown,
        options=wialon_match_options,
        before_record=wialon_before_record,
    )
    registry = request.config.stash[_REGISTRY]
    registry.used.add(str(path.resolve()))
    try:
        session.start()
    except (ValueError, KeyError, TypeError) as exc:
        # A hand edit gone wrong: say which file and how to get a good one back.
        pytest.fail(
            f"pytest-wialon: cannot read cassette {shown}: {type(exc).__name__}: {exc}; "
            "fix the file or record it again with --wialon-record-mode=all",
            pytrace=False,
        )
    request.node.stash[_SESSION] = session
    attempts: list[str] = []
    with contextlib.ExitStack() as stack:
        if wialon_block_network and session.replaying:
            from .network import blocked_network

            stack.enter_context(blocked_network(shown, attempts))
        try:
            yield session
        finally:
            call = request.node.stash.get(_CALL_REPORT, None)
            # A failed recording is not kept: in mode once the next run would replay it
            # instead of recording again, and in mode all it would replace a good cassette.
            problem = None
            try:
                session.stop(save=call is None or not call.failed)
            except CassetteFileError as exc:
                problem = str(exc)
            if session.unplayed:
                registry.unplayed[shown] = session.unplayed
            if problem is not None:
                pytest.fail(problem, pytrace=False)
    if (session.misses or attempts) and (call is None or call.passed):
        # The test passed although a request missed or the network was refused (the code
        # swallowed the error): it still means the cassette and the code disagree.
        blocked = [f"pytest-wialon: network blocked during replay: {a}" for a in attempts]
        pytest.fail("\n\n".join(session.misses + blocked), pytrace=False)


@pytest.fixture(autouse=True)
def _wialon_cassette_for_marked(request: pytest.FixtureRequest) -> None:
    """Opens the cassette of a marked test even if it asks for no Wialon fixture."""
    if request.node.get_closest_marker("wialon_cassette") is not None:
        request.getfixturevalue("wialon_cassette")


# -- the fake server --------------------------------------------------------------------------


@pytest.fixture
def wialon_mock_factory() -> Iterator[MockFactory]:
    """``wialon_mock_factory(**config)`` starts a fake server; all stop after the test.

    Keywords are ``wialon_mock.MockConfig`` fields (``units``, ``seed``, ``tokens``,
    ``limits`` ...). Each server runs in its own thread on a random loopback port.
    """
    require("wialon_mock_factory", NEEDS_MOCK)
    from wialon_mock import ThreadedMockServer

    from .targets import MockTarget

    started: list[Any] = []

    def start(**config: Any) -> MockTarget:
        server = ThreadedMockServer(**config)
        server.start()
        started.append(server)
        return MockTarget(server)

    try:
        yield start
    finally:
        for server in reversed(started):
            server.stop()


@pytest.fixture(scope="session")
def wialon_mock_session() -> Iterator[MockTarget]:
    """One fake server shared by the whole session (one per xdist worker); not reset."""
    require("wialon_mock_session", NEEDS_MOCK)
    from wialon_mock import ThreadedMockServer

    from .targets import MockTarget

    server = ThreadedMockServer()
    server.start()
    try:
        yield MockTarget(server)
    finally:
        server.stop()


@pytest.fixture
def wialon_mock(
    request: pytest.FixtureRequest,
    wialon_mock_factory: MockFactory,
    wialon_cassette: CassetteSession | None,
) -> WialonTarget:
    """A fresh fake server for this test (``.url``, ``.token``, admin methods, journal).

    Under a replaying cassette no server starts: the target points at the recorded host,
    its journal is rebuilt from the cassette and admin operations answer as recorded.
    A recording goes to the fake server, its clock pinned to 2026-01-01 and frozen (unless
    the test's ``wialon_mock`` marker sets ``clock_start``/``clock_frozen``), or to the
    real server ``--wialon-record-target`` names. ``@pytest.mark.wialon_mock(units=5)``
    configures the server, ``@pytest.mark.wialon_fault(svc=..., kind=...)`` installs faults.
    """
    from .targets import MockTarget, RemoteTarget, ReplayTarget

    session = wialon_cassette
    if session is not None and session.replaying:
        token = session.recorded_token() or REPLAY_TOKEN
        return ReplayTarget(session.base_url or NOWHERE, token, session)
    target_spec = record_target(request.config) if session is not None else None
    if session is not None and target_spec is not None and target_spec.url is not None:
        session.persister.base_url = target_spec.url
        return RemoteTarget(target_spec.url, str(target_spec.token), session)
    config = mock_marker_config(request)
    if session is not None:
        config.setdefault("clock_start", PINNED_CLOCK)
        config.setdefault("clock_frozen", True)
    problem = None
    try:
        target = wialon_mock_factory(**config)
    except (TypeError, ValueError) as exc:  # a value of the wrong kind (the fake server says)
        problem = f"pytest-wialon: @pytest.mark.wialon_mock: {exc}"
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    faults = [fault.kwargs for fault in request.node.iter_markers("wialon_fault")]
    for spec in faults:
        check_keywords("wialon_fault", spec, FAULT_FIELDS)
    if session is not None:
        kept: list[dict[str, Any]] = []
        target = MockTarget(target.server, session.controls, kept, session)
        session.persister.base_url = MOCK_BASE_URL
        session.persister.alias = (target.url, MOCK_BASE_URL)
        server = target.server
        session.server_journal = lambda: kept + list(server.journal())
    for spec in faults:
        try:
            target.add_fault(**spec)
        except ValueError as exc:
            pytest.fail(f"pytest-wialon: @pytest.mark.wialon_fault: {exc}", pytrace=False)
    return target
