"""Many calls in one request with ``wialon.batch``, and what a failed item looks like.

Run it against the fake server (``wialon-mock serve --port 8080``) or a real one; see
login_and_call.py for the options (--scheme/--host/--port/--token or WIALON_* variables).
"""

from __future__ import annotations

import asyncio

from _common import connection_settings, parser_for, search_items

from aiowialon import Wialon, WialonBatchError, flags


async def main() -> None:
    settings, _ = connection_settings(parser_for(__doc__))
    async with Wialon(**settings) as wialon:
        await wialon.login()
        found = await search_items(wialon, flags.UnitsDataFlag.BASE)
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
