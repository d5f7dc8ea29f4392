"""pytest plugin for code that talks to Wialon: a fake server, a client, and record/replay.

The fixture types are exported so a project can annotate its own fixtures::

    from pytest_wialon import CassetteSession, MockFactory, MockTarget, WialonTarget

None of these imports pulls in vcrpy, aiohttp, the client or the fake server.
"""

#: the version of the distribution this package ships in (``aiowialon-kit``); a test checks
#: it equals ``aiowialon.__version__`` and the installed metadata
__version__ = "0.2.0"

from .matching import MatchOptions
from .network import NetworkBlocked
from .recorder import CassetteMissError, CassetteSession
from .targets import MockTarget, RemoteTarget, ReplayTarget, ReplayUnsupported, WialonTarget
from .types import MockFactory

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
