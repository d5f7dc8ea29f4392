"""The vcrpy requests :func:`pytest_wialon.vcrglue.to_vcr` makes read as vcrpy's own do."""

from __future__ import annotations

import copy

from vcr.request import Request

from pytest_wialon.normalize import WialonRequest
from pytest_wialon.vcrglue import SEQ_HEADER, from_vcr, is_ours, seq_of, to_vcr

URL = "http://127.0.0.1:8080/wialon/ajax.html?x=1"
CALL = WialonRequest("POST", URL, svc="core/search_item", params={"id": 1})


def _view(request: Request) -> dict[str, object]:
    return {
        "method": request.method,
        "uri": request.uri,
        "url": request.url,
        "parsed": request.parsed_uri,
        "scheme": request.scheme,
        "host": request.host,
        "port": request.port,
        "path": request.path,
        "query": request.query,
        "body": request.body,
        "headers": dict(request.headers),
        "str": str(request),
        "dict": request._to_dict(),
    }


def test_a_request_reads_as_vcrpys_own() -> None:
    ours = to_vcr(CALL, 7)
    theirs = Request("POST", URL, "core/search_item", {SEQ_HEADER: "7"})
    assert isinstance(ours, Request)
    assert _view(ours) == _view(theirs)
    assert from_vcr(ours) is CALL
    assert is_ours(ours)
    assert seq_of(ours) == 7


def test_its_headers_and_url_can_be_changed_as_on_vcrpys_own() -> None:
    ours = to_vcr(CALL, 3)
    copied = copy.deepcopy(ours)
    assert _view(copied) == _view(ours)
    assert from_vcr(copied) == CALL
    assert seq_of(copied) == 3
    ours.headers["X-Other"] = "1"  # read, then changed in place
    assert seq_of(ours) == 3
    assert ours.headers["x-other"] == "1"
    ours.uri = "http://other.test/avl_evts"
    assert (ours.host, ours.path) == ("other.test", "/avl_evts")
    ours.headers = {"Accept": "*/*"}  # replaced: no longer ours
    assert not is_ours(ours)
    assert copied.headers[SEQ_HEADER] == "3"  # a copy made before keeps its own
