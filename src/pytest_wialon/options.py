"""The ``--wialon-*`` command-line options and the ``wialon_*`` ini settings of the plugin.

:mod:`pytest_wialon.plugin` hands pytest this hook; :mod:`pytest_wialon.settings` reads
the values.
"""

from __future__ import annotations

import pytest

from .settings import RECORD_MODES

__all__ = ["pytest_addoption"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``--wialon-*`` options and the ``wialon_*`` ini settings."""
    group = parser.getgroup("wialon", "Wialon fake server and record/replay")
    group.addoption(
        "--wialon-record-mode",
        choices=RECORD_MODES,
        default=None,
        help="record mode of @pytest.mark.wialon_cassette tests (default: none, replay only)",
    )
    group.addoption(
        "--wialon-record-target",
        default=None,
        metavar="mock|env|URL",
        help="where recordings go: mock (the fake server, default), env (the WIALON_SCHEME/"
        "HOST/PORT/TOKEN variables) or a URL (with WIALON_TOKEN)",
    )
    group.addoption(
        "--wialon-block-network",
        choices=("yes", "no"),
        default=None,
        help="while replaying, refuse connections off loopback (default: ini "
        "wialon_block_network, else no)",
    )
    group.addoption(
        "--wialon-unused-cassettes",
        action="store_true",
        default=False,
        help="report cassette files no test used and interactions never played",
    )
    parser.addini(
        "wialon_cassette_dir",
        "one directory for every module's cassettes, relative to the rootdir (default: "
        "cassettes/ beside each test module)",
        default="",
    )
    parser.addini(
        "wialon_scrub",
        "scrub rules, one a line: KEY_OR.DOTTED.PATH = email|login|phone|name|imei|ip|code|"
        "secret|keep",
        type="linelist",
        default=[],
    )
    parser.addini(
        "wialon_match_ignore", "params left out of cassette matching", type="linelist", default=[]
    )
    parser.addini(
        "wialon_match_round",
        "params compared rounded to a window when matching, one a line: PARAM = SECONDS",
        type="linelist",
        default=[],
    )
    parser.addini(
        "wialon_block_network", "refuse connections off loopback while replaying", type="bool"
    )
