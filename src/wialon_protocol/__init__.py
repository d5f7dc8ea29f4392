"""The facts of the Wialon Remote API, written once: no I/O, standard library only.

The client (``aiowialon``), the fake server (``wialon_mock``) and the pytest plugin
(``pytest_wialon``) all read them from here, so they cannot disagree:

* :mod:`wialon_protocol.services`: every call with what it needs (a session or not) and how the
  server treats it (login, heavy, exclusive, batchable, multipart), each unusual row with the
  reason;
* :mod:`wialon_protocol.errors`: the error codes and what they mean;
* :mod:`wialon_protocol.flags`: data flags per item type, access flags, message flags;
* :mod:`wialon_protocol.wire`: compact and canonical JSON, and how a request's fields are read.
"""

from __future__ import annotations

from .errors import EXPLANATIONS, REQUEST_LIMIT_REASONS, ErrorCode, error_body, explain
from .services import AJAX_PATH, EVENTS_PATH, SERVICES, Service, service
from .wire import (
    WIALON_FIELDS,
    canonical,
    compact,
    compact_bytes,
    effective_params,
    merge_fields,
    read_params,
)

__all__ = [
    "AJAX_PATH",
    "EVENTS_PATH",
    "EXPLANATIONS",
    "REQUEST_LIMIT_REASONS",
    "SERVICES",
    "WIALON_FIELDS",
    "ErrorCode",
    "Service",
    "canonical",
    "compact",
    "compact_bytes",
    "effective_params",
    "error_body",
    "explain",
    "merge_fields",
    "read_params",
    "service",
]
