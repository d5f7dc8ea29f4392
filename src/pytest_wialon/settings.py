"""Configuration the pytest way: small fixtures a ``conftest.py`` can override.

Each setting of a cassette is a fixture of its own, as pytest-recording does it:
``wialon_cassette_dir``, ``wialon_cassette_name``, ``wialon_record_mode``,
``wialon_scrub_rules``, ``wialon_match_options``, ``wialon_before_record`` and
``wialon_block_network``. Their defaults read the command line, the ini file and the test's
``@pytest.mark.wialon_cassette``; a project changes one by defining a fixture of that name.

Also here: the checks of the markers' keywords (a typo fails in one line with the valid
names and a did-you-mean) and where a recording goes (``--wialon-record-target``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .rules import check_kinds, did_you_mean, parse_lines

if TYPE_CHECKING:
    from .cassettes import BeforeRecord
    from .matching import MatchOptions

RECORD_MODES = ("none", "once", "new_episodes", "all")
CASSETTE_OPTIONS = (
    "name",
    "record_mode",
    "scrub",
    "scrub_users",
    "scrub_keys",
    "match_ignore",
    "match_round",
)
FAULT_FIELDS = (
    "svc",
    "kind",
    "probability",
    "times",
    "code",
    "reason",
    "status",
    "body",
    "seconds",
    "in_batch",
)
#: Hosting, where the examples also go when ``WIALON_HOST`` is not set.
DEFAULT_HOST = "hst-api.wialon.com"


def check_keywords(marker: str, given: Iterable[str], valid: Iterable[str]) -> None:
    """Fail the test in one line when a marker got a keyword it does not know."""
    names = sorted(valid)
    for word in given:
        if word not in names:
            pytest.fail(
                f"pytest-wialon: @pytest.mark.{marker}({word}=...): unknown keyword"
                f"{did_you_mean(word, names)}; valid: {', '.join(names)}",
                pytrace=False,
            )


def cassette_marker(request: pytest.FixtureRequest) -> pytest.Mark | None:
    """The test's ``wialon_cassette`` marker, its keywords checked."""
    marker: pytest.Mark | None = request.node.get_closest_marker("wialon_cassette")
    if marker is not None:
        check_keywords("wialon_cassette", marker.kwargs, CASSETTE_OPTIONS)
    return marker


def mock_marker_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The keywords of ``@pytest.mark.wialon_mock``, checked against ``MockConfig``."""
    import dataclasses

    from wialon_mock import MockConfig

    marker = request.node.get_closest_marker("wialon_mock")
    config = dict(marker.kwargs) if marker else {}
    check_keywords("wialon_mock", config, (f.name for f in dataclasses.fields(MockConfig)))
    return config


def marker_name(marker: pytest.Mark) -> str | None:
    """The cassette name a marker gives (first argument or ``name=``), if any."""
    name: str | None = marker.kwargs.get("name", marker.args[0] if marker.args else None)
    return name


def default_name(item: pytest.Item) -> str:
    """``test_x`` or ``TestClass.test_x``, with characters a file name cannot hold replaced."""
    name = item.name
    cls = getattr(item, "cls", None)
    if cls is not None:
        name = f"{cls.__name__}.{name}"
    return safe_name(name)


def safe_name(name: str) -> str:
    """``name`` as a file name on every system."""
    return re.sub(r'[\\/:*?"<>|\s]', "_", name)


def cassette_dir_for(config: pytest.Config, module: Path) -> Path:
    """Where the cassettes of ``module`` live by default.

    ``<test dir>/cassettes/<module>/`` beside the test module, so modules of the same name
    in different directories never share one; the ini option ``wialon_cassette_dir``
    (relative to the rootdir) puts all modules' folders under one directory instead.
    """
    configured = str(config.getini("wialon_cassette_dir") or "")
    if configured:
        root = Path(configured)
        root = root if root.is_absolute() else config.rootpath / root
    else:
        root = module.parent / "cassettes"
    return root / module.stem


def cassette_roots(config: pytest.Config, modules: Iterable[Path]) -> set[Path]:
    """The directories holding cassette folders, for the modules a run collected."""
    return {cassette_dir_for(config, module).parent for module in modules}


# -- the fixtures ---------------------------------------------------------------------------


@pytest.fixture
def wialon_cassette_dir(request: pytest.FixtureRequest) -> Path:
    """The folder of this test's cassette (default: ``<test dir>/cassettes/<module>/``)."""
    return cassette_dir_for(request.config, Path(request.node.path))


@pytest.fixture
def wialon_cassette_name(request: pytest.FixtureRequest) -> str:
    """The cassette's file name without ``.json``: the marker's name, else the test's."""
    marker = cassette_marker(request)
    name = marker_name(marker) if marker is not None else None
    return safe_name(name) if name is not None else default_name(request.node)


@pytest.fixture
def wialon_record_mode(request: pytest.FixtureRequest) -> str:
    """``--wialon-record-mode``, else the marker's ``record_mode``, else ``none``."""
    marker = cassette_marker(request)
    option = request.config.getoption("wialon_record_mode")
    mode = option or (marker.kwargs.get("record_mode") if marker else None) or "none"
    if mode not in RECORD_MODES:
        pytest.fail(
            f"pytest-wialon: wialon_cassette record_mode={mode!r}; use one of {RECORD_MODES}"
            f"{did_you_mean(str(mode), RECORD_MODES)}",
            pytrace=False,
        )
    return str(mode)


