"""exchange/* calls against their reference pages' examples."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from .conftest import Wire


def test_export_json_is_a_wlp_download(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/exchange/export_json: the answer
    # is the file itself, named after fileName
    form = {"svc": "exchange/export_json", "sid": wire.sid,
            "params": json.dumps({"fileName": "units", "json": {"version": "b4"}})}  # fmt: skip
    url = f"http://{wire.server.host}:{wire.server.port}/wialon/ajax.html"
    body = urllib.parse.urlencode(form).encode()
    with urllib.request.urlopen(url, data=body, timeout=30) as resp:
        assert 'filename="units.wlp"' in resp.headers["Content-Disposition"]
        assert json.loads(resp.read()) == {"version": "b4"}


def test_import_json_answers_empty_object(wire: Wire) -> None:
    # https://help.wialon.com/en/api/user-guide/api-reference/exchange/import_json: {} at once
    boundary = "conformance"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n'
        '{"eventHash":"h1"}\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="import_file"; filename="a.wlp"'
        '\r\nContent-Type: application/octet-stream\r\n\r\n{"version":"b4"}\r\n',
        f"--{boundary}--\r\n",
    ]
    url = (f"http://{wire.server.host}:{wire.server.port}/wialon/ajax.html"
           f"?svc=exchange/import_json&sid={wire.sid}")  # fmt: skip
    req = urllib.request.Request(url, data="".join(parts).encode(), method="POST")
    req.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert json.loads(resp.read()) == {}
