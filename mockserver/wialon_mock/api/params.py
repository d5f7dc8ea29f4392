"""Validation of decoded ``params``: anything malformed becomes ``ApiError(E.INVALID_INPUT)``.

``params`` reaches a handler as whatever JSON the client sent (object, array, number, null),
so every handler goes through these helpers instead of indexing blindly.
"""

from __future__ import annotations

from typing import Any

from wialon_protocol.errors import ErrorCode as E

from ..model.errors import ApiError

#: flags wider than this are cut, as the server treats them as unsigned 64-bit values
_U64 = 0xFFFFFFFFFFFFFFFF


def obj(params: Any) -> dict[str, Any]:
    """``params`` as an object (``null``/missing counts as ``{}``)."""
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise ApiError(E.INVALID_INPUT)
    return params


def as_int(value: Any) -> int:
    """A JSON number or numeric string as an int (bools and fractions are refused)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip(), 10)
        except ValueError:
            raise ApiError(E.INVALID_INPUT) from None
    raise ApiError(E.INVALID_INPUT)


def req_int(p: dict[str, Any], key: str) -> int:
    """A required integer parameter."""
    if key not in p:
        raise ApiError(E.INVALID_INPUT)
    return as_int(p[key])


def opt_int(p: dict[str, Any], key: str, default: int) -> int:
    """An optional integer parameter."""
    value = p.get(key)
    return default if value is None else as_int(value)


def flags(value: Any) -> int:
    """Data flags: number or numeric string, possibly above 2**53; -1 means every flag."""
    return as_int(value) & _U64


def opt_str(p: dict[str, Any], key: str, default: str = "") -> str:
    """An optional string parameter."""
    value = p.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ApiError(E.INVALID_INPUT)
    return value


def req_str(p: dict[str, Any], key: str) -> str:
    """A required string parameter."""
    value = p.get(key)
    if not isinstance(value, str):
        raise ApiError(E.INVALID_INPUT)
    return value


def id_list(value: Any) -> list[int]:
    """A JSON array of ids."""
    if not isinstance(value, list):
        raise ApiError(E.INVALID_INPUT)
    return [as_int(v) for v in value]
