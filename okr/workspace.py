"""The workspace on disk: finding it, loading a quarter with source positions, the check-in log, init.

Nothing here prints or exits: bad input raises `InputError` (exit 1) and a
missing or broken workspace raises `ConfigError` (exit 2), each carrying
`Problem`s that point at a file and line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okr.problems import ERROR, ConfigError, InputError, Problem, closest

SETTINGS_FILE = "okr.yaml"
FOLDER_LOG = "checkins.yaml"
LOG_SUFFIX = ".checkins.yaml"
ENV_WORKSPACE = "OKR_WORKSPACE"
QUARTER_NAME = re.compile(r"^\d{4}-Q[1-4]$")


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as a user should see it: relative to the current folder when inside it."""
    base = (cwd or Path.cwd()).resolve()
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path)


def find_root(explicit: str | Path | None = None, cwd: Path | None = None,
              environ: Mapping[str, str] | None = None) -> Path:
    """The workspace folder: `explicit`, else $OKR_WORKSPACE, else the nearest folder upwards with okr.yaml."""
    environ = os.environ if environ is None else environ
    cwd = cwd or Path.cwd()
    chosen = explicit or environ.get(ENV_WORKSPACE) or None
    if chosen:
        root = (cwd / Path(chosen)).resolve()
        if not (root / SETTINGS_FILE).is_file():
            how = "-C/--workspace" if explicit else f"${ENV_WORKSPACE}"
            raise ConfigError(f"{root} is not an okr workspace (no {SETTINGS_FILE}), given by {how}",
                              hint=f"run `okr -C {chosen} init` to create one there")
        return root
    for folder in (cwd.resolve(), *cwd.resolve().parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise ConfigError(f"no okr workspace here: no {SETTINGS_FILE} in {cwd} or any folder above it",
                      hint="run `okr init` to start one, or pass -C DIR")


@dataclass
class Workspace:
    """A workspace folder and its validated settings."""

    root: Path
    settings: Any  # okr.model.Settings; typed loosely so this module imports without pydantic
    settings_document: Any = None  # okr.source.Document of okr.yaml, for positions

    @property
    def settings_path(self) -> Path:
        return self.root / SETTINGS_FILE

    def quarters(self) -> list[str]:
        """Names of the quarters that have a plan, oldest first."""
        names = set()
        for entry in self.root.iterdir():
            stem = entry.name[: -len(".yaml")] if entry.name.endswith(".yaml") else entry.name
            if not QUARTER_NAME.match(stem):
                continue
            if (entry.is_file() and entry.name.endswith(".yaml")) or (entry.is_dir() and plan_files_in(entry)):
                names.add(stem)
        return sorted(names)

    def plan_paths(self, quarter: str) -> list[Path]:
        """The plan files of a quarter: `2026-Q4.yaml`, or every `2026-Q4/*.yaml` but the log."""
        single = self.root / f"{quarter}.yaml"
        folder = self.root / quarter
        if single.is_file() and folder.is_dir() and plan_files_in(folder):
            raise ConfigError(f"quarter {quarter} has both {single.name} and a folder {quarter}/",
                              hint="keep one: merge the file into the folder or the folder into the file")
        if single.is_file():
            return [single]
        return plan_files_in(folder) if folder.is_dir() else []

    def log_path(self, quarter: str) -> Path:
        """Where a quarter's check-ins are appended."""
        folder = self.root / quarter
        if folder.is_dir() and not (self.root / f"{quarter}.yaml").is_file():
            return folder / FOLDER_LOG
        return self.root / f"{quarter}{LOG_SUFFIX}"

    def resolve_quarter(self, requested: str | None, today: dt.date) -> tuple[str, str | None]:
        """The quarter to work on and, when it is not the obvious one, a notice saying why.

        Without a request: the quarter containing today if it has a plan, else the most recent one that does.
        """
        from okr.model import parse_quarter_name, quarter_of

        available = self.quarters()
        if requested:
            try:
                parse_quarter_name(requested)
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
            if requested not in available:
                known = ", ".join(available) or "none yet"
                raise ConfigError(f"quarter {requested} has no plan in {self.root} (quarters: {known})",
                                  hint=f"run `okr init {requested}` to start it")
            return requested, None
        current = quarter_of(today, self.settings.fiscal_year_start)
        if current in available:
            return current, None
        if not available:
            raise ConfigError(f"no quarter has a plan in {self.root}", hint=f"run `okr init {current}`")
        latest = available[-1]
        return latest, f"no plan for {current}; showing {latest}, the most recent quarter with a plan"


def plan_files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and p.name != FOLDER_LOG)


