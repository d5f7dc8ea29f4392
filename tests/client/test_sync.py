"""The synchronous facade ``aiowialon.sync.Wialon``, from plain synchronous tests and threads,
against a fake server running in its own thread."""

from __future__ import annotations

import concurrent.futures
import io
import re
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from aiowialon import MultipartField, WialonAccessDenied, WialonBatchError, WialonEventLoopError
from aiowialon import Wialon as AsyncWialon
from aiowialon.events import AvlEvent, filters
from aiowialon.sync import Wialon
from wialon_mock import ThreadedMockServer, mask
from wialon_mock.config import Limits

from .conftest import controlled_clock

BOUND = 30.0


@pytest.fixture
def server() -> Iterator[ThreadedMockServer]:
    with ThreadedMockServer(units=3, seed=9, limits=Limits(avl_evts_per_10s=None)) as srv:
        yield srv


def unit_ids(wialon: Wialon) -> list[int]:
    found = wialon.core_search_items(
        spec={"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*",
              "sortType": "sys_name"},
        force=1, flags=1, from_=0, to=0,
    )  # fmt: skip
    return [int(item["id"]) for item in found["items"]]


def until(condition: Any, timeout: float = BOUND) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition still false"
        time.sleep(0.01)


def test_calls_batch_multipart_login_logout(server: ThreadedMockServer) -> None:
    with Wialon(scheme="http", host=server.host, port=server.port, token=server.token) as w:
        answer = w.login()
        assert w.sid == answer["eid"]
        ids = unit_ids(w)
        assert w.core_search_item(id=ids[0], flags=1)["item"]["id"] == ids[0]
        assert w.call("core/search_item", id=ids[1], flags=1)["item"]["id"] == ids[1]
        first, second = w.batch(
            w.calls.core_search_item(id=ids[0], flags=1),
            w.calls.core_search_item(id=ids[1], flags=1),
        )
        assert (first["item"]["id"], second["item"]["id"]) == (ids[0], ids[1])
        with pytest.raises(WialonBatchError) as info:
            w.batch(w.calls.core_search_item(id=987654321, flags=1))
        assert isinstance(info.value.errors[0], WialonAccessDenied)
        resources = w.core_search_items(
            spec={"itemsType": "avl_resource", "propName": "sys_name", "propValueMask": "*",
                  "sortType": "sys_name"},
            force=1, flags=0x100 | 1, from_=0, to=0,
        )["items"]  # fmt: skip
        resource = next(r for r in resources if r.get("drvrs"))
        driver = next(iter(resource["drvrs"].values()))
        photo = MultipartField("photo", io.BytesIO(b"\x89PNG fake"), "image/png", "d.png")
        call = w.calls.resource_upload_driver_image(itemId=resource["id"], driverId=driver["id"])
        assert w.multipart(call, photo) == {}
        w.logout()
        assert w.sid is None
    assert [e["svc"] for e in server.journal()].count("token/login") == 1


def test_threads_share_one_session_and_the_limits(server: ThreadedMockServer) -> None:
    with Wialon.from_url(server.url, token=server.token, rps=None, max_concurrency=2) as w:
        w.login()
        ids = unit_ids(w)
        seen: list[int] = []
        lock = threading.Lock()

        def work(n: int) -> None:
            for k in range(10):
                uid = ids[(n + k) % len(ids)]
                item = w.core_search_item(id=uid, flags=1)["item"]
                with lock:
                    seen.append(item["id"])

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(BOUND)
        assert len(seen) == 80
        sid = w.sid
        w.logout()
    searches = server.journal("core/search_item")
    assert len(searches) == 80
    assert sid is not None
    # one session for every thread (the journal masks sids as the client's logs do)
    assert {entry["sid"] for entry in searches} == {mask(sid)}
    assert [e["svc"] for e in server.journal()].count("token/login") == 1


def test_threads_share_one_rate_limit(server: ThreadedMockServer) -> None:
    with Wialon.from_url(server.url, token=server.token, rps=3) as w:
        w.login()  # the first of the three requests a second
        # The limiter reads the facade loop's clock: frozen, it gives no capacity back, so
        # what gets through is decided by the shared limit alone, however slow the machine.
        with controlled_clock(w.loop) as offset:
            pool = concurrent.futures.ThreadPoolExecutor(4)
            calls = [pool.submit(w.core_get_hw_types) for _ in range(4)]
            until(lambda: len(server.journal("core/get_hw_types")) >= 2)
            time.sleep(0.3)  # room for a wrongly unlimited thread to get through as well
            # four threads, one limit: the login and two calls had the second
            assert len(server.journal("core/get_hw_types")) == 2
            assert sum(call.done() for call in calls) == 2
            offset[0] += 1.0  # a second later the limit lets the other two go
            for call in calls:
                assert call.result(BOUND)
            pool.shutdown()
    assert len(server.journal("core/get_hw_types")) == 4


