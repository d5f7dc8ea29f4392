"""pytest hooks, options, markers and fixtures; inert unless a test uses them.

Nothing heavy is imported here at module level: vcrpy, aiohttp, the client and the fake
server load inside the fixtures that need them, so a project that has this plugin installed
but never uses it pays nothing (not even the presence of those packages is required).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .recorder import CassetteSession
    from .targets import MockTarget, WialonTarget

RECORD_MODES = ("none", "once", "new_episodes", "all")
CASSETTE_OPTIONS = frozenset({"record_mode", "scrub_users", "scrub_keys"})
#: Where a replay-only target points when a cassette names no host (it is never contacted).
NOWHERE = "http://127.0.0.1:9"
REPLAY_TOKEN = "scrubbed-token"


@dataclass
class _Registry:
    """Which cassettes this run used and which recorded interactions it never played."""

    used: set[str] = field(default_factory=set)
    unplayed: dict[str, list[str]] = field(default_factory=dict)


#: Imports each part of the plugin needs, all from the ``testing`` extra.
NEEDS_MOCK = ("faker",)
NEEDS_CASSETTE = ("vcr",)

_REGISTRY = pytest.StashKey[_Registry]()
_CALL_REPORT = pytest.StashKey[pytest.TestReport]()
_CLASH = pytest.StashKey[str]()


# -- options and markers ----------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--wialon-record-mode``, ``--wialon-unused-cassettes`` and ``wialon_cassette_dir``."""
    group = parser.getgroup("wialon", "Wialon fake server and record/replay")
    group.addoption(
        "--wialon-record-mode",
        choices=RECORD_MODES,
        default=None,
        help="record mode of @pytest.mark.wialon_cassette tests (default: none, replay only)",
    )
    group.addoption(
        "--wialon-unused-cassettes",
        action="store_true",
        default=False,
        help="report cassette files no test used and interactions never played",
    )
    parser.addini(
        "wialon_cassette_dir",
        "directory of Wialon cassettes, relative to the rootdir (default: cassettes)",
        default="cassettes",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers and, with pytest-asyncio present, the async fixtures."""
    config.addinivalue_line(
        "markers",
        "wialon_cassette(name=None, *, record_mode=None, scrub_users=False, scrub_keys=()): "
        "record/replay this test's Wialon traffic in cassettes/<module>/<test>.json",
    )
    config.addinivalue_line(
        "markers",
        "wialon_fault(**spec): install a fault on the wialon_mock server for this test",
    )
    config.addinivalue_line(
        "markers",
        "wialon_mock(**config): settings of this test's wialon_mock server (units=, seed=, ...)",
    )
    config.stash[_REGISTRY] = _Registry()
    if config.pluginmanager.hasplugin("asyncio"):
        from . import _async_fixtures

        config.pluginmanager.register(_async_fixtures, "pytest_wialon.async_fixtures")
    else:
        from . import _no_asyncio

        config.pluginmanager.register(_no_asyncio, "pytest_wialon.no_asyncio")


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
    """Keep the call-phase report, so the cassette teardown knows if the test failed."""
    report = yield
    if report.when == "call" and item.get_closest_marker("wialon_cassette") is not None:
        item.stash[_CALL_REPORT] = report
    return report


# -- cassettes ----------------------------------------------------------------------------


def _cassette_dir(config: pytest.Config) -> Path:
    directory = Path(str(config.getini("wialon_cassette_dir")))
    return directory if directory.is_absolute() else config.rootpath / directory


def _marker_name(marker: pytest.Mark) -> str | None:
    name: str | None = marker.kwargs.get("name", marker.args[0] if marker.args else None)
    return name


def _cassette_path(config: pytest.Config, item: pytest.Item, name: str | None) -> Path:
    if name is None:
        name = item.name
        cls = getattr(item, "cls", None)
        if cls is not None:
            name = f"{cls.__name__}.{name}"
    safe = re.sub(r'[\\/:*?"<>|\s]', "_", name)
    return _cassette_dir(config) / item.path.stem / f"{safe}.json"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Find tests in different files whose cassettes would be the same file.

    The path holds the module's name, not its directory, so ``tests/unit/test_api.py`` and
    ``tests/integration/test_api.py`` share it, and so do parametrized ids that differ only
    in characters a file name cannot hold (``[a/b]``, ``[a:b]``): the second test would
    silently replay the first one's recording. Done at collection, so every xdist worker
    sees all the tests.
    """
    owners: dict[Path, list[pytest.Item]] = {}
    for item in items:
        marker = item.get_closest_marker("wialon_cassette")
        if marker is not None and _marker_name(marker) is None:
            owners.setdefault(_cassette_path(config, item, None), []).append(item)
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
def wialon_cassette(request: pytest.FixtureRequest) -> Iterator[CassetteSession | None]:
    """The cassette of a ``@pytest.mark.wialon_cassette`` test, in use; None without one.

    In record mode ``none`` (the default) a missing cassette fails the test at setup, and a
    request the cassette lacks fails it with the closest recorded calls.
    """
    marker = request.node.get_closest_marker("wialon_cassette")
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
    name = _marker_name(marker)
    options = {k: v for k, v in marker.kwargs.items() if k != "name"}
    unknown = set(options) - CASSETTE_OPTIONS
    if unknown:
        raise pytest.UsageError(
            f"unknown wialon_cassette option(s) {sorted(unknown)}; "
            f"known: {sorted(CASSETTE_OPTIONS)}"
        )
    mode = request.config.getoption("wialon_record_mode") or options.get("record_mode") or "none"
    if mode not in RECORD_MODES:
        pytest.fail(
            f"pytest-wialon: wialon_cassette record_mode={mode!r}; use one of {RECORD_MODES}",
            pytrace=False,
        )
    path = _cassette_path(request.config, request.node, name)
    problem = None
    try:
        check_cassette_path(path)
    except CassetteFileError as exc:
        problem = str(exc)
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    rootpath = request.config.rootpath
    shown = str(path.relative_to(rootpath)) if path.is_relative_to(rootpath) else str(path)
    if mode == "none" and not path.is_file():
        pytest.fail(
            f"pytest-wialon: cassette {shown} does not exist; record it with "
            "--wialon-record-mode=once",
            pytrace=False,
        )
    scrubber = Scrubber(
        scrub_users=bool(options.get("scrub_users", False)),
        extra_param_keys=options.get("scrub_keys", ()),
        extra_response_keys=options.get("scrub_keys", ()),
    )
    session = CassetteSession(path, mode, scrubber, display_path=shown)
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
    try:
        yield session
    finally:
        call = request.node.stash.get(_CALL_REPORT, None)
        # A failed recording is not kept: in mode once the next run would replay it instead
        # of recording again, and in mode all it would replace a good cassette.
        problem = None
        try:
            session.stop(save=call is None or not call.failed)
        except CassetteFileError as exc:
            problem = str(exc)
        if problem is not None:
            pytest.fail(problem, pytrace=False)
        if session.unplayed:
            registry.unplayed[shown] = session.unplayed
    if session.misses and (call is None or call.passed):
        # The test passed although a request missed (the code swallowed the error): the
        # miss still means the cassette and the code disagree.
        pytest.fail("\n\n".join(session.misses), pytrace=False)


@pytest.fixture(autouse=True)
def _wialon_cassette_for_marked(request: pytest.FixtureRequest) -> None:
    """Opens the cassette of a marked test even if it asks for no Wialon fixture."""
    if request.node.get_closest_marker("wialon_cassette") is not None:
        request.getfixturevalue("wialon_cassette")


# -- the fake server --------------------------------------------------------------------------


@pytest.fixture
def wialon_mock_factory() -> Iterator[Callable[..., MockTarget]]:
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


def _real_server() -> tuple[str, str] | None:
    host = os.environ.get("WIALON_HOST")
    token = os.environ.get("WIALON_TOKEN")
    if not host or not token:
        return None
    url = host if "://" in host else f"https://{host}"
    return url.rstrip("/"), token


@pytest.fixture
def wialon_mock(
    request: pytest.FixtureRequest,
    wialon_mock_factory: Callable[..., MockTarget],
    wialon_cassette: CassetteSession | None,
) -> WialonTarget:
    """A fresh fake server for this test (``.url``, ``.token``, admin methods, journal).

    Under a replaying cassette no server starts: the target points at the recorded host and
    its controls do nothing. Recording with ``WIALON_HOST`` and ``WIALON_TOKEN`` set targets
    that real server instead. ``@pytest.mark.wialon_mock(units=5)`` configures the server,
    ``@pytest.mark.wialon_fault(svc=..., kind=...)`` installs faults on it.
    """
    from .targets import RemoteTarget, ReplayTarget

    session = wialon_cassette
    if session is not None and session.replaying:
        return ReplayTarget(session.base_url or NOWHERE, REPLAY_TOKEN, session.sent)
    real = _real_server() if session is not None else None
    if session is not None and real is not None:
        session.persister.base_url = real[0]
        return RemoteTarget(real[0], real[1], session.sent)
    marker = request.node.get_closest_marker("wialon_mock")
    target = wialon_mock_factory(**(marker.kwargs if marker else {}))
    for fault in request.node.iter_markers("wialon_fault"):
        target.add_fault(**fault.kwargs)
    if session is not None:
        session.persister.base_url = target.url
    return target


# -- reports ----------------------------------------------------------------------------------


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, hand what this worker saw to the controller."""
    config = session.config
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None and _REGISTRY in config.stash:
        registry = config.stash[_REGISTRY]
        workeroutput["pytest_wialon"] = {
            "used": sorted(registry.used),
            "unplayed": registry.unplayed,
        }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """On the xdist controller, merge a worker's cassette report."""
    data = getattr(node, "workeroutput", {}).get("pytest_wialon")
    if not data:
        return
    registry = node.config.stash[_REGISTRY]
    registry.used.update(data["used"])
    registry.unplayed.update(data["unplayed"])


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """With ``--wialon-unused-cassettes``: unused cassette files, never-played calls."""
    if not config.getoption("wialon_unused_cassettes") or hasattr(config, "workerinput"):
        return
    from .report import unused_report

    registry = config.stash[_REGISTRY]
    lines = unused_report(_cassette_dir(config), config.rootpath, registry.used, registry.unplayed)
    terminalreporter.write_sep("-", "pytest-wialon cassettes")
    for line in lines:
        terminalreporter.write_line(line)
