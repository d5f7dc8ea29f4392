"""What clients changed in the model: per-item overlays over the generated data, access rights,
deleted messages, uploaded images.

Generated items derive their custom fields, properties, sensors and commands from the seed
(see :mod:`wialon_mock.api.item_json`), so nothing is stored for an item until a client
writes to it.
The first write copies the generated section into the item's :class:`Overlay`; from then on
every reader (item JSON, searches, exports, ``avl_evts``) sees the stored section. A reset of
the world drops all of it, as it drops the fleet.
"""

from __future__ import annotations

import copy
import tempfile
import weakref
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Protocol

from .items import User

if TYPE_CHECKING:
    from .items import Item


class World(Protocol):
    """What this module needs of the world (``state.World``, which imports this module)."""

    edits: Edits
    version: int

    @property
    def units(self) -> Mapping[int, object]: ...
    @property
    def resources(self) -> Mapping[int, object]: ...
    @property
    def groups(self) -> Mapping[int, object]: ...
    @property
    def users(self) -> Mapping[int, object]: ...


#: the access mask a user has to an item nobody restricted (every documented bit)
FULL_ACCESS = 0xFFFFFFFFFFFFFFF
#: access bit "view item and its basic properties": without it an item is invisible
ACL_VIEW = 0x1


@dataclass
class Overlay:
    """The sections of one item that clients changed, keyed by their item-JSON name."""

    sections: dict[str, Any] = field(default_factory=dict)


class Image:
    """An uploaded picture, served back as it was uploaded.

    A picture over :data:`IMAGE_IN_MEMORY` bytes waits in a temporary file instead of memory:
    uploads themselves spill to disk from that size on, and a stored icon must not undo it.
    ``crc`` is the CRC-32 of the bytes, worked out once.
    """

    __slots__ = ("__weakref__", "_file", "_small", "content_type", "crc", "size")

    def __init__(self, data: bytes, content_type: str) -> None:
        self._small: bytes | None = bytes(data)
        self._file: IO[bytes] | None = None
        self.content_type = content_type
        self.size = len(data)
        self.crc = zlib.crc32(data)

    @classmethod
    def from_stream(cls, source: IO[bytes], content_type: str) -> Image:
        """Copied from ``source`` a block at a time, to disk when it is large."""
        image = cls(b"", content_type)
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=IMAGE_IN_MEMORY)  # noqa: SIM115 - kept open as long as the image; closed when it is garbage
        crc, size = 0, 0
        while block := source.read(1 << 20):
            spool.write(block)
            crc, size = zlib.crc32(block, crc), size + len(block)
        image._small, image._file, image.crc, image.size = None, spool, crc, size
        # a replaced or reset picture lets its file go with it
        weakref.finalize(image, spool.close)
        return image

    @property
    def data(self) -> bytes:
        """The picture's bytes (read from its file when it waits on disk)."""
        if self._small is not None:
            return self._small
        assert self._file is not None
        self._file.seek(0)
        return self._file.read()


#: pictures up to this size stay in memory (uploads spill to disk from about the same size)
IMAGE_IN_MEMORY = 2 * 1024 * 1024


@dataclass
class Edits:
    """Everything clients changed since the last reset."""

    overlays: dict[int, Overlay] = field(default_factory=dict)
    #: user id -> item id -> access mask; a user missing here sees every item (the generated
    #: fleet shares everything with its users), one present sees only items with ACL_VIEW
    acl: dict[int, dict[int, int]] = field(default_factory=dict)
    #: unit id -> times of messages deleted with messages/delete_message
    deleted: dict[int, set[int]] = field(default_factory=dict)
    #: unit (or group) id -> its uploaded icon
    item_images: dict[int, Image] = field(default_factory=dict)
    #: (resource id, driver id) -> the driver's uploaded photo
    driver_images: dict[tuple[int, int], Image] = field(default_factory=dict)
    #: sid -> properties set with core/set_session_property
    session_props: dict[str, dict[str, str]] = field(default_factory=dict)
    #: token -> its settings (token/update; configured tokens get defaults when first listed)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: users disabled with user/update_user_flags (flag 0x1); their tokens stop logging in.
    #: Kept apart from ``User.fl`` because the generated owner's flags predate that meaning.
    disabled_users: set[int] = field(default_factory=set)
    #: unit id -> command messages unit/exec_cmd and unit/send_cmd left, in time order
    commands: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


