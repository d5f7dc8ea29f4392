"""Item JSON as the real server shapes it for a set of data flags.

Key order matters to byte-exact clients: ``nm, cls, id, mu`` first, then each flag's keys in
flag order, ``uacl`` last (QA suite: flags 261 give ``nm,cls,id,mu,crt,bact,hw,uid,...,uacl``).
A flag without the base bit 0x1 contributes only its own keys.
"""

from __future__ import annotations

from enum import IntFlag
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from wialon_protocol.flags import (
    ItemDataFlag,
    ResourceDataFlag,
    UnitGroupsDataFlag,
    UnitsDataFlag,
    UserDataFlag,
)

from ..model import edits, sensor_values, sim
from ..model.fleet_data import COMMANDS, HW_TYPES, SENSOR_TEMPLATES, VEHICLES
from ..model.items import (
    CLS_GROUP,
    CLS_HW,
    CLS_RESOURCE,
    CLS_UNIT,
    CLS_USER,
    UACL_GROUP,
    UACL_RESOURCE,
    UACL_SELF,
    UACL_SUBUSER,
    UACL_UNIT,
    Group,
    Resource,
    Unit,
    User,
)
from ..model.unit_defaults import (
    fuel_settings,
    messages_filter,
    report_settings,
    tasks,
    trip_detector,
)

if TYPE_CHECKING:
    from ..model.state import World

Json = dict[str, Any]


def _plain(flag_type: type[IntFlag]) -> Any:
    # the members as plain ints: ``int & IntFlag`` runs the enum's reflected operator, too slow
    # for the server's hottest function
    return SimpleNamespace(**{name: int(member) for name, member in flag_type.__members__.items()})


U = _plain(UnitsDataFlag)
R = _plain(ResourceDataFlag)
G = _plain(UnitGroupsDataFlag)
P = _plain(UserDataFlag)
ANY = _plain(ItemDataFlag)

#: how long after its last message a unit still counts as connected (``netconn``)
NETCONN_SECONDS = 600


def guid(seed: int, item_id: int) -> str:
    """A stable GUID-like ``gd`` value."""
    h = f"{sim.mix(seed, item_id, 1):016x}{sim.mix(seed, item_id, 2):016x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def vin(seed: int, unit_id: int) -> str:
    """A stable 17-character VIN-like string for a unit."""
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    h = sim.mix(seed, unit_id, 3)
    chars: list[str] = []
    for _ in range(17):
        h, r = divmod(h, len(alphabet))
        if h == 0:
            h = sim.mix(seed, unit_id, len(chars))
        chars.append(alphabet[r])
    return "".join(chars)


def _fields(pairs: list[tuple[str, str]]) -> Json:
    return {str(i): {"id": i, "n": n, "v": v} for i, (n, v) in enumerate(pairs, start=1)}