def read_text(path: Path, cwd: Path | None = None) -> str:
    """A file's text as UTF-8, with decoding errors reported at their line."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{display_path(path, cwd)} is not UTF-8 text", [
            Problem(display_path(path, cwd), line, 1, "syntax", ERROR,
                    f"bytes that are not UTF-8 at line {line}", "save the file as UTF-8")]) from None


def open_workspace(explicit: str | Path | None = None, cwd: Path | None = None,
                   environ: Mapping[str, str] | None = None) -> Workspace:
    """Find the workspace and validate its okr.yaml (problems in it are configuration errors)."""
    from okr.model import Settings, validate
    from okr.source import YamlSyntaxError, parse

    root = find_root(explicit, cwd, environ)
    path = root / SETTINGS_FILE
    shown = display_path(path, cwd)
    try:
        document = parse(read_text(path, cwd), shown)
    except YamlSyntaxError as exc:
        raise ConfigError(f"{shown} is not valid YAML", [exc.problem]) from None
    except InputError as exc:
        raise ConfigError(exc.message, exc.problems) from None
    if document.data is None:
        document.data = {}
    settings, problems = validate(Settings, document)
    problems = document.problems + problems
    if problems or settings is None:
        raise ConfigError(f"{shown} has {_count(problems, 'problem')}", problems)
    return Workspace(root, settings, document)


def _count(items: list[Any], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


# --- loading a quarter ----------------------------------------------------------


def load_quarter(workspace: Workspace, name: str, cwd: Path | None = None, *, tolerate_log: bool = False) -> Any:
    """Load and check a quarter's plan files and check-in log; `InputError` lists every problem found.

    With `tolerate_log`, problems in the log do not fail the load: the bad lines are left out and
    the problems kept in `quarter.log_problems` (for commands that append to a damaged log).
    """
    quarter, problems = collect_quarter(workspace, name, cwd)
    if not problems and not tolerate_log:
        problems = quarter.log_problems
    if problems:
        raise InputError(f"{name} has {_count(problems, 'problem')}", problems)
    return quarter


def collect_quarter(workspace: Workspace, name: str, cwd: Path | None = None) -> tuple[Any, list[Problem]]:
    """A quarter as far as it loads, and the problems of its plan; log problems are in `quarter.log_problems`.

    When the plan has problems, `quarter.files` holds only the plan files that validated, and the log is
    only read for its own syntax (it cannot be checked against a broken plan).
    """
    from okr.model import Quarter, quarter_bounds

    start, end = quarter_bounds(name, workspace.settings.fiscal_year_start)
    files, problems = [], []
    for path in workspace.plan_paths(name):
        plan_file, found = _load_plan_file(path, name, cwd)
        problems += found
        if plan_file is not None:
            files.append(plan_file)
    quarter = Quarter(name, start, end, workspace.settings, files, workspace.log_path(name))
    if not problems:
        problems += check_plan(quarter, cwd)
    checkins, log_problems = read_log(quarter.log_path, cwd)
    if not problems:
        misfits = check_log(quarter, checkins, cwd)
        log_problems += misfits
        bad_lines = {p.line for p in misfits}
        quarter.checkins = [c for c in checkins if c.line not in bad_lines]
    quarter.log_problems = sorted(log_problems)
    return quarter, sorted(problems)


def _load_plan_file(path: Path, quarter: str, cwd: Path | None) -> tuple[Any, list[Problem]]:
    from okr.model import Plan, PlanFile, validate
    from okr.source import YamlSyntaxError, parse

    shown = display_path(path, cwd)
    try:
        document = parse(read_text(path, cwd), shown)
    except YamlSyntaxError as exc:
        return None, [exc.problem]
    except InputError as exc:
        return None, exc.problems
    if document.data is None:
        document.data = {}
    plan, problems = validate(Plan, document)
    problems = document.problems + problems
    if plan is None:
        return None, problems
    if plan.quarter is not None and plan.quarter != quarter:
        problems.append(document.source.problem(
            ("quarter",), "schema", f"quarter: {plan.quarter} does not match the file name ({quarter})",
            f"write `quarter: {quarter}` or rename the file"))
    return PlanFile(path, document, plan), problems


def where(quarter: Any, keypath_of: dict[str, tuple[Any, tuple[Any, ...]]], item_id: str,
          field: str | None = None) -> tuple[Any, tuple[Any, ...]]:
    """Source map and key path of an objective or KR (`field` appended when given)."""
    plan_file, keypath = keypath_of[item_id]
    return plan_file.document.source, (*keypath, field) if field else keypath


def index_ids(quarter: Any) -> dict[str, tuple[Any, tuple[Any, ...]]]:
    """Every objective and KR ID -> (plan file, key path); the first wins when an ID repeats."""
    index: dict[str, tuple[Any, tuple[Any, ...]]] = {}
    for plan_file in quarter.files:
        for i, objective in enumerate(plan_file.plan.objectives):
            index.setdefault(objective.id, (plan_file, ("objectives", i)))
            for j, kr in enumerate(objective.key_results):
                index.setdefault(kr.id, (plan_file, ("objectives", i, "key_results", j)))
    return index


def check_plan(quarter: Any, cwd: Path | None = None) -> list[Problem]:
    """Cross-file checks the models cannot make alone: unique IDs, references, alignment cycles, plan dates."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    objective_ids: set[str] = set()
    kr_ids: set[str] = set()
    for plan_file in quarter.files:
        source = plan_file.document.source
        for i, objective in enumerate(plan_file.plan.objectives):
            objective_ids.add(objective.id)
            items: list[tuple[str, tuple[Any, ...]]] = [(objective.id, ("objectives", i, "id"))]
            for j, kr in enumerate(objective.key_results):
                kr_ids.add(kr.id)
                items.append((kr.id, ("objectives", i, "key_results", j, "id")))
            for item_id, keypath in items:
                line, _ = source.value(keypath)
                here = f"{source.path}:{line}"
                if item_id in seen:
                    problems.append(source.problem(
                        keypath, "duplicate-id", f"ID '{item_id}' is already used at {seen[item_id]}",
                        "IDs are unique across the quarter's objectives and key results: rename one"))
                else:
                    seen[item_id] = here
    teams = [t.id for t in quarter.settings.teams]
    for plan_file in quarter.files:
        source = plan_file.document.source
        for i, objective in enumerate(plan_file.plan.objectives):
            base = ("objectives", i)
            if objective.aligns_to is not None and objective.aligns_to not in seen:
                problems.append(_unknown(source, (*base, "aligns_to"), "aligns_to", objective.aligns_to,
                                         sorted(seen)))
            if objective.aligns_to == objective.id or objective.aligns_to in {k.id for k in objective.key_results}:
                problems.append(source.problem((*base, "aligns_to"), "alignment-cycle",
                                               f"objective '{objective.id}' aligns to itself",
                                               "align it to a company objective or key result"))
            if teams and objective.team is not None and objective.team not in teams:
                problems.append(_unknown(source, (*base, "team"), "team", objective.team, teams,
                                         where=f"the teams in {SETTINGS_FILE}"))
            for k, initiative in enumerate(objective.initiatives):
                for m, ref in enumerate(initiative.key_results):
                    if ref not in kr_ids:
                        problems.append(_unknown(source, (*base, "initiatives", k, "key_results", m),
                                                 "key result", ref, sorted(kr_ids)))
            for j, kr in enumerate(objective.key_results):
                for day in (kr.plan or {}):
                    if not quarter.start <= day <= quarter.end:
                        problems.append(source.problem(
                            (*base, "key_results", j, "plan", day), "schema",
                            f"plan date {day} of '{kr.id}' is outside {quarter.name} "
                            f"({quarter.start} to {quarter.end})", "use a date inside the quarter",
                            at_key=True))
    if not problems:
        problems += _alignment_cycles(quarter)
    return problems


