"""``MockServer(**settings)`` checks its keywords before anything starts: a misspelt or
mistyped setting is one line with a did-you-mean, never a server that answers every call
with an error."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from wialon_mock import MockServer
from wialon_mock.run.server import ConfigError


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"unit": 5}, "unknown MockConfig setting: unit (did you mean 'units'?)"),
        ({"units": "five"}, "units must be a whole number >= 0, not 'five'"),
        ({"units": True}, "units must be a whole number >= 0, not True"),
        ({"clock_frozen": "yes"}, "clock_frozen must be true or false, not 'yes'"),
        ({"clock_scale": "fast"}, "clock_scale must be a number, not 'fast'"),
        ({"tokens": "abc"}, "tokens must be a list of strings, not 'abc'"),
        ({"limits": {"heavy_second": 1}}, "unknown limits: heavy_second (did you mean"),
        ({"limits": "on"}, "limits must be true, false or a table of limits"),
        ({"faults": [{"svc": "core/serch_item", "kind": "error", "code": 7}]}, "did you mean"),
    ],
)
def test_a_wrong_setting_is_one_line_before_anything_starts(
    settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        MockServer(**settings)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert isinstance(raised.value, TypeError)  # as any unknown keyword argument is


async def test_limits_given_as_a_mapping_work_like_a_scenario_file() -> None:
    # before, a dict was stored as it came and every call then answered {"error": 6}
    async with (
        MockServer(units=2, limits={"heavy_seconds": 0.01, "avl_evts_per_10s": None}) as srv,
        aiohttp.ClientSession() as http,
    ):
        assert srv.config.limits.heavy_seconds == 0.01
        assert srv.config.limits.avl_evts_per_10s is None
        form = {"svc": "token/login", "params": json.dumps({"token": srv.token})}
        async with http.post(f"{srv.url}/wialon/ajax.html", data=form) as response:
            answer = await response.json()
        assert "eid" in answer
