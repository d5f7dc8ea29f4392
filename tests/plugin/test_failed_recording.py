"""A test that fails while recording leaves no cassette behind, nor replaces a good one."""

from __future__ import annotations

import pytest

CONFIG = """
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
"""

TEST = """
import pytest

@pytest.mark.wialon_cassette
async def test_login(wialon_client):
    answer = await wialon_client.login()
    assert answer["eid"]
    assert {ok}
"""


def test_a_failed_recording_is_not_saved(pytester: pytest.Pytester) -> None:
    pytester.makeini(CONFIG)
    cassette = pytester.path / "cassettes" / "test_it" / "test_login.json"
    pytester.makepyfile(test_it=TEST.format(ok=False))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=once")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*not saving cassettes/test_it/test_login.json*"])
    assert not cassette.exists()

    # Once the test passes, mode once records (a saved failure would have been replayed).
    pytester.makepyfile(test_it=TEST.format(ok=True))
    recorded = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=once")
    recorded.assert_outcomes(passed=1)
    good = cassette.read_text()

    # A failing re-recording in mode all keeps the good file.
    pytester.makepyfile(test_it=TEST.format(ok=False))
    again = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=all")
    again.assert_outcomes(failed=1)
    assert cassette.read_text() == good
