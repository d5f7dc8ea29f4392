"""wialon_mock's app in a process of its own, for the HTTP benchmarks.

``python -m tests.benchmarks._mock_serve --units N --seed S --token T`` prints
``listening on http://127.0.0.1:PORT`` and serves until SIGTERM or Ctrl-C. It uses the
documented ``MockServer`` runner (with the default limits), so it does not depend on the
command line's options. ``--many-sessions`` lifts the two login limits (and only them) for
the benchmark that opens hundreds of sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal


async def main(args: argparse.Namespace) -> None:
    from wialon_mock import Limits, MockServer

    # hundreds of sessions log in within seconds from one address: the login limits (120 a
    # minute, 100 sessions of a user per IP) would refuse them; every other limit stays
    limits = Limits(logins_per_min=None, sessions_per_user_ip=None) if args.many_sessions else None
    async with MockServer(
        units=args.units, seed=args.seed, tokens=[args.token], limits=limits or Limits()
    ) as server:
        print(f"listening on {server.url}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--token", required=True)
    parser.add_argument("--many-sessions", action="store_true")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(parser.parse_args()))
