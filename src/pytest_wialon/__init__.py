"""pytest plugin for code that talks to Wialon: a fake server, a client, and record/replay."""

#: the version of the distribution this package ships in (``aiowialon-kit``); a test checks
#: it equals ``aiowialon.__version__`` and the installed metadata
__version__ = "0.2.0"
