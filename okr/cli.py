"""The `okr` command line: parse options, call the library, render, map errors to exit codes.

Exit codes: 0 success; 1 bad input (a plan, a log or an argument is wrong);
2 usage or configuration error; 3 a bug in okr; 130 interrupted.
Heavy modules (pydantic, rich) are imported inside the commands that need them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from okr.problems import OkrError

if TYPE_CHECKING:
    from okr.model import Quarter
    from okr.workspace import Workspace

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    name="okr",
    help="Objectives and key results as plain YAML files in git.\n\n"
    "Start a quarter with `okr init`, record progress weekly with `okr checkin`, "
    "keep key results honest with `okr lint`, and see where you stand with `okr report`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)

WorkspaceOption = Annotated[
    str | None,
    typer.Option("-C", "--workspace", metavar="DIR", show_envvar=False,
                 help="Workspace folder (default: $OKR_WORKSPACE, else the nearest folder upwards with okr.yaml)."),
]
QuarterOption = Annotated[
    str | None,
    typer.Option("-q", "--quarter", metavar="QUARTER",
                 help="Quarter such as 2026-Q4 (default: the current one, else the latest with a plan)."),
]


@dataclass
class Globals:
    workspace: str | None = None
    quarter: str | None = None


def _globals(ctx: typer.Context, workspace: str | None, quarter: str | None) -> Globals:
    """Options given after the command win over the same options given before it."""
    before = ctx.obj if isinstance(ctx.obj, Globals) else Globals()
    return Globals(workspace or before.workspace, quarter or before.quarter)


def _show_version(value: bool) -> None:
    if value:
        from okr import __version__

        typer.echo(f"okr {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    ctx: typer.Context,
    workspace: WorkspaceOption = None,
    quarter: QuarterOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = Globals(workspace, quarter)


# --- shared helpers ----------------------------------------------------------------


def today() -> dt.date:
    """Today, or $OKR_TODAY (YYYY-MM-DD) for reproducible output and tests."""
    fixed = os.environ.get("OKR_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            _fail(f"OKR_TODAY={fixed!r} is not a date like 2026-11-15", EXIT_USAGE)
    return dt.date.today()


def parse_day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: write it like 2026-11-15", param_hint=option) from None


def _fail(message: str, code: int, hint: str | None = None) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    if hint:
        typer.echo(f"  hint: {hint}", err=True)
    raise typer.Exit(code)


def print_problems(problems: list[Any]) -> None:
    for problem in problems:
        line = f"{problem.path}:{problem.line}:{problem.column}: {problem.message}"
        hint = problem.hint
        if hint and hint.startswith("did you mean"):
            line += f" ({hint})"
            hint = None
        typer.echo(line, err=True)
        if hint:
            typer.echo(f"  hint: {hint}", err=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the library's errors into messages and exit codes; never a traceback for bad input."""
    try:
        yield
    except OkrError as exc:
        print_problems(exc.problems)
        _fail(exc.message, exc.exit_code, exc.hint)
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(EXIT_OK) from None


def _workspace(options: Globals) -> Workspace:
    from okr.workspace import open_workspace

    return open_workspace(options.workspace)


def load(options: Globals) -> tuple[Workspace, Quarter]:
    """Open the workspace and load the chosen quarter, saying so when it is not the current one."""
    from okr.workspace import load_quarter

    workspace = _workspace(options)
    name, notice = workspace.resolve_quarter(options.quarter, today())
    if notice:
        typer.echo(f"note: {notice}", err=True)
    return workspace, load_quarter(workspace, name)


def write_output(text: str, output: Path | None) -> None:
    """Print `text`, or write it to `output` whole (a temporary file renamed into place)."""
    if output is None:
        sys.stdout.write(text)
        return
    import tempfile

    folder = output.parent if str(output.parent) else Path(".")
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False,
                                         prefix=f".{output.name}.") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)  # as if created normally, not tempfile's private 0600
        os.replace(handle.name, output)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}", EXIT_INPUT)


def console(file: Any = None, **options: Any) -> Any:
    """A rich console that keeps user text literal and honours NO_COLOR and pipes."""
    from rich.console import Console

    return Console(file=file, highlight=False, emoji=False, markup=False, soft_wrap=False, **options)


# --- okr init ------------------------------------------------------------------------