def test_session_callbacks_may_use_the_facade(server: ThreadedMockServer) -> None:
    with Wialon.from_url(server.url, token=server.token) as w:
        opened: list[str] = []

        @w.on_session_open
        def register(answer: dict[str, Any]) -> None:
            # a blocking call from the callback: it runs off the loop thread, no deadlock
            w.core_update_data_flags(spec=[{"type": "type", "data": "avl_unit", "mode": 0,
                                            "flags": 1}])  # fmt: skip
            opened.append(threading.current_thread().name)

        w.login()
        assert len(opened) == 1
        assert "event loop" not in opened[0]
        w.logout()


def test_polling_runs_handlers_in_the_executor_given(server: ThreadedMockServer) -> None:
    server.freeze()
    with Wialon.from_url(server.url, token=server.token) as w:
        w.polling_delay_factor = 0.05
        got: list[tuple[int, str]] = []

        @w.on_session_open
        def register(answer: dict[str, Any]) -> None:
            w.core_update_data_flags(spec=[{"type": "type", "data": "avl_unit", "mode": 0,
                                            "flags": 1 | 0x400}])  # fmt: skip

        @w.avl_event_handler(filters.messages)
        def on_message(event: AvlEvent) -> None:
            got.append((event.data.i, threading.current_thread().name))

        mine = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="my-handlers")
        try:
            w.start_polling(timeout=1, executor=mine)
            states = [w.is_polling]
            server.advance(120)
            until(lambda: len(got) >= 3)
            w.stop_polling()
        finally:
            mine.shutdown()
        states.append(w.is_polling)
        assert states == [True, False]
        assert w.sid is None  # logout_finally
        assert {name.split("_")[0] for _, name in got} == {"my-handlers"}


def test_a_failed_first_login_is_raised_by_start_polling(server: ThreadedMockServer) -> None:
    with Wialon.from_url(server.url, token="0" * 72) as w:
        with pytest.raises(Exception, match="token/login"):
            w.start_polling(timeout=1)
        assert not w.is_polling


def test_close_is_clean_and_final(server: ThreadedMockServer) -> None:
    w = Wialon.from_url(server.url, token=server.token)
    w.login()
    loop_threads = [t for t in threading.enumerate() if t.name == "aiowialon.sync event loop"]
    assert loop_threads
    w.close()
    w.close()  # twice is fine
    assert not any(t.is_alive() for t in loop_threads)
    with pytest.raises(WialonEventLoopError, match="closed"):
        w.core_get_hw_types()
    with pytest.raises(TypeError, match="session="):
        Wialon(session=object())


_SLOW_CALLBACK = re.compile(r"^Executing <.*> took [0-9.]+ seconds$")


def test_an_unclosed_facade_ends_cleanly_at_exit(server: ThreadedMockServer) -> None:
    script = textwrap.dedent(
        f"""
        import warnings
        warnings.simplefilter("error")
        from aiowialon.sync import Wialon
        w = Wialon.from_url({server.url!r}, token={server.token!r})
        w.login()
        print(len(w.core_get_hw_types()) > 0)
        """
    )
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-c", script],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
    # no unclosed-session warning, no traceback at exit; -X dev also turns on asyncio's
    # slow-callback notes ("Executing <Task ...> took 0.112 seconds"), which a loaded
    # machine prints and which say nothing about closing
    left = [line for line in done.stderr.splitlines() if not _SLOW_CALLBACK.search(line)]
    assert left == []


def test_same_constructor_as_the_async_client() -> None:
    sync = Wialon("http", "127.0.0.1", 9, "t", 5, timeout=3.0, max_concurrency=4)
    try:
        assert sync.base_url == AsyncWialon("http", "127.0.0.1", 9).base_url
        assert (sync.timeout, sync.token, sync.aio.max_concurrency) == (3.0, "t", 4)
        with pytest.raises(ValueError, match="scheme"):
            Wialon(scheme="ftp")
    finally:
        sync.close()
