"""The `mock-interview` command line: subcommands on the same engine the TUI drives.

Every user error ends with a message naming what is wrong and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mock_interview import __version__
from mock_interview.bank.models import DIFFICULTIES
from mock_interview.lang import LANGS, Lang, default_language, detect_language

if TYPE_CHECKING:
    from mock_interview.bank.models import Bank
    from mock_interview.config import Settings
    from mock_interview.grading.base import Grader
    from mock_interview.store import Store

EXIT_USAGE = 2


class CliError(Exception):
    """A user-facing error: printed as `mock-interview: <message>`, exit status 2."""


def _fail(message: str) -> NoReturn:
    raise CliError(message)


def _load_bank(args: argparse.Namespace) -> Bank:
    from mock_interview.bank import BankError, default_bank_dir, load_bank

    root = Path(args.bank) if args.bank else default_bank_dir()
    try:
        return load_bank(root)
    except BankError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        _fail(f"{exc} — run `mock-interview bank check {root}` after fixing it")


def _settings(args: argparse.Namespace) -> Settings:
    from mock_interview.config import ConfigError, load_settings

    try:
        return load_settings(model=getattr(args, "model", None), base_url=getattr(args, "base_url", None))
    except ConfigError as exc:
        _fail(str(exc))


def _grader(args: argparse.Namespace) -> Grader:
    from mock_interview.grading.select import GraderUnavailable, select_grader

    try:
        return select_grader(args.grader, _settings(args))
    except GraderUnavailable as exc:
        _fail(str(exc))


# -- questions -------------------------------------------------------------------------------------------
def _cmd_questions(args: argparse.Namespace) -> int:
    bank = _load_bank(args)
    lang: Lang = args.lang or default_language()
    tags = []
    for name in args.tag or []:
        slug = bank.resolve_tag(name)
        if slug is None:
            known = ", ".join(f"{s} ({bank.tags[s].zh})" if bank.tags[s].zh != s else s for s in bank.tags)
            _fail(f"unknown tag {name!r}; known tags: {known}")
        tags.append(slug)
    selected = bank.select(tags=tags, difficulties=args.difficulty)
    if args.due:
        with _store() as store:
            due = dict(store.due())
        selected = [q for q in selected if q.id in due]
    if args.json:
        rows = [
            {
                "id": q.id,
                "order": q.order,
                "text": {"zh": q.text.zh, "en": q.text.en},
                "difficulty": q.difficulty,
                "tags": q.tags,
                "follow_ups": [f.question for f in q.follow_ups],
                "follow_up_rules": [{"question": f.question, "when": _when_json(f.when)} for f in q.follow_ups],
                "source": q.source,
            }
            for q in selected
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from mock_interview.clirender import questions_table, stdout_console

    console = stdout_console()
    console.print(questions_table(bank, selected, lang))
    console.print(f"{len(selected)} of {len(bank)} questions", style="dim")
    return 0


def _when_json(when: object) -> object:
    return when if isinstance(when, str) else when.model_dump()  # type: ignore[attr-defined]


# -- grade -----------------------------------------------------------------------------------------------
def _read_answer(args: argparse.Namespace) -> str:
    if args.answer is not None:
        return str(args.answer)
    source = args.answer_file
    try:
        if source == "-":
            data = sys.stdin.buffer.read()
            name = "standard input"
        else:
            data = Path(source).read_bytes()
            name = source
    except FileNotFoundError:
        _fail(f"answer file not found: {source}")
    except IsADirectoryError:
        _fail(f"answer file is a directory: {source}")
    except OSError as exc:
        _fail(f"cannot read answer file {source}: {exc.strerror}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _fail(f"{name} is not UTF-8 text (bad byte at offset {exc.start})")


def _cmd_grade(args: argparse.Namespace) -> int:
    from mock_interview.interview import evaluate_answer

    bank = _load_bank(args)
    if args.question not in bank:
        _fail(f"unknown question {args.question!r}; `mock-interview questions` lists them")
    answer = _read_answer(args)
    grader = _grader(args)
    lang: Lang = args.lang or detect_language(answer)
    feedback = evaluate_answer(bank, args.question, answer, grader, lang)
    if feedback.fallback_reason:
        print(f"mock-interview: {feedback.fallback_reason}", file=sys.stderr)
    if args.json:
        print(feedback.model_dump_json(indent=2))
        return 0
    from mock_interview.clirender import feedback_view, stdout_console

    stdout_console().print(feedback_view(bank, feedback))
    return 0


# -- grade-batch -----------------------------------------------------------------------------------------
def _cmd_grade_batch(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from mock_interview.interview.batch import grade_lines

    bank = _load_bank(args)
    if args.concurrency < 1:
        _fail("--concurrency must be at least 1")
    grader = _grader(args)
    try:
        if args.input == "-":
            lines = sys.stdin.read().splitlines()
            in_name = "<stdin>"
        else:
            lines = Path(args.input).read_text(encoding="utf-8-sig").splitlines()
            in_name = args.input
    except FileNotFoundError:
        _fail(f"input file not found: {args.input}")
    except UnicodeDecodeError as exc:
        _fail(f"{args.input} is not UTF-8 text (bad byte at offset {exc.start})")
    except OSError as exc:
        _fail(f"cannot read {args.input}: {exc.strerror}")
    try:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        _fail(f"cannot write {args.output}: {exc.strerror}")

    total = sum(1 for line in lines if line.strip())
    errors = fallbacks = 0
    by_grader: dict[str, int] = {}
    stderr = Console(stderr=True, highlight=False)
    progress = Progress(
        TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=stderr, transient=False
    )
    task = progress.add_task("grade", total=total)
    try:
        with progress:
            for result in grade_lines(
                lines,
                bank,
                grader,
                language=args.lang,
                concurrency=args.concurrency,
                on_done=lambda _r: progress.advance(task),
            ):
                if result.error:
                    errors += 1
                    progress.console.print(
                        f"{in_name}:{result.line}: {result.error}", markup=False, highlight=False, soft_wrap=True
                    )
                else:
                    by_grader[result.output["grader"]] = by_grader.get(result.output["grader"], 0) + 1
                    if result.output.get("fallback_reason"):
                        fallbacks += 1
                        progress.console.print(
                            f"{in_name}:{result.line}: {result.output['fallback_reason']}",
                            markup=False,
                            highlight=False,
                            soft_wrap=True,
                        )
                out.write(json.dumps(result.output, ensure_ascii=False) + "\n")
                out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    graded = total - errors
    summary = f"graded {graded} of {total} line(s)"
    if by_grader:
        summary += " (" + ", ".join(f"{n} by {name}" for name, n in sorted(by_grader.items())) + ")"
    if fallbacks:
        summary += f"; {fallbacks} fell back to offline grading"
    if errors:
        summary += f", {errors} could not be graded"
    print(summary + (f"; wrote {args.output}" if args.output else ""), file=sys.stderr)
    return 1 if errors else 0


# -- config --------------------------------------------------------------------------------------------
def _cmd_config(args: argparse.Namespace) -> int:
    from mock_interview.config import config_path

    settings = _settings(args)
    rows = [
        ("config file", str(config_path()) + ("" if config_path().exists() else "  (not present)"), ""),
        ("endpoint configured", "yes" if settings.configured else "no (grading is offline)", ""),
        ("api_key", settings.masked_key, settings.sources["api_key"]),
        ("base_url", settings.effective_base_url, settings.sources["base_url"]),
        ("model", settings.effective_model, settings.sources["model"]),
    ]
    for name in ("timeout", "connect_timeout", "read_timeout", "structured_output", "temperature", "stream"):
        rows.append((name, str(getattr(settings, name)), settings.sources[name]))
    width = max(len(r[0]) for r in rows)
    for name, value, source in rows:
        print(f"{name:<{width}}  {value}" + (f"   [{source}]" if source else ""))
    return 0


# -- bank check ------------------------------------------------------------------------------------------
def _cmd_bank_check(args: argparse.Namespace) -> int:
    from mock_interview.bank import check_bank, default_bank_dir

    root = Path(args.dir) if args.dir else (Path(args.bank) if args.bank else default_bank_dir())
    bank, issues = check_bank(root)
    for issue in issues:
        print(issue, file=sys.stderr if issue.severity == "error" else sys.stdout)
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = len(issues) - errors
    if bank is None:
        print(f"{root}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return EXIT_USAGE
    print(f"{root}: ok — {len(bank)} questions, {len(bank.rubrics)} rubrics, {warnings} warning(s)")
    return 0


# -- history, export, regrade, resume ------------------------------------------------------------------
def _store() -> Store:
    from mock_interview.store import Store, StoreError

    try:
        return Store()
    except StoreError as exc:
        _fail(str(exc))


def _cmd_history(args: argparse.Namespace) -> int:
    from mock_interview.interview.history import build_history, sparkline

    bank = _load_bank(args)
    with _store() as store:
        report = build_history(store, bank)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return 0
    lang: Lang = args.lang or default_language()
    if not report.sessions:
        print("no sessions yet: run `mock-interview` to start one")
        return 0
    print(f"{'session':>7}  {'started (UTC)':<25}  {'lang':<4}  {'grader':<20}  {'status':<8}  answers  mean")
    for s in report.sessions:
        mean = f"{s.mean_score:.1f}" if s.mean_score is not None else "—"
        print(f"{s.id:>7}  {s.started_at:<25}  {s.language:<4}  {s.grader:<20}  {s.status:<8}  {s.answered:>7}  {mean}")
    print(f"\nscores over time  {sparkline(report.scores_over_time)}")
    print("\nby tag:")
    for tag, scores in report.by_tag.items():
        label = bank.tag_label(tag, lang)
        print(f"  {label:<28} {sum(scores) / len(scores):4.1f}  {sparkline(scores)}")
    if report.weakest:
        print("\nweakest questions:")
        for qid, mean_score, n in report.weakest:
            print(f"  {mean_score:4.1f}  ({n}×)  {qid} — {bank.question(qid).text.get(lang) if qid in bank else ''}")
    if report.due:
        print(f"\ndue for review: {len(report.due)} (`mock-interview questions --due`)")
    return 0


def _session_id(value: str) -> int:
    if not value.isdigit():
        _fail(f"SESSION must be a session number (see `mock-interview history`), not {value!r}")
    return int(value)


def _cmd_export(args: argparse.Namespace) -> int:
    from mock_interview.interview.transcript import export_session

    bank = _load_bank(args)
    with _store() as store:
        try:
            text = export_session(store, bank, _session_id(args.session), args.format)
        except KeyError:
            _fail(f"no session {args.session}; `mock-interview history` lists them")
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {args.output}: {exc.strerror}")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    return 0


def _cmd_regrade(args: argparse.Namespace) -> int:
    from mock_interview.interview.regrade import regrade_session

    bank = _load_bank(args)
    grader = _grader(args)
    with _store() as store:
        try:
            results = regrade_session(store, bank, _session_id(args.session), grader)
        except KeyError:
            _fail(f"no session {args.session}; `mock-interview history` lists them")
    if not results:
        print(f"session {args.session} has no stored answers to grade")
        return 0
    for r in results:
        old = f"{r.old_score:.1f}" if r.old_score is not None else "—"
        note = f"  ({r.fallback_reason})" if r.fallback_reason else ""
        print(f"{r.seq + 1:>3}. {r.question_id:<30} {old:>5} -> {r.new_score:4.1f}  by {r.grader}{note}")
    print(f"regraded {len(results)} answer(s) of session {args.session}; earlier gradings are kept", file=sys.stderr)
    return 0


def _cmd_resume(args: argparse.Namespace) -> int:
    return _run_tui(args, resume=_session_id(args.session) if args.session else -1)


# -- the TUI -------------------------------------------------------------------------------------------
def _run_tui(args: argparse.Namespace, resume: int | None = None) -> int:
    """The interview. `resume`: a session id, -1 for the latest unfinished one, None to start normally."""
    bank = _load_bank(args)
    settings = _settings(args)
    store = _store()
    if resume is not None:
        candidates = store.unfinished()
        chosen = next((s for s in candidates if resume in (-1, s.id)), None)
        if chosen is None:
            store.close()
            _fail("no unfinished session to resume" if resume == -1 else f"session {resume} is not unfinished")
        resume = chosen.id
    from mock_interview.tui.app import MockInterviewApp

    try:
        MockInterviewApp(bank, settings, language=args.lang, store=store, resume=resume).run()
    finally:
        store.close()
    return 0


# -- parser ----------------------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mock-interview", description="A terminal mock-interview coach for Transformer / LLM interviews."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--bank", metavar="DIR", help="use the bank in DIR (default: the shipped bank)")
    parser.add_argument("--lang", choices=LANGS, help="interface language of the TUI (default: from the locale)")
    parser.add_argument("--data-dir", metavar="DIR", help="where history and transcripts live (or MOCK_INTERVIEW_HOME)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    graders = ("auto", "offline", "llm")

    p = sub.add_parser("questions", help="list the question bank")
    p.add_argument(
        "--tag", action="append", help="only questions with this tag (slug, 中文 or English label); repeatable"
    )
    p.add_argument("--difficulty", action="append", choices=DIFFICULTIES, help="repeatable")
    p.add_argument("--lang", choices=LANGS, help="language of the question text (default: from the locale)")
    p.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    p.add_argument("--due", action="store_true", help="only the questions due for review")
    p.set_defaults(func=_cmd_questions)

    p = sub.add_parser("grade", help="grade one answer")
    p.add_argument("--question", required=True, metavar="ID")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--answer", metavar="TEXT")
    src.add_argument("--answer-file", metavar="PATH", help="a UTF-8 file, or - for standard input")
    p.add_argument("--grader", choices=graders, default="auto", help="default: auto (LLM if configured, else offline)")
    p.add_argument("--lang", choices=LANGS, help="language of the feedback (default: the answer's)")
    p.add_argument("--json", action="store_true", help="print the feedback JSON contract")
    p.set_defaults(func=_cmd_grade)

    def llm_flags(p: argparse.ArgumentParser) -> None:
        p.add_argument("--model", help="LLM model (overrides MOCK_INTERVIEW_MODEL and the config file)")
        p.add_argument("--base-url", help="OpenAI-compatible API root (overrides OPENAI_BASE_URL and the config file)")

    llm_flags(sub.choices["grade"])

    p = sub.add_parser("grade-batch", help="grade a JSON-lines file of answers")
    llm_flags(p)
    p.add_argument("input", metavar="IN.jsonl", help='lines of {"question_id": ..., "answer": ...}; - for stdin')
    p.add_argument("-o", "--output", metavar="OUT.jsonl", help="default: standard output")
    p.add_argument("--grader", choices=graders, default="auto")
    p.add_argument("--concurrency", type=int, default=4, metavar="N")
    p.add_argument("--lang", choices=LANGS, help="language of the feedback (default: each answer's)")
    p.set_defaults(func=_cmd_grade_batch)

    p = sub.add_parser("history", help="past sessions, scores over time, per tag, weakest questions")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=LANGS)
    p.set_defaults(func=_cmd_history)

    p = sub.add_parser("export", help="a session as a Markdown report or the full JSON")
    p.add_argument("session", metavar="SESSION", help="a session number from `history`")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("regrade", help="grade a session's stored answers again (every grading is kept)")
    p.add_argument("session", metavar="SESSION")
    p.add_argument("--grader", choices=graders, default="auto")
    llm_flags(p)
    p.set_defaults(func=_cmd_regrade)

    p = sub.add_parser("resume", help="continue an interrupted session in the TUI")
    p.add_argument("session", metavar="SESSION", nargs="?", help="default: the latest unfinished one")
    p.set_defaults(func=_cmd_resume)

    p = sub.add_parser("config", help="show the effective LLM settings (the API key masked)")
    llm_flags(p)
    p.set_defaults(func=_cmd_config)

    bank = sub.add_parser("bank", help="work with a question bank")
    bank_sub = bank.add_subparsers(dest="bank_command", metavar="SUBCOMMAND", required=True)
    check = bank_sub.add_parser("check", help="lint a bank: exit 0 when clean, 2 on errors")
    check.add_argument("dir", nargs="?", help="the bank folder (holding questions/ and rubrics/)")
    check.set_defaults(func=_cmd_bank_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir:
        from mock_interview.paths import set_data_dir

        set_data_dir(Path(args.data_dir))
    if not getattr(args, "func", None):
        return _run_tui(args)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"mock-interview: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if type(exc).__name__ == "LLMConfigError":  # not imported here: the LLM stack loads only when used
            print(f"mock-interview: {exc}", file=sys.stderr)
            return EXIT_USAGE
        raise
    except KeyboardInterrupt:
        print("mock-interview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
