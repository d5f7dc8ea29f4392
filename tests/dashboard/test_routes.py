"""The dashboard's HTTP side over real sockets: the page, its files, its views, the live journal."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from wialon_mock import MockServer
from wialon_mock.config import MockConfig
from wialon_mock.control.journal import Journal
from wialon_mock.http.admin_guard import AdminAccess
from wialon_mock.http.app import create_app
from wialon_mock.http.dashboard.routes import STATIC
from wialon_mock.model.fleet_data import SENSOR_TEMPLATES
from wialon_mock.model.state import World

from ..mock.conftest import call, login


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """A small fake server with its clock frozen, so positions change only when told."""
    async with MockServer(units=5, seed=2, clock_frozen=True) as srv:
        yield srv


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain HTTP session."""
    async with aiohttp.ClientSession() as session:
        yield session


async def get_json(http: aiohttp.ClientSession, url: str, status: int = 200) -> Any:
    async with http.get(url) as resp:
        assert resp.status == status, await resp.text()
        assert resp.content_type == "application/json"
        return await resp.json()


async def test_root_links_to_the_dashboard(http: aiohttp.ClientSession, server: MockServer) -> None:
    async with http.get(f"{server.url}/", headers={"Accept": "text/html"}) as resp:
        assert resp.status == 200
        assert 'href="/_mock/ui/"' in await resp.text()
    landing = await get_json(http, f"{server.url}/")
    assert landing["dashboard"] == "/_mock/ui/"
    # every other unknown path still answers the JSON 404
    await get_json(http, f"{server.url}/nothing", status=404)


