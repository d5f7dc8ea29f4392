"""How a Wialon call travels: the JSON the server writes and how a request's fields are read.

* **Encoding.** The server answers compact JSON (no spaces, raw UTF-8): :func:`compact`.
  Two ``params`` that mean the same call have the same :func:`canonical` form (sorted keys),
  which is what record/replay matches on.
* **Field reading.** ``svc``, ``params`` and ``sid`` may come in the query string, a form body
  or multipart parts, in any mix; a name sent in both places takes the body's value
  (:func:`merge_fields`: query first, then the body). ``params`` is a JSON string;
  missing or empty means no parameters, and so does ``[]`` (the official python-wialon sends
  ``params=[]`` for a call made without keywords): :func:`read_params`, :func:`effective_params`.

Sources: https://help.wialon.com/en/api/user-guide/api-reference/reqformat and the
transport section of docs/wialon-wire.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from typing import Any

__all__ = [
    "JSON_CONTENT_TYPE",
    "WIALON_FIELDS",
    "canonical",
    "compact",
    "compact_bytes",
    "effective_params",
    "merge_fields",
    "read_params",
]

#: The three request fields of an API call.
WIALON_FIELDS = ("svc", "params", "sid")

#: The real server's ``Content-Type`` for JSON answers, exactly (no charset suffix).
JSON_CONTENT_TYPE = "application/json"

_COMPACT = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
)


def _one_encoder(encoder: json.JSONEncoder) -> Callable[[Any], str]:
    """``encoder.encode`` with the C encoder made once, not on every call.

    ``JSONEncoder.encode`` builds a new C encoder per value, which for the small params of
    a call was half the time encoding took. Made without the circular-reference check, the
    C encoder keeps no state between values, so one serves every call (``encoder`` must
    have no indent). A value that nests
    too deeply for it (a circular one does) is encoded again by ``encoder`` itself, which
    raises what it always raised. Where the C accelerator is missing, ``encoder.encode`` is
    used as it is.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    chunks = make(
        None,  # no markers: no circular-reference check
        encoder.default,
        json.encoder.encode_basestring_ascii
        if encoder.ensure_ascii
        else json.encoder.encode_basestring,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )
    join = "".join
    checked = encoder.encode

    def encode(value: Any) -> str:
        try:
            return join(chunks(value, 0))
        except RecursionError:
            return checked(value)

    return encode


_compact = _one_encoder(_COMPACT)
_canonical = _one_encoder(
    json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)
)


def compact(value: Any) -> str:
    """``value`` as the server writes JSON: no whitespace, non-ASCII kept as is."""
    return _compact(value)


def compact_bytes(value: Any) -> bytes:
    """:func:`compact` encoded as UTF-8, ready to send."""
    return _compact(value).encode()


def canonical(value: Any) -> str:
    """Sorted-key compact JSON: the one form two equal values always share."""
    return _canonical(value)


def merge_fields(
    *sources: Iterable[tuple[str, str]], names: Collection[str] = WIALON_FIELDS
) -> dict[str, str]:
    """The Wialon fields of a request, read from ``sources`` in order; a later one wins.

    Pass the query pairs first and the body pairs after them: a name sent in both places
    takes the body's value. A name repeated within one source keeps its first value (the
    reference is silent; the fake server has always read it so). Fields not in ``names``
    (``svc``, ``params``, ``sid`` unless told otherwise) are left out.
    """
    found: dict[str, str] = {}
    for pairs in sources:
        seen: set[str] = set()
        for key, value in pairs:
            if key in names and key not in seen:
                seen.add(key)
                found[key] = value
    return found


def effective_params(params: Any) -> Any:
    """What decoded ``params`` mean to the server: ``None`` (not sent) and ``[]`` are ``{}``."""
    if params is None or (type(params) is list and not params):
        return {}
    return params


def batch_calls(params: Any) -> list[Any]:
    """The calls of ``core/batch`` params in either documented form (a bare array, or
    ``{"params": [...], "flags": F}``); ``[]`` for anything else.

    https://help.wialon.com/en/api/user-guide/api-reference/core/batch
    """
    listed = params.get("params") if isinstance(params, dict) else params
    return listed if isinstance(listed, list) else []


def read_params(raw: str | None) -> Any:
    """Decode the ``params`` field the way the server does.

    Missing or empty text, and ``[]``, mean no parameters (``{}``). Text that is not JSON
    raises :class:`ValueError` (the server answers error 4).
    """
    if not raw:
        return {}
    return effective_params(json.loads(raw))