def unit_json(world: World, unit: Unit, flags: int) -> Json:
    """A unit (cls 2) for ``flags``."""
    seed = world.config.seed
    out: Json = {}
    if flags & U.BASE:
        out.update(nm=unit.nm, cls=CLS_UNIT, id=unit.id, mu=_mu(world, unit))
    if flags & U.CUSTOM_PROPS:
        out["prp"] = dict(edits.current(world, unit, "prp"))
        out["ct"] = unit.ct
    if flags & U.BILLING_PROPS:
        out.update(crt=world.owner_id, bact=world.account_id)
    if flags & U.CUSTOM_FIELDS:
        out["flds"] = dict(edits.current(world, unit, "flds"))
        out["fldsmax"] = -1
    if flags & U.IMAGE:
        out.update(uri=f"/avl_item_image/{unit.id}/{{SIZE}}/{unit.ugi}.png", ugi=unit.ugi)
    if flags & U.GUID:
        out["gd"] = guid(seed, unit.id)
    if flags & U.ADMIN_FIELDS:
        out["aflds"] = dict(edits.current(world, unit, "aflds"))
        out["afldsmax"] = -1
    if flags & U.ADVANCED_PROPS:
        out.update(hw=unit.hw, uid=unit.uid, uid2=_stored(world, unit, "uid2", ""))
        out.update(ph=unit.ph, ph2=unit.ph2, psw=unit.psw, act=unit.act)
        out["dactt"] = _stored(world, unit, "dactt", 0)
    if flags & U.AVAILABLE_CMDS:
        cml = edits.current(world, unit, "cml")
        out["cmds"] = [
            {"n": c["n"], "a": c["a"], "t": c["l"] or "tcp", "c": c["c"]} for c in cml.values()
        ]
    lmsg = None
    if flags & (
        U.LAST_MSG_N_POS | U.MSG_PARAMETERS | U.UNIT_CONNECTION_STATUS | U.POS | U.COUNTERS
    ):
        lmsg = sim.last_message(unit, world.clock.now(), seed)
    if flags & U.LAST_MSG_N_POS:
        out["pos"] = sim.item_pos(lmsg)
        out["lmsg"] = lmsg
    if flags & U.SENSORS:
        out["sens"] = dict(edits.current(world, unit, "sens"))
        out["sens_max"] = -1
    if flags & U.COUNTERS:
        out.update(counters(world, unit, lmsg))
    if flags & U.MAINTENANCE:
        out["si"] = {
            "1": {
                "id": 1,
                "n": "Oil change",
                "t": "Every 15000 km",
                "im": 15000,
                "it": 0,
                "ie": 0,
                "pm": 0,
                "pt": 0,
                "pe": 0,
                "c": 0,
            }
        }
        out["simax"] = -1
    if flags & U.UNIT_CONFIG_IN_REPORTS:
        out["rtd"] = dict(edits.current(world, unit, "rtd"))
        out["rfc"] = dict(edits.current(world, unit, "rfc"))
    if flags & U.POSSIBLE_CMDS:
        out["cml"] = dict(edits.current(world, unit, "cml"))
        out["cml_max"] = -1
    if flags & U.MSG_PARAMETERS:
        params = lmsg["p"] if lmsg else {}
        at = lmsg["t"] if lmsg else 0
        out["prms"] = {k: {"v": v, "ct": at, "at": at} for k, v in params.items()}
    if flags & U.UNIT_CONNECTION_STATUS:
        alive = lmsg is not None and world.clock.now() - lmsg["t"] < NETCONN_SECONDS
        out["netconn"] = 1 if alive else 0
    if flags & U.POS and "pos" not in out:
        out["pos"] = sim.item_pos(lmsg)
    if flags & U.PROFILE_FIELDS:
        out["pflds"] = dict(edits.current(world, unit, "pflds"))
    if flags & U.TASKS:
        out.update(tasks())
    # 0x800 (driver code), 0x4000 (routes), 0x10000 (unit logs) and 0x40000 (other settings:
    # message validity filtering) are in the flag table of the data-format page of units but
    # the page shows no JSON for them, so they add no keys here rather than made-up ones
    if flags & U.BASE:
        out["uacl"] = UACL_UNIT
    return out


#: the keys of a geofence in the resource's ``zl`` (data format of resources, flag 0x1000)
_ZL_KEYS = ("n", "d", "id", "f", "t", "e", "c", "i", "ct", "mt", "b")


def zone_summary(zone: Json) -> Json:
    """A geofence as the resource's ``zl`` lists it (no points)."""
    return {k: zone[k] for k in _ZL_KEYS if k in zone}


