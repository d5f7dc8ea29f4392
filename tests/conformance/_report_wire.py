"""Helpers of the report/sensor conformance tests: a served fake server spoken to over a real
socket, and a checker of answers against the documented examples.

A documented example is written here as a *spec*: ``int``/``float``/``str``/``bool`` (or a
tuple of them) stand for the page's ``<uint>``, ``<double>``, ``<text>``, ``<bool>``; a dict
lists the documented keys (all must be present, with the documented types; keys not in the
example are reported unless ``extra`` names them); a one-item list is an array of that item;
:class:`Map` is an object keyed by ids; :class:`Either` allows any of several specs.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from wialon_mock import ThreadedMockServer
from wialon_mock.config import MockConfig

START = 1_750_000_000
#: the page's <double>: JSON numbers may come as integers
NUMBER = (int, float)


@dataclass(frozen=True)
class Map:
    """An object with arbitrary (id) keys whose values all match ``value``."""

    value: Any


@dataclass(frozen=True)
class Either:
    """Any one of several specs."""

    options: tuple[Any, ...]


def check(actual: Any, spec: Any, path: str = "$", extra: frozenset[str] = frozenset()) -> None:
    """Assert that ``actual`` has the keys, types and nesting of ``spec``."""
    if isinstance(spec, Either):
        errors = []
        for option in spec.options:
            try:
                check(actual, option, path, extra)
            except AssertionError as exc:
                errors.append(str(exc))
            else:
                return
        raise AssertionError(f"{path}: matches none of the documented forms: {errors}")
    if isinstance(spec, Map):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in actual.items():
            assert isinstance(key, str), f"{path}: key {key!r}"
            check(value, spec.value, f"{path}.{key}", extra)
        return
    if isinstance(spec, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        missing = [k for k in spec if k not in actual]
        assert not missing, f"{path}: documented keys missing: {missing}"
        unknown = [k for k in actual if k not in spec and k not in extra]
        assert not unknown, f"{path}: keys the page does not show: {unknown}"
        for key, sub in spec.items():
            check(actual[key], sub, f"{path}.{key}", extra)
        return
    if isinstance(spec, list):
        assert isinstance(actual, list), f"{path}: expected an array, got {actual!r}"
        for n, item in enumerate(actual):
            check(item, spec[0], f"{path}[{n}]", extra)
        return
    types = spec if isinstance(spec, tuple) else (spec,)
    if bool not in types:
        assert not isinstance(actual, bool), f"{path}: expected {types}, got a bool"
    assert isinstance(actual, types), f"{path}: expected {types}, got {actual!r}"


class Wire:
    """A logged-in plain-HTTP client of a running fake server."""

    def __init__(self, server: ThreadedMockServer) -> None:
        self.server = server
        self.base = f"http://{server.host}:{server.port}"
        self.sid = ""
        self.sid = str(self.json("token/login", {"token": server.token})["eid"])

    def raw(self, svc: str, params: Any) -> tuple[dict[str, str], bytes]:
        """POST one call as a form (as python-wialon does); headers and body."""
        form = {"svc": svc, "params": json.dumps(params), "sid": self.sid}
        data = urllib.parse.urlencode(form).encode()
        url = self.base + "/wialon/ajax.html"
        with urllib.request.urlopen(url, data=data, timeout=60) as resp:
            assert resp.status == 200
            return dict(resp.headers), resp.read()

    def json(self, svc: str, params: Any) -> Any:
        """One call answered with JSON."""
        headers, body = self.raw(svc, params)
        assert headers["Content-Type"] == "application/json"
        return json.loads(body)

    def avl_evts(self) -> Any:
        """One poll of /avl_evts."""
        url = f"{self.base}/avl_evts?sid={self.sid}"
        with urllib.request.urlopen(url, timeout=60) as resp:
            return json.loads(resp.read())


@contextmanager
def served(units: int = 3) -> Iterator[Wire]:
    """A frozen-clock fake server on a loopback port and a session on it."""
    config = MockConfig(seed=11, units=units, clock_start=START, clock_frozen=True)
    with ThreadedMockServer(config) as server:
        yield Wire(server)
