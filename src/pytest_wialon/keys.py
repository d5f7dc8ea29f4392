"""What a stored request holds, and the key two requests match on.

A request is stored as the call it makes (method, URL without secrets, ``svc``, decoded
``params``, other form fields, files by name and hash); two requests are the same call when
their :func:`match_key` is equal. :mod:`pytest_wialon.cassettes` builds the files on these.
"""

from __future__ import annotations

import re
from typing import Any

from wialon_protocol import wire

from .matching import MatchOptions
from .normalize import FilePart, WialonRequest
from .scrub import PLACEHOLDER_PREFIX

__all__ = ["canonical", "match_key", "request_from_stored", "stored_request"]

#: A placeholder as a JSON string inside a canonical key (placeholders hold no quotes).
_PLACEHOLDER_RE = re.compile(f'"{PLACEHOLDER_PREFIX}[^"]*"')

#: Sorted-key compact JSON: the form two equal ``params`` always share.
canonical = wire.canonical


def stored_request(request: WialonRequest) -> dict[str, Any]:
    """The JSON object a cassette holds for one (already scrubbed) request."""
    out: dict[str, Any] = {"method": request.method, "url": request.url}
    if request.svc is not None:
        out["svc"] = request.svc
    if request.params is not None:
        out["params"] = request.params
    if request.sid is not None:
        out["sid"] = request.sid
    if request.form:
        out["form"] = dict(request.form)
    if request.files:
        out["files"] = [part.as_dict() for part in request.files]
    return out


def request_from_stored(data: dict[str, Any]) -> WialonRequest:
    """Inverse of :func:`stored_request`."""
    return WialonRequest(
        method=str(data["method"]),
        url=str(data["url"]),
        svc=data.get("svc"),
        params=data.get("params"),
        sid=data.get("sid"),
        form=dict(data.get("form", {})),
        files=[FilePart(**part) for part in data.get("files", [])],
    )


def match_key(request: WialonRequest, options: MatchOptions | None = None) -> str:
    """Everything that decides whether two requests are the same call, as one string.

    Secrets are scrubbed before matching, and a replayed login sends a token other than
    the recorded one, so placeholders match each other whatever their number.
    """
    query = request.url.partition("?")[2]
    params = wire.effective_params(request.params)
    key = canonical(
        {
            "method": request.method,
            "path": request.path,
            "query": query,
            "svc": request.svc,
            # what the server reads: params=[] and no params at all both mean {}
            "params": params if options is None else options.apply(params),
            "form": request.form if options is None else options.apply(request.form),
            "files": [[part.field, part.sha256] for part in request.files],
        }
    )
    if PLACEHOLDER_PREFIX not in key:
        return key  # most keys: one C search instead of the regular expression's scan
    return _PLACEHOLDER_RE.sub(f'"{PLACEHOLDER_PREFIX}"', key)
