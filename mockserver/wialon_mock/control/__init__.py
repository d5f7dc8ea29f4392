"""The control plane around the model: injected faults, the real server's limits, the journal
of recent requests, and the admin operations with their ``/_mock/`` routes."""
