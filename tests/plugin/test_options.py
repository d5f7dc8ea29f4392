"""Options, markers and config fixtures of the plugin, each in a project of its own."""

from __future__ import annotations

import json

import pytest

import pytest_wialon

from ._downstream import preload, project, run

preload()

LOGIN = """
import pytest

@pytest.mark.wialon_cassette
async def test_login(wialon_client, wialon_mock):
    await wialon_client.login()
    wialon_mock.assert_called("token/login", times=1)
"""


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            "wialon_mock(unit=5)",
            "*@pytest.mark.wialon_mock(unit=...): unknown keyword (did you mean 'units'?); "
            "valid: * seed, * units",
        ),
        (
            "wialon_cassette(record_mod='once')",
            "*@pytest.mark.wialon_cassette(record_mod=...): unknown keyword "
            "(did you mean 'record_mode'?)*",
        ),
        (
            "wialon_fault(svc='*', kind='error', cod=7)",
            "*@pytest.mark.wialon_fault(cod=...): unknown keyword (did you mean 'code'?)*",
        ),
        ("wialon_fault(svc='*', kind='eror')", "*wialon_fault: 'kind' must be one of*"),
        ("wialon_mock(units='five')", "*@pytest.mark.wialon_mock: units must be a whole number*"),
    ],
)
def test_a_marker_typo_fails_in_one_line(
    pytester: pytest.Pytester, marker: str, message: str
) -> None:
    project(
        pytester,
        test_typo=f"import pytest\n\n@pytest.mark.{marker}\ndef test_x(wialon_mock):\n    pass\n",
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([message])
    assert "Traceback" not in result.stdout.str()
    assert "def test_x" not in result.stdout.str()  # no source listing either


TIMED = """
import time
import pytest

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}

@pytest.mark.wialon_cassetteOPTIONS
@pytest.mark.wialon_mock(units=1)
async def test_recent(wialon_client):
    await wialon_client.login()
    found = await wialon_client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
    now = int(time.time()) + SHIFT
    await wialon_client.messages_load_interval(
        itemId=found["items"][0]["id"], timeFrom=now - 3600, timeTo=now, flags=0,
        flagsMask=0, loadCount=10,
    )
"""


def timed(options: str, shift: int) -> str:
    return TIMED.replace("OPTIONS", options).replace("SHIFT", str(shift))


def test_a_value_made_from_the_clock_needs_a_match_option_not_a_re_record(
    pytester: pytest.Pytester,
) -> None:
    project(pytester, test_timed=timed("", 0))
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=1)
    # a day later, as far as the code under test knows
    pytester.makepyfile(test_timed=timed("", 86400))
    result = run(pytester)
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    # the miss comes first, before any traceback, and names the option
    failure = text.split("___ test_recent ___")[1]
    assert failure.lstrip("_ \n").startswith("pytest-wialon: request not in cassette")
    result.stdout.fnmatch_lines(
        [
            "*differs only in timeFrom, timeTo, which look made up*"
            'cannot help*match_ignore=[[]"timeFrom", "timeTo"[]]*',
        ]
    )
    assert "--wialon-record-mode=all" not in failure

    ignoring = '(match_ignore=["timeFrom", "timeTo"])'
    pytester.makepyfile(test_timed=timed(ignoring, 86400))
    run(pytester).assert_outcomes(passed=1)
    # rounding to a window: within the same day it matches, a day later it does not
    rounding = '(match_round={"timeFrom": 10**9, "timeTo": 10**9})'
    pytester.makepyfile(test_timed=timed(rounding, 86400))
    run(pytester).assert_outcomes(passed=1)
    # the ini option does the same for the whole project
    pytester.makepyfile(test_timed=timed("", 86400))
    pytester.makefile(
        ".ini",
        pytest="[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
        "wialon_match_ignore =\n    timeFrom\n    timeTo\n",
    )
    run(pytester).assert_outcomes(passed=1)


NETWORK = """
import socket
import pytest

@pytest.mark.wialon_cassette
async def test_login(wialon_client, wialon_mock, wialon_cassette):
    await wialon_client.login()
    if wialon_cassette.replaying:
        with pytest.raises(NetworkBlocked, match="tried to reach hst-api.wialon.com:443"):
            socket.getaddrinfo("hst-api.wialon.com", 443)
        with pytest.raises(NetworkBlocked, match="192.0.2.7:80"):
            socket.create_connection(("192.0.2.7", 80), timeout=1)
        socket.getaddrinfo("localhost", 80)  # loopback stays open

@pytest.mark.wialon_cassette("test_login")
async def test_swallowed(wialon_client, wialon_cassette, wialon_block_network):
    await wialon_client.login()
    if wialon_cassette.replaying and wialon_block_network:  # never a real lookup
        try:
            socket.getaddrinfo("example.org", 443)
        except Exception:
            pass
"""


