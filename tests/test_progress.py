"""The formulas of DESIGN.md section 4, each against a value computed by hand.

The quarter is 2026-Q4: 92 days from 2026-10-01 to 2026-12-31, so the end of
2026-11-15 (day 46) is exactly half of it.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from okr.model import Quarter
from okr.progress import Report, elapsed, evaluate, filter_report, find_key_result, grade, grade_colour
from okr.workspace import load_quarter, open_workspace
from tests.conftest import write

D = dt.date
MID = D(2026, 11, 15)

Load = Callable[..., Quarter]


@pytest.fixture
def load(tmp_path: Path) -> Load:
    """A quarter from a list of key-result YAML snippets (one objective) or a whole plan, and log lines."""

    def make(krs: str | None = None, checkins: list[str] | None = None, *, plan: str | None = None,
             settings: str = "organization: T\n") -> Quarter:
        if plan is None:
            assert krs is not None
            plan = "objectives:\n  - id: o\n    title: Win\n    key_results:\n" + textwrap.indent(
                textwrap.dedent(krs).strip("\n"), "      ") + "\n"
        else:
            plan = textwrap.dedent(plan)
        log = "".join(f"- {line}\n" for line in (checkins or []))
        root = write(tmp_path / "ws", {"okr.yaml": settings, "2026-Q4.yaml": plan, "2026-Q4.checkins.yaml": log})
        return load_quarter(open_workspace(root, cwd=root), "2026-Q4", cwd=root)

    return make


def ci(kr: str, day: str, value: object, confidence: float | None = None) -> str:
    record: dict[str, object] = {"date": day, "kr": kr, "value": value}
    if confidence is not None:
        record["confidence"] = confidence
    return json.dumps(record)


def kr_of(report: Report, kr_id: str):  # type: ignore[no-untyped-def]
    found = find_key_result(report, kr_id)
    assert found is not None
    return found


METRIC = "- {id: k, title: Grow teams from 1200 to 2000, start: 1200, target: 2000}"


# --- elapsed ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (D(2026, 9, 30), 0.0), (D(2026, 10, 1), 1 / 92), (MID, 0.5), (D(2026, 12, 30), 91 / 92),
    (D(2026, 12, 31), 1.0), (D(2027, 1, 5), 1.0),
])
def test_elapsed(load: Load, day: dt.date, expected: float) -> None:
    assert elapsed(load(METRIC), day) == pytest.approx(expected)


# --- metric ---------------------------------------------------------------------------------------------


def test_metric_progress_expected_and_status(load: Load) -> None:
    kr = kr_of(evaluate(load(METRIC, [ci("k", "2026-11-15", 1640, 0.7)]), MID), "k")
    assert (kr.current, kr.progress, kr.score, kr.expected) == (1640, pytest.approx(0.55), pytest.approx(0.55), 0.5)
    assert kr.status == "on-track" and kr.confidence == 0.7
    assert kr.expected_value == pytest.approx(1600)


def test_metric_without_checkins_sits_at_its_start_with_no_data(load: Load) -> None:
    kr = kr_of(evaluate(load(METRIC), MID), "k")
    assert (kr.current, kr.progress, kr.status, kr.stale, kr.forecast) == (1200, 0.0, "no-data", False, None)


def test_missing_start_means_zero(load: Load) -> None:
    kr = kr_of(evaluate(load("- {id: k, title: Sign 12 partners, target: 12}", [ci("k", "2026-11-15", 3)]), MID), "k")
    assert kr.progress == pytest.approx(0.25)


def test_decreasing_metric(load: Load) -> None:
    quarter = load("- {id: k, title: Cut churn from 4% to 2.5%, start: 4, target: 2.5}", [ci("k", "2026-11-15", 3.4)])
    kr = kr_of(evaluate(quarter, MID), "k")
    assert kr.progress == pytest.approx(0.4)  # (3.4 - 4) / (2.5 - 4)
    assert kr.status == "on-track"  # gap -0.10 is inside at_risk = 0.10: thresholds are inclusive


def test_overachievement_is_raw_progress_but_clamped_score(load: Load) -> None:
    kr = kr_of(evaluate(load(METRIC, [ci("k", "2026-11-15", 2200)]), MID), "k")
    assert (kr.progress, kr.score, kr.status) == (pytest.approx(1.25), 1.0, "done")


def test_going_backwards_is_negative_progress_and_zero_score(load: Load) -> None:
    kr = kr_of(evaluate(load(METRIC, [ci("k", "2026-11-15", 1100)]), MID), "k")
    assert (kr.progress, kr.score, kr.status) == (pytest.approx(-0.125), 0.0, "off-track")


def test_phased_plan_interpolates_expected_progress(load: Load) -> None:
    quarter = load(METRIC[:-1] + ", plan: {2026-10-31: 1350, 2026-11-30: 1650}}", [ci("k", "2026-11-15", 1500)])
    kr = kr_of(evaluate(quarter, MID), "k")
    # Nov 15 is halfway between Oct 31 (day 31) and Nov 30 (day 61): 1350 + 300 / 2 = 1500 -> (1500 - 1200) / 800
    assert kr.expected == pytest.approx(0.375)
    assert kr.expected_value == pytest.approx(1500)
    assert kr.status == "on-track"
    early = kr_of(evaluate(quarter, D(2026, 10, 16)), "k")  # day 16 of 31 toward 1350: 1200 + 150 * 16/31
    assert early.expected == pytest.approx((150 * 16 / 31) / 800)


def test_same_date_correction_later_line_wins(load: Load) -> None:
    quarter = load(METRIC, [ci("k", "2026-11-15", 1900), ci("k", "2026-11-08", 1500), ci("k", "2026-11-15", 1640)])
    kr = kr_of(evaluate(quarter, MID), "k")
    assert kr.current == 1640
    assert [(p.date, p.value) for p in kr.history] == [(D(2026, 11, 8), 1500), (D(2026, 11, 15), 1640)]


def test_latest_date_wins_not_the_latest_line(load: Load) -> None:
    quarter = load(METRIC, [ci("k", "2026-11-15", 1640), ci("k", "2026-11-01", 1300)])
    assert kr_of(evaluate(quarter, MID), "k").current == 1640


def test_checkins_after_as_of_are_ignored(load: Load) -> None:
    quarter = load(METRIC, [ci("k", "2026-11-01", 1300), ci("k", "2026-11-16", 1900)])
    kr = kr_of(evaluate(quarter, MID), "k")
    assert kr.current == 1300 and len(kr.history) == 1


# --- threshold and milestone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "progress", "status"), [(99.95, 1.0, "on-track"), (99.9, 1.0, "on-track"),
                                                           (99.89, 0.0, "off-track")])
def test_threshold_at_least_is_inclusive(load: Load, value: float, progress: float, status: str) -> None:
    quarter = load("- {id: k, title: Keep availability at or above 99.9%, at_least: 99.9}",
                   [ci("k", "2026-11-15", value)])
    kr = kr_of(evaluate(quarter, MID), "k")
    assert (kr.progress, kr.expected, kr.status) == (progress, 1.0, status)


def test_threshold_band(load: Load) -> None:
    quarter = load("- {id: k, title: Keep p95 between 100 and 250 ms, at_least: 100, at_most: 250}",
                   [ci("k", "2026-11-14", 250), ci("k", "2026-11-15", 251)])
    assert kr_of(evaluate(quarter, D(2026, 11, 14)), "k").status == "on-track"
    assert kr_of(evaluate(quarter, MID), "k").status == "off-track"


def test_threshold_without_data(load: Load) -> None:
    kr = kr_of(evaluate(load("- {id: k, title: Keep errors at most 1%, at_most: 1}"), MID), "k")
    assert (kr.current, kr.progress, kr.status) == (None, 0.0, "no-data")


def test_milestone(load: Load) -> None:
    quarter = load("- {id: k, title: SOC 2 report issued, milestone: true}",
                   [ci("k", "2026-11-01", False), ci("k", "2026-11-20", True)])
    before = kr_of(evaluate(quarter, MID), "k")
    assert (before.current, before.progress, before.expected, before.status) == (False, 0.0, 0.5, "off-track")
    after = kr_of(evaluate(quarter, D(2026, 11, 20)), "k")
    assert (after.current, after.progress, after.status) == (True, 1.0, "done")


# --- status boundaries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "status"), [
    (50.0, "on-track"),     # gap 0
    (40.0, "on-track"),     # gap -0.10, inclusive
    (39.9, "at-risk"),      # gap -0.101
    (25.0, "at-risk"),      # gap -0.25, inclusive
    (24.9, "off-track"),    # gap -0.251
    (100.0, "done"),
])
def test_status_boundaries(load: Load, value: float, status: str) -> None:
    quarter = load("- {id: k, title: Raise NPS from 0 to 100, start: 0, target: 100}", [ci("k", "2026-11-15", value)])
    assert kr_of(evaluate(quarter, MID), "k").status == status


def test_thresholds_come_from_okr_yaml(load: Load) -> None:
    quarter = load("- {id: k, title: Raise NPS from 0 to 100, start: 0, target: 100}", [ci("k", "2026-11-15", 45)],
                   settings="status: {at_risk: 0.02, off_track: 0.04}\n")
    assert kr_of(evaluate(quarter, MID), "k").status == "off-track"


# --- stale and forecast ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("last", "stale"), [("2026-11-01", False), ("2026-10-31", True)])
def test_stale_after_more_than_14_days(load: Load, last: str, stale: bool) -> None:
    assert kr_of(evaluate(load(METRIC, [ci("k", last, 1300)]), MID), "k").stale is stale


def test_forecast_least_squares_through_the_baseline(load: Load) -> None:
    quarter = load("- {id: k, title: Reach 100 customers, start: 0, target: 100}",
                   [ci("k", "2026-10-23", 30), ci("k", "2026-11-15", 50)])
    # points (0, 0), (0.25, 30), (0.5, 50): slope 100, mean (0.25, 26.67) -> 101.67 at elapsed 1
    assert kr_of(evaluate(quarter, MID), "k").forecast == pytest.approx(1.016667, abs=1e-6)


def test_no_forecast_with_one_checkin_or_for_other_kinds(load: Load) -> None:
    assert kr_of(evaluate(load(METRIC, [ci("k", "2026-11-15", 1500)]), MID), "k").forecast is None
    quarter = load("- {id: k, title: Keep errors at most 1%, at_most: 1}",
                   [ci("k", "2026-10-23", 0.5), ci("k", "2026-11-15", 0.4)])
    assert kr_of(evaluate(quarter, MID), "k").forecast is None


# --- objectives, rollups, the tree -------------------------------------------------------------------------------

ROLLUP = """
objectives:
  - id: company
    title: Grow through partners
    key_results:
      - {id: partner-revenue, title: Partners bring a third of revenue, measured_by: aligned}
      - {id: nps, title: Raise NPS from 0 to 100, start: 0, target: 100, weight: 3}
  - id: resellers
    title: Win resellers
    aligns_to: partner-revenue
    weight: 2
    key_results:
      - {id: signed, title: Sign 10 resellers, start: 0, target: 10}
  - id: marketing
    title: Reach buyers
    aligns_to: partner-revenue
    team: sales
    key_results:
      - {id: leads, title: Generate 100 leads, start: 0, target: 100}
  - id: culture
    title: Be a great place to work
    aligns_to: company
    key_results:
      - {id: enps, title: Raise eNPS from 0 to 50, start: 0, target: 50}
