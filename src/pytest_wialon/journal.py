"""The journal a test sees through ``wialon_mock``, the same in every mode.

Without a cassette, the fake server keeps the journal (secrets masked, big params and
answers cut). Under a cassette one rule holds in every mode, recording or replaying: the
journal is built from what the code sent through the cassette and the answers it got, as
the file stores them (scrubbed by its rules: placeholders, not masks), with ``t``, ``fault``
and ``item_faults`` from the fake server's journal while recording and from the file on
replay; so a recorded test and its replay see equal entries. Either way every entry has the
fields of ``wialon_mock``'s journal: ``n``, ``t``, ``path``, ``svc``, ``params``, ``sid``,
``error``, ``status``, ``fault``, ``answer``, ``item_faults``, plus ``parent`` and ``index``.

A ``core/batch`` request is one entry, followed by one entry per item (its ``svc``,
``params`` and ``error``, with ``parent`` the batch's ``n`` and ``index`` its position), so
an assertion about a call holds whether or not the code under test batched it, however
big the batch (the fake server lists the items of one it cannot keep whole).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from wialon_protocol.wire import compact_bytes

__all__ = [
    "ANSWER_KEPT_BYTES",
    "annotate",
    "as_stored",
    "entries_from_answers",
    "error_of",
    "expand_batches",
    "server_fields",
    "stored_view",
]

#: answers up to this size are kept whole in an entry, as the fake server's journal does
ANSWER_KEPT_BYTES = 16 * 1024


def error_of(answer: Any) -> int | None:
    """The Wialon error code of one answer, as the fake server's journal gives it (0 is None)."""
    if type(answer) is dict:
        code = answer.get("error")
        if isinstance(code, int) and not isinstance(code, bool) and code:
            return code
    return None


