"""Small pieces of aiohttp glue the recorder needs: URLs, status checks, made-up answers."""

from __future__ import annotations

from typing import Any


def dropped(name: str) -> BaseException:
    """The error a recorded request without an answer raises on replay."""
    import aiohttp

    if name == "TimeoutError":
        return aiohttp.ServerTimeoutError("replayed: the recorded request timed out")
    return aiohttp.ServerDisconnectedError("replayed: the recorded connection dropped")


def no_events_answer(body: bytes) -> dict[str, Any]:
    return {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Content-Type": ["application/json"]},
        "body": {"string": body},
    }


def absolute(client: Any, str_or_url: Any) -> Any:
    """The request URL joined to the session's ``base_url``, as aiohttp itself would."""
    from yarl import URL

    base = getattr(client, "_base_url", None)  # aiohttp has no public accessor
    url = URL(str(str_or_url)) if not isinstance(str_or_url, URL) else str_or_url
    if base is not None and not url.absolute:
        return base.join(url)
    return str_or_url


async def apply_raise_for_status(client: Any, option: Any, response: Any) -> None:
    """Honour ``raise_for_status`` as aiohttp does: the call's option, else the session's.

    Either may be a bool or an async callable taking the response. Written here rather than
    imported from vcrpy: its helper is private and missing from the vcrpy releases that
    Python 3.10 gets (vcrpy 9 needs 3.11).
    """
    if option is None:
        option = getattr(client, "_raise_for_status", None)
    if callable(option):
        await option(response)
    elif option:
        response.raise_for_status()
