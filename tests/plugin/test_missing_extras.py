"""A project with the plugin but without the test extras gets the install line, not a trace."""

from __future__ import annotations

import pytest

SYNC_TESTS = """
import pytest

def test_plain():
    assert True

def test_mock(wialon_mock):
    pass

@pytest.mark.wialon_cassette
def test_cassette():
    pass
"""


# A None entry in sys.modules makes find_spec and import fail as for a package never
# installed. Set in the inner conftest, after pytest has loaded its plugins (faker has one),
# and undone by pytester's sys.modules snapshot when the inner run ends.
HIDE_EXTRAS = """
import sys

sys.modules["faker"] = None
sys.modules["vcr"] = None
"""


def test_without_faker_or_vcrpy_the_failure_names_the_extra(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(HIDE_EXTRAS)
    pytester.makepyfile(test_plain=SYNC_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*wialon_mock_factory needs faker, which is not installed*aiowialon-kit[[]testing[]]*",
            "*wialon_cassette needs vcr, which is not installed*aiowialon-kit[[]testing[]]*",
        ]
    )
    result.stdout.no_fnmatch_line("*ModuleNotFoundError*")


def test_without_pytest_asyncio_wialon_client_says_what_to_install(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_client="""
        def test_client(wialon_client):
            pass
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:asyncio")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*wialon_client fixture needs pytest-asyncio*"])
    result.stdout.no_fnmatch_line("*fixture 'wialon_client' not found*")
