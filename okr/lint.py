"""`okr lint`: the rule registry, one function per rule, disable comments, and the output formats.

Every rule has a kebab-case ID, a default level, and a docstring whose first
line is its rationale and whose PASS/FAIL examples are run by the tests (see
`examples()`). Rules without a check function (syntax, schema, ...) are
reported by the loader and registered here so they can be documented,
selected and silenced like the others.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okr.problems import ERROR, WARNING, ConfigError, OkrError, Problem

# --- the registry ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    doc: str
    check: Callable[[Context], Iterable[Problem]] | None = None

    @property
    def rationale(self) -> str:
        return self.doc.strip().splitlines()[0]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, level: str) -> Callable[[Callable[[Context], Iterable[Problem]]],
                                              Callable[[Context], Iterable[Problem]]]:
    """Register a check function as the rule `rule_id`; its docstring documents the rule."""

    def register(check: Callable[[Context], Iterable[Problem]]) -> Callable[[Context], Iterable[Problem]]:
        RULES[rule_id] = Rule(rule_id, level, inspect.cleandoc(check.__doc__ or ""), check)
        return check

    return register


def _loader_rule(rule_id: str, level: str, doc: str) -> None:
    RULES[rule_id] = Rule(rule_id, level, inspect.cleandoc(doc))


_loader_rule("syntax", ERROR, """\
    The file must be readable YAML (or, in a check-in log, readable entries).

    PASS:
        objectives:
          - id: o
            title: "[quoted]"
    FAIL:
        objectives:
          - id: o
            title: [unclosed
    """)
_loader_rule("schema", ERROR, """\
    Keys, types and IDs must follow the format: typos and wrong types never pass silently.

    Unknown or missing keys, a string where a number belongs, an ID that is not
    kebab-case, a key result with no kind or with two.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, tagret: 45}
    """)
_loader_rule("duplicate-key", ERROR, """\
    A key repeated in one mapping is a mistake: YAML silently keeps only the last one.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            description: Delight every team
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            title: Delight every team
    """)
_loader_rule("duplicate-id", ERROR, """\
    Objective and key-result IDs are unique across the quarter, whichever file they are in.

    PASS:
        objectives:
          - id: grow
            title: Grow
          - id: grow-more
            title: Grow more
    FAIL:
        objectives:
          - id: grow
            title: Grow
          - id: grow
            title: Grow more
    """)
_loader_rule("unknown-reference", ERROR, """\
    `aligns_to`, an initiative's `key_results`, a check-in's `kr` and `team` must name something that exists.

    PASS:
        objectives:
          - id: company
            title: Delight customers
          - id: o
            title: Delight small teams
            aligns_to: company
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            aligns_to: no-such-objective
    """)
_loader_rule("alignment-cycle", ERROR, """\
    Objectives cannot align to each other in a loop: the alignment tree would have no root.

    PASS:
        objectives:
          - id: a
            title: A
          - id: b
            title: B
            aligns_to: a
    FAIL:
        objectives:
          - id: a
            title: A
            aligns_to: b
          - id: b
            title: B
            aligns_to: a
    """)
_loader_rule("bad-checkin", ERROR, """\
    Every check-in must fit the plan: inside the quarter, the right value type, confidence 0-1, whole lines.

    Also flagged: a check-in on an aligned (rollup) key result, and a partial
    last line left by an interrupted write.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
        --- checkins
        - {"date": "2026-11-02", "kr": "k", "value": 35, "confidence": 0.7}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
        --- checkins
        - {"date": "2027-02-01", "kr": "k", "value": 35}
    """)


# --- context -------------------------------------------------------------------------------------------------------


@dataclass
class Context:
    """A loaded quarter and what the rules need to look at it."""

    quarter: Any  # okr.model.Quarter
    today: dt.date

    @property
    def settings(self) -> Any:
        return self.quarter.settings

    def objectives(self) -> Iterator[tuple[Any, tuple[Any, ...], Any]]:
        """(source map, key path, objective) for every objective."""
        for plan_file in self.quarter.files:
            for i, objective in enumerate(plan_file.plan.objectives):
                yield plan_file.document.source, ("objectives", i), objective

    def key_results(self) -> Iterator[tuple[Any, tuple[Any, ...], Any, Any]]:
        """(source map, key path, objective, key result) for every key result."""
        for source, path, objective in self.objectives():
            for j, kr in enumerate(objective.key_results):
                yield source, (*path, "key_results", j), objective, kr


def _problem(source: Any, keypath: tuple[Any, ...], rule_id: str, message: str, hint: str | None = None,
             *, at_key: bool = False) -> Problem:
    line, column = source.key(keypath) if at_key else source.value(keypath)
    return Problem(source.path, line, column, rule_id, RULES[rule_id].level, message, hint)


# --- the rules -----------------------------------------------------------------------------------------------


@rule("activity-key-result", ERROR)
def activity_key_result(ctx: Context) -> Iterator[Problem]:
    """A key result measures an outcome; a task posing as one belongs in the objective's initiatives.

    Flags key results that start with a task verb in any form ("Launch",
    "Launched", "Set up"), describe work being done ("VP Sales hired", "Docs
    are published"), a capability to build ("Users can export CSV") or a
    deliverable ("Pitch deck for partners"). A measured change keeps a task
    verb honest: "Deliver 652 MQLs, a 28% QoQ growth" passes. Key results
    declared `milestone: true` get `milestone-key-result` instead. Tune the
    verbs with `lint.activity_verbs: {extra: [...], allow: [...]}`.

    PASS: Raise pricing-page conversion from 2.1% to 3%
    PASS: Deliver 652 MQLs to sales, a 28% QoQ growth
    PASS: Partners bring in a third of new revenue
    FAIL: Launch the new pricing page
    FAIL: Hire a VP of Sales
    FAIL: Set up a customer advisory board
    FAIL: VP Sales hired
    FAIL: Developer docs are published
    FAIL: Users can export reports as CSV
    """
    from okr.activity import classify

    verbs = ctx.settings.lint.activity_verbs
    for source, path, _objective, kr in ctx.key_results():
        if kr.kind == "milestone":
            continue
        verdict = classify(kr.title, verbs.extra, verbs.allow)
        if verdict is None:
            continue
        why = {
            "verb": f"'{verdict.evidence}' describes work to do",
            "done-state": f"'{verdict.evidence}' describes work being done",
            "capability": f"'{verdict.evidence}' describes a capability to build",
            "deliverable": f"'{verdict.evidence}' names a deliverable",
        }[verdict.kind]
        yield _problem(source, (*path, "title"), "activity-key-result",
                       f"\"{kr.title}\" is a task, not a result: {why}",
                       "move it to this objective's `initiatives:` and measure what it should change, "
                       f"e.g. \"{rewrite_example(kr.title)}\"")


def rewrite_example(title: str) -> str:
    """A measurable key result in the spirit of a task-shaped one, to show the shape of the fix."""
    text = title.lower()
    examples = [
        (("pricing", "page", "website", "site", "landing"), "Raise pricing-page conversion from 2.1% to 3%"),
        (("hire", "hiring", "recruit", "vp ", "head of", "director"),
         "Grow qualified sales pipeline from $2M to $3M"),
        (("doc", "guide", "tutorial", "handbook", "wiki"),
         "Cut 'how do I' support tickets from 120 to 60 a month"),
        (("onboard", "signup", "sign-up", "activation"), "Raise 7-day activation from 31% to 45%"),
        (("security", "soc", "audit", "iso", "compliance"), "Pass 100% of enterprise security reviews, up from 60%"),
        (("migrat", "infrastructure", "database", "server", "cdn", "performance", "cache"),
         "Cut p95 page load from 1.8 s to 1.0 s"),
        (("campaign", "marketing", "webinar", "blog", "content", "event"),
         "Grow marketing-qualified leads from 400 to 650 a month"),
        (("partner", "reseller", "channel"), "Grow partner-sourced revenue from $40k to $250k"),
    ]
    for keywords, example in examples:
        if any(k in text for k in keywords):
            return example
    return "Get 30% of active teams using it weekly, up from 0%"


@rule("unmeasurable-key-result", ERROR)
def unmeasurable_key_result(ctx: Context) -> Iterator[Problem]:
    """A key result must be able to move: a target equal to its start, or a rollup with nothing rolled up, is not.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Hold NPS at 45, start: 45, target: 45}
    FAIL:
        objectives:
          - id: o
            title: Grow through partners
            key_results:
              - {id: k, title: Partners bring in a third of revenue, measured_by: aligned}
    """
    aligned = {o.aligns_to for o in ctx.quarter.objectives}
    for source, path, _objective, kr in ctx.key_results():
        if kr.kind == "metric" and kr.target == kr.baseline:
            yield _problem(source, (*path, "target"), "unmeasurable-key-result",
                           f"key result '{kr.id}' has its target equal to its start ({kr.target:g}): nothing can move",
                           "for a level to hold, use `at_least:` or `at_most:` instead of start and target")
        elif kr.kind == "aligned" and kr.id not in aligned:
            yield _problem(source, (*path, "measured_by"), "unmeasurable-key-result",
                           f"key result '{kr.id}' is measured by aligned objectives, but none aligns to it",
                           f"add `aligns_to: {kr.id}` to the team objectives that move it")


@rule("vague-key-result", WARNING)
def vague_key_result(ctx: Context) -> Iterator[Problem]:
    """A metric verb without a target ("Improve onboarding") promises movement without saying how much.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Improve onboarding, start: 31, target: 45}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Improve onboarding, milestone: true}
    """
    from okr.activity import is_vague

    for source, path, _objective, kr in ctx.key_results():
        if kr.kind in ("metric", "threshold"):
            continue  # the target is in the fields
        verb = is_vague(kr.title)
        if verb:
            yield _problem(source, (*path, "title"), "vague-key-result",
                           f"\"{kr.title}\" says '{verb}' but not from what to what",
                           f"give it a baseline and a target, e.g. \"{verb.capitalize()} 7-day activation from "
                           "31% to 45%\" with `start: 31` and `target: 45`")


@rule("milestone-key-result", WARNING)
def milestone_key_result(ctx: Context) -> Iterator[Problem]:
    """A key result that is done or not done is usually an initiative in disguise.

    Declaring `milestone: true` says it is binary on purpose, so it gets this
    warning instead of `activity-key-result`. When the date itself is what
    matters (a certification, a contract), silence it on the line with
    `# okr: disable-line milestone-key-result`.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
    FAIL:
        objectives:
          - id: o
            title: Earn enterprise trust
            key_results:
              - {id: k, title: SOC 2 Type I report issued, milestone: true}
    """
    for source, path, _objective, kr in ctx.key_results():
        if kr.kind == "milestone":
            yield _problem(source, (*path, "title"), "milestone-key-result",
                           f"\"{kr.title}\" is a milestone: done or not done is an initiative in disguise",
                           "measure what it should change instead, or silence this line if the milestone itself "
                           "is the result")


@rule("missing-baseline", WARNING)
def missing_baseline(ctx: Context) -> Iterator[Problem]:
    """A metric without `start` is measured from 0, which overstates progress unless 0 really is the baseline.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS to 45, target: 45}
    """
    for source, path, _objective, kr in ctx.key_results():
        if kr.kind == "metric" and kr.start is None:
            yield _problem(source, (*path, "target"), "missing-baseline",
                           f"key result '{kr.id}' has no `start:`, so progress is measured from 0",
                           "add `start:` with the value at the beginning of the quarter (`start: 0` if it is 0)",
                           at_key=True)


_NOT_METRICS = re.compile(r"\b(q[1-4]|h[12]|fy\s*-?\d+|(19|20)\d\d|\d+(st|nd|rd|th))\b", re.IGNORECASE)


@rule("metric-in-objective", WARNING)
def metric_in_objective(ctx: Context) -> Iterator[Problem]:
    """An objective is qualitative; numbers belong in its key results.

    PASS:
        objectives:
          - id: o
            title: Become the default choice for small teams in 2027
    FAIL:
        objectives:
          - id: o
            title: Grow to 2,000 weekly active teams
    """
    for source, path, objective in ctx.objectives():
        if re.search(r"\d", _NOT_METRICS.sub(" ", objective.title)):
            yield _problem(source, (*path, "title"), "metric-in-objective",
                           f"objective '{objective.id}' has a number in its title",
                           "say why it matters in the title and move the number into a key result")


@rule("kr-count", WARNING)
def kr_count(ctx: Context) -> Iterator[Problem]:
    """Fewer than 2 key results rarely capture an objective; more than 5 dilute focus (configurable).

    Set the range with `lint.key_results_per_objective: {min: 2, max: 5}`.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
              - {id: k2, title: Cut churn from 4% to 3%, start: 4, target: 3}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
    """
    limits = ctx.settings.lint.key_results_per_objective
    for source, path, objective in ctx.objectives():
        count = len(objective.key_results)
        if count < limits.min or count > limits.max:
            bound = f"fewer than {limits.min}" if count < limits.min else f"more than {limits.max}"
            yield _problem(source, (*path, "id"), "kr-count",
                           f"objective '{objective.id}' has {count} key result{'s' if count != 1 else ''} "
                           f"({bound})", f"aim for {limits.min} to {limits.max} key results per objective")


@rule("objective-count", WARNING)
def objective_count(ctx: Context) -> Iterator[Problem]:
    """An owner or a team with more than 5 objectives (configurable) has no focus.

    Set the limit with `lint.objectives_per_owner: {max: 5}`.

    PASS:
        objectives:
          - {id: a, title: A, owner: maria}
          - {id: b, title: B, owner: maria}
    FAIL:
        objectives:
          - {id: a, title: A, owner: maria}
          - {id: b, title: B, owner: maria}
          - {id: c, title: C, owner: maria}
          - {id: d, title: D, owner: maria}
          - {id: e, title: E, owner: maria}
          - {id: f, title: F, owner: maria}
    """
    limit = ctx.settings.lint.objectives_per_owner.max
    for field_name, what in (("owner", "owner"), ("team", "team")):
        seen: dict[str, int] = {}
        for source, path, objective in ctx.objectives():
            name = getattr(objective, field_name)
            if name is None:
                continue
            seen[name] = seen.get(name, 0) + 1
            if seen[name] == limit + 1:
                total = sum(1 for o in ctx.quarter.objectives if getattr(o, field_name) == name)
                yield _problem(source, (*path, field_name), "objective-count",
                               f"{what} '{name}' has {total} objectives (more than {limit})",
                               "keep the few that matter most this quarter; the rest can wait")


@rule("missing-owner", WARNING)
def missing_owner(ctx: Context) -> Iterator[Problem]:
    """A key result nobody owns is a key result nobody checks in.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            owner: maria
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
    """
    for source, path, objective, kr in ctx.key_results():
        if kr.owner is None and objective.owner is None:
            yield _problem(source, (*path, "id"), "missing-owner", f"key result '{kr.id}' has no owner",
                           "add `owner:` to the key result or to its objective")


@rule("stale-checkin", WARNING)
def stale_checkin(ctx: Context) -> Iterator[Problem]:
    """In the current quarter, a key result without a check-in for 14 days (configurable) is drifting.

    Set the number of days with `lint.stale_after_days`. Only the quarter
    that contains today is checked; these examples are checked on 2026-11-15.

    PASS:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
        --- checkins
        - {"date": "2026-11-09", "kr": "k", "value": 33}
    FAIL:
        objectives:
          - id: o
            title: Delight small teams
            key_results:
              - {id: k, title: Raise NPS from 30 to 45, start: 30, target: 45}
        --- checkins
        - {"date": "2026-10-20", "kr": "k", "value": 33}
    """
    quarter = ctx.quarter
    if not quarter.start <= ctx.today <= quarter.end:
        return
    days = ctx.settings.lint.stale_after_days
    last: dict[str, dt.date] = {}
    for logged in quarter.checkins:
        day = logged.checkin.date
        if day <= ctx.today and day > last.get(logged.checkin.kr, dt.date.min):
            last[logged.checkin.kr] = day
    for source, path, _objective, kr in ctx.key_results():
        if kr.kind == "aligned":
            continue
        seen = last.get(kr.id)
        if seen is None and (ctx.today - quarter.start).days > days:
            yield _problem(source, (*path, "id"), "stale-checkin",
                           f"key result '{kr.id}' has no check-in since the quarter started {quarter.start}",
                           f"record where it stands: okr checkin {kr.id} VALUE")
        elif seen is not None and (ctx.today - seen).days > days:
            yield _problem(source, (*path, "id"), "stale-checkin",
                           f"key result '{kr.id}' was last checked in {(ctx.today - seen).days} days ago ({seen})",
                           f"record where it stands: okr checkin {kr.id} VALUE")


# --- selecting rules ------------------------------------------------------------------------------------------------


def check_rule_ids(ids: Iterable[str], where: str) -> None:
    """`ConfigError` naming the first unknown rule ID."""
    from okr.problems import closest

    for rule_id in ids:
        if rule_id not in RULES:
            guesses = closest(rule_id, sorted(RULES))
            raise ConfigError(f"unknown rule '{rule_id}' in {where}",
                              hint=f"did you mean '{guesses[0]}'?" if guesses else
                              f"rules: {', '.join(sorted(RULES))}")


def check_settings_rules(workspace: Any) -> None:
    """Unknown rule IDs in okr.yaml's `lint.ignore` are configuration errors at their line."""
    from okr.problems import closest

    for i, rule_id in enumerate(workspace.settings.lint.ignore):
        if rule_id in RULES:
            continue
        guesses = closest(rule_id, sorted(RULES))
        hint = f"did you mean '{guesses[0]}'?" if guesses else f"rules: {', '.join(sorted(RULES))}"
        problems = []
        if workspace.settings_document is not None:
            source = workspace.settings_document.source
            line, column = source.value(("lint", "ignore", i))
            problems.append(Problem(source.path, line, column, "schema", ERROR,
                                    f"unknown rule '{rule_id}' in lint.ignore", hint))
        raise ConfigError(f"unknown rule '{rule_id}' in lint.ignore of okr.yaml", problems)


