"""Command line of the fake server: ``wialon-mock serve``, ``journal`` and ``calls``.

Every ``serve`` option can also come from a ``WIALON_MOCK_*`` environment variable (the
option's name in capitals, ``-`` as ``_``: ``WIALON_MOCK_PORT=0``), which is how containers
and CI set it up. A bad option or scenario ends in one line on stderr, ``error: ...``, with a
did-you-mean where one helps; never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .._version import __version__
from ..api.calls_table import render_table
from ..config import Limits, MockConfig
from ..http import reqlog
from ..http.admin_guard import LOGIN_PATH
from ..http.dashboard import UI_PATH
from ..model.state import World
from .scenario import ScenarioError, load_scenario
from .server import MockServer, remote_bind_warning
from .tail import TailError, tail

logger = logging.getLogger(__name__)

#: fleets at least this big show a progress line while they are generated
PROGRESS_FROM_UNITS = 1000
ENV_PREFIX = "WIALON_MOCK_"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

F = TypeVar("F", bound=Callable[..., Any])


class OneLineGroup(click.Group):
    """A group whose errors are one line (``error: ...``) instead of usage text."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; a click error becomes one line on stderr and its exit code."""
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"error: {_one_line(exc)}", err=True)
            sys.exit(exc.exit_code)


def _one_line(exc: click.ClickException) -> str:
    message = exc.format_message() if isinstance(exc, click.UsageError) else exc.message
    # click puts a did-you-mean on a line of its own; keep the whole error on one
    text = " ".join(part.strip() for part in message.splitlines() if part.strip())
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and isinstance(exc, click.UsageError) and ctx.command_path:
        text = f"{ctx.command_path}: {text}"
    return text


def _env(name: str) -> str:
    return ENV_PREFIX + name.upper().replace("-", "_")


def log_options(func: F) -> F:
    """``--log-level`` and ``--log-format``, accepted on the group and after ``serve`` alike."""
    func = click.option(
        "--log-format",
        type=click.Choice(reqlog.LOG_FORMATS),
        default=None,
        envvar=_env("log-format"),
        show_envvar=True,
        help="Log lines as text (default) or one JSON object each.",
    )(func)
    return click.option(
        "--log-level",
        type=click.Choice(LEVELS, case_sensitive=False),
        default=None,
        envvar=_env("log-level"),
        show_envvar=True,
        help="Logging threshold [default: WARNING]; INFO logs one line per request.",
    )(func)


def _configure_logging(ctx: click.Context, level: str | None, fmt: str | None) -> None:
    settings = ctx.ensure_object(dict)
    if level is not None:
        settings["log_level"] = level
    if fmt is not None:
        settings["log_format"] = fmt
    reqlog.configure(settings.get("log_level", "WARNING"), settings.get("log_format", "text"))


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
        # with a secret, the link carries it in the fragment (never sent, so never logged)
        unlock = f"#admin={server.admin_token}" if server.admin_token is not None else ""
        if server.admin_token is not None:
            # a browser elsewhere cannot use the fragment's header: it logs in once (a cookie)
            click.echo(f"dashboard login (any machine): {server.url}{LOGIN_PATH}")
        click.echo(f"dashboard: {server.url}{UI_PATH}/{unlock}")
        sys.stdout.flush()
        warning = remote_bind_warning(server.admin, server.url)
        if warning is not None:
            click.echo(warning, err=True)
        await stop.wait()
    finally:
        for sig in handled:
            loop.remove_signal_handler(sig)
        await server.close()


@click.group(cls=OneLineGroup)
@click.version_option(__version__, prog_name="wialon-mock", message="%(prog)s %(version)s")
@log_options
@click.pass_context
def main(ctx: click.Context, log_level: str | None, log_format: str | None) -> None:
    """A fake Wialon server for development, CI and tests."""
    _configure_logging(ctx, log_level, log_format)


def _serve_option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    long = next(n for n in names if n.startswith("--"))
    return click.option(*names, envvar=_env(long[2:]), show_envvar=True, **kwargs)


@main.command()
@_serve_option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@_serve_option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port to bind; 0 picks a free one.",
)
@_serve_option("--seed", type=int, default=None, help="Seed of the generated fleet [default: 1].")
@_serve_option(
    "--units", type=click.IntRange(min=0), default=None, help="Units in the fleet [default: 20]."
)
@_serve_option(
    "--token",
    "tokens",
    multiple=True,
    help="A token that logs in (repeatable; space-separated in the variable).",
)
@_serve_option(
    "--scenario",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML or TOML scenario file; options given here override it.",
)
@_serve_option("--no-limits", is_flag=True, help="Switch every emulated limit off.")
@_serve_option("--frozen", is_flag=True, help="Start with the server clock frozen.")
@_serve_option(
    "--admin-token",
    default=None,
    help="Secret the /_mock/ admin API requires (X-Wialon-Mock-Admin header); "
    "made up and printed when binding to a non-loopback host.",
)
@_serve_option(
    "--allow-remote-admin",
    is_flag=True,
    help="With a non-loopback --host and no --admin-token: leave the admin API open.",
)
@_serve_option(
    "--tile-url",
    default=None,
    help="Tile server for the dashboard's map, e.g. http://localhost:8081/{z}/{x}/{y}.png "
    "[default: the offline base map].",
)
@log_options
@click.pass_context
def serve(
    ctx: click.Context,
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
    tile_url: str | None,
    log_level: str | None,
    log_format: str | None,
) -> None:
    """Run the fake server until Ctrl-C or SIGTERM."""
    _configure_logging(ctx, log_level, log_format)
    try:
        config = load_scenario(scenario) if scenario is not None else MockConfig()
    except ScenarioError as exc:
        raise click.UsageError(str(exc)) from None
    if seed is not None:
        config.seed = seed
    if units is not None:
        config.units = units
    if tokens:
        if not all(token.strip() for token in tokens):
            # an empty token would log anyone in who sends none
            raise click.BadParameter("must not be empty", param_hint="--token")
        config.tokens = list(tokens)
    if no_limits:
        config.limits = Limits.off()
    if frozen:
        config.clock_frozen = True
    if tile_url is not None:
        config.tile_url = tile_url
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
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="Each entry as one line of JSON.")
@click.option("--svc", default=None, help="Only requests of this service.")
@click.option("--once", is_flag=True, help="Print the remembered journal and exit.")
@click.option("--since", type=click.IntRange(min=0), default=0, help="Start after entry N.")
@click.option(
    "--admin-token",
    default=None,
    envvar=_env("admin-token"),
    show_envvar=True,
    help="The server's admin secret (needed from another machine).",
)
def journal(
    url: str, as_json: bool, svc: str | None, once: bool, since: int, admin_token: str | None
) -> None:
    """Follow the journal of a running fake server at URL (Ctrl-C to stop)."""

    def emit(line: str) -> None:
        click.echo(line)
        sys.stdout.flush()

    try:
        asyncio.run(
            tail(
                url,
                emit,
                as_json=as_json,
                svc=svc,
                once=once,
                since=since,
                admin_token=admin_token,
            )
        )
    except TailError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        pass


@main.command()
def calls() -> None:
    """Print the table of implemented calls (Markdown)."""
    click.echo(render_table(), nl=False)
