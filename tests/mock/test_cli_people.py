"""The command line for people: one-line errors with did-you-mean, ``WIALON_MOCK_*`` variables,
readable request logs, ``wialon-mock journal`` and ``python -m wialon_mock``."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import aiohttp
import click
import pytest
from click.testing import CliRunner

from wialon_mock import ThreadedMockServer
from wialon_mock.run.cli import main, serve
from wialon_mock.run.scenario import ScenarioError, load_scenario

TOKEN_A = "a" * 72
TOKEN_B = "b" * 72


def one_line_error(args: list[str], env: dict[str, str] | None = None) -> str:
    """Run the CLI expecting a usage error; returns its single line."""
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_a_port_out_of_range_is_one_line() -> None:
    line = one_line_error(["serve", "--port", "99999"])
    assert "--port" in line
    assert "99999" in line


def test_an_empty_token_is_refused_in_one_line() -> None:
    # before, `serve --token ""` started a server that logged in a request with no token
    line = one_line_error(["serve", "--token", "", "--units", "1"])
    assert "--token" in line
    assert "empty" in line


def test_a_misspelt_option_gets_a_did_you_mean() -> None:
    line = one_line_error(["serve", "--prot", "8080"])
    assert "--prot" in line
    assert "Did you mean" in line
    assert "'--port'" in line


def test_a_negative_unit_count_is_one_line() -> None:
    assert "--units" in one_line_error(["serve", "--units", "-1"])


def test_an_unknown_scenario_key_names_the_closest_one(tmp_path: Path) -> None:
    scenario = tmp_path / "typo.yaml"
    scenario.write_text("jurnal_size: 5\nlimits: {max_concurent: 3}\n", encoding="utf-8")
    line = one_line_error(["serve", "--scenario", str(scenario)])
    assert "jurnal_size (did you mean 'journal_size'?)" in line
    scenario.write_text("limits: {max_concurent: 3}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="did you mean 'max_concurrent'"):
        load_scenario(scenario)
    scenario.write_text("clock: {frozn: true}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="did you mean 'frozen'"):
        load_scenario(scenario)


def test_a_toml_scenario_switches_a_single_limit_off(tmp_path: Path) -> None:
    scenario = tmp_path / "limits.toml"
    scenario.write_text("[limits]\navl_evts_per_10s = false\nmax_heavy = 2\n", encoding="utf-8")
    limits = load_scenario(scenario).limits
    assert limits.avl_evts_per_10s is None
    assert limits.max_heavy == 2
    assert limits.enabled is True
    assert limits.max_concurrent == 10
    scenario.write_text("[limits]\nheavy_seconds = false\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="heavy_seconds must be a number"):
        load_scenario(scenario)


def test_every_serve_option_has_an_environment_variable() -> None:
    options = [p for p in serve.params if isinstance(p, click.Option)]
    assert len(options) >= 10
    for option in options:
        assert isinstance(option.envvar, str)
        name = option.opts[0].removeprefix("--").upper().replace("-", "_")
        assert option.envvar == f"WIALON_MOCK_{name}"


def test_an_environment_variable_is_checked_like_the_option() -> None:
    line = one_line_error(["serve"], env={"WIALON_MOCK_PORT": "99999"})
    assert "--port" in line


def test_journal_once_prints_the_remembered_requests() -> None:
    with ThreadedMockServer(units=1) as server:
        server.add_fault(svc="core/get_hw_types", kind="error", code=5)
        form = {"svc": "core/get_hw_types", "params": "{}"}

        async def one_call() -> None:
            async with (
                aiohttp.ClientSession() as http,
                http.post(f"{server.url}/wialon/ajax.html", data=form) as resp,
            ):
                await resp.read()

        asyncio.run(one_call())
        pretty = CliRunner().invoke(main, ["journal", server.url, "--once"])
        as_json = CliRunner().invoke(main, ["journal", server.url, "--once", "--json"])
    assert pretty.exit_code == 0, pretty.output
    assert pretty.output.strip().endswith("core/get_hw_types error 5 fault #1")
    entry = json.loads(as_json.output.strip())
    assert entry["svc"] == "core/get_hw_types"
    assert entry["fault"] == 1


def test_journal_of_nothing_is_one_line(unused_tcp_port: int) -> None:
    result = CliRunner().invoke(main, ["journal", f"127.0.0.1:{unused_tcp_port}", "--once"])
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot read the journal of http://127.0.0.1:")
    assert len(result.output.strip().splitlines()) == 1


async def _run_serve(*args: str, env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """Start ``python -m wialon_mock`` with ``args``, log in once, stop it; stdout lines, stderr."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wialon_mock",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    lines: list[str] = []
    try:
        while not lines or not lines[-1].startswith("dashboard: "):
            line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
            assert line, "the server ended before it printed its dashboard"
            lines.append(line.strip())
        url = lines[0].removeprefix("listening on ")
        token = lines[1].removeprefix("token: ")
        form = {"svc": "token/login", "params": json.dumps({"token": token})}
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{url}/wialon/ajax.html", data=form) as resp:
                sid = (await resp.json())["eid"]
            batch = {
                "params": [
                    {"svc": "core/get_hw_types", "params": {}},
                    {"svc": "core/search_item", "params": {"id": 1, "flags": 1}},
                ],
                "flags": 0,
            }
            form = {"svc": "core/batch", "params": json.dumps(batch), "sid": sid}
            async with http.post(f"{url}/wialon/ajax.html", data=form) as resp:
                await resp.read()
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 0, err.decode()
    return lines, err.decode()


