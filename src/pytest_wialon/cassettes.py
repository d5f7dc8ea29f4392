"""Cassette files: how a Wialon interaction is matched, ordered, scrubbed and stored.

vcrpy keeps the bookkeeping (record modes, play counts); this module decides what a request
*is* for matching and what the file holds:

* a request is stored as the call it makes (method, URL without secrets, ``svc``, decoded
  ``params``, other form fields, files by name and hash), never as raw bytes, so a multipart
  boundary or a ``FormData`` object never reaches the file;
* two requests match when method, path, remaining query, ``svc``, canonical ``params``
  (sorted-key compact JSON, batch items included), form fields and file hashes are equal;
  ``sid``, scheme, host and port are ignored;
* interactions are written in the order they were *sent* (a sequence number taken when the
  request left), not the order their answers arrived, so identical concurrent calls replay to
  the caller that sent each of them;
* the format is JSON: a response body that is JSON is stored as JSON, text as text, anything
  else as base64.
"""

from __future__ import annotations

import base64
import binascii
import gc
import json
import logging
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wialon_protocol import wire

from .bodies import LazyBody

# the file writer lives in .files; its names stay importable from here
from .files import CassetteFileError as CassetteFileError
from .files import check_cassette_path as check_cassette_path
from .files import write_cassette_file as write_cassette_file
from .filetext import FileText

# how a request is stored and matched lives in .keys; its names stay importable from here
from .keys import canonical as canonical
from .keys import match_key as match_key
from .keys import request_from_stored as request_from_stored
from .keys import stored_request as stored_request
from .matching import MatchOptions
from .scrub import Scrubber, find_leaks, find_personal

# how vcrpy's requests carry ours lives in .vcrglue; its names stay importable from here
from .vcrglue import SEQ_HEADER as SEQ_HEADER
from .vcrglue import _key
from .vcrglue import from_vcr as from_vcr
from .vcrglue import is_ours as is_ours
from .vcrglue import seq_of as seq_of
from .vcrglue import to_vcr as to_vcr
from .vcrglue import wialon_matcher as wialon_matcher

#: ``before_record(interaction)``: the interaction as it will be written (``request`` and
#: ``response`` dicts of the file format), changed in place or returned changed; ``None``
#: leaves it out of the file.
BeforeRecord = Callable[[dict[str, Any]], "dict[str, Any] | None"]

logger = logging.getLogger(__name__)


FORMAT = "pytest-wialon-cassette/1"
#: Response headers worth keeping; the rest (Date, Server, Set-Cookie, Content-Length,
#: Content-Encoding of a body that is stored decoded) is noise or secret.
KEPT_RESPONSE_HEADERS = ("content-type", "content-disposition")


def _promote_to_oldest() -> None:
    """Move the objects the collector tracks to its oldest generation, without a pass.

    The loaded cassette is long-lived and has no cycles. Left young (the collector was off
    while it loaded), the next passes walked all of it and counted it towards a full pass
    over the whole heap, which then fell in the opening or the first replayed calls
    (openings of a 1,000-interaction cassette beside a 200,000-object heap: 41-68 ms with
    outliers of 150-280 ms, against 38-63 ms without them, measured side by side). Cyclic
    garbage made before the cassette opened waits for the next full pass; ``gc.collect()``
    still finds it. A freeze the user made is left alone, and so is a Python without one.
    """
    freeze = getattr(gc, "freeze", None)
    if freeze is not None and gc.get_freeze_count() == 0:
        freeze()
        gc.unfreeze()


def indexed_cassette_class() -> Any:
    """A vcrpy ``Cassette`` that finds a request's recordings by key, not by a full scan.

    vcrpy compares a request with every stored one, twice per request (once to ask whether
    it can play, once to play), so replaying N calls costs N*N comparisons. Our matcher is
    an equality of keys, so a dict from key to positions gives the same answers in the same
    (recorded) order.
    """
    from vcr.cassette import Cassette

    class IndexedCassette(Cassette):  # type: ignore[misc]  # vcrpy is untyped
        _loading = False

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._by_key: dict[str, list[int]] = {}

        def _load(self) -> None:
            self._loading = True
            # Reading a cassette makes a few objects per interaction and no reference cycle;
            # with the collector on, its full passes walked the growing cassette again and
            # again (10,000 interactions opened in 1.7 s instead of about 0.3 s, measured).
            was_collecting = gc.isenabled()
            gc.disable()
            try:
                super()._load()
            finally:
                self._loading = False
                if was_collecting:
                    _promote_to_oldest()
                    gc.enable()

        def append(self, request: Any, response: Any) -> None:
            before = len(self.data)
            if self._loading and is_ours(request):
                # Read back from our own file: normalized and scrubbed when it was saved,
                # and fresh objects, so vcrpy's deep copy and our hooks would only redo
                # that work (they are most of the cost of opening a large cassette).
                self.data.append((request, response))
                self.dirty = True
            else:
                super().append(request, response)
            if len(self.data) > before:
                self._by_key.setdefault(_key(self.data[-1][0]), []).append(before)

        # vcrpy's internal lookup that __contains__, play_response and responses_of share.
        def _responses(self, request: Any) -> Any:
            request = self._before_record_request(request)
            if not request:
                return
            for index in self._by_key.get(_key(request), ()):
                yield index, self.data[index][1]

    return IndexedCassette


