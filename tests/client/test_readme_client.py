"""The README's client examples run as printed against the fake server (only its address and
token are swapped in)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from wialon_mock import MockServer, ThreadedMockServer

README = Path(__file__).resolve().parents[2] / "README.md"


def client_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("<!-- section: client -->")[1].split("<!-- /section: client -->")[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def pointed_at(code: str, url: str, token: str) -> str:
    code = code.replace('"http://127.0.0.1:8080"', repr(url))
    return re.sub(r'token="[^"]*"', f"token={token!r}", code)


def test_the_first_example_runs_against_wialon_mock() -> None:
    first = client_blocks()[0]
    assert "Wialon.from_url(" in first
    assert "wialon-mock" in first

    async def run() -> None:
        async with MockServer(units=3) as server:
            code = pointed_at(first, server.url, server.token).replace("asyncio.run(main())", "")
            namespace: dict[str, object] = {}
            exec(compile(code, str(README), "exec"), namespace)
            await namespace["main"]()  # type: ignore[operator]  # defined by the exec'd block

    asyncio.run(run())


def test_the_sync_facade_example_runs() -> None:
    block = next(b for b in client_blocks() if "from aiowialon.sync import Wialon" in b)
    with ThreadedMockServer(units=3) as server:
        exec(compile(pointed_at(block, server.url, server.token), str(README), "exec"), {})


def test_the_readme_shows_catch_up_and_the_install_line() -> None:
    text = README.read_text(encoding="utf-8")
    assert 'pip install "aiowialon-kit[testing]"' in text
    # the distribution named aiowialon on the index is an unrelated package: no line of the
    # README may tell a user to install it, except the one that warns against it
    install = re.compile(r'pip install "?aiowialon(?:\[[a-z,]+\])?"?(?=\s|$|`)')
    wrong = [line for line in text.splitlines() if install.search(line) and "wrong" not in line]
    assert wrong == []
    assert any("catch_up=True" in block for block in client_blocks())


def test_the_mock_transport_example_runs_as_printed() -> None:
    block = next(b for b in client_blocks() if "MockTransport(handler)" in b)
    namespace: dict[str, object] = {}
    exec(compile(block, str(README), "exec"), namespace)
    asyncio.run(namespace["test_unit_name"]())  # type: ignore[operator]  # defined by the block
