"""The table of known Wialon services and how method names map onto them.

``wialon.unit_group_update_units(...)`` becomes the call ``unit_group/update_units``: the
longest known service group that prefixes the name wins, so names with underscores on either
side of the slash resolve without guessing.
"""

from __future__ import annotations

# A first cut; the full table of the Wialon Remote API replaces it.
SERVICES: frozenset[str] = frozenset(
    {
        "core/search_item",
        "core/search_items",
        "core/batch",
        "core/logout",
        "token/login",
        "unit_group/update_units",
    }
)


class UnknownServiceError(AttributeError):
    """A method name that matches no known Wialon service."""


def resolve_service(name: str) -> str:
    """Turn ``core_search_item`` or ``core/search_item`` into ``core/search_item``."""
    if "/" in name:
        if name in SERVICES:
            return name
        raise UnknownServiceError(f"unknown Wialon service {name!r}")
    for svc in SERVICES:
        if svc.replace("/", "_") == name:
            return svc
    raise UnknownServiceError(f"unknown Wialon service method {name!r}")
