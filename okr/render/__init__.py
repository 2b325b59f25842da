"""Report data -> text. Shared formatting helpers and JSON live here; the tree, Markdown and HTML
renderers are the modules `tree`, `markdown` and `html` of this package.

User text (titles, owners, units, notes) is data: renderers put it into rich
`Text` objects (never markup strings) or escape it for Markdown and HTML, and
control characters are removed before anything reaches a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

from okr.progress import (
    AT_RISK,
    DONE,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    KeyResultReport,
    ObjectiveReport,
    Report,
)

STATUS_STYLE = {DONE: "bold green", ON_TRACK: "green", AT_RISK: "yellow", OFF_TRACK: "red", NO_DATA: "dim"}
STATUS_WORDS = {DONE: "done", ON_TRACK: "on track", AT_RISK: "at risk", OFF_TRACK: "off track", NO_DATA: "no data"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str | None) -> str:
    """User text safe for a terminal: control characters (ESC included) removed, newlines as spaces."""
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\n", " ").replace("\t", " "))


def number(value: float | None) -> str:
    """1200 -> '1,200', 99.95 -> '99.95', 2.0 -> '2'."""
    if value is None:
        return "–"
    if math.isclose(value, round(value), abs_tol=1e-9) and abs(value) < 1e15:
        return f"{round(value):,}"
    if abs(value) < 1:
        return f"{value:.3g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float | None, unit: str | None) -> str:
    text = number(value)
    if not unit or value is None:
        return text
    unit = clean(unit)
    return f"{text}{unit}" if unit in ("%", "‰") or (len(unit) == 1 and not unit.isalpha()) else f"{text} {unit}"


def percent(value: float) -> str:
    """0.552 -> '55%' (never '-0%')."""
    return f"{round(value * 100) + 0}%"


def bar(score: float, width: int = 20) -> str:
    filled = round(max(0.0, min(1.0, score)) * width)
    return "█" * filled + "░" * (width - filled)


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """▁▂▃▅▆▇ for a series of numbers (flat series are a row of ▄)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((v - low) / (high - low) * (len(SPARKS) - 1))] for v in values)


def signed(value: float, unit: str | None = None) -> str:
    """+80, −0.1 (a real minus sign), with the unit when it is a symbol like %."""
    text = number(abs(value))
    sign = "+" if value >= 0 else "−"
    return sign + (with_unit(abs(value), unit) if unit in ("%",) else text)


def value_text(value: float | bool | None, unit: str | None) -> str:
    """A check-in value as a person reads it: 1,640 teams, 99.95%, done / not yet."""
    if isinstance(value, bool):
        return "done" if value else "not yet"
    return with_unit(value, unit)


def target_text(kr: KeyResultReport) -> str:
    """What the KR aims at: '1,200 → 2,000 teams', '≥ 99.9%', 'done', 'from aligned objectives'."""
    if kr.kind == "metric":
        return f"{number(kr.start if kr.start is not None else 0)} → {with_unit(kr.target, kr.unit)}"
    if kr.kind == "threshold":
        parts = []
        if kr.at_least is not None:
            parts.append(f"≥ {with_unit(kr.at_least, kr.unit)}")
        if kr.at_most is not None:
            parts.append(f"≤ {with_unit(kr.at_most, kr.unit)}")
        return " and ".join(parts)
    if kr.kind == "milestone":
        return "done"
    return "from aligned objectives"


def status_text(status: str) -> str:
    return STATUS_WORDS[status]


def stale_days(report: Report, kr: KeyResultReport) -> int | None:
    """Days since the last check-in of a stale KR."""
    if not kr.stale or kr.last_date is None:
        return None
    return (report.as_of - kr.last_date).days


def weekly_values(report: Report, kr: KeyResultReport, weeks: int = 8) -> list[float]:
    """The KR's value at the end of each of the last `weeks` weeks up to as_of (for sparklines)."""
    numeric = [p for p in kr.history if not isinstance(p.value, bool)]
    if not numeric:
        return []
    values: list[float] = []
    for back in range(weeks - 1, -1, -1):
        day = report.as_of - dt.timedelta(days=7 * back)
        before = [p for p in numeric if p.date <= day]
        if before:
            values.append(float(before[-1].value))
    return values


def forecast_text(kr: KeyResultReport) -> str:
    return f"→ {percent(kr.forecast)}" if kr.forecast is not None else ""


def change_text(kr: KeyResultReport) -> str:
    return f"{signed(kr.week_change, kr.unit)}/wk" if kr.week_change is not None else ""


