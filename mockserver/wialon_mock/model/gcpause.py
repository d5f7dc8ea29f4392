"""Keeping the cyclic garbage collector out of bulk building that makes no reference cycles.

Building a large reply or a large fleet allocates hundreds of thousands of dicts and objects
that refer to nothing that refers back. While they pile up, every few hundred allocations
start a collection that walks the pile again, and the full collections among them walk
everything: for a million units that was more time than drawing the units. Reference
counting frees such objects all the same; the collector only waits until the build is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block when ``pause`` is true; a collector
    the host program disabled itself stays disabled."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
