"""The dashboard in a real headless Chromium against a running fake server.

Each test loads ``/_mock/ui/`` and looks at what a person would see: units on the map (moving
with the clock, coloured by state), the geofences, a unit's last message, requests made by the
aiowialon client appearing live in the journal, and a fault added from the form failing the
next call. The last test takes the screenshot the README shows.
"""

from __future__ import annotations

import os
import shutil
import struct
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiohttp import web

from aiowialon import WialonError
from wialon_mock import MockConfig, ThreadedMockServer

from ._page import at, click_first, css, journal_svcs, keys, markers, open_dashboard, wait_for
from .conftest import AppThread, run_client

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

# most of their seconds are spent waiting on Chromium (tests/conftest.py spreads them)
pytestmark = pytest.mark.waits

#: the smallest valid PNG (one transparent pixel), for a fake tile server
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"


#: for each city dot on the map: whether an urban-area outline's fill covers the point
#: ``arguments[0]`` pixels east of its centre
URBAN_AREAS_UNDER_CITIES = """
const view = document.getElementById("map").getBoundingClientRect();
const areas = [...document.querySelectorAll("path.urban-area")];
const found = {};
document.querySelectorAll("path.city").forEach((dot, i) => {
  const r = dot.getBoundingClientRect();
  // Leaflet empties the path of a marker outside its renderer's bounds ("M0 0"), which
  // would sit at the renderer's corner: such a dot is not on screen
  if (r.width === 0 && r.height === 0) return;
  const x = r.left + r.width / 2 + arguments[0], y = r.top + r.height / 2;
  if (x < view.left || x > view.right || y < view.top || y > view.bottom) return;
  found[i] = areas.some((path) => {
    const point = new DOMPoint(x, y).matrixTransform(path.getScreenCTM().inverse());
    return path.isPointInFill(point);
  });
});
return found;
"""


def test_map_shows_units_coloured_by_state_and_moving_with_the_clock(
    browser: WebDriver, served: ThreadedMockServer
) -> None:
    served.freeze()
    open_dashboard(browser, served.url, 8)
    fleet = {u.id for u in served.world.units.values()}
    before = markers(browser)
    assert set(before) == fleet
    for mark in before.values():
        assert mark["state"] in {"moving", "parked", "nodata"}
        assert mark["state"] in mark["classes"]  # the colour comes from the class
    zones = sum(len(r.zones) for r in served.world.resources.values())
    assert zones > 0
    assert len(css(browser, "path.geofence")) == zones
    # ten minutes later the units that drove in between are elsewhere on the map
    served.advance(600)

    def moved(b: WebDriver) -> int:
        now = markers(b)
        return sum(1 for i, m in now.items() if (m["lat"], m["lon"]) != at(before[i]))

    wait_for(browser, moved, "no unit moved on the map after the clock advanced")
    assert "8 units" in browser.find_element("id", "fleet-status").text
    # the offline base map is drawn, and nothing the page loaded came from elsewhere
    assert css(browser, "path.basemap")
    assert len(css(browser, "path.urban-area")) > 100
    # zoomed out to see whole cities: each city of the fleet on screen lies inside a drawn
    # outline (the browser's own point-in-fill test at the centre of the city's dot), and
    # the outline ends within 250 px (about 80 km) of it
    browser.execute_script("map.setZoom(8, { animate: false })")
    wait_for(browser, lambda b: b.execute_script("return map.getZoom()") == 8, "no zoom")
    inside = browser.execute_script(URBAN_AREAS_UNDER_CITIES, 0)
    assert inside, "no city of the fleet is on screen"
    assert all(inside.values()), inside
    beside = browser.execute_script(URBAN_AREAS_UNDER_CITIES, 250)
    assert not any(beside.values()), beside
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert loaded
    assert all(url.startswith(served.url + "/") for url in loaded), loaded


def test_a_tile_url_replaces_the_offline_base_map(browser: WebDriver) -> None:
    tiles: list[str] = []

    async def tile(request: web.Request) -> web.Response:
        tiles.append(request.path)
        return web.Response(body=PNG_1PX, content_type="image/png")

    app = web.Application()
    app.router.add_get("/tiles/{z}/{x}/{y}.png", tile)
    with AppThread(app) as tile_server:
        config = MockConfig(units=3, tile_url=tile_server.url + "/tiles/{z}/{x}/{y}.png")
        with ThreadedMockServer(config) as served:
            open_dashboard(browser, served.url, 3)
            wait_for(browser, lambda b: tiles, "no tile was asked for")
            assert not css(browser, "path.basemap")
    assert all(path.endswith(".png") and path.count("/") == 4 for path in tiles)


