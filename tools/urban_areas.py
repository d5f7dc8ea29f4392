"""Writes the dashboard's offline city outlines from Natural Earth's 1:50m urban areas.

``python -m tools.urban_areas SOURCE OUT`` reads ``ne_50m_urban_areas`` as GeoJSON (Natural
Earth ships shapefiles; any faithful GeoJSON conversion does, e.g. ``ogr2ogr -f GeoJSON``) and
writes a compact FeatureCollection for the map: coordinates rounded to 3 decimals (about
110 m, far finer than a 1:50m layer is drawn), repeated points and rings that collapse to
nothing dropped, no attributes (the map draws outlines only). Natural Earth is in the public
domain, and so is this result. Run at build time only; the server reads the file as it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["compact", "main"]

#: decimals kept per coordinate
DECIMALS = 3

Ring = list[list[float]]


def _ring(points: list[list[float]]) -> Ring | None:
    kept: Ring = []
    for point in points:
        rounded = [round(float(point[0]), DECIMALS), round(float(point[1]), DECIMALS)]
        if not kept or kept[-1] != rounded:
            kept.append(rounded)
    if kept and kept[0] != kept[-1]:
        kept.append(kept[0])
    # a closed ring needs three distinct corners
    return kept if len(kept) >= 4 else None


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        found = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        found = list(geometry["coordinates"])
    else:
        raise ValueError(f"an urban area is a Polygon or MultiPolygon, not {kind!r}")
    polygons: list[list[Ring]] = []
    for polygon in found:
        outer = _ring(polygon[0])
        if outer is None:
            continue
        holes = [r for r in (_ring(hole) for hole in polygon[1:]) if r is not None]
        polygons.append([outer, *holes])
    return polygons


def compact(source: dict[str, Any]) -> dict[str, Any]:
    """The FeatureCollection ``source`` reduced as the module docstring says."""
    if source.get("type") != "FeatureCollection":
        raise ValueError("expected a GeoJSON FeatureCollection")
    features: list[dict[str, Any]] = []
    for feature in source["features"]:
        polygons = _polygons(feature["geometry"])
        if not polygons:
            continue
        geometry: dict[str, Any] = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        features.append({"type": "Feature", "properties": {}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.urban_areas SOURCE OUT``."""
    parser = argparse.ArgumentParser(prog="python -m tools.urban_areas", description=__doc__)
    parser.add_argument("source", type=Path, help="ne_50m_urban_areas as GeoJSON")
    parser.add_argument("out", type=Path, help="where the dashboard's file goes")
    args = parser.parse_args(argv)
    try:
        result = compact(json.loads(args.source.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        print(f"error: {args.source}: {exc}", file=sys.stderr)
        return 2
    args.out.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(result['features'])} urban areas written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
