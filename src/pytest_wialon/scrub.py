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
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from wialon_protocol.wire import compact

from .normalize import WialonRequest
from .rules import DEFAULT_RULES, SECRET_WORDS, RuleSet, check_kinds

PLACEHOLDER_PREFIX = "scrubbed-"

#: Keys of ``params`` (at any depth, batch items included) whose values are secrets.
PARAM_SECRETS = frozenset({"token", "password", "authHash"})
#: Keys of response JSON (at any depth) whose string values are secrets.
RESPONSE_SECRETS = frozenset({"eid", "sid", "gis_sid", "th", "authHash"})
#: Request-side keys that name a user (kept as they are with ``scrub_users=False``).
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
    """Maps secret values to placeholders, the same value always to the same placeholder.

    ``rules`` add to (or, with kind ``keep``, switch off) :data:`~pytest_wialon.rules.
    DEFAULT_RULES`: a key or dotted path mapped to a placeholder family (see
    :data:`~pytest_wialon.rules.KINDS`). Personal data gets realistic placeholders of its
    family (``user1@example.com``, ``+15550100001``, ``192.0.2.1``), secrets get
    ``scrubbed-<key>-N``. ``scrub_users=False`` keeps login names as they are.
    """

    def __init__(
        self,
        *,
        scrub_users: bool = True,
        extra_param_keys: Iterable[str] = (),
        extra_response_keys: Iterable[str] = (),
        rules: Mapping[str, str] | None = None,
    ) -> None:
        self.scrub_users = scrub_users
        self.param_keys = PARAM_SECRETS | frozenset(extra_param_keys)
        self.response_keys = RESPONSE_SECRETS | frozenset(extra_response_keys)
        merged = dict(DEFAULT_RULES)
        if not scrub_users:
            merged = {k: v for k, v in merged.items() if v != "login"}
        merged.update(rules or {})
        check_kinds(merged, "pytest-wialon")
        self.rules = merged
        self._rules = RuleSet(merged)
        self._known: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        #: placeholder -> the value a request sent (on replay: what the code made up, such
        #: as an ``eventHash``, to give back in the answers that echo it)
        self.sent_values: dict[str, str] = {}

    @property
    def known_count(self) -> int:
        """How many distinct secret values this scrubber has met (it only grows)."""
        return len(self._known)

    def placeholder(self, kind: str, value: str) -> str:
        """The placeholder of ``value``; a value that already is one stays as it is."""
        if is_placeholder(value):
            return value
        # One value is one secret under any key: an eventHash and the ``hash`` of the
        # upload event that answers it get the same placeholder.
        found = self._known.get(value)
        if found is None:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            found = _fake(kind, self._counts[kind])
            self._known[value] = found
        return found

    def _by_rule(self, key: str, path: tuple[str, ...], item: Any) -> str | None:
        """The placeholder a rule or the key's name calls for, or None to look inside.

        A ``keep`` rule answers the value itself: nothing below may change it either.
        """
        if not isinstance(item, str) or not item:
            return None
        kind = self._rules.find(path)
        if kind == "keep":
            return item
        if kind == "ip" and _LOOPBACK_RE.fullmatch(item):
            return None  # the test's own machine: neither personal nor a secret
        if kind is not None:
            return self.placeholder(key if kind == "secret" else kind, item)
        if _EMAIL_RE.fullmatch(item):
            return self.placeholder("email", item)
        if any(word in key.lower() for word in SECRET_WORDS):
            return self.placeholder(_kind(key), item)
        return None

    # -- requests ---------------------------------------------------------------------------

    def scrub_params(self, value: Any, path: tuple[str, ...] = ()) -> Any:
        """A copy of ``params`` with secret values replaced, batch items included."""
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                here = (*path, str(key))
                if key in self.param_keys and isinstance(item, str):
                    out[key] = self._sent(self.placeholder(_kind(key), item), item)
                elif self.scrub_users and key in PARAM_USER_KEYS and isinstance(item, str):
                    out[key] = self._sent(self.placeholder("login", item), item) if item else item
                else:
                    found = self._by_rule(str(key), here, item)
                    out[key] = (
                        self.scrub_params(item, here) if found is None else self._sent(found, item)
                    )
            return out
        if isinstance(value, list):
            return [self.scrub_params(item, _list_path(path, item)) for item in value]
        if isinstance(value, str) and _TOKEN_RE.fullmatch(value):
            return self._sent(self.placeholder("token", value), value)
        if isinstance(value, str) and _EMAIL_RE.fullmatch(value):
            return self._sent(self.placeholder("email", value), value)
        return value

    def _sent(self, placeholder: str, value: str) -> str:
        if placeholder != value:
            self.sent_values[placeholder] = value
        return placeholder

    def scrub_request(self, request: WialonRequest) -> WialonRequest:
        """The same request with its sid, secret params, form fields and query scrubbed."""
        sid = request.sid
        if sid is not None and sid not in _NO_SID:
            sid = self.placeholder("sid", sid)
        form = {}
        for key, val in request.form.items():
            found = self._by_rule(key, (key,), val)
            if key in self.param_keys:
                found = self.placeholder(_kind(key), val)
            form[key] = val if found is None else self._sent(found, val)
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

    def scrub_json(self, value: Any, *, top: bool = True, path: tuple[str, ...] = ()) -> Any:
        """A copy of a response JSON value with every secret and personal value replaced."""
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for key, item in value.items():
                here = (*path, str(key))
                if key in self.response_keys and isinstance(item, str) and item:
                    out[key] = self.placeholder(_kind(key), item)
                elif key == "token" and isinstance(item, str):
                    out[key] = self._scrub_token_json(item)
                else:
                    found = self._by_rule(str(key), here, item)
                    out[key] = (
                        self.scrub_json(item, top=False, path=here) if found is None else found
                    )
            return out
        if isinstance(value, list):
            return [self.scrub_json(item, top=False, path=_list_path(path, item)) for item in value]
        if isinstance(value, str):
            if _TOKEN_RE.fullmatch(value):
                return self.placeholder("token", value)
            if _EMAIL_RE.fullmatch(value):
                return self.placeholder("email", value)
            return value
        return value

    def give_back(self, body: bytes) -> bytes:
        """On replay: a recorded answer with the values this run's requests made up put back.

        The code under test may make a value up (``upload_and_wait``'s ``eventHash``) and
        wait for the answer that echoes it; the file holds the placeholder in both places.
        Only whole JSON strings equal to a placeholder change, never parts of longer ones.
        """
        sent = self.sent_values
        if not sent or not any(p.encode() in body for p in sent):
            return body
        try:
            document = json.loads(body)
        except ValueError:
            return body

        def walk(value: Any) -> Any:
            if isinstance(value, dict):
                return {key: walk(item) for key, item in value.items()}
            if isinstance(value, list):
                return [walk(item) for item in value]
            if isinstance(value, str):
                return sent.get(value, value)
            return value

        return json.dumps(walk(document), separators=(",", ":"), ensure_ascii=False).encode()

    def _scrub_token_json(self, text: str) -> str:
        """The login reply's ``token`` is a JSON object in a string; scrub inside it."""
        try:
            inner = json.loads(text)
        except ValueError:
            return self.placeholder("token", text) if text else text
        if not isinstance(inner, dict):
            return self.placeholder("token", text)
        cleaned = self.scrub_json(inner, top=False, path=("token",))
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
        for value, placeholder in sorted(self._known.items(), key=lambda item: -len(item[0])):
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


