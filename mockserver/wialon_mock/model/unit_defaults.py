"""Settings of a unit nobody changed: the sections the fleet generator gives every unit.

Data format of units (https://help.wialon.com/en/api/user-guide/data-format/units): the trip
detector ``rtd`` and fuel consumption ``rfc`` (flag 0x20000) and the tasks section (flag
0x1000000); the report settings and the message validity filter that unit/get_report_settings
and unit/get_messages_filter answer.
"""

from __future__ import annotations

from typing import Any

from .report_intervals import SPEED_LIMIT

Json = dict[str, Any]


def fuel_settings() -> Json:
    """The ``unit/get_fuel_settings`` answer (and the unit's ``rfc``) every unit shares."""
    return {
        "calcTypes": 0x2,
        "fuelLevelParams": {
            "flags": 0,
            "ignoreStayTimeout": 10,
            "minFillingVolume": 20,
            "minTheftTimeout": 0,
            "minTheftVolume": 10,
            "filterQuality": 0,
            "fillingsJoinInterval": 300,
            "theftsJoinInterval": 300,
            "extraFillingTimeout": 0,
        },
        "fuelConsMath": {"idling": 2.0, "urban": 10.0, "suburban": 7.0},
        "fuelConsRates": {
            "consSummer": 28.0,
            "consWinter": 32.0,
            "winterMonthFrom": 11,
            "winterDayFrom": 1,
            "winterMonthTo": 2,
            "winterDayTo": 28,
        },
        "fuelConsImpulse": {"maxImpulses": 0, "skipZero": 0},
    }


def trip_detector() -> Json:
    """The unit's ``rtd`` trip detector settings."""
    return {
        "type": 1,
        "gpsCorrection": 1,
        "minSat": 4,
        "minMovingSpeed": 3,
        "minStayTime": 300,
        "maxMessagesDistance": 10000,
        "minTripTime": 60,
        "minTripDistance": 100,
    }


def report_settings() -> Json:
    """The ``unit/get_report_settings`` answer of a unit nobody changed."""
    return {
        # generated units cruise at 25-70 km/h: a limit they cross now and then gives the
        # speedings report rows (the reports work reads the same limit)
        "speedLimit": SPEED_LIMIT,
        "maxMessagesInterval": 3600,
        "dailyEngineHoursRate": 28800,
        "urbanMaxSpeed": 50,
        "mileageCoefficient": 1.0,
        "fuelRateCoefficient": 0.0,
        "speedingTolerance": 10,
        "speedingMinDuration": 10,
        "speedingMode": 0,
    }


def messages_filter() -> Json:
    """The ``unit/get_messages_filter`` answer of a unit nobody changed."""
    return {
        "enabled": 1,
        "skipInvalid": 1,
        "minSats": 4,
        "maxHdop": 5.0,
        "maxSpeed": 200,
        "lbsCorrection": 0,
        "wifiCorrection": 0,
        "minWifiPoints": 0,
        "maxWifiPoints": 0,
        "wifiAccuracy": 0.0,
    }


def tasks() -> Json:
    """The tasks section (flag 0x1000000) of a unit that carries no task.

    The data-format page of units lists these ten keys with their types only; an ordinary
    vehicle has no task, so the numbers are 0 and the texts empty (our choice: the page does
    not say what a unit without a task shows).
    """
    return {
        "task_sub_type": 0,
        "task_reg_type": 0,
        "task_evt_name": "",
        "task_id": "",
        "task_update_time": 0,
        "task_status": 0,
        "task_priority": 0,
        "task_assignee": 0,
        "task_comments": "",
        "task_account": 0,
    }
