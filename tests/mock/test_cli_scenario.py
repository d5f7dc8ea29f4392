"""Scenario files in YAML and TOML become the same server setup."""

from __future__ import annotations

from pathlib import Path

import pytest

from wialon_mock import MockServer
from wialon_mock.run.scenario import ScenarioError, load_scenario

YAML = """
seed: 4
units: 3
tokens: ["{token}"]
clock: {{start: 2024-05-01T08:00:00Z, frozen: true}}
limits: {{avl_evts_per_10s: null, max_concurrent: 2}}
faults:
  - {{svc: avl_evts, kind: error, code: 1003, times: 2}}
journal_size: 50
"""

TOML = """
seed = 4
units = 3
tokens = ["{token}"]
journal_size = 50

[clock]
start = 2024-05-01T08:00:00Z
frozen = true

[limits]
max_concurrent = 2

[[faults]]
svc = "avl_evts"
kind = "error"
code = 1003
times = 2
"""

TOKEN = "s" * 72
START = 1714550400.0  # 2024-05-01T08:00:00Z


@pytest.mark.parametrize(("name", "text"), [("run.yaml", YAML), ("run.toml", TOML)])
async def test_scenario_sets_up_the_server(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text.format(token=TOKEN), encoding="utf-8")
    config = load_scenario(path)
    assert (config.seed, config.units, config.tokens) == (4, 3, [TOKEN])
    assert config.limits.max_concurrent == 2
    async with MockServer(config) as server:
        assert server.token == TOKEN
        assert server.state()["clock"] == {"now": START, "frozen": True, "scale": 1.0}
        assert [(f["svc"], f["code"], f["times"]) for f in server.faults()] == [
            ("avl_evts", 1003, 2)
        ]


def test_limits_false_switches_them_off(tmp_path: Path) -> None:
    path = tmp_path / "off.yml"
    path.write_text("limits: false\nclock: {start: 1700000000, scale: 10}\n", encoding="utf-8")
    config = load_scenario(path)
    assert config.limits.enabled is False
    assert (config.clock_start, config.clock_scale) == (1700000000.0, 10.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: red\n", "unknown settings: colour"),
        ("units: many\n", "units must be an integer"),
        ("clock: {start: yesterday}\n", "cannot read 'yesterday'"),
        ("clock: {scale: 0}\n", "clock.scale must be a positive number"),
        ("limits: {max_requests: 1}\n", "unknown limits: max_requests"),
        ("faults: [{kind: explode}]\n", "fault #1"),
        ("tokens: abc\n", "tokens must be a list of strings"),
        ("- a list\n", "a scenario is a table"),
        ("seed: [\n", "not valid YAML"),
    ],
)
def test_bad_scenarios_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message) as caught:
        load_scenario(path)
    assert str(path) in str(caught.value)


def test_missing_file_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"nope\.yaml"):
        load_scenario(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.toml"
    bad.write_text("seed = \n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        load_scenario(bad)
