"""examples/polling.py and examples/wlp.py run against the fake server in a subprocess."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from wialon_mock import MockServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LIMIT = 60.0  # generous bound on a script run; they normally take a few seconds


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    async with MockServer(units=3, seed=5) as srv:
        srv.freeze()
        yield srv


def env_for(srv: MockServer) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        WIALON_SCHEME="http",
        WIALON_HOST=srv.host,
        WIALON_PORT=str(srv.port),
        WIALON_TOKEN=srv.token,
    )
    return env


async def run_script(
    srv: MockServer, script: str, *args: str, cwd: Path | None = None
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLES / script),
        *args,
        env=env_for(srv),
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def test_polling_example_prints_live_messages(server: MockServer) -> None:
    proc = await run_script(
        server, "polling.py", "--seconds", "40", "--max-events", "3", "--interval", "1"
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        # the script says when its units are registered; only then do messages exist
        while not any(line.startswith("session open") for line in lines):
            raw = await asyncio.wait_for(proc.stdout.readline(), LIMIT)
            assert raw, f"script ended early: {lines}"
            lines.append(raw.decode().strip())
        server.advance(120)
        rest = await asyncio.wait_for(proc.stdout.read(), LIMIT)
        lines += rest.decode().splitlines()
        assert await asyncio.wait_for(proc.wait(), LIMIT) == 0, lines
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert "following 3 units" in lines[0]
    messages = [line for line in lines if line.startswith("unit ")]
    assert len(messages) >= 3
    assert lines[-1] == f"done: {len(messages)} messages"


async def test_wlp_example_exports_and_imports(server: MockServer, tmp_path: Path) -> None:
    proc = await run_script(server, "wlp.py", "--out", "unit.wlp", cwd=tmp_path)
    out, _ = await asyncio.wait_for(proc.communicate(), LIMIT)
    text = out.decode()
    assert proc.returncode == 0, text
    content = json.loads((tmp_path / "unit.wlp").read_bytes())
    assert content["type"] == "avl_unit"
    assert "imported: ['unit.wlp']" in text
