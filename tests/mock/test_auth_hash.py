"""Auth hashes (core/create_auth_hash) log in once, and die with the session that made them.

help.wialon.com/en/api/user-guide/api-reference/core/create_auth_hash gives the two minutes;
single use and the end with the creator's session are the fake's stated choice.
"""

from __future__ import annotations

import aiohttp

from wialon_mock import MockServer

from .conftest import call, login


async def _hash(http: aiohttp.ClientSession, server: MockServer, sid: str) -> str:
    answer = await call(http, server, "core/create_auth_hash", {}, sid=sid)
    value = answer["authHash"]
    assert isinstance(value, str)
    assert len(value) == 32
    return value


async def test_a_hash_logs_in_once(server: MockServer, http: aiohttp.ClientSession) -> None:
    sid = await login(http, server)
    value = await _hash(http, server, sid)
    first = await call(http, server, "core/use_auth_hash", {"authHash": value})
    assert len(first["eid"]) == 32
    assert first["eid"] != sid
    assert await call(http, server, "core/use_auth_hash", {"authHash": value}) == {"error": 8}


async def test_a_hash_dies_with_its_creators_logout(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    other = await login(http, server)
    mine, theirs = await _hash(http, server, sid), await _hash(http, server, other)
    assert await call(http, server, "core/logout", {}, sid=sid) == {"error": 0}
    assert await call(http, server, "core/use_auth_hash", {"authHash": mine}) == {"error": 8}
    # a hash of a session still alive is untouched
    answer = await call(http, server, "core/use_auth_hash", {"authHash": theirs})
    assert "eid" in answer


async def test_a_hash_dies_when_its_session_expires(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    value = await _hash(http, server, sid)
    assert server.expire_sessions(sid) == 1
    assert await call(http, server, "core/use_auth_hash", {"authHash": value}) == {"error": 8}


async def test_a_hash_expires_after_two_minutes(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    late, early = await _hash(http, server, sid), await _hash(http, server, sid)
    server.advance(100)
    assert "eid" in await call(http, server, "core/use_auth_hash", {"authHash": early})
    server.advance(21)
    assert await call(http, server, "core/use_auth_hash", {"authHash": late}) == {"error": 8}
