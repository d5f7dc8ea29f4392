"""The failure text of a cassette miss: what was sent, the closest recorded calls, what to do.

The advice depends on why the closest call differs: a value written in the code changed
(record again), or a value made up as the code runs (a UNIX time, a random id) differs, which
no re-recording can fix, so the message names the match option instead.
"""

from __future__ import annotations

import json
from typing import Any

from .cassettes import from_vcr, match_key
from .diff import Candidate, closest, differences
from .matching import MatchOptions, looks_run_made
from .normalize import WialonRequest

#: The two sides of a difference in a miss message: what the test sent, what the file holds.
SENT_RECORDED = ("sent", "recorded")


def miss_message(
    wanted: WialonRequest,
    cassette: Any,
    *,
    options: MatchOptions | None,
    display_path: str,
    record_mode: str,
) -> str:
    """The failure text of a request ``cassette`` (vcrpy's, loaded) does not hold."""
    key = match_key(wanted, options)
    same_call = [
        index
        for index, (request, _response) in enumerate(cassette.data)
        if match_key(from_vcr(request), options) == key
    ]
    params = json.dumps(wanted.params, sort_keys=True, ensure_ascii=False)
    lines = [
        f"pytest-wialon: request not in cassette {display_path} (record mode {record_mode!r}):",
        f"  {wanted.method} {wanted.label} params={params}",
    ]
    if wanted.files:
        lines.append("  files: " + ", ".join(f"{f.field}={f.sha256[:12]}" for f in wanted.files))
    if same_call:
        lines.append(
            f"It was recorded {len(same_call)} time(s) and every recording was already played."
        )
    candidates = [
        Candidate(
            label=f"#{index} {request.label}",
            params=request.params,
            note="played" if cassette.play_counts[index] else "not played yet",
            extra=_beside_params(wanted, request),
        )
        for index, request in enumerate(from_vcr(r) for r, _ in cassette.data)
        if request.label == wanted.label
    ]
    hint = None
    if candidates and not same_call:
        lines.append("Closest recorded calls:")
        lines += closest(wanted.params, candidates, subset=False, words=SENT_RECORDED)
        hint = run_made_hint(wanted, [from_vcr(r) for r, _ in cassette.data])
    elif not candidates:
        recorded = sorted({from_vcr(r).label for r, _ in cassette.data})
        lines.append(
            "The cassette holds no call of this service"
            + (f"; it has: {', '.join(recorded)}." if recorded else " (it is empty).")
        )
    if hint is not None:
        lines.append(hint)
        return "\n".join(lines)
    lines.append(
        "To record it, run this test with --wialon-record-mode=all (records its cassette "
        "afresh). --wialon-record-mode=new_episodes adds only the missing calls, but they "
        "reach the server with the recorded placeholder sid, so it suits calls that need "
        "no session."
    )
    return "\n".join(lines)


def run_made_hint(wanted: WialonRequest, recorded: list[WialonRequest]) -> str | None:
    """The match option to use when the closest call differs only in run-made values."""
    for request in recorded:
        if request.label != wanted.label or request.files != wanted.files:
            continue
        paths: list[str] = []
        if not _leaf_differences(wanted.params, request.params, (), paths):
            continue
        if not paths:
            continue
        names = sorted({path.rsplit(".", 1)[-1] for path in paths})
        shown = ", ".join(f'"{name}"' for name in names)
        rounding = ", ".join(f'"{name}": 3600' for name in names)
        return (
            f"The closest recorded call differs only in {', '.join(paths)}, which look "
            "made up as the code runs (a time from the clock, a random id); re-recording "
            "would capture another such value and cannot help. Match around them with "
            f"@pytest.mark.wialon_cassette(match_ignore=[{shown}]) (or the "
            "wialon_match_ignore ini option), or compare times within a window with "
            f"match_round={{{rounding}}}."
        )
    return None


def _leaf_differences(sent: Any, recorded: Any, path: tuple[str, ...], out: list[str]) -> bool:
    """Collect dotted paths where two documents differ; False if a difference is not run-made."""
    if isinstance(sent, dict) and isinstance(recorded, dict):
        if set(sent) != set(recorded):
            return False
        return all(_leaf_differences(sent[k], recorded[k], (*path, str(k)), out) for k in sent)
    if isinstance(sent, list) and isinstance(recorded, list):
        if len(sent) != len(recorded):
            return False
        return all(
            _leaf_differences(a, b, (*path, str(i)), out)
            for i, (a, b) in enumerate(zip(sent, recorded, strict=True))
        )
    if sent == recorded and type(sent) is type(recorded):
        return True
    if looks_run_made(sent, recorded):
        out.append(".".join(path))
        return True
    return False


def _beside_params(wanted: WialonRequest, recorded: WialonRequest) -> list[str]:
    """How two requests differ outside ``params``: uploaded files and other form fields.

    Without these a candidate whose only difference is the file would read "same params".
    """

    def files(request: WialonRequest) -> dict[str, str]:
        return {part.field: f"{part.sha256[:12]} ({part.size} bytes)" for part in request.files}

    lines = differences(wanted.form, recorded.form, "form", subset=False, words=SENT_RECORDED)
    lines += differences(files(wanted), files(recorded), "files", subset=False, words=SENT_RECORDED)
    return lines
