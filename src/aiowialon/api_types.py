"""TypedDicts of the main Wialon request and answer shapes, for type checkers only.

Nothing here is checked at run time: calls return plain JSON values, and these types let
code that reads them say what it expects, e.g.::

    from aiowialon import api_types

    found: api_types.SearchItemsResponse = await wialon.core_search_items(...)

Only the shapes nearly every program meets are here: the login answer, items and searches,
``core/batch`` items, ``core/update_data_flags``, ``avl_evts`` and messages. Keys the server
sends only under some data flags are optional (``total=False``). py-aiowialon 2.0 names some
of these differently; its names are kept as aliases at the end of the module.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = [
    "AvlEventDict",
    "AvlEventResponse",
    "AvlEventsResponse",
    "BatchItem",
    "BatchParams",
    "CoreBatchParams",
    "CoreBatchParamsInstance",
    "CoreErrorCode",
    "CoreSearchItemParams",
    "CoreSearchItemResponse",
    "CoreSearchItemsParams",
    "CoreSearchItemsResponse",
    "ErrorResponse",
    "Item",
    "ItemsType",
    "LoadMessagesResponse",
    "LoginResponse",
    "LoginUser",
    "Message",
    "MessagesLoadIntervalResponse",
    "MessagesLoadLastResponse",
    "Position",
    "SearchItemParams",
    "SearchItemResponse",
    "SearchItemsParams",
    "SearchItemsResponse",
    "SearchItemsSpec",
    "SearchSpecEcho",
    "TokenLoginResponse",
    "UpdateDataFlagsItem",
    "UpdateDataFlagsSpec",
]

ItemsType = Literal[
    "avl_hw",
    "avl_resource",
    "avl_retranslator",
    "avl_route",
    "avl_unit",
    "avl_unit_group",
    "user",
]
"""The ``itemsType`` a search or an update_data_flags spec names."""


class ErrorResponse(TypedDict, total=False):
    """An error answer ``{"error": N}``, with a ``reason`` for some codes; 0 means success."""

    error: int
    reason: str


# -- login -----------------------------------------------------------------------------------


class _LoginUserBase(TypedDict):
    nm: str
    cls: int
    id: int


class LoginUser(_LoginUserBase, total=False):
    """The ``user`` object of a login answer: the item of the user who logged in."""

    mu: int
    uacl: int
    prp: dict[str, str]
    crt: int
    bact: int
    ct: int
    fl: int
    hm: str
    ld: int


class _LoginBase(TypedDict):
    eid: str
    tm: int
    user: LoginUser


class LoginResponse(_LoginBase, total=False):
    """The answer of ``token/login``, ``core/use_auth_hash`` and ``core/duplicate``.

    ``eid`` is the session id; ``tm`` the server time (UTC seconds); ``token`` is a JSON
    *string* describing the token; ``classes`` maps item type names to class ids.
    """

    host: str
    au: str
    base_url: str
    gis_sid: str
    wsdk_version: str
    pi: int
    hl: int
    api: str
    env: dict[str, Any]
    gis_search: str
    gis_render: str
    gis_geocode: str
    gis_routing: str
    token: str
    th: str
    classes: dict[str, int]
    features: dict[str, Any]


# -- items and searches ------------------------------------------------------------------------


class Position(TypedDict, total=False):
    """A position: ``y`` latitude, ``x`` longitude, ``z`` altitude, ``s`` speed, ``c`` course,
    ``sc`` satellites; ``t`` (UTC seconds) inside an item's ``pos``."""

    t: int
    y: float
    x: float
    z: float
    s: int
    c: int
    sc: int


class _MessageBase(TypedDict):
    t: int
    f: int
    tp: str


class Message(_MessageBase, total=False):
    """A message (``tp`` ``"ud"`` for data): time ``t``, flags ``f``, inputs ``i``, outputs
    ``o``, parameters ``p``; other message types add their own keys."""

    pos: Position | None
    i: int
    o: int
    p: dict[str, Any]
    lc: int
    rt: int


class _ItemBase(TypedDict):
    nm: str
    cls: int
    id: int


