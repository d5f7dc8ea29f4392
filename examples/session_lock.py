"""Exclusive work with ``@wialon.session_lock`` and a longer timeout for one call.

Message loading, reports and exports must not run beside other requests of the session. While
the decorated coroutine runs, other requests of this client wait; its own go through.

Run it against the fake server (``wialon-mock serve --port 8080``) or a real one; see
login_and_call.py for the options (--scheme/--host/--port/--token or WIALON_* variables).
"""

from __future__ import annotations

import asyncio
import time

from _common import connection_settings, parser_for, search_items

from aiowialon import Wialon, WialonError, flags


async def main() -> None:
    settings, _ = connection_settings(parser_for(__doc__))
    async with Wialon(**settings) as wialon:
        await wialon.login()
        found = await search_items(wialon, flags.UnitsDataFlag.BASE)
        unit_id = found["items"][0]["id"]

        @wialon.session_lock
        async def last_messages(item_id: int) -> int:
            try:
                loaded = await wialon.wait(  # this call alone may take 30 s
                    wialon.messages_load_last(
                        itemId=item_id,
                        lastTime=int(time.time()),
                        lastCount=100,
                        flags=0x0000,
                        flagsMask=0xFF00,
                        loadCount=100,
                    ),
                    timeout=30,
                )
                return int(loaded["count"])
            finally:
                await wialon.messages_unload()

        async def meanwhile() -> None:
            # Started while the locked work runs: it waits until that work is done.
            await wialon.core_get_hw_types()
            print("the other request went through after the exclusive work")

        try:
            count, _ = await asyncio.gather(last_messages(unit_id), meanwhile())
            print(f"unit {unit_id}: {count} messages loaded exclusively")
        except (TimeoutError, WialonError) as err:
            print(f"loading failed: {err}")

        await wialon.logout()


if __name__ == "__main__":
    asyncio.run(main())
