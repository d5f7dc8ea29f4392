"""Extending ``Wialon``: a subclass with its own endpoint and an exclusive method.

``self.request(name, url, payload)`` sends anything through the client's HTTP session, limits
and error mapping; ``self.session_lock`` makes a method exclusive.

Run it against the fake server (``wialon-mock serve --port 8080``) or a real one; see
login_and_call.py for the options (--scheme/--host/--port/--token or WIALON_* variables).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import Any

from aiowialon import Wialon


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


class CustomWialon(Wialon):
    """A client with a hand-made ``avl_evts`` poll and an exclusive unit count."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._events_endpoint = f"{self.base_url}/avl_evts"

    async def poll_events(self) -> dict[str, Any]:
        """One ``avl_evts`` poll through ``request`` (a dict payload is form-encoded)."""
        answer: dict[str, Any] = await self.request(
            "poll_events", self._events_endpoint, {"sid": self.sid or ""}
        )
        return answer

    async def count_units(self) -> int:
        """Count the units while no other request of this client runs."""

        @self.session_lock
        async def locked_count() -> int:
            found = await self.core_search_items(
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
            return int(found["totalItemsCount"])

        return await locked_count()


async def main() -> None:
    async with CustomWialon(**settings_from_args()) as wialon:
        await wialon.login()
        print(f"{await wialon.count_units()} units")
        events = await wialon.poll_events()
        print(f"server time {events['tm']}, {len(events['events'])} events")
        await wialon.logout()


if __name__ == "__main__":
    asyncio.run(main())
