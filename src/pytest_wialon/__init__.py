"""pytest plugin for code that talks to Wialon: a fake server, a client, and record/replay."""
