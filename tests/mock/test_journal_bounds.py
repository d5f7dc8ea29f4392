"""The journal keeps no secret in clear and stays small; aiohttp's bad-request lines are quiet."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import tracemalloc
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.control.redact import EXCERPT_CHARS, excerpt, mask, mask_text

from .conftest import call, login


async def test_secrets_are_masked_but_still_matchable(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    sid = await login(http, server)
    created = await call(http, server, "core/create_auth_hash", {}, sid=sid)
    auth_hash = created["authHash"]
    await call(http, server, "core/use_auth_hash", {"authHash": auth_hash})
    await call(http, server, "core/login", {"user": "u", "password": "hunter2hunter2"})
    text = json.dumps(server.journal(), ensure_ascii=False)
    for secret in (server.token, sid, auth_hash, "hunter2hunter2"):
        assert secret not in text
    by_svc = {entry["svc"]: entry for entry in server.journal()}
    assert by_svc["token/login"]["params"] == {"token": mask(server.token)}
    assert by_svc["core/create_auth_hash"]["sid"] == mask(sid)
    assert by_svc["core/use_auth_hash"]["params"] == {"authHash": mask(auth_hash)}
    assert mask(sid) == f"{sid[:4]}…(32)"


def test_excerpt_cuts_big_params_and_keeps_small_ones() -> None:
    small = {"spec": {"itemsType": "avl_unit"}, "token": "t" * 72}
    assert excerpt(small) == {"spec": {"itemsType": "avl_unit"}, "token": mask("t" * 72)}
    big = {"name": "x" * 100_000}
    cut = excerpt(big)
    assert cut["chars"] > 100_000
    assert len(cut["excerpt"]) == EXCERPT_CHARS
    assert excerpt("sid=" + "a" * 40 + "&x") == "sid=aaaa…(40)&x"


async def test_big_requests_leave_a_small_journal(http: aiohttp.ClientSession) -> None:
    async with MockServer(units=1, limits=False) as server:
        params = json.dumps({"name": "x" * 256 * 1024})
        form = {"svc": "no/such", "params": params}
        async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
            await resp.read()  # warm-up: connection, first-call allocations
        gc.collect()
        tracemalloc.start()
        try:
            before, _ = tracemalloc.get_traced_memory()
            for _ in range(20):
                async with http.post(f"{server.url}/wialon/ajax.html", data=form) as resp:
                    assert json.loads(await resp.read()) == {"error": 2}
            gc.collect()
            after, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(server.journal()) == 21
        # 5 MB of params went in; the journal holds 2 KB excerpts of them (old code: all 5 MB)
        assert after - before < 1024 * 1024, after - before


async def test_bad_request_is_one_masked_info_line(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiohttp")
    sid = "0123456789abcdef0123456789abcdef"
    reader, writer = await asyncio.open_connection(server.host, server.port)
    writer.write(f"GET /wialon/ajax.html?sid={sid}\x01 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    await writer.drain()
    assert (await reader.read(20)).startswith(b"HTTP/1.")
    writer.close()
    records = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert records[0].exc_info is None
    assert sid not in records[0].getMessage()
    assert mask(sid) in records[0].getMessage()


def test_mask_text_leaves_ordinary_words_alone() -> None:
    assert mask_text("width=5 token: b'Bad'") == "width=5 token: b'Bad'"
    assert mask_text('"authHash":"0123456789abcdef"') == '"authHash":"0123…(16)"'


def test_big_batches_list_their_items_and_count_them_towards_the_size() -> None:
    from wialon_mock.control.journal import Journal

    journal = Journal(size=10)

    def record(svc: str, params: Any, answer: Any = None, **batch: Any) -> None:
        journal.record(
            t=0.0, path="/wialon/ajax.html", svc=svc, params=params, sid=None, error=None,
            status=200, answer=answer, **batch,
        )  # fmt: skip

    calls = [
        {"svc": "item/update_name", "params": {"itemId": n, "name": "x" * 300}} for n in range(8)
    ]
    errors = (None,) * 7 + (7,)
    big = {"params": calls, "flags": 0}
    record("core/batch", big, {"omitted_bytes": 20000}, item_errors=errors, item_sizes=(2,) * 8)
    (entry,) = journal.entries()
    assert set(entry["params"]) == {"excerpt", "chars"}  # over 2 KB: cut, as before
    assert [item["params"]["itemId"] for item in entry["items"]] == list(range(8))
    assert [item["error"] for item in entry["items"]] == list(errors)
    assert entry["items"][0]["answer"] == {"omitted_bytes": 2}
    # a small batch keeps its params whole and lists no items
    record("core/batch", {"params": calls[:1], "flags": 0}, b"[{}]")
    assert journal.entries()[-1]["items"] is None
    # 1 + 8 items + 1: full; one more call pushes the big batch (and its items) out
    record("core/logout", {})
    assert [e["svc"] for e in journal.entries()] == ["core/batch", "core/logout"]
    assert journal.count == 3
