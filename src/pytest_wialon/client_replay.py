"""Replay at the client's transport: an ``aiowialon`` call answered without aiohttp.

While a cassette replays (nothing may be recorded), ``AiohttpTransport.send`` of the
``aiowialon`` client first asks :func:`play`: a request whose form body the replay index
knows (see :mod:`pytest_wialon.replay`) gets the recorded answer straight from the cassette:
a JSON answer as the value read from the file (what decoding its bytes gives, see
:meth:`pytest_wialon.bodies.LazyBody.take_value`), any other through the client's own
``decode_answer``. No aiohttp session, request or response is made: those were most of the
time a replayed call took.

The answer, the play counts, the send order and the journal are exactly those the aiohttp
path gives (the same lookups, in the same order; the request is described for the journal
only when asked, as there). Everything else goes the aiohttp way, unchanged, where vcrpy's
stub and the miss errors live: a request the index does not know or has played out, a
multipart or query-string request, a recorded dropped connection (the transport maps the
error aiohttp raises), an answer setting a cookie, and a session the user passed in that is
closed or has ``raise_for_status`` (aiohttp's checks decide those). Code that uses aiohttp
itself is not affected.

Everything the client does before its transport runs on replay as it runs live: the
session lock, the rate limiter, the cap on calls in flight, the error check. A limit wait is
part of what the code under test sees (which call leaves first, what its other tasks do
meanwhile, a close while a call waits), so a replay keeps it; only the HTTP exchange is left
out. The replay benchmark sets a limit high enough never to wait, as a test may.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from .bodies import NOTHING, LazyBody
from .replay import without_sid

if TYPE_CHECKING:
    from aiowialon.transport import Request

#: A :class:`pytest_wialon.recorder.CassetteSession` (which imports this module: typing it
#: here would make an import circle).
CassetteSession = Any

__all__ = ["AIOHTTP", "Parts", "install", "play"]

#: What :func:`play` returns for a request it leaves to the aiohttp path.
AIOHTTP: Final[Any] = object()

_FORM = "application/x-www-form-urlencoded"


def _content_type(headers: dict[str, str] | None) -> str:
    if not headers:
        return ""
    found = headers.get("Content-Type")
    if found is not None:
        return found
    return next((str(v) for k, v in headers.items() if k.lower() == "content-type"), "")


def _plain_session(transport: Any) -> bool:
    """Whether aiohttp would add nothing of its own to a replayed answer."""
    if transport._owns_session:
        return True  # made by the transport: a plain ClientSession
    http = transport._session
    return not http.closed and not getattr(http, "_raise_for_status", None)


_WANTED = frozenset({"content-type", "content-disposition", "set-cookie"})


def _answer_headers(recorded: dict[str, Any]) -> tuple[str, str | None, bool]:
    """The recorded ``Content-Type`` ("" when none), ``Content-Disposition`` (None when
    none) and whether the answer sets a cookie: what a replay looks at."""
    stored = recorded.get("headers")
    if stored is not None and len(stored) == 1:
        # what nearly every Wialon answer has, and the cassette writer keeps
        values = stored.get("Content-Type")
        if type(values) is list and len(values) == 1:
            return str(values[0]), None, False
    found = _headers(recorded)
    return found.get("content-type", ""), found.get("content-disposition"), "set-cookie" in found


def _headers(recorded: dict[str, Any]) -> dict[str, str]:
    """The recorded headers a replay looks at, by lower-case name: first value of each
    (as aiohttp's ``headers.get`` gives it; values are stored as a list or one string)."""
    found: dict[str, str] = {}
    for name, values in (recorded.get("headers") or {}).items():
        low = name.lower()
        if low in _WANTED and low not in found:
            if not isinstance(values, list):
                found[low] = str(values)
            elif values:
                found[low] = str(values[0])
    return found


class Parts(NamedTuple):
    """What :func:`play` uses of the client and of the recorder, handed in by :func:`install`
    (so the plugin imports nothing of the client until a cassette starts)."""

    decode_answer: Callable[..., Any]
    decodes_as_json: Callable[[str, str | None], bool]
    form_headers: object
    #: the recorder's send-order context variable, which its ``_keep_answer`` reads
    send_seq: ContextVar[int | None]


class _Answered:
    """What ``_keep_answer`` reads of a response: its status and (given back) body."""

    __slots__ = ("_body", "status")

    def __init__(self, status: int, body: bytes) -> None:
        self.status = status
        self._body = body


def play(session: CassetteSession, transport: Any, request: Request, parts: Parts) -> Any:
    """The decoded recorded answer to ``request``, or :data:`AIOHTTP` to send it as before."""
    replay = session._replay
    body = request.body
    # The index is made only for a write-protected cassette, and vcrpy's write_protected
    # never turns back to False (the record mode is fixed, ``rewound`` is only ever set).
    if replay is None or type(body) is not bytes or not _plain_session(transport):
        return AIOHTTP
    cassette = replay._cassette
    url = request.url
    if request.headers is parts.form_headers:
        # the client's own form call: ReplayIndex.wire_lookup, with what is known inlined
        content_type = _FORM
        path, query, _parsed = replay._split(url)
        key = None if query else replay._wire.get(("POST", path, without_sid(body)))
    else:
        content_type = _content_type(request.headers)
        key = replay.wire_lookup("POST", url, body, content_type)
    if key is None:
        return AIOHTTP
    index = replay.peek(key)
    if index is None:
        return AIOHTTP  # played out or never recorded: the aiohttp path fails it in full
    recorded = cassette.data[index][1]
    answer_type, disposition, sets_cookie = _answer_headers(recorded)
    if sets_cookie or recorded.get("wialon_dropped"):
        return AIOHTTP
    replay.played(key, index)
    replay.shortcut_hits += 1
    seq = next(session._seq)
    session._undescribed[seq] = ("POST", url, body, content_type)
    status: int = recorded["status"]["code"]
    stored = recorded["body"]
    value = NOTHING
    if (
        type(stored) is LazyBody
        and 200 <= status < 300
        and parts.decodes_as_json(answer_type, disposition)
    ):
        sent_values = session.scrubber.sent_values
        value, copied = stored.hand_out(sent_values)
        # give_back changes only whole strings equal to a placeholder, and marshal holds
        # every string's UTF-8 as it is: a placeholder it lacks is in no string. No copy
        # (None) means the file's text showed there is none.
        if value is not NOTHING and (
            copied is None or not any(p.encode() in copied for p in sent_values)
        ):
            # The journal's note, its bytes made only if the journal is read (encoding
            # them was a third of a replayed call's time).
            session._keep_recorded(seq, status, recorded)
            return value
        # The value read from the file: what decoding its bytes would give, and fresh.
        raw, taken = stored.take_value()
        if value is NOTHING:
            value = taken
    else:
        raw = stored.get("string", b"") or b""
    answer = session.scrubber.give_back(raw)
    # the journal's note of the answer, made as the aiohttp path makes it
    token = parts.send_seq.set(seq)
    try:
        session._keep_answer(_Answered(status, answer), recorded)
    finally:
        parts.send_seq.reset(token)
    if value is not NOTHING and answer is raw:
        return value
    return parts.decode_answer(request.name, status, answer_type, disposition, answer)


def install(session: CassetteSession, send_seq: ContextVar[int | None]) -> Callable[[], None]:
    """Route ``AiohttpTransport.send`` through :func:`play`; returns the undo.

    ``send_seq`` is the recorder's send-order context variable.
    """
    try:
        from aiowialon.transport import AiohttpTransport, decode_answer, decodes_as_json
        from aiowialon.wire import FORM_HEADERS
    except ImportError:  # the plugin without the client: nothing to short-cut
        return lambda: None
    original = AiohttpTransport.send
    parts = Parts(decode_answer, decodes_as_json, FORM_HEADERS, send_seq)

    async def send(transport: AiohttpTransport, request: Request) -> Any:
        answer = play(session, transport, request, parts)
        if answer is AIOHTTP:
            return await original(transport, request)
        return answer

    send.__doc__ = original.__doc__
    # Assigning to the class is what the aiohttp patch beside it does too.
    AiohttpTransport.send = send  # type: ignore[method-assign,assignment]

    def restore() -> None:
        AiohttpTransport.send = original  # type: ignore[method-assign]  # see above

    return restore
