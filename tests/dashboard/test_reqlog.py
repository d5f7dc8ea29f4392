"""The request log line and the log set-up of the command line."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from wialon_mock.control.suggest import did_you_mean, unknown
from wialon_mock.http import reqlog

SID = "fedcba9876543210fedcba9876543210"


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Put the root logger back as it was after a test that configures it."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = {name: logging.getLogger(name).level for name in reqlog.QUIET}
    try:
        yield
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
        for name, old in quiet.items():
            logging.getLogger(name).setLevel(old)


def test_request_line_has_client_svc_items_masked_session_result_fault_latency() -> None:
    fields = reqlog.request_fields(
        remote="127.0.0.1",
        svc="core/batch",
        params={"params": [{"svc": "core/search_item"}, {"svc": "core/get_hw_types"}]},
        sid=SID,
        status=200,
        error=1003,
        fault=3,
        seconds=0.00125,
    )
    text = reqlog.request_text(fields)
    assert text == (
        "127.0.0.1 core/batch[core/search_item,core/get_hw_types] sid=fedc…(32) "
        "error 1003 fault #3 1.2 ms"
    )
    assert SID not in text
    assert fields["items"] == ["core/search_item", "core/get_hw_types"]


def test_request_line_without_session_or_answer() -> None:
    fields = reqlog.request_fields(
        remote="::1",
        svc="token/login",
        params={"token": "x" * 72},
        sid=None,
        status=None,
        error=None,
        fault=1,
        seconds=None,
    )
    assert reqlog.request_text(fields) == "::1 token/login dropped fault #1"
    assert "x" * 8 not in json.dumps(fields)


def test_json_lines_carry_the_request_fields(
    root_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    reqlog.configure("INFO", "json")
    reqlog.log_request(
        remote="127.0.0.1",
        svc="core/search_item",
        params={},
        sid=SID,
        status=200,
        error=None,
        fault=None,
        seconds=0.002,
    )
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["level"] == "INFO"
    assert line["logger"] == "wialon_mock.requests"
    assert line["time"].endswith("Z")
    assert line["request"]["svc"] == "core/search_item"
    assert line["request"]["session"] == "fedc…(32)"
    assert line["request"]["result"] == "ok"
    assert line["message"].startswith("127.0.0.1 core/search_item")


def test_debug_level_keeps_faker_quiet(root_logging: None) -> None:
    reqlog.configure("DEBUG", "text")
    assert logging.getLogger().level == logging.DEBUG
    assert not logging.getLogger("faker.factory").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("wialon_mock.requests").isEnabledFor(logging.INFO)


def test_configure_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="text, json"):
        reqlog.configure("INFO", "xml")


def test_did_you_mean() -> None:
    assert (
        did_you_mean("jurnal_size", ["journal_size", "seed"]) == " (did you mean 'journal_size'?)"
    )
    assert did_you_mean("zzz", ["journal_size"]) == ""
    assert unknown("settings", {"sed", "qq"}, ["seed"]) == (
        "unknown settings: qq, sed (did you mean 'seed'?)"
    )


def test_a_batch_given_as_a_bare_list_names_its_items_too() -> None:
    items = [{"svc": "core/search_item"}, {"svc": "core/get_hw_types"}]
    assert reqlog.batch_items("core/batch", items) == ["core/search_item", "core/get_hw_types"]
    assert reqlog.batch_items("core/batch", {"params": items, "flags": 1}) == [
        "core/search_item",
        "core/get_hw_types",
    ]
    assert reqlog.batch_items("core/batch", "garbage") == []
    assert reqlog.batch_items("core/search_item", items) == []
