"""What the ``wialon_mock`` fixture hands a test: a server to talk to, and its controls.

Three kinds, one interface:

* :class:`MockTarget` — a running fake server (``wialon_mock.ThreadedMockServer``) with the
  admin operations as methods, a ``fault()`` context manager and journal assertions;
* :class:`ReplayTarget` — under a cassette that only replays: no server runs, the URL is
  where the recording was made, clock and fault controls do nothing (the recorded answers
  already hold their effects), and the journal is what the code sent to the cassette;
* :class:`RemoteTarget` — recording against a real Wialon server (``WIALON_HOST`` and
  ``WIALON_TOKEN``): controls of the fake server raise, the journal is what was recorded.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from .diff import Candidate, closest, matches

logger = logging.getLogger(__name__)


class WialonTarget:
    """Base: where the client should connect, plus journal assertions.

    Subclasses provide :meth:`journal`; every entry is a dict with at least ``path``,
    ``svc`` and ``params`` (decoded).
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

    def journal(self, svc: str | None = None) -> list[dict[str, Any]]:
        """Requests seen so far, oldest first; only those of ``svc`` when given."""
        raise NotImplementedError

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

    # -- fake-server controls (see the subclasses for what they do without one) -----------

    def clear_journal(self) -> None:
        """Forget the requests seen so far."""
        raise NotImplementedError

    def reset(self) -> None:
        """Back to the start state: same seed, same fleet, no sessions, no extra faults."""
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        """A summary of the server's model."""
        raise NotImplementedError

    def advance(self, seconds: float) -> None:
        """Move the server clock; units move and report, events reach the next avl_evts."""
        raise NotImplementedError

    def freeze(self, frozen: bool = True) -> None:
        """Stop (or restart) the server clock."""
        raise NotImplementedError

    def scale(self, factor: float) -> None:
        """Run the server clock ``factor`` times faster than real time."""
        raise NotImplementedError

    def expire_sessions(self, sid: str | None = None) -> int:
        """Kill one session or all, as idle expiry would; the next call gets error 1."""
        raise NotImplementedError

    def add_fault(self, **spec: Any) -> dict[str, Any]:
        """Install a fault, e.g. ``add_fault(svc="avl_evts", kind="error", code=1003)``."""
        raise NotImplementedError

    def remove_fault(self, fault_id: int) -> None:
        """Uninstall one fault by the ``id`` ``add_fault`` returned."""
        raise NotImplementedError

    def faults(self) -> list[dict[str, Any]]:
        """Installed faults with their hit counts."""
        raise NotImplementedError

    def clear_faults(self) -> None:
        """Uninstall every fault."""
        raise NotImplementedError

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

    def __init__(self, server: Any) -> None:
        self.server = server
        self.url = str(server.url)
        self.token = str(server.token)

    def __getattr__(self, name: str) -> Any:
        # world, tokens, config ... whatever the runner offers beyond what is wrapped here
        return getattr(self.server, name)

    def journal(self, svc: str | None = None) -> list[dict[str, Any]]:
        """The fake server's journal of recent requests (see ``wialon_mock.control.journal``)."""
        entries: list[dict[str, Any]] = self.server.journal(svc)
        return entries

    def clear_journal(self) -> None:
        """Forget the requests seen so far."""
        self.server.clear_journal()

    def reset(self) -> None:
        """Back to the start state: same seed, same fleet, no sessions, no extra faults."""
        self.server.reset()

    def state(self) -> dict[str, Any]:
        """What the fake server's ``GET /_mock/state`` answers."""
        state: dict[str, Any] = self.server.state()
        return state

    def advance(self, seconds: float) -> None:
        """Move the server clock; units move and report, events reach the next avl_evts."""
        self.server.advance(seconds)

    def freeze(self, frozen: bool = True) -> None:
        """Stop (or restart) the server clock."""
        self.server.freeze(frozen)

    def scale(self, factor: float) -> None:
        """Run the server clock ``factor`` times faster than real time."""
        self.server.scale(factor)

    def expire_sessions(self, sid: str | None = None) -> int:
        """Kill one session or all, as idle expiry would; the next call gets error 1."""
        count: int = self.server.expire_sessions(sid)
        return count

    def add_fault(self, **spec: Any) -> dict[str, Any]:
        """Install a fault, e.g. ``add_fault(svc="avl_evts", kind="error", code=1003)``."""
        fault: dict[str, Any] = self.server.add_fault(**spec)
        return fault

    def remove_fault(self, fault_id: int) -> None:
        """Uninstall one fault by the ``id`` ``add_fault`` returned."""
        remove: Callable[[int], Any] | None = getattr(self.server, "remove_fault", None)
        if remove is not None:
            remove(fault_id)
            return
        # The runners offer no single-fault removal yet (the admin API does, over HTTP);
        # go through the same Control object their own methods use.
        server = self.server
        server._run(lambda: server._control().faults.remove(fault_id))

    def faults(self) -> list[dict[str, Any]]:
        """Installed faults with their hit counts."""
        faults: list[dict[str, Any]] = self.server.faults()
        return faults

    def clear_faults(self) -> None:
        """Uninstall every fault."""
        self.server.clear_faults()


