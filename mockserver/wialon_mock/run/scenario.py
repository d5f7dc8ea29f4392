"""Scenario files: a whole fake-server setup in YAML or TOML.

Every key is optional::

    seed: 7
    units: 200
    tokens: ["<72 characters>"]
    clock: {start: 2024-05-01T08:00:00Z, frozen: true, scale: 1.0}
    limits: {max_concurrent: 10, avl_evts_per_10s: null}    # or `limits: false`
    tile_url: http://localhost:8081/{z}/{x}/{y}.png          # the dashboard's map tiles
    faults:
      - {svc: avl_evts, kind: error, code: 1003, times: 2}
    max_body_bytes: 67108864
    gzip_min_bytes: 1024
    journal_size: 1000

``clock.start`` is UTC seconds or a date-time (naive ones are read as UTC). Faults use the
same spec as ``POST /_mock/faults`` and come back after every reset. TOML has no null, so
``false`` switches a single limit off there too (``[limits]`` ``avl_evts_per_10s = false``).
An unknown key is an error that names the closest known one.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from ..config import Limits, MockConfig
from ..control.faults import FaultEngine, FaultSpecError
from ..control.suggest import unknown as unknown_keys
from ..http.app import known_services

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    # mypy targets 3.10 and so reads this branch, but tomli is installed only there
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file and the field."""


_PLAIN_INTS = ("seed", "units", "max_body_bytes", "gzip_min_bytes", "journal_size")
_LIMIT_FIELDS = {f.name: f for f in dataclasses.fields(Limits)}
#: limits that are on/off switches rather than numbers
_SWITCHES = frozenset({"enabled", "heavy_exclusive", "single_report"})
#: numbers that have no "off" value of their own (0 is their off)
_NOT_OPTIONAL = frozenset({"login_block_seconds", "heavy_seconds"})


def _int(value: Any, where: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ScenarioError(f"{where} must be an integer >= {minimum}")
    return value


def _timestamp(value: Any) -> float:
    if isinstance(value, bool):
        raise ScenarioError("clock.start must be UTC seconds or a date-time")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ScenarioError(f"clock.start: cannot read {value!r} as a date-time") from None
    if isinstance(value, datetime):
        moment: datetime = value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc).timestamp()
    raise ScenarioError("clock.start must be UTC seconds or a date-time")


def scenario_limits(value: Any) -> Limits:
    """Limits from ``true``/``false`` or a mapping of limit names (a single one off with
    ``null`` or ``false``); unknown names get a did-you-mean."""
    if isinstance(value, bool):
        return Limits() if value else Limits.off()
    if not isinstance(value, Mapping):
        raise ScenarioError("limits must be true, false or a table of limits")
    unknown = set(map(str, value)) - set(_LIMIT_FIELDS)
    if unknown:
        raise ScenarioError(unknown_keys("limits", unknown, _LIMIT_FIELDS))
    fields: dict[str, Any] = {}
    for key, item in value.items():
        if key in _SWITCHES:
            if not isinstance(item, bool):
                raise ScenarioError(f"limits.{key} must be true or false")
        elif item is False:
            # a single limit off: TOML cannot say null
            item = None
        elif item is not None and (isinstance(item, bool) or not isinstance(item, (int, float))):
            raise ScenarioError(f"limits.{key} must be a number, or null/false for no limit")
        if item is None and key in _NOT_OPTIONAL:
            raise ScenarioError(f"limits.{key} must be a number")
        fields[key] = item
    return Limits(**fields)


def apply_scenario(data: Mapping[str, Any], base: MockConfig | None = None) -> MockConfig:
    """``base`` (or the defaults) changed by the settings in ``data``."""
    if not isinstance(data, Mapping):
        raise ScenarioError("a scenario is a table of settings")
    config = dataclasses.replace(base) if base is not None else MockConfig()
    known = {*_PLAIN_INTS, "tokens", "clock", "limits", "faults", "tile_url"}
    unknown = set(map(str, data)) - known
    if unknown:
        raise ScenarioError(unknown_keys("settings", unknown, known))
    for key in _PLAIN_INTS:
        if key in data:
            setattr(config, key, _int(data[key], key, minimum=1 if key == "journal_size" else 0))
    if "tokens" in data:
        tokens = data["tokens"]
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise ScenarioError("tokens must be a list of strings")
        config.tokens = list(tokens)
    if "clock" in data:
        clock = data["clock"]
        if not isinstance(clock, Mapping):
            raise ScenarioError("clock takes start, frozen and scale")
        extra = set(map(str, clock)) - {"start", "frozen", "scale"}
        if extra:
            raise ScenarioError(unknown_keys("clock settings", extra, ("start", "frozen", "scale")))
        if "start" in clock:
            config.clock_start = _timestamp(clock["start"])
        if "frozen" in clock:
            if not isinstance(clock["frozen"], bool):
                raise ScenarioError("clock.frozen must be true or false")
            config.clock_frozen = clock["frozen"]
        if "scale" in clock:
            scale = clock["scale"]
            if isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale <= 0:
                raise ScenarioError("clock.scale must be a positive number")
            config.clock_scale = float(scale)
    if "limits" in data:
        config.limits = scenario_limits(data["limits"])
    if "tile_url" in data:
        if not isinstance(data["tile_url"], str):
            raise ScenarioError("tile_url must be a URL with {z}, {x} and {y}")
        config.tile_url = data["tile_url"]
    if "faults" in data:
        config.faults = fault_specs(data["faults"])
    return config


def fault_specs(faults: Any) -> list[dict[str, Any]]:
    """Fault specs checked as ``POST /_mock/faults`` would check them (copies)."""
    if not isinstance(faults, list):
        raise ScenarioError("faults must be a list of fault specs")
    checker = FaultEngine(services=known_services)
    for n, spec in enumerate(faults, 1):
        try:
            checker.add(spec)
        except FaultSpecError as exc:
            raise ScenarioError(f"fault #{n}: {exc}") from None
    return [dict(spec) for spec in faults]


def load_scenario(path: str | Path, base: MockConfig | None = None) -> MockConfig:
    """Read a ``.yaml``/``.yml`` or ``.toml`` scenario file into a :class:`MockConfig`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: {exc.strerror or exc}") from None
    try:
        if path.suffix.lower() == ".toml":
            data: Any = tomllib.loads(text)
        else:
            data = yaml.safe_load(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        kind = "TOML" if path.suffix.lower() == ".toml" else "YAML"
        raise ScenarioError(f"{path}: not valid {kind}: {exc}") from None
    try:
        return apply_scenario(data if data is not None else {}, base)
    except ScenarioError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
