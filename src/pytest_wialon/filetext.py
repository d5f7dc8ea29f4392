"""Where each recorded answer sits in the text of its cassette file.

A replayed JSON answer is handed to the code as the value read from the file (see
:meth:`pytest_wialon.bodies.LazyBody.hand_out`). Two things still need the answer as it was
recorded, after the code may have changed that value: the journal's bytes, and the check
whether the answer holds a placeholder to give back. Both can be read from the file's text,
which is kept: copying each value as it was handed out was a fifth of a replayed call.

The spans are found in a file laid out as :class:`~pytest_wialon.cassettes.CassettePersister`
writes it (two-space indents, each interaction's ``request`` first). JSON has no raw newline
inside a string, so the markers below are only ever whitespace between tokens; and there must
be exactly one per interaction. Any other layout (a file edited by hand and re-indented) gets
no spans, and its answers are copied as before.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from typing import Any

__all__ = ["FileText"]

#: An interaction of the ``interactions`` list, and its ``response`` key, as the writer
#: lays them out (``json.dumps(..., indent=2)``).
_INTERACTION = '\n    {\n      "request": '
_RESPONSE = '\n      "response": '

_decoder = json.JSONDecoder()


class FileText:
    """The text of one cassette file and, found on first use, the span of each response."""

    __slots__ = ("_document", "_ends", "_escapes", "_places", "_starts", "count", "text")

    def __init__(self, text: str, count: int) -> None:
        self.text = text
        #: the number of interactions the file holds
        self.count = count
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        self._document: Any = None
        self._escapes = True  # until the spans are found
        self._places: dict[str, list[int]] = {}

    def _spans(self) -> list[int]:
        starts = self._starts
        if starts is None:
            starts = self._starts = self._find()
        return starts

    def _find(self) -> list[int]:
        """Where each response object starts (empty when the layout is not the writer's)."""
        text = self.text
        find = text.find
        interactions: list[int] = []
        at = find(_INTERACTION)
        while at >= 0:
            interactions.append(at)
            at = find(_INTERACTION, at + len(_INTERACTION))
        if len(interactions) != self.count:
            return []
        ends = [*interactions[1:], len(text)]
        starts: list[int] = []
        for begin, end in zip(interactions, ends, strict=True):
            found = find(_RESPONSE, begin, end)
            if found < 0 or text[found + len(_RESPONSE)] != "{":
                return []
            starts.append(found + len(_RESPONSE))
        self._ends = ends
        self._escapes = "\\" in text  # none at all: no span needs looking at
        return starts

    def plain(self, at: int, placeholders: Any) -> bool:
        """Whether the response of interaction ``at`` is known to hold none of
        ``placeholders`` in any string (False when that cannot be told from the text).

        A string holding one holds it in the text too, unless the string has an escape:
        a response with any backslash is never called plain.
        """
        starts = self._spans()
        if not 0 <= at < len(starts):
            return False
        begin, end = starts[at], self._ends[at]
        if self._escapes and self.text.find("\\", begin, end) >= 0:
            return False
        places = self._places
        for placeholder in placeholders:
            found = places.get(placeholder)
            if found is None:
                found = places[placeholder] = self._where(placeholder)
            # the first place at or after the span's start: inside it, or none is
            first = bisect_left(found, begin)
            if first < len(found) and found[first] < end:
                return False
        return True

    def _where(self, placeholder: str) -> list[int]:
        """Every place ``placeholder`` is in the text (found once: the text never changes,
        and a span search per replayed call cost more than the rest of the check)."""
        find = self.text.find
        places: list[int] = []
        at = find(placeholder)
        while at >= 0:
            places.append(at)
            at = find(placeholder, at + 1)
        return places

    def answer(self, at: int) -> Any:
        """The JSON answer of interaction ``at`` read again from the text: a fresh value."""
        starts = self._spans()
        if 0 <= at < len(starts):
            try:
                response, _end = _decoder.raw_decode(self.text, starts[at])
            except ValueError:
                response = None
            if isinstance(response, dict) and "json" in response:
                return response["json"]
        # Not where the spans said (they are only used when found): the whole file again.
        if self._document is None:
            self._document = json.loads(self.text)
        return self._document["interactions"][at]["response"]["json"]
