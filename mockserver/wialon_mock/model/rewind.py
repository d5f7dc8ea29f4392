"""Setting the server clock back: the fleet's history after the new time has not happened yet.

Real Wialon has no such thing; the fake server offers it so a test or a person at the dashboard
can replay a span (``POST /_mock/clock {"set": EARLIER}``). What it means, everywhere at once:

- **Messages after the new time are gone.** Unit messages are a pure function of the seed and
  the time (:mod:`.sim`), so every reader (``messages/*``, item ``pos``/``lmsg``, reports,
  ``avl_evts``, the dashboard) stops at the new time by itself. As the clock runs on, the same
  messages happen again, at the same times with the same values.
- **Sessions stay logged in.** Their delivery cursors and the times their units' messages start
  after move back to the new time, so ``avl_evts`` delivers the span again as it happens again
  (nothing from before the new time twice, nothing skipped). Creation and last-activity times
  move back too: no session has a negative age or idles into expiry while the clock catches up.
- **Command messages** (``unit/exec_cmd``, ``unit/send_cmd``) after the new time are dropped,
  with their ``avl_evts`` notices not yet polled: unlike the generated messages they come from
  a client's action, which has not happened at the new time and does not happen again.
- **A message loader** (``messages/load_*``) keeps only its messages up to the new time.
- **Deletions** (``messages/delete_message``) of messages after the new time are forgotten:
  those messages have not happened yet, and come back when they do.
- **What clients changed stays**: names, fields, items, access, tokens, uploads. Their pending
  notices (rename, deletion, access, upload events not yet polled) are delivered at the next
  ``avl_evts``, since the change they tell of is still there. An item created after the new
  time exists and reports from its creation time on.
- **Time-limited things stay valid as they were**: an auth hash lives at most its two minutes
  from the new time; a token that could log in before still can (its activation time moves back
  with its creation time; one a client put in the future keeps it).
- A **report result** already made stays until cleaned up, like a file already exported.
- The **journal** and the **rate-limit windows** run on real time: untouched.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from typing import TYPE_CHECKING

from . import commands
from .state import AUTH_HASH_SECONDS, Loader

if TYPE_CHECKING:
    from .state import World


def rewind(world: World, moment: float) -> None:
    """Put the clock back to ``moment`` (earlier than now) and the state with it (see above)."""
    before = world.clock.now()
    if moment > before:
        raise ValueError("rewind goes back in time; advance the clock to go forward")
    world.clock.set_to(moment)
    second = int(moment)
    for session in world.sessions.values():
        session.created = min(session.created, moment)
        session.last_seen = min(session.last_seen, moment)
        session.cursor = min(session.cursor, second)
        for unit_id, start in session.msg_start.items():
            if start > second:
                session.msg_start[unit_id] = second
        if session.events:
            # queued in time order: clamping keeps the order
            session.events = deque(
                (min(at, moment), event)
                for at, event in session.events
                if not commands.is_notice_after(event, second)
            )
        loader = session.loader
        if loader is not None:
            kept = bisect_right(loader.times, second)
            if kept < len(loader.times):
                extra = {i: m for i, m in loader.extra.items() if i < kept}
                session.loader = Loader(loader.unit_id, loader.times[:kept], extra)
    commands.forget_after(world, second)
    latest = moment + AUTH_HASH_SECONDS
    for value, (user_id, expiry, sid) in list(world.auth_hashes.items()):
        if expiry > latest:
            world.auth_hashes[value] = (user_id, latest, sid)
    for times in world.edits.deleted.values():
        times.difference_update([t for t in times if t > second])
    for meta in world.edits.tokens.values():
        _rewind_token(meta, before, second)


def _rewind_token(meta: dict[str, object], before: float, second: int) -> None:
    for key in ("ct", "ll"):
        value = meta.get(key)
        if isinstance(value, int) and value > second:
            meta[key] = second
    at = meta.get("at")
    # active before the rewind: stays active; an activation still ahead keeps its time
    if isinstance(at, int) and second < at <= before:
        meta["at"] = second
