"""The published table of implemented calls, generated from the routing table.

``mockserver/IMPLEMENTED.md`` is this module's output; regenerate it with
``wialon-mock calls > mockserver/IMPLEMENTED.md`` (a test fails while it is stale).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wialon_protocol.services import SERVICES

from .registry import Endpoint, load_handlers

REGENERATE = "wialon-mock calls > mockserver/IMPLEMENTED.md"


def _mark(flag: bool) -> str:
    return "yes" if flag else ""


#: endpoints outside ``/wialon/ajax.html`` that the fake server answers too (see
#: :mod:`wialon_mock.http.gis`); listed apart because they are not ``svc`` calls
OTHER_ENDPOINTS = (
    ("/avl_evts", "events of the session since its previous poll"),
    ("{gis_geocode}/gis_geocode", "address text for coordinates, from a generated address book"),
    ("{gis_search}/gis_search", "places (country, region, city, street, house) with coordinates"),
    ("{gis_search}/gis_searchintelli", "places for a free-text phrase"),
    (
        "{gis_routing}/gis_get_route_via_waypoints",
        "routes over waypoints: great circles at 50 km/h, one per leg",
    ),
    ("{gis_render}/gis_render/...", "map tiles (a plain PNG)"),
    ("/avl_item_image/{id}/{size}/{any}.png", "unit or group icon: the uploaded one or a PNG"),
    ("/avl_driver_image/{res}/{drv}/{size}/{any}.png", "driver photo: the uploaded one or a PNG"),
)


def known_services() -> list[str]:
    """Every ``svc`` the client knows (the service table), sorted."""
    return sorted(name for name in SERVICES if "/" in name)


def coverage(registry: Mapping[str, Endpoint] | None = None) -> tuple[int, int]:
    """How many of the client's services are implemented, out of how many."""
    table = load_handlers() if registry is None else registry
    known = known_services()
    return sum(1 for svc in known if svc in table), len(known)


def _coverage_lines(table: Mapping[str, Endpoint], known: Iterable[str]) -> list[str]:
    groups: dict[str, list[str]] = {}
    for svc in known:
        groups.setdefault(svc.split("/", 1)[0], []).append(svc)
    lines = [
        "## Coverage of the Wialon services the client knows",
        "",
        "Every service in the client's table (`wialon_protocol.SERVICES`), per group; `[x]` is",
        'implemented by the fake server, `[ ]` answers `{"error":2}` (unknown service).',
        "",
    ]
    for group in sorted(groups):
        names = groups[group]
        done = sum(1 for svc in names if svc in table)
        lines += [f"### {group}: {done} of {len(names)}", ""]
        lines += [f"- [{'x' if svc in table else ' '}] `{svc}`" for svc in names]
        lines.append("")
    lines += ["## Other endpoints", ""]
    lines += [f"- `{path}`: {what}" for path, what in OTHER_ENDPOINTS]
    return lines


def render_table(registry: Mapping[str, Endpoint] | None = None) -> str:
    """The Markdown table of every implemented call, sorted by ``svc``, then the coverage of
    every service the client knows."""
    table = load_handlers() if registry is None else registry
    done, known = coverage(table)
    lines = [
        "# Calls the fake server implements",
        "",
        f"Generated from the routing table; do not edit. Regenerate with `{REGENERATE}`.",
        "",
        "*sid*: needs a session. *heavy*: counts against the 3-heavy limit and runs alone in",
        "its session. *batch*: allowed inside `core/batch`. *multipart*: takes a file upload.",
        "The columns come from the service table (`src/wialon_protocol/services.py`), which",
        "also says why a call differs from an ordinary one.",
        "",
        f"{len(table)} calls. Coverage: {done} of the {known} services the client knows "
        f"({100 * done // known}%).",
        "",
        "| svc | sid | heavy | batch | multipart | what it does | reference |",
        "|---|---|---|---|---|---|---|",
    ]
    for svc in sorted(table):
        ep = table[svc]
        summary = ep.summary.replace("|", "\\|")
        lines.append(
            f"| `{svc}` | {_mark(ep.session)} | {_mark(ep.heavy)} | {_mark(ep.batchable)} "
            f"| {_mark(ep.multipart)} | {summary} | [page]({ep.row.reference}) |"
        )
    lines.append("")
    lines += _coverage_lines(table, known_services())
    return "\n".join(lines).rstrip("\n") + "\n"
