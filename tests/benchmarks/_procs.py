"""Servers in their own processes, so they do not share an event loop (or a GIL) with the load.

Every server is stopped when its ``with`` block ends, also on an error or Ctrl-C.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from types import TracebackType

from ._common import ROOT

_LISTENING = re.compile(r"listening on (http://[^\s:/]+:(\d+))")


class ServerError(RuntimeError):
    """The server process exited or said nothing usable before the deadline."""


class ServerProcess:
    """A server started as ``argv`` that prints ``listening on http://HOST:PORT`` when ready."""

    def __init__(self, argv: Sequence[str], *, start_timeout: float = 30.0) -> None:
        self.argv = list(argv)
        self.start_timeout = start_timeout
        self.url = ""
        self.port = 0
        self.lines: list[str] = []
        self._proc: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        # stderr goes to a file: a pipe nobody reads would block a chatty server. The file
        # lives as long as the server and is closed in __exit__, hence no with-block.
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - see above

    def __enter__(self) -> ServerProcess:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
        self._proc = subprocess.Popen(
            self.argv,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env=env,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_ready(self) -> None:
        proc = self._proc
        if proc is None or proc.stdout is None:
            raise ServerError("not started")
        stdout = proc.stdout
        found = threading.Event()

        def reader() -> None:
            # keeps draining after the ready line, so the pipe never fills up
            for line in stdout:
                if not found.is_set():
                    self.lines.append(line.rstrip("\n"))
                    match = _LISTENING.search(line)
                    if match:
                        self.url, self.port = match.group(1), int(match.group(2))
                        found.set()

        self._reader = threading.Thread(target=reader, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + self.start_timeout
        while not found.wait(0.05):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ServerError(
                    f"{' '.join(self.argv)} did not start (exit {proc.poll()}):\n"
                    + self.stderr_text()[-2000:]
                )
        # the token lines of wialon-mock may come right after the ready line
        time.sleep(0.05)

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._proc.pid if self._proc is not None else None

    def stderr_text(self) -> str:
        """What the server wrote to stderr so far."""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read()

    def close(self) -> None:
        """Stop the server: SIGTERM, then SIGKILL if it lingers. Safe to call twice."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        # the reader ends at EOF once the process is gone; closing the pipe under it would
        # raise in that thread
        if self._reader is not None:
            self._reader.join(5)
        if (
            proc is not None
            and proc.stdout is not None
            and not (self._reader and self._reader.is_alive())
        ):
            proc.stdout.close()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
        self._stderr.close()


def bare_server() -> ServerProcess:
    """The minimal aiohttp server every HTTP benchmark compares against."""
    return ServerProcess([sys.executable, "-m", "tests.benchmarks._bare_server"])
