"""Every call the fake server implements has a typed stub (keywords and answer) in the client."""

from __future__ import annotations

from tools.api_spec import SPECS

from wialon_mock.api.registry import load_handlers


def test_every_faked_call_has_a_typed_signature() -> None:
    typed = {spec.svc for spec in SPECS}
    # avl_evts is its own endpoint, not a client method
    missing = sorted(svc for svc in load_handlers() if svc != "avl_evts" and svc not in typed)
    assert missing == []


def test_typed_signatures_name_only_known_services() -> None:
    from aiowialon.services import SERVICES

    assert sorted(spec.svc for spec in SPECS if spec.svc not in SERVICES) == []
