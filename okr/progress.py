"""Progress, expected progress, status and forecasts: pure functions from a quarter to report data.

The formulas are DESIGN.md section 4. Everything is evaluated "as of" a day
(the end of that day) and uses only check-ins dated on or before it.
Nothing here formats text: renderers turn a `Report` into a tree, Markdown, JSON or HTML.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from okr.model import CheckIn, KeyResult, KeyResultKind, Objective, Quarter

DONE, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "done", "on-track", "at-risk", "off-track", "no-data"
STATUSES = (DONE, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
# Status thresholds are inclusive; keep float noise (0.4 - 0.5 = -0.0999...) on the right side.
EPSILON = 1e-9


@dataclass(frozen=True)
class Point:
    """The effective value of a KR on one day (the last check-in of that day)."""

    date: dt.date
    value: float | bool
    confidence: float | None


@dataclass
class KeyResultReport:
    id: str
    title: str
    kind: KeyResultKind
    owner: str | None
    start: float | None
    target: float | None
    at_least: float | None
    at_most: float | None
    unit: str | None
    weight: float
    current: float | bool | None
    progress: float
    score: float
    expected: float
    status: str
    confidence: float | None
    stale: bool
    forecast: float | None
    history: list[Point]
    last_date: dt.date | None
    week_change: float | None
    grade: float | None
    note: str | None
    aligned: list[str] = field(default_factory=list)
    expected_value: float | None = None
    trend: float | None = None
    plan_points: list[tuple[dt.date, float]] = field(default_factory=list)


@dataclass
class InitiativeReport:
    title: str
    owner: str | None
    status: str
    key_results: list[str]


@dataclass
class ObjectiveReport:
    id: str
    title: str
    owner: str | None
    team: str | None
    aligns_to: str | None
    weight: float
    progress: float
    expected: float
    status: str
    grade: float | None
    key_results: list[KeyResultReport]
    initiatives: list[InitiativeReport]
    children: list[ObjectiveReport] = field(default_factory=list)
    context: bool = False  # shown only as the path to objectives a filter selected


@dataclass
class Report:
    organization: str
    quarter: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    day: int
    days: int
    elapsed: float
    progress: float
    objectives: list[ObjectiveReport]
    counts: dict[str, int]
    net_confidence: float | None

    def walk(self) -> Iterable[ObjectiveReport]:
        """Every objective in the tree, parents before children."""
        stack = list(reversed(self.objectives))
        while stack:
            objective = stack.pop()
            yield objective
            stack.extend(reversed(objective.children))


# --- the formulas ----------------------------------------------------------------


def elapsed(quarter: Quarter, day: dt.date) -> float:
    """Share of the quarter gone by the end of `day`: 0 before it starts, 1 from its last day."""
    done = (day - quarter.start).days + 1
    return min(max(done, 0), quarter.days) / quarter.days


def effective_history(checkins: Iterable[CheckIn], as_of: dt.date) -> list[Point]:
    """One point per day up to `as_of`; for the same day the later check-in wins."""
    by_day: dict[dt.date, CheckIn] = {}
    for checkin in checkins:
        if checkin.date <= as_of:
            by_day[checkin.date] = checkin
    return [Point(d, c.value, c.confidence) for d, c in sorted(by_day.items())]


def _mean(pairs: list[tuple[float, float]]) -> float:
    """Weighted mean of (value, weight); a plain mean when every weight is 0; 0 for nothing."""
    if not pairs:
        return 0.0
    total = sum(w for _, w in pairs)
    if total <= 0:
        return sum(v for v, _ in pairs) / len(pairs)
    return sum(v * w for v, w in pairs) / total


def clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def metric_progress(kr: KeyResult, value: float) -> float:
    """(value - start) / (target - start): raw, may be below 0 or above 1."""
    assert kr.target is not None
    span = kr.target - kr.baseline
    if span == 0:
        return 1.0 if value == kr.target else 0.0
    return (value - kr.baseline) / span


def expected_metric(quarter: Quarter, kr: KeyResult, day: dt.date) -> float:
    """Linear in elapsed time, or through the phased `plan` points, as progress."""
    e = elapsed(quarter, day)
    if not kr.plan:
        return e
    assert kr.target is not None
    points = sorted([(0.0, kr.baseline), *((elapsed(quarter, d), v) for d, v in kr.plan.items()),
                     (1.0, kr.target)])
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 <= e <= x1:
            value = y0 if x1 == x0 else y0 + (y1 - y0) * (e - x0) / (x1 - x0)
            return metric_progress(kr, value)
    return metric_progress(kr, points[-1][1])


def threshold_holds(kr: KeyResult, value: float) -> bool:
    """Whether a value satisfies a threshold KR's bounds (inclusive)."""
    if kr.at_least is not None and value < kr.at_least:
        return False
    return not (kr.at_most is not None and value > kr.at_most)


