"""One module per Wialon service; each registers its calls with ``registry.endpoint``.

``avl_evts`` is the events pseudo-service (``/avl_evts``), not Wialon's ``events/*`` calls.
"""
