"""What the ``wialon_mock`` fixture hands a test: a server to talk to, and its controls.

Three kinds, one interface:

* :class:`MockTarget` — a running fake server (``wialon_mock.ThreadedMockServer``) with the
  admin operations as methods, a ``fault()`` context manager and journal assertions; under a
  recording cassette, what each admin operation answered is kept in the file, and the
  journal is the cassette's view of the calls (the one replay shows);
* :class:`ReplayTarget` — under a cassette that only replays: no server runs, the URL is
  where the recording was made, every admin operation answers what it answered while
  recording (or raises :class:`ReplayUnsupported` naming the operation: none does nothing
  silently), and the journal is built from what the code sent and the recorded answers,
  equal to the one the recording showed;
* :class:`RemoteTarget` — recording against a real Wialon server (``--wialon-record-target``):
  controls of the fake server raise, the journal is built from what was recorded.

In every mode each ``core/batch`` item follows its batch in the journal as an entry of its
own (see :mod:`pytest_wialon.journal`).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from wialon_mock.control.ops import ForwardsAdmin

from .diff import Candidate, closest, matches
from .journal import entries_from_answers, expand_batches


class ReplayUnsupported(RuntimeError):
    """A ``wialon_mock`` operation a replaying cassette cannot answer."""


class WialonTarget(ForwardsAdmin):
    """Base: where the client should connect, plus journal assertions.

    Subclasses provide ``_admin``: what the journal and the fake-server controls do for
    them. Every journal entry is a dict with at least ``path``, ``svc`` and ``params``
    (decoded).
    """

    url: str
    token: str

    @property
    def scheme(self) -> str:
        """``http`` or ``https``."""
        return urlsplit(self.url).scheme

    @property
    def host(self) -> str:
        """Host name or address, without the port."""
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        """The port (the scheme's default when the URL names none)."""
        split = urlsplit(self.url)
        return split.port or (443 if split.scheme == "https" else 80)

    def assert_called(
        self, svc: str, params: Any = None, *, times: int | None = None
    ) -> list[dict[str, Any]]:
        """Assert ``svc`` was called with params that include ``params``.

        ``params`` names only what matters: dict keys it leaves out are not compared
        (lists compare item by item). ``times=None`` means at least once, a number means
        exactly that many. ``svc`` may also be a path such as ``/avl_evts``. On failure
        the message shows the closest calls of that service and how their params differ.
        Returns the matching journal entries.
        """
        every = self.journal()
        calls = [entry for entry in every if _names(entry, svc)]
        found = [entry for entry in calls if params is None or matches(params, entry["params"])]
        if (len(found) >= 1) if times is None else (len(found) == times):
            return found
        wanted = "at least once" if times is None else f"{times} time(s)"
        shown = "" if params is None else " with params including " + _dump(params)
        lines = [
            f"expected {svc} to be called {wanted}{shown}; "
            f"{len(found)} matching of {len(calls)} {svc} call(s)"
        ]
        if calls and params is not None and len(found) < (times or 1):
            candidates = [
                Candidate(f"#{entry.get('n', index + 1)} {svc}", entry["params"])
                for index, entry in enumerate(calls)
                if not matches(params, entry["params"])
            ]
            if candidates:
                lines.append("closest calls:")
                lines += closest(params, candidates, subset=True)
        if not calls:
            seen = Counter(entry.get("svc") or entry.get("path") for entry in every)
            listed = ", ".join(f"{name} x{count}" for name, count in sorted(seen.items()))
            lines.append(f"calls seen: {listed or 'none'}")
        raise AssertionError("\n".join(lines))

    def assert_not_called(self, svc: str, params: Any = None) -> None:
        """Assert no ``svc`` call (with params including ``params``) was made."""
        self.assert_called(svc, params, times=0)

    # The fake-server controls (reset, state, advance, freeze, scale, set_clock, expire_sessions,
    # add_fault, remove_fault, faults, clear_faults, clear_journal) come from ForwardsAdmin:
    # declared once in wialon_mock.control.ops.AdminOps, each handed to _admin.

    @contextlib.contextmanager
    def fault(self, **spec: Any) -> Iterator[dict[str, Any]]:
        """``with wialon_mock.fault(svc="core/search_items", kind="error", code=7):`` ...

        The fault is installed on entry and removed on exit, even if the block fails.
        """
        installed = self.add_fault(**spec)
        try:
            yield installed
        finally:
            self.remove_fault(int(installed["id"]))


def _names(entry: dict[str, Any], svc: str) -> bool:
    if svc.startswith("/"):
        return bool(entry.get("path") == svc)
    return bool(entry.get("svc") == svc)


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


class MockTarget(WialonTarget):
    """A running fake server; attributes the wrapper lacks come from the server itself."""

    def __init__(
        self,
        server: Any,
        controls: list[dict[str, Any]] | None = None,
        journal_kept: list[dict[str, Any]] | None = None,
        session: Any = None,
    ) -> None:
        self.server = server
        self.url = str(server.url)
        self.token = str(server.token)
        #: while a cassette records: admin operations with their answers, for replay
        self._controls = controls
        #: while a cassette records: journal entries a clear or reset would lose, kept so
        #: each recorded answer still gets its server time
        self._journal_kept = journal_kept
        #: while a cassette records: the journal is the cassette's view of the calls, the
        #: same one replay builds (see :func:`_cassette_journal`)
        self._session = session
        self._cleared = 0

    def __getattr__(self, name: str) -> Any:
        # world, tokens, config ... whatever the runner offers beyond what is wrapped here
        return getattr(self.server, name)

    def _admin(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        server = self.server
        svc = args[0] if args else kwargs.get("svc")
        if name == "journal":
            if self._session is not None:
                kept = self._journal_kept or []
                answers = self._session.journal_answers(kept + list(server.journal()))
                return _cassette_journal(answers, self._cleared, svc)
            entries = expand_batches(server.journal())
            return [e for e in entries if svc is None or e["svc"] == svc]
        if name in ("clear_journal", "reset") and self._journal_kept is not None:
            self._journal_kept.extend(server.journal())
        if name in ("clear_journal", "reset") and self._session is not None:
            self._cleared = len(self._session.sent())  # as many; sent() settles no answer
        if name == "advance":
            # The sessions alive before the jump stay alive: the skipped time is not idle
            # time, so a test that moves the clock by ten minutes keeps its session (the
            # idle rule would kill it, and the client would log in again behind the test's
            # back). A test that wants sessions dead says so with expire_sessions().
            seconds = float(args[0] if args else kwargs["seconds"])
            server.advance(seconds)

            def keep_alive() -> None:
                for session in server.world.sessions.values():
                    session.last_seen += seconds

            server._run(keep_alive)
            return self._noted(name, [seconds], None)
        # the runner offers the same operations (wialon_mock.control.ops.AdminOps)
        result = getattr(server, name)(*args, **kwargs)
        if name == "clear_journal":
            return result
        noted = [*args, kwargs] if kwargs else list(args)
        return self._noted(name, noted, result)

    def _noted(self, name: str, args: list[Any], result: Any) -> Any:
        if self._controls is not None:
            self._controls.append({"op": name, "args": args, "result": result})
        return result


def _cassette_journal(answers: list[Any], cleared: int, svc: str | None) -> list[dict[str, Any]]:
    """The journal under a cassette, in every mode: built from the calls sent through it.

    One rule for recording and replay, so a test sees the same entries in both: params as
    sent and answers as the cassette stores them (scrubbed by its rules), numbered in send
    order, each batch followed by its items; ``t``/``fault`` from the fake server's journal
    (live) or from the file (replay). ``cleared``: answers before the last clear or reset.
    """
    return [
        entry
        for entry in entries_from_answers(answers)
        if entry["n"] > cleared and (svc is None or entry["svc"] == svc)
    ]


class _Detached(WialonTarget):
    """A target without a fake server behind it; the journal comes from a cassette."""

    def __init__(self, url: str, token: str, session: Any) -> None:
        self.url = url
        self.token = token
        self._session = session
        self._cleared = 0

    def _admin(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if name == "journal":
            svc = args[0] if args else kwargs.get("svc")
            return _cassette_journal(self._session.journal_answers(), self._cleared, svc)
        if name == "clear_journal":
            # numbering goes on, as on the fake server
            self._cleared = len(self._session.sent())  # as many; sent() settles no answer
            return None
        noted = [*args, kwargs] if kwargs else list(args)
        return self._control(name, noted)

    def _control(self, name: str, args: list[Any]) -> Any:
        raise NotImplementedError


class ReplayTarget(_Detached):
    """Replay only: admin operations answer as they did while recording.

    While recording, every admin operation a test calls is noted in the cassette with its
    arguments and its answer. On replay each call takes the first noted one of the same name
    and arguments, in order, and gives back its answer: ``state()``, ``faults()``,
    ``add_fault()``, ``expire_sessions()``, ``remove_fault()``, ``clear_faults()``, and the
    ``None`` of ``advance()``, ``freeze()``, ``scale()`` and ``reset()`` (whose effects the
    recorded answers already carry; ``reset()`` also empties the journal, as live). One the
    cassette holds no note for (not called at that point, or with other arguments, while
    recording) raises :class:`ReplayUnsupported` naming it, whatever it returns: doing
    nothing here would let a test pass on replay that would fail live.
    """

    def _control(self, name: str, args: list[Any]) -> Any:
        noted = self._session.take_control(name, args)
        if noted is None:
            shown = ", ".join(repr(arg) for arg in args)
            raise ReplayUnsupported(
                f"wialon_mock.{name}({shown}) cannot be answered on replay: cassette "
                f"{self._session.display_path} holds no record of it (it was not called "
                "at this point, or not with these arguments, while recording); record the "
                "test again with --wialon-record-mode=all"
            )
        if name == "reset":
            # the live reset empties the fake server's journal too
            self._admin("clear_journal", (), {})
        return noted["result"]


class RemoteTarget(_Detached):
    """Recording against a real Wialon server: fake-server controls are not available."""

    def _control(self, name: str, args: list[Any]) -> Any:
        raise RuntimeError(
            f"wialon_mock.{name}() needs the fake server, but this test records against a "
            "real one (see --wialon-record-target)"
        )
