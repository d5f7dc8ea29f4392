"""Checking an answer against the shape of a reference page's example answer.

A shape is written the way the pages write their examples, with Python types in place of
``<text>``, ``<uint>``, ``<double>``:

* ``str``, ``int``, ``float`` (any JSON number), ``bool``, ``None`` (JSON null), ``Any``,
  ``dict`` and ``list`` (any object, any array);
* a dict: every key the example shows must be there, with a value of its shape (extra keys
  are allowed: pages leave some out);
* ``MapOf(shape)``: an object keyed by ids or names (``"<text>": {...}``), each value of
  ``shape``;
* ``[shape]``: an array whose every element has ``shape`` (``[]`` accepts any array);
* ``OneOf(a, b)``: either shape; ``Exact(value)``: that value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


def mismatches(answer: Any, shape: Any, path: str = "$") -> list[str]:
    """Where ``answer`` departs from ``shape`` (empty when it conforms)."""
    if shape is Any:
        return []
    if isinstance(shape, Exact):
        return [] if answer == shape.value else [f"{path}: {answer!r} is not {shape.value!r}"]
    if isinstance(shape, OneOf):
        tries = [mismatches(answer, option, path) for option in shape.options]
        return [] if any(not t for t in tries) else min(tries, key=len)
    if shape is None:
        return [] if answer is None else [f"{path}: {answer!r} is not null"]
    if shape is bool:
        return [] if isinstance(answer, bool) else [f"{path}: {answer!r} is not a boolean"]
    if shape is int:
        ok = isinstance(answer, int) and not isinstance(answer, bool)
        return [] if ok else [f"{path}: {answer!r} is not an integer"]
    if shape is float:
        ok = isinstance(answer, int | float) and not isinstance(answer, bool)
        return [] if ok else [f"{path}: {answer!r} is not a number"]
    if shape is str:
        return [] if isinstance(answer, str) else [f"{path}: {answer!r} is not text"]
    if shape is dict:
        return [] if isinstance(answer, dict) else [f"{path}: {answer!r} is not an object"]
    if shape is list:
        return [] if isinstance(answer, list) else [f"{path}: {answer!r} is not an array"]
    if isinstance(shape, MapOf):
        if not isinstance(answer, dict):
            return [f"{path}: {type(answer).__name__} is not an object"]
        return [m for k, v in answer.items() for m in mismatches(v, shape.value, f"{path}.{k}")]
    if isinstance(shape, dict):
        if not isinstance(answer, dict):
            return [f"{path}: {type(answer).__name__} is not an object"]
        out = [f"{path}: key {k!r} missing" for k in shape if k not in answer]
        for key, sub in shape.items():
            if key in answer:
                out += mismatches(answer[key], sub, f"{path}.{key}")
        return out
    if isinstance(shape, list):
        if not isinstance(answer, list):
            return [f"{path}: {type(answer).__name__} is not an array"]
        if not shape:
            return []
        if len(shape) > 1:  # a tuple-like array: [id, object]
            if len(answer) != len(shape):
                return [f"{path}: {len(answer)} elements, the example has {len(shape)}"]
            return [
                m for i, s in enumerate(shape) for m in mismatches(answer[i], s, f"{path}[{i}]")
            ]
        return [m for i, a in enumerate(answer) for m in mismatches(a, shape[0], f"{path}[{i}]")]
    raise TypeError(f"not a shape: {shape!r}")