async def test_page_and_vendored_files_are_served(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    async with http.get(f"{server.url}/_mock/ui", allow_redirects=False) as resp:
        assert resp.status == 302
        assert resp.headers["Location"] == "/_mock/ui/"
    async with http.get(f"{server.url}/_mock/ui/") as resp:
        page = await resp.text()
        assert resp.content_type == "text/html"
    scripts = [
        "static/vendor/leaflet/leaflet.js",
        "static/vendor/topojson-client/topojson-client.min.js",
        "static/dashboard.js",
        "static/dashboard.css",
        "static/vendor/leaflet/leaflet.css",
    ]
    for path in scripts:
        assert path in page
        async with http.get(f"{server.url}/_mock/ui/{path}") as resp:
            assert resp.status == 200
            assert (await resp.read()) == (STATIC / path.removeprefix("static/")).read_bytes()
    basemap = await get_json(http, f"{server.url}/_mock/ui/static/basemap/countries-50m.json")
    assert basemap["type"] == "Topology"
    assert "countries" in basemap["objects"]
    urban = await get_json(http, f"{server.url}/_mock/ui/static/basemap/urban-areas-50m.json")
    assert urban["type"] == "FeatureCollection"
    assert len(urban["features"]) > 2000
    async with http.get(f"{server.url}/_mock/ui/static/../views.py") as resp:
        assert resp.status in (403, 404)


def test_vendored_files_carry_their_licences_and_stay_small() -> None:
    for licence in (
        "vendor/leaflet/LICENSE",
        "vendor/topojson-client/LICENSE",
        "basemap/LICENSE-world-atlas",
    ):
        assert (STATIC / licence).read_text().strip()
    assert "Natural Earth" in (STATIC / "VENDORED.md").read_text()
    total = sum(p.stat().st_size for p in Path(STATIC).rglob("*") if p.is_file())
    # the wheel may grow by a few MB at most; the files compress to about a third
    assert total < 2_000_000


async def test_fleet_view_moves_with_the_clock(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    first = await get_json(http, f"{server.url}/_mock/ui/api/fleet")
    assert first["total"] == first["shown"] == 5
    assert {u["id"] for u in first["units"]} == set(server.world.units)
    assert sum(first["counts"].values()) == 5
    for unit in first["units"]:
        assert unit["state"] in {"moving", "parked", "nodata"}
        assert len(unit["track"]) >= 1
    server.advance(900)
    later = await get_json(http, f"{server.url}/_mock/ui/api/fleet")
    assert later["now"] == first["now"] + 900
    before = {u["id"]: u["pos"] for u in first["units"]}
    assert any(u["pos"] != before[u["id"]] for u in later["units"])


async def test_unit_detail_has_message_params_and_named_sensors(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    unit_id = min(server.world.units)
    detail = await get_json(http, f"{server.url}/_mock/ui/api/units/{unit_id}")
    assert detail["nm"] == server.world.units[unit_id].nm
    assert detail["message"]["p"]["odometer"] >= 0
    assert [s["n"] for s in detail["sensors"]] == [t["n"] for t in SENSOR_TEMPLATES]
    await get_json(http, f"{server.url}/_mock/ui/api/units/1", status=404)
    await get_json(http, f"{server.url}/_mock/ui/api/units/x", status=400)


async def test_geofences_view_lists_every_zone(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    zones = await get_json(http, f"{server.url}/_mock/ui/api/geofences")
    assert len(zones) == sum(len(r.zones) for r in server.world.resources.values())
    for zone in zones:
        assert zone["color"].startswith("#")
        assert len(zone["color"]) == 7
        assert zone["p"]


async def test_sessions_view_and_expiry(http: aiohttp.ClientSession, server: MockServer) -> None:
    sid = await login(http, server)
    unit_id = min(server.world.units)
    spec = [{"type": "id", "data": unit_id, "flags": 0x401, "mode": 0}]
    await call(http, server, "core/update_data_flags", {"spec": spec}, sid)
    server.advance(120)
    rows = await get_json(http, f"{server.url}/_mock/ui/api/sessions")
    assert len(rows) == 1
    row = rows[0]
    assert row["sid"] == sid
    assert row["sid_masked"].startswith(sid[:4])
    assert sid not in row["sid_masked"]
    assert row["items"] == 1
    assert row["idle"] == pytest.approx(120, abs=1)
    # two minutes of messages of the watched unit are waiting for the next avl_evts
    assert row["pending"] >= 120 // server.world.units[unit_id].interval
    async with http.post(f"{server.url}/_mock/sessions/expire", json={"sid": sid}) as resp:
        assert (await resp.json()) == {"expired": 1}
    assert await get_json(http, f"{server.url}/_mock/ui/api/sessions") == []


async def _events(resp: aiohttp.ClientResponse, count: int) -> list[dict[str, Any]]:
    """The next ``count`` journal events of an SSE response."""
    found: list[dict[str, Any]] = []
    while len(found) < count:
        line = (await asyncio.wait_for(resp.content.readline(), 10)).decode()
        if line.startswith("data: "):
            found.append(json.loads(line.removeprefix("data: ")))
    return found


async def test_journal_stream_sends_new_requests_live(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    async with http.get(f"{server.url}/_mock/journal/stream") as resp:
        assert resp.content_type == "text/event-stream"
        sid = await login(http, server)
        await call(
            http, server, "core/search_item", {"id": min(server.world.units), "flags": 1}, sid
        )
        events = await _events(resp, 2)
    assert [e["svc"] for e in events] == ["token/login", "core/search_item"]
    assert events[1]["n"] == events[0]["n"] + 1
    # small answers travel with the entry, so the page can show them
    assert events[1]["answer"]["item"]["id"] == min(server.world.units)
    assert "eid" in events[0]["answer"]


async def test_journal_stream_resumes_after_an_id_and_filters_by_svc(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    sid = await login(http, server)
    for _ in range(3):
        await call(http, server, "core/get_hw_types", {}, sid)
    numbers = [e["n"] for e in server.journal()]
    url = f"{server.url}/_mock/journal/stream?since={numbers[1]}"
    async with http.get(url) as resp:
        resumed = await _events(resp, 2)
    assert [e["n"] for e in resumed] == numbers[2:]
    async with http.get(f"{server.url}/_mock/journal/stream?svc=token/login") as resp:
        await call(http, server, "core/get_hw_types", {}, sid)
        await login(http, server)
        only = await _events(resp, 2)
    assert [e["svc"] for e in only] == ["token/login", "token/login"]


def test_journal_since_picks_the_entries_after_a_number() -> None:
    journal = Journal(size=3)
    for n in range(5):
        journal.record(
            t=n, path="/", svc="a" if n % 2 else "b", params={}, sid=None, error=None, status=200
        )
    # entries 3, 4, 5 remain (the oldest dropped out); numbers keep counting
    assert [e["n"] for e in journal.since(0)] == [3, 4, 5]
    assert [e["n"] for e in journal.since(3)] == [4, 5]
    assert [e["n"] for e in journal.since(4, svc="a")] == []
    assert [e["n"] for e in journal.since(2, svc="a")] == [4]
    assert journal.since(5) == []
    assert journal.count == 5


def test_journal_answers_are_masked_when_read_and_batch_bytes_decoded() -> None:
    journal = Journal()
    journal.record(
        t=0,
        path="/",
        svc="token/login",
        params={},
        sid=None,
        error=None,
        status=200,
        answer={"eid": "e" * 32, "user": {"nm": "x"}},
    )
    journal.record(
        t=0,
        path="/",
        svc="core/batch",
        params=[],
        sid=None,
        error=None,
        status=200,
        answer=b'[{"error":7},{"eid":"ffffffffffffffff"}]',
    )
    login, batch = journal.entries()
    assert login["answer"] == {"eid": "eeee…(32)", "user": {"nm": "x"}}
    assert batch["answer"] == [{"error": 7}, {"eid": "ffff…(16)"}]
    assert journal.since(1) == [batch]


@pytest.mark.parametrize(
    "access",
    [
        AdminAccess(bound_host="0.0.0.0", secret="s" * 32),
        AdminAccess(bound_host="0.0.0.0", allow_remote=True),
        AdminAccess(bound_host="127.0.0.1", secret="s" * 32),
    ],
    ids=["secret", "allow-remote-admin", "loopback-with-secret"],
)
async def test_a_server_bound_beyond_loopback_gets_a_read_only_dashboard(
    http: aiohttp.ClientSession, access: AdminAccess
) -> None:
    world = World(MockConfig(units=2))
    async with TestServer(create_app(world, admin=access), host="127.0.0.1") as srv:
        base = str(srv.make_url("")).rstrip("/")
        config = await get_json(http, f"{base}/_mock/ui/api/config")
        assert config["read_only"] is True
        answer = await http.post(
            f"{base}/wialon/ajax.html",
            data={"svc": "token/login", "params": json.dumps({"token": world.token_list()[0]})},
        )
        sid = (await answer.json())["eid"]
        rows = await get_json(http, f"{base}/_mock/ui/api/sessions")
        async with http.get(f"{base}/_mock/journal/stream") as resp:
            (login,) = await _events(resp, 1)
    assert len(rows) == 1
    assert "sid" not in rows[0]
    assert sid not in json.dumps(rows)
    # the live journal of a read-only dashboard masks the token and the session it opened
    token = world.token_list()[0]
    assert login["svc"] == "token/login"
    assert login["params"]["token"] == f"{token[:4]}…(72)"
    assert login["answer"]["eid"] == f"{sid[:4]}…(32)"
    assert token not in json.dumps(login)
    assert sid not in json.dumps(login)


async def test_the_admin_secret_unlocks_a_read_only_dashboard(http: aiohttp.ClientSession) -> None:
    world = World(MockConfig(units=2))
    access = AdminAccess(bound_host="0.0.0.0", secret="s" * 32)
    async with TestServer(create_app(world, admin=access), host="127.0.0.1") as srv:
        base = str(srv.make_url("")).rstrip("/")
        keyed = {"X-Wialon-Mock-Admin": "s" * 32}
        async with http.get(f"{base}/_mock/ui/api/config", headers=keyed) as resp:
            assert (await resp.json())["read_only"] is False
        async with http.get(
            f"{base}/_mock/ui/api/config", headers={"X-Wialon-Mock-Admin": "x"}
        ) as resp:
            assert (await resp.json())["read_only"] is True
        form = {"svc": "token/login", "params": json.dumps({"token": world.token_list()[0]})}
        async with http.post(f"{base}/wialon/ajax.html", data=form) as resp:
            sid = (await resp.json())["eid"]
        async with http.get(f"{base}/_mock/ui/api/sessions", headers=keyed) as resp:
            assert [row["sid"] for row in await resp.json()] == [sid]


async def test_a_loopback_server_gets_a_dashboard_with_controls(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    config = await get_json(http, f"{server.url}/_mock/ui/api/config")
    assert config["read_only"] is False
    assert "core/search_item" in config["services"]
    assert "avl_evts" in config["services"]
    assert {c["n"] for c in config["cities"]} >= {"Minsk", "Warsaw"}
