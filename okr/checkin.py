"""Check-ins from what a person types: validated against the plan before anything is written.

Parsing a value, a confidence or a date, choosing which key results the weekly
ritual walks, and which ones are missing this week's check-in. No I/O here:
`cli.py` prompts and prints, `workspace.append_checkins` writes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from okr.model import CheckIn, KeyResult, Objective, Quarter
from okr.problems import InputError, closest

TRUE_WORDS = {"true", "yes", "y", "done"}
FALSE_WORDS = {"false", "no", "n", "not done"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def find_key_result(quarter: Quarter, kr_id: str) -> KeyResult:
    """The key result to check in, or an error naming the closest IDs."""
    kr = quarter.key_results.get(kr_id)
    if kr is None:
        known = sorted(k for k, v in quarter.key_results.items() if v.kind != "aligned")
        guesses = closest(kr_id, known)
        hint = f"did you mean {' or '.join(repr(g) for g in guesses)}?" if guesses else \
            f"key results of {quarter.name}: {', '.join(known[:10])}{' …' if len(known) > 10 else ''}"
        raise InputError(f"no key result '{kr_id}' in {quarter.name}", hint=hint)
    if kr.kind == "aligned":
        children = [o.id for o in quarter.objectives if o.aligns_to == kr.id]
        raise InputError(f"'{kr.id}' is measured by the objectives aligned to it and takes no check-ins",
                         hint=f"check in the key results of {', '.join(children)}" if children else
                         "align team objectives to it with `aligns_to:`")
    return kr


def parse_value(kr: KeyResult, text: str) -> bool | float:
    """A typed value for `kr`: a number (metric, threshold) or yes/no (milestone)."""
    raw = text.strip()
    if kr.kind == "milestone":
        word = raw.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise InputError(f"'{kr.id}' is a milestone: its value is done or not, got {raw!r}",
                         hint="use true, false, yes, no or done")
    number = raw
    if kr.unit and number.endswith(kr.unit) and number != kr.unit:
        number = number[: -len(kr.unit)].strip()
    if _THOUSANDS.match(number):
        number = number.replace(",", "")
    try:
        value = float(number)
    except ValueError:
        from okr.render import with_unit

        example = with_unit(_example_value(kr), kr.unit)
        raise InputError(f"'{kr.id}' needs a number, got {raw!r}", hint=f"for example {example}") from None
    if not math.isfinite(value):
        raise InputError(f"'{kr.id}' needs a finite number, got {raw!r}")
    return value


def _example_value(kr: KeyResult) -> float:
    for candidate in (kr.target, kr.at_least, kr.at_most):
        if candidate is not None:
            return candidate
    return 42.0


def parse_confidence(text: str) -> float:
    """0.0–1.0; '70%' is accepted as 0.7."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise InputError(f"confidence must be a number from 0 to 1, got {raw!r}", hint="for example 0.7") from None
    if not 0 <= value <= 1 or not math.isfinite(value):
        hint = f"did you mean {value / 10:g}?" if 1 < value <= 10 else "for example 0.7"
        raise InputError(f"confidence must be from 0 to 1, got {raw!r}", hint=hint)
    return value


def check_date(quarter: Quarter, day: dt.date) -> dt.date:
    """`day` if it lies inside the quarter."""
    if not quarter.start <= day <= quarter.end:
        raise InputError(f"{day} is outside {quarter.name} ({quarter.start} to {quarter.end})",
                         hint="pass --date with a day of the quarter, or -q for the quarter of that day")
    return day


def make_checkin(quarter: Quarter, kr_id: str, value: str, day: dt.date, confidence: str | None = None,
                 note: str | None = None, by: str | None = None) -> CheckIn:
    """A check-in built from command-line text, validated against the plan; `InputError` otherwise."""
    kr = find_key_result(quarter, kr_id)
    return CheckIn(date=check_date(quarter, day), kr=kr.id, value=parse_value(kr, value),
                   confidence=parse_confidence(confidence) if confidence not in (None, "") else None,
                   note=note or None, by=by or None)


@dataclass(frozen=True)
class Assignment:
    """A key result someone checks in, with the objective it belongs to and its effective owner."""

    key_result: KeyResult
    objective: Objective
    owner: str | None


def assignments(quarter: Quarter, owner: str | None = None, team: str | None = None,
                objective: str | None = None) -> list[Assignment]:
    """The key results that take check-ins (not aligned ones), in plan order, filtered."""
    chosen = []
    for obj in quarter.objectives:
        if team is not None and obj.team != team:
            continue
        if objective is not None and obj.id != objective:
            continue
        for kr in obj.key_results:
            who = kr.owner or obj.owner
            if kr.kind == "aligned" or (owner is not None and who != owner):
                continue
            chosen.append(Assignment(kr, obj, who))
    return chosen


def check_filters(quarter: Quarter, owner: str | None, team: str | None, objective: str | None) -> None:
    """An error when a filter names nothing in the quarter (a typo would otherwise look like 'nothing to do')."""
    objectives = quarter.objectives
    if objective is not None and objective not in {o.id for o in objectives}:
        guesses = closest(objective, [o.id for o in objectives])
        raise InputError(f"no objective '{objective}' in {quarter.name}",
                         hint=f"did you mean '{guesses[0]}'?" if guesses else None)
    if team is not None and team not in {o.team for o in objectives}:
        teams = sorted({o.team for o in objectives if o.team})
        raise InputError(f"no objective of team '{team}' in {quarter.name}",
                         hint=f"teams: {', '.join(teams)}" if teams else None)
    owners = {k.owner or o.owner for o in objectives for k in o.key_results}
    if owner is not None and owner not in owners:
        names = sorted(x for x in owners if x)
        guesses = closest(owner, names)
        raise InputError(f"no key result owned by '{owner}' in {quarter.name}",
                         hint=f"did you mean '{guesses[0]}'?" if guesses else f"owners: {', '.join(names)}")


def iso_week(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week containing `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def missing(quarter: Quarter, day: dt.date, owner: str | None = None, team: str | None = None,
            objective: str | None = None) -> list[Assignment]:
    """Key results with no check-in in the ISO week of `day`."""
    monday, sunday = iso_week(day)
    done = {c.checkin.kr for c in quarter.checkins if monday <= c.checkin.date <= sunday}
    return [a for a in assignments(quarter, owner, team, objective) if a.key_result.id not in done]
