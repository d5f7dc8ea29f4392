"""Settings of one fake server: the fleet to generate, the tokens, the clock, limits, faults."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Limits:
    """The limits the real server enforces; each can be switched off for a test.

    Numbers are the documented ones (Wialon "Limitations" page): 10 requests at once and
    3 heavy ones per session, 10 ``avl_evts`` per 10 s, sessions idle for 5 minutes die,
    10 failed and 120 good logins a minute per IP (a breach blocks the IP for a minute).
    ``None`` switches one limit off; ``enabled=False`` switches them all off.
    """

    enabled: bool = True
    max_concurrent: int | None = 10
    max_heavy: int | None = 3
    heavy_exclusive: bool = True
    avl_evts_per_10s: int | None = 10
    session_idle_seconds: float | None = 300.0
    single_report: bool = True
    failed_logins_per_min: int | None = 10
    logins_per_min: int | None = 120
    #: live sessions of one user opened from one IP
    sessions_per_user_ip: int | None = 100
    #: how long an IP stays blocked after breaking a login limit
    login_block_seconds: float = 60.0
    #: simulated run time of every heavy call, so tests can overlap them on purpose
    heavy_seconds: float = 0.0

    @classmethod
    def off(cls) -> Limits:
        """No limit at all (sessions never expire either)."""
        return cls(enabled=False)


def default_token(seed: int) -> str:
    """The deterministic 72-character token of a server started without ``--token``."""
    digest = hashlib.sha256(f"wialon-mock:{seed}".encode()).hexdigest()
    return (digest + hashlib.sha256(digest.encode()).hexdigest())[:72]


@dataclass
class MockConfig:
    """Everything that decides what a fake server looks like when it starts or resets."""

    seed: int = 1
    units: int = 20
    tokens: list[str] = field(default_factory=list)
    clock_start: float | None = None
    clock_frozen: bool = False
    clock_scale: float = 1.0
    limits: Limits = field(default_factory=Limits)
    #: fault specs installed at start and again at every reset (:mod:`wialon_mock.control.faults`)
    faults: list[dict[str, Any]] = field(default_factory=list)
    #: request bodies above this size get HTTP 413: the ``max_http_buff`` the login reply
    #: advertises (50 MB), so a client that keeps to what it was told is never refused
    max_body_bytes: int = 50 * 1024 * 1024
    #: answers smaller than this go out uncompressed even when the client accepts gzip
    gzip_min_bytes: int = 1024
    #: how many recent requests ``GET /_mock/journal`` remembers
    journal_size: int = 1000
    #: seconds a connection may take to send a request head, or stay idle between requests;
    #: longer than the 15 s clients such as aiohttp keep idle connections, so the client is
    #: the one that closes an idle connection (no request is sent on one the server just shut)
    header_seconds: float = 30.0
    #: seconds a request body may take to arrive in full
    body_seconds: float = 60.0
    #: client connections kept open at most (``None``: as many as the fd limit allows)
    max_connections: int | None = None
    #: a tile server for the dashboard's map (``https://host/{z}/{x}/{y}.png``); without it the
    #: map draws the offline base map shipped in the package
    tile_url: str | None = None

    def effective_tokens(self) -> list[str]:
        """The tokens that log in: the given ones, or one derived from the seed."""
        return list(self.tokens) if self.tokens else [default_token(self.seed)]
