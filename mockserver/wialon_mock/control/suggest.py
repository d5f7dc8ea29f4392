"""Did-you-mean hints for one-line errors (an option, a scenario key, a service name)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown(what: str, words: Iterable[str], choices: Iterable[str]) -> str:
    """``unknown WHAT: a (did you mean 'b'?), c`` for every word not in ``choices``."""
    known = list(choices)
    parts = [f"{word}{did_you_mean(word, known)}" for word in sorted(words)]
    return f"unknown {what}: {', '.join(parts)}"