def resource_json(world: World, res: Resource, flags: int) -> Json:
    """A resource (cls 3) for ``flags``."""
    out: Json = {}
    if flags & R.BASE:
        out.update(nm=res.nm, cls=CLS_RESOURCE, id=res.id, mu=_mu(world, res))
    if flags & R.CUSTOM_PROPS:
        out["prp"] = dict(edits.current(world, res, "prp"))
        out["ftp"] = {"hs": "", "lg": "", "pt": "", "ch": 0, "tp": 0, "fl": 0}
    if flags & R.BILLING_PROPS:
        out.update(crt=world.owner_id, bact=world.account_id, bpact=world.account_id)
    if flags & R.CUSTOM_FIELDS:
        out.update(flds=dict(edits.current(world, res, "flds")), fldsmax=-1)
    if flags & R.GUID:
        out["gd"] = guid(world.config.seed, res.id)
    if flags & R.ADMIN_FIELDS:
        out.update(aflds=dict(edits.current(world, res, "aflds")), afldsmax=-1)
    sections: tuple[tuple[int, str, Json], ...] = (
        (R.DRIVERS, "drvrs", res.drivers),
        (R.JOBS, "ujb", res.jobs),
        (R.NOTIFS, "unf", res.notifications),
        (R.POIS, "poi", {}),
        (R.GEOFENCES, "zl", {k: zone_summary(z) for k, z in res.zones.items()}),
        (R.REPORT_TEMPLATES, "rep", res.reports),
        (R.DRIVER_GROUPS, "drvrsgr", {}),
        (R.TRAILERS, "trlrs", res.trailers),
        (R.TRAILER_GROUPS, "trlrsgr", {}),
        (R.ORDERS, "ord", {}),
        (R.GEOFENCES_GROUPS, "zg", {}),
        (R.TAGS, "tags", res.tags),
        (R.TAGS_GROUPS, "tagsgr", {}),
    )
    for bit, key, value in sections:
        if flags & bit:
            out[key] = value
            out[key + "max"] = -1
    if flags & R.BASE:
        out["uacl"] = UACL_RESOURCE
    return out


def group_json(world: World, group: Group, flags: int) -> Json:
    """A unit group (cls 5) for ``flags``; the member list belongs to the base flag."""
    out: Json = {}
    if flags & G.BASE:
        out.update(
            nm=group.nm, cls=CLS_GROUP, id=group.id, mu=_mu(world, group), u=list(group.units)
        )
    if flags & G.CUSTOM_PROPS:
        out["prp"] = dict(edits.current(world, group, "prp"))
    if flags & G.BILLING_PROPS:
        out.update(crt=world.owner_id, bact=world.account_id)
    if flags & G.CUSTOM_FIELDS:
        out.update(flds=dict(edits.current(world, group, "flds")), fldsmax=-1)
    if flags & G.IMAGE:
        out.update(uri=f"/avl_item_image/{group.id}/{{SIZE}}/{group.ugi}.png", ugi=group.ugi)
    if flags & G.GUID:
        out["gd"] = guid(world.config.seed, group.id)
    if flags & G.ADMIN_FIELDS:
        out.update(aflds=dict(edits.current(world, group, "aflds")), afldsmax=-1)
    if flags & G.BASE:
        out["uacl"] = UACL_GROUP
    return out


def user_json(world: World, user: User, flags: int) -> Json:
    """A user (cls 1) for ``flags``."""
    out: Json = {}
    if flags & P.BASE:
        out.update(nm=user.nm, cls=CLS_USER, id=user.id, mu=_mu(world, user))
    if flags & P.CUSTOM_PROPS:
        out["prp"] = dict(edits.current(world, user, "prp"))
    if flags & P.BILLING_PROPS:
        out.update(crt=user.crt, bact=world.account_id)
    if flags & P.CUSTOM_FIELDS:
        out.update(flds=dict(edits.current(world, user, "flds")), fldsmax=-1)
    if flags & P.GUID:
        out["gd"] = guid(world.config.seed, user.id)
    if flags & P.ADMIN_FIELDS:
        out.update(aflds=dict(edits.current(world, user, "aflds")), afldsmax=-1)
    if flags & P.OTHER_PROPS:
        out.update(fl=user.fl, hm="", ld=user.ct, pfl=0, ap={"type": 0, "phone": ""})
    if flags & P.NOTIFS:
        out["usnf"] = {}
    if flags & P.BASE:
        out["uacl"] = UACL_SELF if user.is_owner else UACL_SUBUSER
    return out


