"""Checking an answer against the shape of a reference page's example answer: the one
checker every conformance test uses.

A shape is written the way the pages write their examples, with Python types in place of
``<text>``, ``<uint>``, ``<double>``:

* ``str``, ``int``, ``float`` (any JSON number, :data:`NUMBER`), ``bool``, ``None`` (JSON
  null), ``Any``, ``dict`` and ``list`` (any object, any array); a boolean is never taken
  for a number;
* a tuple of those types: any of them (``(int, float, str)`` for a sensor value);
* a dict: every key the example shows must be there, with a value of its shape. Keys the
  example does not show are allowed by :func:`mismatches` (pages leave some out) and
  reported by :func:`check` unless its ``extra`` names them (``closed=True``);
* ``MapOf(shape)``: an object keyed by ids or names (``"<text>": {...}``), each value of
  ``shape``;
* ``[shape]``: an array whose every element has ``shape`` (``[]`` accepts any array);
  ``[a, b]``: a tuple-like array of exactly those elements (``[id, {...}]``);
* ``OneOf(a, b)``: either shape; ``Exact(value)``: that value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: the page's ``<double>``: a JSON number, integer or not
NUMBER = float


@dataclass(frozen=True)
class MapOf:
    """An object with arbitrary keys whose values all have ``value``'s shape."""

    value: Any


@dataclass(frozen=True)
class OneOf:
    """Any of several shapes."""

    options: tuple[Any, ...]

    def __init__(self, *options: Any) -> None:
        object.__setattr__(self, "options", options)


@dataclass(frozen=True)
class Exact:
    """Exactly this value."""

    value: Any


def _plain(answer: Any, kind: type, path: str) -> list[str]:
    """One plain type (``str``, ``int``, ``float``, ``bool``, ``dict``, ``list``)."""
    if kind is bool:
        ok = isinstance(answer, bool)
    elif kind is float:
        ok = isinstance(answer, int | float) and not isinstance(answer, bool)
    elif kind is int:
        ok = isinstance(answer, int) and not isinstance(answer, bool)
    else:
        ok = isinstance(answer, kind)
    return [] if ok else [f"{path}: {answer!r} is not {_NAMES.get(kind, kind.__name__)}"]


_NAMES = {bool: "a boolean", int: "an integer", float: "a number", str: "text",
          dict: "an object", list: "an array"}  # fmt: skip


def mismatches(
    answer: Any,
    shape: Any,
    path: str = "$",
    *,
    closed: bool = False,
    extra: frozenset[str] = frozenset(),
) -> list[str]:
    """Where ``answer`` departs from ``shape`` (empty when it conforms).

    ``closed`` also reports keys of an object that its shape does not show, except those in
    ``extra``.
    """

    def sub(value: Any, inner: Any, where: str) -> list[str]:
        return mismatches(value, inner, where, closed=closed, extra=extra)

    if shape is Any:
        return []
    if isinstance(shape, Exact):
        return [] if answer == shape.value else [f"{path}: {answer!r} is not {shape.value!r}"]
    if isinstance(shape, OneOf):
        tries = [sub(answer, option, path) for option in shape.options]
        return [] if any(not t for t in tries) else min(tries, key=len)
    if shape is None:
        return [] if answer is None else [f"{path}: {answer!r} is not null"]
    if isinstance(shape, type):
        return _plain(answer, shape, path)
    if isinstance(shape, tuple):
        tries = [_plain(answer, kind, path) for kind in shape]
        return [] if any(not t for t in tries) else [f"{path}: {answer!r} is none of {shape}"]
    if isinstance(shape, MapOf):
        if not isinstance(answer, dict):
            return [f"{path}: {type(answer).__name__} is not an object"]
        return [m for k, v in answer.items() for m in sub(v, shape.value, f"{path}.{k}")]
    if isinstance(shape, dict):
        if not isinstance(answer, dict):
            return [f"{path}: {type(answer).__name__} is not an object"]
        out = [f"{path}: key {k!r} missing" for k in shape if k not in answer]
        if closed:
            out += [f"{path}: key {k!r} the page does not show" for k in answer
                    if k not in shape and k not in extra]  # fmt: skip
        for key, inner in shape.items():
            if key in answer:
                out += sub(answer[key], inner, f"{path}.{key}")
        return out
    if isinstance(shape, list):
        if not isinstance(answer, list):
            return [f"{path}: {type(answer).__name__} is not an array"]
        if not shape:
            return []
        if len(shape) > 1:  # a tuple-like array: [id, object]
            if len(answer) != len(shape):
                return [f"{path}: {len(answer)} elements, the example has {len(shape)}"]
            return [m for i, s in enumerate(shape) for m in sub(answer[i], s, f"{path}[{i}]")]
        return [m for i, a in enumerate(answer) for m in sub(a, shape[0], f"{path}[{i}]")]
    raise TypeError(f"not a shape: {shape!r}")


def check(answer: Any, shape: Any, *, extra: frozenset[str] = frozenset()) -> None:
    """Assert that ``answer`` has exactly the keys, types and nesting of ``shape``: nothing
    the example shows is missing, and nothing it does not show is there (but ``extra``)."""
    found = mismatches(answer, shape, closed=True, extra=extra)
    assert not found, "answer departs from the documented example: " + "; ".join(found)
