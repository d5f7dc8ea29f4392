"""py-aiowialon's module path for the exception classes: ``from aiowialon.exceptions import X``.

The classes live in :mod:`aiowialon.errors`; this module only re-exports them, plus
``WIALON_EXCEPTIONS``, py-aiowialon's name for the code-to-class table.
"""

from __future__ import annotations

from . import errors
from .errors import *  # noqa: F403  # the same names as errors.__all__, kept in one place
from .errors import ERRORS_BY_CODE

#: Error code -> exception class (py-aiowialon's name of ``errors.ERRORS_BY_CODE``).
WIALON_EXCEPTIONS = ERRORS_BY_CODE

__all__ = ["WIALON_EXCEPTIONS", *errors.__all__]
