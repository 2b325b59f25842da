"""Report data -> text: a rich tree for the terminal, and JSON.

User text (titles, owners, units, notes) is data: it goes into rich `Text`
objects, never into markup strings, and control characters are removed
before anything reaches a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

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
    return f"{value * 100:.0f}%"


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


def value_text(kr: KeyResultReport, value: float | bool | None) -> str:
    """A value of this KR as a person reads it: 1,640 teams, 99.95%, done / not yet."""
    if isinstance(value, bool):
        return "done" if value else "not yet"
    return with_unit(value, kr.unit)


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


def current_text(kr: KeyResultReport) -> str:
    if kr.kind == "milestone":
        return "done" if kr.current else "not yet"
    if kr.kind == "aligned":
        return ""
    if kr.status == NO_DATA:
        return "no data"
    return with_unit(kr.current if isinstance(kr.current, float) else None, kr.unit)


# --- the terminal tree ------------------------------------------------------------


def header(report: Report) -> Text:
    from rich.text import Text

    title = Text()
    if report.organization:
        title.append(clean(report.organization), "bold")
        title.append(" · ")
    title.append(report.quarter, "bold")
    title.append(f" · day {report.day} of {report.days} ({percent(report.elapsed)}) · as of {report.as_of}")
    title.append("\nOverall ")
    title.append(percent(report.progress), "bold")
    for status in (DONE, ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA):
        if report.counts.get(status) or status in (ON_TRACK, AT_RISK, OFF_TRACK):
            title.append("  " if status == DONE or (status == ON_TRACK and not report.counts.get(DONE)) else " · ")
            title.append(f"{STATUS_WORDS[status]} {report.counts.get(status, 0)}", STATUS_STYLE[status])
    if report.net_confidence is not None:
        title.append(f" · net confidence {report.net_confidence:+.0f}")
    return title


def _objective_label(objective: ObjectiveReport) -> Text:
    from rich.text import Text

    label = Text()
    label.append("◉ ", STATUS_STYLE[objective.status])
    label.append(clean(objective.title), "bold")
    if objective.team:
        label.append(f" · {clean(objective.team)}", "cyan")
    label.append(f"  {percent(objective.progress)} ")
    label.append(bar(objective.progress), STATUS_STYLE[objective.status])
    label.append(f" {STATUS_WORDS[objective.status]}", STATUS_STYLE[objective.status])
    if objective.owner:
        label.append(f"  {clean(objective.owner)}", "dim")
    return label


def _kr_label(kr: KeyResultReport) -> Text:
    from rich.text import Text

    label = Text()
    label.append(clean(kr.title))
    label.append(f"  [{target_text(kr)}]", "dim")
    current = current_text(kr)
    if current:
        label.append(f"  {current}", "bold")
    if kr.kind == "threshold" and kr.status != NO_DATA:
        label.append("  holds" if kr.progress >= 1 else "  breached", STATUS_STYLE[kr.status])
    elif kr.kind != "threshold":
        label.append(f"  {percent(kr.progress)} ")
        label.append(bar(kr.score, 10), STATUS_STYLE[kr.status])
    label.append(f" {STATUS_WORDS[kr.status]}", STATUS_STYLE[kr.status])
    if kr.confidence is not None:
        label.append(f"  c{kr.confidence:.1f}", "dim")
    if kr.stale and kr.last_date is not None:
        label.append(f"  stale since {kr.last_date}", "yellow")
    return label


def tree(report: Report) -> RenderableType:
    """The progress tree for a terminal: objectives, their KRs, and aligned objectives below them."""
    from rich.console import Group
    from rich.tree import Tree

    def add(parent: Tree, objective: ObjectiveReport) -> None:
        node = parent.add(_objective_label(objective))
        for kr in objective.key_results:
            kr_node = node.add(_kr_label(kr))
            for child in objective.children:
                if child.aligns_to == kr.id:
                    add(kr_node, child)
        for child in objective.children:
            if child.aligns_to == objective.id:
                add(node, child)

    root = Tree(header(report), guide_style="dim")
    for objective in report.objectives:
        add(root, objective)
    if not report.objectives:
        from rich.text import Text

        root.add(Text("no objectives yet: add them to the plan file", "dim"))
    return Group(root)


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
            "aligned": kr.aligned,
            "history": [{"date": p.date.isoformat(), "value": p.value, "confidence": p.confidence}
                        for p in kr.history],
        }

    def objective_dict(objective: ObjectiveReport) -> dict[str, Any]:
        return {
            "id": objective.id, "title": objective.title, "owner": objective.owner, "team": objective.team,
            "aligns_to": objective.aligns_to, "weight": objective.weight, "progress": objective.progress,
            "expected": objective.expected, "status": objective.status, "grade": objective.grade,
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
