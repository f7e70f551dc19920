"""The `release-bot ingest` command: read a release file, write a draft release folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.core.loader import KNOWLEDGE_FILE, KnowledgeError, load_knowledge_base
from bot.exit_codes import ExitCode
from bot.ingest.draft import Draft, IngestError, ingest_text
from bot.ingest.writer import write_draft

DEFAULT_ROOT = Path("knowledge")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ingest command's arguments to `parser`."""
    parser.add_argument("release", type=Path, help="the press release as a UTF-8 text file")
    parser.add_argument(
        "--id",
        dest="release_id",
        default=None,
        metavar="ID",
        help="release id (default: made from the headline)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"folder to write (default: {DEFAULT_ROOT}/<id>/)",
    )
    parser.add_argument(
        "--order", type=int, default=0, help="the release's order among releases (default 0)"
    )
    parser.add_argument(
        "--publisher",
        default=None,
        metavar="NAME",
        help="who published it, e.g. 'Ministry of Justice, Finland'",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite release.txt and knowledge.yaml in an existing folder",
    )


def run(args: argparse.Namespace) -> ExitCode:
    """Ingest `args.release`; print the folder and the review list. 0 on success, else 1."""
    try:
        text = read_release(args.release)
        draft = ingest_text(text, args.release_id, args.order, args.publisher)
    except IngestError as error:
        return _fail(str(error))
    folder = args.out if args.out is not None else DEFAULT_ROOT / draft.release_id
    if _is_occupied(folder) and not args.force:
        return _fail(f"{folder} already exists; use --force to overwrite it")
    try:
        write_draft(draft, folder)
        load_knowledge_base(folder / KNOWLEDGE_FILE)
    except OSError as error:
        return _fail(f"cannot write {folder}: {error.strerror or error}")
    except KnowledgeError as error:
        print(f"release-bot ingest: the draft in {folder} was refused:\n{error}", file=sys.stderr)
        return ExitCode.FAILED
    print(report(draft, folder))
    return ExitCode.OK


def read_release(path: Path) -> str:
    """The release text, exactly as stored (UTF-8). Raises IngestError if unreadable."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise IngestError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise IngestError(f"cannot read {path}: it is not UTF-8 text") from None


def report(draft: Draft, folder: Path) -> str:
    """What the command prints: the folder, then what to review."""
    lines = [f"Draft written to {folder} (release id {draft.release_id}, marked draft: true)."]
    if draft.review:
        lines.append(f"Review ({len(draft.review)}):")
        lines.extend(f"  - {note}" for note in draft.review)
    lines.append(f"Then check it with: release-bot check {folder}")
    return "\n".join(lines)


def _is_occupied(folder: Path) -> bool:
    return folder.exists() and (not folder.is_dir() or any(folder.iterdir()))


def _fail(message: str) -> ExitCode:
    print(f"release-bot ingest: {message}", file=sys.stderr)
    return ExitCode.FAILED
