"""The recorded cassettes of this repository: present, well-formed and free of secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_wialon.cassettes import FORMAT
from pytest_wialon.scrub import find_leaks
from wialon_mock.config import default_token

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"
EXPECTED = {
    "test_login",
    "test_search",
    "test_batch_with_an_error",
    "test_multipart_upload",
    "test_polling_session_with_events",
    "test_logout",
}


def _files() -> list[Path]:
    return sorted(CASSETTES.rglob("*.json"))


def test_the_recorded_scenarios_are_all_there() -> None:
    names = {path.stem for path in (CASSETTES / "test_cassettes").glob("*.json")}
    assert names >= EXPECTED


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_cassette_holds_no_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == FORMAT
    assert find_leaks(text) == []
    # The token the fake server (seed 7, as the tests configure it) accepted while recording.
    assert default_token(7) not in text
    for item in data["interactions"]:
        sid = item["request"].get("sid")
        assert sid is None or sid.startswith("scrubbed-sid-")


def test_polling_cassette_carries_events() -> None:
    data = json.loads(
        (CASSETTES / "test_cassettes" / "test_polling_session_with_events.json").read_text()
    )
    polls = [i for i in data["interactions"] if i["request"]["url"].endswith("/avl_evts")]
    assert any(poll["response"]["json"]["events"] for poll in polls)