def edits_of(world: World) -> Edits:
    """The world's edits (a reset replaces them with empty ones)."""
    return world.edits


def current(world: World, item: Item, key: str) -> Any:
    """The section ``key`` of ``item`` as readers see it (stored, else generated)."""
    if key == "prp" and isinstance(item, User):
        return item.prp
    overlay = edits_of(world).overlays.get(item.id)
    if overlay is not None and key in overlay.sections:
        return overlay.sections[key]
    return default_section(world, item, key)


def writable(world: World, item: Item, key: str) -> Any:
    """The stored section ``key`` of ``item``, copied from the generated one on first write."""
    if key == "prp" and isinstance(item, User):
        # a user's properties live on the user itself: login replies and locales read them
        return item.prp
    overlay = edits_of(world).overlays.setdefault(item.id, Overlay())
    if key not in overlay.sections:
        overlay.sections[key] = copy.deepcopy(default_section(world, item, key))
    return overlay.sections[key]


def changed(world: World) -> None:
    """Tell the searches that cached results may be stale."""
    world.version += 1


#: works out a section nobody wrote to yet; the item JSON module (API layer) registers itself
#: here, because the generated sections are derived the way item JSON derives the rest of an
#: item and the model must not import the layer above it
_generate: Callable[[Any, Item, str], Any] | None = None


def generate_sections_with(fn: Callable[[Any, Item, str], Any]) -> None:
    """Register the function that works out the generated value of an item section."""
    global _generate
    _generate = fn


def default_section(world: World, item: Item, key: str) -> Any:
    """The generated value of an item section before any client wrote to it."""
    if _generate is None:
        # nothing registered (the model used without the API layer): no generated sections
        return {}
    return _generate(world, item, key)


def visible(world: World, user_id: int, item_id: int) -> bool:
    """Whether ``user_id`` may see ``item_id`` (user/update_item_access decides)."""
    masks = edits_of(world).acl.get(user_id)
    if masks is None:
        return True
    return bool(masks.get(item_id, 0) & ACL_VIEW)


def access_mask(world: World, user_id: int, item_id: int) -> int:
    """The access mask of ``user_id`` to ``item_id``."""
    masks = edits_of(world).acl.get(user_id)
    if masks is None:
        return FULL_ACCESS
    return masks.get(item_id, 0)


def set_access(world: World, user_id: int, item_id: int, mask: int) -> None:
    """Store one access mask; the first one turns the user's implicit full access explicit."""
    acl = edits_of(world).acl
    masks = acl.get(user_id)
    if masks is None:
        # until now the user saw everything: keep that for every other item
        everything = (
            *world.units,
            *world.resources,
            *world.groups,
            *world.users,
        )
        masks = dict.fromkeys(everything, FULL_ACCESS)
        acl[user_id] = masks
    masks[item_id] = mask
    changed(world)


def live(world: World, unit_id: int, times: range | list[int]) -> range | list[int]:
    """``times`` without the unit's messages deleted with messages/delete_message.

    Every reader of a unit's history (the message loader, trips, reports, sensor tables)
    goes through this, so a deleted message is gone from all of them alike.
    """
    deleted = world.edits.deleted.get(unit_id)
    if not deleted:
        return times
    return [t for t in times if t not in deleted]


def forget(world: World, item_id: int) -> None:
    """Drop what was stored for a deleted item."""
    edits = edits_of(world)
    edits.overlays.pop(item_id, None)
    edits.deleted.pop(item_id, None)
    edits.item_images.pop(item_id, None)
    for masks in edits.acl.values():
        masks.pop(item_id, None)
