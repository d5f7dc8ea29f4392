"""A client that knows only the wire spec (plain aiohttp, no aiowialon) does a whole session:
log in, search, batch, upload, poll ``avl_evts``, log out, the ways real clients send them."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from wialon_mock import MockServer

UNITS_SEARCH = {
    "spec": {
        "itemsType": "avl_unit",
        "propName": "sys_name",
        "propValueMask": "*",
        "sortType": "sys_name",
    },
    "force": 1,
    "flags": 1,
    "from": 0,
    "to": 0,
}


class WireClient:
    """Each method sends its call the way one real client does (see wialon-wire.md §1)."""

    def __init__(self, http: aiohttp.ClientSession, base: str) -> None:
        self.http = http
        self.ajax = f"{base}/wialon/ajax.html"
        self.evts = f"{base}/avl_evts"
        self.sid = ""

    async def _json(self, resp: aiohttp.ClientResponse) -> Any:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "application/json"
        return json.loads(await resp.read())

    async def login_by_get(self, token: str) -> Any:
        """python-wialon style parameters in a query string, sid literally ``None``."""
        query = {"svc": "token/login", "params": json.dumps({"token": token}), "sid": "None"}
        async with self.http.get(self.ajax, params=query) as resp:
            answer = await self._json(resp)
        self.sid = answer["eid"]
        return answer

    async def form(self, svc: str, params: Any) -> Any:
        """aiowialon style: everything in a form body."""
        form = {"svc": svc, "params": json.dumps(params), "sid": self.sid}
        async with self.http.post(self.ajax, data=form) as resp:
            return await self._json(resp)

    async def js_sdk(self, svc: str, params: Any) -> Any:
        """wialon.js style: svc and sid in the query, params in the body."""
        query = {"svc": svc, "sid": self.sid}
        body = {"params": json.dumps(params)}
        async with self.http.post(self.ajax, params=query, data=body) as resp:
            return await self._json(resp)

    async def upload(self, svc: str, params: Any, field: str, name: str, data: bytes) -> Any:
        """Multipart: svc in the query, sid and params as parts, then the file."""
        form = aiohttp.FormData()
        form.add_field("sid", self.sid)
        form.add_field("params", json.dumps(params))
        form.add_field("eventHash", params["eventHash"])
        form.add_field(field, data, filename=name, content_type="image/png")
        async with self.http.post(self.ajax, params={"svc": svc}, data=form) as resp:
            return await self._json(resp)

    async def poll(self) -> Any:
        """One ``avl_evts`` with the sid as a form field."""
        async with self.http.post(self.evts, data={"sid": self.sid}) as resp:
            return await self._json(resp)


async def test_a_whole_session_over_the_wire() -> None:
    async with MockServer(units=4, clock_frozen=True) as server, aiohttp.ClientSession() as http:
        client = WireClient(http, server.url)
        login = await client.login_by_get(server.token)
        assert len(login["eid"]) == 32
        assert isinstance(login["tm"], int)

        found = await client.form("core/search_items", UNITS_SEARCH)
        assert found["totalItemsCount"] == 4
        units = [item["id"] for item in found["items"]]
        assert all(isinstance(unit_id, int) for unit_id in units)

        batch = [
            {"svc": "core/search_item", "params": {"id": units[0], "flags": 1}},
            {"svc": "core/search_item", "params": {"id": -5, "flags": 1}},
            {"svc": "core/search_item", "params": {"id": units[1], "flags": 1}},
        ]
        answers = await client.js_sdk("core/batch", batch)
        assert [a.get("item", {}).get("id") for a in answers] == [units[0], None, units[1]]
        assert answers[1] == {"error": 7}
        stop_first = await client.js_sdk("core/batch", {"params": batch[1:], "flags": 1})
        assert stop_first == [{"error": 7}, {"error": 10}]

        spec = [{"type": "col", "data": units, "flags": 1025, "mode": 0}]
        subscribed = await client.form("core/update_data_flags", {"spec": spec})
        assert sorted(entry["i"] for entry in subscribed) == sorted(units)
        first = await client.poll()
        assert isinstance(first["tm"], int)

        upload_params = {"itemId": units[0], "eventHash": "wire-upload-1"}
        png = b"\x89PNG\r\n\x1a\n" + bytes(32)
        answer = await client.upload("unit/upload_image", upload_params, "icon_file", "a.png", png)
        assert answer == {}

        # a poll that fails on purpose loses nothing: the next one gets every event
        server.add_fault(svc="avl_evts", kind="error", code=5, times=1)
        server.advance(120)
        assert await client.poll() == {"error": 5}
        events = (await client.poll())["events"]
        uploads = [e for e in events if e["i"] == -1]
        assert [e["d"]["hash"] for e in uploads] == ["wire-upload-1"]
        assert all("t" not in e for e in uploads)
        moved = {e["i"] for e in events if e.get("t") == "m"}
        assert moved
        assert moved <= set(units)

        assert await client.form("core/logout", {}) == {"error": 0}
        assert await client.poll() == {"error": 1}
