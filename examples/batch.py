"""Many calls in one request with ``wialon.batch``, and what a failed item looks like.

Run it against the fake server (``wialon-mock serve --port 8080``) or a real one; see
login_and_call.py for the options (--scheme/--host/--port/--token or WIALON_* variables).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

from aiowialon import Wialon, WialonBatchError, flags


def settings_from_args() -> dict[str, Any]:
    """Client settings from the command line, falling back on WIALON_* variables."""
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", default=env("WIALON_SCHEME", "https"))
    parser.add_argument("--host", default=env("WIALON_HOST", "hst-api.wialon.com"))
    parser.add_argument("--port", type=int, default=int(env("WIALON_PORT") or 0) or None)
    parser.add_argument("--token", default=env("WIALON_TOKEN"))
    args = parser.parse_args()
    if not args.token:
        parser.error("a token is needed: --token or WIALON_TOKEN")
    return {"scheme": args.scheme, "host": args.host, "port": args.port, "token": args.token}


async def main() -> None:
    async with Wialon(**settings_from_args()) as wialon:
        await wialon.login()
        found = await wialon.core_search_items(
            spec={
                "itemsType": "avl_unit",
                "propName": "sys_name",
                "propValueMask": "*",
                "sortType": "sys_name",
            },
            force=1,
            flags=flags.UnitsDataFlag.BASE,
            from_=0,
            to=0,
        )
        ids = [unit["id"] for unit in found["items"]][:5]

        # One HTTP request instead of len(ids): calls are values until awaited.
        answers = await wialon.batch(
            *(wialon.core_search_item(id=unit, flags=flags.UnitsDataFlag.BASE) for unit in ids),
            flags_=flags.BatchFlag.EXECUTE_ALL,
        )
        for answer in answers:
            print(f"{answer['item']['id']:>10}  {answer['item']['nm']}")

        # A batch with a failing item raises one error that lists the failed items.
        try:
            await wialon.batch(
                wialon.core_search_item(id=ids[0], flags=flags.UnitsDataFlag.BASE),
                wialon.core_search_item(id=1, flags=flags.UnitsDataFlag.BASE),
                wialon.core_get_hw_types(),
                flags_=flags.BatchFlag.STOP_ON_ERROR,
            )
        except WialonBatchError as err:
            for item_error in err.errors:
                print(f"failed: {item_error.action_name}: error {item_error.code}")
            print(f"raw answers: {err.result}")

        await wialon.logout()


if __name__ == "__main__":
    asyncio.run(main())
