"""Recorded admin calls are found again on replay by name and arguments as the call means them."""

from __future__ import annotations

from typing import Any

from pytest_wialon.controls import args_key, take_control


def test_arguments_compare_as_bound_to_the_declared_signature() -> None:
    assert args_key("freeze", []) == args_key("freeze", [True])
    assert args_key("freeze", []) != args_key("freeze", [False])
    assert args_key("advance", [600]) == args_key("advance", [600.0])
    assert args_key("remove_fault", [{"fault_id": 3}]) == args_key("remove_fault", [3])
    assert args_key("expire_sessions", []) == args_key("expire_sessions", [None])
    # True is not 1, and a call of another signature is compared as it was noted
    assert args_key("freeze", [True]) != args_key("freeze", [1])
    assert args_key("advance", [120, False]) != args_key("advance", [120])
    spec = {"svc": "core/search_item", "kind": "error", "code": 7}
    assert args_key("add_fault", [spec]) == args_key("add_fault", [dict(reversed(spec.items()))])


def test_each_recorded_call_answers_one_call_in_order() -> None:
    loaded: list[dict[str, Any]] = [
        {"op": "faults", "args": [], "result": [1]},
        {"op": "advance", "args": [60.0], "result": None},
        {"op": "faults", "args": [], "result": [2]},
    ]
    taken: set[int] = set()
    assert take_control(loaded, taken, "faults", []) == loaded[0]
    assert take_control(loaded, taken, "advance", [61]) is None
    assert take_control(loaded, taken, "advance", [60]) == loaded[1]
    assert take_control(loaded, taken, "advance", [60]) is None  # once more than recorded
    assert take_control(loaded, taken, "faults", []) == loaded[2]
    assert take_control(loaded, taken, "faults", []) is None
