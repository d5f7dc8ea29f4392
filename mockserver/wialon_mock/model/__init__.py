"""The model: a Wialon server's state in memory, with no HTTP and no admin plane.

Items, the fleet generator and its fixed data, the clock, the simulated messages, search,
trips, sensors and the ``avl_evts`` delivery cursor. Handlers in :mod:`wialon_mock.api` read
and change it; nothing in here imports the layers above.
"""
