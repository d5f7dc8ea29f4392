"""The published table of implemented calls matches the routing table."""

from __future__ import annotations

from pathlib import Path

from wialon_mock.api.calls_table import REGENERATE, render_table
from wialon_mock.api.registry import load_handlers

IMPLEMENTED = Path(__file__).resolve().parents[2] / "mockserver" / "IMPLEMENTED.md"


def test_implemented_md_is_current() -> None:
    current = render_table()
    published = IMPLEMENTED.read_text(encoding="utf-8") if IMPLEMENTED.exists() else ""
    assert published == current, f"mockserver/IMPLEMENTED.md is stale; run: {REGENERATE}"


def test_table_lists_every_call_once() -> None:
    table = render_table()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == sorted(load_handlers())