@app.command()
def init(
    ctx: typer.Context,
    quarter_name: Annotated[
        str | None,
        typer.Argument(metavar="QUARTER", help="Quarter to start, e.g. 2026-Q4 (default: the current one)."),
    ] = None,
    source: Annotated[str | None, typer.Option("--from", metavar="QUARTER",
                                               help="Carry this quarter's unfinished objectives over.")] = None,
    workspace: WorkspaceOption = None,
    quarter: QuarterOption = None,
) -> None:
    """Start a quarter: okr.yaml (if missing), a commented plan to edit, an empty check-in log, .gitattributes.

    With --from, the plan holds the unfinished objectives of that quarter, their unfinished key results
    with the last values as new baselines, and the open initiatives. Refuses, writing nothing, if the
    quarter's plan or log already exists.

    Example:  okr init 2027-Q1 --from 2026-Q4
    """
    from okr.workspace import ENV_WORKSPACE, SETTINGS_FILE, display_path, find_root, init_quarter

    options = _globals(ctx, workspace, quarter)
    with user_errors():
        if options.workspace or os.environ.get(ENV_WORKSPACE):
            root = Path(options.workspace or os.environ[ENV_WORKSPACE]).resolve()
        else:
            try:
                root = find_root()
            except OkrError:
                root = Path.cwd()
        name = quarter_name or options.quarter
        if name is None:
            from okr.model import quarter_of

            fiscal = 1
            if (root / SETTINGS_FILE).is_file():
                fiscal = _workspace(Globals(str(root))).settings.fiscal_year_start
            name = quarter_of(today(), fiscal)
        from okr.workspace import default_person

        plan_text = None
        if source is not None:
            from okr.carryover import carry_over
            from okr.workspace import load_quarter, open_workspace

            ws = open_workspace(root)
            old_name, _ = ws.resolve_quarter(source, today())
            carried = carry_over(load_quarter(ws, old_name), name, today())
            plan_text = carried.text
        result = init_quarter(root, name, owner=_slug(default_person()), plan_text=plan_text)
    for path in result.created:
        typer.echo(f"created {display_path(path)}")
    for path in result.updated:
        typer.echo(f"updated {display_path(path)}")
    plan = display_path(root / f"{name}.yaml")
    if source is not None:
        typer.echo(f"carried over {len(carried.objectives)} unfinished objective"
                   f"{'' if len(carried.objectives) == 1 else 's'} from {source}")
    typer.echo(f"\nNext: edit {plan}, then `okr lint` and `okr report`; each week, `okr checkin`.")


def _slug(person: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", person.lower()).strip("-") or "your-name"


# --- okr checkin ------------------------------------------------------------------------

OwnerOption = Annotated[str | None, typer.Option("--owner", metavar="NAME", help="Only key results owned by NAME.")]
TeamOption = Annotated[str | None, typer.Option("--team", metavar="TEAM", help="Only objectives of TEAM.")]
ObjectiveOption = Annotated[str | None, typer.Option("--objective", metavar="ID", help="Only this objective.")]
KrArgument = Annotated[str | None, typer.Argument(metavar="KR", help="Key result ID; omit it for the weekly ritual.")]
ValueArgument = Annotated[str | None, typer.Argument(metavar="VALUE", help="A number, or done/no for a milestone.")]
ConfidenceOption = Annotated[str | None, typer.Option("--confidence", "-c", metavar="C", help="Confidence, 0 to 1.")]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="What moved the number.")]
DateOption = Annotated[str | None, typer.Option("--date", "-d", metavar="DATE", help="Day measured (default: today).")]
ByOption = Annotated[
    str | None, typer.Option("--by", metavar="NAME", help="Who measured (default: git user.name, else $USER).")
]


