"""The signals behind `activity-key-result`, one at a time (the dev-set figures are in test_lint.py)."""

from __future__ import annotations

import pytest

from okr.activity import classify, is_measured, is_vague, lemma, without_purpose


@pytest.mark.parametrize(("word", "base"), [
    ("launched", "launch"), ("launches", "launch"), ("launching", "launch"), ("planned", "plan"),
    ("shipping", "ship"), ("built", "build"), ("written", "write"), ("specified", "specify"), ("made", "make"),
    ("teams", "teams"),
])
def test_lemma(word: str, base: str) -> None:
    assert lemma(word) == base


@pytest.mark.parametrize(("title", "kind", "evidence"), [
    ("Launch the new pricing page", "verb", "launch"),
    ("Launched the referral program", "verb", "launched"),
    ("Roll out SSO to every customer", "verb", "roll out"),
    ("Set up a customer advisory board", "verb", "set up"),
    ("Hire 20 engineers", "verb", "hire"),
    ("Cost: Move all CI infrastructure to GCP", "verb", "move"),
    ("Vulnerability testing. Conduct external testing.", "verb", "conduct"),
    ("VP Sales hired", "verb", "hire"),
    ("Developer docs are published", "done-state", "are published"),
    ("Bug bounty programs are in place", "done-state", "Bug bounty programs are in place"),
    ("There is an up-to-date architecture diagram", "done-state", "There is an up-to-date architecture diagram"),
    ("Users can export reports as CSV", "capability", "can"),
    ("The API supports webhooks", "capability", "supports"),
    ("Sales pitch deck for resellers", "deliverable", "deck"),
])
def test_task_signals(title: str, kind: str, evidence: str) -> None:
    verdict = classify(title)
    assert verdict is not None and (verdict.kind, verdict.evidence) == (kind, evidence)


@pytest.mark.parametrize("title", [
    "Grow weekly active teams from 1,200 to 2,000",
    "Deliver 652 MQLs to sales, a 28% QoQ growth",       # a task verb with a measured change
    "Ship 100% of committed issues each release",
    "Sign 3 new strategic partners",
    "Keep p99 latency below 300 ms",
    "No tier 1 customer is blocked from upgrading",       # a zero target
    "All product teams have a delivery plan",             # full coverage
    "Partners bring in a third of new revenue",
    "Eliminate errors caused by malformed queries",
    "Be a leader in every analyst report",
])
def test_outcomes_are_not_tasks(title: str) -> None:
    assert classify(title) is None


def test_counts_of_outputs_or_in_a_with_phrase_do_not_make_a_task_measured() -> None:
    assert classify("Write at least 10 blog posts") is not None
    assert classify("Run a pilot with 5 customers") is not None
    assert classify("Run 3 user tests with colleagues") is not None
    assert is_measured("Win 5 new customers in Germany")


def test_purpose_clauses_do_not_count_as_measures() -> None:
    title = "Success plan defined for each account (to achieve 100% logo retention)"
    assert "100%" not in without_purpose(title)
    assert classify(title) is not None


def test_dates_quarters_and_years_are_not_measures() -> None:
    assert not is_measured("Launch in the EU by 2026-11-30")
    assert not is_measured("Publish the FY27 roadmap in Q4 2026")


def test_extra_and_allowed_verbs() -> None:
    assert classify("Dogfood the mobile app") is None
    assert classify("Dogfood the mobile app", extra_verbs=["dogfood"]) is not None
    assert classify("Test every release on real devices", allowed_verbs=["test"]) is None


@pytest.mark.parametrize(("title", "verb"), [("Improve onboarding", "improve"), ("Increase adoption", "increase"),
                                              ("Improve onboarding from 31% to 45%", None),
                                              ("Launch the page", None)])
def test_vague(title: str, verb: str | None) -> None:
    assert is_vague(title) == verb
