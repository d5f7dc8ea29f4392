"""Log lines a person can read: one line per request, in text or JSON, and quiet neighbours.

Every answered request gives one INFO line on the ``wialon_mock.requests`` logger::

    127.0.0.1 core/batch[core/search_item,core/get_hw_types] sid=29ea…(32) ok 1.4 ms
    127.0.0.1 core/search_item sid=29ea…(32) error 7 fault #1 0.3 ms

(time and level come from the formatter). Sessions are masked as the client masks them: the
first four characters and the length. :func:`configure` sets up the root handler for the CLI,
with :class:`JsonFormatter` for ``--log-format json``, and keeps faker's debug chatter out.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import Any

from wialon_protocol.wire import batch_calls

from ..control import redact

#: the logger of the request lines
logger = logging.getLogger("wialon_mock.requests")

#: libraries whose own lines say nothing about the requests (faker logs every locale it loads)
QUIET = ("faker", "faker.factory", "asyncio")

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FORMATS = ("text", "json")


def mask(secret: str | None) -> str | None:
    """A sid or token made safe for a log: its first four characters and its length."""
    if not secret:
        return None
    # a sid from the journal may be masked already
    return secret if "…" in secret else redact.mask(secret)


def batch_items(svc: str | None, params: Any) -> list[str]:
    """The ``svc`` of each item of a ``core/batch`` (empty for any other call)."""
    if svc != "core/batch":
        return []
    return [str(i.get("svc")) if isinstance(i, Mapping) else "?" for i in batch_calls(params)]


def outcome(status: int | None, error: int | None) -> str:
    """``ok``, ``error N``, ``HTTP N`` or ``dropped`` (the connection closed with no answer)."""
    if status is None:
        return "dropped"
    if status != 200:
        return f"HTTP {status}"
    if error:
        return f"error {error}"
    return "ok"


def request_fields(
    *,
    remote: str | None,
    svc: str | None,
    params: Any,
    sid: str | None,
    status: int | None,
    error: int | None,
    fault: int | None,
    seconds: float | None,
) -> dict[str, Any]:
    """The facts of one request line, JSON-able (the ``request`` field of a JSON line)."""
    return {
        "client": remote or None,
        "svc": svc,
        "items": batch_items(svc, params),
        "session": mask(sid),
        "status": status,
        "error": error,
        "result": outcome(status, error),
        "fault": fault,
        "ms": None if seconds is None else round(seconds * 1000, 2),
    }


def request_text(fields: Mapping[str, Any]) -> str:
    """The text of one request line from :func:`request_fields`."""
    svc = fields["svc"] or "-"
    if fields["items"]:
        svc = f"{svc}[{','.join(fields['items'])}]"
    parts = [fields["client"] or "-", svc]
    if fields["session"]:
        parts.append(f"sid={fields['session']}")
    parts.append(fields["result"])
    if fields["fault"] is not None:
        parts.append(f"fault #{fields['fault']}")
    if fields["ms"] is not None:
        parts.append(f"{fields['ms']:.1f} ms")
    return " ".join(parts)


def log_request(**facts: Any) -> None:
    """Write the INFO line of one answered request (see :func:`request_fields`)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    fields = request_fields(**facts)
    logger.info("%s", request_text(fields), extra={"request": fields})


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and for a
    request line its fields under ``request``."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        line: dict[str, Any] = {
            "time": f"{stamp}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None:
            line["request"] = request
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(level: str = "WARNING", log_format: str = "text") -> None:
    """Set up the root logger for the command line: ``level`` and ``text`` or ``json`` lines.

    Called again (``--log-level`` given before and after ``serve``), the later call wins.
    """
    if log_format not in LOG_FORMATS:
        raise ValueError(f"log format must be one of {', '.join(LOG_FORMATS)}")
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in QUIET:
        # their DEBUG lines would bury the request lines; their warnings still show
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
