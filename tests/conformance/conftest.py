"""A fake server on a loopback port for the conformance tests, and a way to call it.

Each conformance test sends a reference page's example request (the page's keys, with this
fleet's ids in place of the page's) over a real socket and checks the answer against the
shape of the page's example answer with the one checker, :mod:`tests.conformance._shape`.
Modules that need their own fleet (the report and sensor ones) open :func:`served` instead
of the shared ``wire`` fixture.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from wialon_mock import ThreadedMockServer

START = 1_750_000_000


@dataclass
class Wire:
    """A logged-in session on the conformance server."""

    server: ThreadedMockServer
    sid: str

    @property
    def base(self) -> str:
        """The server's URL."""
        return f"http://{self.server.host}:{self.server.port}"

    def raw(self, svc: str, params: Any, *, sid: str | None = "") -> tuple[dict[str, str], bytes]:
        """One form POST to ``/wialon/ajax.html`` (as python-wialon sends it): the answer's
        headers and body, for calls that answer with a file."""
        form = {"svc": svc, "params": json.dumps(params)}
        if sid is not None:
            form["sid"] = sid or self.sid
        body = urllib.parse.urlencode(form).encode()
        with urllib.request.urlopen(f"{self.base}/wialon/ajax.html", data=body, timeout=60) as resp:
            assert resp.status == 200
            return dict(resp.headers), resp.read()

    def call(self, svc: str, params: Any, *, sid: str | None = "") -> Any:
        """One form POST to ``/wialon/ajax.html``; the decoded JSON answer."""
        return json.loads(self.raw(svc, params, sid=sid)[1])

    def json(self, svc: str, params: Any) -> Any:
        """One call that must answer JSON with the exact content type real servers send."""
        headers, body = self.raw(svc, params)
        assert headers["Content-Type"] == "application/json"
        return json.loads(body)

    def avl_evts(self) -> Any:
        """One poll of ``/avl_evts``."""
        with urllib.request.urlopen(f"{self.base}/avl_evts?sid={self.sid}", timeout=60) as resp:
            return json.loads(resp.read())

    def get(self, path: str) -> tuple[int, str, bytes]:
        """A GET of another path on the server: status, content type, body."""
        url = f"{self.base}{path}"
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return resp.status, resp.headers.get_content_type(), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get_content_type(), exc.read()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, bytes]:
        """A form POST to another path on the server: status, content type, body."""
        url = f"{self.base}{path}"
        body = urllib.parse.urlencode(fields).encode()
        try:
            with urllib.request.urlopen(url, data=body, timeout=30) as resp:
                return resp.status, resp.headers.get_content_type(), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get_content_type(), exc.read()


@contextmanager
def served(units: int = 3) -> Iterator[Wire]:
    """A frozen-clock fake server of ``units`` units on a loopback port, logged in once."""
    with ThreadedMockServer(units=units, seed=11, clock_start=START, clock_frozen=True) as server:
        probe = Wire(server, "")
        answer = probe.call("token/login", {"token": server.token}, sid=None)
        yield Wire(server, answer["eid"])


@pytest.fixture(scope="module")
def wire() -> Iterator[Wire]:
    """One small server per test module, logged in once."""
    with served(units=4) as logged_in:
        yield logged_in


@pytest.fixture(scope="module")
def ids(wire: Wire) -> dict[str, int]:
    """Ids of this fleet to put in place of the pages' example ids."""
    world = wire.server.world
    unit = sorted(world.units)[0]
    return {
        "unit": unit,
        "unit2": sorted(world.units)[1],
        "resource": world.account_id,
        "group": sorted(world.groups)[0],
        "user": world.owner_id,
        "subuser": next(u.id for u in world.users.values() if not u.is_owner),
        "hw": world.units[unit].hw,
        "driver": int(next(iter(world.resources[world.account_id].drivers))),
        "zone": int(next(iter(world.resources[world.account_id].zones))),
    }