def _unknown(source: Any, keypath: tuple[Any, ...], what: str, value: str, known: list[str],
             where: str = "this quarter") -> Problem:
    guesses = closest(value, known)
    hint = f"did you mean '{guesses[0]}'?" if guesses else (f"known: {', '.join(known[:8])}" if known else None)
    problem: Problem = source.problem(keypath, "unknown-reference", f"{what} '{value}' does not exist in {where}", hint)
    return problem


def _alignment_cycles(quarter: Any) -> list[Problem]:
    """Objectives that align, directly or through a KR, back to themselves."""
    parent: dict[str, str] = {}
    kr_owner = {k.id: o.id for o in quarter.objectives for k in o.key_results}
    for objective in quarter.objectives:
        if objective.aligns_to is not None:
            parent[objective.id] = kr_owner.get(objective.aligns_to, objective.aligns_to)
    index = index_ids(quarter)
    problems: list[Problem] = []
    reported: set[str] = set()
    for objective_id in parent:
        path, current = [objective_id], objective_id
        while current in parent:
            current = parent[current]
            if current == objective_id:
                if not reported & set(path):
                    source, keypath = where(quarter, index, objective_id, "aligns_to")
                    loop = " -> ".join([*path, objective_id])
                    problems.append(source.problem(keypath, "alignment-cycle", f"alignment loop: {loop}",
                                                   "an objective cannot align, even indirectly, to itself"))
                    reported.update(path)
                break
            if current in path:
                break
            path.append(current)
    return problems


