"""Multipart uploads reach the server byte for byte; file downloads come back as bytes."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from aiowialon import MultipartField, Wialon, WialonAccessDenied, WialonInvalidResult
from wialon_mock import MockServer
from wialon_mock.control.redact import mask


async def upload_event(client: Wialon, event_hash: str) -> dict[str, Any]:
    """The ``i:-1`` event that reports the end of the upload ``event_hash``."""
    answer = await client.avl_evts()
    matching = [e for e in answer["events"] if e["i"] == -1 and e["d"]["hash"] == event_hash]
    assert len(matching) == 1
    return matching[0]["d"]  # type: ignore[no-any-return]  # JSON of the fake server


async def test_file_bytes_and_params_arrive(session: Wialon, mock_server: MockServer) -> None:
    document = {"name": "Ünïcode unit", "nested": {"values": [1, 2, 3]}}
    raw = json.dumps(document, ensure_ascii=False).encode()
    answer = await session.multipart(
        # the stubs take the documented spelling; py-aiowialon's EventHash= still converts
        session.exchange_import_json(EventHash="up-1"),  # type: ignore[call-arg]
        MultipartField("import_file", raw, filename="one.wlp", content_type="application/json"),
        MultipartField("second", io.BytesIO(b'{"k":true}'), filename="two.wlp"),
    )
    assert answer == {}
    entry = mock_server.journal("exchange/import_json")[-1]
    assert entry["params"] == {"eventHash": "up-1"}  # converted and sent as the params part
    assert session.sid is not None
    assert entry["sid"] == mask(session.sid)  # svc and sid travel in the query string
    files = (await upload_event(session, "up-1"))["files"]
    assert files == {"one.wlp": document, "two.wlp": {"k": True}}


async def test_bytes_without_filename_still_upload(session: Wialon) -> None:
    await session.multipart(
        session.exchange_import_json(eventHash="up-2"),
        MultipartField("import_file", b'{"plain":1}'),
    )
    files = (await upload_event(session, "up-2"))["files"]
    assert list(files.values()) == [{"plain": 1}]


async def test_multipart_error_is_typed(session: Wialon) -> None:
    with pytest.raises(WialonAccessDenied) as info:
        await session.multipart(
            session.resource_upload_driver_image(itemId=1, driverId=1),
            MultipartField("drivers_dlg_props_upload_image", b"\x89PNG", filename="d.png"),
        )
    assert info.value.action_name == "resource/upload_driver_image"


async def test_multipart_call_can_be_sent_twice(session: Wialon) -> None:
    upload = session.multipart(
        session.exchange_import_json(eventHash="twice"),
        MultipartField("import_file", b'{"n":1}', filename="n.wlp"),
    )
    assert await upload == {}
    assert await upload == {}  # the body is rebuilt for each send


async def test_file_object_is_sent_whole_every_time(session: Wialon) -> None:
    # A call is a value: sending it again must send the same file, not what is left of it.
    upload = session.multipart(
        session.exchange_import_json(eventHash="again"),
        MultipartField("import_file", io.BytesIO(b'{"n":2}'), filename="n.wlp"),
    )
    for _ in range(2):
        assert await upload == {}
        files = (await upload_event(session, "again"))["files"]
        assert files == {"n.wlp": {"n": 2}}


async def test_file_answer_comes_back_as_bytes(session: Wialon) -> None:
    content = await session.exchange_export_json(fileName="unit", json={"a": 1, "b": "ü"})
    assert isinstance(content, bytes)
    assert json.loads(content) == {"a": 1, "b": "ü"}


async def test_failed_file_call_is_a_json_error(session: Wialon) -> None:
    with pytest.raises(WialonInvalidResult) as info:
        await session.exchange_export_json(fileName="", json={})
    assert info.value.action_name == "exchange/export_json"
