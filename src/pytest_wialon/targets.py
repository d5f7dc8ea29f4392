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

from wialon_mock.control.ops import ForwardsAdmin

from .diff import Candidate, closest, matches

logger = logging.getLogger(__name__)


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

    # The fake-server controls (reset, state, advance, freeze, scale, expire_sessions,
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

    def __init__(self, server: Any) -> None:
        self.server = server
        self.url = str(server.url)
        self.token = str(server.token)

    def __getattr__(self, name: str) -> Any:
        # world, tokens, config ... whatever the runner offers beyond what is wrapped here
        return getattr(self.server, name)

    def _admin(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        # the runner offers the same operations (wialon_mock.control.ops.AdminOps)
        return getattr(self.server, name)(*args, **kwargs)


class _Detached(WialonTarget):
    """A target without a fake server behind it; the journal comes from a cassette."""

    def __init__(self, url: str, token: str, sent: Callable[[], list[Any]]) -> None:
        self.url = url
        self.token = token
        self._sent = sent

    def _recorded(self, svc: str | None = None) -> list[dict[str, Any]]:
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

    def _admin(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if name == "journal":
            return self._recorded(*args, **kwargs)
        if name != "faults":
            self._control(name)
        # what the operation answers when there is no server to act on
        neutral: dict[str, Any] = {
            "state": {},
            "expire_sessions": 0,
            "add_fault": {"id": 0, **kwargs},
            "remove_fault": False,
            "faults": [],
            "clear_faults": 0,
        }
        return neutral.get(name)


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
