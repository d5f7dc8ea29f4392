"""The fake server's dashboard: a page at ``/_mock/ui`` that shows the fleet and steers the server.

See :mod:`.routes` for the HTTP side and :mod:`.views` for what it reads from the model. The
map library (Leaflet) and the offline base map (Natural Earth countries, via the world-atlas
package, and Natural Earth urban areas as city outlines) are vendored under ``static/``; their
versions, sources and licences are listed in ``static/VENDORED.md``.
"""

from __future__ import annotations

from .routes import STREAM_PATH, UI_PATH, add_dashboard_routes

__all__ = ["STREAM_PATH", "UI_PATH", "add_dashboard_routes"]