def forecast(quarter: Quarter, kr: KeyResult, history: list[Point]) -> float | None:
    """Least-squares line of value over elapsed through (0, start) and each day's value, at elapsed 1, as progress."""
    if kr.kind != "metric" or len(history) < 2:
        return None
    xs = [0.0, *(elapsed(quarter, p.date) for p in history)]
    ys = [kr.baseline, *(float(p.value) for p in history)]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return metric_progress(kr, my + slope * (1.0 - mx))


def trend_per_week(history: list[Point], points: int = 4) -> float | None:
    """Change per week of the last few values (least squares over days), None with fewer than two."""
    recent = history[-points:]
    if len(recent) < 2:
        return None
    xs = [(p.date - recent[0].date).days for p in recent]
    ys = [float(p.value) for p in recent]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return 7 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def status_from_gap(progress: float, expected: float, quarter: Quarter) -> str:
    gap = progress - expected
    thresholds = quarter.settings.status
    if gap >= -thresholds.at_risk - EPSILON:
        return ON_TRACK
    if gap >= -thresholds.off_track - EPSILON:
        return AT_RISK
    return OFF_TRACK


def grade(score: float) -> float:
    """End-of-quarter grade: the score rounded to one decimal (half up)."""
    return int(score * 10 + 0.5 + EPSILON) / 10


def grade_colour(value: float) -> str:
    """green for 0.7-1.0, yellow for 0.4-0.6, red for 0.0-0.3."""
    return "green" if value >= 0.7 else "yellow" if value >= 0.4 else "red"


# --- evaluating a quarter ------------------------------------------------------------


class _Evaluator:
    def __init__(self, quarter: Quarter, as_of: dt.date) -> None:
        self.quarter = quarter
        self.as_of = as_of
        self.over = as_of >= quarter.end
        self.by_kr: dict[str, list[CheckIn]] = {}
        for logged in quarter.checkins:
            self.by_kr.setdefault(logged.checkin.kr, []).append(logged.checkin)
        self.aligned_to: dict[str, list[Objective]] = {}
        for objective in quarter.objectives:
            if objective.aligns_to is not None:
                self.aligned_to.setdefault(objective.aligns_to, []).append(objective)
        self.done: dict[str, ObjectiveReport] = {}
        self.owner_of = {k.id: o.owner for o in quarter.objectives for k in o.key_results}

    def objective(self, objective: Objective) -> ObjectiveReport:
        if objective.id in self.done:
            return self.done[objective.id]
        krs = [self.key_result(kr) for kr in objective.key_results]
        children = [self.objective(child) for holder in (*(k.id for k in objective.key_results), objective.id)
                    for child in self.aligned_to.get(holder, [])]
        progress = _mean([(k.score, k.weight) for k in krs])
        expected = _mean([(k.expected, k.weight) for k in krs])
        if not krs or all(k.status == NO_DATA for k in krs):
            status = NO_DATA
        elif progress >= 1 - EPSILON:
            status = DONE
        else:
            status = status_from_gap(progress, expected, self.quarter)
        report = ObjectiveReport(
            objective.id, objective.title, objective.owner, objective.team, objective.aligns_to, objective.weight,
            progress, expected, status, grade(clamp(progress)) if self.over and krs else None, krs,
            [InitiativeReport(i.title, i.owner, i.status, list(i.key_results)) for i in objective.initiatives],
            children)
        self.done[objective.id] = report
        return report

    def key_result(self, kr: KeyResult) -> KeyResultReport:
        history = effective_history(self.by_kr.get(kr.id, []), self.as_of)
        last = history[-1] if history else None
        e = elapsed(self.quarter, self.as_of)
        current: float | bool | None
        aligned: list[str] = []
        if kr.kind == "metric":
            current = float(last.value) if last else kr.baseline
            progress = metric_progress(kr, current)
            expected = expected_metric(self.quarter, kr, self.as_of)
        elif kr.kind == "threshold":
            current = float(last.value) if last else None
            progress = 1.0 if current is not None and threshold_holds(kr, current) else 0.0
            expected = 1.0
        elif kr.kind == "milestone":
            current = bool(last.value) if last else False
            progress = 1.0 if current else 0.0
            expected = e
        else:
            children = [self.objective(o) for o in self.aligned_to.get(kr.id, [])]
            aligned = [c.id for c in children]
            current = None
            progress = _mean([(c.progress, c.weight) for c in children])
            expected = _mean([(c.expected, c.weight) for c in children])
        score = clamp(progress)
        status = self.kr_status(kr, progress, score, expected, history, aligned)
        confidence = next((p.confidence for p in reversed(history) if p.confidence is not None), None)
        stale = last is not None and (self.as_of - last.date).days > self.quarter.settings.lint.stale_after_days
        note = next((c.note for c in reversed(self.by_kr.get(kr.id, [])) if c.date <= self.as_of and c.note), None)
        return KeyResultReport(
            kr.id, kr.title, kr.kind, kr.owner or self.owner_of[kr.id], kr.start, kr.target, kr.at_least,
            kr.at_most, kr.unit, kr.weight,
            current, progress, score, expected, status, confidence, stale, forecast(self.quarter, kr, history),
            history, last.date if last else None, self.week_change(kr, history),
            grade(score) if self.over else None, note, aligned,
            expected_value=kr.baseline + expected * (kr.target - kr.baseline) if kr.target is not None else None,
            trend=trend_per_week(history) if kr.kind in ("metric", "threshold") else None,
            plan_points=sorted((kr.plan or {}).items()))

    def kr_status(self, kr: KeyResult, progress: float, score: float, expected: float, history: list[Point],
                  aligned: list[str]) -> str:
        if kr.kind == "aligned":
            children = [self.done[c] for c in aligned if c in self.done]
            if not aligned or all(c.status == NO_DATA for c in children):
                return NO_DATA
            return DONE if score >= 1 - EPSILON else status_from_gap(progress, expected, self.quarter)
        if not history:
            return NO_DATA
        if kr.kind == "threshold":
            return ON_TRACK if progress >= 1 else OFF_TRACK
        if score >= 1 - EPSILON:
            return DONE
        return status_from_gap(progress, expected, self.quarter)

    def week_change(self, kr: KeyResult, history: list[Point]) -> float | None:
        """Change of a numeric KR's value over the last 7 days (None without a value a week ago)."""
        week_ago = self.as_of - dt.timedelta(days=7)
        if kr.kind not in ("metric", "threshold") or not history or history[-1].date <= week_ago:
            return None  # nothing measured this week: no change to report
        before = [p for p in history if p.date <= week_ago]
        if not before:
            return None
        return float(history[-1].value) - float(before[-1].value)


