"""The dashboard's unit track is the same history the API reads: deleted messages are gone."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.http.dashboard.views import TRACK_SECONDS

from ..mock.conftest import call, login


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A frozen fleet, so the track window does not move during the test."""
    async with MockServer(units=5, seed=2, clock_frozen=True) as srv:
        yield srv


async def test_a_deleted_message_leaves_the_dashboard_track(server: MockServer) -> None:
    async with aiohttp.ClientSession() as http:
        sid = await login(http, server)
        now = server.world.now()
        chosen: tuple[int, list[float]] | None = None
        for unit_id in sorted(server.world.units):
            load = {"itemId": unit_id, "timeFrom": now - TRACK_SECONDS + 1, "timeTo": now,
                    "flags": 0, "flagsMask": 0, "loadCount": 0xFFFFFFFF}  # fmt: skip
            msgs = (await call(http, server, "messages/load_interval", load, sid))["messages"]
            points = [[m["pos"]["y"], m["pos"]["x"]] for m in msgs]
            # a message inside the track whose position no other message of it shares
            for k in range(1, len(points) - 1):
                if points.count(points[k]) == 1:
                    chosen = (unit_id, points[k])
                    index = k
                    break
            if chosen is not None:
                break
        assert chosen is not None, "no moving unit in the fleet"
        unit_id, point = chosen
        url = f"{server.url}/_mock/ui/api/units/{unit_id}"
        async with http.get(url) as resp:
            assert point in (await resp.json())["track"]
        answer = await call(http, server, "messages/delete_message", {"msgIndex": index}, sid)
        assert "error" not in answer
        async with http.get(url) as resp:
            track = (await resp.json())["track"]
        assert point not in track
        assert len(track) >= 2
