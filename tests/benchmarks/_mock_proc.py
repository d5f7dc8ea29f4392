"""wialon_mock in its own process, and the few synchronous calls that set a benchmark up."""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._common import Skip
from ._procs import ServerError, ServerProcess

#: not a secret: a made-up token the fake server is told to accept
TOKEN = "benchtoken" + "0" * 62


def mock_server(units: int = 100, seed: int = 7, *, many_sessions: bool = False) -> ServerProcess:
    """wialon_mock's ``MockServer`` in its own process, with a known token and fleet size;
    ``many_sessions`` lifts the login limits so hundreds of sessions can open at once."""
    try:
        from wialon_mock import MockServer  # noqa: F401 - only checks that it is there
    except ImportError as exc:
        raise Skip(f"wialon_mock.MockServer cannot be imported: {exc}") from exc
    argv = [sys.executable, "-m", "tests.benchmarks._mock_serve"]
    argv += ["--units", str(units), "--seed", str(seed), "--token", TOKEN]
    if many_sessions:
        argv.append("--many-sessions")
    return ServerProcess(argv)


@contextmanager
def started(server: ServerProcess) -> Iterator[ServerProcess]:
    """Enter ``server``; a command line that is still a stub is a skip, not a failure."""
    try:
        server.__enter__()
    except ServerError as exc:
        if "not implemented" in str(exc):
            raise Skip("wialon-mock serve is not implemented yet") from exc
        raise
    try:
        yield server
    finally:
        server.__exit__(None, None, None)


def call(base_url: str, svc: str, params: Any, sid: str = "") -> Any:
    """One synchronous API call (set-up only, never timed)."""
    form = {"svc": svc, "params": json.dumps(params, separators=(",", ":"))}
    if sid:
        form["sid"] = sid
    data = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(f"{base_url}/wialon/ajax.html", data, timeout=30) as response:
        return json.loads(response.read())


def admin(base_url: str, method: str, path: str, body: Any = None) -> Any:
    """One request to the fake server's ``/_mock/`` admin API (set-up and checks only);
    ``body`` goes as JSON."""
    data = None if body is None else json.dumps(body).encode()
    headers = {} if body is None else {"Content-Type": "application/json"}
    request = urllib.request.Request(
        f"{base_url}/_mock/{path}", data=data, headers=headers, method=method
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def login(base_url: str) -> str:
    """A fresh session id."""
    answer = call(base_url, "token/login", {"token": TOKEN, "fl": 1})
    if "eid" not in answer:
        raise RuntimeError(f"token/login answered {answer}")
    return str(answer["eid"])


def first_unit(base_url: str, sid: str) -> int:
    """The id of some unit of the fleet."""
    spec = {
        "itemsType": "avl_unit",
        "propName": "sys_name",
        "propValueMask": "*",
        "sortType": "sys_name",
    }
    answer = call(
        base_url,
        "core/search_items",
        {"spec": spec, "force": 1, "flags": 1, "from": 0, "to": 0},
        sid,
    )
    if answer == {"error": 2}:
        raise Skip("the fake server does not know core/search_items yet")
    items = answer.get("items") if isinstance(answer, dict) else None
    if not items:
        raise RuntimeError(f"core/search_items found no unit: {answer}")
    return int(items[0]["id"])
