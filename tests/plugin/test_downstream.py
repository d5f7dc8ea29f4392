"""The plugin as a downstream project uses it, driven through ``pytester``.

Record against the fake server, let it stop, replay with any network use refused, and
check the cassette files for secrets; plus the failure messages and the reports.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import aiowialon
import pytest_wialon
import wialon_mock


def _preload() -> None:
    """Import every module the inner runs use, before pytester snapshots ``sys.modules``.

    Each in-process run drops the modules it imported, so without this every run imports
    (and assertion-rewrites) vcrpy, the client and the fake server all over again.
    """
    names = ["vcr.cassette", "vcr.patch", "vcr.stubs.aiohttp_stubs", "pytest_asyncio"]
    if importlib.util.find_spec("hypothesis") is not None:
        names.append("hypothesis")  # its pytest plugin imports it in every run
    for package in (aiowialon, wialon_mock, pytest_wialon):
        found = pkgutil.walk_packages(package.__path__, package.__name__ + ".", lambda _: None)
        names += [info.name for info in found]
    for name in names:
        # Only a speed-up: a module that cannot load here fails in its own tests instead.
        with contextlib.suppress(Exception):
            importlib.import_module(name)


_preload()

CONFIG = """
[pytest]
asyncio_mode = {mode}
asyncio_default_fixture_loop_scope = function
"""

# A downstream conftest: on replay, opening any connection is an error.
CONFTEST = """
import asyncio
import pytest

@pytest.fixture(autouse=True)
def refuse_network(request, monkeypatch):
    if request.node.get_closest_marker("wialon_cassette") is None:
        return
    if request.getfixturevalue("wialon_cassette").replaying:
        async def refuse(*args, **kwargs):
            raise AssertionError("network use while replaying")
        monkeypatch.setattr(asyncio.BaseEventLoop, "create_connection", refuse)
"""

TESTS = """
import asyncio
import pytest

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}

@pytest.mark.wialon_cassette
@pytest.mark.wialon_mock(units=2)
async def test_units(wialon_client, wialon_mock):
    await wialon_client.login()
    found = await wialon_client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
    assert found["totalItemsCount"] == 2
    # two identical calls at once: each caller gets its own recorded answer
    a, b = await asyncio.gather(
        wialon_client.core_search_item(id=found["items"][0]["id"], flags=1),
        wialon_client.core_search_item(id=found["items"][0]["id"], flags=1),
    )
    assert a == b
    wialon_mock.assert_called("core/search_item", times=2)
    await wialon_client.logout()

@pytest.mark.wialon_cassette("shared_name")
async def test_named(wialon_client):
    answer = await wialon_client.login()
    assert answer["eid"]
