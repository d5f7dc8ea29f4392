"""Follow the units of an account live: register them for events, print each new message.

Runs against Wialon Hosting with a real token, or against the fake server::

    wialon-mock serve --port 8080      # prints the token it accepts
    WIALON_SCHEME=http WIALON_HOST=127.0.0.1 WIALON_PORT=8080 WIALON_TOKEN=... \\
        python examples/polling.py --seconds 60

The server comes from --scheme/--host/--port/--token or the WIALON_* variables (see
_common.py). The script stops after ``--seconds`` or ``--max-events`` message events,
whichever comes first, and logs out.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from _common import connection_settings, parser_for

from aiowialon import AvlEvent, Wialon, flags
from aiowialon.events import filters


def parse_args() -> tuple[dict[str, Any], argparse.Namespace]:
    parser = parser_for(__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="stop after this long")
    parser.add_argument("--max-events", type=int, default=0, help="stop after N messages")
    parser.add_argument("--interval", type=float, default=2.0, help="poll every N s (>= 1)")
    return connection_settings(parser)


async def main() -> None:
    settings, args = parse_args()
    wialon = Wialon(**settings)
    received = 0

    @wialon.on_session_open
    async def register_units(login: dict[str, Any]) -> None:
        # runs again after every re-login, so the subscription survives an expired session
        answer = await wialon.core_update_data_flags(
            spec=[
                {
                    "type": "type",
                    "data": "avl_unit",
                    "flags": flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.LAST_MSG_N_POS,
                    "mode": 0,
                }
            ]
        )
        print(f"session open as {login.get('au')}: following {len(answer)} units", flush=True)

    @wialon.avl_event_handler(filters.messages)
    async def on_message(event: AvlEvent) -> None:
        nonlocal received
        received += 1
        message = event.data.d
        pos = message.get("pos") or {}
        print(
            f"unit {event.data.i}: t={message.get('t')} "
            f"lat={pos.get('y')} lon={pos.get('x')} speed={pos.get('s')}",
            flush=True,
        )
        if args.max_events and received >= args.max_events:
            await wialon.stop_polling()

    @wialon.avl_event_handler(filters.special())
    async def on_special(event: AvlEvent) -> None:
        print(f"special event {event.data.special!r}: {event.data.d}", flush=True)

    async def stop_later() -> None:
        await asyncio.sleep(args.seconds)
        await wialon.stop_polling()

    timer = asyncio.create_task(stop_later())
    try:
        await wialon.start_polling(timeout=args.interval, logout_finally=True)
    finally:
        timer.cancel()
        await wialon.close()
    print(f"done: {received} messages", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
