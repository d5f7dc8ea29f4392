"""Uploads with ``wialon.multipart``: a .wlp import and a driver photo.

The server answers an upload with ``{}`` at once and reports its end later as an ``avl_evts``
event with ``i: -1`` and the ``eventHash`` the upload was sent with.

Run it against the fake server (``wialon-mock serve --port 8080``) or a real one; see
login_and_call.py for the options (--scheme/--host/--port/--token or WIALON_* variables).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from _common import connection_settings, parser_for, search_items

from aiowialon import MultipartField, Wialon, flags


async def wait_for_upload(wialon: Wialon, event_hash: str, polls: int = 5) -> dict[str, Any]:
    """The completion event of the upload ``event_hash`` (polled a few times)."""
    for _ in range(polls):
        answer = await wialon.avl_evts()
        for event in answer["events"]:
            if event["i"] == -1 and event["d"].get("hash") == event_hash:
                return event["d"]  # type: ignore[no-any-return]  # JSON from the server
        await asyncio.sleep(1)
    raise TimeoutError(f"no completion event for upload {event_hash!r}")


async def main() -> None:
    settings, _ = connection_settings(parser_for(__doc__))
    async with Wialon(**settings) as wialon:
        await wialon.login()

        unit = {
            "general": {"n": "Imported truck", "uid": "", "ph": "", "hw": "Wialon Retranslator"}
        }
        await wialon.multipart(
            wialon.exchange_import_json(eventHash="example_import"),
            MultipartField(
                name="import_file",
                value=json.dumps(unit).encode(),
                filename="truck.wlp",
                content_type="application/octet-stream",
            ),
        )
        done = await wait_for_upload(wialon, "example_import")
        print(f"import done: {sorted(done.get('files', {}))}")

        resources = await search_items(
            wialon,
            flags.ResourceDataFlag.BASE | flags.ResourceDataFlag.DRIVERS,
            items_type="avl_resource",
        )
        for resource in resources["items"]:
            drivers = resource.get("drvrs") or {}
            if not drivers:
                continue
            driver = next(iter(drivers.values()))
            # A 1x1 transparent PNG stands in for a real photo.
            photo = bytes.fromhex(
                "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
            )
            await wialon.multipart(
                wialon.resource_upload_driver_image(
                    itemId=resource["id"], driverId=driver["id"], eventHash="example_photo"
                ),
                MultipartField(
                    name="drivers_dlg_props_upload_image",
                    value=photo,
                    filename="driver.png",
                    content_type="image/png",
                ),
            )
            await wait_for_upload(wialon, "example_photo")
            print(f"photo uploaded for driver {driver['n']!r} of {resource['nm']!r}")
            break

        await wialon.logout()


if __name__ == "__main__":
    asyncio.run(main())
