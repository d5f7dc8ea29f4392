"""The typed stubs catch mistakes: mypy, run on a snippet of user code, flags a misspelt or
mistyped keyword of a typed call and knows the type of its answer; untyped calls still take
any keyword. (The stubs only exist for type checkers; at run time nothing changes.)"""

from __future__ import annotations

import textwrap
import uuid
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parents[2]

SNIPPET = """
from aiowialon import Wialon
from aiowialon.sync import Wialon as SyncWialon


async def use(wialon: Wialon, sync: SyncWialon) -> None:
    found = await wialon.core_search_item(id=1, flags=1)
    reveal_type(found)
    await wialon.core_search_item(itemId=1, flags=1)
    await wialon.core_search_item(id="1", flags=1)
    await wialon.messages_load_interval(itemId=1, timeFrom=0, timeTo=1, flags=0, flagsMask=0,
                                        loadCount=10)
    await wialon.messages_load_interval(itemId=1, timeFrom=0, timeTo=1, flags=0, flagMask=0,
                                        loadCount=10)
    await wialon.render_create_messages_layer(anything=1, goes="here")
    answer = sync.core_search_items(spec={"itemsType": "avl_unit"}, force=1, flags=1,
                                    from_=0, to=0)
    reveal_type(answer["items"])
    sync.batch(sync.calls.core_search_item(id=1, flag=1))
"""


def test_mypy_flags_a_misspelt_or_mistyped_keyword(tmp_path: Path) -> None:
    # a module name of its own: mypy's cache is keyed by module name, and a cached
    # "user_code" from an earlier run would be reported under its old path
    user_code = tmp_path / f"user_code_{uuid.uuid4().hex}.py"
    user_code.write_text(textwrap.dedent(SNIPPET))
    out, err, _status = mypy_api.run(
        [str(user_code), "--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary"]
    )
    lines = [line.split(":", 2)[1:] for line in out.splitlines() if line.startswith(str(user_code))]
    by_line: dict[int, str] = {}
    for number, message in lines:
        by_line[int(number)] = by_line.get(int(number), "") + message
    source = textwrap.dedent(SNIPPET).splitlines()

    def line_of(text: str) -> int:
        return next(i for i, line in enumerate(source, 1) if text in line)

    assert (
        'Revealed type is "TypedDict(aiowialon.api_types.SearchItemResponse'
        in by_line[line_of("reveal_type(found)")]
    ), out
    assert 'Unexpected keyword argument "itemId"' in by_line[line_of("(itemId=1, flags=1)")], out
    assert 'Argument "id" to "core_search_item"' in by_line[line_of('id="1"')], out
    assert 'Unexpected keyword argument "flagMask"' in by_line[line_of("flagMask=0")], out
    assert 'did you mean "flagsMask"' in by_line[line_of("flagMask=0")], out
    assert "list[TypedDict(aiowialon.api_types.Item" in by_line[line_of("reveal_type(answer")], out
    assert 'Unexpected keyword argument "flag"' in by_line[line_of("flag=1)")], out
    # correct calls and untyped services raise nothing
    for ok in ("flagsMask=0,", "anything=1", "spec={", "def use"):
        assert line_of(ok) not in by_line, out
    assert err == ""
