"""Conformance of the report/* calls with their reference pages, over a real socket.

Each test sends the page's example request (ids replaced by the fake fleet's own) and checks
the answer's keys, types and nesting against the page's documented example.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from ._shape import NUMBER, OneOf, check
from .conftest import START, Wire, served

CELL = OneOf(
    str,
    # common cell type: "v" only for time stamps, "y"/"x" where the cell has a place
    {"t": str, "y": NUMBER, "x": NUMBER, "v": NUMBER},
    {"t": str, "y": NUMBER, "x": NUMBER},
    {"t": str, "v": NUMBER},
)
ROW = {"n": int, "i1": int, "i2": int, "t1": int, "t2": int, "d": int, "c": [CELL]}


@pytest.fixture(scope="module")
def wire() -> Iterator[Wire]:
    """A served fake server and a logged-in session."""
    with served() as client:
        yield client


def execute(wire: Wire, template: int, obj: int, hours: int = 6) -> Any:
    """The exec_report example request of the page, with this fleet's ids."""
    wire.json("report/cleanup_result", {})
    return wire.json(
        "report/exec_report",
        {
            "reportResourceId": wire.server.world.account_id,
            "reportTemplateId": template,
            "reportObjectId": obj,
            "reportObjectSecId": 0,
            "reportObjectIdList": [],
            "interval": {"from": START - hours * 3600, "to": START, "flags": 0},
            "remoteExec": 0,
        },
    )


def group_id(wire: Wire) -> int:
    """A generated group of at least two units."""
    return next(g.id for g in wire.server.world.groups.values() if len(g.units) >= 2)