# --- the check-in log --------------------------------------------------------------


def read_log(path: Path, cwd: Path | None = None) -> tuple[list[Any], list[Problem]]:
    """Read a check-in log: JSON fast path per line, YAML for hand-written entries; problems by line."""
    from okr.model import CheckIn, LoggedCheckIn, validate
    from okr.source import Document, SourceMap, YamlSyntaxError, parse

    if not path.exists():
        return [], []
    shown = display_path(path, cwd)
    text = read_text(path, cwd)
    checkins: list[LoggedCheckIn] = []
    problems: list[Problem] = []
    for line, entry, partial in _log_entries(text):
        data: Any = None
        if entry.startswith("- {") and "\n" not in entry:
            try:
                data = json.loads(entry[2:])
            except ValueError:
                data = None
        if data is not None and isinstance(data, dict):
            document = Document(data, SourceMap(shown, values={(): (line, 3)}))
        else:
            try:
                parsed = parse(entry, shown, line_offset=line - 1)
            except YamlSyntaxError as exc:
                problem = Problem(shown, exc.problem.line, exc.problem.column, "bad-checkin", ERROR,
                                  exc.problem.message, "write the check-in as one JSON object on one line")
                if partial:
                    problem = Problem(shown, line, 1, "bad-checkin", ERROR,
                                      "incomplete last line (a write was interrupted?)",
                                      "delete this line and check in again")
                problems.append(problem)
                continue
            problems += parsed.problems
            if not isinstance(parsed.data, list) or len(parsed.data) != 1:
                problems.append(Problem(shown, line, 1, "bad-checkin", ERROR,
                                        "expected one check-in per entry, like "
                                        '- {"date": "2026-10-05", "kr": "some-kr", "value": 12}'))
                continue
            document = Document(parsed.data[0], _shift(parsed.source))
        checkin, found = validate(CheckIn, document)
        if checkin is None:
            problems += [Problem(p.path, p.line, p.column, "bad-checkin", p.level, p.message, p.hint)
                         for p in found]
            continue
        checkins.append(LoggedCheckIn(checkin, line))
    return checkins, problems


def _shift(source: Any) -> Any:
    """A source map of a one-item list, re-rooted at its item."""
    from okr.source import SourceMap

    values = {k[1:]: v for k, v in source.values.items() if k[:1] == (0,)}
    keys = {k[1:]: v for k, v in source.keys.items() if k[:1] == (0,)}
    return SourceMap(source.path, values, keys, source.line_offset)


