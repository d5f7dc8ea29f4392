"""Async client for the Wialon Remote API."""

from __future__ import annotations

from .services import UnknownServiceError

__all__ = ["UnknownServiceError"]
