"""report/export_result: the session's report result as a file download."""

from __future__ import annotations

from typing import Any

from ...model import report_chart
from ...model import report_files as rf
from ...model.errors import ApiError
from ..params import as_int, obj, opt_int, opt_str, req_int
from ..registry import FileAnswer, SessionCtx, endpoint
from ..report_result import result_of

#: the page's CSV delimiter names; "colon" is its default, read as the comma the CSV format
#: means (a colon-separated file would not open as CSV anywhere), "comma" is taken as well
_DELIMITERS = {"colon": ",", "comma": ",", "semicolon": ";", "tab": "\t"}
_CODINGS = {"utf8": "utf-8", "cp1251": "cp1251"}
_PAGES = {"a4": "A4", "a3": "A3"}


def _bool(p: dict[str, Any], key: str, default: int) -> bool:
    value = p.get(key, default)
    return bool(as_int(default if value in (None, "") else value))


def _options(p: dict[str, Any]) -> rf.Options:
    delimiter = _DELIMITERS.get(opt_str(p, "delimiter", "colon") or "colon")
    encoding = _CODINGS.get(opt_str(p, "coding", "utf8") or "utf8")
    page = _PAGES.get((opt_str(p, "pageSize", "a4") or "a4").lower())
    orientation = opt_str(p, "pageOrientation", "portrait") or "portrait"
    if delimiter is None or encoding is None or page is None:
        raise ApiError(4)
    if orientation not in ("portrait", "landscape"):
        raise ApiError(4)
    return rf.Options(
        delimiter=delimiter,
        encoding=encoding,
        headings=_bool(p, "headings", 0),
        landscape=orientation == "landscape",
        page=page,
    )


@endpoint("report/export_result")
def export_result(ctx: SessionCtx, params: Any) -> FileAnswer:
    """The session's report result as a file: 1 HTML, 2 PDF, 4 XLS, 8 XLSX, 16 XML, 32 CSV.

    https://help.wialon.com/en/api/user-guide/api-reference/report/export_result : ``compress``
    defaults to 1 (a ZIP holding the file), ``outputFileName`` to ``Online_report``. An unknown
    format or option value is error 4; without a report result, error 5 (the page's "report
    file reading/writing error", the nearest it lists); a writer library missing from the
    install is error 5 too.
    """
    p = obj(params)
    fmt = as_int(p.get("format"))
    if fmt not in rf.EXTENSIONS:
        raise ApiError(4)
    opts = _options(p)
    compress = _bool(p, "compress", 1)
    name = opt_str(p, "outputFileName", "Online_report") or "Online_report"
    for ch in '/\\\r\n"':
        name = name.replace(ch, "_")
    result = result_of(ctx.session)
    stats = result.answer["reportResult"]["stats"]
    try:
        content = rf.render(fmt, result.title, stats, result.tables, opts)
    except ImportError as exc:
        raise ApiError(5, f"export writer missing: {exc.name}") from None
    filename = f"{name}.{rf.EXTENSIONS[fmt]}"
    if compress:
        return FileAnswer(f"{name}.zip", rf.zipped(filename, content), "application/zip")
    return FileAnswer(filename, content, rf.CONTENT_TYPES[fmt])


#: the largest chart canvas drawn (our bound: the page names none)
MAX_CHART_PIXELS = 4096


@endpoint("report/get_result_chart")
def get_result_chart(ctx: SessionCtx, params: Any) -> FileAnswer:
    """A chart of the session's report result as a PNG image.

    https://help.wialon.com/en/api/user-guide/api-reference/report/get_result_chart : the
    chart ``attachmentIndex`` of the exec_report answer, ``width`` x ``height`` pixels;
    ``action`` 1 (zoom) draws only ``pixelFrom..pixelTo`` of the time axis, 0 and 2 the whole
    interval (the Y axis is always scaled to the values). An unknown attachment, action or a
    size outside 1..4096 is error 4; without a result, 5.
    """
    p = obj(params)
    result = result_of(ctx.session)
    index = req_int(p, "attachmentIndex")
    action = opt_int(p, "action", 0)
    width, height = req_int(p, "width"), req_int(p, "height")
    if not 0 <= index < len(result.charts) or action not in (0, 1, 2):
        raise ApiError(4)
    if not (0 < width <= MAX_CHART_PIXELS and 0 < height <= MAX_CHART_PIXELS):
        raise ApiError(4)
    opt_int(p, "autoScaleY", 0)
    opt_int(p, "flags", 0)
    lo, hi = opt_int(p, "pixelFrom", 0), opt_int(p, "pixelTo", 0)
    try:
        image = report_chart.png(
            result.charts[index], width, height, lo, hi if action == 1 else None
        )
    except ImportError as exc:
        raise ApiError(5, f"chart writer missing: {exc.name}") from None
    return FileAnswer("chart.png", image, "image/png")
