"""What the example scripts share: where the server is, and the first search of an account.

Not an example itself. The scripts import it as a sibling module (``python examples/X.py``
puts this folder on ``sys.path``). Every script takes ``--scheme``, ``--host``, ``--port``
and ``--token``; each falls back on ``WIALON_SCHEME``, ``WIALON_HOST``, ``WIALON_PORT`` and
``WIALON_TOKEN``, so the same script runs against Wialon Hosting or the fake server::

    wialon-mock serve --port 8080      # prints the token it accepts
    python examples/login_and_call.py --scheme http --host 127.0.0.1 --port 8080 --token TOKEN
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from aiowialon import Wialon
from aiowialon.api_types import SearchItemsResponse

__all__ = ["connection_settings", "parser_for", "search_items"]


def parser_for(doc: str | None) -> argparse.ArgumentParser:
    """A parser with the connection options, described by the first line of ``doc``.

    A script adds its own options to it, then hands it to :func:`connection_settings`.
    """
    env = os.environ.get
    parser = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0])
    server = parser.add_argument_group("server (default: the WIALON_* variables, else Hosting)")
    server.add_argument("--scheme", default=env("WIALON_SCHEME", "https"))
    server.add_argument("--host", default=env("WIALON_HOST", "hst-api.wialon.com"))
    server.add_argument("--port", type=int, default=int(env("WIALON_PORT") or 0) or None)
    server.add_argument("--token", default=env("WIALON_TOKEN"))
    return parser


def connection_settings(
    parser: argparse.ArgumentParser,
) -> tuple[dict[str, Any], argparse.Namespace]:
    """Parse the command line: the keywords for ``Wialon(...)``, and all the arguments.

    Without a token the script stops with a usage error (exit status 2).
    """
    args = parser.parse_args()
    if not args.token:
        parser.error("a token is needed: --token or WIALON_TOKEN")
    settings = {"scheme": args.scheme, "host": args.host, "port": args.port, "token": args.token}
    return settings, args


async def search_items(
    wialon: Wialon, data_flags: int, items_type: str = "avl_unit"
) -> SearchItemsResponse:
    """``core/search_items`` over every item of ``items_type``, sorted by name."""
    return await wialon.core_search_items(
        spec={
            "itemsType": items_type,
            "propName": "sys_name",
            "propValueMask": "*",
            "sortType": "sys_name",
        },
        force=1,
        flags=data_flags,
        from_=0,  # "from" is a Python keyword: the trailing underscore is dropped
        to=0,
    )
