"""exchange/* calls: WLP export (a download) and import (a multipart upload)."""

from __future__ import annotations

import zipfile
from typing import Any

from wialon_protocol.errors import ErrorCode as E
from wialon_protocol.wire import compact_bytes

from ...model.errors import ApiError
from ..json_input import decode_params
from ..params import obj
from ..registry import FileAnswer, SessionCtx, Upload, endpoint
from ._common import upload_event


@endpoint("exchange/export_json")
def export_json(ctx: SessionCtx, params: Any) -> FileAnswer:
    """The given item description as a ``.wlp`` download named after ``fileName``.

    https://help.wialon.com/en/api/user-guide/api-reference/exchange/export_json
    """
    p = obj(params)
    name = p.get("fileName")
    data = p.get("json")
    # help.wialon.com .../exchange/export_json lists error 3 for wrong parameters (and 1 for
    # a bad session); this call does not use the general "invalid input" 4
    if not isinstance(name, str) or not name.strip() or not isinstance(data, dict):
        raise ApiError(E.INVALID_RESULT)
    name = name.strip()
    body = compact_bytes(data)
    return FileAnswer(f"{name}.wlp", body, "application/octet-stream")


#: members of one uploaded zip read at most (a .wlp export holds one file per item)
MAX_ZIP_MEMBERS = 1000


def _json_file(data: bytes | bytearray) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(E.INVALID_INPUT) from None
    # the same checks as params: no deep nesting, no lone surrogate into the session's events
    return decode_params(text)


def _wlp_files(upload: Upload, budget: int) -> dict[str, Any]:
    """The JSON objects inside one uploaded file (a plain .wlp or a zip of them).

    A zip's members are sized from its directory before anything is inflated: more than
    :data:`MAX_ZIP_MEMBERS` members, or more than ``budget`` bytes once expanded (the body
    limit, 50 MB), is error 4, the code this call already gives a file it cannot read. A
    member whose real size exceeds the size its header declares cannot slip past: zipfile
    stops reading a member at its declared size and fails its checksum.
    """
    name = upload.filename or upload.field
    if upload.head(2) == b"PK":
        try:
            # read from the upload's (spooled) file: members are inflated one at a time
            with zipfile.ZipFile(upload.open()) as archive:
                members = [info for info in archive.infolist() if not info.is_dir()]
                if len(members) > MAX_ZIP_MEMBERS:
                    raise ApiError(E.INVALID_INPUT)
                if sum(info.file_size for info in members) > budget:
                    raise ApiError(E.INVALID_INPUT)
                return {info.filename: _json_file(archive.read(info)) for info in members}
        except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError):
            raise ApiError(E.INVALID_INPUT) from None
    return {name: _json_file(upload.data)}


@endpoint("exchange/import_json")
def import_json(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Import .wlp files; the reply is ``{}``, the parsed files arrive in an ``i:-1`` event.

    https://help.wialon.com/en/api/user-guide/api-reference/exchange/import_json

    No access right is checked, for a sub-user either: the method only reads the uploaded
    file back to the caller ("to read data from a WLP file",
    help.wialon.com/es/api/user-guide/api-reference/exchange/import_json) and changes no
    item; the page names no ACL. Applying the data is a separate call, checked there.
    """
    p = obj(params)
    if not ctx.uploads:
        raise ApiError(E.INVALID_INPUT)
    files: dict[str, Any] = {}
    budget = ctx.world.config.max_body_bytes
    for upload in ctx.uploads:
        files.update(_wlp_files(upload, budget))
    # help.wialon.com .../exchange/import_json: the reply is {}, then an avl_evts event
    # {"i":-1,"d":{"hash":...,"files":{file name: file data}}}
    upload_event(ctx, p, {"files": files})
    return {}
