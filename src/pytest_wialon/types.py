"""Types for annotating fixtures that build on this plugin's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .targets import MockTarget

__all__ = ["MockFactory"]


class MockFactory(Protocol):
    """What the ``wialon_mock_factory`` fixture is: ``factory(**config) -> MockTarget``.

    Keywords are ``wialon_mock.MockConfig`` fields (``units``, ``seed``, ``tokens`` ...).
    """

    def __call__(self, **config: Any) -> MockTarget:
        """Start a fake server; it stops after the test."""
        ...
