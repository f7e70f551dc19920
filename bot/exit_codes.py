"""The exit codes of every `release-bot` command, in one place (the README lists them)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # a check found problems, an eval fell below its floor, the bot is unhealthy
    USAGE = 2  # bad arguments or settings, or the Bot API refused the token
    UNREACHABLE = 3  # the Bot API could not be reached at start-up after the retries
    INTERRUPTED = 130  # Ctrl-C


TOKEN_REFUSED = ExitCode.USAGE  # a refused token is a setting to fix, like a malformed one