def test_clicking_a_unit_shows_its_last_message_params_and_sensors(
    browser: WebDriver, served: ThreadedMockServer
) -> None:
    open_dashboard(browser, served.url, 8)
    unit = min(served.world.units.values(), key=lambda u: u.id)
    browser.find_element("css selector", f'.unit-icon[data-unit-id="{unit.id}"]').click()
    wait_for(
        browser,
        lambda b: b.find_element("id", "unit-name").text == unit.nm,
        "the unit's details never showed",
    )
    # the panel is redrawn every refresh: read it in one go, inside the page
    read = (
        "const box = document.getElementById('unit-detail');"
        "const names = [...box.querySelectorAll('#unit-sensors th')].map(t => t.textContent);"
        "return [box.innerText, names];"
    )

    def filled(b: WebDriver) -> tuple[str, list[str]] | None:
        text, sensors = b.execute_script(read)
        return (text, sensors) if len(sensors) >= 2 else None

    found = wait_for(browser, filled, "the unit's sensors never showed")
    assert found is not None
    detail, sensors = found
    for param in ("pwr_ext", "odometer", "adc1"):
        assert param in detail
    assert sensors[:2] == ["Ignition", "Mileage"]


def test_requests_of_the_client_appear_live_with_batch_items_nested(
    browser: WebDriver, served: ThreadedMockServer
) -> None:
    open_dashboard(browser, served.url, 8)
    wait_for(
        browser,
        lambda b: "live" in b.find_element("id", "stream-status").text,
        "the journal stream never connected",
    )
    unit_id = min(served.world.units)
    # the second item of the batch fails on its own
    served.add_fault(svc="core/get_hw_types", kind="error", code=1003, in_batch=True, times=1)
    run_client(
        served,
        ("core/search_item", {"id": unit_id, "flags": 1}),
        (
            "batch",
            [("core/search_item", {"id": unit_id, "flags": 1}), ("core/get_hw_types", {})],
        ),
    )
    wait_for(
        browser,
        lambda b: "core/batch" in journal_svcs(b),
        "the batch never appeared in the journal",
    )
    svcs = journal_svcs(browser)
    assert "token/login" in svcs
    assert "core/search_item" in svcs
    batch_at = svcs.index("core/batch")
    # the two items follow their batch row, indented under it
    assert svcs[batch_at + 1 : batch_at + 3] == ["core/search_item", "core/get_hw_types"]
    items = css(browser, "#journal tbody tr.item")
    assert len(items) == 2
    results = [row.find_elements("css selector", "td")[-1].text for row in items]
    assert results == ["ok", "error 1003 · fault #1"]
    # the item the fault failed is highlighted like a faulted request
    assert "fault" in (items[1].get_attribute("class") or "").split()
    assert "fault" not in (items[0].get_attribute("class") or "").split()
    batch_row = css(browser, '#journal tbody tr[data-svc="core/batch"]')[0]
    assert batch_row.find_elements("css selector", "td")[-1].text == "1 item failed"
    # filtering by svc keeps the batch that holds a matching item
    browser.find_element("id", "filter-svc").send_keys("get_hw_types")
    wait_for(
        browser,
        lambda b: journal_svcs(b) == ["core/batch", "core/search_item", "core/get_hw_types"],
        "the svc filter did not narrow the journal",
    )
    # errors only: the batch with its failed item, nothing else
    browser.find_element("id", "filter-svc").send_keys(*[keys().BACKSPACE] * len("get_hw_types"))
    wait_for(browser, lambda b: "token/login" in journal_svcs(b), "the filter was not undone")
    browser.find_element("id", "filter-errors").click()
    wait_for(
        browser,
        lambda b: journal_svcs(b) == ["core/batch", "core/search_item", "core/get_hw_types"],
        "the errors-only filter did not narrow the journal",
    )
    browser.find_element("id", "filter-errors").click()
    browser.find_element("id", "filter-svc").send_keys("get_hw_types")
    css(browser, "#journal tbody tr")[0].click()
    detail = wait_for(
        browser, lambda b: b.find_element("id", "request-detail").text, "no request detail"
    )
    assert "core/get_hw_types" in detail


def test_a_batch_too_big_to_keep_whole_still_shows_its_items(
    browser: WebDriver, served: ThreadedMockServer
) -> None:
    open_dashboard(browser, served.url, 8)
    wait_for(
        browser,
        lambda b: "live" in b.find_element("id", "stream-status").text,
        "the journal stream never connected",
    )
    unit_id = min(served.world.units)
    # 60 items: their params are over the journal's 2 KB, so it keeps an excerpt and a list
    calls = [("core/search_item", {"id": unit_id, "flags": 1})] * 59 + [("core/get_hw_types", {})]
    run_client(served, ("batch", calls))
    wait_for(browser, lambda b: "core/batch" in journal_svcs(b), "the batch never appeared")
    (entry,) = [e for e in served.journal() if e["svc"] == "core/batch"]
    assert set(entry["params"]) == {"excerpt", "chars"}, "the params were kept whole"
    svcs = journal_svcs(browser)
    at_ = svcs.index("core/batch")
    assert svcs[at_ + 1 : at_ + 61] == [svc for svc, _ in calls]
    rows = css(browser, "#journal tbody tr.item")
    assert [row.find_elements("css selector", "td")[-1].text for row in rows] == ["ok"] * 60


