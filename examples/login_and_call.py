"""Log in, make a few calls, log out.

Runs against Wialon Hosting with a real token, or against the fake server::

    wialon-mock serve --port 8080      # prints the token it accepts
    python examples/login_and_call.py --scheme http --host 127.0.0.1 --port 8080 --token TOKEN

Every option can come from the environment instead: WIALON_SCHEME, WIALON_HOST, WIALON_PORT,
WIALON_TOKEN.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

from aiowialon import Wialon, WialonError, flags


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
        login = await wialon.login()
        print(f"logged in as {login['au']}")

        found = await wialon.core_search_items(
            spec={
                "itemsType": "avl_unit",
                "propName": "sys_name",
                "propValueMask": "*",
                "sortType": "sys_name",
            },
            force=1,
            flags=flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS,
            from_=0,  # "from" is a Python keyword: the trailing underscore is dropped
            to=0,
        )
        print(f"{found['totalItemsCount']} units")
        for unit in found["items"]:
            position = unit.get("pos") or {}
            print(f"  {unit['id']:>10}  {unit['nm']:<30} {position.get('y')}, {position.get('x')}")

        if found["items"]:
            first = found["items"][0]["id"]
            item = await wialon.core_search_item(id=first, flags=flags.UnitsDataFlag.BASE)
            print(f"core/search_item {first}: {item['item']['nm']}")

        try:
            await wialon.core_search_item(id=1, flags=flags.UnitsDataFlag.BASE)
        except WialonError as err:
            print(f"as expected, no item 1: {err}")

        await wialon.logout()
        print("logged out")


if __name__ == "__main__":
    asyncio.run(main())
