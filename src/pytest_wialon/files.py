"""Writing a cassette file: whole or not at all, never through a planted link."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["CassetteFileError", "check_cassette_path", "write_cassette_file"]


class CassetteFileError(Exception):
    """A cassette file cannot be named or written as asked (the message is one line)."""


#: file names longer than this many bytes are refused where the system does not say
_DEFAULT_NAME_MAX = 255


def _name_max(directory: Path) -> int:
    for candidate in (directory, *directory.parents):
        if candidate.is_dir():
            try:
                return int(os.pathconf(candidate, "PC_NAME_MAX"))
            except (AttributeError, OSError, ValueError):
                return _DEFAULT_NAME_MAX
    return _DEFAULT_NAME_MAX


def check_cassette_path(path: Path) -> None:
    """Raise :class:`CassetteFileError` for a cassette file name no file system takes."""
    name = path.name
    if "\0" in str(path):
        raise CassetteFileError(
            f"pytest-wialon: cassette name {name!r} contains a NUL character; choose another name"
        )
    size = len(os.fsencode(name))
    limit = _name_max(path.parent)
    if size > limit:
        raise CassetteFileError(
            f"pytest-wialon: cassette file name {name[:40]}... is {size} bytes, over the "
            f"file-name limit of {limit}; give the marker a shorter name"
        )


def write_cassette_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all, never through a planted link.

    The text goes to a fresh temporary file in the same directory, created exclusively with a
    random name (``tempfile.mkstemp``: ``O_EXCL``, and no symlink is followed), then renamed
    over ``path``; a rename replaces a link instead of writing through it. A cassette that is
    itself a symlink is refused, so a link planted where the cassette goes cannot redirect
    the write either.
    """
    check_cassette_path(path)
    if path.is_symlink():
        raise CassetteFileError(
            f"pytest-wialon: cassette {path} is a symbolic link; refusing to write through it"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".cassette-", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp makes the file private; a cassette is shared like any file in the repo
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
