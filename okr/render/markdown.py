"""The report as GitHub-flavoured Markdown, for a pull-request comment or a wiki page."""

from __future__ import annotations

import re

from okr.progress import KeyResultReport, ObjectiveReport, Report
from okr.render import (
    aligned_to_kr,
    aligned_to_objective,
    bar,
    change_text,
    clean,
    current_text,
    forecast_text,
    is_over,
    percent,
    sparkline,
    stale_days,
    status_text,
    summary_parts,
    target_text,
    title_line,
    weekly_values,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")


def escape(text: str | None) -> str:
    """User text as literal Markdown: no emphasis, links, HTML, headings or table breaks can come out of it."""
    return _SPECIAL.sub(r"\\\1", clean(text).replace("&", "&amp;"))


def render(report: Report) -> str:
    lines = [f"# {escape(title_line(report))}", ""]
    summary = " · ".join(words for words, _ in summary_parts(report))
    confidence = f" · net confidence {report.net_confidence:+.0f}" if report.net_confidence is not None else ""
    lines += [f"**Overall {percent(report.progress)}** · {summary}{confidence}", ""]
    if is_over(report):
        lines += ["The quarter is over: grades are the score rounded to 0.1 (0.7–1.0 green, 0.4–0.6 yellow, "
                  "0.0–0.3 red).", ""]
    if not report.objectives:
        lines += ["No objectives yet.", ""]
    for objective in report.objectives:
        _objective(report, objective, 2, None, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def _status(status: str, grade: float | None) -> str:
    return f"grade {grade:.1f}" if grade is not None else status_text(status)


def _objective(report: Report, o: ObjectiveReport, level: int, parent: str | None, lines: list[str]) -> None:
    marker = "↳ " if parent else ""
    team = f" · {escape(o.team)}" if o.team else ""
    lines += [f"{'#' * min(level, 6)} {marker}{escape(o.title)}{team}", ""]
    facts = []
    if parent:
        facts.append(f"aligned to {parent}")
    if o.owner:
        facts.append(f"owner {escape(o.owner)}")
    if o.context:
        lines += [f"_Shown for context{': ' + ', '.join(facts) if facts else ''}._", ""]
    else:
        facts.insert(0, f"**{percent(o.progress)}** `{bar(o.progress, 10)}` {_status(o.status, o.grade)}")
        lines += [" · ".join(facts), ""]
    if o.key_results:
        lines += ["| Key result | Current | Target | Progress | Change | Trend | Confidence | Forecast | Status |",
                  "|---|--:|--:|--:|--:|---|--:|--:|---|"]
        lines += [_kr_row(report, kr) for kr in o.key_results]
        lines.append("")
    if o.initiatives:
        lines.append("Initiatives:")
        for initiative in o.initiatives:
            owner = f"{escape(initiative.owner)}, " if initiative.owner else ""
            lines.append(f"- {escape(initiative.title)} ({owner}{initiative.status})")
        lines.append("")
    for kr in o.key_results:
        for child in aligned_to_kr(o, kr):
            _objective(report, child, level + 1, f"key result “{escape(kr.title)}”", lines)
    for child in aligned_to_objective(o):
        _objective(report, child, level + 1, "this objective", lines)


def _kr_row(report: Report, kr: KeyResultReport) -> str:
    if kr.kind == "threshold":
        progress = "" if kr.status == "no-data" else ("holds" if kr.progress >= 1 else "breached")
    else:
        progress = f"{percent(kr.progress)} `{bar(kr.score, 10)}`"
    status = _status(kr.status, kr.grade)
    days = stale_days(report, kr)
    if days is not None:
        status += f" · stale {days}d"
    if kr.kind == "aligned":
        status += f" · {len(kr.aligned)} aligned"
    cells = [
        escape(kr.title), escape(current_text(kr)), escape(target_text(kr)), progress, change_text(kr),
        sparkline(weekly_values(report, kr)), f"{kr.confidence:.1f}" if kr.confidence is not None else "",
        forecast_text(kr), status,
    ]
    return "| " + " | ".join(cells) + " |"
