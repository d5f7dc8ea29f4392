"""``make demo`` runs examples/tour.py: it must show every step and end on its own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

TOUR = Path(__file__).resolve().parents[1] / "examples" / "tour.py"


def test_tour_shows_every_step_and_ends() -> None:
    # The client polls at once and then every second: the second poll, a second after the
    # registration, finds a minute of fleet time at 60x, two messages of the slowest unit
    # (every 30 s), and still comes before the end of the 2 s.
    args = ["--units", "6", "--seconds", "2", "--speed", "60", "--seed", "3"]
    done = subprocess.run(
        [sys.executable, str(TOUR), *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for step in (
        "fake Wialon server started",
        "token/login",
        "core/search_items: 6 units",
        "core/batch with one bad id",
        "multipart upload of a driver photo",
        "core/logout",
        "polling AVL events",
        "done",
    ):
        assert f"== {step}" in out, f"step {step!r} missing from:\n{out}"
    received = re.search(r"events received: (\d+) message", out)
    assert received is not None, out
    assert int(received.group(1)) > 0
    assert "hash=aiowialon_" in out
    # The batch step's failure reaches the tour as an exception; it must not also print a
    # log line (stderr carries log output; the tour's own lines go to stdout).
    assert done.stderr == "", done.stderr
