"""`release-bot eval`: accuracy on question sets, the misses and the facts never hit; with
--sweep, a calibration grid of matcher weights and thresholds."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from bot.cli.common import add_knowledge_options, fail, load_engine
from bot.core.engine import Engine
from bot.core.evaluation import (
    QuestionSet,
    QuestionSetError,
    evaluate,
    format_report,
    format_sweep,
    load_question_set,
    sweep,
)
from bot.core.source_evaluation import (
    SourceSetError,
    evaluate_sources,
    format_source_report,
    is_source_set,
    load_source_set,
)
from bot.core.source_evaluation import below as groups_below
from bot.exit_codes import ExitCode

QUESTIONS_FILE = "questions.yaml"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "questions",
        nargs="*",
        type=Path,
        help="question set YAML file(s) (default: each release's questions.yaml)",
    )
    parser.add_argument(
        "--min-accuracy",
        type=float,
        default=None,
        metavar="PERCENT",
        help="exit 1 if any group's accuracy is below this",
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list every miss of a source-labelled set (do not use on a blind set you tune on)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="calibrate: score a grid of weights and thresholds, best first",
    )
    add_knowledge_options(parser)


def run(args: argparse.Namespace) -> ExitCode:
    engine = load_engine(args)
    paths = args.questions or shipped_question_sets(engine)
    if not paths:
        return fail("no question set given and no release ships one")
    labelled = [path for path in paths if _is_source_set(path)]
    paths = [path for path in paths if path not in labelled]
    try:
        sets = [_question_set(engine, path) for path in paths]
        source_sets = [load_source_set(path) for path in labelled]
    except (QuestionSetError, SourceSetError) as error:
        return fail(str(error))
    failed = False
    for source_set in source_sets:
        if source_set.release and source_set.release not in engine.bases:
            return fail(f"{source_set.path}: release '{source_set.release}' is not loaded")
        scored = evaluate_sources(engine, source_set)
        print(format_source_report(scored, source_set.path, args.misses))
        low = groups_below(scored, args.min_accuracy) if args.min_accuracy is not None else []
        if low:
            print(f"below {args.min_accuracy:g}%: {', '.join(low)}")
            failed = True
    if args.sweep:
        for release in sorted({s.release for s in sets}):
            chosen = [s for s in sets if s.release == release]
            print(format_sweep(sweep(engine.bases[release], chosen)))
        return ExitCode.OK
    for question_set in sets:
        result = evaluate(engine, question_set)
        print(format_report(result))
        below = result.below(args.min_accuracy) if args.min_accuracy is not None else []
        if below:
            print(f"below {args.min_accuracy:g}%: {', '.join(below)}")
            failed = True
    return ExitCode.FAILED if failed else ExitCode.OK


def shipped_question_sets(engine: Engine) -> list[Path]:
    """The questions.yaml beside each loaded release's knowledge.yaml."""
    files = (base.path.parent / QUESTIONS_FILE for base in engine.bases.values() if base.path)
    return [path for path in files if path.is_file()]


def _is_source_set(path: Path) -> bool:
    try:
        return is_source_set(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False  # reported by the loader of the other kind


def _question_set(engine: Engine, path: Path) -> QuestionSet:
    question_set = load_question_set(path)
    release = question_set.release or engine.default_release
    if release not in engine.bases:
        raise QuestionSetError(f"{path}: release '{release}' is not loaded")
    return load_question_set(path, engine.bases[release])