@dataclass
class Selection:
    """Which rules run: `select` (None = all) minus `ignore` minus okr.yaml's `lint.ignore`."""

    select: set[str] | None = None
    ignore: set[str] = field(default_factory=set)

    def wants(self, rule_id: str) -> bool:
        return (self.select is None or rule_id in self.select) and rule_id not in self.ignore


# --- disable comments -------------------------------------------------------------------------------------------

_DISABLE = re.compile(r"#\s*okr:\s*disable-line\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")


def disabled_lines(text: str) -> dict[int, set[str]]:
    """Line number -> rules silenced there by `# okr: disable-line RULE[,RULE]` (on the line or the line above)."""
    silenced: dict[int, set[str]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = _DISABLE.search(line)
        if not match:
            continue
        rules = {r.strip() for r in match.group(1).split(",")}
        silenced.setdefault(number, set()).update(rules)
        if line.strip().startswith("#"):  # a comment line of its own also covers the next line
            silenced.setdefault(number + 1, set()).update(rules)
    return silenced


# --- running -------------------------------------------------------------------------------------------------------


@dataclass
class LintResult:
    """The problems found and the lines of each file they point into (for showing excerpts)."""

    problems: list[Problem]
    lines: dict[str, list[str]] = field(default_factory=dict)
    files: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level == WARNING)


