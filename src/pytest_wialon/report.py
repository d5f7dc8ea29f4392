"""The ``--wialon-unused-cassettes`` report: dead cassette files and never-played calls."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .cassettes import FORMAT
from .settings import cassette_dir_for, cassette_roots, default_name, marker_name, safe_name


@dataclass
class Registry:
    """Which cassettes this run used and which recorded interactions it never played."""

    used: set[str] = field(default_factory=set)
    unplayed: dict[str, list[str]] = field(default_factory=dict)
    #: cassettes of collected tests that did not run (deselected), never "unused"
    owned: set[str] = field(default_factory=set)
    #: modules collected, and whether the run was narrowed to some of the suite
    modules: set[str] = field(default_factory=set)
    partial: bool = False


REGISTRY = pytest.StashKey[Registry]()
_REGISTRY = REGISTRY


def default_path(config: pytest.Config, item: pytest.Item) -> Path:
    """The cassette a marked test uses unless a conftest overrides the config fixtures."""
    marker = item.get_closest_marker("wialon_cassette")
    name = marker_name(marker) if marker is not None else None
    stem = safe_name(name) if name is not None else default_name(item)
    return cassette_dir_for(config, Path(item.path)) / f"{stem}.json"


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Cassettes of deselected tests are not unused: the run only skipped them."""
    if not items:
        return
    registry = items[0].config.stash[_REGISTRY]
    for item in items:
        registry.modules.add(str(Path(item.path).resolve()))
        if item.get_closest_marker("wialon_cassette") is not None:
            registry.owned.add(str(default_path(item.config, item).resolve()))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Note the modules collected, and whether the command line narrowed the suite."""
    registry = session.config.stash[_REGISTRY]
    registry.modules.update(str(Path(item.path).resolve()) for item in session.items)
    if session.config.args_source == pytest.Config.ArgsSource.ARGS:
        registry.partial = True


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, hand what this worker saw to the controller."""
    config = session.config
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None and _REGISTRY in config.stash:
        registry = config.stash[_REGISTRY]
        workeroutput["pytest_wialon"] = {
            "used": sorted(registry.used),
            "unplayed": registry.unplayed,
            "owned": sorted(registry.owned),
            "modules": sorted(registry.modules),
            "partial": registry.partial,
        }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """On the xdist controller, merge a worker's cassette report."""
    data = getattr(node, "workeroutput", {}).get("pytest_wialon")
    if not data:
        return
    registry = node.config.stash[_REGISTRY]
    registry.used.update(data["used"])
    registry.unplayed.update(data["unplayed"])
    registry.owned.update(data.get("owned", ()))
    registry.modules.update(data.get("modules", ()))
    registry.partial = registry.partial or bool(data.get("partial"))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """With ``--wialon-unused-cassettes``: unused cassette files, never-played calls."""
    if not config.getoption("wialon_unused_cassettes") or hasattr(config, "workerinput"):
        return
    from .report import unused_report

    registry = config.stash[_REGISTRY]
    modules = [Path(module) for module in registry.modules]
    lines = unused_report(
        sorted(cassette_roots(config, modules)),
        config.rootpath,
        registry.used | registry.owned,
        registry.unplayed,
        collected={cassette_dir_for(config, module).resolve() for module in modules},
        partial=registry.partial,
    )
    terminalreporter.write_sep("-", "pytest-wialon cassettes")
    for line in lines:
        terminalreporter.write_line(line)


def _is_cassette(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            return bool(json.load(handle).get("format") == FORMAT)
    except (OSError, ValueError, AttributeError):
        return False


def unused_report(
    roots: Iterable[Path],
    rootpath: Path,
    used: Iterable[str],
    unplayed: Mapping[str, list[str]],
    *,
    collected: Iterable[Path] = (),
    partial: bool = False,
) -> list[str]:
    """Lines naming cassettes under ``roots`` no test used, and unplayed interactions.

    ``used`` holds the cassettes the run opened and those of tests it collected but did
    not run (deselected), so a run filtered with ``-k`` calls none of theirs unused. When
    the run was narrowed (``-k``, ``-m`` or paths on the command line), a folder whose
    module it did not collect may belong to a test module outside the run: its files are
    counted apart, not called unused. ``collected`` are the cassette folders of the modules
    the run collected.
    """
    used_paths = set(used)
    known = set(collected)
    unused: list[Path] = []
    unchecked = 0
    for root in roots:
        files = sorted(root.rglob("*.json")) if root.is_dir() else []
        for path in files:
            if str(path.resolve()) in used_paths or not _is_cassette(path):
                continue
            if partial and path.parent.resolve() not in known:
                unchecked += 1
            else:
                unused.append(path)

    def shown(path: Path) -> str:
        return str(path.relative_to(rootpath)) if path.is_relative_to(rootpath) else str(path)

    lines = [f"{len(unused)} cassette file(s) no test used:"]
    lines += [f"  {shown(path)}" for path in sorted(unused)]
    if unchecked:
        lines.append(
            f"{unchecked} cassette file(s) of modules this run did not collect were not "
            "checked (run the whole suite to check them)"
        )
    lines.append(f"{len(unplayed)} cassette(s) with interactions never played:")
    for name in sorted(unplayed):
        labels = unplayed[name]
        lines.append(f"  {name}: {len(labels)} never played ({', '.join(labels)})")
    return lines
