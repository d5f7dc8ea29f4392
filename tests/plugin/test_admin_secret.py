"""The plugin's fake server hands out its admin secret, so tests can drive ``/_mock/`` over HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest


def _reset(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(f"{url}/_mock/reset", method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_the_fixture_carries_the_secret(wialon_mock_factory: Callable[..., Any]) -> None:
    server = wialon_mock_factory(units=1, admin_token="fixture-secret")
    assert server.admin_token == "fixture-secret"
    assert _reset(server.url, {}) == 403
    assert _reset(server.url, server.admin_headers) == 200
    server.reset()  # the runner's own methods need no secret


@pytest.mark.wialon_mock(units=1)
def test_a_loopback_fixture_needs_none(wialon_mock: Any) -> None:
    assert wialon_mock.admin_headers == {}
    assert _reset(wialon_mock.url, {}) == 200
