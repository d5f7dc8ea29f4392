"""Higher-level helpers built from several Wialon calls."""

from __future__ import annotations

from .wlp import WLP

__all__ = ["WLP"]
