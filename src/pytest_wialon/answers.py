"""What each request sent through a cassette was answered, for ``wialon_mock``'s journal.

:class:`AnswerLog` is the part of :class:`~pytest_wialon.recorder.CassetteSession` that
keeps, per send-order number, the request (scrubbed) and the answer it got, whether a
server gave it (``live``) or the cassette did; the journal reads them back through
:meth:`AnswerLog.journal_answers`, the same in every mode.
"""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Any

from .journal import stored_view
from .normalize import WialonRequest, normalize

if TYPE_CHECKING:
    from .cassettes import CassettePersister
    from .scrub import Scrubber

__all__ = ["AnswerLog"]

#: The entry of an answer noted by ``_keep_recorded`` until it is settled (compared by
#: identity; never handed out).
_UNSETTLED: tuple[int | None, bytes, dict[str, Any]] = (None, b"", {})

#: The send-order number of the request being sent (set by the recorder's aiohttp patch).
_send_seq: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "pytest_wialon_send_seq", default=None
)


class AnswerLog:
    """Requests and their answers by send-order number (a mixin of the cassette session)."""

    scrubber: Scrubber
    persister: CassettePersister

    def __init__(self) -> None:
        # seq -> the answer each request got: (status, body, journal fields of the file)
        self._answers: dict[int, tuple[int | None, bytes, dict[str, Any]]] = {}
        #: seqs answered by a live server (their body is as received, not as stored)
        self._live: set[int] = set()
        self._sent: dict[int, WialonRequest] = {}
        # Requests answered by the replay shortcut, described only when someone asks (the
        # journal) or before the next full description, so the scrubber sees them in order.
        self._undescribed: dict[int, tuple[str, str, bytes, str]] = {}
        #: live answers as the file will store them (see journal.stored_view)
        self._stored: dict[int, tuple[int, bytes]] = {}
        # Answers the replay shortcut handed out as values: their status and recorded
        # response, which replace the _UNSETTLED entry of ``_answers`` when first read.
        self._lazy_bodies: dict[int, tuple[int, dict[str, Any]]] = {}

    def answers(self) -> list[tuple[WialonRequest, int | None, bytes, dict[str, Any]]]:
        """Each request sent through this cassette with its answer, in send order.

        The answer is (HTTP status or None when none came, body, journal fields the file
        kept: ``t`` and ``fault`` when recorded against the fake server).
        """
        self._describe_pending()
        self._settle_bodies()
        out = []
        for seq in sorted(self._sent):
            status, body, extra = self._answers.get(seq, (None, b"", {}))
            out.append((self._sent[seq], status, body, extra))
        return out

    def _keep_answer(
        self, response: Any, recorded: dict[str, Any] | None = None, *, live: bool = False
    ) -> None:
        """Note the answer of the request being sent, for the journal.

        ``recorded``: the cassette's response it was played from; its body is kept as the
        file holds it (placeholders, not this run's values given back), which is what a live
        recording's journal shows too (see :meth:`journal_answers`).
        """
        seq = _send_seq.get()
        if seq is None:
            return
        if recorded is not None:
            body = recorded["body"].get("string", b"") or b""
        else:
            body = getattr(response, "_body", None) or b""
        extra = dict((recorded or {}).get("wialon_journal") or {})
        self._answers[seq] = (int(response.status), bytes(body), extra)
        if live:
            self._live.add(seq)

    def _keep_recorded(self, seq: int, status: int, recorded: dict[str, Any]) -> None:
        """:meth:`_keep_answer` of a recorded answer, its entry made when first read (a
        replayed call pays two dictionary stores; the body's bytes, the journal fields'
        copy and the entry wait for someone to read the journal)."""
        self._answers[seq] = _UNSETTLED
        self._lazy_bodies[seq] = (status, recorded)

    def _settle_bodies(self) -> None:
        pending = self._lazy_bodies
        while pending:
            seq, (status, recorded) = pending.popitem()
            if self._answers.get(seq) is _UNSETTLED:  # not overwritten since
                body = recorded["body"].get("string", b"") or b""
                extra = dict(recorded.get("wialon_journal") or {})
                self._answers[seq] = (status, bytes(body), extra)

    def journal_answers(
        self, server_journal: list[dict[str, Any]] | None = None
    ) -> list[tuple[WialonRequest, int | None, bytes, dict[str, Any]]]:
        """:meth:`answers` as the journal shows them, the same whether recording or replaying.

        Answers a live server gave are turned into what the cassette stores for them
        (scrubbed, the fake server's address written as in the file), and get ``t``,
        ``fault`` and ``item_faults`` from ``server_journal`` (the fake server's entries).
        """
        self._describe_pending()
        self._settle_bodies()
        return stored_view(
            [(seq, self._sent[seq], self._answers.get(seq)) for seq in sorted(self._sent)],
            self._live,
            server_journal or [],
            self.scrubber,
            self.persister.alias,
            self._stored,
        )

    def sent(self) -> list[WialonRequest]:
        """Every request the code sent through this cassette (scrubbed), in send order."""
        self._describe_pending()
        return [self._sent[key] for key in sorted(self._sent)]

    def _describe_pending(self) -> None:
        pending = self._undescribed
        while pending:
            seq = min(pending)
            method, url, body, content_type = pending.pop(seq)
            request = normalize(method, url, body, content_type)
            self._sent[seq] = self.scrubber.scrub_request(request)
