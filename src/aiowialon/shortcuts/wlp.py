"""Export and import of units, resources and users as ``.wlp`` files (Wialon's JSON format).

``await WLP.export_item(wialon, item_id)`` reads the item with every data flag, gathers what
the web interface puts in a ``.wlp`` for that item class (hardware configuration, report and
driving settings for a unit; geofences, jobs, notifications and report templates for a
resource; locale and settings for a user) and has the server package it with
``exchange/export_json``. ``await WLP.import_item(wialon, data)`` uploads such a file with the
multipart call ``exchange/import_json``; with ``wait=True`` it also waits for the server's
``-1`` completion event and returns its payload.

Calls used: core/search_item, core/get_hw_types, user/get_locale, unit/update_hw_params
(action "get"), unit/get_report_settings, unit/get_activity_settings,
unit/get_messages_filter, unit/get_command_definition_data, unit/get_drive_rank_settings,
resource/get_zone_data, resource/get_job_data, resource/get_notification_data,
report/get_report_data, exchange/export_json, exchange/import_json.
"""

from __future__ import annotations

import logging
import secrets
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from .. import flags
from ..calls import MultipartField
from ..errors import WialonInvalidInput, WialonInvalidResult

if TYPE_CHECKING:
    from ..client import Wialon

__all__ = ["WLP"]

log = logging.getLogger("aiowialon.shortcuts")

_WLP_VERSION = "b4"
# get_zone_data flags: 0x4 bounds and centre, 0x8 points, 0x10 base properties.
_ZONE_FLAGS = 0x1C
# Unit commands are read by id, 1 to 14: the ids py-aiowialon's exports read, kept so the
# files match (the reference does not say how many the web UI exports).
_COMMAND_IDS = [str(n) for n in range(1, 15)]

# User settings stored in the .wlp: each key of the file names comma-separated ``prp``
# properties whose values are stored in that order. The keys are part of the file format the
# Wialon web UI writes and reads back, one per group of exportable settings (time zone, date
# format, unit visualisation, monitoring panel, maps, city, address format, interface, ...:
# https://help.wialon.com/help/wialon-local/2004/en/user-guide/monitoring-system/user-settings/transferring-user-settings).
# They are data, not our design: py-aiowialon writes the same keys in the same order, and a
# file made by either client must import the same way, so they are kept exactly as the
# format has them.
_USER_PROP_GROUPS: tuple[str, ...] = (
    "addr_provider,webg_c,webg_c_id,city,umsp",
    "agrsn,znsn,znsrv,zlg,rtssn",
    "tz,dst",
    "geodata_source",
    "selected_settings",
    "cfmt",
    "complete_copy",
    "user_unit_cmds",
    "us_addr_fmt",
    "ursstp,usuei,usdrva",
    "show_log,user_settings_hotkeys,msc,pnfs,evt_flags,hbacit,hpnl,inf_map,uschs",
    "mfrl,muf,last_tail_points,last_tail_color,last_tail_width,mf_use_sensors,sens_color_tooltip",
    "mu_cmd_btn,mu_gprs,mu_watch,mu_fast_track_ival,mu_photo,mu_video,mu_tracks,mu_sens,"
    "mu_gps,mu_move,mu_msgs,mu_messages_filter_ival,mu_reps,mu_route,mu_events,mu_dev_cfg,"
    "mont,mu_sms,mu_gps_mode,mu_gps_time,mu_location,mu_loc_mode,mu_fast_report,"
    "mu_fast_report_ival,mu_fast_report_tmpl,mu_tag,mu_delete_from_list,wdcheck,mu_driver,"
    "mu_drv_mode,mu_trailer,mu_tr_mode,mu_move_durr,mu_gprs_durr,mu_sl_type,"
    "mu_sl_gf_filter,mu_loc_gf_filter",
    "umap,mtg,mtmyin2,mtve,wg3,mtyh,mtyahin,mtya,mtks,mtlux,mtnavm,mtgis2,mtgt,mtwikim,"
    "mtgom,mthere,mtosm,mtmapbox,mtagis,mtvisicom,mtowm,mtaeris",
    "__sensolator_resource_id,access_templates,apst,autocomplete,drvsvlist,fpnl,language,"
    "lastmsgl,m_ge,m_gu,m_ml,m_mm,m_monu,m_mt,m_ui,m_un,minimap_zoom_level,mongr,monu,"
    "monuei,monuexpg,monugr,monugv,monuv,msg_aw,mtla10,mtla11,mtla5,mtla6,mtla9,mtlb,mtlg,"
    "mu_tbl_cols_sizes,mu_tbl_sort,mugow,muow,pbsd,radd,route_provider,"
    "tracks_player_show_params,tracks_player_show_sensors,trlsvlist,us_addr_ordr,used_hw,"
    "vsplit,znsvlist",
)


