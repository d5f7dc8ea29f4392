"""Opening and closing sessions, and the callbacks that run then."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from aiowialon import (
    MultipartField,
    Wialon,
    WialonConnectionError,
    WialonInvalidCredentials,
    WialonInvalidSession,
    WialonWarning,
)
from wialon_mock import MockServer
from wialon_mock.control.redact import mask

from .conftest import ClientFactory, aiohttp_transport


async def test_login_with_the_constructor_token(client: Wialon, mock_server: MockServer) -> None:
    answer = await client.login()
    assert client.sid is not None
    assert client.sid == answer["eid"]
    assert len(client.sid) == 32
    sent = mock_server.journal("token/login")[-1]["params"]
    assert sent["token"] == mask(mock_server.token)
    assert await client.core_get_hw_types()  # the session works


async def test_login_token_argument_wins_and_params_go_along(
    make_client: ClientFactory, mock_server: MockServer
) -> None:
    client = make_client(token=None)
    await client.login(token=mock_server.token, fl=1, appName="tests")
    assert client.token == mock_server.token
    sent = mock_server.journal("token/login")[-1]["params"]
    assert sent == {"token": mask(mock_server.token), "fl": 1, "appName": "tests"}


async def test_login_with_auth_hash(session: Wialon, make_client: ClientFactory) -> None:
    created = await session.core_create_auth_hash()
    other = make_client(token=None)
    answer = await other.login(auth_hash=created["authHash"])
    assert other.sid == answer["eid"]
    assert other.sid != session.sid
    assert await other.core_get_hw_types()


async def test_login_argument_errors(make_client: ClientFactory) -> None:
    client = make_client(token=None)
    with pytest.raises(ValueError, match="not both"):
        await client.login(token="t" * 72, auth_hash="h" * 32)
    with pytest.raises(ValueError, match="needs a token"):
        await client.login()


async def test_wrong_token_is_a_typed_error(make_client: ClientFactory) -> None:
    client = make_client(token="0" * 72)
    with pytest.raises(WialonInvalidCredentials) as info:
        await client.login()
    assert info.value.action_name == "token/login"
    assert client.sid is None


async def test_logout_closes_the_session(session: Wialon, mock_server: MockServer) -> None:
    old_sid = session.sid
    assert await session.logout() == {"error": 0}
    assert session.sid is None
    assert await session.logout() == {}  # nothing left to close
    assert old_sid is not None
    assert mock_server.journal("core/logout")[-1]["sid"] == mask(old_sid)
    with pytest.raises(WialonInvalidSession):
        await session.core_get_hw_types()
    await session.login()  # and a new session opens on a fresh HTTP session
    assert await session.core_get_hw_types()


async def test_logout_of_an_expired_session_is_quiet(
    session: Wialon, mock_server: MockServer
) -> None:
    mock_server.expire_sessions()
    answer = await session.logout()
    assert answer["error"] == 1
    assert session.sid is None


async def test_a_failed_logout_still_closes_the_http_session(
    session: Wialon, mock_server: MockServer
) -> None:
    mock_server.add_fault(svc="core/logout", kind="reset", times=1)
    with pytest.raises(WialonConnectionError):
        await session.logout()
    assert session.sid is None
    # the script that ends with logout() leaks no HTTP session, even when logout failed
    assert aiohttp_transport(session)._session is None


async def test_session_callbacks(session: Wialon) -> None:
    opened: list[dict[str, Any]] = []
    closed: list[dict[str, Any]] = []

    @session.on_session_open
    async def remember_open(answer: dict[str, Any]) -> None:
        opened.append(answer)
        assert session.sid == answer["eid"]  # set before the callback runs
        await session.core_get_hw_types()  # and usable from it

    @session.on_session_close
    def remember_close(answer: dict[str, Any]) -> None:  # a plain function works too
        closed.append(answer)

    login_answer = await session.login()
    await session.logout()
    assert opened == [login_answer]
    assert closed == [{"error": 0}]


def test_registering_a_second_callback_warns_and_replaces(client: Wialon) -> None:
    async def first(answer: dict[str, Any]) -> None:
        pass

    async def second(answer: dict[str, Any]) -> None:
        pass

    client.on_session_open(first)
    with pytest.warns(WialonWarning, match="second"):
        client.on_session_open(second)
    client.on_session_close(first)
    with pytest.warns(WialonWarning, match="on_session_close"):
        client.on_session_close(second)
    with pytest.raises(TypeError):
        client.on_session_open("not callable")  # type: ignore[type-var]  # wrong on purpose


async def test_secrets_never_reach_the_log(
    client: Wialon, mock_server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiowialon")
    await client.login()
    assert client.sid is not None
    real_sid = client.sid
    assert client.sid not in repr(client)
    assert client.sid[:4] in repr(client)
    await client.core_get_hw_types()
    await client.multipart(
        client.exchange_import_json(eventHash="log"),
        MultipartField("import_file", b"{}", filename="a.wlp"),
    )
    mock_server.add_fault(svc="core/get_hw_types", kind="error", code=1)
    with pytest.raises(WialonInvalidSession):
        await client.core_get_hw_types()
    await client.logout()
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "opened" in text  # the log is not simply empty
    assert mock_server.journal("core/logout")[-1]["sid"] == mask(real_sid)
    assert real_sid[:4] in text
    assert real_sid not in text
    assert mock_server.token not in text
