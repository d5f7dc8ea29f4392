"""One cassette in use: vcrpy underneath, with its aiohttp weaknesses patched around.

vcrpy's aiohttp stub replaces ``ClientSession._request``. Around it this module adds:

* absolute URLs for sessions made with ``base_url`` (vcrpy would record a relative one);
* a send-order number per request, kept in a context variable, so the cassette is written
  in the order calls left rather than the order answers came back;
* normalization of every body shape (``FormData``, multipart, dict, bytes) into the call it
  makes, before vcrpy copies or matches anything (see :mod:`pytest_wialon.cassettes`);
* a readable failure for a request the cassette lacks, naming its svc and params, showing
  the closest recorded calls and saying how to record;
* ``avl_evts`` polls past the end of a recording answered with an empty event list, since
  how often a poller asks after the last recorded event depends on timing, not on the code
  under test.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wialon_protocol.wire import compact_bytes

from . import client_replay
from ._glue import absolute as _absolute
from ._glue import apply_raise_for_status as _apply_raise_for_status
from ._glue import dropped as _dropped
from ._glue import no_events_answer as _no_events_answer
from .answers import AnswerLog, _send_seq
from .cassettes import (
    BeforeRecord,
    CassettePersister,
    clean_response,
    from_vcr,
    indexed_cassette_class,
    is_ours,
    to_vcr,
    wialon_matcher,
)
from .controls import recorded_token, take_control
from .journal import annotate
from .matching import MatchOptions
from .misses import miss_message
from .normalize import normalize
from .replay import ReplayIndex
from .scrub import Scrubber

logger = logging.getLogger(__name__)

RECORD_MODES = ("none", "once", "new_episodes", "all")
#: Seconds an ``avl_evts`` poll past the end of a recording waits before its empty answer.
PAST_THE_END_PAUSE = 0.005
#: Paths of the fake server's admin API: never recorded, never matched.
ADMIN_PREFIX = "/_mock/"


class CassetteMissError(Exception):
    """A request the cassette does not hold, in a record mode that may not add it."""


def needs_server(record_mode: str, path: Path) -> bool:
    """Whether a test in this mode talks to a live server (else it only replays)."""
    if record_mode == "none":
        return False
    if record_mode == "once":
        return not path.is_file()
    return True


class CassetteSession(AnswerLog):
    """A cassette opened for one test; ``start()`` patches aiohttp, ``stop()`` saves."""

    def __init__(
        self,
        path: Path,
        record_mode: str,
        scrubber: Scrubber,
        *,
        base_url: str | None = None,
        display_path: str | None = None,
        options: MatchOptions | None = None,
        before_record: BeforeRecord | None = None,
    ) -> None:
        if record_mode not in RECORD_MODES:
            raise ValueError(f"record mode must be one of {RECORD_MODES}, not {record_mode!r}")
        self.path = path
        self.display_path = display_path or str(path)
        self.record_mode = record_mode
        self.scrubber = scrubber
        self.options = options
        self.persister = CassettePersister(
            scrubber, base_url, options=options, before_record=before_record
        )
        #: While recording against the fake server: its journal, to keep each answer's
        #: server time and fault in the file (replay's journal shows them again).
        self.server_journal: Callable[[], list[dict[str, Any]]] | None = None
        self.misses: list[str] = []
        AnswerLog.__init__(self)
        self._taken: set[int] = set()
        self.unplayed: list[str] = []
        self._replay: ReplayIndex | None = None
        # The empty avl_evts answer past the end of a recording, and the size of the
        # cassette it was computed for (polls past the end come back to back on replay).
        self._past_the_end: tuple[int, bytes] | None = None
        self._normalized: dict[int, Any] = {}
        self._fallback_seq = itertools.count(1_000_000)
        self._seq: itertools.count[int] = itertools.count()
        self._context: Any = None
        self._cassette: Any = None
        self._restore: Callable[[], None] | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    @property
    def replaying(self) -> bool:
        """True when no request may leave the machine."""
        return not needs_server(self.record_mode, self.path)

    @property
    def base_url(self) -> str | None:
        """Where the recording was made (scheme://host:port), once known."""
        return self.persister.base_url

    def start(self) -> None:
        """Load the cassette and patch aiohttp; requests now go through it."""
        self._context = indexed_cassette_class().use(
            path=str(self.path),
            persister=self.persister,
            record_mode=self.record_mode,
            match_on=(wialon_matcher,),
            before_record_request=self._before_request,
            before_record_response=functools.partial(clean_response, scrubber=self.scrubber),
            # "all" re-records: keeping old interactions the new run did not repeat would
            # leave answers from a session that no longer matches the rest of the file.
            drop_unused_requests=self.record_mode == "all",
        )
        self._cassette = self._context.__enter__()
        self._seq = itertools.count(len(self._cassette.data))
        if self._cassette.write_protected:
            # Prepared with the cassette, so the first request pays nothing extra.
            self._replay = ReplayIndex(self._cassette, self.scrubber)
        self._install()

    def stop(self, *, save: bool = True) -> None:
        """Unpatch aiohttp, save what was recorded, note what was never played.

        ``save=False`` leaves the file as it was (the test failed while recording).
        """
        if self._restore is not None:
            self._restore()
            self._restore = None
        if self._context is None:
            return
        cassette = self._cassette
        if not save and cassette.dirty:
            logger.warning("not saving %s: the test failed while recording", self.display_path)
            cassette.dirty = False  # vcrpy saves on exit exactly when this is set
        elif cassette.dirty and self.server_journal is not None:
            annotate(cassette.data[cassette._loaded_count :], self.server_journal())
        try:
            self._context.__exit__(None, None, None)
        finally:
            self._context = None
        loaded = cassette._loaded_count  # vcrpy keeps no public count of loaded interactions
        self.unplayed = [
            from_vcr(request).label
            for index, (request, _response) in enumerate(cassette.data[:loaded])
            if cassette.play_counts[index] == 0
        ]

    @property
    def controls(self) -> list[dict[str, Any]]:
        """Where ``wialon_mock`` notes its admin operations while this cassette records."""
        return self.persister.controls

    def take_control(self, op: str, args: list[Any]) -> dict[str, Any] | None:
        """The first recorded admin operation ``op`` with these ``args`` not replayed yet."""
        return take_control(self.persister.loaded_controls, self._taken, op, args)

    def recorded_token(self) -> str | None:
        """The placeholder the cassette holds for the first login's token, if any.

        Handed to the code on replay, so the login it sends is the recorded one (and the
        journal shows the same params in both modes).
        """
        data = self._cassette.data if self._cassette is not None else []
        return recorded_token(from_vcr(vcr_request) for vcr_request, _ in data)

    def _record_dropped(self, exc: BaseException) -> None:
        """Keep a request that got no answer (the connection dropped, or it timed out).

        The fake server's ``reset``/``timeout`` faults do this on purpose; replay raises the
        same kind of error for it, so a test of the code's error handling replays too.
        """
        seq = _send_seq.get()
        normalized = self._normalized.get(seq) if seq is not None else None
        if normalized is None:
            return
        name = (
            "TimeoutError" if isinstance(exc, asyncio.TimeoutError) else "ServerDisconnectedError"
        )
        self._answers[seq] = (None, b"", {})  # type: ignore[index]  # seq is known here
        self._live.add(seq)  # type: ignore[arg-type]  # the same
        self._cassette.append(
            normalized,
            {
                "status": {"code": 0, "message": name},
                "headers": {},
                "body": {"string": b""},
                "wialon_dropped": name,
            },
        )

    @property
    def replay_index(self) -> ReplayIndex | None:
        """The replay lookups (see :mod:`pytest_wialon.replay`); None while recording."""
        return self._replay

    # -- vcrpy hooks --------------------------------------------------------------------------

    def _before_request(self, vcr_request: Any) -> Any:
        if is_ours(vcr_request):
            return vcr_request
        content_type = str(vcr_request.headers.get("Content-Type", ""))
        return self._normalized_for(
            vcr_request.method, vcr_request.uri, vcr_request.body, content_type
        )

    def _normalized_for(self, method: str, uri: str, body: Any, content_type: str) -> Any:
        """Our vcrpy request for a call, or None for one never recorded (admin API)."""
        seq = _send_seq.get()
        self._describe_pending()
        if seq is not None and seq in self._normalized:
            # vcrpy asks again after the request went out, when aiohttp has consumed a
            # multipart body (FormData empties itself); the first reading is the true one.
            return self._normalized[seq]
        request = normalize(method, uri, body, content_type)
        if request.path.startswith(ADMIN_PREFIX):
            return None
        request = self.scrubber.scrub_request(request)
        if seq is None:
            # Not sent through aiohttp (vcrpy also patches other HTTP libraries): such a
            # request has no send-order number, and vcrpy records it when it completes.
            return to_vcr(request, next(self._fallback_seq), self.options)
        self._sent[seq] = request
        normalized = self._normalized[seq] = to_vcr(request, seq, self.options)
        return normalized

    # -- aiohttp patch ------------------------------------------------------------------------

    def _install(self) -> None:
        import aiohttp
        from vcr.errors import CannotOverwriteExistingCassetteException
        from vcr.stubs.aiohttp_stubs import MockClientResponse as played_type

        vcr_request: Any = aiohttp.ClientSession._request
        session_ref = self

        @functools.wraps(vcr_request)
        async def request(
            client: aiohttp.ClientSession, method: str, str_or_url: Any, **kwargs: Any
        ) -> aiohttp.ClientResponse:
            url = _absolute(client, str_or_url)
            token = _send_seq.set(next(session_ref._seq))
            try:
                if session_ref._cassette.write_protected:
                    played: aiohttp.ClientResponse | None = await session_ref._play(
                        client, method, url, kwargs
                    )
                    if played is not None:
                        return played
                plays = session_ref._cassette.play_counts
                played_before = len(plays)
                response: aiohttp.ClientResponse = await vcr_request(client, method, url, **kwargs)
                if isinstance(response, played_type):
                    # new_episodes: vcrpy answered from the file, which holds placeholders
                    # where this run's made-up values (an eventHash) must come back. vcrpy
                    # plays an interaction once, adding its index to the play counts, so the
                    # index added last is this one: its journal t and fault as recorded
                    stored = {"body": {"string": response._body or b""}}
                    if len(plays) == played_before + 1:
                        recorded = session_ref._cassette.data[next(reversed(plays))][1]
                        if recorded.get("wialon_journal"):
                            stored["wialon_journal"] = recorded["wialon_journal"]
                    response._body = session_ref.scrubber.give_back(stored["body"]["string"])
                    session_ref._keep_answer(response, stored)
                else:
                    session_ref._keep_answer(response, live=True)
                return response
            except CannotOverwriteExistingCassetteException as exc:
                missed: aiohttp.ClientResponse = await session_ref._missed(
                    session_ref._before_request(exc.failed_request)
                )
                return missed
            except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as exc:
                if not session_ref._cassette.write_protected:
                    session_ref._record_dropped(exc)
                raise
            finally:
                _send_seq.reset(token)

        # Assigning to the class is what vcrpy itself does; mypy objects to replacing a method.
        aiohttp.ClientSession._request = request  # type: ignore[method-assign,assignment]

        # aiowialon's own calls are answered before they reach aiohttp (see client_replay)
        restore_transport = client_replay.install(self, _send_seq)

        def restore() -> None:
            restore_transport()
            aiohttp.ClientSession._request = vcr_request  # type: ignore[method-assign]  # see above

        self._restore = restore

    async def _play(self, client: Any, method: str, url: Any, kwargs: dict[str, Any]) -> Any:
        """Answer from the cassette without vcrpy's stub, when nothing may be recorded.

        The stub rebuilds headers, cookies and a raw request for every call only to have
        them normalized away; replay is the hot path (CI runs nothing else), so look the
        call up directly (see :mod:`pytest_wialon.replay`). Returns None for requests the
        cassette never holds (admin API), which then take vcrpy's path.
        """
        replay = self._replay
        if replay is None:
            replay = self._replay = ReplayIndex(self._cassette, self.scrubber)
        headers = kwargs.get("headers") or {}
        content_type = next((str(v) for k, v in headers.items() if k.lower() == "content-type"), "")
        body = kwargs.get("data")
        url_text = str(url)
        wanted: Any = None
        key = None
        if type(body) is bytes and not kwargs.get("params"):
            key = replay.wire_key(method, url_text, body, content_type)
        if key is None:
            if body is None:
                body = kwargs.get("json")
            if kwargs.get("params"):
                from yarl import URL

                url_text = str(URL(url_text).extend_query(kwargs["params"]))
            wanted = self._normalized_for(method, url_text, body, content_type)
            if wanted is None:
                return None
            key = wanted.wialon_key
        index = replay.take(key)
        if index is None:
            if wanted is None:
                wanted = self._normalized_for(method, url_text, body, content_type)
            return await self._missed(wanted)
        seq = _send_seq.get()
        if wanted is None and seq is not None and isinstance(body, bytes):
            self._undescribed[seq] = (method, url_text, body, content_type)
        recorded = self._cassette.data[index][1]
        if recorded.get("wialon_dropped"):
            if seq is not None:
                self._answers[seq] = (None, b"", dict(recorded.get("wialon_journal") or {}))
            raise _dropped(str(recorded["wialon_dropped"]))
        response = replay.response(index, method, url_text, headers, self.scrubber.give_back)
        self._keep_answer(response, self._cassette.data[index][1])
        # vcrpy's own helper applies the session's or the call's raise_for_status.
        await _apply_raise_for_status(client, kwargs.get("raise_for_status"), response)
        return response

    async def _missed(self, missed: Any) -> Any:
        """A request the cassette lacks: an empty poll past the end, or a failure."""
        wanted = from_vcr(missed)
        if wanted.path == "/avl_evts":
            # A poller replaying without pauses would spin on these; a short real pause is
            # harmless here since the recording is already used up.
            await asyncio.sleep(PAST_THE_END_PAUSE)
            empty = self._no_events(missed)
            self._keep_answer(empty)
            return empty
        message = miss_message(
            wanted,
            self._cassette,
            options=self.options,
            display_path=self.display_path,
            record_mode=self.record_mode,
        )
        self.misses.append(message)
        raise CassetteMissError(message) from None

    def _no_events(self, raw_request: Any) -> Any:
        from vcr.stubs.aiohttp_stubs import build_response

        cached = self._past_the_end
        if cached is not None and cached[0] == len(self._cassette.data):
            return build_response(raw_request, _no_events_answer(cached[1]), [])
        tm = 0
        for request, response in self._cassette.data:
            if from_vcr(request).path == "/avl_evts":
                try:
                    tm = int(json.loads(response["body"]["string"]).get("tm", tm))
                except (ValueError, TypeError, AttributeError):
                    continue
        body = compact_bytes({"tm": tm, "events": []})
        self._past_the_end = (len(self._cassette.data), body)
        return build_response(raw_request, _no_events_answer(body), [])
