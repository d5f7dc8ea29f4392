"""Command line of the fake server: ``wialon-mock serve``."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``wialon-mock`` console script."""
    raise SystemExit("wialon-mock: not implemented yet")
