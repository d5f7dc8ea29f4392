"""Placeholder until the piece it measures lands."""

from __future__ import annotations

from ._common import Row, Settings, Skip

NAME = "mock_server"
TITLE = "mock_server (not written yet)"


def run(settings: Settings) -> list[Row]:
    """Not measured yet."""
    raise Skip("not written yet")