def clean_response(response: dict[str, Any], scrubber: Scrubber) -> dict[str, Any]:
    """A vcrpy response dict with secrets scrubbed and only useful headers kept."""
    headers = {
        name: list(values)
        for name, values in response.get("headers", {}).items()
        if name.lower() in KEPT_RESPONSE_HEADERS
    }
    body = response.get("body", {}).get("string", b"")
    if isinstance(body, str):
        body = body.encode()
    text = _as_text(body)
    if text is not None:
        try:
            parsed = json.loads(text)
        except ValueError:
            body = scrubber.scrub_text(text).encode()
        else:
            body = wire.compact_bytes(scrubber.scrub_json(parsed))
    out = {"status": dict(response["status"]), "headers": headers, "body": {"string": body}}
    if response.get("wialon_dropped"):
        out["wialon_dropped"] = response["wialon_dropped"]
    return out


def _as_text(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _stored_response(response: dict[str, Any]) -> dict[str, Any]:
    body: bytes = response["body"].get("string", b"") or b""
    out: dict[str, Any] = {
        "status": response["status"]["code"],
        "reason": response["status"].get("message", ""),
        "headers": response.get("headers", {}),
    }
    if response.get("wialon_journal"):
        out["journal"] = response["wialon_journal"]
    if response.get("wialon_dropped"):
        out["dropped"] = response["wialon_dropped"]
    text = _as_text(body)
    if text is None:
        out["base64"] = base64.b64encode(body).decode()
        return out
    try:
        out["json"] = json.loads(text) if text.strip() else None
    except ValueError:
        out["text"] = text
    else:
        # Keep bodies byte-exact: only store JSON when rewriting it gives the same bytes.
        if out["json"] is None or _dump_body(out["json"]) != body:
            del out["json"]
            out["text"] = text
    return out


def _dump_body(value: Any) -> bytes:
    return wire.compact_bytes(value)


def _response_from_stored(
    data: dict[str, Any], origin: FileText | None = None, at: int = -1
) -> dict[str, Any]:
    stored: dict[str, Any] | None = None
    body = b""
    if "json" in data:
        stored = LazyBody(data["json"], origin, at)  # bytes made if the answer is played
    elif "text" in data:
        body = str(data["text"]).encode()
    else:
        try:
            body = base64.b64decode(data.get("base64", ""))
        except binascii.Error as exc:
            raise ValueError(f"bad base64 body in cassette: {exc}") from exc
    out: dict[str, Any] = {
        "status": {"code": int(data["status"]), "message": data.get("reason", "")},
        "headers": {k: list(v) for k, v in data.get("headers", {}).items()},
        "body": {"string": body} if stored is None else stored,
    }
    if isinstance(data.get("journal"), dict):
        out["wialon_journal"] = dict(data["journal"])
    if data.get("dropped"):
        out["wialon_dropped"] = str(data["dropped"])
    return out


class CassetteSecretWarning(UserWarning):
    """A cassette file holds a string shaped like a real sid or token."""


class CassettePersonalDataWarning(UserWarning):
    """A cassette being saved still holds an e-mail- or phone-shaped string."""


def read_cassette(path: Path) -> dict[str, Any]:
    """The raw JSON of a cassette file (for ``base_url`` and reports).

    Warns with :class:`CassetteSecretWarning` when the file holds secret-shaped strings: the
    plugin never writes one, so a person pasted it in, and a replay-only run would otherwise
    never look (the scan on saving only runs when something is recorded).
    """
    return _read(path, stacklevel=3)[1]


def _read(path: Path, stacklevel: int = 2) -> tuple[str, dict[str, Any]]:
    """:func:`read_cassette`, and the text it was read from (``stacklevel``: of the
    warning, counted from here)."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    if "\r" in text:  # line endings as read_text reads them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    leaks = find_leaks(text, raw)
    if leaks:
        warnings.warn(
            CassetteSecretWarning(
                f"pytest-wialon: cassette {path} holds {len(leaks)} string(s) shaped like a "
                f"real Wialon sid or token (first: {leaks[0][:24]}...); if it is a real "
                "credential, revoke it and replace it with a scrubbed-... placeholder"
            ),
            stacklevel=stacklevel,
        )
    data: dict[str, Any] = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"{path} is not a pytest-wialon cassette (format {data.get('format')!r})")
    return text, data


class CassettePersister:
    """vcrpy persister writing our JSON format, interactions in send order.

    One instance per cassette in use: it carries the scrubber, so a last scan of the text
    replaces anything secret-shaped that slipped past the structured scrubbing.
    """

    def __init__(
        self,
        scrubber: Scrubber,
        base_url: str | None = None,
        *,
        options: MatchOptions | None = None,
        before_record: BeforeRecord | None = None,
    ) -> None:
        self.scrubber = scrubber
        self.base_url = base_url
        self.options = options
        self.before_record = before_record
        #: ``(real, shown)``: a base URL written as another (the fake server's random port
        #: as a fixed name, so re-recording an unchanged test changes nothing)
        self.alias: tuple[str, str] | None = None
        #: admin operations of the fake server with their answers: noted while recording,
        #: read back for replay (see :class:`pytest_wialon.targets.ReplayTarget`)
        self.controls: list[dict[str, Any]] = []
        self.loaded_controls: list[dict[str, Any]] = []

    def load_cassette(self, cassette_path: str, serializer: Any) -> tuple[list[Any], list[Any]]:
        """Requests and responses of a cassette file, in file (send) order."""
        from vcr.persisters.filesystem import CassetteNotFoundError

        path = Path(cassette_path)
        if not path.is_file():
            raise CassetteNotFoundError()
        text, data = _read(path)
        if self.base_url is None:
            self.base_url = data.get("base_url")
        controls = data.get("controls", [])
        self.loaded_controls = [c for c in controls if isinstance(c, dict) and "op" in c]
        requests = []
        responses = []
        interactions = data.get("interactions", [])
        origin = FileText(text, len(interactions))
        for seq, item in enumerate(interactions):
            requests.append(to_vcr(request_from_stored(item["request"]), seq, self.options))
            responses.append(_response_from_stored(item["response"], origin, seq))
        return requests, responses

    def save_cassette(
        self, cassette_path: str, cassette_dict: dict[str, Any], serializer: Any
    ) -> None:
        """Write interactions sorted by the sequence number taken at send time."""
        pairs = sorted(
            zip(cassette_dict["requests"], cassette_dict["responses"], strict=True),
            key=lambda pair: seq_of(pair[0]),
        )
        interactions = [
            {"request": stored_request(from_vcr(req)), "response": _stored_response(resp)}
            for req, resp in pairs
        ]
        if self.before_record is not None:
            kept = []
            for interaction in interactions:
                changed = self.before_record(interaction)
                if changed is not None:
                    kept.append(changed)
            interactions = kept
        base_url = self.base_url
        if base_url is None and interactions:
            # Recorded without the plugin naming the server (a session-wide or hand-made
            # one): the first request says where it went.
            split = urlsplit(interactions[0]["request"]["url"])
            base_url = f"{split.scheme}://{split.netloc}"
        document: dict[str, Any] = {
            "format": FORMAT,
            "base_url": base_url,
            "interactions": interactions,
        }
        controls = self.controls or self.loaded_controls
        if controls:
            document["controls"] = [self.scrubber.scrub_json(c) for c in controls]
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if self.alias is not None:
            # A port number is unique in the text, so plain replacement is exact.
            text = text.replace(self.alias[0], self.alias[1])
        # Before the shape scan: a secret repeated outside the scrubbing rules may have any
        # shape (a password), and its own placeholder keeps replay consistent.
        text = self.scrubber.scrub_known(text)
        leaks = find_leaks(text)
        if leaks:
            logger.warning(
                "scrubbing %d secret-looking strings left in %s", len(leaks), cassette_path
            )
            text = self.scrubber.scrub_text(text)
        personal = find_personal(text)
        if personal:
            warnings.warn(
                CassettePersonalDataWarning(
                    f"pytest-wialon: cassette {cassette_path} holds {len(personal)} e-mail- or "
                    f"phone-shaped string(s) (first: {personal[0][:3]}...); scrub them with a "
                    "rule (the wialon_scrub ini option or the marker's scrub=); if they are "
                    "meant to be there, filter this CassettePersonalDataWarning"
                ),
                stacklevel=2,
            )
        write_cassette_file(Path(cassette_path), text)
