"""The public surface of the package: a sorted ``__all__`` whose names all import."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("module", ["aiowialon"])
def test_all_is_sorted_and_importable(module: str) -> None:
    mod = importlib.import_module(module)
    names = list(mod.__all__)
    assert names == sorted(names), f"{module}.__all__ is not sorted"
    assert len(names) == len(set(names)), f"{module}.__all__ has duplicates"
    for name in names:
        assert getattr(mod, name, None) is not None, f"{module}.{name} does not import"