def current_text(kr: KeyResultReport) -> str:
    if kr.kind == "milestone":
        return "done" if kr.current else "not yet"
    if kr.kind == "aligned":
        return ""
    if kr.status == NO_DATA:
        return "no data"
    return with_unit(kr.current if isinstance(kr.current, float) else None, kr.unit)


def current_of_target(kr: KeyResultReport) -> str:
    """'1,560 / 2,000 teams', '99.95% / ≥ 99.9%', 'not yet / done': where a KR is against where it aims."""
    if kr.kind == "aligned":
        return ""
    if kr.kind == "milestone":
        return f"{current_text(kr)} / done"
    if kr.kind == "threshold":
        return f"{current_text(kr)} / {target_text(kr)}"
    now = "–" if kr.status == NO_DATA else number(kr.current if isinstance(kr.current, float) else None)
    return f"{now} / {with_unit(kr.target, kr.unit)}"


# --- JSON ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def report_dict(report: Report) -> dict[str, Any]:
    """The report as the JSON shape of DESIGN.md section 5 (values unrounded, dates ISO)."""

    def kr_dict(kr: KeyResultReport) -> dict[str, Any]:
        return {
            "id": kr.id, "title": kr.title, "kind": kr.kind, "owner": kr.owner,
            "start": kr.start, "target": kr.target, "at_least": kr.at_least, "at_most": kr.at_most,
            "unit": kr.unit, "weight": kr.weight, "current": kr.current, "progress": kr.progress,
            "score": kr.score, "expected": kr.expected, "status": kr.status, "confidence": kr.confidence,
            "stale": kr.stale, "forecast": kr.forecast, "grade": kr.grade,
            "last_date": _plain(kr.last_date), "week_change": kr.week_change,
            "aligned": kr.aligned, "expected_value": kr.expected_value, "trend": kr.trend,
            "plan": {d.isoformat(): v for d, v in kr.plan_points} or None,
            "history": [{"date": p.date.isoformat(), "value": p.value, "confidence": p.confidence}
                        for p in kr.history],
        }

    def objective_dict(objective: ObjectiveReport) -> dict[str, Any]:
        return {
            "id": objective.id, "title": objective.title, "owner": objective.owner, "team": objective.team,
            "aligns_to": objective.aligns_to, "weight": objective.weight, "progress": objective.progress,
            "expected": objective.expected, "status": objective.status, "grade": objective.grade,
            "context": objective.context,
            "key_results": [kr_dict(k) for k in objective.key_results],
            "initiatives": [{"title": i.title, "owner": i.owner, "status": i.status, "key_results": i.key_results}
                            for i in objective.initiatives],
            "children": [objective_dict(c) for c in objective.children],
        }

    return {
        "organization": report.organization, "quarter": report.quarter,
        "start": report.start.isoformat(), "end": report.end.isoformat(), "as_of": report.as_of.isoformat(),
        "day": report.day, "days": report.days, "elapsed": report.elapsed, "progress": report.progress,
        "counts": report.counts, "net_confidence": report.net_confidence,
        "objectives": [objective_dict(o) for o in report.objectives],
    }


def to_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


def aligned_to_kr(objective: ObjectiveReport, kr: KeyResultReport) -> list[ObjectiveReport]:
    """The child objectives nested under one of this objective's key results."""
    return [c for c in objective.children if c.aligns_to == kr.id]


def aligned_to_objective(objective: ObjectiveReport) -> list[ObjectiveReport]:
    """The child objectives aligned to the objective itself (shown, not counted)."""
    return [c for c in objective.children if c.aligns_to == objective.id]


def summary_parts(report: Report) -> list[tuple[str, str]]:
    """('on track 5', status) pairs for the header, in a fixed order; done and no data only when present."""
    parts = []
    for status in (DONE, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA):
        count = report.counts.get(status, 0)
        if count or status in (ON_TRACK, AT_RISK, OFF_TRACK):
            parts.append((f"{STATUS_WORDS[status]} {count}", status))
    return parts


def title_line(report: Report) -> str:
    """'Acme · 2026-Q4 · day 46 of 92 (50%) · as of 2026-11-15'."""
    org = f"{clean(report.organization)} · " if report.organization else ""
    day = f"day {report.day} of {report.days} ({percent(report.elapsed)})"
    return f"{org}{report.quarter} · {day} · as of {report.as_of}"


def is_over(report: Report) -> bool:
    return report.as_of >= report.end