def lint_quarter(workspace: Any, name: str, today: dt.date, selection: Selection, cwd: Path | None = None,
                 only: set[Path] | None = None) -> LintResult:
    """Lint one quarter: loader problems, then every selected rule; disable comments and ignores applied.

    With `only`, problems are kept for those files alone, but a plan's errors are kept too when its
    log is linted, since the log cannot be checked against a broken plan.
    """
    from okr.workspace import collect_quarter, display_path, read_text

    quarter, problems = collect_quarter(workspace, name, cwd)
    plan_broken = bool(problems)
    problems = problems + quarter.log_problems
    if not plan_broken:
        context = Context(quarter, today)
        for rule_obj in RULES.values():
            if rule_obj.check is not None and selection.wants(rule_obj.id):
                problems.extend(rule_obj.check(context))
    paths = [*workspace.plan_paths(name), quarter.log_path]
    shown = {display_path(p, cwd): p for p in paths if p.exists()}
    wanted = {display_path(p, cwd) for p in only} if only is not None else set(shown)
    if only is not None:
        log_wanted = display_path(quarter.log_path, cwd) in wanted
        problems = [p for p in problems if p.path in wanted or (plan_broken and log_wanted and p.level == ERROR)]
        files = len([p for p in shown if p in wanted])
    else:
        files = len(shown)
    lines: dict[str, list[str]] = {}
    silenced: dict[str, dict[int, set[str]]] = {}
    for path_shown, path in shown.items():
        try:
            text = read_text(path, cwd)
        except OkrError:  # an undecodable file: its own problem says so already
            text = ""
        lines[path_shown] = text.split("\n")
        silenced[path_shown] = disabled_lines(text)
        if path_shown in wanted:
            problems += _unknown_disabled_rules(path_shown, lines[path_shown])
    ignored = set(workspace.settings.lint.ignore) | selection.ignore
    kept = []
    for problem in problems:
        if problem.rule in ignored or not selection.wants(problem.rule):
            continue
        if problem.rule in silenced.get(problem.path, {}).get(problem.line, set()):
            continue
        kept.append(problem)
    return LintResult(sorted(set(kept)), lines, files)


