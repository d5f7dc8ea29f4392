"""Fixtures of the dashboard tests: fake servers in a thread, and a real headless Chromium.

The browser is Debian's ``chromium`` driven through its ``chromedriver`` with Selenium
(``apt-get install chromium chromium-driver``; ``.ci/run`` installs both). Without them the
browser tests are skipped with one line saying so, except under CI (``CI`` set), where a
missing browser fails them: CI must always cover the dashboard.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from aiohttp import web

from aiowialon import Wialon, WialonError
from wialon_mock import ThreadedMockServer
from wialon_mock.http.admin_guard import AdminAccess, new_secret
from wialon_mock.http.app import create_app
from wialon_mock.model.state import World

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

#: how long a browser wait may take before the test fails (a shared machine is slow)
WAIT_SECONDS = 20.0
WINDOW = (1400, 860)


def browser_paths() -> tuple[str, str] | str:
    """``(chromium, chromedriver)``, or the reason they cannot be used."""
    chromium = os.environ.get("WIALON_MOCK_CHROMIUM") or shutil.which("chromium")
    driver = os.environ.get("WIALON_MOCK_CHROMEDRIVER") or shutil.which("chromedriver")
    if not chromium or not driver or not (os.path.exists(chromium) and os.path.exists(driver)):
        return "headless Chromium not found (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return chromium, driver


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[WebDriver]:
    """One headless Chromium for the whole run (starting one costs seconds)."""
    found = browser_paths()
    if isinstance(found, str):
        _unavailable(found)
        raise AssertionError("unreachable")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = found
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        # the tests run as root in a container, where Chromium's sandbox cannot start
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        # nothing the page loads may leave the machine
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def served() -> Iterator[ThreadedMockServer]:
    """A small fake server in a thread, its clock running."""
    with ThreadedMockServer(units=8, seed=3) as server:
        yield server


class AppThread:
    """Any aiohttp app on a loopback port, in a thread of its own."""

    def __init__(self, app: web.Application, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner = web.AppRunner(app, shutdown_timeout=0.5)
        self.port = 0
        #: the admin secret the app was built with, if any
        self.secret: str | None = None

    def __enter__(self) -> AppThread:
        self.thread.start()

        async def start() -> int:
            await self.runner.setup()
            site = web.TCPSite(self.runner, self.host, 0)
            await site.start()
            return int(self.runner.addresses[0][1])

        self.port = asyncio.run_coroutine_threadsafe(start(), self.loop).result()
        return self

    @property
    def url(self) -> str:
        """Base URL of the app."""
        return f"http://{self.host}:{self.port}"

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


@pytest.fixture
def read_only_app() -> Iterator[AppThread]:
    """The app a server bound to a non-loopback host builds, served on loopback for the test."""
    # as `serve --host 0.0.0.0` builds it: bound beyond loopback, with a made-up admin secret
    access = AdminAccess(bound_host="0.0.0.0", secret=new_secret())
    with AppThread(create_app(World(), admin=access)) as served_app:
        served_app.secret = access.secret
        yield served_app


@pytest.fixture
def remote_app() -> Iterator[AppThread]:
    """A server with an admin secret that takes every client for one on another machine.

    ``loopback_trusted=False`` is what a server behind a proxy on its own machine needs; here
    it lets a browser on loopback stand in for a browser elsewhere, over real sockets.
    """
    access = AdminAccess(bound_host="127.0.0.1", secret=new_secret(), loopback_trusted=False)
    with AppThread(create_app(World(), admin=access)) as served_app:
        served_app.secret = access.secret
        yield served_app


def run_client(server: ThreadedMockServer, *calls: Any) -> list[Any]:
    """Log in with the aiowialon client and make ``calls`` (``(name, params)`` or a batch).

    A batch with a failed item gives its :class:`WialonError` as the answer instead of raising.
    """

    async def go() -> list[Any]:
        async with Wialon(
            scheme="http", host=server.host, port=server.port, token=server.token
        ) as wialon:
            await wialon.login()
            answers: list[Any] = []
            for name, params in calls:
                if name == "batch":
                    batch = wialon.batch(*(wialon.call(s, **p) for s, p in params))
                    try:
                        answers.append(await batch)
                    except WialonError as exc:
                        # a failed item fails the batch; the test looks at the journal
                        answers.append(exc)
                else:
                    answers.append(await wialon.call(name, **params))
            return answers

    return asyncio.run(go())
