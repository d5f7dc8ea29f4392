"""The ``avl_evts`` pseudo-service: the HTTP layer routes ``/avl_evts`` here through dispatch."""

from __future__ import annotations

from typing import Any

from ...model.delivery import collect
from ...model.errors import ApiError
from ..registry import Ctx, endpoint


@endpoint("avl_evts", batchable=False)
def avl_evts(ctx: Ctx, params: Any) -> dict[str, Any]:
    """Events for the session's registered items since its previous poll."""
    if ctx.session is None:  # the registry refuses session calls without one
        raise ApiError(1)
    return collect(ctx.world, ctx.session)
