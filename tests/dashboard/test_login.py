"""Logging in to the dashboard of a server with an admin secret, over plain HTTP.

The servers listen on 127.0.0.2 (a second loopback address) with a secret; one of them also
takes loopback clients for clients elsewhere, as it would behind a proxy on its own machine,
so "a browser on another machine" is a real socket here. The cookie is handled by hand
(aiohttp's jar keeps no cookies of IP hosts).
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Iterator
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import make_mocked_request

from wialon_mock import MockServer
from wialon_mock.http.admin_guard import COOKIE_NAME, LOGIN_PATH, AdminAccess
from wialon_mock.http.app import create_app
from wialon_mock.model.state import World

from .conftest import AppThread

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="127.0.0.2 answers on Linux loopback only"
)
SECRET = "a-secret-made-up-for-this-test-01"
FAULT = {"svc": "*", "kind": "error", "code": 6}


@pytest.fixture
async def server() -> AsyncIterator[MockServer]:
    """``serve --host 127.0.0.2 --admin-token ...``."""
    async with MockServer(units=1, host="127.0.0.2", admin_token=SECRET) as srv:
        yield srv


@pytest.fixture
def elsewhere() -> Iterator[AppThread]:
    """A server on 127.0.0.2 for which every client is on another machine."""
    access = AdminAccess(bound_host="127.0.0.2", secret=SECRET, loopback_trusted=False)
    with AppThread(create_app(World(), admin=access), host="127.0.0.2") as app:
        yield app


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A client that follows no redirects and keeps no cookies by itself."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


def host_of(url: str) -> str:
    return url.split("://", 1)[1]


async def log_in(http: aiohttp.ClientSession, url: str, secret: str = SECRET) -> str:
    """Open the login link; the ``Cookie`` header value the browser would keep."""
    async with http.get(
        f"{url}{LOGIN_PATH}", params={"secret": secret}, allow_redirects=False
    ) as r:
        assert r.status == 303, await r.text()
        assert r.headers["Location"] == "/_mock/ui/"
        morsel = r.cookies[COOKIE_NAME]
        return f"{COOKIE_NAME}={morsel.value}"


async def write(
    http: aiohttp.ClientSession, url: str, headers: dict[str, str], ctype: str = "application/json"
) -> tuple[int, Any]:
    body = json.dumps(FAULT).encode()
    hdrs = {"Content-Type": ctype, **headers}
    async with http.post(f"{url}/_mock/faults", data=body, headers=hdrs) as resp:
        return resp.status, await resp.json(content_type=None)


async def test_the_login_link_sets_a_strict_http_only_cookie_and_strips_the_secret(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    async with http.get(f"{server.url}{LOGIN_PATH}", params={"secret": SECRET},
                        allow_redirects=False) as resp:  # fmt: skip
        assert resp.status == 303
        # the browser goes on to the dashboard's own address: no secret in it
        assert resp.headers["Location"] == "/_mock/ui/"
        raw = resp.headers.getall("Set-Cookie")
    assert len(raw) == 1
    cookie = SimpleCookie(raw[0])[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/_mock"
    assert SECRET not in cookie.value
    assert cookie.value != await log_in(http, server.url)  # a fresh nonce each time


@pytest.mark.parametrize("given", ["", "a-secret-made-up-for-this-test-02", SECRET[:-1]])
async def test_a_wrong_secret_gets_the_form_again_and_no_cookie(
    http: aiohttp.ClientSession, server: MockServer, given: str
) -> None:
    async with http.get(f"{server.url}{LOGIN_PATH}", params={"secret": given},
                        allow_redirects=False) as resp:  # fmt: skip
        assert resp.status == 403
        assert "Set-Cookie" not in resp.headers
        page = await resp.text()
    assert 'id="login-error"' in page
    assert 'name="secret"' in page


async def test_the_form_posts_the_secret_and_a_plain_page_load_shows_it(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    async with http.get(f"{server.url}{LOGIN_PATH}") as resp:
        assert resp.status == 200
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert f'action="{LOGIN_PATH}"' in await resp.text()
    async with http.post(f"{server.url}{LOGIN_PATH}", data={"secret": SECRET},
                         allow_redirects=False) as resp:  # fmt: skip
        assert resp.status == 303
        assert COOKIE_NAME in resp.cookies
    # JSON is not what the form sends
    async with http.post(f"{server.url}{LOGIN_PATH}", json={"secret": SECRET},
                         allow_redirects=False) as resp:  # fmt: skip
        assert resp.status == 415
        assert COOKIE_NAME not in resp.cookies


async def test_a_write_with_the_cookie_must_come_from_the_dashboards_own_origin(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    cookie = await log_in(http, server.url)
    origin = server.url
    assert (await write(http, server.url, {"Cookie": cookie}))[0] == 403
    other_port = origin.rsplit(":", 1)[0] + ":1"
    status, answer = await write(http, server.url, {"Cookie": cookie, "Origin": other_port})
    assert status == 403
    assert "dashboard's page" in answer["error"]
    cross = {"Cookie": cookie, "Origin": origin, "Sec-Fetch-Site": "cross-site"}
    assert (await write(http, server.url, cross))[0] == 403
    # the content type rule holds for the cookie too
    same = {"Cookie": cookie, "Origin": origin}
    assert (await write(http, server.url, same, ctype="text/plain"))[0] == 415
    assert server.faults() == []
    status, answer = await write(http, server.url, same)
    assert status == 200, answer
    assert [f["svc"] for f in server.faults()] == ["*"]


async def test_a_forged_or_foreign_cookie_is_no_key(
    http: aiohttp.ClientSession, server: MockServer
) -> None:
    real = await log_in(http, server.url)
    nonce = real.split("=", 1)[1].split(".")[0]
    origin = {"Origin": server.url}
    for forged in (f"{COOKIE_NAME}={nonce}.{'0' * 64}", f"{COOKIE_NAME}={SECRET}", real + "x"):
        assert (await write(http, server.url, {"Cookie": forged, **origin}))[0] == 403
    # made under another secret: not this server's cookie
    async with MockServer(units=1, host="127.0.0.2", admin_token=SECRET + "x") as other:
        theirs = await log_in(http, other.url, SECRET + "x")
    assert (await write(http, server.url, {"Cookie": theirs, **origin}))[0] == 403
    assert server.faults() == []


async def test_from_another_machine_the_cookie_opens_pages_views_and_the_stream(
    http: aiohttp.ClientSession, elsewhere: AppThread
) -> None:
    url = elsewhere.url
    assert url.startswith("http://127.0.0.2:")
    async with http.get(f"{url}/_mock/state") as resp:
        assert resp.status == 403
    # a person opening the dashboard is sent to the login form, not shown JSON
    page = {"Accept": "text/html,application/xhtml+xml"}
    async with http.get(f"{url}/_mock/ui/", headers=page, allow_redirects=False) as resp:
        assert resp.status == 303
        assert resp.headers["Location"] == LOGIN_PATH
    cookie = {"Cookie": await log_in(http, url)}
    async with http.get(f"{url}/_mock/ui/", headers={**page, **cookie}) as resp:
        assert resp.status == 200
        assert 'id="map"' in await resp.text()
    async with http.get(f"{url}/_mock/ui/api/config", headers=cookie) as resp:
        config = await resp.json()
    assert config["read_only"] is False
    assert config["login"] is None
    # another name for the same host (how a person elsewhere reaches it) still carries it
    named = {**cookie, "Host": "devbox.lan"}
    async with http.get(f"{url}/_mock/ui/api/sessions", headers=named) as resp:
        assert resp.status == 200
    async with http.get(f"{url}/_mock/journal/stream", headers=cookie) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/event-stream")
        assert (await resp.content.readline()).startswith(b": wialon-mock journal")
    same = {**cookie, "Origin": url}
    assert (await write(http, url, same))[0] == 200
    async with http.get(f"{url}/_mock/ui/logout", headers=cookie, allow_redirects=False) as resp:
        assert resp.status == 303
        assert resp.cookies[COOKIE_NAME].value == ""


async def test_without_a_secret_the_login_page_just_opens_the_dashboard(
    http: aiohttp.ClientSession,
) -> None:
    async with MockServer(units=1, host="127.0.0.2") as server:
        login = http.get(f"{server.url}{LOGIN_PATH}", allow_redirects=False)
        async with login as resp:
            assert resp.status == 303
            assert resp.headers["Location"] == "/_mock/ui/"
            assert COOKIE_NAME not in resp.cookies


def test_the_guard_takes_the_cookie_from_a_remote_peer() -> None:
    access = AdminAccess(bound_host="0.0.0.0", secret=SECRET)
    transport = type("T", (), {"get_extra_info": lambda self, key, default=None: ("10.1.2.3", 5)})

    def request(method: str, headers: dict[str, str]) -> Any:
        return make_mocked_request(method, "/_mock/faults", headers=headers, transport=transport())

    cookie = f"{COOKIE_NAME}={access.new_cookie()}"
    assert access.refusal(request("GET", {})) is not None
    assert access.refusal(request("GET", {"Cookie": cookie, "Host": "devbox.lan:8080"})) is None
    write_headers = {
        "Cookie": cookie,
        "Host": "devbox.lan:8080",
        "Origin": "http://devbox.lan:8080",
        "Content-Type": "application/json",
    }
    assert access.refusal(request("POST", write_headers)) is None
    foreign = {**write_headers, "Origin": "http://evil.example"}
    refused = access.refusal(request("POST", foreign))
    assert refused is not None
    assert refused[0] == 403
