"""Record mode ``new_episodes`` gives the run's made-up values back, as replay does.

In ``new_episodes`` the calls a cassette holds are answered by vcrpy from the file and only
new ones go to the server. ``upload_and_wait`` makes an ``eventHash`` up per run and waits
for the upload event that echoes it; the file holds a placeholder in both places, so the
played answer must carry this run's value again or the wait never ends.
"""

from __future__ import annotations

import json

import pytest

from ._downstream import preload, project, run

preload()

TESTS = """
import pytest
from aiowialon import MultipartField

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)

@pytest.mark.wialon_cassette
@pytest.mark.wialon_mock(units=1, seed=2)
async def test_upload(wialon_client, wialon_mock):
    await wialon_client.login()
    found = await wialon_client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
    unit = found["items"][0]["id"]
    icon = MultipartField("icon_file", PNG, filename="icon.png", content_type="image/png")
    call = wialon_client.unit_upload_image(itemId=unit)
    # a short wait: without the run's own hash given back, the event never matches
    done = await wialon_client.upload_and_wait(call, icon, timeout=3)
    assert done.data.upload_hash.startswith("aiowialon_")
    sent = wialon_mock.assert_called("unit/upload_image", {"itemId": unit}, times=1)
    assert len(sent) == 1
"""


@pytest.mark.parametrize("again", ["new_episodes", "none"])
def test_made_up_values_come_back_in_every_mode_that_plays(
    pytester: pytest.Pytester, again: str
) -> None:
    project(pytester, test_up=TESTS)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=1)
    cassette = pytester.path / "cassettes" / "test_up" / "test_upload.json"
    before = cassette.read_text()
    hashes = [
        item["request"]["params"]["eventHash"]
        for item in json.loads(before)["interactions"]
        if item["request"].get("svc") == "unit/upload_image"
    ]
    assert [h.startswith("scrubbed-") for h in hashes] == [True]
    run(pytester, f"--wialon-record-mode={again}").assert_outcomes(passed=1)
    # every call was in the file: nothing new recorded, the file is as it was
    assert cassette.read_text() == before


JOURNALED = """
import json
import pytest

UNITS = {"itemsType": "avl_unit", "propName": "sys_name", "propValueMask": "*", "sortType": ""}

@pytest.mark.wialon_cassette
@pytest.mark.wialon_mock(units=1, seed=2)
async def test_calls(request, wialon_client, wialon_mock):
    await wialon_client.login()
    await wialon_client.core_search_items(spec=UNITS, force=1, flags=1, from_=0, to=0)
    fields = ("svc", "t", "status", "error", "fault")
    seen = [{k: e.get(k) for k in fields} for e in wialon_mock.journal()]
    mode = request.config.getoption("--wialon-record-mode")
    (request.config.rootpath / f"journal-{mode}.json").write_text(json.dumps(seen))
"""


def test_entries_played_in_new_episodes_carry_the_recorded_fields(
    pytester: pytest.Pytester,
) -> None:
    project(pytester, test_j=JOURNALED)
    run(pytester, "--wialon-record-mode=once").assert_outcomes(passed=1)
    run(pytester, "--wialon-record-mode=new_episodes").assert_outcomes(passed=1)
    recorded = json.loads((pytester.path / "journal-once.json").read_text())
    played = json.loads((pytester.path / "journal-new_episodes.json").read_text())
    assert [e["svc"] for e in recorded] == ["token/login", "core/search_items"]
    assert all(isinstance(e["t"], (int, float)) for e in recorded)
    assert played == recorded
