"""exchange/* calls: WLP export (a download) and import (a multipart upload)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from ...model.errors import ApiError
from ..params import obj
from ..registry import Ctx, FileAnswer, Upload, endpoint
from ._common import upload_event


@endpoint("exchange/export_json", heavy=True, batchable=False)
def export_json(ctx: Ctx, params: Any) -> FileAnswer:
    """The given item description as a ``.wlp`` download named after ``fileName``."""
    p = obj(params)
    name = p.get("fileName")
    data = p.get("json")
    # help.wialon.com .../exchange/export_json lists error 3 for wrong parameters (and 1 for
    # a bad session); this call does not use the general "invalid input" 4
    if not isinstance(name, str) or not name.strip() or not isinstance(data, dict):
        raise ApiError(3)
    name = name.strip()
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return FileAnswer(f"{name}.wlp", body, "application/octet-stream")


def _wlp_files(upload: Upload) -> dict[str, Any]:
    """The JSON objects inside one uploaded file (a plain .wlp or a zip of them)."""
    name = upload.filename or upload.field
    if upload.data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
                return {
                    member: json.loads(archive.read(member))
                    for member in archive.namelist()
                    if not member.endswith("/")
                }
        except (zipfile.BadZipFile, ValueError, UnicodeDecodeError):
            raise ApiError(4) from None
    try:
        return {name: json.loads(upload.data)}
    except (ValueError, UnicodeDecodeError):
        raise ApiError(4) from None


@endpoint("exchange/import_json", heavy=True, batchable=False, multipart=True)
def import_json(ctx: Ctx, params: Any) -> dict[str, Any]:
    """Import .wlp files; the reply is ``{}``, the parsed files arrive in an ``i:-1`` event."""
    p = obj(params)
    if not ctx.uploads:
        raise ApiError(4)
    files: dict[str, Any] = {}
    for upload in ctx.uploads:
        files.update(_wlp_files(upload))
    # help.wialon.com .../exchange/import_json: the reply is {}, then an avl_evts event
    # {"i":-1,"d":{"hash":...,"files":{file name: file data}}}
    upload_event(ctx, p, {"files": files})
    return {}