@app.command()
def checkin(
    ctx: typer.Context,
    kr_id: KrArgument = None,
    value: ValueArgument = None,
    confidence: ConfidenceOption = None,
    note: NoteOption = None,
    date: DateOption = None,
    by: ByOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be appended; write nothing.")] = False,
    missing: Annotated[bool, typer.Option("--missing", help="List key results with no check-in this week.")] = False,
    owner: OwnerOption = None,
    team: TeamOption = None,
    objective: ObjectiveOption = None,
    workspace: WorkspaceOption = None,
    quarter: QuarterOption = None,
) -> None:
    """Record a value, a confidence and a note for a key result; without KR, walk through them all.

    `okr checkin KR VALUE` validates against the plan and appends one line to the quarter's log.
    `okr checkin` alone is the weekly ritual: for each key result it shows the last value, where it
    should be by now and the trend, and asks for the value (Enter skips), the confidence (Enter keeps
    the last one) and a note. Nothing is written until the end. Negative values follow `--`.

    Example:  okr checkin weekly-active-teams 1640 --confidence 0.7 --note "onboarding emails live"
    """
    from okr import checkin as checkins
    from okr.workspace import append_checkins, default_person, load_quarter

    day = parse_day(date, "--date") or today()
    options = _globals(ctx, workspace, quarter)
    if kr_id is not None and (missing or owner or team or objective):
        raise typer.BadParameter("--missing, --owner, --team and --objective go without a KR", param_hint="KR")
    if kr_id is not None and value is None:
        raise typer.BadParameter(f"give the value to record: okr checkin {kr_id} VALUE", param_hint="VALUE")
    with user_errors():
        ws = _workspace(options)
        name, notice = ws.resolve_quarter(options.quarter, day)
        if notice:
            typer.echo(f"note: {notice}", err=True)
        loaded = load_quarter(ws, name, tolerate_log=True)
        for problem in loaded.log_problems:
            typer.echo(f"warning: {problem.path}:{problem.line}: {problem.message} (see `okr lint`)", err=True)
        checkins.check_date(loaded, day)
        if missing:
            checkins.check_filters(loaded, owner, team, objective)
            _print_missing(loaded, day, checkins.missing(loaded, day, owner, team, objective))
            return
        person = by or default_person()
        if kr_id is None:
            checkins.check_filters(loaded, owner, team, objective)
            _ritual(loaded, day, person, checkins.assignments(loaded, owner, team, objective), dry_run, owner)
            return
        assert value is not None
        record = checkins.make_checkin(loaded, kr_id, value, day, confidence, note, person)
        if dry_run:
            _print_dry_run(loaded, [record])
            return
        append_checkins(loaded.log_path, [record], header=_log_header(loaded))
        _print_recorded(loaded, record)


def _log_header(quarter: Quarter) -> str:
    from okr.workspace import log_header

    return log_header(quarter.name, quarter.start)


def _print_dry_run(quarter: Quarter, records: list[Any]) -> None:
    from okr.workspace import checkin_line, display_path

    typer.echo(f"would append to {display_path(quarter.log_path)} (dry run, nothing written):")
    for record in records:
        typer.echo(checkin_line(record), nl=False)


def _kr_report(quarter: Quarter, record: Any) -> Any:
    """The key result's report data once `record` is counted (as of its date)."""
    from okr.model import LoggedCheckIn
    from okr.progress import evaluate, find_key_result

    quarter.checkins.append(LoggedCheckIn(record, 1 << 30))
    found = find_key_result(evaluate(quarter, record.date), record.kr)
    assert found is not None
    return found


def _print_recorded(quarter: Quarter, record: Any) -> None:
    from okr.render import STATUS_WORDS, clean, percent, value_text
    from okr.workspace import display_path

    kr = _kr_report(quarter, record)
    extra = f" (confidence {record.confidence:g})" if record.confidence is not None else ""
    typer.echo(f"Recorded {record.kr} = {value_text(record.value, kr.unit)} on {record.date}{extra} "
               f"in {display_path(quarter.log_path)}")
    status = STATUS_WORDS[kr.status]
    if kr.kind == "threshold":
        typer.echo(f"{clean(kr.title)}: {'holds' if kr.progress >= 1 else 'breached'} · {status}")
    else:
        typer.echo(f"{clean(kr.title)}: {percent(kr.progress)} (expected {percent(kr.expected)}) · {status}")


