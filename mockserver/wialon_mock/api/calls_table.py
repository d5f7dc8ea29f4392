"""The published table of implemented calls, generated from the routing table.

``mockserver/IMPLEMENTED.md`` is this module's output; regenerate it with
``wialon-mock calls > mockserver/IMPLEMENTED.md`` (a test fails while it is stale).
"""

from __future__ import annotations

from collections.abc import Mapping

from .registry import Endpoint, load_handlers

REGENERATE = "wialon-mock calls > mockserver/IMPLEMENTED.md"


def _mark(flag: bool) -> str:
    return "yes" if flag else ""


def render_table(registry: Mapping[str, Endpoint] | None = None) -> str:
    """The Markdown table of every implemented call, sorted by ``svc``."""
    table = load_handlers() if registry is None else registry
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
        f"{len(table)} calls.",
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
    return "\n".join(lines) + "\n"
