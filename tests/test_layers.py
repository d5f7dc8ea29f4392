"""The shape of the code: no import circle anywhere, and each layer imports only those below.

Read from the source with :mod:`ast`, every import counted, those under ``TYPE_CHECKING``
and inside functions included: a circle that only type checkers follow still ties two
modules together.
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

# These tests read the source as text and run none of it: tracing them measured nothing and
# cost coverage's tracer two seconds of CPU time on ast.walk.
pytestmark = pytest.mark.no_cover

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    "aiowialon": ROOT / "src" / "aiowialon",
    "pytest_wialon": ROOT / "src" / "pytest_wialon",
    "wialon_protocol": ROOT / "src" / "wialon_protocol",
    "wialon_mock": ROOT / "mockserver" / "wialon_mock",
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imports(name: str) -> Iterator[str]:
    """The project modules ``name`` imports (a ``from pkg import sub`` counts as ``pkg.sub``)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    yield f"{target}.{alias.name}"
                elif target in MODULES:
                    yield target


class _Graph(Mapping[str, list[str]]):
    """The project modules each module imports, read from the source on first use.

    Every pytest-xdist worker imports this module to collect it, but only one runs its tests:
    parsing the whole tree at import cost each of them a second under coverage.
    """

    @functools.cached_property
    def _edges(self) -> dict[str, list[str]]:
        return {name: sorted(set(_imports(name)) - {name}) for name in MODULES}

    def __getitem__(self, name: str) -> list[str]:
        return self._edges[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._edges)

    def __len__(self) -> int:
        return len(self._edges)


GRAPH = _Graph()


def _cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(GRAPH)))
    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_the_walk_sees_the_imports() -> None:
    # guards the test itself: a walk that finds nothing would pass every check below
    assert "wialon_mock.model.state" in GRAPH["wialon_mock.api.registry"]
    assert "wialon_protocol.services" in GRAPH["aiowialon.services"]


def test_no_import_circle_anywhere() -> None:
    assert _cycles() == []


# what each part may import from the project: the arrows of docs/architecture.md
ALLOWED = {
    "wialon_protocol": set(),
    "aiowialon": {"wialon_protocol"},
    "wialon_mock.config": {"wialon_protocol"},
    "wialon_mock.model": {"wialon_protocol", "wialon_mock.config"},
    "wialon_mock.api": {"wialon_protocol", "wialon_mock.config", "wialon_mock.model"},
    "wialon_mock.control": {"wialon_protocol", "wialon_mock.config", "wialon_mock.model"},
    "wialon_mock.http": {
        "wialon_protocol",
        "wialon_mock.config",
        "wialon_mock.model",
        "wialon_mock.api",
        "wialon_mock.control",
    },
    "wialon_mock.run": {
        "wialon_protocol",
        "wialon_mock.config",
        "wialon_mock.model",
        "wialon_mock.api",
        "wialon_mock.control",
        "wialon_mock.http",
    },
    "pytest_wialon": {"wialon_protocol", "aiowialon"},
}
#: single modules a part may import beyond its allowed parts: the plugin starts the fake server
#: through its package front (``from wialon_mock import ThreadedMockServer``) and shares the
#: declaration of its admin operations
EXTRA = {
    "pytest_wialon": {"wialon_mock", "wialon_mock.control.ops"},
    "wialon_mock.run": {"wialon_mock._version"},
}


def _part(name: str) -> str:
    return max((p for p in ALLOWED if name == p or name.startswith(p + ".")), key=len, default="")


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_each_part_imports_only_what_lies_below_it(part: str) -> None:
    wrong = [
        f"{name} -> {target}"
        for name, targets in GRAPH.items()
        if _part(name) == part
        for target in targets
        if _part(target) not in {part, *ALLOWED[part]} and target not in EXTRA.get(part, ())
    ]
    assert wrong == []


def test_the_facts_package_needs_only_the_standard_library() -> None:
    outside = []
    for name, path in MODULES.items():
        if not name.startswith("wialon_protocol"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [alias.name.partition(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = [(node.module or "").partition(".")[0]]
            else:
                continue
            outside += [f"{name}: {top}" for top in tops if top not in sys.stdlib_module_names]
    assert outside == []


def _private_names_of_the_client() -> set[str]:
    """The private attributes and methods ``aiowialon.Wialon`` defines."""
    tree = ast.parse(MODULES["aiowialon.client"].read_text(encoding="utf-8"))
    (wialon,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Wialon"]
    names = {
        node.name
        for node in wialon.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    for node in ast.walk(wialon):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                names.add(target.attr)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def test_the_clients_collaborators_use_its_public_names_only() -> None:
    # Polling, the event waits, the sessions, the send chain and the sync facade are given
    # what they need (a PollingClient, small functions); none reaches into the client.
    private = _private_names_of_the_client()
    assert {"_sessions", "_poller", "_send"} <= private  # guards the test itself
    reaching = []
    for name, path in MODULES.items():
        if not name.startswith("aiowialon.") or name == "aiowialon.client":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in private
                and not (isinstance(node.value, ast.Name) and node.value.id == "self")
            ):
                reaching.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert reaching == []
    assert [
        n for n in GRAPH if n.startswith("aiowialon.events") and "aiowialon.client" in GRAPH[n]
    ] == []


def test_the_model_keeps_no_slot_for_the_layers_above() -> None:
    # What api/ and control/ derive from the model (search results, force:0 snapshots) they
    # keep themselves, by weak keys (tests/mock/test_layer_caches.py); the model's objects
    # hold model state only. Caught here: a field typed `object` (an opaque slot for someone
    # else's data, as the delivery plan once was) and any attribute named as a cache.
    tree = ast.parse(MODULES["wialon_mock.model.state"].read_text(encoding="utf-8"))
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    assert {"World", "Session"} <= {c.name for c in classes}  # guards the test itself
    slots = []
    for cls in classes:
        for node in ast.walk(cls):
            if not isinstance(node, ast.AnnAssign):
                continue
            target = node.target
            name = target.id if isinstance(target, ast.Name) else ast.unparse(target)
            if ast.unparse(node.annotation) == "object" or "cache" in name.lower():
                slots.append(f"{cls.name}.{name}")
        for node in ast.walk(cls):
            if isinstance(node, ast.Assign):
                slots += [
                    f"{cls.name}.{t.attr}"
                    for t in node.targets
                    if isinstance(t, ast.Attribute) and "cache" in t.attr.lower()
                ]
    assert slots == []