def test_network_is_blocked_during_replay_with_the_option(pytester: pytest.Pytester) -> None:
    project(pytester, test_net="from pytest_wialon import NetworkBlocked\n" + NETWORK)
    run(pytester, "--wialon-record-mode=once", "-k", "test_login").assert_outcomes(passed=1)
    result = run(pytester, "--wialon-block-network=yes")
    # every refusal also fails the test at teardown, naming the host, so code that
    # swallows the error (a fallback, a retry loop) cannot pass on replay unnoticed
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines_random(
        [
            "*network blocked during replay: hst-api.wialon.com:443*",
            "*network blocked during replay: example.org:443*",
        ]
    )
    # the ini option turns it on for the project
    project(pytester, "wialon_block_network = true\n")
    run(pytester, "-k", "test_swallowed").assert_outcomes(passed=1, errors=1)


RESOLVERS = """
import aiodns
import pytest
from aiohttp.resolver import AsyncResolver, ThreadedResolver

# A regression must not send a query off the machine either: ask a loopback "nameserver".
LOCAL_DNS = ["127.0.0.1"]

@pytest.mark.wialon_cassette
async def test_lookups(wialon_client, wialon_cassette):
    await wialon_client.login()
    if not wialon_cassette.replaying:
        return
    resolvers = [AsyncResolver(nameservers=LOCAL_DNS), ThreadedResolver()]
    for resolver in resolvers:
        with pytest.raises(NetworkBlocked, match="tried to reach gis.example.net:443;"):
            await resolver.resolve("gis.example.net", 443)
        assert await resolver.resolve("localhost", 80)  # loopback stays open
        await resolver.close()
    dns = aiodns.DNSResolver(nameservers=LOCAL_DNS)
    with pytest.raises(NetworkBlocked, match="tried to reach maps.example.net;"):
        await dns.query("maps.example.net", "A")
    with pytest.raises(NetworkBlocked, match="tried to reach maps.example.net;"):
        await dns.gethostbyname("maps.example.net", 0)
    with pytest.raises(NetworkBlocked, match="tried to reach maps.example.net:80;"):
        await dns.getaddrinfo("maps.example.net", port=80)
    with pytest.raises(NetworkBlocked, match="tried to reach 192.0.2.9;"):
        await dns.gethostbyaddr("192.0.2.9")
"""


def test_resolvers_are_blocked_naming_the_host(pytester: pytest.Pytester) -> None:
    # aiodns resolves through c-ares, below Python's socket module: it is refused at the
    # lookup (naming the host asked for), not at connect time (naming an address)
    pytest.importorskip("aiodns")
    project(pytester, test_dns="from pytest_wialon import NetworkBlocked\n" + RESOLVERS)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=1)
    result = run(pytester, "--wialon-block-network=yes")
    # the refusals also fail the test at teardown (see above), each naming its host
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines_random(
        [
            "*network blocked during replay: gis.example.net:443*",
            "*network blocked during replay: maps.example.net:80*",
            "*network blocked during replay: 192.0.2.9*",
        ]
    )
    # after the test every resolver works as before (the patches are undone)
    import socket

    assert "connect" not in vars(socket.socket)


CONFTEST_OVERRIDES = """
import pytest

@pytest.fixture
def wialon_cassette_dir(tmp_path_factory, request):
    return request.config.rootpath / "recordings"

@pytest.fixture
def wialon_cassette_name(request):
    return "custom_" + request.node.name

@pytest.fixture
def wialon_record_mode():
    return "once"

@pytest.fixture
def wialon_scrub_rules():
    return {"gis_geocode": "secret"}

@pytest.fixture
def wialon_before_record():
    def drop_logouts(interaction):
        if interaction["request"].get("svc") == "core/logout":
            return None
        interaction["response"].setdefault("headers", {})["x-note"] = ["kept"]
        return interaction
    return drop_logouts
"""


