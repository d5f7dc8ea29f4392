"""``Wialon.from_url(...)`` and ``Wialon(url=...)``: one argument points a client at a server."""

from __future__ import annotations

import pytest

from aiowialon import Wialon
from wialon_mock import MockServer


async def test_from_url_talks_to_the_fake_server(mock_server: MockServer) -> None:
    async with Wialon.from_url(mock_server.url, token=mock_server.token) as wialon:
        assert wialon.base_url == mock_server.url
        answer = await wialon.login()
        assert answer["eid"] == wialon.sid
        await wialon.logout()


async def test_url_keyword_and_options(mock_server: MockServer) -> None:
    async with Wialon(url=mock_server.url + "/", token=mock_server.token, rps=None) as wialon:
        assert wialon.base_url == mock_server.url
        await wialon.login()
        assert await wialon.core_get_hw_types()  # a real answer over the socket
        await wialon.logout()


def test_default_ports_and_ipv6() -> None:
    assert Wialon.from_url("https://hst-api.wialon.com").base_url == "https://hst-api.wialon.com"
    assert Wialon(url="http://[::1]:8080").base_url == "http://[::1]:8080"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org", "http://HOST"),
        ("127.0.0.1:8080", "http://HOST"),
        ("http://127.0.0.1:8080/wialon/ajax.html", "not a path"),
        ("http://127.0.0.1:8080?sid=1", "not a path"),
        ("http://127.0.0.1:99999", "invalid port"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Wialon.from_url(url)