def _unknown_disabled_rules(path: str, lines: list[str]) -> list[Problem]:
    """A disable comment naming a rule that does not exist silences nothing: say so (a warning)."""
    from okr.problems import closest

    found = []
    for number, line in enumerate(lines, start=1):
        match = _DISABLE.search(line)
        if not match:
            continue
        for name in (r.strip() for r in match.group(1).split(",")):
            if name not in RULES:
                guesses = closest(name, sorted(RULES))
                found.append(Problem(path, number, match.start() + 1, "schema", WARNING,
                                     f"unknown rule '{name}' in a disable comment: it silences nothing",
                                     f"did you mean '{guesses[0]}'?" if guesses else "rules: docs/rules.md"))
    return found


def merge(results: Iterable[LintResult]) -> LintResult:
    merged = LintResult([])
    for result in results:
        merged.problems += result.problems
        merged.lines.update(result.lines)
        merged.files += result.files
    merged.problems.sort()
    return merged


# --- output formats --------------------------------------------------------------------------------------------------

FORMATS = ("auto", "text", "parsable", "json", "github")


def format_parsable(result: LintResult) -> str:
    return "".join(f"{p.path}:{p.line}:{p.column}: [{p.level}] {p.message} ({p.rule})\n" for p in result.problems)


def format_json(result: LintResult) -> str:
    items = [{"path": p.path, "line": p.line, "column": p.column, "rule": p.rule, "level": p.level,
              "message": p.message, "hint": p.hint} for p in result.problems]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(result: LintResult) -> str:
    out = []
    for p in result.problems:
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        out.append(f"::{p.level} file={_github_escape(p.path, property_value=True)},line={p.line},col={p.column},"
                   f"title={_github_escape(p.rule, property_value=True)}::{_github_escape(message)}\n")
    return "".join(out)


