"""Export a unit to a .wlp file and import it back (the server reports the import as an event).

Runs against Wialon Hosting with a real token, or against the fake server::

    wialon-mock serve --port 8080      # prints the token it accepts
    WIALON_SCHEME=http WIALON_HOST=127.0.0.1 WIALON_PORT=8080 WIALON_TOKEN=... \\
        python examples/wlp.py --out unit.wlp

Settings come from WIALON_SCHEME, WIALON_HOST, WIALON_PORT and WIALON_TOKEN. Importing into a
real account changes it: pass ``--no-import`` to only export.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from aiowialon import WLP, Wialon


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", type=int, default=0, help="unit id (default: the first one)")
    parser.add_argument("--out", type=Path, default=None, help="where to save the .wlp")
    parser.add_argument("--no-import", action="store_true", help="export only")
    return parser.parse_args()


def client_from_env() -> Wialon:
    env = os.environ.get
    token = env("WIALON_TOKEN")
    if not token:
        raise SystemExit("set WIALON_TOKEN (and WIALON_HOST/PORT/SCHEME for another server)")
    return Wialon(
        scheme=env("WIALON_SCHEME", "https"),
        host=env("WIALON_HOST", "hst-api.wialon.com"),
        port=int(env("WIALON_PORT") or 0) or None,
        token=token,
    )


async def main() -> None:
    args = parse_args()
    async with client_from_env() as wialon:
        await wialon.login()
        unit_id = args.unit
        if not unit_id:
            found = await wialon.core_search_items(
                spec={
                    "itemsType": "avl_unit",
                    "propName": "sys_name",
                    "propValueMask": "*",
                    "sortType": "sys_name",
                },
                force=1,
                flags=1,
                from_=0,
                to=0,
            )
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
