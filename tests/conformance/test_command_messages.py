"""The command message a sent command leaves, against the messages data-format page.

https://help.wialon.com/en/api/user-guide/data-format/messages, "Command" (flag 0x0200):
``{"t","f","tp":"ucr","ca","cn","cp","ui","ln","lt","et","p":{}}`` with ``f`` 0 ("commands
have no flags"). The older sdk.wialon.com pro page showed ``f:512`` and ``ug`` (user GUID)
instead of ``ca``/``ui``; the help.wialon.com page is newer (and the official Java SDK's
command message has ca, cn, cp, ui, ln, lt, et), so it won.
"""

from __future__ import annotations

import pytest

from ._cases import Case, run_case
from ._shape import Exact
from .conftest import START, Wire

PAGE = "https://help.wialon.com/en/api/user-guide/data-format/messages"
COMMAND = {"t": int, "f": Exact(0), "tp": Exact("ucr"), "ca": str, "cn": str, "cp": str,
           "ui": int, "ln": str, "lt": str, "et": int, "p": Exact({})}  # fmt: skip
#: flags/flagsMask that select command messages (type 0x0200 under the type mask 0xFF00)
ONLY_COMMANDS = {"flags": 0x0200, "flagsMask": 0xFF00}

SENT = (
    ("unit/send_cmd", lambda i: {"itemId": i["unit"], "commandType": "query_pos",
                                 "commandName": "Where are you", "linkType": "", "param": "",
                                 "timeout": 5, "flags": 0}),
    ("unit/exec_cmd", lambda i: {"itemId": i["unit"], "commandName": "Query position",
                                 "linkType": "", "param": "", "timeout": 5, "flags": 0}),
)  # fmt: skip

CASES = [
    Case("messages/load_interval", PAGE,
         lambda i: {"itemId": i["unit"], "timeFrom": START - 60, "timeTo": START,
                    "loadCount": 10, **ONLY_COMMANDS},
         {"count": int, "messages": [COMMAND]}, before=SENT,
         note="data-format/messages (help.wialon.com) over the sdk pro page: f 0, ca and ui"),
    # sends its own commands: under xdist the case above may run on another worker's server
    Case("messages/get_messages", PAGE, lambda i: {"indexFrom": 0, "indexTo": 2}, [COMMAND],
         before=(*SENT, ("messages/load_interval",
                  lambda i: {"itemId": i["unit"], "timeFrom": START - 60, "timeTo": START,
                             "loadCount": 0, **ONLY_COMMANDS}),)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=str)
def test_command_message_matches_the_messages_page(
    wire: Wire, ids: dict[str, int], case: Case
) -> None:
    answer = run_case(wire, ids, case)
    messages = answer["messages"] if isinstance(answer, dict) else answer
    assert messages, "the sent commands are in the history"
