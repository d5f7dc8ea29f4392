"""Report results written as files: HTML, PDF, XLS, XLSX, XML, CSV, optionally zipped.

The format codes are the report/export_result page's (help.wialon.com, API reference):
1 HTML, 2 PDF, 4 XLS, 8 XLSX, 16 XML, 32 CSV; ``compress`` (default 1) zips the file. The
layout of each file is our own (the page shows none): the statistics first, then every table
with its header, its rows (sub-rows after their parent, numbered ``1.1``) and its total; XLS and
XLSX put the statistics and each table on sheets of their own.

Writers: XlsxWriter (XLSX), xlwt (XLS: the only pure-Python writer of the old BIFF format;
unmaintained but stable), fpdf2 (PDF), the standard library for the rest. They are imported
when a file is made, from the ``mock`` extra.
"""

from __future__ import annotations

import csv
import html
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from .report_engine import Row, Table

HTML, PDF, XLS, XLSX, XML, CSV = 1, 2, 4, 8, 16, 32
EXTENSIONS = {HTML: "html", PDF: "pdf", XLS: "xls", XLSX: "xlsx", XML: "xml", CSV: "csv"}
CONTENT_TYPES = {
    HTML: "text/html; charset=utf-8",
    PDF: "application/pdf",
    XLS: "application/vnd.ms-excel",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    XML: "application/xml",
    CSV: "text/csv",
}


@dataclass
class Options:
    """What export_result's optional params change in the file."""

    delimiter: str = ","
    encoding: str = "utf-8"
    headings: bool = False
    landscape: bool = False
    page: str = "A4"


@dataclass
class Sheet:
    """One table as plain text: label, header, rows with their level, total."""

    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    total: list[str]


def _cell_text(cell: Any) -> str:
    return str(cell.t)


def _flatten(rows: list[Row], level: int = 1) -> Iterator[tuple[int, list[str]]]:
    for row in rows:
        yield level, [_cell_text(c) for c in row.cells]
        yield from _flatten(row.children, level + 1)


def sheets(tables: list[Table]) -> list[Sheet]:
    """The tables of a result as text sheets."""
    return [
        Sheet(
            str(t.head.get("label", "")),
            [str(h) for h in t.head.get("header", [])],
            list(_flatten(t.rows)),
            [str(c) for c in t.head.get("total", [])],
        )
        for t in tables
    ]


def _html(title: str, stats: list[list[str]], tabs: list[Sheet]) -> bytes:
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8"><title>' + esc(title) + "</title></head><body>",
        "<h1>" + esc(title) + "</h1>",
        '<table class="stats">',
    ]
    out += ["<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>" for k, v in stats]
    out.append("</table>")
    for tab in tabs:
        out.append("<h2>" + esc(tab.label) + "</h2>")
        out.append('<table class="report">')
        out.append("<tr>" + "".join("<th>" + esc(h) + "</th>" for h in tab.header) + "</tr>")
        for level, cells in tab.rows:
            tds = "".join("<td>" + esc(c) + "</td>" for c in cells)
            out.append(f'<tr class="level{level}">' + tds + "</tr>")
        if tab.total:
            out.append("<tr>" + "".join("<td>" + esc(c) + "</td>" for c in tab.total) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out).encode("utf-8")


def _xml(title: str, stats: list[list[str]], tabs: list[Sheet]) -> bytes:
    root = ElementTree.Element("report", name=title)
    stats_el = ElementTree.SubElement(root, "stats")
    for key, value in stats:
        ElementTree.SubElement(stats_el, "stat", name=key).text = value
    for tab in tabs:
        table = ElementTree.SubElement(root, "table", label=tab.label)
        header = ElementTree.SubElement(table, "header")
        for h in tab.header:
            ElementTree.SubElement(header, "col").text = h
        for level, cells in tab.rows:
            row = ElementTree.SubElement(table, "row", level=str(level))
            for c in cells:
                ElementTree.SubElement(row, "cell").text = c
        if tab.total:
            total = ElementTree.SubElement(table, "total")
            for c in tab.total:
                ElementTree.SubElement(total, "cell").text = c
    body: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _csv(title: str, stats: list[list[str]], tabs: list[Sheet], opts: Options) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=opts.delimiter, lineterminator="\r\n")
    if opts.headings:
        writer.writerow([title])
        writer.writerows(stats)
    for tab in tabs:
        if opts.headings:
            writer.writerow([tab.label])
        writer.writerow(tab.header)
        writer.writerows(cells for _, cells in tab.rows)
        if tab.total:
            writer.writerow(tab.total)
    return buf.getvalue().encode(opts.encoding, errors="replace")


