"""`okr init NEW --from OLD`: the unfinished objectives of a quarter, as the plan of the next one.

An objective is carried over while it is not done; within it, the key results
that are not done, with their last values as new baselines (`start`), and
the initiatives not yet done or dropped. Phased targets (`plan:`) are dropped:
their dates belong to the old quarter. An `aligns_to` whose target was
finished is removed, so that the new plan loads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from okr.model import KeyResult, Objective, Quarter
from okr.progress import DONE, KeyResultReport, evaluate, find_key_result


@dataclass
class CarryOver:
    """The new plan's text and what happened on the way."""

    text: str
    objectives: list[str]
    dropped_krs: list[str] = field(default_factory=list)
    unaligned: list[str] = field(default_factory=list)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _key_result(kr: KeyResult, report: KeyResultReport) -> dict[str, Any]:
    data: dict[str, Any] = {"id": kr.id, "title": kr.title}
    for name in ("description", "owner"):
        if getattr(kr, name) is not None:
            data[name] = getattr(kr, name)
    if kr.kind == "metric":
        assert kr.target is not None
        current = report.current if isinstance(report.current, float) and report.history else kr.baseline
        data["start"] = _number(current)
        data["target"] = _number(kr.target)
    elif kr.kind == "threshold":
        for name in ("at_least", "at_most"):
            if getattr(kr, name) is not None:
                data[name] = _number(getattr(kr, name))
    elif kr.kind == "milestone":
        data["milestone"] = True
    else:
        data["measured_by"] = "aligned"
    if kr.unit is not None:
        data["unit"] = kr.unit
    if kr.weight != 1:
        data["weight"] = _number(kr.weight)
    return data


def carry_over(quarter: Quarter, new_name: str, today: dt.date) -> CarryOver:
    """The plan text for `new_name` with the unfinished work of `quarter`, evaluated at its end (or today)."""
    import yaml

    as_of = min(today, quarter.end)
    report = evaluate(quarter, as_of)
    status = {o.id: o.status for o in report.walk()}
    kept: list[Objective] = [o for o in quarter.objectives if status.get(o.id) != DONE]
    result = CarryOver("", [o.id for o in kept])
    kept_krs: dict[str, KeyResultReport] = {}
    for objective in kept:
        for kr in objective.key_results:
            evaluated = find_key_result(report, kr.id)
            assert evaluated is not None
            if evaluated.status == DONE:
                result.dropped_krs.append(kr.id)
            else:
                kept_krs[kr.id] = evaluated
    known = {o.id for o in kept} | set(kept_krs)
    objectives = []
    for objective in kept:
        data: dict[str, Any] = {"id": objective.id, "title": objective.title}
        for name in ("description", "owner", "team"):
            if getattr(objective, name) is not None:
                data[name] = getattr(objective, name)
        if objective.weight != 1:
            data["weight"] = _number(objective.weight)
        if objective.aligns_to is not None:
            if objective.aligns_to in known:
                data["aligns_to"] = objective.aligns_to
            else:
                result.unaligned.append(objective.id)
        data["key_results"] = [_key_result(kr, kept_krs[kr.id]) for kr in objective.key_results
                               if kr.id in kept_krs]
        initiatives = []
        for initiative in objective.initiatives:
            if initiative.status in ("done", "dropped"):
                continue
            item: dict[str, Any] = {"title": initiative.title}
            if initiative.owner is not None:
                item["owner"] = initiative.owner
            refs = [k for k in initiative.key_results if k in kept_krs]
            if refs:
                item["key_results"] = refs
            item["status"] = initiative.status
            initiatives.append(item)
        if initiatives:
            data["initiatives"] = initiatives
        objectives.append(data)
    header = [
        f"# Objectives and key results for {new_name}, carried over from {quarter.name} by `okr init --from`",
        f"# as of {as_of}: the objectives not yet done, their key results not yet done with the last values",
        "# checked in as new baselines (`start`), and the initiatives still open. Review it with the team:",
        "# drop what no longer matters, add what is new, and update titles that still name an old baseline.",
        "# The format: docs/format.md in the okr repository.",
    ]
    if result.dropped_krs:
        header.append(f"# Finished key results left behind: {', '.join(result.dropped_krs)}.")
    if result.unaligned:
        header.append(f"# `aligns_to` removed (its target was finished): {', '.join(result.unaligned)}.")
    body = yaml.safe_dump({"quarter": new_name, "objectives": objectives}, sort_keys=False, allow_unicode=True,
                          width=110, default_flow_style=False, indent=2)
    result.text = "\n".join(header) + "\n" + body
    return result