"""

SID_LIKE = re.compile(r'"(eid|sid|gis_sid)"[: ]+"[0-9a-f]{32}"|sid=[0-9a-f]{32}|[0-9a-fA-F]{72}')


def _project(pytester: pytest.Pytester, mode: str = "auto", tests: str = TESTS) -> None:
    pytester.makefile(".ini", pytest=CONFIG.format(mode=mode))
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_fleet=tests)


def test_record_against_the_fake_server_then_replay_offline(pytester: pytest.Pytester) -> None:
    _project(pytester)
    recorded = pytester.runpytest_inprocess("--wialon-record-mode=once", "-p", "no:cacheprovider")
    recorded.assert_outcomes(passed=2)
    cassettes = pytester.path / "cassettes" / "test_fleet"
    files = sorted(p.name for p in cassettes.glob("*.json"))
    assert files == ["shared_name.json", "test_units.json"]
    for path in cassettes.glob("*.json"):
        text = path.read_text()
        assert SID_LIKE.search(text) is None, path
        document = json.loads(text)
        login = document["interactions"][0]
        assert login["request"]["params"]["token"].startswith("scrubbed-token-")
        assert login["response"]["json"]["eid"].startswith("scrubbed-sid-")
        # the fake server's random port is not in the file: it names the server instead
        assert document["base_url"] == "http://wialon-mock.localhost"
        assert ":" not in text.split("wialon-mock.localhost")[1][:1]

    replayed = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    replayed.assert_outcomes(passed=2)

    # "all" records afresh and replaces what was there: a call the test no longer makes
    # (the logout) leaves the file instead of lingering from the old session.
    before = json.loads((cassettes / "test_units.json").read_text())
    assert before["interactions"][-1]["request"]["svc"] == "core/logout"
    pytester.makepyfile(test_fleet=TESTS.replace("    await wialon_client.logout()\n", ""))
    rerecorded = pytester.runpytest_inprocess("--wialon-record-mode=all", "-p", "no:cacheprovider")
    rerecorded.assert_outcomes(passed=2)
    after = json.loads((cassettes / "test_units.json").read_text())
    assert [i["request"].get("svc") for i in after["interactions"]] == [
        i["request"].get("svc") for i in before["interactions"][:-1]
    ]


def test_strict_asyncio_mode(pytester: pytest.Pytester) -> None:
    strict = TESTS.replace(
        "@pytest.mark.wialon_cassette\n", "@pytest.mark.asyncio\n@pytest.mark.wialon_cassette\n"
    ).replace('@pytest.mark.wialon_cassette("shared_name")', "@pytest.mark.asyncio")
    _project(pytester, mode="strict", tests=strict)
    pytester.runpytest_inprocess("--wialon-record-mode=once").assert_outcomes(passed=2)
    pytester.runpytest_inprocess().assert_outcomes(passed=2)


def test_a_request_missing_from_the_cassette_fails_with_directions(
    pytester: pytest.Pytester,
) -> None:
    _project(pytester)
    pytester.runpytest_inprocess("--wialon-record-mode=once").assert_outcomes(passed=2)
    changed = TESTS.replace(
        "core_search_items(spec=UNITS, force=1", "core_search_items(spec=UNITS, force=0"
    )
    pytester.makepyfile(test_fleet=changed)
    result = pytester.runpytest_inprocess("-k", "test_units")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*request not in cassette cassettes/test_fleet/test_units.json (record mode 'none')*",
            "*POST core/search_items params=*",
            "*Closest recorded calls:*",
            "*params.force: sent 0, recorded 1*",
            "*run this test with --wialon-record-mode=all*",
        ]
    )
    # Code that swallows the miss does not hide it: the test errors at teardown.
    search = "    found = await wialon_client.core_search_items(spec=UNITS, force=0"
    swallowed = changed.replace(
        search,
        "    try:\n"
        "        await wialon_client.core_search_items(spec=UNITS, force=0, flags=1)\n"
        "    except Exception:\n"
        "        return\n" + search,
    )
    pytester.makepyfile(test_fleet=swallowed)
    result = pytester.runpytest_inprocess("-k", "test_units")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_units*", "*request not in cassette*"])


def test_missing_cassette_and_unused_report(pytester: pytest.Pytester) -> None:
    _project(pytester)
    result = pytester.runpytest_inprocess("-k", "test_named")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*cassette cassettes/test_fleet/shared_name.json does not exist*"])

    pytester.runpytest_inprocess("--wialon-record-mode=once").assert_outcomes(passed=2)
    stale = pytester.path / "cassettes" / "old" / "gone.json"
    stale.parent.mkdir()
    stale.write_text((pytester.path / "cassettes/test_fleet/shared_name.json").read_text())
    result = pytester.runpytest_inprocess("-k", "test_units", "--wialon-unused-cassettes")
    result.assert_outcomes(passed=1)
    # test_named was only deselected: its cassette is not unused.
    result.stdout.fnmatch_lines(
        [
            "*pytest-wialon cassettes*",
            "1 cassette file(s) no test used:",
            "  cassettes/old/gone.json",
        ]
    )
    result.stdout.no_fnmatch_line("*shared_name.json*")


@pytest.mark.slow  # starts three interpreters that import everything: ~10 s on 2 cores
def test_xdist_workers_each_get_a_server(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    pytester.makefile(".ini", pytest=CONFIG.format(mode="auto"))
    pytester.makepyfile(
        test_par="""
        import pytest

        @pytest.mark.parametrize("n", range(4))
        async def test_login(wialon_client, wialon_mock, n):
            await wialon_client.login()
            assert wialon_mock.url.startswith("http://127.0.0.1:")
            wialon_mock.assert_called("token/login", times=1)
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    assert not (pytester.path / "cassettes").exists()  # nothing written by the workers


