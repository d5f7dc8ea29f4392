"""Admin operations of a recording, read back on replay; the recorded login token."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterable
from typing import Any

__all__ = ["args_key", "recorded_token", "take_control"]


def args_key(op: str, args: Any) -> str:
    """Admin-call arguments as compared on replay.

    Bound to the operation's declared signature with its defaults, so ``freeze()`` and
    ``freeze(True)`` are one call; numbers by value (``advance(600)`` is noted as ``600.0``
    by cassettes of earlier versions), ``True`` apart from ``1``.
    """
    from wialon_mock.control.ops import AdminOps

    declared = getattr(AdminOps, op, None)
    listed = list(args) if isinstance(args, (list, tuple)) else [args]
    keywords = listed.pop() if listed and isinstance(listed[-1], dict) else {}
    if declared is not None and op != "add_fault":
        try:
            bound = inspect.signature(declared).bind(None, *listed, **keywords)
        except TypeError:
            pass  # noted by another version of the operation: compared as noted
        else:
            bound.apply_defaults()
            args = list(bound.arguments.values())[1:]

    def norm(value: Any) -> Any:
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, dict):
            return {str(key): norm(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [norm(item) for item in value]
        return value

    return json.dumps(norm(args), sort_keys=True, default=str)


def take_control(
    loaded: list[dict[str, Any]], taken: set[int], op: str, args: list[Any]
) -> dict[str, Any] | None:
    """The first of the ``loaded`` admin operations ``op`` with these ``args`` not in ``taken``.

    The one found is added to ``taken``: each recorded call answers one call on replay.
    """
    wanted = args_key(op, args)
    for index, noted in enumerate(loaded):
        if index in taken or noted.get("op") != op:
            continue
        if args_key(op, noted.get("args", [])) == wanted:
            taken.add(index)
            return noted
    return None


def recorded_token(requests: Iterable[Any]) -> str | None:
    """The token (a placeholder) the first recorded ``token/login`` sent, if any."""
    for request in requests:
        params = request.params
        if request.svc == "token/login" and isinstance(params, dict):
            token = params.get("token")
            if isinstance(token, str) and token:
                return token
    return None
