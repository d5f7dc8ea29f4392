"""What the browser tests read off the dashboard page: waits, elements, unit markers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .conftest import WAIT_SECONDS

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

T = TypeVar("T")


def keys() -> Any:
    from selenium.webdriver.common.keys import Keys

    return Keys


def wait_for(browser: WebDriver, what: Callable[[WebDriver], T], message: str) -> T:
    """Poll ``what`` until it returns something truthy (Selenium's own wait)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT_SECONDS, poll_frequency=0.1).until(what, message)


def click_first(browser: WebDriver, selector: str, message: str) -> None:
    """Click the first element matching ``selector``; again if a redraw replaced it between
    finding and clicking (the side panels are redrawn at every refresh)."""
    from selenium.common.exceptions import StaleElementReferenceException

    def clicked(b: WebDriver) -> bool:
        found = css(b, selector)
        if not found:
            return False
        try:
            found[0].click()
        except StaleElementReferenceException:
            return False
        return True

    wait_for(browser, clicked, message)


def css(browser: WebDriver | WebElement, selector: str) -> list[WebElement]:
    """Every element matching ``selector``."""
    return list(browser.find_elements("css selector", selector))


def open_dashboard(browser: WebDriver, url: str, units: int) -> None:
    """Load the page and wait until every unit is on the map."""
    browser.get(f"{url}/_mock/ui/")
    wait_for(
        browser,
        lambda b: len(css(b, ".unit-icon[data-unit-id]")) == units,
        f"{units} units never appeared on the map",
    )


def markers(browser: WebDriver) -> dict[int, dict[str, Any]]:
    """The unit markers on the map: id -> state, lat, lon (from the elements' data)."""
    found: dict[int, dict[str, Any]] = {}
    for node in css(browser, ".unit-icon[data-unit-id]"):
        found[int(node.get_attribute("data-unit-id") or 0)] = {
            "state": node.get_attribute("data-state"),
            "lat": float(node.get_attribute("data-lat") or 0),
            "lon": float(node.get_attribute("data-lon") or 0),
            "classes": (node.get_attribute("class") or "").split(),
        }
    return found


def at(mark: dict[str, Any]) -> tuple[float, float]:
    return mark["lat"], mark["lon"]


def journal_svcs(browser: WebDriver) -> list[str]:
    """The svc of every request row on the page, newest first."""
    return [row.get_attribute("data-svc") or "" for row in css(browser, "#journal tbody tr")]