def _log_entries(text: str) -> list[tuple[int, str, bool]]:
    """Split a log into entries: (first line number, text, is an unterminated last line).

    An entry starts at a line beginning with '-' and takes the indented lines after it,
    so hand-written block-style YAML entries work as well as one-line JSON ones.
    """
    entries: list[tuple[int, str, bool]] = []
    lines = text.split("\n")
    unterminated = not text.endswith("\n") and text != ""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if raw[:1] in (" ", "\t") and current:
            current.append(raw)
            continue
        if current:
            entries.append((start, "\n".join(current), False))
        current, start = [raw], number
    if current:
        last_line = len(lines)
        entries.append((start, "\n".join(current), unterminated and start + len(current) - 1 >= last_line))
    return entries


def check_log(quarter: Any, checkins: list[Any], cwd: Path | None = None) -> list[Problem]:
    """Check-ins that do not fit the plan: unknown KR, rollup KR, wrong value type, date outside the quarter."""
    shown = display_path(quarter.log_path, cwd)
    problems = []
    for logged in checkins:
        found = checkin_problem(quarter, logged.checkin)
        if found:
            rule, message, hint = found
            problems.append(Problem(shown, logged.line, 1, rule, ERROR, message, hint))
    return problems


def checkin_problem(quarter: Any, checkin: Any) -> tuple[str, str, str | None] | None:
    """(rule, message, hint) for a check-in that does not fit the quarter's plan, else None."""
    key_results = quarter.key_results
    kr = key_results.get(checkin.kr)
    if kr is None:
        guesses = closest(checkin.kr, sorted(key_results))
        hint = f"did you mean {' or '.join(repr(g) for g in guesses)}?" if guesses else \
            f"key results: {', '.join(sorted(key_results)[:8])}"
        return "unknown-reference", f"check-in for unknown key result '{checkin.kr}'", hint
    if kr.kind == "aligned":
        return ("bad-checkin", f"'{kr.id}' is measured by its aligned objectives and takes no check-ins",
                "check in the key results of the objectives aligned to it")
    if kr.kind == "milestone" and not isinstance(checkin.value, bool):
        return ("bad-checkin", f"'{kr.id}' is a milestone: its value is true or false",
                "use true, false, yes, no or done")
    if kr.kind != "milestone" and isinstance(checkin.value, bool):
        return "bad-checkin", f"'{kr.id}' is a {kr.kind} key result: its value is a number", None
    if not quarter.start <= checkin.date <= quarter.end:
        return ("bad-checkin", f"check-in dated {checkin.date} is outside {quarter.name} "
                f"({quarter.start} to {quarter.end})", "use a date inside the quarter")
    return None


# --- okr init -------------------------------------------------------------------------

SETTINGS_TEMPLATE = """\
# okr workspace settings. Every key is optional; unknown keys are errors.
organization: {organization}
fiscal_year_start: 1        # month in which Q1 of a fiscal year starts
# teams:                    # when present, an objective's `team:` must name one
#   - {{id: growth, name: Growth}}
# status:                   # thresholds on gap = progress - expected
#   at_risk: 0.10
#   off_track: 0.25
# lint:
#   ignore: []              # rule IDs to silence everywhere
#   stale_after_days: 14
"""

