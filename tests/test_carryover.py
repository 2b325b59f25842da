"""`okr init NEW --from OLD`: unfinished work moves to the next quarter with new baselines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import yaml

from okr.carryover import carry_over
from okr.workspace import load_quarter, open_workspace
from tests.conftest import Result, write

Okr = Callable[..., Result]

PLAN = """
objectives:
  - id: company
    title: Grow through partners
    owner: ceo
    key_results:
      - {id: partner-revenue, title: Partners bring a third of revenue, measured_by: aligned}
      - {id: nps, title: Raise NPS from 20 to 40, start: 20, target: 40, plan: {2026-11-15: 30}}
      - {id: uptime, title: Keep uptime at or above 99.9%, at_least: 99.9, unit: "%"}
    initiatives:
      - {title: Run the NPS survey, key_results: [nps], status: in-progress}
      - {title: Old campaign, status: done}
  - id: resellers
    title: Win resellers
    owner: fay
    aligns_to: partner-revenue
    key_results:
      - {id: signed, title: Sign 10 resellers, start: 0, target: 10, weight: 2}
      - {id: margin, title: Publish margin calculator, milestone: true}
  - id: finished
    title: Already won
    owner: lee
    key_results:
      - {id: done-kr, title: Reach 5 case studies, start: 0, target: 5}
  - id: side
    title: Help the finished objective
    owner: lee
    aligns_to: done-kr
    key_results:
      - {id: side-kr, title: Draft 3 case studies, start: 0, target: 3}
"""
LOG = "".join(f"- {line}\n" for line in (
    '{"date": "2026-12-20", "kr": "nps", "value": 31}',
    '{"date": "2026-12-20", "kr": "uptime", "value": 99.95}',
    '{"date": "2026-12-20", "kr": "signed", "value": 4}',
    '{"date": "2026-12-20", "kr": "margin", "value": true}',
    '{"date": "2026-12-20", "kr": "done-kr", "value": 5}',
))


def make(tmp_path: Path) -> Path:
    return write(tmp_path / "ws", {"okr.yaml": "organization: T\n", "2026-Q4.yaml": PLAN,
                                   "2026-Q4.checkins.yaml": LOG})


def test_unfinished_objectives_and_krs_move_with_new_baselines(tmp_path: Path) -> None:
    root = make(tmp_path)
    quarter = load_quarter(open_workspace(root, cwd=root), "2026-Q4", cwd=root)
    result = carry_over(quarter, "2027-Q1", dt.date(2027, 1, 5))
    assert result.objectives == ["company", "resellers", "side"]
    assert result.dropped_krs == ["margin"]
    assert result.unaligned == ["side"]
    plan = yaml.safe_load(result.text)
    assert plan["quarter"] == "2027-Q1"
    company, resellers, side = plan["objectives"]
    assert [k["id"] for k in company["key_results"]] == ["partner-revenue", "nps", "uptime"]
    nps = company["key_results"][1]
    assert (nps["start"], nps["target"]) == (31, 40) and "plan" not in nps
    assert company["key_results"][2] == {"id": "uptime", "title": "Keep uptime at or above 99.9%",
                                         "at_least": 99.9, "unit": "%"}
    assert company["initiatives"] == [{"title": "Run the NPS survey", "key_results": ["nps"],
                                       "status": "in-progress"}]
    assert resellers["aligns_to"] == "partner-revenue"
    assert resellers["key_results"] == [{"id": "signed", "title": "Sign 10 resellers", "start": 4, "target": 10,
                                         "weight": 2}]
    assert "aligns_to" not in side
    assert "Finished key results left behind: margin." in result.text


def test_cli_init_from_writes_a_plan_that_loads(okr: Okr, tmp_path: Path) -> None:
    root = make(tmp_path)
    result = okr("init", "2027-Q1", "--from", "2026-Q4", cwd=root, env={"OKR_TODAY": "2027-01-05"})
    assert result.exit_code == 0, result.output
    assert "carried over 3 unfinished objectives from 2026-Q4" in result.stdout
    report = okr("-q", "2027-Q1", "report", "--format", "json", cwd=root, env={"OKR_TODAY": "2027-01-05"})
    assert report.exit_code == 0, report.output
    lint = okr("-q", "2027-Q1", "lint", "--select", "schema,unknown-reference", cwd=root)
    assert lint.exit_code == 0


def test_init_from_a_missing_or_broken_quarter_writes_nothing(okr: Okr, tmp_path: Path) -> None:
    root = make(tmp_path)
    before = sorted(p.name for p in root.iterdir())
    assert okr("init", "2027-Q1", "--from", "2025-Q1", cwd=root).exit_code == 2
    (root / "2026-Q4.yaml").write_text("objectives: [\n")
    assert okr("init", "2027-Q1", "--from", "2026-Q4", cwd=root).exit_code == 1
    assert sorted(p.name for p in root.iterdir()) == before