class Item(_ItemBase, total=False):
    """An item (unit, resource, user, group, ...) with the sections its data flags asked for.

    Base flag 0x1 gives ``nm``, ``cls``, ``id``, ``mu``, ``uacl``; the remaining keys appear
    only under their flags (``prp`` 0x2, ``crt``/``bact`` 0x4, ``uid``/``hw``/``ph`` 0x100,
    ``pos``/``lmsg`` 0x400 on units, ``u`` on unit groups, ...).
    """

    mu: int
    uacl: int
    prp: dict[str, str]
    ct: int
    crt: int
    bact: int
    flds: dict[str, Any]
    aflds: dict[str, Any]
    uid: str
    uid2: str
    hw: int
    ph: str
    ph2: str
    psw: str
    act: int
    dactt: int
    pos: Position | None
    lmsg: Message | None
    sens: dict[str, Any]
    u: list[int]
    # resource sections (flags 0x100 and up on avl_resource)
    drvrs: dict[str, Any]
    drvrsmax: int
    trlrs: dict[str, Any]
    zl: dict[str, Any]
    zg: dict[str, Any]
    unf: dict[str, Any]
    rep: dict[str, Any]
    repmax: int
    ujb: dict[str, Any]
    poi: dict[str, Any]
    tags: dict[str, Any]


class SearchItemsSpec(TypedDict, total=False):
    """The ``spec`` of ``core/search_items``."""

    itemsType: ItemsType
    propName: str
    propValueMask: str
    sortType: str
    propType: str
    or_logic: int | bool


class SearchSpecEcho(TypedDict, total=False):
    """The ``searchSpec`` a search answer echoes (``or_logic`` comes back as a string)."""

    itemsType: str
    propName: str
    propValueMask: str
    sortType: str
    propType: str
    or_logic: str


# ``from`` is a keyword, so this one is spelled in the functional form (the client's call
# itself takes ``from_=``, see aiowialon.convention).
SearchItemsParams = TypedDict(
    "SearchItemsParams",
    {"spec": SearchItemsSpec, "force": int, "flags": int, "from": int, "to": int},
)
"""The params of ``core/search_items`` as they go on the wire."""


class SearchItemsResponse(TypedDict):
    """The answer of ``core/search_items``; ``items`` holds indexes ``indexFrom..indexTo``."""

    searchSpec: SearchSpecEcho
    dataFlags: int
    totalItemsCount: int
    indexFrom: int
    indexTo: int
    items: list[Item]


class SearchItemParams(TypedDict):
    """The params of ``core/search_item``."""

    id: int
    flags: int


class SearchItemResponse(TypedDict):
    """The answer of ``core/search_item``: the item and the flags applied."""

    item: Item
    flags: int


class UpdateDataFlagsSpec(TypedDict, total=False):
    """One element of ``core/update_data_flags``'s ``spec``.

    ``type`` is ``"type"`` (``data`` an items type), ``"id"`` (one id), ``"col"`` (a list of
    ids) or ``"access"``; ``mode`` 0 sets, 1 adds, 2 removes the flags.
    """

    type: Literal["type", "id", "col", "access"]
    data: str | int | list[int]
    flags: int
    mode: Literal[0, 1, 2]
    max_items: int


class UpdateDataFlagsItem(TypedDict):
    """One element of the ``core/update_data_flags`` answer (``d`` is None on removal)."""

    i: int
    d: Item | dict[str, Any] | None
    f: int


# -- batch -----------------------------------------------------------------------------------


class BatchItem(TypedDict):
    """One call inside ``core/batch``: ``{"svc": "core/search_item", "params": {...}}``."""

    svc: str
    params: dict[str, Any]


class BatchParams(TypedDict):
    """The object form of ``core/batch``'s params; ``flags`` 1 stops at the first error."""

    params: list[BatchItem]
    flags: int


# -- events and messages ---------------------------------------------------------------------


class _AvlEventBase(TypedDict):
    i: int


class AvlEventDict(_AvlEventBase, total=False):
    """One raw event of ``avl_evts``: ``t`` is ``"m"``, ``"u"`` or ``"d"``, and is missing on
    the special events with a negative ``i`` (upload done, session invalidated, ...)."""

    t: Literal["m", "u", "d"]
    d: dict[str, Any]


class _AvlEventsBase(TypedDict):
    tm: int
    events: list[AvlEventDict]


class AvlEventsResponse(_AvlEventsBase, total=False):
    """The answer of ``avl_evts``: server time ``tm``, the events, and sensor values."""

    sensors: list[dict[str, Any]]


class LoadMessagesResponse(TypedDict):
    """The answer of ``messages/load_interval`` and ``messages/load_last``."""

    count: int
    messages: list[Message]


# py-aiowialon 2.0's names for the same shapes, so annotations written for it keep working.
TokenLoginResponse = LoginResponse
CoreErrorCode = ErrorResponse
CoreSearchItemParams = SearchItemParams
CoreSearchItemResponse = SearchItemResponse
CoreSearchItemsParams = SearchItemsParams
CoreSearchItemsResponse = SearchItemsResponse
CoreBatchParamsInstance = BatchItem
CoreBatchParams = BatchParams
AvlEventResponse = AvlEventsResponse
MessagesLoadIntervalResponse = LoadMessagesResponse
MessagesLoadLastResponse = LoadMessagesResponse
