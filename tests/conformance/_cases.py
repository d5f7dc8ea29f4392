"""One conformance case: a page's example request, and the shape of its example answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._shape import mismatches
from .conftest import Wire

Ids = dict[str, int]
Params = Callable[[Ids], Any]


@dataclass(frozen=True)
class Case:
    """``svc`` sent with ``params(ids)`` must answer an error-free value of ``shape``.

    ``url`` is the reference page the request and the shape come from; ``before`` are calls
    the example presumes (a loaded message set, a geofence to change); ``note`` says which
    page won where pages disagree.
    """

    svc: str
    url: str
    params: Params
    shape: Any
    before: tuple[tuple[str, Params], ...] = field(default=())
    note: str = ""

    def __str__(self) -> str:
        return self.svc


def run_case(wire: Wire, ids: Ids, case: Case) -> Any:
    """Send the case over the socket and check the answer; returns it for further checks."""
    for svc, params in case.before:
        prior = wire.call(svc, params(ids))
        assert not (isinstance(prior, dict) and prior.get("error")), (svc, prior)
    answer = wire.call(case.svc, case.params(ids))
    assert not (isinstance(answer, dict) and answer.get("error")), (case.svc, answer, case.url)
    problems = mismatches(answer, case.shape)
    assert not problems, f"{case.svc} differs from {case.url}: {problems}"
    return answer
