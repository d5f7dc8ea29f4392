"""Match options: params whose values a cassette should not compare as they are.

Code under test makes some values up as it runs: a time window computed from "now"
(``timeFrom``/``timeTo``), a random id. Recorded once, such a call never matches again.
``match_ignore`` leaves the named params out of matching; ``match_round`` compares numbers
rounded down to a window of that many units (``{"timeFrom": 3600}``: the same hour). Both
take keys or dotted paths (see :mod:`pytest_wialon.rules`), from the marker or the ini file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .rules import RuleSet

__all__ = ["MatchOptions", "looks_run_made"]

_DROPPED = object()


@dataclass(frozen=True)
class MatchOptions:
    """What matching does with particular params; empty by default."""

    ignore: tuple[str, ...] = ()
    round: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for path, window in self.round.items():
            if isinstance(window, bool) or not isinstance(window, (int, float)) or window <= 0:
                raise ValueError(f"match_round {path}={window!r}: the window must be > 0")
        object.__setattr__(self, "_ignore", RuleSet(dict.fromkeys(self.ignore, True)))
        object.__setattr__(self, "_round", RuleSet(dict(self.round)))

    @classmethod
    def merged(cls, *layers: tuple[Iterable[str], Mapping[str, float]]) -> MatchOptions:
        """Options of several layers (ini, then marker); later layers add and override."""
        ignore: list[str] = []
        windows: dict[str, float] = {}
        for names, rounding in layers:
            ignore += [name for name in names if name not in ignore]
            windows.update(rounding)
        return cls(tuple(ignore), windows)

    def __bool__(self) -> bool:
        return bool(self.ignore or self.round)

    def apply(self, params: Any) -> Any:
        """``params`` as matching sees them: ignored values gone, rounded ones rounded."""
        if not self:
            return params
        out = self._walk(params, ())
        return None if out is _DROPPED else out

    def _walk(self, value: Any, path: tuple[str, ...]) -> Any:
        ignore: RuleSet = self._ignore  # type: ignore[attr-defined]  # set in __post_init__
        rounding: RuleSet = self._round  # type: ignore[attr-defined]  # set in __post_init__
        if path and ignore.find(path):
            return _DROPPED
        window = rounding.find(path) if path else None
        if window is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(value // window)
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                kept = self._walk(item, (*path, str(key)))
                if kept is not _DROPPED:
                    out[key] = kept
            return out
        if isinstance(value, list):
            return [self._walk(item, (*path, "*")) for item in value]
        return value


def looks_run_made(sent: Any, recorded: Any) -> bool:
    """Whether two differing values look made up at run time rather than written in code.

    Two UNIX times within ten years of each other, or two strings of one shape (the same
    length, the same text before a tail of six or more hex digits, as ``aiowialon_3f9c...``):
    a re-recording would capture another such value, so advising one cannot help.
    """
    if isinstance(sent, bool) or isinstance(recorded, bool):
        return False
    if isinstance(sent, (int, float)) and isinstance(recorded, (int, float)):
        return 1e9 <= sent <= 4e9 and 1e9 <= recorded <= 4e9
    if isinstance(sent, str) and isinstance(recorded, str) and len(sent) == len(recorded) >= 8:

        def stem(text: str) -> str:
            return text.rstrip("0123456789abcdefABCDEF")

        tail = len(sent) - len(stem(sent))
        return tail >= 6 and stem(sent) == stem(recorded)
    return False
