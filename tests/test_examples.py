"""Each example script runs to the end against the fake server, in its own process.

The server runs in this test's event loop on a loopback port; the example gets its address
and token from the WIALON_* environment variables, exactly as a user would pass them.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from wialon_mock import MockServer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# example file -> a line its output must contain (proof it got to the interesting part)
EXPECTED = {
    "login_and_call.py": "logged out",
    "batch.py": "failed: core/batch[1] core/search_item: error 7",
    "multipart.py": "photo uploaded for driver",
    "session_lock.py": "messages loaded exclusively",
    "custom_subclass.py": "5 units",
}


def _without_wialon_vars() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("WIALON_")}


async def run_example(name: str, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """Run one example script to its end: exit status, stdout, stderr."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLES / name),
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_example_runs(name: str) -> None:
    async with MockServer(units=5) as server:
        env = {
            **_without_wialon_vars(),
            "WIALON_SCHEME": "http",
            "WIALON_HOST": server.host,
            "WIALON_PORT": str(server.port),
            "WIALON_TOKEN": server.token,
        }
        status, output, err = await run_example(name, env=env)
    assert status == 0, f"{name} failed:\n{output}\n{err}"
    assert EXPECTED[name] in output
    assert "Traceback" not in err


async def test_examples_take_cli_arguments_too() -> None:
    async with MockServer(units=5) as server:
        status, output, _ = await run_example(
            "login_and_call.py",
            "--scheme=http",
            f"--host={server.host}",
            f"--port={server.port}",
            f"--token={server.token}",
            env=_without_wialon_vars(),
        )
    assert status == 0
    assert "logged out" in output


# All examples share examples/_common.py for their options; these two add their own to it.
@pytest.mark.parametrize("name", ["batch.py", "polling.py", "wlp.py"])
async def test_an_example_without_a_token_says_so(name: str) -> None:
    status, _, err = await run_example(name, env=_without_wialon_vars())
    assert status == 2
    assert "token is needed" in err