def hw_json(hw_id: int, flags: int) -> Json:
    """A hardware type seen as an item (cls 4): base keys only."""
    hw = next(h for h in HW_TYPES if h.id == hw_id)
    if not flags & ANY.BASE:
        return {}
    return {"nm": hw.name, "cls": CLS_HW, "id": hw.id, "mu": 0, "uacl": 0x1}


def item_json(world: World, item: Unit | Resource | Group | User, flags: int) -> Json:
    """Any item for ``flags``."""
    if isinstance(item, Unit):
        return unit_json(world, item, flags)
    if isinstance(item, Resource):
        return resource_json(world, item, flags)
    if isinstance(item, Group):
        return group_json(world, item, flags)
    return user_json(world, item, flags)


def _stored(world: World, item: Unit | Resource | Group | User, key: str, default: Any) -> Any:
    # a plain value a client set (measure system, second unique id, ...), else the default
    overlay = world.edits.overlays.get(item.id)
    return overlay.sections.get(key, default) if overlay is not None else default


def _mu(world: World, item: Unit | Resource | Group | User) -> int:
    return int(_stored(world, item, "mu", 0))


def _unit_prp() -> Json:
    return {
        "monitoring_sensor_id": "",
        "motion_state_sensor_id": "",
        "use_sensor_color": "0",
        "vehicle_type": "car",
    }


def generated_section(world: World, item: Unit | Resource | Group | User, key: str) -> Any:
    """The section ``key`` of an item as the fleet generator made it (before any write)."""
    if isinstance(item, Unit):
        make, model = VEHICLES[item.vehicle]
        code = vin(world.config.seed, item.id)
        unit_sections: dict[str, Any] = {
            "prp": _unit_prp,
            "flds": lambda: _fields([("Make", make), ("Model", model), ("VIN", code)]),
            "aflds": lambda: _fields([("Contract", f"C-{item.id % 100000:05d}")]),
            "pflds": lambda: _fields([("brand", make), ("model", model), ("vin", code)]),
            "sens": lambda: {
                str(i): {"id": i, **tpl} for i, tpl in enumerate(SENSOR_TEMPLATES, start=1)
            },
            "cml": lambda: {str(i): {"id": i, **c} for i, c in enumerate(COMMANDS, start=1)},
        }
        unit_sections.update(
            rtd=trip_detector,
            rfc=fuel_settings,
            report_settings=report_settings,
            messages_filter=messages_filter,
        )
        make_section = unit_sections.get(key)
        if make_section is not None:
            return make_section()
    if key == "prp" and isinstance(item, User):
        return dict(item.prp)
    if key == "counters":
        return {}
    if key in ("log", "driver_bindings", "trailer_bindings"):
        return []
    if key == "mu":
        return 0
    return {}


edits.generate_sections_with(generated_section)


def counters(world: World, unit: Unit, lmsg: Json | None) -> Json:
    """The unit's counters (0x2000): worked out from its track, shifted by client updates."""
    at = lmsg["t"] if lmsg else unit.ct
    km = sensor_values.mileage_km(unit, at)
    # engine hours are ignition-on time, as unit/calc_last counts them
    hours = sensor_values.engine_seconds(world, unit, at) / 3600.0
    stored = edits.current(world, unit, "counters")
    # a client that set a counter stores the offset from the track's value at that moment
    return {
        "cfl": int(stored.get("cfl", 0x11)),
        "cnm": int(km + stored.get("cnm", 0.0)),
        "cneh": round(hours + stored.get("cneh", 0.0), 2),
        "cnkb": int(km * 3 + stored.get("cnkb", 0.0)),
    }
