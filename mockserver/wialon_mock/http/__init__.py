"""The HTTP layer: Wialon's transport (``/wialon/ajax.html``, ``/avl_evts``, uploads) on aiohttp."""