"""


def test_aligned_rollup_weights_children_and_objective_weights_krs(load: Load) -> None:
    quarter = load(plan=ROLLUP, checkins=[ci("signed", "2026-11-15", 6), ci("leads", "2026-11-15", 30),
                                          ci("nps", "2026-11-15", 20), ci("enps", "2026-11-15", 50)])
    report = evaluate(quarter, MID)
    rollup = kr_of(report, "partner-revenue")
    assert rollup.progress == pytest.approx((2 * 0.6 + 1 * 0.3) / 3)  # 0.5
    assert rollup.expected == pytest.approx(0.5) and rollup.status == "on-track"
    assert rollup.aligned == ["resellers", "marketing"]
    company = report.objectives[0]
    # (1 * 0.5 + 3 * 0.2) / 4; "culture" aligns to the objective itself and does not count
    assert company.progress == pytest.approx(0.275)
    assert company.status == "at-risk"  # gap -0.225
    assert [c.id for c in company.children] == ["resellers", "marketing", "culture"]
    assert [o.id for o in report.objectives] == ["company"]
    assert report.progress == pytest.approx(0.275)
    # enps done; signed and partner-revenue on track; leads at risk (gap -0.2); nps off track (gap -0.3)
    assert report.counts == {"done": 1, "on-track": 2, "at-risk": 1, "off-track": 1, "no-data": 0}
    assert report.net_confidence == pytest.approx(100 * (3 - 1) / 5)


def test_aligned_kr_with_nothing_aligned_has_no_data(load: Load) -> None:
    quarter = load("- {id: k, title: Partners bring a third of revenue, measured_by: aligned}")
    kr = kr_of(evaluate(quarter, MID), "k")
    assert (kr.progress, kr.status) == (0.0, "no-data")


def test_objective_without_krs_is_no_data(load: Load) -> None:
    report = evaluate(load(plan="objectives:\n  - {id: o, title: Someday}\n"), MID)
    assert (report.objectives[0].progress, report.objectives[0].status) == (0.0, "no-data")


def test_filters_keep_the_path_as_context(load: Load) -> None:
    report = filter_report(evaluate(load(plan=ROLLUP, checkins=[ci("leads", "2026-11-15", 30)]), MID), team="sales")
    company = report.objectives[0]
    assert company.context and [k.id for k in company.key_results] == ["partner-revenue"]
    assert [(c.id, c.context) for c in company.children] == [("marketing", False)]
    assert report.progress == pytest.approx(0.3)
    assert report.counts["at-risk"] == 1 and sum(report.counts.values()) == 1  # gap 0.3 - 0.5


def test_owner_filter_keeps_only_their_krs(load: Load) -> None:
    plan = ROLLUP.replace("{id: nps, title:", "{id: nps, owner: ana, title:")
    report = filter_report(evaluate(load(plan=plan), MID), owner="ana")
    assert [k.id for k in report.objectives[0].key_results] == ["nps"]
    assert not report.objectives[0].context and report.objectives[0].children == []


# --- grades -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "expected", "colour"), [
    (1.0, 1.0, "green"), (0.65, 0.7, "green"), (0.649, 0.6, "yellow"), (0.35, 0.4, "yellow"),
    (0.34, 0.3, "red"), (0.0, 0.0, "red"),
])
def test_grades(score: float, expected: float, colour: str) -> None:
    assert grade(score) == expected and grade_colour(grade(score)) == colour


def test_grades_appear_once_the_quarter_is_over(load: Load) -> None:
    quarter = load(METRIC, [ci("k", "2026-12-20", 1720)])
    assert kr_of(evaluate(quarter, D(2026, 12, 30)), "k").grade is None
    kr = kr_of(evaluate(quarter, D(2026, 12, 31)), "k")
    assert kr.grade == 0.7  # score 0.65


def test_week_change_needs_a_checkin_this_week(load: Load) -> None:
    quarter = load(METRIC, [ci("k", "2026-11-01", 1400), ci("k", "2026-11-08", 1520), ci("k", "2026-11-15", 1640)])
    assert kr_of(evaluate(quarter, MID), "k").week_change == 120
    assert kr_of(evaluate(quarter, D(2026, 11, 22)), "k").week_change is None


def test_aligned_kr_whose_children_have_no_data_has_no_data(load: Load) -> None:
    report = evaluate(load(plan=ROLLUP), MID)
    assert kr_of(report, "partner-revenue").status == "no-data"
    assert report.objectives[0].status == "no-data"