def _print_missing(quarter: Quarter, day: dt.date, items: list[Any]) -> None:
    from okr.checkin import assignments, iso_week
    from okr.render import clean

    monday, sunday = iso_week(day)
    week = day.isocalendar()
    typer.echo(f"Missing check-ins · {quarter.name} · week {week.week} ({monday} to {sunday})")
    last: dict[str, dt.date] = {}
    for logged in quarter.checkins:
        if logged.checkin.date <= day:
            last[logged.checkin.kr] = max(logged.checkin.date, last.get(logged.checkin.kr, logged.checkin.date))
    owners: dict[str, list[Any]] = {}
    for item in items:
        owners.setdefault(item.owner or "(no owner)", []).append(item)
    width = max((len(i.key_result.id) for i in items), default=0)
    for who, group in owners.items():
        typer.echo(f"\n{clean(who)}")
        for item in group:
            seen = last.get(item.key_result.id)
            when = f"last {seen}" if seen else "never checked in"
            typer.echo(f"  {item.key_result.id:<{width}}  {clean(item.key_result.title)}  ({when})")
    total = len(assignments(quarter))
    if items:
        typer.echo(f"\n{len(items)} of {total} key results have no check-in this week.")
    else:
        typer.echo(f"Every key result has a check-in this week ({total}).")


class _Answers:
    """Reads answers line by line from stdin; once input ends, every later question gets no answer."""

    def __init__(self) -> None:
        self.ended = False

    def read(self, prompt: str) -> str | None:
        if self.ended:
            return None
        try:
            text = input(prompt)
        except EOFError:
            self.ended = True
            typer.echo()
            return None
        if not sys.stdin.isatty():  # piped answers are not echoed by a terminal: show them for a readable log
            typer.echo(text)
        return text

    def ask(self, prompt: str, parse: Any, default: Any = None) -> Any:
        """Ask until the answer parses; Enter (or the end of input) gives `default`."""
        while True:
            text = self.read(prompt)
            if text is None or not text.strip():
                return default
            try:
                return parse(text)
            except OkrError as exc:
                typer.echo(f"      {exc.message}" + (f" ({exc.hint})" if exc.hint else ""))


