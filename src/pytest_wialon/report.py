"""The ``--wialon-unused-cassettes`` report: dead cassette files and never-played calls."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from .cassettes import FORMAT


def _is_cassette(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return bool(json.load(handle).get("format") == FORMAT)
    except (OSError, ValueError, AttributeError):
        return False


def unused_report(
    directory: Path,
    rootpath: Path,
    used: Iterable[str],
    unplayed: Mapping[str, list[str]],
) -> list[str]:
    """Lines naming cassettes under ``directory`` no test used, and unplayed interactions.

    Only meaningful after a run of the whole suite: a run filtered with ``-k`` leaves the
    cassettes of the tests it skipped unused.
    """
    used_paths = set(used)
    files = sorted(directory.rglob("*.json")) if directory.is_dir() else []
    unused = [p for p in files if str(p.resolve()) not in used_paths and _is_cassette(p)]

    def shown(path: Path) -> str:
        return str(path.relative_to(rootpath)) if path.is_relative_to(rootpath) else str(path)

    lines = [f"{len(unused)} cassette file(s) no test used:"]
    lines += [f"  {shown(path)}" for path in unused]
    lines.append(f"{len(unplayed)} cassette(s) with interactions never played:")
    for name in sorted(unplayed):
        labels = unplayed[name]
        lines.append(f"  {name}: {len(labels)} never played ({', '.join(labels)})")
    return lines
