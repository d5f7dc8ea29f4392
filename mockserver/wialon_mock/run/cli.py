"""Command line of the fake server: ``wialon-mock serve`` and ``wialon-mock calls``."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

import click

from .. import __version__
from ..api.calls_table import render_table
from ..config import Limits, MockConfig
from ..model.state import World
from .scenario import ScenarioError, load_scenario
from .server import MockServer, remote_bind_warning

logger = logging.getLogger(__name__)

#: fleets at least this big show a progress line while they are generated
PROGRESS_FROM_UNITS = 1000


def _progress(done: int, total: int) -> None:
    # a single console line rewritten in place; ends with a newline when complete
    click.echo(f"\rgenerating fleet: {done}/{total} units", nl=done >= total, err=True)


async def _serve(server: MockServer) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
            handled.append(sig)
        except NotImplementedError:
            # Windows event loops take no signal handlers; Ctrl-C still ends asyncio.run
            pass
    try:
        await server.start()
        click.echo(f"listening on {server.url}")
        for token in server.tokens:
            click.echo(f"token: {token}")
        if server.admin_token is not None:
            click.echo(f"admin token: {server.admin_token}")
        sys.stdout.flush()
        warning = remote_bind_warning(server.admin, server.url)
        if warning is not None:
            click.echo(warning, err=True)
        await stop.wait()
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
        await server.close()


@click.group()
@click.version_option(__version__, prog_name="wialon-mock", message="%(prog)s %(version)s")
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
    default="WARNING",
    show_default=True,
    help="Logging threshold (DEBUG logs every request).",
)
def main(log_level: str) -> None:
    """A fake Wialon server for development, CI and tests."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8080, show_default=True, help="Port to bind; 0 picks a free one.")
@click.option("--seed", type=int, default=None, help="Seed of the generated fleet [default: 1].")
@click.option("--units", type=int, default=None, help="Units in the fleet [default: 20].")
@click.option(
    "--token",
    "tokens",
    multiple=True,
    help="A token that logs in (repeatable); default: one derived from the seed.",
)
@click.option(
    "--scenario",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML or TOML scenario file; options given here override it.",
)
@click.option("--no-limits", is_flag=True, help="Switch every emulated limit off.")
@click.option("--frozen", is_flag=True, help="Start with the server clock frozen.")
@click.option(
    "--admin-token",
    default=None,
    help="Secret the /_mock/ admin API requires (X-Wialon-Mock-Admin header); "
    "made up and printed when binding to a non-loopback host.",
)
@click.option(
    "--allow-remote-admin",
    is_flag=True,
    help="With a non-loopback --host and no --admin-token: leave the admin API open.",
)
def serve(
    host: str,
    port: int,
    seed: int | None,
    units: int | None,
    tokens: tuple[str, ...],
    scenario: Path | None,
    no_limits: bool,
    frozen: bool,
    admin_token: str | None,
    allow_remote_admin: bool,
) -> None:
    """Run the fake server until Ctrl-C or SIGTERM."""
    try:
        config = load_scenario(scenario) if scenario is not None else MockConfig()
    except ScenarioError as exc:
        raise click.UsageError(str(exc)) from None
    if seed is not None:
        config.seed = seed
    if units is not None:
        if units < 0:
            raise click.BadParameter("must not be negative", param_hint="--units")
        config.units = units
    if tokens:
        config.tokens = list(tokens)
    if no_limits:
        config.limits = Limits.off()
    if frozen:
        config.clock_frozen = True
    progress = _progress if config.units >= PROGRESS_FROM_UNITS else None
    world = World(config, progress=progress)
    if admin_token is not None and not admin_token.strip():
        raise click.BadParameter("must not be empty", param_hint="--admin-token")
    server = MockServer(
        world=world,
        host=host,
        port=port,
        admin_token=admin_token,
        allow_remote_admin=allow_remote_admin,
    )
    try:
        asyncio.run(_serve(server))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}") from None


@main.command()
def calls() -> None:
    """Print the table of implemented calls (Markdown)."""
    click.echo(render_table(), nl=False)