def test_exec_report(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/exec_report
    # The page documents "grouping": {"type": <text>}, which is what grouped tables answer; a
    # table without grouping answers {} (no grouping type to name), so both forms are allowed.
    answer = execute(wire, 7, group_id(wire))
    check(
        answer,
        {
            "reportResult": {
                "msgsRendered": int,
                "stats": [[str]],
                "tables": [
                    {
                        "name": str,
                        "label": str,
                        "grouping": OneOf({"type": str}, {}),
                        "flags": int,
                        "rows": int,
                        "level": int,
                        "columns": int,
                        "header": [str],
                        "total": [str],
                        "header_type": [str],
                        "totalRaw": [{"v": NUMBER, "vt": NUMBER}],
                    }
                ],
                "attachments": [dict],
            },
            "reportLayer": {"name": str, "bounds": [NUMBER]},
            "layerCount": int,
        },
    )
    assert all(len(pair) == 2 for pair in answer["reportResult"]["stats"])
    assert len(answer["reportLayer"]["bounds"]) == 4
    for table in answer["reportResult"]["tables"]:
        assert len(table["header"]) == len(table["header_type"]) == table["columns"]


def test_get_result_rows(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/get_result_rows
    execute(wire, 1, sorted(wire.server.world.units)[0])
    rows = wire.json("report/get_result_rows", {"tableIndex": 0, "indexFrom": 0, "indexTo": 2})
    assert rows
    check(rows, [ROW])


def test_select_result_rows_range_and_row(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/select_result_rows
    # With rawValues every cell carries "v"/"vt"; with unitInfo every row carries "uid"; "r"
    # holds the sub-rows of the requested nesting level, with the fields of the parent row.
    execute(wire, 7, group_id(wire))
    data = {"from": 0, "to": 1, "level": 1, "flat": 0, "rawValues": 1, "unitInfo": 1}
    rows = wire.json(
        "report/select_result_rows", {"tableIndex": 0, "config": {"type": "range", "data": data}}
    )
    raw_cell = OneOf(
        {"t": str, "v": NUMBER, "vt": NUMBER, "y": NUMBER, "x": NUMBER},
        {"t": str, "v": NUMBER, "vt": NUMBER},
    )
    sub = {**ROW, "uid": int, "c": [raw_cell]}
    check(rows, [{**sub, "r": [sub]}])
    by_row = {"rows": [0], "level": 0, "flat": 0, "rawValues": 0, "unitInfo": 0, "from": 0, "to": 1}
    nested = wire.json(
        "report/select_result_rows", {"tableIndex": 0, "config": {"type": "row", "data": by_row}}
    )
    assert len(nested) == 2
    check(nested, [ROW])


def test_get_result_subrows(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/get_result_subrows ; a row
    # without nested rows answers {"error":0} (the page and the sdk.wialon.com page agree).
    execute(wire, 7, group_id(wire))
    subrows = wire.json("report/get_result_subrows", {"tableIndex": 0, "rowIndex": 0})
    assert subrows
    check(subrows, [ROW])
    execute(wire, 1, sorted(wire.server.world.units)[0])
    assert wire.json("report/get_result_subrows", {"tableIndex": 0, "rowIndex": 0}) == {"error": 0}


def test_export_result(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/export_result : "returns a
    # file of demanded format"; compress defaults to 1, outputFileName to Online_report.
    execute(wire, 1, sorted(wire.server.world.units)[0])
    headers, body = wire.raw(
        "report/export_result",
        {"format": 8, "pageOrientation": "portrait", "pageSize": "a4", "coding": "utf8"},
    )
    assert headers["Content-Disposition"] == 'attachment; filename="Online_report.zip"'
    assert zipfile.ZipFile(io.BytesIO(body)).namelist() == ["Online_report.xlsx"]
    headers, body = wire.raw("report/export_result", {"format": 32, "compress": 0})
    assert headers["Content-Disposition"] == 'attachment; filename="Online_report.csv"'
    assert body.decode("utf-8").splitlines()[0].startswith("№,")


def test_get_report_data_and_cleanup(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/get_report_data
    templates = wire.json(
        "report/get_report_data",
        {"itemId": wire.server.world.account_id, "col": [1, 7], "flags": 0},
    )
    table = {
        "n": str,
        "l": str,
        "c": str,
        "cl": str,
        "cp": str,
        "s": str,
        "sl": str,
        "filter_order": str,
        "p": str,
        "sch": {
            "f1": int,
            "f2": int,
            "t1": int,
            "t2": int,
            "m": int,
            "y": int,
            "w": int,
            "fl": int,
        },
        "f": int,
    }
    # the page types "c" (data CRC16) as <text>; generated templates carry the number 0 the
    # resource's "rep" section shows for them, so both are accepted
    check(templates, [{"id": int, "n": str, "ct": str, "c": (str, int), "p": str, "tbl": [table]}])
    assert [t["id"] for t in templates] == [1, 7]
    # https://help.wialon.com/en/api/user-guide/api-reference/report/cleanup_result
    assert wire.json("report/cleanup_result", {}) == {"error": 0}


def test_the_shape_checker_rejects_what_the_pages_do_not_show() -> None:
    # the checker above is what every conformance test leans on: it must fail on a missing
    # key, a wrong type, an unknown key and a wrong nesting
    spec = {"a": int, "b": [{"c": str}]}
    check({"a": 1, "b": [{"c": "x"}]}, spec)
    bad: Any
    for bad in (
        {"b": []},
        {"a": "1", "b": []},
        {"a": True, "b": []},
        {"a": 1, "b": [], "z": 0},
        {"a": 1, "b": [{"c": 2}]},
        {"a": 1, "b": {"c": "x"}},
    ):
        with pytest.raises(AssertionError):
            check(bad, spec)


def test_exec_report_relative_interval(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/exec_report interval
    # flags: the help.wialon.com table gives previous N minutes as 0x80 and puts N in "to"
    # ("from" is replaced); the older sdk.wialon.com page lists minutes as 0x40, the same
    # bit as hours, which cannot be right, so the help.wialon.com table wins.
    wire.json("render/set_locale", {"tzOffset": 0, "language": "en"})
    wire.json("report/cleanup_result", {})
    answer = wire.json(
        "report/exec_report",
        {
            "reportResourceId": wire.server.world.account_id,
            "reportTemplateId": 1,
            "reportObjectId": sorted(wire.server.world.units)[0],
            "reportObjectSecId": 0,
            "interval": {"from": 0, "to": 30, "flags": 0x80 | 0x20},
        },
    )
    stats = dict(answer["reportResult"]["stats"])
    # START is 15:06:40 UTC: the current minute and the 29 before it
    assert stats["Interval beginning"] == "2025-06-15 14:37:00"
    assert stats["Interval end"] == "2025-06-15 15:06:40"


def test_remote_exec_status_and_apply(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/exec_report ("remoteExec":1
    # answers {"remoteExec":1}), .../report/get_report_status ({"status": code}; the page's
    # text quotes it as the string "4", which is what is sent) and
    # .../report/apply_report_result (the exec_report answer)
    wire.json("report/cleanup_result", {})
    accepted = wire.json(
        "report/exec_report",
        {
            "reportResourceId": wire.server.world.account_id,
            "reportTemplateId": 2,
            "reportObjectId": sorted(wire.server.world.units)[0],
            "reportObjectSecId": 0,
            "interval": {"from": START - 3600, "to": START, "flags": 0},
            "remoteExec": 1,
        },
    )
    assert accepted == {"remoteExec": 1}
    status = wire.json("report/get_report_status", {})
    check(status, {"status": str})
    assert status["status"] == "4"
    applied = wire.json("report/apply_report_result", {})
    check(applied, {"reportResult": dict, "reportLayer": dict, "layerCount": int})
    assert applied["reportResult"]["tables"][0]["name"] == "unit_stops"


def test_chart_attachment_and_get_result_chart(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/report/exec_report ("attachments"
    # for charts) and .../report/get_result_chart ("the returned result contains a PNG image").
    # The page types a chart's "p" (chart settings) as <text>; real answers published with
    # client code carry an object there ({"sensor_mask": "*", ...}), so the object wins.
    answer = execute(wire, 5, sorted(wire.server.world.units)[0])
    check(
        answer["reportResult"]["attachments"],
        [
            {
                "name": str,
                "type": str,
                "datasets": [str],
                "axis_y": [str],
                "axis_x": str,
                "flags": int,
                "p": dict,
            }
        ],
    )
    headers, body = wire.raw(
        "report/get_result_chart",
        {
            "attachmentIndex": 0,
            "action": 0,
            "width": 640,
            "height": 480,
            "autoScaleY": 1,
            "pixelFrom": 0,
            "pixelTo": 0,
            "flags": 0,
        },
    )
    assert headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG\r\n\x1a\n")