def test_a_fault_added_from_the_form_fails_the_next_call(
    browser: WebDriver, served: ThreadedMockServer
) -> None:
    open_dashboard(browser, served.url, 8)
    browser.find_element("css selector", '#tabs [data-tab="control"]').click()
    form = browser.find_element("id", "fault-form")
    svc = form.find_element("name", "svc")
    svc.clear()
    svc.send_keys("core/search_item")
    code = form.find_element("name", "code")
    code.clear()
    code.send_keys("7")
    form.find_element("css selector", "button[type=submit]").click()
    wait_for(browser, lambda b: css(b, "#faults tbody tr[data-fault]"), "the fault never listed")
    assert served.faults()[0]["svc"] == "core/search_item"
    with pytest.raises(WialonError) as failed:
        run_client(served, ("core/search_item", {"id": min(served.world.units), "flags": 1}))
    assert failed.value.code == 7
    # the request it failed shows up highlighted in the journal
    browser.find_element("css selector", '#tabs [data-tab="requests"]').click()
    wait_for(
        browser,
        lambda b: css(b, '#journal tr.fault[data-svc="core/search_item"]'),
        "the faulted request is not highlighted",
    )


def test_clock_form_and_session_expiry(browser: WebDriver, served: ThreadedMockServer) -> None:
    served.freeze()
    before = served.world.clock.now()
    open_dashboard(browser, served.url, 8)
    run_client(served)
    browser.find_element("css selector", '#tabs [data-tab="control"]').click()
    browser.find_element("css selector", "#clock-form button").click()
    wait_for(browser, lambda b: served.world.clock.now() == before + 60, "advance had no effect")
    # set: a datetime-local field, UTC
    field = browser.find_element("css selector", "#set-form input[name=set]")
    browser.execute_script("arguments[0].value = '2031-03-04T05:06:07'", field)
    browser.find_element("css selector", "#set-form button").click()
    target = datetime(2031, 3, 4, 5, 6, 7, tzinfo=timezone.utc).timestamp()
    wait_for(browser, lambda b: served.world.clock.now() == target, "set had no effect")
    # an earlier time rewinds the fleet; the page shows the clock back there
    browser.execute_script("arguments[0].value = '2031-03-04T04:06:07'", field)
    browser.find_element("css selector", "#set-form button").click()
    wait_for(browser, lambda b: served.world.clock.now() == target - 3600, "set back failed")
    wait_for(
        browser,
        lambda b: b.find_element("id", "clock").text == "2031-03-04 04:06:07 UTC",
        "the page does not show the rewound clock",
    )
    assert browser.find_element("id", "clock-error").text == ""
    scale = browser.find_element("css selector", "#scale-form input[name=scale]")
    scale.clear()
    scale.send_keys("4")
    browser.find_element("css selector", "#scale-form button[type=submit]").click()
    wait_for(browser, lambda b: served.world.clock.scale == 4, "scale had no effect")
    wait_for(browser, lambda b: b.find_element("id", "freeze").text == "run", "not shown frozen")
    browser.find_element("id", "freeze").click()
    wait_for(browser, lambda b: not served.world.clock.frozen, "the clock did not run")
    browser.find_element("css selector", '#tabs [data-tab="sessions"]').click()
    wait_for(browser, lambda b: css(b, "#sessions button.expire"), "no session listed")
    assert len(served.world.sessions) == 1
    click_first(browser, "#sessions button.expire", "the session's expire button went")
    wait_for(browser, lambda b: not served.world.sessions, "the session did not expire")
    # reset puts the clock back as configured: real time, scale 1
    browser.find_element("css selector", '#tabs [data-tab="control"]').click()
    browser.find_element("id", "reset").click()
    # (the set-back above left it an hour before target: wait for real time, years earlier)
    wait_for(
        browser,
        lambda b: served.world.clock.now() < target - 365 * 86400,
        "reset had no effect",
    )
    assert served.world.clock.scale == 1


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_screenshot_for_the_readme(
    browser: WebDriver, served: ThreadedMockServer, tmp_path: Path
) -> None:
    """The picture in the README. ``WIALON_MOCK_UPDATE_SCREENSHOT=1`` writes it to docs/."""
    open_dashboard(browser, served.url, 8)
    unit_id = min(served.world.units)
    served.add_fault(svc="core/get_hw_types", kind="error", code=1003, in_batch=True, times=1)
    run_client(
        served,
        ("core/search_item", {"id": unit_id, "flags": 0x1 | 0x400}),
        ("batch", [("core/search_item", {"id": unit_id, "flags": 1}), ("core/get_hw_types", {})]),
    )
    wait_for(browser, lambda b: "core/batch" in journal_svcs(b), "no batch in the journal")
    css(browser, '#journal tbody tr[data-svc="core/batch"]')[0].click()
    wait_for(browser, lambda b: b.find_element("id", "request-detail").text, "no detail shown")
    # one step out, so the picture shows the city's outline around the fleet
    zoom = browser.execute_script(
        "const z = map.getZoom() - 1; map.setZoom(z, { animate: false }); return z"
    )
    wait_for(browser, lambda b: b.execute_script("return map.getZoom()") == zoom, "no zoom")
    shot = tmp_path / "dashboard.png"
    assert browser.save_screenshot(str(shot))
    width, height = _png_size(shot)
    assert width >= 1000
    assert height >= 600
    if os.environ.get("WIALON_MOCK_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