@pytest.fixture
def wialon_scrub_rules(request: pytest.FixtureRequest) -> dict[str, str]:
    """Scrub rules beyond the defaults: the ``wialon_scrub`` ini lines, then the marker's.

    Each maps a key or dotted path to a placeholder family (``drvrs.*.p = phone``) or to
    ``keep``. ``scrub_keys=("k",)`` in the marker is short for ``k = secret`` each.
    """
    rules = _ini_rules(request.config)
    marker = cassette_marker(request)
    if marker is not None:
        rules.update(dict.fromkeys(marker.kwargs.get("scrub_keys", ()), "secret"))
        extra = marker.kwargs.get("scrub", {})
        if not isinstance(extra, Mapping):
            pytest.fail("pytest-wialon: wialon_cassette scrub= takes a dict", pytrace=False)
        rules.update({str(k): str(v) for k, v in extra.items()})
    try:
        check_kinds(rules, "wialon_cassette")
    except ValueError as exc:
        pytest.fail(str(exc), pytrace=False)
    return rules


def _ini_rules(config: pytest.Config) -> dict[str, str]:
    try:
        rules = parse_lines(config.getini("wialon_scrub"), "wialon_scrub")
        check_kinds(rules, "ini option wialon_scrub")
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    return rules


@pytest.fixture
def wialon_match_options(request: pytest.FixtureRequest) -> MatchOptions:
    """Params matched loosely: ``wialon_match_ignore``/``wialon_match_round``, then the marker."""
    from .matching import MatchOptions

    config = request.config
    try:
        lines = parse_lines(config.getini("wialon_match_round"), "wialon_match_round")
        windows = {key: float(value) for key, value in lines.items()}
    except ValueError:
        raise pytest.UsageError(
            "ini option wialon_match_round: each line is PARAM=SECONDS"
        ) from None
    layers: list[tuple[Iterable[str], Mapping[str, float]]] = [
        (config.getini("wialon_match_ignore"), windows)
    ]
    marker = cassette_marker(request)
    if marker is not None:
        ignore = marker.kwargs.get("match_ignore", ())
        layers.append(([ignore] if isinstance(ignore, str) else ignore, {}))
        layers.append(((), marker.kwargs.get("match_round", {})))
    try:
        return MatchOptions.merged(*layers)
    except (ValueError, TypeError) as exc:
        pytest.fail(f"pytest-wialon: {exc}", pytrace=False)


@pytest.fixture
def wialon_before_record() -> BeforeRecord | None:
    """A hook for each interaction before it is written; None (the default) keeps all.

    Override it in a ``conftest.py``: it gets ``{"request": ..., "response": ...}`` in the
    file's format (already scrubbed) and returns it, changed or not, or None to leave the
    interaction out of the file.
    """
    return None


@pytest.fixture
def wialon_block_network(request: pytest.FixtureRequest) -> bool:
    """Whether a replaying test may reach only loopback (``--wialon-block-network``)."""
    option = request.config.getoption("wialon_block_network")
    if option is None:
        return bool(request.config.getini("wialon_block_network"))
    return bool(option == "yes")


# -- where a recording goes -----------------------------------------------------------------


@dataclass(frozen=True)
class RecordTarget:
    """The server a recording talks to: the fake one (``url`` None) or a real one."""

    url: str | None = None
    token: str | None = None
    source: str = "the fake server"


def record_target(config: pytest.Config) -> RecordTarget:
    """What ``--wialon-record-target`` names; raises UsageError with the fix when unusable.

    ``mock`` (the default): the fake server. ``env``: the server of the ``WIALON_SCHEME``,
    ``WIALON_HOST``, ``WIALON_PORT`` and ``WIALON_TOKEN`` variables, read as the examples
    read them (scheme ``https``, host Hosting, no port, unless set). A URL: that server,
    with ``WIALON_TOKEN``. The variables alone never send a recording anywhere.
    """
    value = str(config.getoption("wialon_record_target") or "mock")
    if value == "mock":
        return RecordTarget()
    env = os.environ.get
    token = env("WIALON_TOKEN")
    if not token:
        raise pytest.UsageError(
            f"--wialon-record-target={value} needs WIALON_TOKEN, the token to log in with"
        )
    if value == "env":
        host = env("WIALON_HOST") or DEFAULT_HOST
        if "://" in host:
            raise pytest.UsageError(
                f"WIALON_HOST={host!r} is a host name, as the examples read it; put the "
                "scheme in WIALON_SCHEME and the port in WIALON_PORT"
            )
        scheme = env("WIALON_SCHEME") or "https"
        port = env("WIALON_PORT")
        url = f"{scheme}://{host}" + (f":{port}" if port else "")
        return RecordTarget(url.rstrip("/"), token, "WIALON_SCHEME/HOST/PORT")
    if "://" not in value:
        choices = ("mock", "env")
        raise pytest.UsageError(
            f"--wialon-record-target={value!r}: use mock, env or a URL such as "
            f"https://{DEFAULT_HOST}{did_you_mean(value, choices)}"
        )
    return RecordTarget(value.rstrip("/"), token, "--wialon-record-target")
