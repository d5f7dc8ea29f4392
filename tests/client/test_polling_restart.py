"""Polling across a restart of the server process: a real ``wialon-mock serve`` is killed and
started again on the same port; the poller logs in again, runs ``on_session_open`` and goes on.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from aiowialon import Wialon, flags
from aiowialon.events import AvlEvent, filters

from .test_polling import WAIT, until

SEED = 3
SERVE = Path(sys.executable).with_name("wialon-mock")


class Served:
    """One ``wialon-mock serve`` process; ``url`` is what it said it listens on."""

    def __init__(self, port: int) -> None:
        self.proc = subprocess.Popen(
            [str(SERVE), "serve", "--port", str(port), "--seed", str(SEED), "--units", "3",
             "--frozen", "--no-limits"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        assert self.proc.stdout is not None
        lines = []
        for line in self.proc.stdout:
            lines.append(line)
            if line.startswith("token: "):
                self.token = line.split(":", 1)[1].strip()
            found = re.match(r"listening on (http://[\d.]+:(\d+))", line)
            if found:
                self.url, self.port = found[1], int(found[2])
            if hasattr(self, "url") and hasattr(self, "token"):
                break
        else:
            raise AssertionError(f"wialon-mock serve did not start: {''.join(lines)}")

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=WAIT)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def served() -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for server in started:
        if server.proc.poll() is None:
            server.kill()


async def advance(url: str, seconds: int) -> None:
    clock = f"{url}/_mock/clock"
    async with aiohttp.ClientSession() as http, http.post(clock, json={"advance": seconds}) as r:
        assert r.status == 200


async def test_polling_goes_on_after_the_server_process_restarts(served: list[Served]) -> None:
    first = Served(0)
    served.append(first)
    client = Wialon.from_url(first.url, token=first.token)
    client.polling_delay_factor = 0.05  # pauses of 1 s last 50 ms
    opened: list[str] = []
    got: list[int] = []

    @client.on_session_open
    async def register(answer: dict[str, Any]) -> None:
        await client.core_update_data_flags(
            spec=[{"type": "type", "data": "avl_unit", "mode": 0,
                   "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS}]
        )  # fmt: skip
        opened.append(answer["eid"])

    @client.avl_event_handler(filters.messages)
    async def collect(event: AvlEvent) -> None:
        got.append(event.data.d["t"])

    polling = asyncio.create_task(client.start_polling(timeout=1))
    try:
        await until(lambda: len(opened) == 1)
        await advance(first.url, 120)
        await until(lambda: len(got) > 0)
        first.kill()
        again = Served(first.port)  # the same address, a new process that knows no session
        served.append(again)
        await until(lambda: len(opened) == 2)
        assert opened[0] != opened[1]
        before = len(got)
        await advance(again.url, 120)
        await until(lambda: len(got) > before)
        assert client.is_polling
    finally:
        await client.stop_polling()
        await asyncio.wait_for(polling, WAIT)
        await client.close()