PLAN_TEMPLATE = """\
# Objectives and key results for {quarter} ({start} to {end}).
#
# An OBJECTIVE is a qualitative, ambitious goal. It holds no number.
# A KEY RESULT measures how close you are to it: an outcome moving from a
#   baseline to a target, never a task. "Launch the new website" is a task;
#   "Raise trial sign-ups from 400 to 650 a week" is a key result.
# An INITIATIVE is the work you do to move key results: tasks go there.
#
# A key result's kind follows from its fields (exactly one per KR):
#   metric     start: 35, target: 50        progress = (current - start) / (target - start)
#              (target below start for a metric that should go down)
#   threshold  at_least: 99.9 and/or at_most: 4      holds, or not
#   milestone  milestone: true              done or not (okr lint warns: usually a task)
#   aligned    measured_by: aligned         the progress of the objectives aligned to it
#
# ALIGNMENT: a team objective says which company objective or key result it
# moves with `aligns_to: <id>`. IDs use lowercase letters, digits and hyphens,
# and are unique across the quarter.
#
# Record progress weekly with `okr checkin`; see it with `okr report`.
quarter: {quarter}
objectives:
  - id: successful-new-customers
    title: Make new customers successful in their first week
    owner: {owner}
    key_results:
      - id: activation-rate
        title: Raise 7-day activation from 35% to 50%
        start: 35
        target: 50
        unit: "%"
        # plan: {{{mid}: 40}}          # optional phased target: where you expect to be by then
      - id: first-response-time
        title: Keep median first response to new customers under 4 hours
        at_most: 4
        unit: h
      # - id: onboarding-nps
      #   title: Lift onboarding NPS from 20 to 35
      #   start: 20
      #   target: 35
    initiatives:
      - title: Launch an in-app onboarding checklist
        owner: {owner}
        key_results: [activation-rate]
        status: planned             # planned | in-progress | done | dropped

  # A team objective aligned to a company key result:
  # - id: faster-support
  #   title: Answer every new customer while they are still in the product
  #   team: support
  #   aligns_to: first-response-time
  #   key_results:
  #     - id: chat-coverage
  #       title: Staff live chat 18 hours a day, up from 9
  #       start: 9
  #       target: 18
  #       unit: h
  #     - id: soc2-report
  #       title: SOC 2 Type I report issued
  #       milestone: true
"""

LOG_TEMPLATE = """\
# Check-ins for {quarter}, appended by `okr checkin`. One line per measurement:
# - {{"date": "{start}", "kr": "activation-rate", "value": 37, "confidence": 0.7, "by": "{owner}", "note": "..."}}
# The latest date wins; for the same date and key result the later line wins,
# so a correction is just another check-in. Do not reorder or rewrite lines.
"""

GITATTRIBUTES_LINES = ("*.checkins.yaml merge=union", "checkins.yaml merge=union")


@dataclass
class InitResult:
    """What `init_quarter` wrote."""

    created: list[Path]
    updated: list[Path]


def init_quarter(root: Path, quarter: str, owner: str = "your-name", organization: str = "",
                 cwd: Path | None = None, plan_text: str | None = None) -> InitResult:
    """Create okr.yaml (if missing), the quarter's plan and log, and merge rules in .gitattributes.

    The plan is the commented template, or `plan_text` when given (a carried-over plan).
    Refuses with `InputError`, writing nothing, when the plan or the log already exists.
    """
    from okr.model import parse_quarter_name, quarter_bounds

    try:
        parse_quarter_name(quarter)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    settings_path = root / SETTINGS_FILE
    fiscal = 1
    if settings_path.is_file():
        fiscal = open_workspace(root, cwd).settings.fiscal_year_start
    start, end = quarter_bounds(quarter, fiscal)
    mid = start + (end - start) / 2
    plan_path = root / f"{quarter}.yaml"
    log_path = root / f"{quarter}{LOG_SUFFIX}"
    existing = [p for p in (plan_path, log_path, root / quarter) if p.exists()]
    if existing:
        shown = ", ".join(display_path(p, cwd) for p in existing)
        raise InputError(f"{shown} already exist{'s' if len(existing) == 1 else ''}; nothing was written",
                         hint="edit the existing files instead: `okr init` never overwrites")
    fields = {"quarter": quarter, "start": start, "end": end, "mid": mid, "owner": owner,
              "organization": json.dumps(organization or root.resolve().name)}
    plan = plan_text if plan_text is not None else PLAN_TEMPLATE.format(**fields)
    files = [(plan_path, plan), (log_path, log_header(quarter, start, owner))]
    if not settings_path.exists():
        files.insert(0, (settings_path, SETTINGS_TEMPLATE.format(**fields)))
    attributes = root / ".gitattributes"
    attribute_text = attributes.read_text(encoding="utf-8") if attributes.is_file() else None
    missing = [line for line in GITATTRIBUTES_LINES if line not in (attribute_text or "").splitlines()]
    created: list[Path] = []
    updated: list[Path] = []
    root.mkdir(parents=True, exist_ok=True)
    try:
        for path, text in files:
            with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
                created.append(path)
                handle.write(text)
        if missing and attribute_text is None:
            with attributes.open("x", encoding="utf-8") as handle:
                created.append(attributes)
                handle.write("# okr: check-in logs are append-only; merge branches by keeping both sides' lines\n")
                handle.write("\n".join(missing) + "\n")
        elif missing:
            with attributes.open("a", encoding="utf-8") as handle:
                separator = "\n" if attribute_text and not attribute_text.endswith("\n") else ""
                handle.write(separator + "\n".join(missing) + "\n")
            updated.append(attributes)
    except FileExistsError as exc:
        for path in created:
            path.unlink(missing_ok=True)
        shown = display_path(Path(exc.filename), cwd)
        raise InputError(f"{shown} appeared while writing; nothing was written") from None
    except OSError as exc:
        for path in created:
            path.unlink(missing_ok=True)
        raise InputError(f"cannot write in {display_path(root, cwd)}: {exc.strerror}") from None
    return InitResult(created, updated)


