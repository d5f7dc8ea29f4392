"""Export a unit to a .wlp file and import it back (the server reports the import as an event).

Runs against Wialon Hosting with a real token, or against the fake server::

    wialon-mock serve --port 8080      # prints the token it accepts
    WIALON_SCHEME=http WIALON_HOST=127.0.0.1 WIALON_PORT=8080 WIALON_TOKEN=... \\
        python examples/wlp.py --out unit.wlp

The server comes from --scheme/--host/--port/--token or the WIALON_* variables (see
_common.py). Importing into a real account changes it: pass ``--no-import`` to only export.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from _common import connection_settings, parser_for, search_items

from aiowialon import WLP, Wialon


def parse_args() -> tuple[dict[str, Any], argparse.Namespace]:
    parser = parser_for(__doc__)
    parser.add_argument("--unit", type=int, default=0, help="unit id (default: the first one)")
    parser.add_argument("--out", type=Path, default=None, help="where to save the .wlp")
    parser.add_argument("--no-import", action="store_true", help="export only")
    return connection_settings(parser)


async def main() -> None:
    settings, args = parse_args()
    async with Wialon(**settings) as wialon:
        await wialon.login()
        unit_id = args.unit
        if not unit_id:
            found = await search_items(wialon, 1)
            if not found["items"]:
                raise SystemExit("no units in this account")
            unit_id = found["items"][0]["id"]

        data = await WLP.export_item(wialon, unit_id)
        out = args.out or Path(f"unit_{unit_id}.wlp")
        out.write_bytes(data)
        print(f"exported unit {unit_id}: {len(data)} bytes to {out}", flush=True)

        if not args.no_import:
            # without a polling loop, import_item(wait=True) polls avl_evts itself
            done = await WLP.import_item(wialon, data, file_name=out.name, wait=True)
            print(f"imported: {sorted(done.get('files', {}))} (eventHash {done['hash']})")
        await wialon.logout()


if __name__ == "__main__":
    asyncio.run(main())
