"""The package's loggers and the masking of secrets in log lines.

Everything logs under ``aiowialon`` (children: ``aiowialon.client``, ``aiowialon.transport``,
...), so one ``logging.getLogger("aiowialon").setLevel(...)`` tunes it all. No handler is
installed here: the application decides where log lines go.
"""

from __future__ import annotations

import logging

__all__ = ["logger", "mask"]

#: The root logger of the package.
logger = logging.getLogger("aiowialon")


def mask(secret: str | None) -> str:
    """A token or session id made safe to log: its first four characters and its length.

    Four characters are enough to tell two sessions apart in a log, and far too few to use.
    """
    if not secret:
        return "<none>"
    return f"{secret[:4]}…({len(secret)})"
