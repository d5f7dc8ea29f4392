"""pytest plugin for code that talks to Wialon: a fake server, a client, and record/replay.

The fixture types are exported so a project can annotate its own fixtures::

    from pytest_wialon import CassetteSession, MockFactory, MockTarget, WialonTarget

The names load on first use: importing the package pulls in neither vcrpy, aiohttp, the
client nor the fake server.
"""

#: the version of the distribution this package ships in (``aiowialon-kit``); a test checks
#: it equals ``aiowialon.__version__`` and the installed metadata
__version__ = "0.2.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .matching import MatchOptions
    from .network import NetworkBlocked
    from .recorder import CassetteMissError, CassetteSession
    from .targets import MockTarget, RemoteTarget, ReplayTarget, ReplayUnsupported, WialonTarget
    from .types import MockFactory

#: where each exported name lives; imported on first use, so that loading the plugin (which
#: imports this package) pulls in neither the fake server nor aiohttp
_HOMES = {
    "CassetteMissError": "recorder",
    "CassetteSession": "recorder",
    "MatchOptions": "matching",
    "MockFactory": "types",
    "MockTarget": "targets",
    "NetworkBlocked": "network",
    "RemoteTarget": "targets",
    "ReplayTarget": "targets",
    "ReplayUnsupported": "targets",
    "WialonTarget": "targets",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'pytest_wialon' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{home}", __name__), name)


__all__ = [
    "CassetteMissError",
    "CassetteSession",
    "MatchOptions",
    "MockFactory",
    "MockTarget",
    "NetworkBlocked",
    "RemoteTarget",
    "ReplayTarget",
    "ReplayUnsupported",
    "WialonTarget",
    "__version__",
]
