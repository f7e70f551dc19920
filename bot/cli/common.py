"""What several commands share: the knowledge-base options, loading the engine, the settings
file option and a one-line error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.core.engine import Engine
from bot.core.loader import load_library
from bot.core.phrases import LANGUAGES, supported
from bot.exit_codes import ExitCode
from bot.settings import SettingsLoader


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        default=None,
        type=_language,
        metavar="CODE",
        help=f"reply in this language ({', '.join(LANGUAGES)}; default: the question's)",
    )


def _language(code: str) -> str:
    found = supported(code)
    if found is None:
        raise argparse.ArgumentTypeError(f"'{code}' is not one of {', '.join(LANGUAGES)}")
    return found


def add_knowledge_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=None,
        metavar="PATH",
        help="knowledge base file or folder (default: $RELEASE_BOT_KNOWLEDGE or the bundled one)",
    )
    parser.add_argument(
        "--release", default=None, metavar="ID", help="the release to prefer (default: the newest)"
    )


def add_env_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--env-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read settings from this .env file too (the environment wins over it)",
    )


def settings_loader(args: argparse.Namespace) -> SettingsLoader:
    """The settings loader for a command, with its --env-file if it has one."""
    return SettingsLoader(env_file=getattr(args, "env_file", None))


def knowledge_path(args: argparse.Namespace) -> Path:
    """--knowledge (or a command's PATH argument), else the setting, else the bundled base."""
    explicit = getattr(args, "knowledge", None) or getattr(args, "path", None)
    return explicit or settings_loader(args).knowledge().path


def load_engine(args: argparse.Namespace) -> Engine:
    return Engine(load_library(knowledge_path(args)))


def fail(message: str, code: ExitCode = ExitCode.USAGE) -> ExitCode:
    """Print a one-line error and return `code`."""
    print(f"release-bot: {message}", file=sys.stderr)
    return code
