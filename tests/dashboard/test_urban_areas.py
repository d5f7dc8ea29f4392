"""The dashboard's city outlines: Natural Earth's 1:50m urban areas, as tools/urban_areas.py
writes them, covering every city of the generated fleet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tools.urban_areas import compact, main

from wialon_mock.model.fleet_data import CITIES

SHIPPED = (
    Path(__file__).resolve().parents[2]
    / "mockserver/wialon_mock/http/dashboard/static/basemap/urban-areas-50m.json"
)


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    # even-odd rule: count the edges a ray to the east crosses
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def _polygons(feature: dict[str, Any]) -> list[list[list[list[float]]]]:
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def test_every_city_of_the_fleet_lies_in_a_shipped_outline() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    for city in CITIES:
        covering = [
            polygon
            for feature in shipped["features"]
            for polygon in _polygons(feature)
            if _inside(city.lon, city.lat, polygon[0])
            and not any(_inside(city.lon, city.lat, hole) for hole in polygon[1:])
        ]
        assert covering, f"no urban area around {city.name}"


def test_the_shipped_file_is_what_the_tool_writes() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    # the tool's output is its own fixed point: nothing left to round, repeat or drop
    assert compact(shipped) == shipped
    assert all(f["properties"] == {} for f in shipped["features"])


def test_compact_rounds_drops_repeats_and_collapsed_rings() -> None:
    square = [[0.00011, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0004], [0.0001, 0.0]]
    sliver = [[5.0, 5.0], [5.0001, 5.0], [5.0, 5.0001], [5.0, 5.0]]
    source = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"scalerank": 3}, "geometry": {
                "type": "MultiPolygon", "coordinates": [[square], [sliver]]}},
            {"type": "Feature", "properties": {}, "geometry": {
                "type": "Polygon", "coordinates": [sliver]}},
        ],
    }  # fmt: skip
    assert compact(source) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]],
                },
            }
        ],
    }


def test_a_source_that_is_no_urban_layer_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "points.geojson"
    point = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [1, 2]},
    }
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [point]}))
    assert main([str(source), str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "Polygon or MultiPolygon, not 'Point'" in err[0]
    assert not (tmp_path / "out.json").exists()
