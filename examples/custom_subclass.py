"""Extending ``Wialon``: a subclass with its own endpoint and an exclusive method.

``self.request(name, url, payload)`` sends anything through the client's HTTP session, limits
and error mapping; ``self.session_lock`` makes a method exclusive.

Run it against the fake server (``wialon-mock serve --port 8080``) or a real one; see
login_and_call.py for the options (--scheme/--host/--port/--token or WIALON_* variables).
"""

from __future__ import annotations

import asyncio
from typing import Any

from _common import connection_settings, parser_for, search_items

from aiowialon import Wialon


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
            found = await search_items(self, 1)
            return int(found["totalItemsCount"])

        return await locked_count()


async def main() -> None:
    settings, _ = connection_settings(parser_for(__doc__))
    async with CustomWialon(**settings) as wialon:
        await wialon.login()
        print(f"{await wialon.count_units()} units")
        events = await wialon.poll_events()
        print(f"server time {events['tm']}, {len(events['events'])} events")
        await wialon.logout()


if __name__ == "__main__":
    asyncio.run(main())