def _sheet_name(label: str, used: set[str]) -> str:
    # Excel sheet names: at most 31 characters, none of []:*?/\ and unique
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in label)[:31] or "Table"
    base, n = name, 2
    while name.lower() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.lower())
    return name


def _xlsx(title: str, stats: list[list[str]], tabs: list[Sheet]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True})
    used: set[str] = set()
    sheet = book.add_worksheet(_sheet_name("Statistics", used))
    sheet.write(0, 0, title, bold)
    for r, (key, value) in enumerate(stats, start=1):
        sheet.write_string(r, 0, key)
        sheet.write_string(r, 1, value)
    for tab in tabs:
        sheet = book.add_worksheet(_sheet_name(tab.label, used))
        for c, h in enumerate(tab.header):
            sheet.write_string(0, c, h, bold)
        r = 1
        for _, cells in tab.rows:
            for c, text in enumerate(cells):
                sheet.write_string(r, c, text)
            r += 1
        for c, text in enumerate(tab.total):
            sheet.write_string(r, c, text, bold)
    book.close()
    data: bytes = buf.getvalue()
    return data


def _xls(title: str, stats: list[list[str]], tabs: list[Sheet]) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    used: set[str] = set()
    sheet = book.add_sheet(_sheet_name("Statistics", used))
    sheet.write(0, 0, title)
    for r, (key, value) in enumerate(stats, start=1):
        sheet.write(r, 0, key)
        sheet.write(r, 1, value)
    for tab in tabs:
        sheet = book.add_sheet(_sheet_name(tab.label, used))
        for c, h in enumerate(tab.header):
            sheet.write(0, c, h)
        # the old format holds 65,536 rows a sheet; longer tables are cut there
        rows = [cells for _, cells in tab.rows][:65_000]
        for r, cells in enumerate(rows, start=1):
            for c, text in enumerate(cells):
                sheet.write(r, c, text)
        for c, text in enumerate(tab.total):
            sheet.write(len(rows) + 1, c, text)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _latin(text: str) -> str:
    # the PDF core fonts cover Latin-1 only; other characters become "?"
    return text.encode("latin-1", errors="replace").decode("latin-1")


def _pdf(title: str, stats: list[list[str]], tabs: list[Sheet], opts: Options) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(orientation="L" if opts.landscape else "P", format=opts.page)
    pdf.set_auto_page_break(auto=True, margin=10)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, _latin(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for key, value in stats:
        pdf.cell(60, 5, _latin(key))
        pdf.cell(0, 5, _latin(value), new_x="LMARGIN", new_y="NEXT")
    for tab in tabs:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin(tab.label), new_x="LMARGIN", new_y="NEXT")
        width = pdf.epw / max(1, len(tab.header))
        pdf.set_font("Helvetica", "B", 7)
        for h in tab.header:
            pdf.cell(width, 5, _latin(h)[:40], border=1)
        pdf.ln()
        pdf.set_font("Helvetica", "", 7)
        for _, cells in [*tab.rows, (0, tab.total)] if tab.total else tab.rows:
            for text in cells:
                pdf.cell(width, 5, _latin(text)[:40], border=1)
            pdf.ln()
    return bytes(pdf.output())


def render(
    fmt: int, title: str, stats: list[list[str]], tables: list[Table], opts: Options
) -> bytes:
    """The file of format ``fmt`` (one of the codes above)."""
    tabs = sheets(tables)
    if fmt == HTML:
        return _html(title, stats, tabs)
    if fmt == XML:
        return _xml(title, stats, tabs)
    if fmt == CSV:
        return _csv(title, stats, tabs, opts)
    if fmt == XLSX:
        return _xlsx(title, stats, tabs)
    if fmt == XLS:
        return _xls(title, stats, tabs)
    if fmt == PDF:
        return _pdf(title, stats, tabs, opts)
    raise ValueError(fmt)


def zipped(name: str, content: bytes) -> bytes:
    """``content`` as the only file ``name`` of a ZIP archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buf.getvalue()
