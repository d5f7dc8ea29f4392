"""The admin operations are declared once (AdminOps) and every front offers the same ones."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

from pytest_wialon.cassettes import FORMAT
from pytest_wialon.recorder import CassetteSession
from pytest_wialon.scrub import Scrubber
from pytest_wialon.targets import MockTarget, RemoteTarget, ReplayTarget, ReplayUnsupported
from wialon_mock import MockConfig, MockServer, ThreadedMockServer, World
from wialon_mock.control.admin import ROUTES, Control
from wialon_mock.control.ops import ADMIN_OPS, AdminOps


def test_the_declaration_lists_the_operations() -> None:
    assert ADMIN_OPS == (
        "reset", "state", "journal", "clear_journal", "advance", "freeze", "scale",
        "set_clock", "expire_sessions", "add_fault", "remove_fault", "faults", "clear_faults",
    )  # fmt: skip


def test_control_is_the_implementation() -> None:
    control: AdminOps = Control(World(MockConfig(units=1)))  # mypy checks the shape
    assert control.expire_sessions() == 0
    for name in ADMIN_OPS:
        declared = inspect.signature(getattr(AdminOps, name))
        assert inspect.signature(getattr(Control, name)) == declared, name


@pytest.mark.parametrize("front", [MockServer, ThreadedMockServer, MockTarget, ReplayTarget])
def test_every_front_offers_each_operation_with_its_declared_doc(front: type) -> None:
    for name in ADMIN_OPS:
        assert getattr(front, name).__doc__ == getattr(AdminOps, name).__doc__, name


def test_a_target_forwards_to_the_running_server() -> None:
    with ThreadedMockServer(units=1) as server:
        target = MockTarget(server)
        fault = target.add_fault(svc="core/search_item", kind="error", code=7)
        assert [f["id"] for f in target.faults()] == [fault["id"]]
        assert target.remove_fault(fault["id"]) is True
        assert server.faults() == []
        target.freeze()
        assert target.state()["clock"]["frozen"] is True
        now = server.world.now()
        # forward as an advance, back as a rewind: the same rules as POST /_mock/clock
        assert target.set_clock(now + 600)["now"] == pytest.approx(now + 600)
        assert target.set_clock(now - 3600)["now"] == pytest.approx(now - 3600)
        assert server.world.now() == pytest.approx(now - 3600)
        with pytest.raises(ValueError, match="set"):
            target.set_clock("not a time")
        assert server.world.now() == pytest.approx(now - 3600)


def test_detached_targets_answer_without_a_server(tmp_path: Path) -> None:
    # An empty cassette: replay answers only what was recorded, never a made-up value.
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"format": FORMAT, "base_url": None, "interactions": []}))
    session = CassetteSession(path, "none", Scrubber())
    session.start()
    try:
        replay = ReplayTarget("http://127.0.0.1:1", "t", session)
        with pytest.raises(ReplayUnsupported, match=r"wialon_mock.add_fault\(\{'svc': 'x'\}\)"):
            replay.add_fault(svc="x")
        with pytest.raises(ReplayUnsupported, match="expire_sessions"):
            replay.expire_sessions()
        with pytest.raises(ReplayUnsupported, match=r"wialon_mock.freeze\(\)"):
            replay.freeze()  # answers nothing, but doing nothing silently is no answer
        assert replay.journal() == []
        remote = RemoteTarget("http://127.0.0.1:1", "t", session)
        with pytest.raises(RuntimeError, match="needs the fake server"):
            remote.freeze()
    finally:
        session.stop()


def test_admin_routes_come_from_one_table() -> None:
    assert len({(method, path) for method, path, _ in ROUTES}) == len(ROUTES)
    assert ("POST", "/_mock/clock") in {(method, path) for method, path, _ in ROUTES}
