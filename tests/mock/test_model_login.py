"""Logging in and out through ``dispatch``: reply shapes, error codes, session lifetime."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from wialon_mock.api.registry import dispatch
from wialon_mock.config import Limits, MockConfig, default_token
from wialon_mock.model.errors import ApiError
from wialon_mock.model.state import World

START = 1_750_000_000


@pytest.fixture
def world() -> World:
    """A small frozen world."""
    return World(MockConfig(seed=5, units=6, clock_start=START, clock_frozen=True))


def call(world: World, svc: str, params: Any = None, sid: str | None = None) -> Any:
    """Run one call; an API error comes back as its body, like on the wire."""
    try:
        return dispatch(world, svc, params, sid=sid)
    except ApiError as exc:
        return exc.body()


def login(world: World) -> str:
    """Log in with the seed's token and return the sid."""
    sid = call(world, "token/login", {"token": default_token(5)})["eid"]
    assert isinstance(sid, str)
    return sid


def test_login_reply_shape(world: World) -> None:
    reply = call(world, "token/login", {"token": default_token(5), "fl": 1})
    assert re.fullmatch(r"[0-9a-f]{32}", reply["eid"])
    assert reply["tm"] == START
    assert list(reply)[:5] == ["host", "eid", "gis_sid", "au", "tm"]
    user = reply["user"]
    assert list(user) == [
        "nm", "cls", "id", "prp", "crt", "bact", "mu", "ct", "ftp", "fl", "hm", "ld", "pfl",
        "ap", "mapps", "mappsmax", "uacl",
    ]  # fmt: skip
    assert user["uacl"] == 2146947
    assert user["cls"] == 1
    assert reply["au"] == user["nm"]
    assert all(isinstance(v, str) for v in user["prp"].values())
    token_info = json.loads(reply["token"])
    assert token_info["fl"] == -1
    assert len(reply["th"]) == 72
    assert reply["classes"]["avl_unit"] == 2
    assert reply["classes"]["avl_unit_group"] == 5
    assert "svcs" in reply["features"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"token": "short"}, 4),
        ({}, 4),
        ([1, 2], 4),
        ({"token": 42}, 4),
        ({"token": "x" * 72}, 8),
    ],
)
def test_login_errors(world: World, params: Any, code: int) -> None:
    assert call(world, "token/login", params) == {"error": code}


def test_operate_as_unknown_user_is_8(world: World) -> None:
    params = {"token": default_token(5), "operateAs": "nobody-here"}
    assert call(world, "token/login", params) == {"error": 8}


def test_logout_kills_the_sid(world: World) -> None:
    sid = login(world)
    assert call(world, "core/logout", {}, sid) == {"error": 0}
    assert call(world, "core/search_item", {"id": world.owner_id, "flags": 1}, sid) == {"error": 1}


def test_calls_without_session_are_error_1(world: World) -> None:
    assert call(world, "core/search_item", {"id": 1, "flags": 1}, None) == {"error": 1}
    assert call(world, "core/search_item", {"id": 1, "flags": 1}, "0" * 32) == {"error": 1}


def test_unknown_service_is_error_2(world: World) -> None:
    assert call(world, "core/no_such_call", {}, login(world)) == {"error": 2}


def test_idle_session_dies_on_the_server_clock(world: World) -> None:
    sid = login(world)
    world.advance(299)
    assert "item" in call(world, "core/search_item", {"id": world.owner_id, "flags": 1}, sid)
    world.advance(299)  # the call above kept it alive
    assert "item" in call(world, "core/search_item", {"id": world.owner_id, "flags": 1}, sid)
    world.advance(301)
    assert call(world, "core/search_item", {"id": world.owner_id, "flags": 1}, sid) == {"error": 1}


def test_sessions_live_forever_without_limits() -> None:
    world = World(
        MockConfig(seed=5, units=2, clock_start=START, clock_frozen=True, limits=Limits.off())
    )
    sid = login(world)
    world.advance(3600)
    assert world.session_for(sid) is not None


def test_expire_and_invalidate(world: World) -> None:
    a, b = login(world), login(world)
    assert world.expire_sessions(a) == 1
    assert world.session_for(a) is None
    assert world.session_for(b) is not None
    assert world.invalidate_session(b)
    first = call(world, "avl_evts", {}, b)
    assert {"i": -2, "d": {}} in first["events"]
    assert call(world, "avl_evts", {}, b) == {"error": 1}


def test_auth_hash_round_trip(world: World) -> None:
    sid = login(world)
    auth = call(world, "core/create_auth_hash", {}, sid)["authHash"]
    assert re.fullmatch(r"[0-9a-f]{32}", auth)
    reply = call(world, "core/use_auth_hash", {"authHash": auth})
    assert reply["eid"] != sid
    assert reply["user"]["id"] == world.owner_id
    world.advance(121)
    assert call(world, "core/use_auth_hash", {"authHash": auth}) == {"error": 8}


def test_duplicate_and_restore(world: World) -> None:
    sid = login(world)
    assert call(world, "core/duplicate", {"restore": 1}, sid)["eid"] == sid
    kept = call(world, "core/duplicate", {"continueCurrentSession": True}, sid)["eid"]
    assert world.session_for(sid) is not None
    moved = call(world, "core/duplicate", {}, kept)["eid"]
    assert moved not in (sid, kept)
    assert world.session_for(kept) is None


def test_token_list_and_snapshot(world: World) -> None:
    assert world.token_list() == [default_token(5)]
    login(world)
    snap = world.snapshot()
    assert snap["units"] == 6
    assert snap["sessions"] == 1
    assert snap["tokens"] == 1
    assert snap["resources"] >= 1
    json.dumps(snap)


def test_configured_token_of_any_length_logs_in() -> None:
    world = World(MockConfig(seed=5, units=2, tokens=["short-dev-token"], clock_start=START))
    reply = call(world, "token/login", {"token": "short-dev-token"})
    assert reply["user"]["id"] == world.owner_id
    assert call(world, "token/login", {"token": "other"}) == {"error": 4}
