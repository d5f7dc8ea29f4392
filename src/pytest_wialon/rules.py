"""Path rules: which values of a JSON document a scrub or match rule applies to.

A rule names either a key, matched at any depth (``ph``), or a dotted path matched at the
end of a value's path, where ``*`` stands for any one key or list index (``drvrs.*.p``: the
phone of every driver of a resource, whether the resource is a search result's item or the
top of an answer). A document is a request's ``params`` or a response body; a rule is tried
against both, so ``user.nm`` means the ``nm`` of a login answer's ``user``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Placeholder families a scrub rule may name, and ``keep`` (switch a default rule off).
KINDS = ("email", "login", "phone", "name", "imei", "ip", "code", "secret", "keep")

#: What the plugin scrubs unless a project says otherwise (the issue tracker's list:
#: people's data and device secrets that real Wialon answers carry).
DEFAULT_RULES: dict[str, str] = {
    "au": "login",
    "user.nm": "login",
    "operateAs": "login",
    "ph": "phone",
    "ph2": "phone",
    "drvrs.*.p": "phone",
    "drvrs.*.n": "name",
    "drvrs.*.c": "code",
    "uid": "imei",
    "uid2": "imei",
    "psw": "secret",
    "drvrs.*.pwd": "secret",
    "host": "ip",
    "hw_gw_ip": "ip",
}

#: Any key whose name holds one of these words is a secret, whatever else it says.
SECRET_WORDS = ("token", "key", "hash", "secret", "password")


@dataclass(frozen=True)
class PathRule:
    """One rule: a key anywhere (one part) or the end of a path (several parts)."""

    parts: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> PathRule:
        """``"ph"`` or ``"drvrs.*.p"``."""
        parts = tuple(text.strip().split("."))
        if not text.strip() or any(not part for part in parts):
            raise ValueError(f"bad rule path {text!r}: use a key (ph) or a dotted path (a.*.b)")
        return cls(parts)

    def applies(self, path: tuple[str, ...]) -> bool:
        """Whether the value at ``path`` (keys from the top) falls under this rule."""
        size = len(self.parts)
        if len(path) < size:
            return False
        tail = path[len(path) - size :]
        return all(want in ("*", got) for want, got in zip(self.parts, tail, strict=True))


class RuleSet:
    """Rules with their values (a placeholder family, a window, ...); the first match wins.

    Path rules are tried before key rules, so ``drvrs.*.n`` beats a project-wide ``n``.
    """

    def __init__(self, rules: Mapping[str, Any]) -> None:
        parsed = [(PathRule.parse(text), value) for text, value in rules.items()]
        parsed.sort(key=lambda item: -len(item[0].parts))
        self._rules = parsed
        self.names = frozenset(rules)

    def __bool__(self) -> bool:
        return bool(self._rules)

    def find(self, path: tuple[str, ...]) -> Any:
        """The value of the first rule that applies to ``path``, else None."""
        for rule, value in self._rules:
            if rule.applies(path):
                return value
        return None


def parse_lines(lines: Iterable[str], what: str) -> dict[str, str]:
    """``key=value`` lines of an ini option into a dict; a bad line raises ValueError."""
    out: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"{what}: {line!r} is not PATH=VALUE")
        out[key.strip()] = value.strip()
    return out


def did_you_mean(word: str, valid: Iterable[str]) -> str:
    """`` (did you mean 'units'?)`` when a valid name is close to ``word``, else ``""``."""
    close = difflib.get_close_matches(word, list(valid), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_kinds(rules: Mapping[str, str], where: str) -> None:
    """Refuse a scrub rule naming an unknown placeholder family, with a did-you-mean."""
    for path, kind in rules.items():
        if kind not in KINDS:
            raise ValueError(
                f"{where}: scrub rule {path}={kind!r}: the kind must be one of "
                f"{', '.join(KINDS)}{did_you_mean(str(kind), KINDS)}"
            )
        PathRule.parse(path)
