"""A scripted tour of aiowialon against a fake Wialon server (``make demo``).

It starts ``wialon-mock`` in this process with a fleet generated from a seed, then uses the
client the way an application would: log in, search units, run a batch in which one item
fails, upload a driver photo and wait for the server's completion event, and poll AVL
events for a few seconds while the fleet drives. It ends on its own.

Run ``python examples/tour.py --help`` for the knobs.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from aiowialon import AvlEvent, MultipartField, Wialon, WialonError, flags
from aiowialon.api_types import Item, SearchItemsResponse
from wialon_mock import MockServer

# A 1x1 transparent PNG: enough for the server to accept an image upload.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def say(title: str, detail: str = "") -> None:
    """One step of the tour, as a heading and an indented detail."""
    print(f"\n== {title}")
    if detail:
        for line in detail.splitlines():
            print(f"   {line}")


def describe_unit(unit: Item) -> str:
    """A one-line summary of a unit item with its position."""
    pos = unit.get("pos") or {}
    where = f"{pos.get('y', 0):.5f}, {pos.get('x', 0):.5f}" if pos else "no position yet"
    speed = pos.get("s", 0) if pos else 0
    return f"#{unit['id']:<6} {unit['nm']:<28} {where}  {speed} km/h"


async def search_all(wialon: Wialon, items_type: str, data_flags: int) -> SearchItemsResponse:
    """Every item of one type, sorted by name, with the sections ``data_flags`` asks for."""
    spec = {
        "itemsType": items_type,
        "propName": "sys_name",
        "propValueMask": "*",
        "sortType": "sys_name",
    }
    return await wialon.core_search_items(spec=spec, force=1, flags=data_flags, from_=0, to=0)


async def search_and_batch(wialon: Wialon) -> list[Item]:
    """Search the fleet, then batch two lookups of which one fails on purpose."""
    found = await search_all(wialon, "avl_unit", flags.UnitsDataFlag.BASE | flags.UnitsDataFlag.POS)
    units = found["items"]
    shown = "\n".join(describe_unit(u) for u in units[:5])
    say(f"core/search_items: {found['totalItemsCount']} units, the first five", shown)

    missing_id = max(u["id"] for u in units) + 10_000
    try:
        await wialon.batch(
            wialon.core_search_item(id=units[0]["id"], flags=flags.UnitsDataFlag.BASE),
            wialon.core_search_item(id=missing_id, flags=flags.UnitsDataFlag.BASE),
            flags_=flags.BatchFlag.EXECUTE_ALL,
        )
    except WialonError as err:
        first = err.result[0]["item"]["nm"] if isinstance(err.result, list) else "?"
        say(
            "core/batch with one bad id (the client raises, the good answer is kept)",
            f"item 1: {first}\nitem 2: {err.reason!r}",
        )
    return units


async def upload_driver_photo(wialon: Wialon) -> None:
    """Upload a driver image as multipart and wait for its ``i:-1`` completion event."""
    found = await search_all(
        wialon, "avl_resource", flags.ResourceDataFlag.BASE | flags.ResourceDataFlag.DRIVERS
    )
    resource = next(r for r in found["items"] if r.get("drvrs"))
    driver = next(iter(resource["drvrs"].values()))
    event = await wialon.upload_and_wait(
        wialon.resource_upload_driver_image(itemId=resource["id"], driverId=driver["id"]),
        MultipartField(
            "drivers_dlg_props_upload_image",
            PIXEL_PNG,
            filename="face.png",
            content_type="image/png",
        ),
        timeout=10,
    )
    say(
        "multipart upload of a driver photo",
        f"resource {resource['nm']!r}, driver {driver['n']!r}\n"
        f"completion event: i={event.data.i} hash={event.data.upload_hash}",
    )


async def poll_events(server: MockServer, token: str, seconds: float, speed: float) -> None:
    """Poll ``avl_evts`` for a few seconds while the fleet drives ``speed`` times faster."""
    wialon = Wialon(scheme="http", host=server.host, port=server.port, token=token)
    seen: dict[str, int] = {}
    shown = 0

    @wialon.on_session_open
    async def register(login: dict[str, Any]) -> None:
        # events reach a session only for the items it registered
        await wialon.core_update_data_flags(
            spec=[
                {
                    "type": "type",
                    "data": "avl_unit",
                    # MSGS brings each new message ("m"), POS the position updates ("u")
                    "flags": flags.UnitsDataFlag.BASE
                    | flags.UnitsDataFlag.POS
                    | flags.UnitsDataFlag.MSGS,
                    "mode": 0,
                }
            ]
        )

    @wialon.avl_event_handler(lambda event: event.data.t == "m")
    async def on_message(event: AvlEvent) -> None:
        nonlocal shown
        seen["message"] = seen.get("message", 0) + 1
        pos = event.data.d.get("pos") or {}
        if shown < 8:
            shown += 1
            print(
                f"   message  unit #{event.data.i:<6} at {pos.get('y', 0):.5f},"
                f" {pos.get('x', 0):.5f}  {pos.get('s', 0):>3} km/h"
            )

    @wialon.avl_event_handler()
    async def on_other(event: AvlEvent) -> None:
        kinds = {"m": "message", "u": "update", "d": "deletion"}
        kind = kinds.get(event.data.t or "", f"special i={event.data.i}")
        seen[kind] = seen.get(kind, 0) + 1

    say(f"polling AVL events for {seconds:g} s (the fake clock runs {speed:g}x)")
    server.scale(speed)
    async with wialon:
        polling = asyncio.create_task(wialon.start_polling(timeout=1))
        await asyncio.sleep(seconds)
        await wialon.stop_polling()
        await polling
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(seen.items())) or "none"
    print(f"   events received: {summary}")


async def tour(seed: int, units: int, seconds: float, speed: float = 10.0) -> None:
    """Run every step of the tour against a fresh fake server."""
    started = time.monotonic()
    async with MockServer(seed=seed, units=units) as server:
        token = server.token
        say(
            "fake Wialon server started",
            f"{server.url} with {units} generated units (seed {seed})\n"
            f"token: {token[:6]}... (generated, not a real one)",
        )
        async with Wialon(scheme="http", host=server.host, port=server.port, token=token) as w:
            login = await w.login()
            say("token/login", f"user {login['user']['nm']!r}, session open")
            await search_and_batch(w)
            await upload_driver_photo(w)
            await w.logout()
            say("core/logout", "session closed")
        await poll_events(server, token, seconds, speed)
        calls = len(server.journal())
    say("done", f"{calls} requests served in {time.monotonic() - started:.1f} s")


def main() -> None:
    """Parse the arguments and run the tour."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7, help="fleet seed (same seed, same fleet)")
    parser.add_argument("--units", type=int, default=25, help="how many units to generate")
    parser.add_argument("--seconds", type=float, default=6.0, help="how long to poll events")
    parser.add_argument(
        "--speed", type=float, default=10.0, help="how much faster the fake clock runs meanwhile"
    )
    args = parser.parse_args()
    asyncio.run(tour(args.seed, args.units, args.seconds, args.speed))


if __name__ == "__main__":
    main()
