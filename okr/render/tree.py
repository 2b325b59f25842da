"""The progress tree for a terminal: a header, then objectives with their key results and aligned objectives.

One row per objective or key result, in columns that fit 80 characters and
grow with the terminal. Colour carries status, and the words are always there
too, so NO_COLOR and pipes lose nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okr.progress import NO_DATA, KeyResultReport, ObjectiveReport, Report, grade_colour
from okr.render import (
    STATUS_STYLE,
    aligned_to_kr,
    aligned_to_objective,
    bar,
    change_text,
    clean,
    current_of_target,
    current_text,
    forecast_text,
    is_over,
    number,
    percent,
    sparkline,
    stale_days,
    status_text,
    summary_parts,
    title_line,
    weekly_values,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

# Columns beyond the essentials, with the terminal width from which each is shown.
OPTIONAL = {"bar": 90, "change": 100, "confidence": 110, "spark": 125, "forecast": 135, "owner": 150}


def render(report: Report, width: int) -> RenderableType:
    """The whole report for a console `width` characters wide."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [_header(report, width), Text("")]
    if report.objectives:
        parts.append(_table(report, width))
    else:
        parts.append(Text("No objectives yet: add them to the plan file.", "dim"))
    return Group(*parts)


def _header(report: Report, width: int) -> Text:
    from rich.text import Text

    header = Text(title_line(report), "bold")
    header.append("\nOverall ")
    header.append(percent(report.progress), "bold")
    header.append(" ")
    for i, (words, status) in enumerate(summary_parts(report)):
        header.append(" · " if i else " ")
        header.append(words, STATUS_STYLE[status])
    if report.net_confidence is not None:
        words = "net confidence" if width >= 90 else "net conf."
        header.append(f" · {words} {report.net_confidence:+.0f}")
    if is_over(report):
        header.append("\nThe quarter is over: grades are the score rounded to 0.1 (0.7–1.0 green, 0.4–0.6 yellow, "
                      "0.0–0.3 red).", "dim")
    return header


def _table(report: Report, width: int) -> Table:
    from rich.table import Table
    from rich.text import Text

    shown = {name for name, minimum in OPTIONAL.items() if width >= minimum}
    bar_width = 20 if width >= 160 else 10
    table = Table(box=None, show_header=False, show_edge=False, pad_edge=False, expand=True, padding=(0, 1))
    table.add_column("item", ratio=1, no_wrap=True, overflow="ellipsis", min_width=16)
    table.add_column("current", justify="right", no_wrap=True)
    table.add_column("progress", justify="right", no_wrap=True)
    if "bar" in shown:
        table.add_column("bar", no_wrap=True)
    for name in ("change", "spark", "confidence", "forecast"):
        if name in shown:
            table.add_column(name, justify="right" if name != "spark" else "left", no_wrap=True)
    table.add_column("status", no_wrap=True)
    if "owner" in shown:
        table.add_column("owner", no_wrap=True, style="dim")

    def add_row(cells: dict[str, Text]) -> None:
        extra = (n for n in ("bar", "change", "spark", "confidence", "forecast") if n in shown)
        order = ["item", "current", "progress", *extra, "status"]
        if "owner" in shown:
            order.append("owner")
        table.add_row(*(cells.get(name, Text("")) for name in order))

    def objective_row(o: ObjectiveReport, prefix: str) -> None:
        style = STATUS_STYLE[o.status]
        item = Text(prefix, "dim")
        item.append("◉ ", "dim" if o.context else style)
        item.append(clean(o.title), "dim" if o.context else "bold")
        if o.team:
            item.append(f" · {clean(o.team)}", "cyan")
        cells = {"item": item, "owner": Text(clean(o.owner))}
        if not o.context:
            cells |= {"progress": Text(percent(o.progress)), "bar": Text(bar(o.progress, bar_width), style),
                      "status": _status(o.status, o.grade)}
        add_row(cells)

    def kr_row(kr: KeyResultReport, prefix: str, objective_owner: str | None, context: bool) -> None:
        style = "dim" if context else STATUS_STYLE[kr.status]
        item = Text(prefix, "dim")
        item.append(clean(kr.title), "dim" if context else "")
        where = current_of_target(kr) if width >= 100 else current_text(kr)  # narrow: the title has the target
        cells = {"item": item, "current": Text(where, "bold" if kr.status != NO_DATA else "dim")}
        if kr.owner != objective_owner:
            cells["owner"] = Text(clean(kr.owner))
        if kr.kind == "threshold":
            if kr.status != NO_DATA:
                cells["progress"] = Text("holds" if kr.progress >= 1 else "breached", style)
        else:
            cells["progress"] = Text(percent(kr.progress))
            cells["bar"] = Text(bar(kr.score, bar_width), style)
        cells["change"] = Text(change_text(kr), "dim")
        cells["spark"] = Text(sparkline(weekly_values(report, kr)), style)
        cells["confidence"] = Text(f"c{kr.confidence:.1f}" if kr.confidence is not None else "", "dim")
        cells["forecast"] = Text(forecast_text(kr), "dim")
        status = _status(kr.status, kr.grade)
        days = stale_days(report, kr)
        if days is not None:
            status.append(f" · stale {days}d", "yellow")
        if kr.kind == "aligned" and width >= 90:
            status.append(f" · {number(len(kr.aligned))} aligned", "dim")
        cells["status"] = status
        add_row(cells)

    def walk(o: ObjectiveReport, lead: str, branch: str) -> None:
        objective_row(o, lead)
        items: list[KeyResultReport | ObjectiveReport] = [*o.key_results, *aligned_to_objective(o)]
        for i, item in enumerate(items):
            last = i == len(items) - 1
            line, below = branch + ("└─ " if last else "├─ "), branch + ("   " if last else "│  ")
            if isinstance(item, ObjectiveReport):
                walk(item, line, below)
                continue
            kr_row(item, line, o.owner, o.context)
            children = aligned_to_kr(o, item)
            for j, child in enumerate(children):
                end = j == len(children) - 1
                walk(child, below + ("└─ " if end else "├─ "), below + ("   " if end else "│  "))

    for i, objective in enumerate(report.objectives):
        if i:
            table.add_row()
        walk(objective, "", "")
    return table


def _status(status: str, grade: float | None) -> Text:
    from rich.text import Text

    if grade is not None:
        return Text(f"grade {grade:.1f}", grade_colour(grade))
    return Text(status_text(status), STATUS_STYLE[status])


def to_text(report: Report, width: int, *, color: bool = False) -> str:
    """The tree as a string `width` wide, without trailing spaces (ANSI colours only when `color`)."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False,
                      markup=False, emoji=False, soft_wrap=False)
    console.print(render(report, width))
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))
