"""Transport failures: each becomes a typed error naming the call, never a raw aiohttp error,
a JSONDecodeError or a hang."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from aiowialon import (
    Wialon,
    WialonConnectionError,
    WialonError,
    WialonHTTPError,
    WialonInvalidResult,
    WialonResponseError,
    WialonTimeoutError,
    WialonTransportError,
)
from aiowialon.transport import decode_answer
from wialon_mock import MockServer

from .conftest import ClientFactory

SVC = "core/get_hw_types"


async def test_http_error_status(session: Wialon, mock_server: MockServer) -> None:
    mock_server.add_fault(svc=SVC, kind="http", status=502, times=1)
    with pytest.raises(WialonHTTPError) as info:
        await session.core_get_hw_types()
    assert info.value.status == 502
    assert info.value.action_name == SVC
    assert SVC in str(info.value)
    assert await session.core_get_hw_types()  # the next call is fine again


@pytest.mark.parametrize(
    ("body", "says"), [("html", "HTML"), ("truncated", "not JSON"), ("empty", "empty")]
)
async def test_malformed_body(
    session: Wialon, mock_server: MockServer, body: str, says: str
) -> None:
    mock_server.add_fault(svc=SVC, kind="malformed", body=body)
    with pytest.raises(WialonResponseError, match=says) as info:
        await session.core_get_hw_types()
    assert info.value.action_name == SVC


async def test_html_excerpt_is_short(session: Wialon, mock_server: MockServer) -> None:
    mock_server.add_fault(svc=SVC, kind="malformed", body="<html>" + "x" * 5000)
    with pytest.raises(WialonResponseError) as info:
        await session.core_get_hw_types()
    assert info.value.excerpt.startswith("<html>")
    assert len(info.value.excerpt) < 200
    assert len(str(info.value)) < 300


async def test_connection_reset(session: Wialon, mock_server: MockServer) -> None:
    mock_server.add_fault(svc=SVC, kind="reset", times=1)
    with pytest.raises(WialonConnectionError) as info:
        await session.core_get_hw_types()
    assert info.value.action_name == SVC


async def test_connection_refused(make_client: ClientFactory) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_client(port=port)
    with pytest.raises(WialonConnectionError) as info:
        await client.login()
    assert info.value.action_name == "token/login"


async def test_server_holding_the_request_times_out(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(timeout=0.2)
    await client.login()
    mock_server.add_fault(svc=SVC, kind="timeout", seconds=2)
    with pytest.raises(WialonTimeoutError) as info:
        await client.core_get_hw_types()
    assert isinstance(info.value, TimeoutError)
    assert info.value.action_name == SVC


async def test_slow_answer_times_out(make_client: ClientFactory, mock_server: MockServer) -> None:
    client = make_client(timeout=0.2)
    await client.login()
    mock_server.add_fault(svc=SVC, kind="delay", seconds=1)
    with pytest.raises(WialonTimeoutError):
        await client.core_get_hw_types()


async def test_no_raw_exception_escapes_any_fault(session: Wialon, mock_server: MockServer) -> None:
    faults: list[dict[str, Any]] = [
        {"kind": "http", "status": 500},
        {"kind": "http", "status": 404},
        {"kind": "malformed", "body": "html"},
        {"kind": "malformed", "body": "{not json"},
        {"kind": "reset"},
        {"kind": "error", "code": 6},
    ]
    for fault in faults:
        mock_server.clear_faults()
        mock_server.add_fault(svc=SVC, **fault)
        with pytest.raises((WialonTransportError, WialonError)):
            await asyncio.wait_for(session.core_get_hw_types(), 10)


async def test_a_raised_failure_is_one_debug_line_without_traceback(
    session: Wialon, mock_server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    # The caller gets the exception, so the failure is not a WARNING as well (httpx and
    # aiohttp do not log what they raise); at DEBUG it is one line.
    mock_server.add_fault(svc=SVC, kind="http", status=503)
    caplog.set_level(logging.DEBUG, logger="aiowialon")
    with pytest.raises(WialonHTTPError):
        await session.core_get_hw_types()
    ours = [r for r in caplog.records if r.name.startswith("aiowialon") and "failed" in r.msg]
    assert [r.levelname for r in ours] == ["DEBUG"]
    assert ours[0].exc_info is None
    assert "\n" not in ours[0].getMessage()
    assert SVC in ours[0].getMessage()


@pytest.mark.parametrize(
    ("content_type", "disposition", "body", "expected"),
    [
        ("application/json", None, b'{"a":1}', {"a": 1}),
        ("application/json; charset=utf-8", None, b"[1]", [1]),
        ("application/octet-stream", None, b"\x00\x01", b"\x00\x01"),
        ("image/png", None, b"\x89PNG", b"\x89PNG"),
        ("application/json", 'attachment; filename="u.wlp"', b'{"a":1}', b'{"a":1}'),
        ("", None, b'{"a":1}', {"a": 1}),
    ],
)
def test_decode_answer_kinds(
    content_type: str, disposition: str | None, body: bytes, expected: object
) -> None:
    assert decode_answer("svc", 200, content_type, disposition, body) == expected


def test_decode_answer_html_page_with_200() -> None:
    with pytest.raises(WialonResponseError, match="HTML"):
        decode_answer("svc", 200, "text/html", None, b"<html>oops</html>")


def test_excerpts_do_not_carry_session_ids() -> None:
    sid = "0123456789abcdef0123456789abcdef"
    with pytest.raises(WialonResponseError) as info:
        decode_answer("token/login", 200, "application/json", None, b'{"eid":"' + sid.encode())
    assert sid not in str(info.value)
    assert sid not in info.value.excerpt
    assert "0123…" in info.value.excerpt


async def answer_raw(
    body: bytes, send: Callable[[Wialon], Awaitable[object]] | None = None, extra: str = ""
) -> BaseException:
    """Make one call (``send``, else SVC) to a loopback server that answers 200 with ``body``
    as JSON (plus the ``extra`` header lines); return what the call raised (it must raise)."""

    async def reply(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
        writer.write(f"{head}\r\n{extra}Connection: close\r\n\r\n".encode() + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(reply, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with Wialon(scheme="http", host="127.0.0.1", port=port, rps=None) as client:
            try:
                await (send(client) if send is not None else client.call(SVC))
            except Exception as exc:  # the test asserts on whatever it is
                return exc
        raise AssertionError("the call did not fail")
    finally:
        server.close()
        await server.wait_closed()


def _login(client: Wialon) -> Awaitable[object]:
    return client.login(token="t" * 72)


def _batch_of_two(client: Wialon) -> Awaitable[object]:
    return client.batch(client.call(SVC), client.call(SVC))


@pytest.mark.parametrize(
    ("body", "send", "extra", "raises", "says"),
    [
        (b"", None, "", WialonResponseError, "empty answer"),
        (b"\x1f\x8b garbage", None, "Content-Encoding: gzip\r\n", WialonResponseError, ""),
        (b"{}", _login, "", WialonInvalidResult, "no session id"),
        (b"[]", _login, "", WialonInvalidResult, "no session id"),
        (b'{"eid":null}', _login, "", WialonInvalidResult, "no session id"),
        (b"[{}]", _batch_of_two, "", WialonInvalidResult, "sent 2 calls but got 1"),
        (b'{"a":1}', _batch_of_two, "", WialonInvalidResult, "not a list"),
    ],
    ids=["empty", "gzip-garbage", "login-no-eid", "login-array", "login-null-eid",
         "batch-short", "batch-object"],
)  # fmt: skip
async def test_answers_of_the_wrong_shape_are_typed_errors(
    body: bytes,
    send: Callable[[Wialon], Awaitable[object]] | None,
    extra: str,
    raises: type[Exception],
    says: str,
) -> None:
    error = await answer_raw(body, send, extra)
    assert isinstance(error, raises), repr(error)
    assert says in str(error)
    assert getattr(error, "action_name", None) in (SVC, "token/login", "core/batch")


async def test_json_nested_too_deep_is_a_response_error() -> None:
    # Valid JSON that Python's decoder gives up on (RecursionError) is still a bad answer.
    error = await answer_raw(b"[" * 100_000 + b"]" * 100_000)
    assert isinstance(error, WialonResponseError)
    assert error.action_name == SVC


async def test_an_infinite_error_code_is_still_an_api_error() -> None:
    # 1e400 decodes to float infinity, which int() refuses with OverflowError.
    error = await answer_raw(b'{"error":1e400}')
    assert isinstance(error, WialonError)
    assert error.action_name == SVC