def summary(result: LintResult) -> str:
    """'1 error, 2 warnings in 2 files'."""
    errors, warnings = result.errors, result.warnings
    files = len({p.path for p in result.problems})
    parts = [f"{errors} error{'s' if errors != 1 else ''}", f"{warnings} warning{'s' if warnings != 1 else ''}"]
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def format_text(result: LintResult, color: bool = False) -> str:
    """Problems grouped by file, each with the offending line underlined and its hint (ruff/rustc style)."""
    from okr.render import clean

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    out: list[str] = []
    for problem in result.problems:
        level = paint(problem.level, "1;31" if problem.level == ERROR else "1;33")
        out.append(f"{paint(f'{problem.path}:{problem.line}:{problem.column}:', '1')} {level}: "
                   f"{clean(problem.message)}  {paint(f'[{problem.rule}]', '2')}")
        lines = result.lines.get(problem.path, [])
        if 0 < problem.line <= len(lines):
            source_line = clean(lines[problem.line - 1].rstrip("\n"))
            gutter = " " * len(str(problem.line))
            content = re.sub(r"\s+#.*$", "", source_line)
            width = max(1, len(content.rstrip()) - (problem.column - 1))
            out.append(f"{gutter} {paint('|', '34')}")
            out.append(f"{paint(str(problem.line), '34')} {paint('|', '34')} {source_line}")
            out.append(f"{gutter} {paint('|', '34')} {' ' * (problem.column - 1)}"
                       f"{paint('^' * width, '1;31' if problem.level == ERROR else '1;33')}")
        if problem.hint:
            indent = " " * (len(str(problem.line)) + 1)
            hint = textwrap.fill(clean(problem.hint), width=100, initial_indent=f"{indent}= hint: ",
                                 subsequent_indent=f"{indent}        ")
            out.append(hint)
        out.append("")
    if result.problems:
        out.append(summary(result))
    return "\n".join(out) + ("\n" if out else "")