async def test_serve_logs_one_line_per_request_and_prints_the_dashboard() -> None:
    lines, err = await _run_serve("serve", "--port", "0", "--units", "2", "--log-level", "INFO")
    assert lines[0].startswith("listening on http://127.0.0.1:")
    assert lines[-1] == f"dashboard: {lines[0].removeprefix('listening on ')}/_mock/ui/"
    requests = [line for line in err.splitlines() if "wialon_mock.requests" in line]
    assert len(requests) == 2, err
    login, batch = requests
    assert "INFO" in login
    assert "127.0.0.1 token/login ok" in login
    assert "core/batch[core/get_hw_types,core/search_item] sid=" in batch
    assert " ms" in batch
    # the session shows masked: four characters and the length
    assert "…(32)" in batch


async def test_json_logs_from_the_environment_and_no_faker_noise() -> None:
    env = {
        "WIALON_MOCK_PORT": "0",
        "WIALON_MOCK_UNITS": "2",
        "WIALON_MOCK_TOKEN": f"{TOKEN_A} {TOKEN_B}",
        "WIALON_MOCK_LOG_FORMAT": "json",
    }
    lines, err = await _run_serve("--log-level", "DEBUG", "serve", env=env)
    assert lines[1:3] == [f"token: {TOKEN_A}", f"token: {TOKEN_B}"]
    records = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert records, err
    assert not [r for r in records if r["logger"].startswith("faker")]
    requests = [r["request"] for r in records if r["logger"] == "wialon_mock.requests"]
    assert [r["svc"] for r in requests] == ["token/login", "core/batch"]
    assert requests[1]["items"] == ["core/get_hw_types", "core/search_item"]
    assert requests[1]["result"] == "ok"
    assert requests[0]["client"] == "127.0.0.1"


def test_a_scenario_fault_for_an_unknown_service_is_one_line(tmp_path: Path) -> None:
    scenario = tmp_path / "fault.yaml"
    scenario.write_text("faults:\n  - {svc: avl_evt, kind: error, code: 1003}\n", encoding="utf-8")
    line = one_line_error(["serve", "--scenario", str(scenario)])
    assert "fault #1: unknown service 'avl_evt' (did you mean 'avl_evts'?)" in line


async def test_with_an_admin_secret_the_dashboard_link_carries_it() -> None:
    secret = "k" * 32
    lines, _ = await _run_serve(
        "serve", "--port", "0", "--units", "1", env={"WIALON_MOCK_ADMIN_TOKEN": secret}
    )
    url = lines[0].removeprefix("listening on ")
    assert f"admin token: {secret}" in lines
    assert lines[-1] == f"dashboard: {url}/_mock/ui/#admin={secret}"
    # the login page for a browser on another machine asks for the secret: not in its link
    assert lines[-2] == f"dashboard login (any machine): {url}/_mock/ui/login"
