"""Report charts: the ``attachments`` entries of exec_report and the PNG of get_result_chart.

A template table named ``unit_chart`` becomes a chart, not a table: exec_report lists it in
``attachments`` as ``{"name", "type": "chart", "datasets", "axis_y", "axis_x", "flags", "p"}``
(help.wialon.com, API reference, report/exec_report), one dataset per sensor whose name matches
the table's ``sensor_mask`` parameter (``*`` wildcards), and report/get_result_chart draws it
as a PNG of the asked ``width`` and ``height``. The drawing is our own: a white canvas, a frame
and one line per dataset, scaled to its values; ``pixelFrom``/``pixelTo`` (action 1, zoom) draw
only that part of the time axis.
"""

from __future__ import annotations

import fnmatch
import io
from dataclasses import dataclass
from typing import Any

from . import report_templates as rt
from . import sensor_values, sim
from .report_intervals import Track

Json = dict[str, Any]
CHART_TABLE = "unit_chart"
MAX_POINTS = 2000
_COLOURS = ((214, 39, 40), (31, 119, 180), (44, 160, 44), (255, 127, 14), (148, 103, 189))


@dataclass
class Chart:
    """One chart attachment and the series it draws."""

    head: Json
    times: list[int]
    series: list[list[float | None]]


def build(table: Json, tr: Track | None, defs: dict[str, Json]) -> Chart:
    """The chart a ``unit_chart`` table asks for, over one unit's track."""
    mask = rt.params_of(table).get("sensor_mask", "*")
    mask = mask if isinstance(mask, str) and mask else "*"
    chosen = [d for d in defs.values() if fnmatch.fnmatchcase(str(d.get("n", "")), mask)]
    # at most MAX_POINTS points a line: a chart is a few hundred pixels wide anyway
    stride = max(1, -(-len(tr) // MAX_POINTS)) if tr is not None else 1
    times = list(tr.times[::stride]) if tr is not None else []
    series: list[list[float | None]] = []
    for defn in chosen:
        values: list[float | None] = []
        if tr is not None:
            for t in times:
                values.append(sensor_values.value(defn, sim.message(tr.unit, t, tr.seed)))
        series.append(values)
    head = {
        "name": str(table.get("l") or "Chart"),
        "type": "chart",
        "datasets": [str(d.get("n", "")) for d in chosen],
        "axis_y": sorted({str(d.get("m", "")) for d in chosen}),
        "axis_x": "Time",
        "flags": int(table.get("f", 0) or 0),
        "p": rt.params_of(table),
    }
    return Chart(head, times, series)


def png(chart: Chart, width: int, height: int, lo: int = 0, hi: int | None = None) -> bytes:
    """The chart drawn on a ``width`` x ``height`` canvas (pixels ``lo..hi`` of the time axis)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    margin = min(20, width // 10, height // 10)
    left, top, right, bottom = margin, margin, width - 1 - margin, height - 1 - margin
    draw.rectangle((left, top, right, bottom), outline=(120, 120, 120))
    count = len(chart.times)
    if count >= 2 and right > left and bottom > top:
        first, last = 0, count - 1
        if hi is not None and hi > lo:
            span = right - left
            first = max(0, min(count - 1, round((lo - left) / span * (count - 1))))
            last = max(first + 1, min(count - 1, round((hi - left) / span * (count - 1))))
        t0, t1 = chart.times[first], chart.times[last]
        for n, values in enumerate(chart.series):
            known = [
                (chart.times[k], v) for k in range(first, last + 1) if (v := values[k]) is not None
            ]
            if len(known) < 2:
                continue
            v0 = min(v for _, v in known)
            v1 = max(v for _, v in known)
            points = [
                (
                    left + (t - t0) / max(t1 - t0, 1) * (right - left),
                    bottom - (v - v0) / ((v1 - v0) or 1.0) * (bottom - top),
                )
                for t, v in known
            ]
            draw.line(points, fill=_COLOURS[n % len(_COLOURS)], width=1)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
