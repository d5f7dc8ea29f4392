"""py-aiowialon 2.0.0 in its own virtual environment (``.venv-pyaw``), made on demand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ._common import ROOT, Skip, say
from ._load import Speed

VENV = ROOT / ".venv-pyaw"
REQUIREMENT = "py-aiowialon==2.0.0"
DRIVER = Path(__file__).with_name("_pyaw_driver.py")


def python() -> Path:
    """The interpreter of ``.venv-pyaw``, created and filled when missing; :class:`Skip` if it
    cannot be (no network to the package index, for one)."""
    exe = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    if stamp.exists() and exe.exists():
        return exe
    say(f"creating {VENV.name} with {REQUIREMENT} (once) ...")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
        subprocess.run(
            [
                str(exe),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                REQUIREMENT,
            ],
            check=True,
            timeout=600,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise Skip(f"cannot install {REQUIREMENT}: {detail.strip()[-300:]}") from exc
    stamp.touch()
    return exe


def version(exe: Path) -> str:
    """The installed py-aiowialon version, as pip sees it."""
    out = subprocess.run(
        [str(exe), "-I", "-c", "import importlib.metadata as m; print(m.version('py-aiowialon'))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return out.stdout.strip() or "?"


def _drive(exe: Path, port: int, total: int, token: str, *options: str) -> dict[str, Any]:
    """Run the driver in py-aiowialon's interpreter; its last output line is a JSON result."""
    out = subprocess.run(
        [str(exe), "-I", str(DRIVER), "--port", str(port), "--total", str(total),
         "--token", token, *options],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"py-aiowialon driver failed: {out.stderr.strip()[-1000:]}")
    answer: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
    return answer


def rate(
    exe: Path,
    port: int,
    total: int,
    *,
    rps: int,
    in_flight: int = 10,
    warmup: int = 50,
    token: str = "b" * 72,
) -> Speed:
    """Calls/s of py-aiowialon against ``127.0.0.1:port`` (timed inside its own process)."""
    answer = _drive(
        exe, port, total, token,
        "--rps", str(rps), "--in-flight", str(in_flight), "--warmup", str(warmup),
    )  # fmt: skip
    return Speed(float(answer["rate"]), float(answer["cpu_per_call"]))


def gather_seconds(exe: Path, port: int, total: int, *, item: int, token: str) -> float:
    """Seconds py-aiowialon takes for ``gather`` of ``total`` calls at its default rps."""
    answer = _drive(exe, port, total, token, "--rps", "10", "--item", str(item), "--gather")
    return float(answer["seconds"])