# --- documentation and examples ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A PASS or FAIL example from a rule's docstring: a KR title, or a plan (and optional check-in log)."""

    rule: str
    passes: bool
    title: str | None = None
    plan: str = ""
    checkins: str = ""
    settings: str = ""


def examples(rule_obj: Rule) -> list[Example]:
    """The PASS/FAIL examples in a rule's docstring."""
    found: list[Example] = []
    lines = rule_obj.doc.split("\n")
    i = 0
    while i < len(lines):
        match = re.match(r"^\s*(PASS|FAIL):\s*(.*)$", lines[i])
        if not match:
            i += 1
            continue
        passes, inline = match.group(1) == "PASS", match.group(2).strip()
        if inline:
            found.append(Example(rule_obj.id, passes, title=inline))
            i += 1
            continue
        indent = len(lines[i]) - len(lines[i].lstrip())
        block: list[str] = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
            if re.match(r"^\s*(PASS|FAIL):", lines[i]):
                break
            block.append(lines[i])
            i += 1
        text = textwrap.dedent("\n".join(block)).strip("\n") + "\n"
        parts = {"plan": text, "checkins": "", "settings": ""}
        if "--- checkins\n" in text:
            parts["plan"], parts["checkins"] = text.split("--- checkins\n", 1)
        found.append(Example(rule_obj.id, passes, plan=parts["plan"], checkins=parts["checkins"]))
    return found


