"""Replace Wialon secrets with stable placeholders before anything reaches a cassette.

Secrets sit in three places: the ``sid`` of every request, a few keys inside the ``params``
JSON (``token``, ``password``, ``authHash``), and response bodies (``eid``, ``gis_sid``,
``th``, ``authHash``, the ``token`` JSON string). Each distinct secret value gets one
placeholder (``scrubbed-sid-1``, ``scrubbed-token-1``, ...) for the life of a cassette, so a
recording still shows which session a call used, and replay works: the client receives the
placeholder sid from the recorded login and sends it back, and matching ignores ``sid``.

Placeholders are not hexadecimal on purpose, so a scan for leaked 32- or 72-character hex
secrets never mistakes one for the real thing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from wialon_protocol.wire import compact

from .normalize import WialonRequest

PLACEHOLDER_PREFIX = "scrubbed-"

#: Keys of ``params`` (at any depth, batch items included) whose values are secrets.
PARAM_SECRETS = frozenset({"token", "password", "authHash"})
#: Keys of response JSON (at any depth) whose string values are secrets.
RESPONSE_SECRETS = frozenset({"eid", "sid", "gis_sid", "th", "authHash"})
#: Request-side keys that name a user, scrubbed only when asked (``scrub_users=True``).
PARAM_USER_KEYS = frozenset({"operateAs", "user"})

_TOKEN_RE = re.compile(r"[0-9a-fA-F]{72}")
_SID_JSON_RE = re.compile(r'"(eid|sid|gis_sid)"(\s*:\s*)"([0-9a-f]{32})"')
#: The same as escaped JSON inside a JSON string (a body kept as text, or pasted into a
#: cassette by hand). A pattern of its own: both in one would try every quote of a large
#: cassette, this one starts at a backslash, which is rare.
_SID_ESCAPED_RE = re.compile(r'\\"(eid|sid|gis_sid)\\"(\s*:\s*)\\"([0-9a-f]{32})\\"')
_SID_QUERY_RE = re.compile(r"sid=([0-9a-f]{32})")
#: Shortest secret value :meth:`Scrubber.scrub_known` replaces in free text.
MIN_KNOWN_SECRET = 8
#: What a login call sends as "no session"; not a secret and kept as is.
_NO_SID = frozenset({"", "None", "null", "undefined"})


class Scrubber:
    """Maps secret values to placeholders, the same value always to the same placeholder."""

    def __init__(
        self,
        *,
        scrub_users: bool = False,
        extra_param_keys: Iterable[str] = (),
        extra_response_keys: Iterable[str] = (),
    ) -> None:
        self.scrub_users = scrub_users
        self.param_keys = PARAM_SECRETS | frozenset(extra_param_keys)
        self.response_keys = RESPONSE_SECRETS | frozenset(extra_response_keys)
        self._known: dict[tuple[str, str], str] = {}
        self._counts: dict[str, int] = {}

    def placeholder(self, kind: str, value: str) -> str:
        """The placeholder of ``value``; a value that already is one stays as it is."""
        if value.startswith(PLACEHOLDER_PREFIX):
            return value
        # A token, its hash inside a token JSON and a 72-hex string anywhere are one secret.
        key = (kind, value)
        found = self._known.get(key)
        if found is None:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            found = f"{PLACEHOLDER_PREFIX}{kind}-{self._counts[kind]}"
            self._known[key] = found
        return found

    # -- requests ---------------------------------------------------------------------------

    def scrub_params(self, value: Any) -> Any:
        """A copy of ``params`` with secret values replaced, batch items included."""
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                if key in self.param_keys and isinstance(item, str):
                    out[key] = self.placeholder(_kind(key), item)
                elif self.scrub_users and key in PARAM_USER_KEYS and isinstance(item, str):
                    out[key] = self.placeholder("user", item) if item else item
                else:
                    out[key] = self.scrub_params(item)
            return out
        if isinstance(value, list):
            return [self.scrub_params(item) for item in value]
        if isinstance(value, str) and _TOKEN_RE.fullmatch(value):
            return self.placeholder("token", value)
        return value

    def scrub_request(self, request: WialonRequest) -> WialonRequest:
        """The same request with its sid, secret params, form fields and query scrubbed."""
        sid = request.sid
        if sid is not None and sid not in _NO_SID:
            sid = self.placeholder("sid", sid)
        form = {
            key: self.placeholder(_kind(key), val) if key in self.param_keys else val
            for key, val in request.form.items()
        }
        return WialonRequest(
            method=request.method,
            url=self._scrub_url(request.url),
            svc=request.svc,
            params=self.scrub_params(request.params),
            sid=sid,
            form=form,
            files=list(request.files),
        )

    def _scrub_url(self, url: str) -> str:
        base, mark, query = url.partition("?")
        if not mark:
            return self.scrub_text(url)
        pairs = [
            (key, self.placeholder(_kind(key), val) if key in self.param_keys else val)
            for key, val in parse_qsl(query, keep_blank_values=True)
        ]
        return self.scrub_text(f"{base}?{urlencode(pairs)}")

    # -- responses --------------------------------------------------------------------------

    def scrub_json(self, value: Any, *, top: bool = True) -> Any:
        """A copy of a response JSON value with every secret replaced."""
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                if key in self.response_keys and isinstance(item, str) and item:
                    out[key] = self.placeholder(_kind(key), item)
                elif key == "token" and isinstance(item, str):
                    out[key] = self._scrub_token_json(item)
                elif self.scrub_users and top and key == "au" and isinstance(item, str):
                    out[key] = self.placeholder("user", item)
                elif self.scrub_users and top and key == "user" and isinstance(item, dict):
                    user = self.scrub_json(item, top=False)
                    if isinstance(user.get("nm"), str):
                        user["nm"] = self.placeholder("user", user["nm"])
                    out[key] = user
                else:
                    out[key] = self.scrub_json(item, top=False)
            return out
        if isinstance(value, list):
            return [self.scrub_json(item, top=False) for item in value]
        if isinstance(value, str):
            if _TOKEN_RE.fullmatch(value):
                return self.placeholder("token", value)
            return value
        return value

    def _scrub_token_json(self, text: str) -> str:
        """The login reply's ``token`` is a JSON object in a string; scrub inside it."""
        try:
            inner = json.loads(text)
        except ValueError:
            return self.placeholder("token", text) if text else text
        if not isinstance(inner, dict):
            return self.placeholder("token", text)
        cleaned = self.scrub_json(inner, top=False)
        if isinstance(cleaned.get("h"), str):
            cleaned["h"] = self.placeholder("token", cleaned["h"])
        return compact(cleaned)

    def scrub_known(self, text: str) -> str:
        """``text`` with every secret value this scrubber has met replaced, wherever it is.

        The rules above look at known keys and shapes; a server may repeat a secret under
        another key, inside a longer string or in a body that is not JSON. The exact values
        are known by then, so they go too. Values under 8 characters or all digits are left
        alone: replacing them could rewrite ordinary data (an id, a count) of the same text.
        """
        for (_kind_name, value), placeholder in sorted(
            self._known.items(), key=lambda item: -len(item[0][1])
        ):
            if len(value) >= MIN_KNOWN_SECRET and not value.isdigit():
                text = text.replace(value, placeholder)
                # Inside a JSON string a quote or backslash of the value is escaped.
                escaped = json.dumps(value, ensure_ascii=False)[1:-1]
                if escaped != value:
                    text = text.replace(escaped, placeholder)
        return text

    def scrub_text(self, text: str) -> str:
        """Last line of defence for text that is not JSON: known secret shapes go."""
        text = _TOKEN_RE.sub(lambda m: self.placeholder("token", m.group(0)), text)
        for pattern, quote in ((_SID_JSON_RE, '"'), (_SID_ESCAPED_RE, '\\"')):

            def keyed(m: re.Match[str], q: str = quote) -> str:
                sid = self.placeholder("sid", m.group(3))
                return f"{q}{m.group(1)}{q}{m.group(2)}{q}{sid}{q}"

            text = pattern.sub(keyed, text)
        return _SID_QUERY_RE.sub(lambda m: "sid=" + self.placeholder("sid", m.group(1)), text)


def _kind(key: str) -> str:
    """The placeholder family of a secret key: every session id is a ``sid``."""
    if key in {"eid", "sid"}:
        return "sid"
    return key


def find_leaks(text: str) -> list[str]:
    """Secret-looking strings left in ``text`` (the same patterns the repository checks)."""
    leaks = [m.group(0) for m in _TOKEN_RE.finditer(text)]
    leaks += [m.group(0) for m in _SID_JSON_RE.finditer(text)]
    leaks += [m.group(0) for m in _SID_ESCAPED_RE.finditer(text)]
    leaks += [m.group(0) for m in _SID_QUERY_RE.finditer(text)]
    return leaks
