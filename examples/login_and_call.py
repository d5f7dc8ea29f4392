"""Log in, make a few calls, log out.

Runs against Wialon Hosting with a real token, or against the fake server::

    wialon-mock serve --port 8080      # prints the token it accepts
    python examples/login_and_call.py --scheme http --host 127.0.0.1 --port 8080 --token TOKEN

Every option can come from the environment instead: WIALON_SCHEME, WIALON_HOST, WIALON_PORT,
WIALON_TOKEN (see _common.py).
"""

from __future__ import annotations

import asyncio

from _common import connection_settings, parser_for, search_items

from aiowialon import Wialon, WialonError, flags


async def main() -> None:
    settings, _ = connection_settings(parser_for(__doc__))
    async with Wialon(**settings) as wialon:
        login = await wialon.login()
        print(f"logged in as {login['au']}")

        found = await search_items(wialon, flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS)
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