def rules_markdown(figures: str) -> str:
    """docs/rules.md: every rule with its level, rationale, documentation and examples."""
    out = ["# okr lint rules", "",
           "Generated from the rule registry in `okr/lint.py` by `python scripts/generate_rules_doc.py`;",
           "a test fails when this page is out of date.", "",
           "Silence a rule on one line with `# okr: disable-line RULE[,RULE]` (on the line, or on a comment",
           "line just above it), everywhere with `lint.ignore: [RULE]` in okr.yaml, or for one run with",
           "`okr lint --ignore RULE` (and `--select RULE` to run only some).", "",
           "| rule | level | rationale |", "|---|---|---|"]
    for rule_obj in sorted(RULES.values(), key=lambda r: (r.level != ERROR, r.id)):
        out.append(f"| [`{rule_obj.id}`](#{rule_obj.id}) | {rule_obj.level} | {rule_obj.rationale} |")
    out.append("")
    for rule_obj in sorted(RULES.values(), key=lambda r: (r.level != ERROR, r.id)):
        out += [f"## {rule_obj.id}", "", f"Level: **{rule_obj.level}**", ""]
        body = rule_obj.doc.strip().split("\n")
        prose: list[str] = []
        for line in body:
            if re.match(r"^\s*(PASS|FAIL):", line):
                break
            prose.append(line)
        out += [line.rstrip() for line in prose] + [""]
        if rule_obj.id == "activity-key-result":
            out += [figures, ""]
        for example in examples(rule_obj):
            label = "Passes" if example.passes else "Fails"
            if example.title is not None:
                out.append(f"- {label}: `{example.title}`")
            else:
                out += [f"{label}:", "", "```yaml", example.plan.rstrip("\n")]
                if example.checkins:
                    out += ["# 2026-Q4.checkins.yaml:", example.checkins.rstrip("\n")]
                out += ["```", ""]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
