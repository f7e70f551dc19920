"""`release-bot run`: the Telegram bot, in polling or webhook mode, until SIGTERM or Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.common import add_env_file_option, fail, settings_loader
from bot.exit_codes import ExitCode
from bot.logs import configure_logging
from bot.settings import ConfigError
from bot.telegram_edge.runner import serve


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="serve a webhook instead of long polling (see README)",
    )
    add_env_file_option(parser)


def run(args: argparse.Namespace) -> ExitCode:
    try:
        settings = settings_loader(args).all(webhook=True if args.webhook else None)
    except ConfigError as error:
        return fail(str(error))
    configure_logging(settings.logging.level, settings.secrets())
    code = asyncio.run(serve(settings))
    if code != ExitCode.OK:
        print(f"release-bot: stopped with exit code {code} (see the log above)", file=sys.stderr)
    return code