def default_person(environ: Mapping[str, str] | None = None) -> str:
    """Who is running okr: git's user.name, else $USER, else 'unknown'."""
    import subprocess

    environ = os.environ if environ is None else environ
    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5,
                                check=False)
        name = result.stdout.strip()
        if result.returncode == 0 and name:
            return name
    except (OSError, subprocess.SubprocessError):
        pass
    return environ.get("USER") or environ.get("USERNAME") or "unknown"


# --- appending check-ins ------------------------------------------------------------------------


def checkin_line(checkin: Any) -> str:
    """A check-in as the one-line JSON list item `okr checkin` appends (whole numbers without '.0')."""
    record: dict[str, Any] = {"date": checkin.date.isoformat(), "kr": checkin.kr}
    value = checkin.value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    record["value"] = value
    for key in ("confidence", "by", "note"):
        if getattr(checkin, key) is not None:
            record[key] = getattr(checkin, key)
    return "- " + json.dumps(record, ensure_ascii=False) + "\n"


def append_checkins(path: Path, checkins: list[Any], header: str | None = None) -> None:
    """Append check-ins to a log safely: under an exclusive lock, in one write, newline-terminated, fsync'd.

    A log that ends in a partial line (a crash mid-write) gets a newline first, so the new
    lines start on lines of their own. A missing log is created, starting with `header`.
    """
    payload = "".join(checkin_line(c) for c in checkins).encode("utf-8")
    if not payload:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        _lock(fd)
        try:
            size = os.fstat(fd).st_size
            if size == 0 and header:
                payload = header.encode("utf-8") + payload
            elif size > 0 and not _ends_with_newline(path):
                payload = b"\n" + payload
            written = os.write(fd, payload)
            while written < len(payload):  # only on a full disk or a signal; finish the line regardless
                written += os.write(fd, payload[written:])
            os.fsync(fd)
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: appends are still single writes
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def log_header(quarter: str, start: dt.date, owner: str = "your-name") -> str:
    """The comment block a new check-in log starts with."""
    return LOG_TEMPLATE.format(quarter=quarter, start=start, owner=owner)


# --- which okr file is this? -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkspaceFile:
    """A path inside a workspace: `kind` is 'settings', 'plan' or 'log'; `quarter` is None for settings."""

    root: Path
    kind: str
    quarter: str | None
    path: Path


def classify_file(path: Path) -> WorkspaceFile | None:
    """What an okr workspace makes of `path`, or None when it is not an okr file (any other YAML)."""
    path = path.resolve()
    try:
        root = find_root(cwd=path.parent, environ={})
    except ConfigError:
        return None
    relative = path.relative_to(root).parts
    name = path.name
    if relative == (SETTINGS_FILE,):
        return WorkspaceFile(root, "settings", None, path)
    if len(relative) == 1 and name.endswith(LOG_SUFFIX) and QUARTER_NAME.match(name[: -len(LOG_SUFFIX)]):
        return WorkspaceFile(root, "log", name[: -len(LOG_SUFFIX)], path)
    if len(relative) == 1 and name.endswith(".yaml") and QUARTER_NAME.match(name[: -len(".yaml")]):
        return WorkspaceFile(root, "plan", name[: -len(".yaml")], path)
    if len(relative) == 2 and QUARTER_NAME.match(relative[0]) and name.endswith(".yaml"):
        return WorkspaceFile(root, "log" if name == FOLDER_LOG else "plan", relative[0], path)
    return None