class _ItemClass(IntEnum):
    """``cls`` of the item kinds a .wlp can hold."""

    USER = 1
    UNIT = 2
    RESOURCE = 3


def _values(mapping: Any) -> list[Any]:
    """The values of a Wialon ``{"1": {...}, "2": {...}}`` map (or [] when absent)."""
    return list(mapping.values()) if isinstance(mapping, dict) else []


def _ids(mapping: Any) -> list[int]:
    return [entry["id"] for entry in _values(mapping) if isinstance(entry, dict) and "id" in entry]


class WLP:
    """Export items to ``.wlp`` bytes and import ``.wlp`` files (py-aiowialon's ``WLP``)."""

    @staticmethod
    async def export_item(client: Wialon, item_id: int) -> bytes:
        """The ``.wlp`` file of a unit, resource or user, as the server packages it.

        The parameters keep py-aiowialon's names, so keyword calls work in both.
        """
        answer = await client.core_search_item(id=item_id, flags=flags.ItemDataFlag.ALL)
        # read as plain JSON: WLP looks at sections the Item TypedDict does not list
        item: Any = answer.get("item") if isinstance(answer, dict) else None
        if not isinstance(item, dict):
            raise WialonInvalidResult("search_item answer has no item", "core/search_item", answer)
        kind = item.get("cls")
        if kind == _ItemClass.UNIT:
            content = await WLP._unit(client, item)
        elif kind == _ItemClass.RESOURCE:
            content = await WLP._resource(client, item)
        elif kind == _ItemClass.USER:
            content = await WLP._user(client, item)
        else:
            raise WialonInvalidInput(f"items of class {kind!r} cannot be exported", "wlp.export")
        data = await client.exchange_export_json(fileName=str(item["id"]), json=content)
        if not isinstance(data, bytes | bytearray):
            raise WialonInvalidResult(
                "export_json did not return a file", "exchange/export_json", data
            )
        return bytes(data)

    @staticmethod
    async def import_item(
        client: Wialon,
        wlp: bytes,
        *,
        file_name: str = "import.wlp",
        event_hash: str | None = None,
        wait: bool = False,
        timeout: float = 30,
    ) -> Any:
        """Upload a ``.wlp`` file with ``exchange/import_json``.

        Returns the server's immediate answer (``{}``), or with ``wait=True`` the payload of
        the ``-1`` completion event (``{"hash": ..., "files": {name: parsed content}}``).
        """
        event_hash = event_hash or f"wlp_import_{secrets.token_hex(6)}"
        call = client.exchange_import_json(eventHash=event_hash)
        file_part = MultipartField(
            name="import_file", value=wlp, filename=file_name, content_type="application/zip"
        )
        if wait:
            event = await client.upload_and_wait(call, file_part, timeout=timeout)
            return event.data.d
        return await client.multipart(call, MultipartField("eventHash", event_hash), file_part)

    # -- per class ----------------------------------------------------------------------

    @staticmethod
    async def _unit(wialon: Wialon, item: dict[str, Any]) -> dict[str, Any]:
        unit_id = item["id"]
        hw_types = await wialon.core_get_hw_types(
            filterType="id", filterValue=[item.get("hw")], includeType=1, ignoreRename=1
        )
        if not isinstance(hw_types, list) or not hw_types:
            raise WialonInvalidInput(
                f"hardware type {item.get('hw')!r} of unit {unit_id} not found", "wlp.export"
            )
        hw = hw_types[0]
        (hw_params, report_props, activity, msg_filter, aliases, driving) = await wialon.batch(
            wialon.unit_update_hw_params(itemId=unit_id, hwId=hw["id"], fullData=1, action="get"),
            wialon.unit_get_report_settings(itemId=unit_id),
            wialon.unit_get_activity_settings(itemId=unit_id),
            wialon.unit_get_messages_filter(itemId=unit_id),
            wialon.unit_get_command_definition_data(itemId=unit_id, col=_COMMAND_IDS),
            wialon.unit_get_drive_rank_settings(itemId=unit_id),
            flags_=flags.BatchFlag.STOP_ON_ERROR,
        )
        props: dict[str, Any] = dict(item.get("prp") or {})
        image_rotation = props.pop("img_rot", "")
        if image_rotation:
            props.pop("idrive", None)
        props["msgFilter"] = msg_filter
        fuel: dict[str, Any] = item.get("rfc") or {}
        report: dict[str, Any] = dict(report_props) if isinstance(report_props, dict) else {}
        report["driver_activity"] = activity
        report["fuelConsRates"] = fuel.get("fuelConsRates", {})
        return {
            "type": "avl_unit",
            "version": _WLP_VERSION,
            "mu": item.get("mu", 0),
            "imgRot": image_rotation,
            "general": {
                "n": item.get("nm", ""),
                "uid": item.get("uid", ""),
                "uid2": item.get("uid2", ""),
                "ph": item.get("ph", ""),
                "ph2": item.get("ph2", ""),
                "psw": item.get("psw", ""),
                "hw": hw.get("name", ""),
            },
            "hwConfig": {"hw": hw.get("name", ""), "fullData": 1, "params": hw_params},
            "counters": {key: item.get(key, 0) for key in ("cfl", "cnm", "cneh", "cnkb")},
            "advProps": props,
            "reportProps": report,
            "aliases": aliases,
            "driving": driving,
            "trip": item.get("rtd", {}),
            "sensors": _values(item.get("sens")),
            "fields": _values(item.get("flds")),
            "afields": _values(item.get("aflds")),
            "intervals": _values(item.get("si")),
            "fuel": fuel,
            "profile": _values(item.get("pflds")),
        }

    @staticmethod
    async def _resource(wialon: Wialon, item: dict[str, Any]) -> dict[str, Any]:
        resource_id = item["id"]
        zones, jobs, notifications, reports = await wialon.batch(
            wialon.resource_get_zone_data(
                itemId=resource_id, col=_ids(item.get("zl")), flags=_ZONE_FLAGS
            ),
            wialon.resource_get_job_data(itemId=resource_id, col=_ids(item.get("ujb"))),
            wialon.resource_get_notification_data(itemId=resource_id, col=_ids(item.get("unf"))),
            wialon.report_get_report_data(itemId=resource_id, col=_ids(item.get("rep"))),
            flags_=flags.BatchFlag.STOP_ON_ERROR,
        )
        return {
            "type": "avl_resource",
            "version": _WLP_VERSION,
            "mu": item.get("mu", 0),
            "drivers": _values(item.get("drvrs")),
            "trailers": _values(item.get("trlrs")),
            "tags": _values(item.get("tags")),
            "zones": zones,
            "jobs": jobs,
            "notifications": notifications,
            "reports": reports,
        }

    @staticmethod
    async def _user(wialon: Wialon, item: dict[str, Any]) -> dict[str, Any]:
        locale = await wialon.user_get_locale(userId=item["id"])
        props: dict[str, Any] = item.get("prp") or {}
        content: dict[str, Any] = {
            "type": "avl_user",
            "version": _WLP_VERSION,
            "mu": item.get("mu", 0),
            "locale": locale,
        }
        for group in _USER_PROP_GROUPS:
            content[group] = [props.get(name, "") for name in group.split(",")]
        content["acs_tmpl"] = props.get("access_templates", "")
        content["usr_ugef,usr_uhom"] = props.get("usr_ugef,usr_uhom", "")
        return content