def _ritual(quarter: Quarter, day: dt.date, person: str, items: list[Any], dry_run: bool, owner: str | None) -> None:
    """The weekly check-in: one key result at a time, everything written at the end."""
    from okr.checkin import parse_confidence, parse_value
    from okr.model import CheckIn
    from okr.progress import evaluate, find_key_result
    from okr.render import clean
    from okr.workspace import append_checkins, display_path

    if not items:
        typer.echo(f"No key results to check in for {quarter.name}: add some to the plan first.")
        return
    report = evaluate(quarter, day)
    week = day.isocalendar().week
    whose = f" for {clean(owner)}" if owner else ""
    typer.echo(f"Weekly check-in · {quarter.name} · week {week} · {len(items)} key results{whose}\n")
    answers = _Answers()
    records: list[CheckIn] = []
    skipped = 0
    try:
        for number, item in enumerate(items, start=1):
            kr = item.key_result
            data = find_key_result(report, kr.id)
            assert data is not None
            typer.echo(f"[{number}/{len(items)}] {clean(kr.title)}    {item.objective.id}")
            typer.echo(f"      {_ritual_context(data)}")
            value = answers.ask("      value (Enter skips): ", lambda text, kr=kr: parse_value(kr, text))
            if value is None:
                skipped += 1
                typer.echo()
                if answers.ended:
                    skipped += len(items) - number
                    break
                continue
            last = f"{data.confidence:g}" if data.confidence is not None else ""
            confidence = answers.ask(f"      confidence 0–1 [{last}]: ", parse_confidence, data.confidence)
            note = answers.ask("      note: ", lambda text: text.strip())
            records.append(CheckIn(date=day, kr=kr.id, value=value, confidence=confidence, note=note or None,
                                   by=person))
            typer.echo()
    except KeyboardInterrupt:
        typer.echo("\ninterrupted: nothing was written", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if not records:
        typer.echo(f"Nothing recorded ({skipped} skipped).")
        return
    if dry_run:
        _print_dry_run(quarter, records)
        return
    append_checkins(quarter.log_path, records, header=_log_header(quarter))
    _print_summary(quarter, records)
    noun = "check-in" if len(records) == 1 else "check-ins"
    typer.echo(f"Recorded {len(records)} {noun} in {display_path(quarter.log_path)} ({skipped} skipped).")


def _ritual_context(kr: Any) -> str:
    """'last 1,560 on 2026-11-08 · expected by now 1,600 · target 2,000 teams · ▁▂▃▅▆ +80/wk'."""
    from okr.render import signed, sparkline, target_text, value_text, with_unit

    parts = [f"last {value_text(kr.history[-1].value, kr.unit)} on {kr.last_date}" if kr.history else "no check-in yet"]
    if kr.kind == "metric":
        parts.append(f"expected by now {with_unit(kr.expected_value, kr.unit)}")
        parts.append(f"target {with_unit(kr.target, kr.unit)}")
    elif kr.kind == "threshold":
        parts.append(f"must hold {target_text(kr)}")
    else:
        parts.append("target: done by the end of the quarter")
    numeric = [float(p.value) for p in kr.history if not isinstance(p.value, bool)]
    if len(numeric) >= 2:
        trend = f" {signed(kr.trend, kr.unit)}/wk" if kr.trend is not None else ""
        parts.append(sparkline(numeric[-8:]) + trend)
    return " · ".join(parts)


def _print_summary(quarter: Quarter, records: list[Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    from okr.render import clean, value_text

    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    for column in ("key result", "value", "confidence", "note"):
        table.add_column(column)
    for record in records:
        unit = quarter.key_results[record.kr].unit
        table.add_row(Text(record.kr), Text(value_text(record.value, unit)),
                      Text(f"{record.confidence:g}" if record.confidence is not None else "–"),
                      Text(clean(record.note)))
    console().print(table)


# --- okr lint ------------------------------------------------------------------------------


def _rule_list(values: list[str] | None) -> set[str] | None:
    if not values:
        return None
    return {part.strip() for value in values for part in value.split(",") if part.strip()}


@app.command()
def lint(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(metavar="PATH",
                                                       help="Files to check (default: the whole workspace).")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                               help="auto (default), text, parsable, json or github.")] = "auto",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    select: Annotated[list[str] | None, typer.Option("--select", metavar="RULES",
                                                     help="Only these rules (comma-separated).")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="RULES",
                                                     help="Skip these rules (comma-separated).")] = None,
    workspace: WorkspaceOption = None,
    quarter: QuarterOption = None,
) -> None:
    """Check plans and check-in logs: schema, references, and key results that are really tasks.

    With no PATH, checks every quarter of the workspace (or the one given with -q). With PATHs, as
    pre-commit passes them, checks those files in the context of their workspace (a check-in log against
    its plan) and skips YAML files that are not part of an okr workspace. Silence a rule on one line with
    `# okr: disable-line RULE`, everywhere with `lint.ignore` in okr.yaml. Exit codes: 0 clean or only
    warnings, 1 errors (or warnings with --strict), 2 usage or configuration error. Rules: docs/rules.md.

    Example:  okr lint --format parsable 2026-Q4.yaml
    """
    from okr import lint as linting

    if output_format not in linting.FORMATS:
        raise typer.BadParameter(f"{output_format!r}: use one of {', '.join(linting.FORMATS)}", param_hint="--format")
    options = _globals(ctx, workspace, quarter)
    with user_errors():
        chosen, skipped = _rule_list(select), _rule_list(ignore) or set()
        linting.check_rule_ids(sorted(chosen or set()), "--select")
        linting.check_rule_ids(sorted(skipped), "--ignore")
        selection = linting.Selection(chosen, skipped)
        result = _lint_paths(paths, selection, options) if paths else _lint_workspace(selection, options)
    fmt = output_format
    if fmt == "auto":
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text" if sys.stdout.isatty() else "parsable"
    if fmt == "json":
        sys.stdout.write(linting.format_json(result))
    elif fmt == "parsable":
        sys.stdout.write(linting.format_parsable(result))
    elif fmt == "github":
        sys.stdout.write(linting.format_github(result))
    else:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        sys.stdout.write(linting.format_text(result, color=color))
    if result.errors or (strict and result.warnings):
        raise typer.Exit(EXIT_INPUT)


def _lint_workspace(selection: Any, options: Globals) -> Any:
    from okr import lint as linting

    ws = _workspace(options)
    linting.check_settings_rules(ws)
    names = [ws.resolve_quarter(options.quarter, today())[0]] if options.quarter else ws.quarters()
    return linting.merge(linting.lint_quarter(ws, name, today(), selection) for name in names)


