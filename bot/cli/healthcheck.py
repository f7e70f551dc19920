"""`release-bot healthcheck`: GET /healthz on this machine, for container health checks that
have no curl. The port is the webhook server's, or the health port in polling mode."""

from __future__ import annotations

import argparse
import urllib.request

from bot.cli.common import add_env_file_option, fail, settings_loader
from bot.exit_codes import ExitCode
from bot.settings import ConfigError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds to wait (default 3)")
    add_env_file_option(parser)


def run(args: argparse.Namespace) -> ExitCode:
    try:
        http = settings_loader(args).http(webhook=None)
    except ConfigError as error:
        return fail(str(error))
    port = http.serving_port
    if port is None:
        return fail("no health port (set RELEASE_BOT_HEALTH_PORT)")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=args.timeout) as r:
            healthy = r.status == 200
    except (OSError, ValueError) as error:
        return fail(f"unhealthy: {type(error).__name__}", ExitCode.FAILED)
    print("healthy" if healthy else "unhealthy")
    return ExitCode.OK if healthy else ExitCode.FAILED
