"""``python -m wialon_mock``: the same command line as ``wialon-mock``."""

from __future__ import annotations

from .run.cli import main

if __name__ == "__main__":
    main(prog_name="wialon-mock")
