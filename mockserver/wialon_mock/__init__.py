"""A fake Wialon server on aiohttp, for development, CI and tests."""