class _Detached(WialonTarget):
    """A target without a fake server behind it; the journal comes from a cassette."""

    def __init__(self, url: str, token: str, sent: Callable[[], list[Any]]) -> None:
        self.url = url
        self.token = token
        self._sent = sent

    def journal(self, svc: str | None = None) -> list[dict[str, Any]]:
        """What the code sent through the cassette (scrubbed), oldest first."""
        entries = [
            {
                "n": index + 1,
                "path": request.path,
                "svc": request.svc,
                "params": request.params,
                "sid": request.sid,
            }
            for index, request in enumerate(self._sent())
        ]
        return [e for e in entries if svc is None or e["svc"] == svc]

    def _control(self, name: str) -> None:
        raise NotImplementedError

    def clear_journal(self) -> None:
        """Not supported without a fake server."""
        self._control("clear_journal")

    def reset(self) -> None:
        """See the class docstring."""
        self._control("reset")

    def state(self) -> dict[str, Any]:
        """See the class docstring."""
        self._control("state")
        return {}

    def advance(self, seconds: float) -> None:
        """See the class docstring."""
        self._control("advance")

    def freeze(self, frozen: bool = True) -> None:
        """See the class docstring."""
        self._control("freeze")

    def scale(self, factor: float) -> None:
        """See the class docstring."""
        self._control("scale")

    def expire_sessions(self, sid: str | None = None) -> int:
        """See the class docstring."""
        self._control("expire_sessions")
        return 0

    def add_fault(self, **spec: Any) -> dict[str, Any]:
        """See the class docstring."""
        self._control("add_fault")
        return {"id": 0, **spec}

    def remove_fault(self, fault_id: int) -> None:
        """See the class docstring."""
        self._control("remove_fault")

    def faults(self) -> list[dict[str, Any]]:
        """See the class docstring."""
        return []

    def clear_faults(self) -> None:
        """See the class docstring."""
        self._control("clear_faults")


class ReplayTarget(_Detached):
    """Replay only: fake-server controls do nothing, since no server runs.

    A test recorded against the fake server may move its clock or install faults; on
    replay those calls are no-ops because the recorded answers already carry the effects.
    """

    def _control(self, name: str) -> None:
        logger.debug("wialon_mock.%s ignored: replaying a cassette", name)


class RemoteTarget(_Detached):
    """Recording against a real Wialon server: fake-server controls are not available."""

    def _control(self, name: str) -> None:
        raise RuntimeError(
            f"wialon_mock.{name}() needs the fake server, but this test records against the "
            "real one (WIALON_HOST/WIALON_TOKEN are set)"
        )
