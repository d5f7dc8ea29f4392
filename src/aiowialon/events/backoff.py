"""The pause schedule after failed polls: made for a long-poll loop, not for a one-off retry.

A poll that fails is usually followed by one that succeeds (a dropped connection, one 502),
so the first retry comes after about one polling interval, later ones grow slowly (times
``factor``) and never past a low ``cap``. A classic doubling backoff with a 30 s cap loses
20 s and more of events under a flaky network although most polls would succeed. Each pause
is spread by ``jitter`` (a fraction, both ways) so many clients do not retry in step after a
shared outage.
"""

from __future__ import annotations

import math
import random

__all__ = ["Backoff"]


class Backoff:
    """Delays ``base``, ``base*factor``, ``base*factor**2`` ... at most ``cap``, each jittered.

    :param base: the first pause, seconds.
    :param cap: the longest pause before jitter, seconds (at least ``base``).
    :param factor: how much each failure in a row lengthens the pause (at least 1).
    :param jitter: each pause is multiplied by a random number in ``1 +- jitter`` (0 to 1).
    """

    __slots__ = ("base", "cap", "factor", "failures", "jitter")

    def __init__(self, base: float, cap: float, factor: float = 1.3, jitter: float = 0.1) -> None:
        for name, value in (("base", base), ("cap", cap), ("factor", factor), ("jitter", jitter)):
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"backoff {name} must be a finite number >= 0, not {value!r}")
        if factor < 1:
            raise ValueError(f"backoff factor must be at least 1, not {factor!r}")
        if jitter > 1:
            raise ValueError(f"backoff jitter must be at most 1, not {jitter!r}")
        self.base = base
        self.cap = max(base, cap)
        self.factor = factor
        self.jitter = jitter
        self.failures = 0

    @property
    def longest(self) -> float:
        """The longest pause :meth:`next` can return."""
        return self.cap * (1 + self.jitter)

    def next(self) -> float:
        """The pause after one more failure in a row."""
        # the exponent is bounded so a long outage cannot overflow the float
        grown = self.base * self.factor ** min(self.failures, 200)
        self.failures += 1
        delay = min(self.cap, grown)
        if self.jitter:
            delay *= random.uniform(1 - self.jitter, 1 + self.jitter)
        return delay

    def reset(self) -> None:
        """Back to the first pause (after a poll that worked)."""
        self.failures = 0
