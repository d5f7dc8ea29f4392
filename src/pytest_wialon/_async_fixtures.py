"""The async fixtures, registered as a plugin only when pytest-asyncio is installed.

Kept out of ``plugin.py`` so that module never imports pytest-asyncio: the plugin must load
in projects that have none of the test extras.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest_asyncio

if TYPE_CHECKING:
    from aiowialon import Wialon

    from .recorder import CassetteSession
    from .targets import WialonTarget


@pytest_asyncio.fixture
async def wialon_client(
    wialon_mock: WialonTarget, wialon_cassette: CassetteSession | None
) -> AsyncIterator[Wialon]:
    """An ``aiowialon.Wialon`` pointed at ``wialon_mock`` (the recorded host when replaying).

    Not logged in: the test calls ``login()`` (or ``start_polling()``). Polling stops and
    the client closes after the test. While replaying, the polling loop does not pause
    between polls.
    """
    from aiowialon import Wialon

    target = wialon_mock
    real = target.scheme == "https" and target.host not in ("127.0.0.1", "localhost")
    client = Wialon(
        target.scheme,
        target.host,
        target.port,
        target.token,
        # The documented 10 requests/s matter against a real server only.
        rps=10 if real else None,
    )
    if wialon_cassette is not None and wialon_cassette.replaying:
        # Recorded answers come at once: pausing between polls (or before a retry) would
        # only make the test slower, never different.
        client.polling_delay_factor = 0.0
    try:
        yield client
    finally:
        if client.is_polling:
            await client.stop_polling()
        await client.close()
