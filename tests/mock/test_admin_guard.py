"""The admin API refuses what a foreign web page or a stranger on the network could send.

Every request here goes over a real loopback socket; forged ``Host``/``Origin`` headers stand
in for a browser on another site, a second loopback address (127.0.0.2) for another local
client.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import make_mocked_request

from wialon_mock import MockServer
from wialon_mock.http.admin_guard import SECRET_HEADER, AdminAccess, is_loopback_host
from wialon_mock.run.server import admin_access, remote_bind_warning

JSON = {"Content-Type": "application/json"}
FAULT = {"svc": "*", "kind": "error", "code": 6}

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="127.0.0.2 answers on Linux loopback only"
)


async def send(
    http: aiohttp.ClientSession,
    url: str,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    async with http.request(method, f"{url}/_mock/{path}", data=body, headers=headers) as resp:
        return resp.status, json.loads(await resp.read())


@pytest.mark.parametrize(
    ("ctype", "body"),
    [
        ("text/plain", json.dumps(FAULT).encode()),
        ("application/x-www-form-urlencoded", b"svc=*&kind=error&code=6"),
        ("multipart/form-data; boundary=x", b"--x--\r\n"),
    ],
)
async def test_a_body_a_page_could_send_installs_nothing(
    server: MockServer, http: aiohttp.ClientSession, ctype: str, body: bytes
) -> None:
    status, answer = await send(
        http, server.url, "POST", "faults", body=body, headers={"Content-Type": ctype}
    )
    assert status == 415
    assert "application/json" in answer["error"]
    assert server.faults() == []


async def test_json_body_is_accepted(server: MockServer, http: aiohttp.ClientSession) -> None:
    status, _ = await send(
        http, server.url, "POST", "faults", body=json.dumps(FAULT).encode(), headers=JSON
    )
    assert status == 200
    assert len(server.faults()) == 1


async def test_bodiless_post_without_browser_headers_passes(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    server.add_fault(**FAULT)
    status, _ = await send(http, server.url, "POST", "reset")
    assert (status, server.faults()) == (200, [])


async def test_bodiless_post_from_a_page_is_refused(
    server: MockServer, http: aiohttp.ClientSession
) -> None:
    server.add_fault(**FAULT)
    status, _ = await send(
        http, server.url, "POST", "reset", headers={"Origin": f"http://127.0.0.1:{server.port}"}
    )
    assert status == 415
    assert len(server.faults()) == 1


@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:8080", "localhost.attacker.example"]
)
async def test_rebinding_host_cannot_read_the_journal(
    server: MockServer, http: aiohttp.ClientSession, host: str
) -> None:
    status, answer = await send(http, server.url, "GET", "journal", headers={"Host": host})
    assert status == 403
    assert "Host" in answer["error"]


@pytest.mark.parametrize(
    "host", ["localhost", "localhost.", "LOCALHOST:1", "app.localhost", "127.0.0.1", "[::1]:9"]
)
async def test_loopback_hosts_are_served(
    server: MockServer, http: aiohttp.ClientSession, host: str
) -> None:
    status, _ = await send(http, server.url, "GET", "journal", headers={"Host": host})
    assert status == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost.attacker.example:8080"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
async def test_foreign_origin_is_refused(
    server: MockServer, http: aiohttp.ClientSession, headers: dict[str, str]
) -> None:
    body = json.dumps(FAULT).encode()
    status, _ = await send(
        http, server.url, "POST", "faults", body=body, headers={**JSON, **headers}
    )
    assert status == 403
    status, _ = await send(http, server.url, "GET", "journal", headers=headers)
    assert status == 403
    assert server.faults() == []


@pytest.mark.parametrize("origin", ["http://localhost:3000", "http://127.0.0.1:5173"])
async def test_local_origin_is_served(
    server: MockServer, http: aiohttp.ClientSession, origin: str
) -> None:
    body = json.dumps(FAULT).encode()
    status, _ = await send(
        http, server.url, "POST", "faults", body=body, headers={**JSON, "Origin": origin}
    )
    assert status == 200


@linux_only
async def test_a_client_on_a_second_loopback_address_is_local(server: MockServer) -> None:
    connector = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
    async with aiohttp.ClientSession(connector=connector) as http:
        status, answer = await send(http, server.url, "GET", "health")
        assert (status, answer) == (200, {"status": "ok"})
        body = json.dumps(FAULT).encode()
        status, _ = await send(http, server.url, "POST", "faults", body=body, headers=JSON)
        assert status == 200


@linux_only
async def test_secret_guards_writes_of_a_server_on_127_0_0_2() -> None:
    async with (
        MockServer(units=1, host="127.0.0.2", admin_token="s3cret") as server,
        aiohttp.ClientSession() as http,
    ):
        assert server.url.startswith("http://127.0.0.2:")
        body = json.dumps(FAULT).encode()
        status, answer = await send(http, server.url, "POST", "faults", body=body, headers=JSON)
        assert status == 403
        assert SECRET_HEADER in answer["error"]
        wrong = {**JSON, SECRET_HEADER: "s3cre"}
        status, _ = await send(http, server.url, "POST", "faults", body=body, headers=wrong)
        assert status == 403
        assert server.faults() == []
        # reads from loopback need no secret; the secret also lifts the Host check
        assert (await send(http, server.url, "GET", "faults"))[0] == 200
        keyed = {**JSON, **server.admin_headers, "Host": "devbox.lan"}
        status, _ = await send(http, server.url, "POST", "faults", body=body, headers=keyed)
        assert status == 200
        bearer = {**JSON, "Authorization": "Bearer s3cret"}
        status, _ = await send(http, server.url, "DELETE", "faults", headers=bearer)
        assert (status, server.faults()) == (200, [])


def _remote_request(method: str = "GET", headers: dict[str, str] | None = None) -> Any:
    # a socket from another machine cannot be made on loopback; aiohttp's own test request
    # carries the peer address a real one would
    transport = type("T", (), {"get_extra_info": lambda self, key, default=None: ("10.1.2.3", 5)})
    return make_mocked_request(method, "/_mock/state", headers=headers, transport=transport())


def test_a_remote_client_needs_the_secret() -> None:
    access = admin_access("0.0.0.0")
    assert access.secret is not None
    assert len(access.secret) >= 24
    refused = access.refusal(_remote_request())
    assert refused is not None
    assert refused[0] == 403
    assert access.refusal(_remote_request(headers={SECRET_HEADER: access.secret})) is None
    closed = AdminAccess(bound_host="0.0.0.0")
    assert closed.refusal(_remote_request()) == (403, "the admin API answers loopback clients only")


def test_allow_remote_admin_opens_it_on_purpose() -> None:
    access = admin_access("0.0.0.0", allow_remote_admin=True)
    assert access.secret is None
    assert access.refusal(_remote_request(headers={"Host": "devbox.lan"})) is None
    warning = remote_bind_warning(access, "http://0.0.0.0:8080")
    assert warning is not None
    assert "open to anyone" in warning


def test_every_non_loopback_bind_is_warned_about() -> None:
    assert remote_bind_warning(admin_access("127.0.0.1"), "http://127.0.0.1:1") is None
    assert remote_bind_warning(admin_access("::ffff:127.0.0.1"), "u") is None
    for host in ("0.0.0.0", "::", "192.168.1.5", "devbox.lan"):
        access = admin_access(host)
        assert access.secret is not None
        warning = remote_bind_warning(access, f"http://{host}:8080")
        assert warning is not None
        assert SECRET_HEADER in warning
    given = admin_access("0.0.0.0", admin_token="mine")
    assert given.secret == "mine"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", True),
        ("localhost.", True),
        ("LocalHost", True),
        ("a.b.localhost", True),
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("::ffff:7f00:2", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("localhost.attacker.example", False),
        ("notlocalhost", False),
        ("", False),
    ],
)
def test_loopback_detection(host: str, expected: bool) -> None:
    assert is_loopback_host(host) is expected


def test_ipv4_mapped_loopback_server_needs_no_secret() -> None:
    server = MockServer(units=1, host="::ffff:127.0.0.1")
    assert server.admin_token is None
    assert server.admin_headers == {}
