"""Half-open and trickling connections are cut off; honest clients keep being served.

Everything runs on loopback with short deadlines (a fraction of a second, set through the
config), so the waits here are bounded by ``asyncio.wait_for`` and never asserted as times.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.run.netguard import (
    _AcceptErrors,
    connection_cap,
    quiet_accept_errors,
    raise_fd_limit,
)

from .conftest import call

HALF_OPEN = 60
#: generous bound on how long the server may take to drop a connection past its deadline
BOUND = 20.0


async def _half_open(server: MockServer) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(b"POST /wialon/ajax.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
    await writer.drain()
    return reader, writer


async def test_half_open_connections_are_closed_and_others_served() -> None:
    async with (
        MockServer(units=1, header_seconds=0.3) as server,
        # no pooled connection: the server closes idle ones after the same 0.3 s
        aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http,
    ):
        conns = [await _half_open(server) for _ in range(HALF_OPEN)]
        try:
            # an honest client is answered while they hang
            assert await call(http, server, "no/such") == {"error": 2}
            for reader, _ in conns:
                assert await asyncio.wait_for(reader.read(), BOUND) == b""
        finally:
            for _, writer in conns:
                writer.close()
        assert await call(http, server, "no/such") == {"error": 2}


async def test_a_trickling_body_is_cut_off(http: aiohttp.ClientSession) -> None:
    # the head arrives, the body stops after nine bytes of the promised thousand
    async with MockServer(units=1, body_seconds=0.3) as server:
        reader, writer = await asyncio.open_connection(server.host, server.port)
        try:
            writer.write(
                b"POST /wialon/ajax.html HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 1000\r\n\r\nsvc=core/"
            )
            await writer.drain()
            head = await asyncio.wait_for(reader.readline(), BOUND)
            assert head.startswith(b"HTTP/1.1 408"), head
        finally:
            writer.close()
        assert await call(http, server, "no/such") == {"error": 2}


async def test_connections_beyond_the_cap_are_closed_at_once(
    http: aiohttp.ClientSession,
) -> None:
    async with MockServer(units=1, max_connections=10, header_seconds=30) as server:
        conns = [await _half_open(server) for _ in range(15)]
        try:

            async def closed(reader: asyncio.StreamReader) -> bool:
                try:
                    data = await asyncio.wait_for(reader.read(), 1.0)
                except asyncio.TimeoutError:
                    return False  # still open: one of the ten the server keeps
                return data == b""

            results = await asyncio.gather(*(closed(reader) for reader, _ in conns))
            assert sum(results) == 5
        finally:
            for _, writer in conns:
                writer.close()
        # once they are gone the server serves again
        for _ in range(100):
            try:
                assert await call(http, server, "no/such") == {"error": 2}
                break
            except aiohttp.ClientError:
                await asyncio.sleep(0.05)
        else:
            pytest.fail("the server never served again")


def test_the_fd_soft_limit_is_raised_within_the_hard_one() -> None:
    resource = pytest.importorskip("resource")
    soft_before, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    soft = raise_fd_limit()
    now, hard_now = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert hard_now == hard
    assert now >= soft_before
    assert soft == now
    assert 0 < connection_cap(soft) < soft


def test_accept_errors_are_folded_into_one_line(caplog: pytest.LogCaptureFixture) -> None:
    quiet_accept_errors()
    loop_logger = logging.getLogger("asyncio")
    caplog.set_level(logging.ERROR, logger="asyncio")
    fold = next(f for f in loop_logger.filters if isinstance(f, _AcceptErrors))
    fold._last = float("-inf")
    error = OSError(24, "Too many open files")
    for _ in range(1000):
        loop_logger.error(
            "socket.accept() out of system resource\nsocket: <socket fd=7>", exc_info=error
        )
    lines = [r for r in caplog.records if r.name == "asyncio"]
    assert len(lines) == 1
    assert lines[0].exc_info is None
    assert "Too many open files" in lines[0].getMessage()
    assert "\n" not in lines[0].getMessage()
