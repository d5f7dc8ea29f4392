"""Who may drive the ``/_mock/`` admin API (and the dashboard under it).

A fake server on a developer's machine is reachable by two kinds of strangers: web pages the
developer opens (a page may POST to ``http://127.0.0.1:8080`` without asking, and a name of
the attacker's that resolves to 127.0.0.1 turns the browser into a reader: DNS rebinding), and,
when bound to a non-loopback address, everyone on the network. The checks, in order:

1. **Client address.** A client that is not on loopback (``::ffff:127.0.0.1`` counts as
   loopback) needs the admin secret, unless the server was started with remote admin allowed.
2. **Secret.** When the server has one, every state-changing request (anything but GET/HEAD)
   must carry it, from loopback too; a request with the right secret skips checks 3 and 4
   (a page cannot know it). It travels as ``X-Wialon-Mock-Admin: SECRET`` or
   ``Authorization: Bearer SECRET``.
3. **Host.** The ``Host`` header must be an IP literal, a loopback name (``localhost``,
   ``localhost.``, ``*.localhost``) or the host the server was bound to: a rebinding name is
   none of these.
4. **Origin.** A browser's ``Origin`` must be loopback or the server's own host;
   ``Origin: null`` and ``Sec-Fetch-Site: cross-site`` are refused.
5. **Content type.** A POST, PUT or PATCH must say ``Content-Type: application/json``; a form
   or ``text/plain`` body (which a page can send without a CORS preflight) is refused. A POST
   with no body and no browser headers (``curl -X POST``) is let through.

A browser on another machine cannot send a header with a page load or an ``EventSource``, so
the dashboard also takes a **cookie**: ``GET /_mock/ui/login?secret=SECRET`` (or the small form
that page shows) sets ``wialon_mock_admin`` (HttpOnly, SameSite=Strict, Path=/_mock) and
redirects to the dashboard, which strips the secret from the address bar. The cookie is a random
nonce with its HMAC under the secret (it never holds the secret; a new secret voids it). It
counts like the secret for checks 1 and 2, with two differences: the ``Host`` check is not
needed (a cookie is sent only to the host name it was set for, so a rebinding name has none)
but the origin checks stay, and a **write** with the cookie must come from the dashboard's own
origin exactly (``Origin`` equal to ``http://`` + ``Host``, port included: a page on another
port of the same host is same-site and would carry the cookie too).

Refusals are HTTP 403 with ``{"error": "<why>"}`` (415 for the content type); a browser asking
for the dashboard page without the secret gets the login form instead.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware

__all__ = [
    "ADMIN_PREFIX",
    "COOKIE_NAME",
    "SECRET_HEADER",
    "AdminAccess",
    "admin_guard",
    "host_part",
    "is_loopback_address",
    "is_loopback_host",
    "new_secret",
]

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/_mock"
SECRET_HEADER = "X-Wialon-Mock-Admin"
#: the dashboard's login cookie (see the module docstring)
COOKIE_NAME = "wialon_mock_admin"
#: where a browser logs in to the dashboard; the guard lets it through, its handler checks
LOGIN_PATH = ADMIN_PREFIX + "/ui/login"
_COOKIE_CONTEXT = b"wialon-mock dashboard cookie:"
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_secret() -> str:
    """A fresh admin secret (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def is_loopback_address(address: str | None) -> bool:
    """Whether an IP address text is loopback: 127/8, ``::1`` and ``::ffff:127.x.x.x``."""
    if not address:
        return False
    text = address.strip().strip("[]").split("%", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def is_loopback_host(host: str | None) -> bool:
    """Whether a host name or address means this machine's loopback.

    ``localhost``, ``localhost.`` and any ``*.localhost`` name (RFC 6761 reserves them for
    loopback), and every loopback address, IPv4-mapped ones included.
    """
    if not host:
        return False
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    return is_loopback_address(name)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def host_part(header: str) -> str:
    """The host of a ``Host`` header value (``name:port``, ``[v6]:port``), lowercased."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


@dataclass(frozen=True)
class AdminAccess:
    """The admin policy of one server: where it is bound, its secret, remote admin or not."""

    bound_host: str = "127.0.0.1"
    #: required on every write (and on any request from off loopback) when set
    secret: str | None = None
    #: off-loopback clients may use the admin API without a secret (``--allow-remote-admin``)
    allow_remote: bool = False
    #: ``False`` treats loopback clients like any other: behind a proxy on this machine every
    #: client looks like loopback (the tests use it to be "another machine" over loopback)
    loopback_trusted: bool = True

    @property
    def loopback_bound(self) -> bool:
        """Whether the server listens on loopback only."""
        return is_loopback_host(self.bound_host)

    def _own_host(self, host: str) -> bool:
        bound = self.bound_host.strip("[]").rstrip(".").lower()
        return _is_ip_literal(host) or is_loopback_host(host) or host.rstrip(".") == bound

    def has_secret(self, request: web.Request) -> bool:
        """Whether ``request`` carries this server's secret."""
        if self.secret is None:
            return False
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            auth = request.headers.get("Authorization", "")
            if auth[:7].lower() == "bearer ":
                given = auth[7:].strip()
        return self.is_secret(given)

    def is_secret(self, given: str | None) -> bool:
        """Whether ``given`` is this server's secret (in constant time)."""
        if self.secret is None or given is None:
            return False
        return hmac.compare_digest(given.encode(), self.secret.encode())

    def new_cookie(self) -> str:
        """A fresh login cookie value: a nonce and its HMAC under the secret."""
        if self.secret is None:
            raise ValueError("a server without an admin secret has no login cookie")
        nonce = secrets.token_urlsafe(18)
        return f"{nonce}.{self._cookie_mac(nonce)}"

    def _cookie_mac(self, nonce: str) -> str:
        assert self.secret is not None
        mac = hmac.new(self.secret.encode(), _COOKIE_CONTEXT + nonce.encode(), "sha256")
        return mac.hexdigest()

    def has_cookie(self, request: web.Request) -> bool:
        """Whether ``request`` carries a login cookie this server made."""
        value = request.cookies.get(COOKIE_NAME)
        if self.secret is None or not value or value.count(".") != 1:
            return False
        nonce, mac = value.split(".")
        return hmac.compare_digest(mac.encode(), self._cookie_mac(nonce).encode())

    def unlocked(self, request: web.Request) -> bool:
        """Whether ``request`` carries the admin secret or a login cookie this server made."""
        return self.has_secret(request) or self.has_cookie(request)

    def refusal(self, request: web.Request) -> tuple[int, str] | None:
        """Why ``request`` must be refused, as ``(status, reason)``; ``None`` lets it in."""
        method = request.method.upper()
        local = self.loopback_trusted and is_loopback_address(request.remote)
        keyed = self.has_secret(request)
        cookie = not keyed and self.has_cookie(request)
        if not (local or keyed or cookie) and not (self.allow_remote and self.secret is None):
            if self.secret is None:
                return 403, "the admin API answers loopback clients only"
            return 403, f"the admin API needs the admin secret ({SECRET_HEADER} header)"
        if self.secret is not None and method not in _READS and not keyed:
            if not cookie:
                return 403, f"admin writes need the admin secret ({SECRET_HEADER} header)"
            if not self._same_origin(request):
                return 403, "a write with the login cookie must come from the dashboard's page"
        if cookie:
            reason = self._origin_refusal(request, host_part(request.headers.get("Host", "")))
            if reason is not None:
                return 403, reason
        elif not keyed and not self.allow_remote:
            reason = self._browser_refusal(request)
            if reason is not None:
                return 403, reason
        if method in _BODY_METHODS and request.content_type != "application/json":
            bare = (
                not request.body_exists
                and "Origin" not in request.headers
                and "Sec-Fetch-Site" not in request.headers
            )
            if not bare:
                return 415, "admin requests with a body must be Content-Type: application/json"
        return None

    @staticmethod
    def _same_origin(request: web.Request) -> bool:
        # what a fetch() from the dashboard page sends: its own origin, port included
        origin = request.headers.get("Origin", "").strip().lower()
        host = request.headers.get("Host", "").strip().lower()
        return bool(host) and origin == f"{request.scheme}://{host}"

    def _browser_refusal(self, request: web.Request) -> str | None:
        host_header = request.headers.get("Host")
        host = host_part(host_header) if host_header else ""
        if host and not self._own_host(host):
            return f"Host {host!r} is not this server (DNS rebinding?)"
        return self._origin_refusal(request, host)

    def _origin_refusal(self, request: web.Request, host: str) -> str | None:
        if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
            return "cross-site requests are refused"
        origin = request.headers.get("Origin")
        if origin is not None:
            origin_host = urlsplit(origin.strip()).hostname or ""
            if origin.strip().lower() == "null" or not (
                is_loopback_host(origin_host)
                or (host and origin_host == host)
                or origin_host == self.bound_host.lower()
            ):
                return f"Origin {origin!r} is foreign"
        return None


def _refuse(status: int, reason: str) -> web.Response:
    return web.Response(
        body=json.dumps({"error": reason}).encode(),
        status=status,
        headers={"Content-Type": "application/json"},
    )


def _page_load(request: web.Request) -> bool:
    return (
        request.method == "GET"
        and request.path in (ADMIN_PREFIX + "/ui", ADMIN_PREFIX + "/ui/")
        and "text/html" in request.headers.get("Accept", "")
    )


def admin_guard(access: AdminAccess) -> Middleware:
    """An aiohttp middleware applying ``access`` to every path under ``/_mock``."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if path == LOGIN_PATH:
            # the login handler checks the secret it is given itself
            return await handler(request)
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            refused = access.refusal(request)
            if refused is not None:
                logger.info("admin request %s %s refused: %s", request.method, path, refused[1])
                if access.secret is not None and _page_load(request):
                    # a person opening the dashboard: offer the login form, not JSON
                    raise web.HTTPSeeOther(LOGIN_PATH)
                return _refuse(*refused)
        return await handler(request)

    return guard