def _decoded(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def entries_from_answers(answers: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Journal entries from ``CassetteSession.journal_answers()``: (request, status, body, extra).

    ``t``, ``fault`` and ``item_faults`` come from the cassette when it was recorded against
    the fake server (``None`` otherwise: a real server has no journal to take them from).
    Each ``core/batch`` is followed by its items; their errors come from the whole answer,
    however big (an answer over 16 KB is kept as ``{"omitted_bytes": N}``, and then so is
    each item's).
    """
    out: list[dict[str, Any]] = []
    for number, (request, status, body, extra) in enumerate(answers, start=1):
        svc = request.svc or ("avl_evts" if request.path == "/avl_evts" else None)
        answer = _decoded(body)
        entry: dict[str, Any] = {
            "n": number,
            "t": extra.get("t"),
            "path": request.path,
            "svc": svc,
            "params": request.params if request.params is not None else {},
            "sid": request.sid,
            "error": error_of(answer),
            "status": status,
            "fault": extra.get("fault"),
            "answer": _kept(answer, body),
            "item_faults": extra.get("item_faults"),
            "parent": None,
            "index": None,
        }
        out.append(entry)
        if svc == "core/batch":
            kept = len(body) <= ANSWER_KEPT_BYTES
            results: list[Any] = answer if isinstance(answer, list) else []
            items = []
            for index, call in enumerate(_batch_calls(entry["params"])):
                result = results[index] if index < len(results) else None
                error = error_of(result)
                if not kept and result is not None:
                    result = {"omitted_bytes": len(compact_bytes(result))}
                items.append({"call": call, "error": error, "answer": result})
            out += _item_entries(entry, items)
    return out


def _kept(answer: Any, body: bytes) -> Any:
    if answer is None:
        return None
    return answer if len(body) <= ANSWER_KEPT_BYTES else {"omitted_bytes": len(body)}


def _batch_calls(params: Any) -> list[Any]:
    if isinstance(params, list):
        return params
    if isinstance(params, dict) and isinstance(params.get("params"), list):
        return list(params["params"])
    return []


def _item_entries(entry: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per batch item: ``items`` hold each ``call`` (svc, params), error, answer."""
    out = []
    for index, item in enumerate(items):
        call = item["call"]
        if not isinstance(call, dict):
            continue
        out.append(
            {
                **{key: entry.get(key) for key in ("n", "t", "path", "sid", "status")},
                "svc": call.get("svc"),
                "params": call.get("params", {}),
                "error": item["error"],
                "fault": entry.get("fault"),
                "answer": item["answer"],
                "item_faults": None,
                "parent": entry.get("n"),
                "index": index,
            }
        )
    return out


def expand_batches(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fake server's ``entries`` with each batch item as an entry of its own after it.

    A batch whose params or answer were too big for the server to keep whole carries its
    ``items`` (each item's svc, params excerpt, error and answer, see
    ``wialon_mock.control.journal``); a small one is read from its params and answer.
    """
    out: list[dict[str, Any]] = []
    for entry in entries:
        listed = entry.get("items")
        out.append(
            {
                **{key: value for key, value in entry.items() if key != "items"},
                "parent": entry.get("parent"),
                "index": entry.get("index"),
            }
        )
        if entry.get("svc") != "core/batch":
            continue
        if isinstance(listed, list):
            items = [
                {
                    "call": {"svc": item.get("svc"), "params": item.get("params", {})},
                    "error": item.get("error"),
                    "answer": item.get("answer"),
                }
                for item in listed
            ]
        else:
            answer = entry.get("answer")
            results: list[Any] = answer if isinstance(answer, list) else []
            items = [
                {
                    "call": call,
                    "error": error_of(results[index]) if index < len(results) else None,
                    "answer": results[index] if index < len(results) else None,
                }
                for index, call in enumerate(_batch_calls(entry.get("params")))
            ]
        out += _item_entries(entry, items)
    return out


def as_stored(body: bytes, scrubber: Any, alias: tuple[str, str] | None) -> bytes:
    """A live answer as the cassette stores it: scrubbed, the server's address as in the file.

    The same steps as recording (``clean_response``, then the file's alias and its pass over
    the secrets met anywhere), so a live journal shows what replay's journal will show.
    """
    text = _text(body)
    if text is None:
        return body
    try:
        parsed = json.loads(text)
    except ValueError:
        text = scrubber.scrub_text(text)
    else:
        text = compact_bytes(scrubber.scrub_json(parsed)).decode()
    if alias is not None:
        text = text.replace(alias[0], alias[1])
    return str(scrubber.scrub_known(text)).encode()


def stored_view(
    sent: list[tuple[int, Any, tuple[int | None, bytes, dict[str, Any]] | None]],
    live: set[int],
    server_journal: list[dict[str, Any]],
    scrubber: Any,
    alias: tuple[str, str] | None,
    cache: dict[int, tuple[int, bytes]],
) -> list[tuple[Any, int | None, bytes, dict[str, Any]]]:
    """(request, status, body, extra) per sent request, each answer as the cassette holds it.

    ``sent``: (seq, request, its answer or None) in send order; answers of the seqs in
    ``live`` came from a server and are scrubbed here (:func:`as_stored`), with ``t``,
    ``fault`` and ``item_faults`` from ``server_journal`` (:func:`server_fields`).
    ``cache`` keeps each scrubbed answer (seq -> secrets known then, body) for the next
    call, until the scrubber has met another secret (which the file will replace too).
    """
    live_sent = [request for seq, request, _ in sent if seq in live]
    noted = iter(server_fields(live_sent, server_journal))
    known = scrubber.known_count
    out = []
    for seq, request, answer in sent:
        status, body, extra = answer if answer is not None else (None, b"", {})
        if seq in live:
            hit = cache.get(seq)
            if hit is not None and hit[0] == known:
                body = hit[1]
            else:
                body = as_stored(body, scrubber, alias)
                cache[seq] = (scrubber.known_count, body)
            extra = next(noted)
        out.append((request, status, body, extra))
    return out


def _text(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def server_fields(
    requests: Sequence[Any], entries: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """For each request sent live (in send order), what the fake server's journal says of it.

    ``t``, ``fault`` and ``item_faults``. The journal lists requests as they were answered,
    the cassette as they were sent; entries pair up per (path, svc) in order, which is exact
    unless calls of one service overtook each other. A request the journal lacks gets ``{}``.
    """
    queues: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for entry in entries:
        if entry.get("parent") is None:
            queues.setdefault((entry.get("path"), entry.get("svc")), []).append(entry)
    out: list[dict[str, Any]] = []
    for sent in requests:
        svc = sent.svc or ("avl_evts" if sent.path == "/avl_evts" else None)
        queue = queues.get((sent.path, svc))
        if not queue:
            out.append({})
            continue
        entry = queue.pop(0)
        noted = {"t": entry.get("t"), "fault": entry.get("fault")}
        if entry.get("item_faults"):
            noted["item_faults"] = entry["item_faults"]
        out.append(noted)
    return out


def annotate(recorded: Iterable[Sequence[Any]], entries: list[dict[str, Any]]) -> None:
    """Give each newly recorded answer the server time and faults the server's journal saw.

    ``recorded`` are the (vcrpy request, response dict) pairs just recorded; the fields go
    into each response dict as ``wialon_journal`` (saved as the answer's ``journal``),
    paired as :func:`server_fields` pairs them.
    """
    pairs = list(recorded)
    fields = server_fields([request.wialon_request for request, _ in pairs], entries)
    for (_request, response), noted in zip(pairs, fields, strict=True):
        if noted:
            response["wialon_journal"] = noted
