"""How Python keyword arguments become Wialon parameter names.

Wialon names parameters in camelCase and uses words Python reserves (``from``, ``to`` is
fine but ``from`` is not). So a keyword is cleaned before it goes on the wire: leading and
trailing underscores are dropped and the first letter is lowered, at every depth of nested
dicts and lists::

    from_=0      -> "from": 0
    ItemId=17    -> "itemId": 17
    _id=3        -> "id": 3

This is the rule py-aiowialon applies, kept so code written for it sends the same requests.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["param_name", "wire_params"]


@lru_cache(maxsize=4096)
def _clean(key: str) -> str:
    stripped = key.strip("_")
    return stripped[:1].lower() + stripped[1:]


def param_name(key: str) -> str:
    """The Wialon spelling of one keyword: ``from_`` -> ``from``, ``ItemId`` -> ``itemId``."""
    # Most keys are already plain camelCase; skip the cache lookup for them.
    if key and key[0].islower() and key[-1] != "_":
        return key
    return _clean(key)


def _value(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return wire_params(value)
    if kind is list or kind is tuple:
        return [_value(item) for item in value]
    return value


def wire_params(params: dict[str, Any]) -> dict[str, Any]:
    """A new dict with every key (nested ones too) in its Wialon spelling.

    The input is not changed. Values that are not dicts, lists or tuples are passed through
    as they are, so an ``IntEnum`` flag stays a number for the JSON encoder.
    """
    out: dict[str, Any] = {}
    for key, value in params.items():
        if type(key) is str:
            key = param_name(key)
        out[key] = _value(value)
    return out
