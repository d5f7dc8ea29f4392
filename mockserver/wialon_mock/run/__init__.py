"""Ways to run the fake server: in the current loop or a thread, the ``wialon-mock`` command,
and scenario files."""
