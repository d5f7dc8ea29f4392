"""The cassette writer never writes through a planted link; impossible names fail in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pytest_wialon.cassettes import CassetteFileError, check_cassette_path, write_cassette_file


def test_a_planted_tmp_link_is_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    cassette = tmp_path / "cassettes" / "test_login.json"
    cassette.parent.mkdir()
    # the name the old writer used for its temporary file
    (cassette.parent / "test_login.json.tmp").symlink_to(victim)
    write_cassette_file(cassette, '{"format": 1}\n')
    assert victim.read_text(encoding="utf-8") == "precious"
    assert cassette.read_text(encoding="utf-8") == '{"format": 1}\n'
    assert not cassette.is_symlink()
    leftovers = {p.name for p in cassette.parent.iterdir()} - {"test_login.json"}
    assert leftovers == {"test_login.json.tmp"}  # the planted link, untouched and unused


def test_a_cassette_that_is_a_link_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    cassette = tmp_path / "test_login.json"
    cassette.symlink_to(victim)
    with pytest.raises(CassetteFileError, match="symbolic link"):
        write_cassette_file(cassette, "{}\n")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_the_written_file_is_readable_like_any_other(tmp_path: Path) -> None:
    cassette = tmp_path / "c.json"
    write_cassette_file(cassette, "{}\n")
    umask = os.umask(0)
    os.umask(umask)
    assert cassette.stat().st_mode & 0o777 == 0o666 & ~umask


def test_names_no_file_system_takes(tmp_path: Path) -> None:
    with pytest.raises(CassetteFileError, match="NUL"):
        check_cassette_path(tmp_path / "a\0b.json")
    with pytest.raises(CassetteFileError, match="file-name limit"):
        check_cassette_path(tmp_path / ("x" * 300 + ".json"))
    check_cassette_path(tmp_path / ("x" * 200 + ".json"))


MODULE = """
import pytest

@pytest.mark.wialon_cassette({name})
def test_it(wialon_cassette):
    pass
"""


@pytest.mark.parametrize(
    ("name", "message"),
    [('"a\\0b"', "*contains a NUL character*"), ('"x" * 300', "*over the file-name limit*")],
)
def test_marker_with_an_impossible_name_fails_in_one_line(
    pytester: pytest.Pytester, name: str, message: str
) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_names=MODULE.format(name=name))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--wialon-record-mode=once")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"pytest-wialon: {message}"])
    text = result.stdout.str()
    assert "Traceback" not in text
    assert "During handling" not in text