def evaluate(quarter: Quarter, as_of: dt.date) -> Report:
    """The quarter's report data as of the end of `as_of`."""
    evaluator = _Evaluator(quarter, as_of)
    top = [evaluator.objective(o) for o in quarter.objectives if o.aligns_to is None]
    day = min(max((as_of - quarter.start).days + 1, 0), quarter.days)
    report = Report(quarter.settings.organization, quarter.name, quarter.start, quarter.end, as_of, day, quarter.days,
                    elapsed(quarter, as_of), 0.0, top, {}, None)
    return _summarise(report, top)


def _summarise(report: Report, counted: list[ObjectiveReport]) -> Report:
    """Fill the header numbers: progress is the mean of `counted`; counts cover the KRs shown, not context."""
    krs = [k for o in report.walk() if not o.context for k in o.key_results]
    counts = {s: sum(1 for k in krs if k.status == s) for s in STATUSES}
    # Net confidence, as in the DESIGN sketch: % on track (done counts as on track) minus % off track, of all KRs.
    net = 100 * (counts[ON_TRACK] + counts[DONE] - counts[OFF_TRACK]) / len(krs) if krs else None
    progress = sum(o.progress for o in counted) / len(counted) if counted else 0.0
    return replace(report, progress=progress, counts=counts, net_confidence=net)


def filter_report(report: Report, *, team: str | None = None, owner: str | None = None,
                  objective: str | None = None) -> Report:
    """Only the objectives (and KRs) a filter selects, with the ancestors needed to show their path as context.

    `objective` keeps that objective with everything under it; `team` keeps the team's objectives;
    `owner` keeps objectives owned by that person, and the key results they own elsewhere.
    """
    if team is None and owner is None and objective is None:
        return report
    selected: list[ObjectiveReport] = []

    def chosen_krs(o: ObjectiveReport) -> list[KeyResultReport] | None:
        if (team is not None and o.team != team) or (objective is not None and o.id != objective):
            return None
        if owner is None or o.owner == owner:
            return o.key_results
        own = [k for k in o.key_results if k.owner == owner]
        return own or None

    def prune(o: ObjectiveReport) -> ObjectiveReport | None:
        krs = chosen_krs(o)
        if krs is not None and objective is not None:
            selected.append(o)
            return o
        children = [c for c in (prune(child) for child in o.children) if c is not None]
        if krs is not None:
            kept = replace(o, key_results=krs, children=children)
            selected.append(kept)
            return kept
        if children:
            path = {c.aligns_to for c in children}
            return replace(o, key_results=[k for k in o.key_results if k.id in path], children=children,
                           initiatives=[], context=True)
        return None

    top = [o for o in (prune(o) for o in report.objectives) if o is not None]
    return _summarise(replace(report, objectives=top), selected)


def find_key_result(report: Report, kr_id: str) -> KeyResultReport | None:
    """A key result's report data anywhere in the tree."""
    for objective in report.walk():
        for kr in objective.key_results:
            if kr.id == kr_id:
                return kr
    return None
