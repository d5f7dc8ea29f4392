"""Stand-ins for the async fixtures, registered when pytest-asyncio is not installed.

Without them a test asking for ``wialon_client`` gets "fixture not found", which hides the
one-line fix; with them it fails saying what to install.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def wialon_client() -> None:
    """Needs pytest-asyncio: fails the test with the install line."""
    pytest.fail(
        "pytest-wialon: the wialon_client fixture needs pytest-asyncio, which is not "
        'installed; install it with: pip install "aiowialon-kit[testing]"',
        pytrace=False,
    )
