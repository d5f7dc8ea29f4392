"""/avl_item_image and /avl_driver_image: the item ``uri`` values, served as PNG."""

from __future__ import annotations

import struct

from .conftest import Wire


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", body[16:24])
    return width, height


def test_item_uri_serves_a_png(wire: Wire, ids: dict[str, int]) -> None:
    # https://help.wialon.com/ru/api/user-guide/api-reference/requests/avl_item_image
    unit = wire.call("core/search_item", {"id": ids["unit"], "flags": 0x10})["item"]
    status, ctype, body = wire.get(unit["uri"].replace("{SIZE}", "32"))
    assert (status, ctype) == (200, "image/png")
    assert _png_size(body) == (32, 32)


def test_driver_image_serves_a_png(wire: Wire, ids: dict[str, int]) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/other-methods/avl_driver_image
    status, ctype, body = wire.get(f"/avl_driver_image/{ids['resource']}/{ids['driver']}/48/x.png")
    assert (status, ctype) == (200, "image/png")
    assert _png_size(body) == (48, 48)


def test_unknown_image_is_404(wire: Wire) -> None:
    assert wire.get("/avl_item_image/1/32/0.png")[0] == 404


def _upload(wire: Wire, svc: str, params: str, field: str, data: bytes) -> object:
    import json
    import urllib.request

    boundary = "imgboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n{params}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="p.png"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    url = f"http://{wire.server.host}:{wire.server.port}/wialon/ajax.html?svc={svc}&sid={wire.sid}"
    req = urllib.request.Request(url, data=body, method="POST")
    req.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


PICTURE = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8 + struct.pack(">II", 7, 9) + b"uploaded picture"


def test_uploaded_unit_icon_comes_back_from_its_uri(wire: Wire, ids: dict[str, int]) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/unit/upload_image: {} at once
    params = f'{{"itemId":{ids["unit2"]},"eventHash":"icon1"}}'
    assert _upload(wire, "unit/upload_image", params, "icon_file", PICTURE) == {}
    unit = wire.call("core/search_item", {"id": ids["unit2"], "flags": 0x10})["item"]
    status, ctype, body = wire.get(unit["uri"].replace("{SIZE}", "64"))
    assert (status, ctype, body) == (200, "image/png", PICTURE)


def test_uploaded_driver_photo_comes_back_and_copies(wire: Wire, ids: dict[str, int]) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/resource/upload_driver_image
    res, drv = ids["resource"], ids["driver"]
    params = f'{{"itemId":{res},"driverId":{drv},"eventHash":"d1"}}'
    field = "drivers_dlg_props_upload_image"
    assert _upload(wire, "resource/upload_driver_image", params, field, PICTURE) == {}
    assert wire.get(f"/avl_driver_image/{res}/{drv}/32/a.png")[2] == PICTURE
    # copy mode: no file, the photo of another driver (oldItemId, oldDrvId)
    other = next(d for d in wire.server.world.resources[res].drivers if int(d) != drv)
    copy = {"itemId": res, "driverId": int(other), "oldItemId": res, "oldDrvId": drv}
    assert wire.call("resource/upload_driver_image", copy) == {}
    assert wire.get(f"/avl_driver_image/{res}/{other}/32/a.png")[2] == PICTURE