def test_configuration_is_fixtures_a_conftest_overrides(pytester: pytest.Pytester) -> None:
    project(
        pytester,
        test_conf=LOGIN.replace(
            "    wialon_mock.assert_called",
            "    await wialon_client.logout()\n    wialon_mock.assert_called",
        ),
    )
    pytester.makeconftest(CONFTEST_OVERRIDES)
    run(pytester).assert_outcomes(passed=1)  # record mode "once" from the fixture
    path = pytester.path / "recordings" / "custom_test_login.json"
    document = json.loads(path.read_text())
    assert [i["request"]["svc"] for i in document["interactions"]] == ["token/login"]
    answer = document["interactions"][0]["response"]
    assert answer["headers"]["x-note"] == ["kept"]
    assert answer["json"]["gis_geocode"].startswith("scrubbed-gis_geocode-")


INI_RULES = """
import pytest

@pytest.mark.wialon_cassette
async def test_login(wialon_client):
    await wialon_client.login()
"""


def test_ini_scrub_rules_with_paths_and_the_personal_data_warning(
    pytester: pytest.Pytester,
) -> None:
    # keep e-mails and login names (the name is inside the address) on purpose: the file
    # then warns when saved
    keep = "    user.prp.email = keep\n    au = keep\n    user.nm = keep\n"
    project(pytester, "wialon_scrub =\n" + keep + "    wsdk_version = secret\n")
    pytester.makepyfile(test_rules=INI_RULES)
    result = run(pytester, "--wialon-record-mode=once", "-W", "always")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*CassettePersonalDataWarning*holds 1 e-mail- or phone-shaped*"])
    document = json.loads((pytester.path / "cassettes/test_rules/test_login.json").read_text())
    answer = document["interactions"][0]["response"]["json"]
    assert not answer["user"]["prp"]["email"].startswith("user1@")  # not a placeholder
    assert answer["wsdk_version"] == "scrubbed-wsdk_version-1"
    assert answer["au"] == answer["user"]["nm"] != "user1"
    assert answer["user"]["prp"]["email"].startswith(answer["au"] + "@")

    project(pytester, "wialon_scrub =\n    user.prp.email = mail\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*scrub rule user.prp.email='mail'*(did you mean 'email'?)*"])


REPLAY_STATE = """
import pytest

@pytest.mark.wialon_cassette
async def test_state(wialon_client, wialon_mock, wialon_cassette):
    await wialon_client.login()
    if wialon_cassette.replaying:
        with pytest.raises(ReplayUnsupported, match=r"wialon_mock.state\\(\\) cannot"):
            wialon_mock.state()
"""


def test_an_operation_replay_cannot_answer_raises_naming_it(pytester: pytest.Pytester) -> None:
    project(pytester, test_state="from pytest_wialon import ReplayUnsupported\n" + REPLAY_STATE)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=1)
    run(pytester).assert_outcomes(passed=1)


def test_recording_target_is_explicit_and_named_in_one_line(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(pytester, test_login=LOGIN)
    monkeypatch.delenv("WIALON_TOKEN", raising=False)
    result = run(pytester, "--wialon-record-mode=once", "--wialon-record-target=https://x.test")
    result.stderr.fnmatch_lines(["*--wialon-record-target=https://x.test needs WIALON_TOKEN*"])
    monkeypatch.setenv("WIALON_TOKEN", "t" * 72)
    result = run(pytester, "--wialon-record-mode=once", "--wialon-record-target=evn")
    result.stderr.fnmatch_lines(["*use mock, env or a URL*(did you mean 'env'?)*"])
    result = run(pytester, "--wialon-record-mode=once")
    result.assert_outcomes(passed=1)
    lines = [line for line in result.stdout.lines if line.startswith("pytest-wialon:")]
    assert lines == [
        "pytest-wialon: record mode once: recording against the fake server (127.0.0.1, "
        "clock pinned)"
    ]
    replay_lines = run(pytester).stdout.lines
    assert not [line for line in replay_lines if line.startswith("pytest-wialon:")]


def test_unused_report_on_a_partial_run_checks_only_what_it_collected(
    pytester: pytest.Pytester,
) -> None:
    project(pytester, test_one=LOGIN, test_two=LOGIN)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=2)
    result = run(pytester, "test_one.py", "--wialon-unused-cassettes")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "0 cassette file(s) no test used:",
            "1 cassette file(s) of modules this run did not collect were not checked*",
        ]
    )
    (pytester.path / "test_two.py").unlink()
    result = run(pytester, "--wialon-unused-cassettes")
    result.stdout.fnmatch_lines(["1 cassette file(s) no test used:", "  cassettes/test_two/*"])


def test_the_fixture_types_are_exported() -> None:
    assert pytest_wialon.__all__ == sorted(pytest_wialon.__all__)
    for name in ("CassetteSession", "MockFactory", "MockTarget", "WialonTarget"):
        assert getattr(pytest_wialon, name).__name__ == name