def _lint_paths(paths: list[Path], selection: Any, options: Globals) -> Any:
    """Lint the given files within their workspaces; files that are not okr files are skipped."""
    from okr import lint as linting
    from okr.workspace import classify_file, open_workspace

    targets: dict[tuple[Path, str], set[Path]] = {}
    settings_roots: set[Path] = set()
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise typer.BadParameter(f"{path} does not exist", param_hint="PATH")
        files += sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    for path in files:
        found = classify_file(path)
        if found is None:
            continue
        settings_roots.add(found.root)
        if found.quarter is not None:
            targets.setdefault((found.root, found.quarter), set()).add(found.path)
    results = []
    for root in sorted(settings_roots):
        ws = open_workspace(root)
        linting.check_settings_rules(ws)
        for (target_root, name), wanted in sorted(targets.items()):
            if target_root == root and ws.plan_paths(name):
                results.append(linting.lint_quarter(ws, name, today(), selection, only=wanted))
    return linting.merge(results)


# --- okr report ------------------------------------------------------------------------------

REPORT_FORMATS = ("tree", "markdown", "json", "html")


@app.command()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Evaluate at the end of this day, using only check-ins up to it."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="tree (default), markdown, json or html.")
    ] = "tree",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE.")
    ] = None,
    team: TeamOption = None,
    owner: OwnerOption = None,
    objective: ObjectiveOption = None,
    workspace: WorkspaceOption = None,
    quarter: QuarterOption = None,
) -> None:
    """Show progress: objectives, key results and aligned team objectives, with values, targets and status.

    The tree shows for each key result its current value and target, progress, the change over the last
    week, a sparkline of weekly values, the last confidence and the forecast. Filters keep the objectives
    above a match, dimmed, to show where it fits.

    Example:  okr report --as-of 2026-11-15 --team growth --format markdown -o okrs.md
    """
    from okr.checkin import check_filters
    from okr.progress import evaluate, filter_report

    if output_format not in REPORT_FORMATS:
        raise typer.BadParameter(f"{output_format!r}: use one of {', '.join(REPORT_FORMATS)}", param_hint="--format")
    day = parse_day(as_of, "--as-of")
    options = _globals(ctx, workspace, quarter)
    with user_errors():
        _, loaded = load(options)
        check_filters(loaded, owner, team, objective)
        data = filter_report(evaluate(loaded, day or today()), team=team, owner=owner, objective=objective)
        if output_format == "json":
            from okr.render import to_json

            write_output(to_json(data), output)
        elif output_format == "markdown":
            from okr.render import markdown

            write_output(markdown.render(data), output)
        elif output_format == "html":
            from okr.render import html

            write_output(html.render(data), output)
        else:
            from okr.render import tree

            if output is None:
                screen = console()
                write_output(tree.to_text(data, screen.width, color=screen.is_terminal and not screen.no_color), None)
            else:
                write_output(tree.to_text(data, 100), output)
        if output is not None:
            from okr.workspace import display_path

            typer.echo(f"wrote {display_path(output)}", err=True)


# --- okr schema ---------------------------------------------------------------------------------


@app.command()
def schema(
    which: Annotated[str, typer.Argument(metavar="FILE", help="plan (default) or settings (okr.yaml).")] = "plan",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE.")] = None,
) -> None:
    """Print the JSON Schema of the plan file (or of okr.yaml), for editor completion and checks.

    With yaml-language-server (VS Code's YAML extension, Neovim, Helix), save it and point a plan at it
    with a first line `# yaml-language-server: $schema=okr-plan.schema.json`.

    Example:  okr schema -o okr-plan.schema.json
    """
    import json

    from pydantic import BaseModel

    from okr.model import Plan, Settings

    models: dict[str, type[BaseModel]] = {"plan": Plan, "settings": Settings}
    if which not in models:
        raise typer.BadParameter(f"{which!r}: use plan or settings", param_hint="FILE")
    document = models[which].model_json_schema()
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **document,
                "title": "okr plan file" if which == "plan" else "okr.yaml"}
    with user_errors():
        write_output(json.dumps(document, indent=2) + "\n", output)


def main() -> None:
    """Entry point of the `okr` script: unexpected exceptions become exit 3 with one line, not a traceback."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # a bug in okr, not in the user's files
        import traceback

        log = Path(os.environ.get("TMPDIR", "/tmp")) / "okr-crash.log"
        try:
            log.write_text(traceback.format_exc(), encoding="utf-8")
            where = f"details in {log}"
        except OSError:
            where = "run with OKR_DEBUG=1 for details"
        if os.environ.get("OKR_DEBUG"):
            raise
        sys.stderr.write(f"okr: internal error ({type(exc).__name__}: {exc}); {where}. Please report it.\n")
        sys.exit(EXIT_BUG)
