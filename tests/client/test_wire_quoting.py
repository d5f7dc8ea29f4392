"""The client's own form quoting says exactly what ``urllib.parse.quote_plus`` says."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiowialon.wire import _quote_plus, form_body


@given(st.text())
def test_quoting_matches_the_standard_library(text: str) -> None:
    try:
        expected = quote_plus(text)
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for it
        with pytest.raises(UnicodeEncodeError):
            _quote_plus(text)
        return
    assert _quote_plus(text) == expected


@pytest.mark.parametrize("text", ["", "~_.-AZaz09", " ", "a b+c&d=e%f", '{"ü":"€ 😀"}', "\x00\x7f"])
def test_quoting_of_the_edges(text: str) -> None:
    assert _quote_plus(text) == quote_plus(text)


def test_a_form_body_decodes_back_to_its_fields() -> None:
    params = {"name": "a b&c=d+e%", "ü": ["€", 1]}
    body = form_body("core/search_item", params, "0123abcd")
    assert parse_qsl(body.decode()) == [
        ("svc", "core/search_item"),
        ("params", '{"name":"a b&c=d+e%","ü":["€",1]}'),
        ("sid", "0123abcd"),
    ]
