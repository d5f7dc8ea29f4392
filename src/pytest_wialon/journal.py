"""The journal a test sees through ``wialon_mock``, the same in every mode.

Live, the fake server keeps the journal; on replay (and when recording against a real
server) it is built from what the code sent through the cassette and the answers it got.
Either way every entry has the fields of ``wialon_mock``'s journal: ``n``, ``t``, ``path``,
``svc``, ``params``, ``sid``, ``error``, ``status``, ``fault``, ``answer``, ``item_faults``,
plus ``parent`` and ``index``.

A ``core/batch`` request is one entry, followed by one entry per item (its ``svc``,
``params`` and ``error``, with ``parent`` the batch's ``n`` and ``index`` its position), so
an assertion about a call holds whether or not the code under test batched it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["ANSWER_KEPT_BYTES", "annotate", "entries_from_answers", "error_of", "expand_batches"]

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
    """Journal entries from ``CassetteSession.answers()``: (request, status, body, extra).

    ``t``, ``fault`` and ``item_faults`` come from the cassette when it was recorded against
    the fake server (``None`` otherwise: a real server has no journal to take them from).
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
        }
        out.append(entry)
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


def expand_batches(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entries`` with each batch item as an entry of its own after its batch."""
    out: list[dict[str, Any]] = []
    for entry in entries:
        out.append({**entry, "parent": entry.get("parent"), "index": entry.get("index")})
        if entry.get("svc") != "core/batch":
            continue
        # item errors come from the batch's answer; one too big to keep leaves them unknown
        answer = entry.get("answer")
        answers: list[Any] = answer if isinstance(answer, list) else []
        errors = [error_of(item) for item in answers]
        for index, call in enumerate(_batch_calls(entry.get("params"))):
            if not isinstance(call, dict):
                continue
            out.append(
                {
                    **{key: entry.get(key) for key in ("n", "t", "path", "sid", "status")},
                    "svc": call.get("svc"),
                    "params": call.get("params", {}),
                    "error": errors[index] if index < len(errors) else None,
                    "fault": entry.get("fault"),
                    "answer": answers[index] if index < len(answers) else None,
                    "item_faults": None,
                    "parent": entry.get("n"),
                    "index": index,
                }
            )
    return out


def annotate(recorded: Iterable[Sequence[Any]], entries: list[dict[str, Any]]) -> None:
    """Give each newly recorded answer the server time and faults the server's journal saw.

    ``recorded`` are the (vcrpy request, response dict) pairs just recorded; the fields go
    into each response dict as ``wialon_journal`` (saved as the answer's ``journal``). The
    journal lists requests as they were answered, the cassette as they were sent; entries
    pair up per (path, svc) in order, which is exact unless calls of one service overtook
    each other.
    """
    queues: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for entry in entries:
        queues.setdefault((entry.get("path"), entry.get("svc")), []).append(entry)
    for request, response in recorded:
        sent = request.wialon_request
        svc = sent.svc or ("avl_evts" if sent.path == "/avl_evts" else None)
        queue = queues.get((sent.path, svc))
        if queue:
            entry = queue.pop(0)
            noted = {"t": entry.get("t"), "fault": entry.get("fault")}
            if entry.get("item_faults"):
                noted["item_faults"] = entry["item_faults"]
            response["wialon_journal"] = noted
