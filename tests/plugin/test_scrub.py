"""The last-line secret scan over a cassette's text, including what a person pasted in."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from pytest_wialon.cassettes import FORMAT, CassetteSecretWarning
from pytest_wialon.recorder import CassetteSession
from pytest_wialon.scrub import Scrubber, find_leaks

SID = "0123456789abcdef0123456789abcdef"


def test_a_sid_in_escaped_json_inside_a_text_body_is_found_and_replaced() -> None:
    # A response kept as text (not JSON) that holds a login answer, as it sits in the file.
    inner = f'<script>var answer = {{"eid":"{SID}","au":"bob"}};</script>'
    text = json.dumps({"response": {"text": inner}}, indent=2)
    assert SID in text
    assert len(find_leaks(text)) == 1
    scrubbed = Scrubber().scrub_text(text)
    assert SID not in scrubbed
    assert find_leaks(scrubbed) == []
    # Still the same document, with the placeholder where the sid was.
    body = json.loads(scrubbed)["response"]["text"]
    assert body == inner.replace(SID, "scrubbed-sid-1")


def test_a_plain_json_sid_keeps_its_spacing() -> None:
    text = f'{{"sid" : "{SID}", "n": 1}}'
    assert Scrubber().scrub_text(text) == '{"sid" : "scrubbed-sid-1", "n": 1}'


def test_a_cassette_with_a_pasted_sid_warns_on_replay(tmp_path: Path) -> None:
    path = tmp_path / "pasted.json"
    request = {"method": "POST", "url": "http://h/wialon/ajax.html", "svc": "core/logout"}
    response = {"status": 200, "reason": "OK", "headers": {}, "json": {"error": 0}}
    interaction = {"request": {**request, "sid": SID}, "response": response}
    document = {"format": FORMAT, "base_url": "http://h", "interactions": [interaction]}
    path.write_text(json.dumps(document, indent=2))
    session = CassetteSession(path, "none", Scrubber())
    with pytest.warns(CassetteSecretWarning, match="pasted.json holds 1 string"):
        session.start()
    session.stop()

    # The same file with the placeholder the plugin writes opens silently.
    path.write_text(path.read_text().replace(SID, "scrubbed-sid-1"))
    session = CassetteSession(path, "none", Scrubber())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        session.start()
    session.stop()
