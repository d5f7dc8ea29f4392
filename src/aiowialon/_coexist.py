"""A warning when py-aiowialon is installed beside this distribution.

Both distributions install the import package ``aiowialon``. Whichever was installed last
owns the files; uninstalling the other one then deletes files that belong to the survivor,
and ``import aiowialon`` breaks. Detecting it at import costs one metadata lookup.
"""

from __future__ import annotations

import warnings
from importlib import metadata

from ._error_base import WialonWarning

__all__ = ["DISTRIBUTION", "warn_if_shadowed"]

#: this project's name on the package index
DISTRIBUTION = "aiowialon-kit"
_OTHER = "py-aiowialon"
_warned = False


def warn_if_shadowed() -> None:
    """Warn once per process when py-aiowialon is installed too, with the fix."""
    global _warned
    if _warned:
        return
    try:
        other = metadata.version(_OTHER)
    except metadata.PackageNotFoundError:
        return
    _warned = True
    warnings.warn(
        f"{_OTHER} {other} is installed beside {DISTRIBUTION}; both install the 'aiowialon' "
        f"package, so one overwrites the other and uninstalling {_OTHER} later deletes files "
        f"of {DISTRIBUTION}. Fix: pip uninstall -y {_OTHER} && pip install --force-reinstall "
        f"{DISTRIBUTION}",
        WialonWarning,
        stacklevel=3,
    )