_LOOPBACK_RE = re.compile(r"127(\.\d{1,3}){3}|::1|localhost")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
#: Shaped like a phone number: a plus or a long run of digits with the usual separators.
_PHONE_RE = re.compile(r"\+\d[\d ()-]{8,}\d")
#: The realistic placeholders of :func:`_fake`, so a replayed value is never scrubbed again.
_FAKE_RE = re.compile(
    r"user\d+@example\.com|user\d+|\+1555010\d{4}|Person \d+|35999900\d{7}"
    r"|192\.0\.2\.\d+|198\.51\.100\.\d+"
)


def _fake(kind: str, n: int) -> str:
    """The ``n``-th placeholder of a family: shaped like the real thing, plainly not it.

    Phones are in the 555-01xx range kept for fiction, addresses in the documentation
    networks of RFC 5737, e-mails under example.com (RFC 2606).
    """
    if kind == "email":
        return f"user{n}@example.com"
    if kind == "login":
        return f"user{n}"
    if kind == "phone":
        return f"+1555010{n:04d}"
    if kind == "name":
        return f"Person {n}"
    if kind == "imei":
        return f"35999900{n:07d}"
    if kind == "ip":
        return f"192.0.2.{n}" if n < 255 else f"198.51.100.{n % 254 + 1}"
    return f"{PLACEHOLDER_PREFIX}{kind}-{n}"


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is one this module hands out (left alone when met again)."""
    return value.startswith(PLACEHOLDER_PREFIX) or _FAKE_RE.fullmatch(value) is not None


def _list_path(path: tuple[str, ...], item: Any) -> tuple[str, ...]:
    """The path of a list item: ``*`` stands for its index."""
    return (*path, "*")


def find_personal(text: str) -> list[str]:
    """E-mail- and phone-shaped strings left in ``text`` (placeholders excepted)."""
    found = [m.group(0) for m in _EMAIL_RE.finditer(text) if not is_placeholder(m.group(0))]
    found += [m.group(0) for m in _PHONE_RE.finditer(text) if not is_placeholder(m.group(0))]
    return found


def _kind(key: str) -> str:
    """The placeholder family of a secret key: every session id is a ``sid``."""
    if key in {"eid", "sid"}:
        return "sid"
    return key


#: Every byte as "h" when it is a hex digit, else " ": a token-shaped run becomes "h" * 72.
_HEX_RUNS = bytes(0x68 if chr(b) in "0123456789abcdefABCDEF" else 0x20 for b in range(256))


def _hex_runs(text: str) -> bytes:
    """``text`` with each hex digit as ``h`` and anything else as a space (UTF-8 bytes).

    Two C passes: ``find`` on the result tells whether a pattern below can match at all.
    The regular expressions try every digit of every number in a cassette, and were most
    of the time a cassette took to open although they nearly never find anything.
    """
    return text.encode("utf-8", "surrogatepass").translate(_HEX_RUNS)


def find_leaks(text: str, utf8: bytes | None = None) -> list[str]:
    """Secret-looking strings left in ``text`` (the same patterns the repository checks).

    ``utf8``: the bytes ``text`` was decoded from, when the caller has them (line endings
    may differ: they are no hex digits either), which saves encoding the text again.
    """
    runs = _hex_runs(text) if utf8 is None else utf8.translate(_HEX_RUNS)
    if runs.find(b"h" * 32) < 0:
        return []  # every pattern needs 32 hex digits in a row (a sid), a token 72
    leaks = [m.group(0) for m in _TOKEN_RE.finditer(text)] if b"h" * 72 in runs else []
    leaks += [m.group(0) for m in _SID_JSON_RE.finditer(text)]
    leaks += [m.group(0) for m in _SID_ESCAPED_RE.finditer(text)]
    leaks += [m.group(0) for m in _SID_QUERY_RE.finditer(text)]
    return leaks
