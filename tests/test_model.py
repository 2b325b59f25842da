"""Schema errors: every class of mistake in a plan is reported at its exact file:line:column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from okr.model import quarter_bounds, quarter_of
from okr.problems import ConfigError, InputError, Problem
from okr.workspace import load_quarter, open_workspace


def problems_of(root: Path, quarter: str = "2026-Q4") -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_quarter(open_workspace(root, cwd=root), quarter, cwd=root)
    return caught.value.problems


def only(root: Path) -> Problem:
    found = problems_of(root)
    assert len(found) == 1, found
    return found[0]


def plan(body: str) -> str:
    """A plan whose one KR gets `body` as extra lines (indented like its other keys)."""
    head = (
        "quarter: 2026-Q4\n"
        "objectives:\n"
        "  - id: o1\n"
        "    title: Delight small teams\n"
        "    key_results:\n"
        "      - id: k1\n"
        "        title: Raise NPS from 30 to 45\n"
    )
    return head + body


def test_unknown_key_points_at_the_key_and_suggests_the_right_one(workspace: Callable[..., Path]) -> None:
    root = workspace(plan=plan("        start: 30\n        tagret: 45\n"))
    p = only(root)
    assert (p.path, p.line, p.column, p.rule) == ("2026-Q4.yaml", 9, 9, "schema")
    assert p.message == "unknown key 'tagret' in key result 'k1'"
    assert p.hint == "did you mean 'target'?"


def test_unknown_key_without_a_near_match_lists_the_allowed_keys(workspace: Callable[..., Path]) -> None:
    root = workspace(plan=plan("        target: 45\n        colour: red\n"))
    p = only(root)
    assert (p.line, p.column) == (9, 9)
    assert p.hint is not None and "allowed keys here:" in p.hint and "target" in p.hint


def test_missing_key_points_at_the_mapping(workspace: Callable[..., Path]) -> None:
    text = "objectives:\n  - id: o1\n    key_results: []\n"
    p = only(workspace(plan=text))
    assert (p.line, p.column) == (2, 5)
    assert p.message == "missing key 'title' in objective 'o1'"


def test_string_where_a_number_belongs(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan('        start: "30"\n        target: 45\n')))
    assert (p.line, p.column) == (8, 16)
    assert p.message == "'start' must be a number in key result 'k1', got '30'"
    assert p.hint == "write it as a plain number without quotes, e.g. 2000 or 99.9"


def test_boolean_is_not_a_number(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        target: yes\n")))
    assert (p.line, p.column, p.rule) == (8, 17, "schema")
    assert "'target' must be a number" in p.message


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_numbers_must_be_finite(workspace: Callable[..., Path], value: str) -> None:
    p = only(workspace(plan=plan(f"        target: {value}\n")))
    assert (p.line, p.column) == (8, 17)
    assert "finite number" in p.message


@pytest.mark.parametrize("bad_id", ["Grow", "grow_fast", "-grow", "grów"])
def test_ids_are_kebab_case(workspace: Callable[..., Path], bad_id: str) -> None:
    text = plan("        target: 45\n").replace("id: k1", f"id: {bad_id}")
    p = only(workspace(plan=text))
    assert (p.line, p.column) == (6, 13)
    assert p.message.startswith(f"invalid ID '{bad_id}'")
    assert p.hint is not None and "lowercase letters, digits and hyphens" in p.hint


def test_two_kinds_in_one_key_result(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        target: 45\n        at_least: 40\n")))
    assert (p.line, p.column) == (6, 9)
    assert p.message == "key result 'k1' has more than one kind (target, at_least/at_most): keep one"


def test_a_key_result_needs_a_kind(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        unit: points\n")))
    assert (p.line, p.column) == (6, 9)
    assert p.message.startswith("key result 'k1' has no kind")


def test_start_only_belongs_to_metric_key_results(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        start: 3\n        at_most: 4\n")))
    assert p.line == 6 and "'start' only applies to a metric KR" in p.message


def test_quarter_must_match_the_file_name(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        target: 45\n").replace("quarter: 2026-Q4", "quarter: 2026-Q3")))
    assert (p.line, p.column) == (1, 10)
    assert p.message == "quarter: 2026-Q3 does not match the file name (2026-Q4)"


def test_duplicate_ids_across_folder_files(workspace: Callable[..., Path]) -> None:
    team = (
        "objectives:\n  - id: o2\n    title: Be fast\n    key_results:\n      - id: k1\n"
        "        title: Cut p95 latency from 400 ms to 250 ms\n        start: 400\n        target: 250\n"
    )
    root = workspace({"2026-Q4/a.yaml": plan("        target: 45\n"), "2026-Q4/b.yaml": team}, plan=None)
    p = only(root)
    assert (p.path, p.line, p.column, p.rule) == ("2026-Q4/b.yaml", 5, 13, "duplicate-id")
    assert p.message == "ID 'k1' is already used at 2026-Q4/a.yaml:6"


def test_objective_and_kr_ids_share_one_namespace(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        target: 45\n").replace("id: k1", "id: o1")))
    assert (p.line, p.rule) == (6, "duplicate-id")


def test_duplicate_yaml_key_is_an_error_not_silently_collapsed(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        target: 45\n        target: 50\n")))
    assert (p.line, p.column, p.rule) == (9, 9, "duplicate-key")
    assert "first at line 8" in p.message


def test_yaml_syntax_error_has_its_line(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        target: [45\n")))
    assert p.rule == "syntax" and p.path == "2026-Q4.yaml" and p.line in (8, 9)
    assert p.message.startswith("YAML syntax error")


def test_top_level_must_be_a_mapping(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan="- just\n- a list\n"))
    assert (p.line, p.column) == (1, 1) and "expected a mapping" in p.message


def test_objectives_must_be_a_list(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan="objectives:\n  id: o1\n"))
    assert (p.line, p.column) == (2, 3) and p.message.startswith("'objectives' must be a list")


def test_not_utf8(workspace: Callable[..., Path]) -> None:
    root = workspace(plan=None)
    (root / "2026-Q4.yaml").write_bytes(b"objectives:\n  - id: o1\n    title: caf\xe9\n")
    p = only(root)
    assert (p.line, p.rule) == (3, "syntax") and "UTF-8" in p.message


def test_alias_bomb_is_refused(workspace: Callable[..., Path]) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 8)]
    p = only(workspace(plan="\n".join(lines) + "\n"))
    assert p.rule == "syntax" and "alias bomb" in p.message


def test_recursive_alias_is_refused(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan="objectives: &loop\n  - *loop\n"))
    assert p.rule == "syntax" and "refers to itself" in p.message


@pytest.mark.parametrize(
    ("extra", "line", "column", "message"),
    [
        ("    aligns_to: nowhere\n", 9, 16, "aligns_to 'nowhere' does not exist in this quarter"),
        ("    team: growht\n", 9, 11, "team 'growht' does not exist in the teams in okr.yaml"),
        ("    initiatives:\n      - title: Launch the page\n        key_results: [k2]\n", 11, 23,
         "key result 'k2' does not exist in this quarter"),
    ],
)
def test_unknown_references(workspace: Callable[..., Path], extra: str, line: int, column: int, message: str) -> None:
    settings = "teams:\n  - {id: growth}\n"
    p = only(workspace(plan=plan("        target: 45\n") + extra, settings=settings))
    assert (p.line, p.column, p.rule, p.message) == (line, column, "unknown-reference", message)


def test_alignment_cycle(workspace: Callable[..., Path]) -> None:
    text = (
        "objectives:\n"
        "  - id: a\n    title: A\n    aligns_to: kb\n    key_results:\n"
        "      - {id: ka, title: Raise X from 1 to 2, start: 1, target: 2}\n"
        "  - id: b\n    title: B\n    aligns_to: ka\n    key_results:\n"
        "      - {id: kb, title: Raise Y from 1 to 2, start: 1, target: 2}\n"
    )
    p = only(workspace(plan=text))
    assert (p.line, p.column, p.rule) == (4, 16, "alignment-cycle")
    assert p.message == "alignment loop: a -> b -> a"


def test_plan_dates_inside_the_quarter(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan=plan("        target: 45\n        plan: {2027-01-15: 40}\n")))
    assert (p.line, p.column) == (9, 16) and "outside 2026-Q4" in p.message


def test_every_problem_is_reported_not_just_the_first(workspace: Callable[..., Path]) -> None:
    found = problems_of(workspace(plan=plan("        tagret: 45\n        colour: red\n")))
    assert [(p.line, p.column, p.message) for p in found] == [
        (8, 9, "unknown key 'tagret' in key result 'k1'"), (9, 9, "unknown key 'colour' in key result 'k1'")]


def test_settings_errors_are_configuration_errors(workspace: Callable[..., Path]) -> None:
    root = workspace(settings="organisation: Acme\nfiscal_year_start: 13\n")
    with pytest.raises(ConfigError) as caught:
        open_workspace(root, cwd=root)
    found = caught.value.problems
    assert [(p.path, p.line, p.column) for p in found] == [("okr.yaml", 1, 1), ("okr.yaml", 2, 20)]
    assert found[0].hint == "did you mean 'organization'?"
    assert caught.value.exit_code == 2


def test_status_thresholds_must_be_ordered(workspace: Callable[..., Path]) -> None:
    root = workspace(settings="status:\n  at_risk: 0.3\n  off_track: 0.2\n")
    with pytest.raises(ConfigError) as caught:
        open_workspace(root, cwd=root)
    assert caught.value.problems[0].line == 2 and "off_track" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("name", "fiscal", "start", "end"),
    [
        ("2026-Q4", 1, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026-Q1", 1, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2027-Q1", 4, dt.date(2027, 4, 1), dt.date(2027, 6, 30)),
        ("2027-Q4", 4, dt.date(2028, 1, 1), dt.date(2028, 3, 31)),
    ],
)
def test_quarter_bounds(name: str, fiscal: int, start: dt.date, end: dt.date) -> None:
    assert quarter_bounds(name, fiscal) == (start, end)
    assert quarter_of(start, fiscal) == name and quarter_of(end, fiscal) == name


def test_tabs_get_a_hint_of_their_own(workspace: Callable[..., Path]) -> None:
    p = only(workspace(plan="objectives:\n\t- id: o\n"))
    assert (p.line, p.rule) == (2, "syntax")
    assert p.hint == "YAML does not allow tabs for indentation: indent with spaces"
