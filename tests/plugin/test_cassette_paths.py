"""Where a test's cassette lives, and tests that would end up sharing one file."""

from __future__ import annotations

import pytest

MODULE = """
import pytest

@pytest.mark.wialon_cassette{args}
def test_login(wialon_cassette):
    assert wialon_cassette.path.name == "{expected}"
"""


def _layout(
    pytester: pytest.Pytester, unit_args: str = "", unit_expected: str = "", ini: str = ""
) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n" + ini)
    # Not "tests": that package name is taken by this repository in the same process.
    for package in ("suite", "suite/unit", "suite/integration"):
        pytester.mkpydir(package)
    (pytester.path / "suite/unit/test_api.py").write_text(
        MODULE.format(args=unit_args, expected=unit_expected or "test_login.json")
    )
    (pytester.path / "suite/integration/test_api.py").write_text(
        MODULE.format(args="", expected="test_login.json")
    )


def test_same_module_name_in_two_directories_gets_two_folders(
    pytester: pytest.Pytester,
) -> None:
    # By default each module's cassettes sit beside it: no clash is possible.
    _layout(pytester)
    for suite in ("unit", "integration"):
        test = pytester.path / f"suite/{suite}/test_api.py"
        test.write_text(
            test.read_text()
            + "    here = __import__('pathlib').Path(__file__).parent\n"
            + "    assert wialon_cassette.path == here / 'cassettes/test_api/test_login.json'\n"
        )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=once")
    result.assert_outcomes(passed=2)


def test_same_module_name_under_one_cassette_dir_is_refused(pytester: pytest.Pytester) -> None:
    _layout(pytester, ini="wialon_cassette_dir = cassettes\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=once")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*different tests would share the cassette test_login.json of test_api/*"
            "suite/integration/test_api.py::test_login, suite/unit/test_api.py::test_login*",
        ]
    )


def test_a_name_on_one_of_them_settles_it(pytester: pytest.Pytester) -> None:
    _layout(
        pytester,
        unit_args='("unit_login")',
        unit_expected="unit_login.json",
        ini="wialon_cassette_dir = cassettes\n",
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=once")
    result.assert_outcomes(passed=2)


def test_parametrized_ids_that_differ_only_in_unsafe_characters(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(
        test_ids="""
        import pytest

        @pytest.mark.wialon_cassette
        @pytest.mark.parametrize("path", ["a/b", "a:b", "c"])
        def test_path(path):
            pass
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=once")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["*share the cassette test_path[[]a_b[]].json*"])


def test_a_broken_cassette_or_a_bad_record_mode_fails_with_directions(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(
        test_bad="""
        import pytest

        @pytest.mark.wialon_cassette
        def test_broken():
            pass

        @pytest.mark.wialon_cassette
        def test_foreign():
            pass

        @pytest.mark.wialon_cassette(record_mode="onse")
        def test_typo():
            pass
        """
    )
    folder = pytester.path / "cassettes" / "test_bad"  # beside the module, by default
    folder.mkdir(parents=True)
    (folder / "test_broken.json").write_text("{ not json")
    (folder / "test_foreign.json").write_text('{"format": "other"}')
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines_random(
        [
            "*cannot read cassette cassettes/test_bad/test_broken.json: JSONDecodeError*"
            "record it again with --wialon-record-mode=all",
            "*cannot read cassette cassettes/test_bad/test_foreign.json: ValueError*",
            "*record_mode='onse'; use one of*",
        ]
    )
    result.stdout.no_fnmatch_line("*Traceback*")
