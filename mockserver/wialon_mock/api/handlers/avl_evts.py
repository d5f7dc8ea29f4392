"""The ``avl_evts`` pseudo-service: the HTTP layer routes ``/avl_evts`` here through dispatch."""

from __future__ import annotations

from typing import Any

from ...model.delivery import collect
from ..registry import SessionCtx, endpoint


@endpoint("avl_evts")
def avl_evts(ctx: SessionCtx, params: Any) -> dict[str, Any]:
    """Events for the session's registered items since its previous poll."""
    return collect(ctx.world, ctx.session)
