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
        os.replace(handle.name, output)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror}", EXIT_INPUT)


def console(file: Any = None) -> Any:
    """A rich console that keeps user text literal and honours NO_COLOR and pipes."""
    from rich.console import Console

    return Console(file=file, highlight=False, emoji=False, markup=False, soft_wrap=False)


# --- okr init ------------------------------------------------------------------------


@app.command()
def init(
    ctx: typer.Context,
    quarter_name: Annotated[
        str | None,
        typer.Argument(metavar="[QUARTER]", help="Quarter to start, e.g. 2026-Q4 (default: the current one)."),
    ] = None,
    workspace: WorkspaceOption = None,
    quarter: QuarterOption = None,
) -> None:
    """Start a quarter: okr.yaml (if missing), a commented plan to edit, an empty check-in log, .gitattributes.

    Refuses, writing nothing, if the quarter's plan or log already exists.

    Example:  okr init 2026-Q4
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

        result = init_quarter(root, name, owner=_slug(default_person()))
    for path in result.created:
        typer.echo(f"created {display_path(path)}")
    for path in result.updated:
        typer.echo(f"updated {display_path(path)}")
    plan = display_path(root / f"{name}.yaml")
    typer.echo(f"\nNext: edit {plan}, then `okr lint` and `okr report`; each week, `okr checkin`.")


def _slug(person: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", person.lower()).strip("-") or "your-name"


# --- okr checkin ------------------------------------------------------------------------


@app.command()
def checkin(ctx: typer.Context, workspace: WorkspaceOption = None, quarter: QuarterOption = None) -> None:
    """Record this week's value, confidence and note for your key results.

    Example:  okr checkin weekly-active-teams 1640 --confidence 0.7 --note "onboarding emails live"
    """
    _fail("okr checkin is not available yet in this version", EXIT_USAGE)


# --- okr lint ------------------------------------------------------------------------------


@app.command()
def lint(ctx: typer.Context, workspace: WorkspaceOption = None, quarter: QuarterOption = None) -> None:
    """Check plans and check-in logs: schema, references, and key results that are really tasks.

    Example:  okr lint --format parsable 2026-Q4.yaml
    """
    _fail("okr lint is not available yet in this version", EXIT_USAGE)


# --- okr report ------------------------------------------------------------------------------

REPORT_FORMATS = ("tree", "json")


@app.command()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Evaluate at the end of this day, using only check-ins up to it."),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                               help="tree (default) or json.")] = "tree",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Write the report to FILE instead of the terminal.")] = None,
    workspace: WorkspaceOption = None,
    quarter: QuarterOption = None,
) -> None:
    """Show progress: objectives and key results as a tree with values, targets and status.

    Example:  okr report --as-of 2026-11-15 --format json -o report.json
    """
    from okr.progress import evaluate

    if output_format not in REPORT_FORMATS:
        raise typer.BadParameter(f"{output_format!r}: use one of {', '.join(REPORT_FORMATS)}", param_hint="--format")
    day = parse_day(as_of, "--as-of")
    options = _globals(ctx, workspace, quarter)
    with user_errors():
        _, loaded = load(options)
        data = evaluate(loaded, day or today())
        from okr import render

        if output_format == "json":
            write_output(render.to_json(data), output)
        elif output is None:
            console().print(render.tree(data))
        else:
            import io

            buffer = io.StringIO()
            from rich.console import Console

            Console(file=buffer, width=100, no_color=True, highlight=False, markup=False,
                    emoji=False).print(render.tree(data))
            write_output(buffer.getvalue(), output)


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