def test_plugin_import_pulls_in_nothing_heavy(pytester: pytest.Pytester) -> None:
    code = (
        "import sys, pytest_wialon.plugin\n"
        "heavy = ('vcr', 'aiohttp', 'aiowialon', 'wialon_mock', 'pytest_asyncio', 'yaml')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = pytester.run(sys.executable, "-c", code)
    assert result.ret == 0
    assert result.stdout.lines[-1] == "[]"


def test_project_without_the_test_extras_still_runs(pytester: pytest.Pytester) -> None:
    # Only pytest and the plain dependencies: the extras and pytest-asyncio cannot import.
    pytester.makepyfile(test_plain="def test_ok():\n    assert 1 + 1 == 2\n")
    blocked = ("vcr", "faker", "yaml", "click", "pytest_asyncio", "xdist", "hypothesis")
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {blocked!r}:\n"
        "            raise ImportError(f'blocked: {name}')\n"
        "        return None\n"
        "sys.meta_path.insert(0, Block())\n"
        "import pytest\n"
        "sys.exit(pytest.main(['-p', 'no:asyncio', '-p', 'no:xdist', '-p', 'no:hypothesispytest',"
        " '-p', 'no:cacheprovider', '-q', '-W', 'error']))\n"
    )
    result = pytester.run(sys.executable, "-c", code)
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines(["*1 passed*"])
    assert Path(pytester.path / "cassettes").exists() is False


def test_recording_with_wialon_host_and_token_targets_that_server(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fake server stands in for the real one here: what matters is that the plugin uses
    # the WIALON_* variables, read as the examples read them, once the run names them.
    pytester.makefile(".ini", pytest=CONFIG.format(mode="auto"))
    pytester.makepyfile(
        test_real="""
        import pytest

        @pytest.mark.wialon_cassette
        async def test_login(wialon_client, wialon_mock):
            assert type(wialon_mock).__name__ == "RemoteTarget"
            await wialon_client.login()
            with pytest.raises(RuntimeError, match="needs the fake server"):
                wialon_mock.advance(10)
            wialon_mock.assert_called("token/login", times=1)
        """
    )
    with wialon_mock.ThreadedMockServer(units=1, seed=3) as server:
        monkeypatch.setenv("WIALON_SCHEME", "http")
        monkeypatch.setenv("WIALON_HOST", "127.0.0.1")
        monkeypatch.setenv("WIALON_PORT", str(server.port))
        monkeypatch.setenv("WIALON_TOKEN", server.token)
        # The variables alone record against the fake server of the test, not theirs.
        alone = pytester.runpytest_inprocess("--wialon-record-mode=once", "-p", "no:cacheprovider")
        alone.assert_outcomes(failed=1)
        assert server.journal("token/login") == []
        result = pytester.runpytest_inprocess(
            "--wialon-record-mode=once", "--wialon-record-target=env", "-p", "no:cacheprovider"
        )
        result.assert_outcomes(passed=1)
        result.stdout.fnmatch_lines(
            [f"pytest-wialon: record mode once: RECORDING AGAINST {server.url} (WIALON_*"]
        )
        assert len(server.journal("token/login")) == 1
        url = server.url
    cassette = json.loads((pytester.path / "cassettes/test_real/test_login.json").read_text())
    assert cassette["base_url"] == url
    assert server.token not in json.dumps(cassette)


def test_readme_example_records_and_replays(pytester: pytest.Pytester) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- section: plugin -->")[1].split("<!-- /section: plugin -->")[0]
    example = section.split("```python\n")[1].split("```")[0]
    pytester.makefile(".ini", pytest=CONFIG.format(mode="auto"))
    pytester.makepyfile(test_fleet=example)
    pytester.runpytest_inprocess("--wialon-record-mode=once").assert_outcomes(passed=3)
    assert (pytester.path / "cassettes/test_fleet/test_events.json").is_file()
    pytester.runpytest_inprocess().assert_outcomes(passed=3)
