"""What the dashboard shows, read from the model: units on the map, geofences, sessions.

Plain functions from a :class:`~wialon_mock.model.state.World` to JSON-able dicts, no HTTP, so they
are cheap to test. Everything is computed from the clock on demand (the model stores no
messages), and every listing is capped so that a fleet of 100,000 units cannot make one
refresh of the page cost seconds.
"""

from __future__ import annotations

from typing import Any

from ...control import redact
from ...model.edits import live
from ...model.fleet_data import CITIES, SENSOR_TEMPLATES
from ...model.items import Unit
from ...model.sensors import unit_sensors
from ...model.sim import last_message, message, times_between
from ...model.state import Session, World

#: units the map shows at most (the first ones by id); the page says when more exist
MAX_UNITS = 2000
#: tracks are sent for every unit up to this fleet size, otherwise only for the one asked for
TRACKS_UP_TO = 300
#: how far back a track reaches, in server seconds
TRACK_SECONDS = 600
#: a unit whose last message is older than this is drawn as "no data"
STALE_SECONDS = 3600
#: due message events are counted exactly up to this many watched units per session
COUNT_PENDING_UP_TO = 500


def unit_state(msg: dict[str, Any] | None, now: float) -> str:
    """``moving``, ``parked`` or ``nodata``: the colour of a unit on the map."""
    if msg is None or now - msg["t"] > STALE_SECONDS:
        return "nodata"
    return "moving" if msg["pos"]["s"] > 0 else "parked"


def track(world: World, unit: Unit, seconds: int = TRACK_SECONDS) -> list[list[float]]:
    """The unit's positions over the last ``seconds`` of server time, as ``[lat, lon]``.

    Messages deleted with messages/delete_message are left out, as in every other read.
    """
    now = world.now()
    seed = world.config.seed
    points: list[list[float]] = []
    for t in live(world, unit.id, times_between(unit, now - seconds, now)):
        pos = message(unit, t, seed)["pos"]
        point = [pos["y"], pos["x"]]
        if not points or points[-1] != point:
            points.append(point)
    return points


def _unit_row(world: World, unit: Unit, with_track: bool) -> dict[str, Any]:
    now = world.clock.now()
    msg = last_message(unit, now, world.config.seed)
    row: dict[str, Any] = {
        "id": unit.id,
        "nm": unit.nm,
        "state": unit_state(msg, now),
        "pos": None,
    }
    if msg is not None:
        pos = msg["pos"]
        row["pos"] = {"t": msg["t"], "y": pos["y"], "x": pos["x"], "s": pos["s"], "c": pos["c"]}
    if with_track:
        row["track"] = track(world, unit)
    return row


def fleet(world: World, limit: int = MAX_UNITS) -> dict[str, Any]:
    """Every unit (up to ``limit``) with its position and state, tracks for small fleets."""
    ids = sorted(world.units)
    shown = ids[: max(0, limit)]
    with_tracks = len(ids) <= TRACKS_UP_TO
    units = [_unit_row(world, world.units[i], with_tracks) for i in shown]
    counts = {"moving": 0, "parked": 0, "nodata": 0}
    for row in units:
        counts[row["state"]] += 1
    return {
        "now": world.clock.now(),
        "total": len(ids),
        "shown": len(units),
        "tracks": with_tracks,
        "counts": counts,
        "units": units,
    }


def unit_detail(world: World, unit_id: int) -> dict[str, Any] | None:
    """One unit's last message, its parameters and its sensor values (``None``: no unit)."""
    unit = world.units.get(unit_id)
    if unit is None:
        return None
    row = _unit_row(world, unit, with_track=True)
    msg = last_message(unit, world.clock.now(), world.config.seed)
    row["message"] = msg
    sensors: list[dict[str, Any]] = []
    if msg is not None:
        values = unit_sensors(msg["p"])
        for n, template in enumerate(SENSOR_TEMPLATES, start=1):
            value = values[str(n)]
            sensors.append({"id": n, "n": template["n"], "text": value["format"]["value"]})
    row["sensors"] = sensors
    row["interval"] = unit.interval
    return row


def _argb(colour: int) -> str:
    # Wialon stores geofence colours as ARGB integers; CSS wants #rrggbb
    return f"#{colour & 0xFFFFFF:06x}"


def geofences(world: World) -> list[dict[str, Any]]:
    """Every geofence of every resource: circles (``t`` 3), polygons (2) and lines (1)."""
    shapes: list[dict[str, Any]] = []
    for res in world.resources.values():
        for zone in res.zones.values():
            points = [{"y": p["y"], "x": p["x"], "r": p.get("r", 0)} for p in zone.get("p", [])]
            shapes.append(
                {
                    "resource": res.id,
                    "id": zone.get("id"),
                    "n": zone.get("n", ""),
                    "t": zone.get("t", 3),
                    "w": zone.get("w", 0),
                    "color": _argb(int(zone.get("c", 0))),
                    "p": points,
                }
            )
    return shapes


def cities() -> list[dict[str, Any]]:
    """The places the fleet generator puts resources around, for labels on the base map."""
    return [{"n": c.name, "y": c.lat, "x": c.lon} for c in CITIES]


def mask(secret: str | None) -> str | None:
    """A sid shown to people: its first 4 characters and its length, as the client logs do."""
    return redact.mask(secret) if secret else secret


def _pending(world: World, session: Session, now: int) -> int:
    """Queued events plus the message events due at the next ``avl_evts``."""
    watched = list(session.msg_start.items())
    sample = watched[:COUNT_PENDING_UP_TO]
    due = 0
    for unit_id, start in sample:
        unit = world.units.get(unit_id)
        if unit is not None:
            due += len(times_between(unit, max(session.cursor, start), now))
    if len(watched) > len(sample):
        # scaled up from a sample: counting every schedule would make a refresh cost seconds
        due = due * len(watched) // len(sample)
    return len(session.events) + due


def sessions(world: World, *, reveal: bool) -> list[dict[str, Any]]:
    """Live sessions: user, age, idle time, registered items, pending events.

    ``reveal`` adds the whole ``sid`` (the page needs it to expire one); a read-only
    dashboard gets the masked form only.
    """
    now = world.clock.now()
    rows: list[dict[str, Any]] = []
    for session in world.sessions.values():
        user = world.users.get(session.user_id)
        row: dict[str, Any] = {
            "sid_masked": mask(session.sid),
            "user": user.nm if user is not None else str(session.user_id),
            "user_id": session.user_id,
            "app": session.app,
            "remote": session.remote,
            "age": round(now - session.created, 1),
            "idle": round(now - session.last_seen, 1),
            "items": len(session.subs),
            "pending": _pending(world, session, int(now)),
            "closing": session.closing,
        }
        if reveal:
            row["sid"] = session.sid
        rows.append(row)
    rows.sort(key=lambda r: r["age"])
    return rows
