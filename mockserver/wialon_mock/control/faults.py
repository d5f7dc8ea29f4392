"""Errors injected on purpose: a Wialon error, an HTTP error page, a broken body, a delay, a
dropped connection or a request that hangs, for one ``svc`` or all of them.

A fault spec is a plain dict (the same from the admin API, Python and scenario files)::

    {"svc": "avl_evts" | "core/search_item" | "*", "kind": K, "probability": 1.0, "times": N}

with ``kind`` one of ``error`` (+ ``code``, optional ``reason``), ``http`` (+ ``status``),
``malformed`` (optional ``body``: ``"html"``, ``"truncated"``, ``"empty"`` or literal text),
``delay`` (+ ``seconds``), ``reset``, ``timeout`` (+ ``seconds``). ``times`` absent or ``null``
means the fault never runs out. ``"in_batch": true`` (kind ``error`` only) fails the matching
item inside a ``core/batch`` instead of whole requests.

Faults are drawn from a :class:`random.Random` seeded from the config, so a run with the same
seed and the same requests fails the same requests.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping, MutableSequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from wialon_protocol.wire import batch_calls

from ..model.errors import ApiError
from .suggest import did_you_mean
from .suggest import unknown as unknown_fields

KINDS = ("error", "http", "malformed", "delay", "reset", "timeout")

#: bodies of a ``malformed`` fault: each looks like something a broken proxy or a crashed
#: backend really sends with a 200 status
MALFORMED_BODIES = {
    "html": b"<html><body><h1>Service is temporarily unavailable</h1></body></html>",
    "truncated": b'{"tm":1700000000,"events":[{"i":1,"t":"m","d":{"t":17',
    "empty": b"",
}


class FaultSpecError(ValueError):
    """A fault spec that cannot be installed; the message says which field is wrong."""


@dataclass
class Fault:
    """One installed fault and how often it has fired."""

    id: int
    svc: str
    kind: str
    probability: float = 1.0
    times: int | None = None
    code: int = 6
    reason: str | None = None
    status: int = 502
    body: str = "html"
    seconds: float = 0.0
    in_batch: bool = False
    hits: int = 0

    def applies_to(self, svc: str) -> bool:
        """Whether this fault may fire for ``svc`` now (it is not used up)."""
        if self.times is not None and self.hits >= self.times:
            return False
        return (self.svc == "*" or self.svc == svc) and (
            self.times is None or self.hits < self.times
        )

    def error(self) -> ApiError:
        """The Wialon error a ``kind: error`` fault answers with."""
        return ApiError(self.code, self.reason)

    def payload(self) -> bytes:
        """The body of a ``malformed`` or ``http`` fault."""
        if self.kind == "http":
            try:
                phrase = HTTPStatus(self.status).phrase
            except ValueError:
                phrase = "Error"
            title = f"{self.status} {phrase}"
            return (
                f"<html><head><title>{title}</title></head>"
                f"<body><h1>{title}</h1><hr><p>proxy</p></body></html>\n"
            ).encode()
        return MALFORMED_BODIES.get(self.body, self.body.encode())

    def to_dict(self) -> dict[str, Any]:
        """The JSON form listed by ``GET /_mock/faults``: the spec plus ``id`` and ``hits``."""
        out: dict[str, Any] = {
            "id": self.id,
            "svc": self.svc,
            "kind": self.kind,
            "probability": self.probability,
            "times": self.times,
            "hits": self.hits,
        }
        if self.kind == "error":
            out["code"] = self.code
            if self.reason is not None:
                out["reason"] = self.reason
            out["in_batch"] = self.in_batch
        elif self.kind == "http":
            out["status"] = self.status
        elif self.kind == "malformed":
            out["body"] = self.body
        elif self.kind in ("delay", "timeout"):
            out["seconds"] = self.seconds
        return out


def _number(spec: Mapping[str, Any], key: str, default: float) -> float:
    value = spec.get(key, default)
    # bool is an int subclass, but "seconds": true is a typo, not a number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FaultSpecError(f"{key!r} must be a number")
    return float(value)


def _integer(spec: Mapping[str, Any], key: str, default: int | None) -> int | None:
    value = spec.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise FaultSpecError(f"{key!r} must be an integer")
    return value


_SPEC_FIELDS = frozenset(
    {"svc", "kind", "probability", "times", "code", "reason", "status", "body", "seconds"}
    | {"in_batch", "id", "hits"}
)


def parse_fault(spec: Mapping[str, Any], fault_id: int) -> Fault:
    """Check a fault spec and build the :class:`Fault`; raises :class:`FaultSpecError`."""
    if not isinstance(spec, Mapping):
        raise FaultSpecError("a fault is a JSON object")
    unknown = set(map(str, spec)) - _SPEC_FIELDS
    if unknown:
        raise FaultSpecError(unknown_fields("fault fields", unknown, _SPEC_FIELDS))
    svc = spec.get("svc", "*")
    if not isinstance(svc, str) or not svc:
        raise FaultSpecError("'svc' must be a service name or '*'")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise FaultSpecError(
            f"'kind' must be one of {', '.join(KINDS)}{did_you_mean(str(kind), KINDS)}"
        )
    probability = _number(spec, "probability", 1.0)
    if not 0.0 <= probability <= 1.0:
        raise FaultSpecError("'probability' must be between 0 and 1")
    times = _integer(spec, "times", None)
    if times is not None and times < 1:
        raise FaultSpecError("'times' must be positive (or null for no end)")
    fault = Fault(id=fault_id, svc=svc, kind=kind, probability=probability, times=times)
    in_batch = spec.get("in_batch", False)
    if not isinstance(in_batch, bool):
        raise FaultSpecError("'in_batch' must be true or false")
    if in_batch and kind != "error":
        raise FaultSpecError("only 'error' faults can fail an item inside a batch")
    fault.in_batch = in_batch
    if kind == "error":
        fault.code = _integer(spec, "code", None) or 0
        if "code" not in spec or fault.code == 0:
            raise FaultSpecError("an 'error' fault needs a non-zero integer 'code'")
        reason = spec.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise FaultSpecError("'reason' must be a string")
        fault.reason = reason
    elif kind == "http":
        status = _integer(spec, "status", None)
        if status is None or not 400 <= status <= 599:
            raise FaultSpecError("an 'http' fault needs a 'status' from 400 to 599")
        fault.status = status
    elif kind == "malformed":
        body = spec.get("body", "html")
        if not isinstance(body, str):
            raise FaultSpecError("'body' must be a string")
        fault.body = body
    elif kind in ("delay", "timeout"):
        fault.seconds = _number(spec, "seconds", 30.0 if kind == "timeout" else 1.0)
        if fault.seconds < 0:
            raise FaultSpecError("'seconds' must not be negative")
    return fault


class FaultEngine:
    """The installed faults, the seeded dice, and the hook that fails items inside a batch."""

    def __init__(
        self, seed: int = 1, services: Callable[[], Collection[str]] | None = None
    ) -> None:
        #: the services a fault may name besides "*" (asked at every add: handlers can be
        #: registered late); None accepts any name
        self._services = services
        self._rng = random.Random(seed)
        self._faults: list[Fault] = []
        self._next_id = 1
        #: fast-path flag: no request-level fault installed at all
        self.active = False

    def reseed(self, seed: int) -> None:
        """Restart the dice, so the same requests fail again."""
        self._rng = random.Random(seed)

    def add(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Install a fault; returns it with its ``id``. Raises :class:`FaultSpecError`."""
        fault = parse_fault(spec, self._next_id)
        if self._services is not None and fault.svc != "*":
            known = self._services()
            if fault.svc not in known:
                # such a fault would be accepted and never fire
                raise FaultSpecError(
                    f"unknown service {fault.svc!r}{did_you_mean(fault.svc, known)}"
                    " (a fault names a service the fake server implements, or '*')"
                )
        self._next_id += 1
        self._faults.append(fault)
        self._refresh()
        return fault.to_dict()

    def remove(self, fault_id: int) -> bool:
        """Uninstall one fault; returns whether it existed."""
        before = len(self._faults)
        self._faults = [f for f in self._faults if f.id != fault_id]
        self._refresh()
        return len(self._faults) != before

    def clear(self) -> int:
        """Uninstall every fault; returns how many there were."""
        count = len(self._faults)
        self._faults.clear()
        self._refresh()
        return count

    def list(self) -> list[dict[str, Any]]:
        """Every installed fault (used-up ones too) with its hit count."""
        return [fault.to_dict() for fault in self._faults]

    def _refresh(self) -> None:
        self.active = any(not fault.in_batch for fault in self._faults)

    def _draw(self, fault: Fault) -> bool:
        # a certain fault never consumes a random number, so adding one does not shift
        # the dice of the probabilistic ones
        return fault.probability >= 1.0 or self._rng.random() < fault.probability

    def pick(self, svc: str) -> Fault | None:
        """The request-level fault that fires for this request of ``svc``, if any."""
        for fault in self._faults:
            if not fault.in_batch and fault.applies_to(svc) and self._draw(fault):
                fault.hits += 1
                return fault
        return None

    def batch_item(self, svc: str) -> ApiError | None:
        """The ``batch_fault`` hook of a call: the error one ``core/batch`` item must fail with."""
        fault = self.pick_item(svc)
        return None if fault is None else fault.error()

    def batch_hook(
        self, hits: MutableSequence[tuple[str, int, int]]
    ) -> Callable[[str], ApiError | None]:
        """A ``batch_fault`` hook for one ``core/batch`` that notes each fault it fires in
        ``hits`` as (item svc, how many items of that svc came before, fault id)."""
        calls: dict[str, int] = {}

        def hook(svc: str) -> ApiError | None:
            n = calls.get(svc, 0)
            calls[svc] = n + 1
            fault = self.pick_item(svc)
            if fault is None:
                return None
            hits.append((svc, n, fault.id))
            return fault.error()

        return hook

    def pick_item(self, svc: str) -> Fault | None:
        """The ``in_batch`` fault that fires for this ``core/batch`` item of ``svc``, if any."""
        for fault in self._faults:
            if fault.in_batch and fault.applies_to(svc) and self._draw(fault):
                fault.hits += 1
                return fault
        return None


def batch_item_faults(params: Any, hits: list[tuple[str, int, int]]) -> dict[str, int] | None:
    """Which items of a ``core/batch`` a fault failed: item index (text, a JSON key) -> id.

    The hook is called once per well-formed item (a dict with a text ``svc``), in order, so
    the n-th call for a service is that service's n-th well-formed item.
    """
    items = batch_calls(params)
    if not hits or not items:
        return None
    fired = {(svc, n): fault_id for svc, n, fault_id in hits}
    seen: dict[str, int] = {}
    out: dict[str, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and isinstance(item.get("svc"), str):
            n = seen.get(item["svc"], 0)
            seen[item["svc"]] = n + 1
            if (item["svc"], n) in fired:
                out[str(index)] = fired[item["svc"], n]
    return out or None
