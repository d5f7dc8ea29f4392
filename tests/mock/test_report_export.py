"""report/export_result over a real socket: each format opens in its usual reader and holds
the rows report/get_result_rows gives."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import pytest

from wialon_mock import ThreadedMockServer
from wialon_mock.config import MockConfig

START = 1_750_000_000


class Wire:
    """A logged-in client of a running fake server that speaks plain HTTP."""

    def __init__(self, server: ThreadedMockServer) -> None:
        self.base = f"http://{server.host}:{server.port}/wialon/ajax.html"
        self.sid = ""
        self.sid = str(self.json("token/login", {"token": server.token})["eid"])

    def raw(self, svc: str, params: Any) -> tuple[int, dict[str, str], bytes]:
        """POST one call as a form; status, headers and body."""
        form = {"svc": svc, "params": json.dumps(params), "sid": self.sid}
        data = urllib.parse.urlencode(form).encode()
        with urllib.request.urlopen(self.base, data=data, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()

    def json(self, svc: str, params: Any) -> Any:
        """One call whose answer is JSON."""
        status, _, body = self.raw(svc, params)
        assert status == 200
        return json.loads(body)


@pytest.fixture(scope="module")
def wire() -> Iterator[Wire]:
    """A fake server with a group report result in one session."""
    config = MockConfig(seed=5, units=3, clock_start=START, clock_frozen=True)
    with ThreadedMockServer(config) as server:
        client = Wire(server)
        groups = client.json(
            "core/search_items",
            {
                "spec": {
                    "itemsType": "avl_unit_group",
                    "propName": "sys_name",
                    "propValueMask": "*",
                    "sortType": "sys_name",
                },
                "force": 1,
                "flags": 1,
                "from": 0,
                "to": 0,
            },
        )
        group = next(g for g in groups["items"] if len(g["u"]) >= 2)
        resources = client.json("core/search_item", {"id": server.world.account_id, "flags": 1})
        client.json(
            "report/exec_report",
            {
                "reportResourceId": resources["item"]["id"],
                "reportTemplateId": 7,
                "reportObjectId": group["id"],
                "reportObjectSecId": 0,
                "interval": {"from": START - 4 * 3600, "to": START, "flags": 0},
            },
        )
        yield client


def table_texts(wire: Wire) -> list[list[str]]:
    """Every row of table 0 (sub-rows after their parent) as the cells' texts."""
    head = wire.json(
        "report/select_result_rows",
        {
            "tableIndex": 0,
            "config": {"type": "range", "data": {"from": 0, "to": 99, "level": 1, "flat": 1}},
        },
    )
    return [[c if isinstance(c, str) else c["t"] for c in row["c"]] for row in head]


def export(wire: Wire, fmt: int, **options: Any) -> tuple[dict[str, str], bytes]:
    """Download the result in a format; the answer must be a file, not a JSON error."""
    status, headers, body = wire.raw("report/export_result", {"format": fmt, **options})
    assert status == 200
    assert "attachment" in headers["Content-Disposition"]
    return headers, body


def test_default_export_is_a_zip_named_online_report(wire: Wire) -> None:
    headers, body = export(wire, 8)
    assert headers["Content-Type"] == "application/zip"
    assert 'filename="Online_report.zip"' in headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.namelist() == ["Online_report.xlsx"]


def test_xlsx_opens_in_openpyxl(wire: Wire) -> None:
    import openpyxl

    _, body = export(wire, 8, compress=0, outputFileName="fleet")
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    assert book.sheetnames[0] == "Statistics"
    sheet = book[book.sheetnames[1]]
    cells = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    texts = table_texts(wire)
    assert cells[1 : 1 + len(texts)] == [row + [""] * (len(cells[1]) - len(row)) for row in texts]


def test_xls_opens_in_xlrd(wire: Wire) -> None:
    import xlrd

    _, body = export(wire, 4, compress=0)
    book = xlrd.open_workbook(file_contents=body)
    sheet = book.sheet_by_index(1)
    texts = table_texts(wire)
    assert [sheet.row_values(r)[: len(texts[0])] for r in range(1, 1 + len(texts))] == texts


def test_pdf_opens_in_pypdf(wire: Wire) -> None:
    import pypdf

    headers, body = export(wire, 2, compress=0, pageOrientation="landscape", pageSize="a3")
    assert headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(body))
    text = "".join(page.extract_text() for page in reader.pages)
    first_unit_name = table_texts(wire)[0][1]
    assert first_unit_name.split()[0] in text
    box = reader.pages[0].mediabox
    assert box.width > box.height, "landscape"


def test_csv_opens_in_the_csv_module(wire: Wire) -> None:
    _, body = export(wire, 32, compress=0, delimiter="semicolon")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=";"))
    texts = table_texts(wire)
    assert rows[1 : 1 + len(texts)] == texts
    _, with_headings = export(wire, 32, compress=0, headings=1)
    first = next(csv.reader(io.StringIO(with_headings.decode("utf-8"))))
    assert first == ["Group trips"]


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        self._in = tag in ("td", "th")
        if self._in:
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.rows[-1][-1] += data


def test_html_and_xml_parse(wire: Wire) -> None:
    _, body = export(wire, 1, compress=0)
    parser = _Cells()
    parser.feed(body.decode("utf-8"))
    texts = table_texts(wire)
    assert all(row in parser.rows for row in texts)
    _, xml = export(wire, 16, compress=0)
    root = ElementTree.fromstring(xml)
    table = root.find("table")
    assert table is not None
    got = [[c.text or "" for c in row.findall("cell")] for row in table.findall("row")]
    assert got == texts


def test_bad_export_params_get_wialon_errors(wire: Wire) -> None:
    assert wire.json("report/export_result", {"format": 3}) == {"error": 4}
    assert wire.json("report/export_result", {}) == {"error": 4}
    assert wire.json("report/export_result", {"format": 32, "delimiter": "pipe"}) == {"error": 4}
    assert wire.json("report/export_result", {"format": 2, "pageSize": "a9"}) == {"error": 4}


def test_chart_attachment_and_png() -> None:
    # a template with a chart table lists it in "attachments"; get_result_chart draws it
    from PIL import Image

    config = MockConfig(seed=5, units=2, clock_start=START, clock_frozen=True)
    with ThreadedMockServer(config) as server:
        client = Wire(server)
        unit = sorted(server.world.units)[0]
        answer = client.json(
            "report/exec_report",
            {
                "reportResourceId": server.world.account_id,
                "reportTemplateId": 5,
                "reportObjectId": unit,
                "reportObjectSecId": 0,
                "interval": {"from": START - 3 * 3600, "to": START, "flags": 0},
            },
        )
        (chart,) = answer["reportResult"]["attachments"]
        assert chart["type"] == "chart"
        assert chart["datasets"] == ["Fuel level"]
        assert [t["name"] for t in answer["reportResult"]["tables"]] == ["unit_sensors_tracing"]
        chart_params = {"attachmentIndex": 0, "action": 0, "width": 320, "height": 200}
        _, headers, body = client.raw("report/get_result_chart", chart_params)
        assert headers["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(body))
        assert image.format == "PNG"
        assert image.size == (320, 200)
        colours = image.getcolors(maxcolors=10_000) or []
        assert len(colours) > 2, "a frame and a line on white"
        zoom = {**chart_params, "action": 1, "pixelFrom": 40, "pixelTo": 120}
        assert client.raw("report/get_result_chart", zoom)[2] != body, "the zoom draws less"
        for bad in ({**chart_params, "attachmentIndex": 1}, {**chart_params, "width": 0}):
            assert client.json("report/get_result_chart", bad) == {"error": 4}
