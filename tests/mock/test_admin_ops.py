"""The admin operations are declared once (AdminOps) and every front offers the same ones."""

from __future__ import annotations

import inspect

import pytest

from pytest_wialon.targets import MockTarget, RemoteTarget, ReplayTarget
from wialon_mock import MockConfig, MockServer, ThreadedMockServer, World
from wialon_mock.control.admin import ROUTES, Control
from wialon_mock.control.ops import ADMIN_OPS, AdminOps


def test_the_declaration_lists_the_operations() -> None:
    assert ADMIN_OPS == (
        "reset", "state", "journal", "clear_journal", "advance", "freeze", "scale",
        "expire_sessions", "add_fault", "remove_fault", "faults", "clear_faults",
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


def test_detached_targets_answer_without_a_server() -> None:
    replay = ReplayTarget("http://127.0.0.1:1", "t", list)
    assert replay.add_fault(svc="x") == {"id": 0, "svc": "x"}
    assert replay.expire_sessions() == 0
    assert replay.journal() == []
    remote = RemoteTarget("http://127.0.0.1:1", "t", list)
    with pytest.raises(RuntimeError, match="needs the fake server"):
        remote.freeze()


def test_admin_routes_come_from_one_table() -> None:
    assert len({(method, path) for method, path, _ in ROUTES}) == len(ROUTES)
    assert ("POST", "/_mock/clock") in {(method, path) for method, path, _ in ROUTES}
