"""The fake server's clock: real time by default, frozen, scaled or advanced on demand.

Everything in the model reads time from here (never from ``time.time()``) so a test can
freeze the world, jump it forward by a minute, or run it ten times faster.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Clock:
    """UTC seconds as the fake server sees them.

    ``now()`` is ``base + scale * (real_now - real_base)`` while running, or a fixed value while
    frozen. ``advance(s)`` moves the clock forward by ``s`` seconds at once.
    """

    def __init__(
        self,
        start: float | None = None,
        *,
        frozen: bool = False,
        scale: float = 1.0,
        source: Callable[[], float] = time.time,
    ) -> None:
        self._source = source
        self._real_base = source()
        self._base = self._real_base if start is None else float(start)
        self._scale = float(scale)
        self._frozen = frozen

    def now(self) -> float:
        """Current server time in UTC seconds (float)."""
        if self._frozen:
            return self._base
        return self._base + (self._source() - self._real_base) * self._scale

    def _rebase(self) -> None:
        self._base = self.now()
        self._real_base = self._source()

    @property
    def frozen(self) -> bool:
        """Whether time stands still until advanced."""
        return self._frozen

    @property
    def scale(self) -> float:
        """How many server seconds pass per real second while running."""
        return self._scale

    def freeze(self, frozen: bool = True) -> None:
        """Stop (or restart, with ``False``) the clock at its current value."""
        self._rebase()
        self._frozen = frozen

    def set_scale(self, factor: float) -> None:
        """Run the clock ``factor`` times faster than real time from now on."""
        if factor <= 0:
            raise ValueError("clock scale must be positive")
        self._rebase()
        self._scale = float(factor)

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds``; returns the new time."""
        if seconds < 0:
            raise ValueError("advance moves the clock forward; set it back with set_to()")
        self._rebase()
        self._base += seconds
        return self._base

    def set_to(self, moment: float) -> None:
        """Put the clock at ``moment`` (either way); it goes on running, frozen or scaled as
        before. Only :func:`wialon_mock.model.rewind.rewind` moves it back: the model's
        state has to follow."""
        self._rebase()
        self._base = float(moment)

    def restart(
        self, start: float | None = None, *, frozen: bool = False, scale: float = 1.0
    ) -> None:
        """Start again as a new clock would: at ``start`` (or real time), frozen or not."""
        if scale <= 0:
            raise ValueError("clock scale must be positive")
        self._real_base = self._source()
        self._base = self._real_base if start is None else float(start)
        self._scale = float(scale)
        self._frozen = frozen

    def snapshot(self) -> dict[str, float | bool]:
        """A JSON-able view for ``GET /_mock/state``."""
        return {"now": self.now(), "frozen": self._frozen, "scale": self._scale}
