"""``wialon-mock`` as a real process: it prints where it listens, answers, and stops on a signal."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner

from wialon_mock import ThreadedMockServer
from wialon_mock.api.calls_table import render_table
from wialon_mock.config import default_token
from wialon_mock.run.cli import main

LAUNCH = "from wialon_mock.run.cli import main; main()"
TOKEN = "t" * 72


async def _start(*args: str) -> tuple[asyncio.subprocess.Process, str, list[str]]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        LAUNCH,
        "serve",
        "--port",
        "0",
        "--units",
        "2",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdout is not None
    first = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
    assert first.startswith("listening on http://127.0.0.1:"), first
    tokens = []
    while True:
        line = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode()
        assert line.startswith("token: "), line
        tokens.append(line.removeprefix("token: ").strip())
        if len(tokens) >= max(1, args.count("--token")):
            break
    return proc, first.removeprefix("listening on ").strip(), tokens


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


async def _login(http: aiohttp.ClientSession, url: str, token: str) -> object:
    form = {"svc": "token/login", "params": json.dumps({"token": token})}
    async with http.post(f"{url}/wialon/ajax.html", data=form) as resp:
        return json.loads(await resp.read())


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_serve_answers_and_stops_cleanly(
    http: aiohttp.ClientSession, sig: signal.Signals
) -> None:
    proc, url, tokens = await _start("--seed", "5")
    try:
        assert tokens == [default_token(5)]
        answer = await _login(http, url, tokens[0])
        assert isinstance(answer, dict)
        assert len(answer["eid"]) == 32
    finally:
        proc.send_signal(sig)
        code = await asyncio.wait_for(proc.wait(), 30)
    assert code == 0


async def test_serve_with_a_scenario_and_tokens(
    http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    scenario = tmp_path / "outage.yaml"
    scenario.write_text(
        "seed: 3\nfaults:\n  - {svc: token/login, kind: error, code: 9, times: 1}\n",
        encoding="utf-8",
    )
    proc, url, tokens = await _start(
        "--scenario", str(scenario), "--token", TOKEN, "--frozen", "--no-limits"
    )
    try:
        assert tokens == [TOKEN]
        async with http.get(f"{url}/_mock/state") as resp:
            state = await resp.json()
        assert state["clock"]["frozen"] is True
        assert state["limits"]["enabled"] is False
        assert state["seed"] == 3
        assert await _login(http, url, TOKEN) == {"error": 9}
        answer = await _login(http, url, TOKEN)
        assert isinstance(answer, dict)
        assert "eid" in answer
    finally:
        proc.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(proc.wait(), 30)
    assert code == 0


async def test_serve_prints_and_requires_the_admin_token(http: aiohttp.ClientSession) -> None:
    proc, url, _ = await _start("--admin-token", "abc123")
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode()
        assert line == "admin token: abc123\n"
        async with http.post(f"{url}/_mock/reset") as resp:
            assert resp.status == 403
        async with http.post(
            f"{url}/_mock/reset", headers={"X-Wialon-Mock-Admin": "abc123"}
        ) as resp:
            assert resp.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(proc.wait(), 30)
    assert code == 0


def test_bad_scenario_is_a_usage_error(tmp_path: Path) -> None:
    scenario = tmp_path / "bad.toml"
    scenario.write_text("units = -3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--scenario", str(scenario)])
    assert result.exit_code == 2
    assert "units must be an integer >= 0" in result.output


def test_calls_prints_the_table() -> None:
    result = CliRunner().invoke(main, ["calls"])
    assert result.exit_code == 0
    assert result.output == render_table()
    assert "| `token/login` |" in result.output


def test_busy_port_is_a_clean_error() -> None:
    with ThreadedMockServer(units=1) as busy:
        result = CliRunner().invoke(main, ["serve", "--port", str(busy.port), "--units", "1"])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{busy.port}" in result.output
