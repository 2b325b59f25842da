"""Finding the workspace, choosing the quarter, loading plans and logs, and `okr init`'s files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from okr.model import CheckIn
from okr.problems import ConfigError, InputError
from okr.progress import evaluate
from okr.workspace import (
    find_root,
    init_quarter,
    load_quarter,
    open_workspace,
    read_log,
)
from tests.conftest import ACME, write

# --- discovery ------------------------------------------------------------------------


def test_walks_up_to_the_nearest_okr_yaml(workspace: Callable[..., Path]) -> None:
    root = workspace()
    deep = root / "a" / "b"
    deep.mkdir(parents=True)
    assert find_root(cwd=deep, environ={}) == root.resolve()


def test_explicit_folder_beats_the_environment_which_beats_walking_up(workspace: Callable[..., Path],
                                                                     tmp_path: Path) -> None:
    root = workspace()
    other = write(tmp_path / "other", {"okr.yaml": "organization: Other\n"})
    assert find_root(cwd=root, environ={"OKR_WORKSPACE": str(other)}) == other.resolve()
    assert find_root(str(root), cwd=tmp_path, environ={"OKR_WORKSPACE": str(other)}) == root.resolve()


def test_relative_explicit_folder_is_relative_to_the_current_folder(workspace: Callable[..., Path],
                                                                   tmp_path: Path) -> None:
    workspace()
    assert find_root("ws", cwd=tmp_path, environ={}) == (tmp_path / "ws").resolve()


def test_no_workspace_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        find_root(cwd=tmp_path, environ={})
    assert caught.value.exit_code == 2 and "okr init" in (caught.value.hint or "")


def test_explicit_folder_without_okr_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not an okr workspace"):
        find_root(str(tmp_path), cwd=tmp_path, environ={})


# --- quarters --------------------------------------------------------------------------


def test_resolve_quarter_prefers_today_then_the_latest_plan(workspace: Callable[..., Path]) -> None:
    root = workspace({"2026-Q3.yaml": "objectives: []\n"})
    ws = open_workspace(root, cwd=root)
    assert ws.quarters() == ["2026-Q3", "2026-Q4"]
    assert ws.resolve_quarter(None, dt.date(2026, 8, 1)) == ("2026-Q3", None)
    name, notice = ws.resolve_quarter(None, dt.date(2027, 2, 1))
    assert name == "2026-Q4" and notice is not None and "2027-Q1" in notice
    assert ws.resolve_quarter("2026-Q3", dt.date(2026, 11, 1)) == ("2026-Q3", None)


@pytest.mark.parametrize(("requested", "message"), [("2025-Q1", "has no plan"), ("2026-Q5", "is not a quarter")])
def test_unknown_quarter_is_a_configuration_error(workspace: Callable[..., Path], requested: str,
                                                  message: str) -> None:
    ws = open_workspace(workspace(), cwd=workspace())
    with pytest.raises(ConfigError, match=message):
        ws.resolve_quarter(requested, dt.date(2026, 11, 1))


def test_fiscal_year_start_moves_the_current_quarter(workspace: Callable[..., Path]) -> None:
    root = workspace({"2026-Q1.yaml": "objectives: []\n"}, settings="fiscal_year_start: 10\n")
    ws = open_workspace(root, cwd=root)  # fiscal 2026 starts in October 2026
    assert ws.resolve_quarter(None, dt.date(2026, 11, 15)) == ("2026-Q1", None)


def test_single_file_quarter_loads_plan_and_log(workspace: Callable[..., Path]) -> None:
    root = workspace({"2026-Q4.checkins.yaml": '- {"date": "2026-10-05", "kr": "wat", "value": 1300}\n'})
    quarter = load_quarter(open_workspace(root, cwd=root), "2026-Q4", cwd=root)
    assert [o.id for o in quarter.objectives] == ["grow"]
    assert quarter.log_path == root / "2026-Q4.checkins.yaml"
    assert [(c.checkin.kr, c.checkin.value, c.line) for c in quarter.checkins] == [("wat", 1300, 1)]


def test_folder_quarter_merges_every_team_file(workspace: Callable[..., Path]) -> None:
    team = "objectives:\n  - id: fast\n    title: Be fast\n    key_results: []\n"
    root = workspace({"2026-Q4/company.yaml": Path(ACME / "2026-Q4/company.yaml").read_text(),
                      "2026-Q4/zeta.yaml": team,
                      "2026-Q4/checkins.yaml": '- {"date": "2026-10-05", "kr": "logo-churn", "value": 3.9}\n'},
                     plan=None)
    ws = open_workspace(root, cwd=root)
    assert ws.quarters() == ["2026-Q4"]
    quarter = load_quarter(ws, "2026-Q4", cwd=root)
    assert [o.id for o in quarter.objectives] == ["default-choice", "trusted-platform", "fast"]
    assert quarter.log_path == root / "2026-Q4" / "checkins.yaml"
    assert len(quarter.checkins) == 1


def test_file_and_folder_for_one_quarter_is_ambiguous(workspace: Callable[..., Path]) -> None:
    root = workspace({"2026-Q4/team.yaml": "objectives: []\n"})
    with pytest.raises(ConfigError, match="both"):
        open_workspace(root, cwd=root).plan_paths("2026-Q4")


def test_acme_example_loads_with_every_kr_kind_and_eight_weeks_of_checkins() -> None:
    ws = open_workspace(ACME, cwd=ACME)
    quarter = load_quarter(ws, "2026-Q4", cwd=ACME)
    kinds = {kr.kind for kr in quarter.key_results.values()}
    assert kinds == {"metric", "threshold", "milestone", "aligned"}
    assert {o.team for o in quarter.objectives} == {None, "growth", "platform", "sales"}
    weeks = {c.checkin.date.isocalendar()[1] for c in quarter.checkins}
    assert len(weeks) == 8
    assert all(o.initiatives for o in quarter.objectives)


# --- the check-in log ---------------------------------------------------------------------


def test_log_reads_json_lines_yaml_entries_and_skips_comments(tmp_path: Path) -> None:
    log = write(tmp_path, {"log.yaml": """
        # header comment
        - {"date": "2026-10-05", "kr": "a", "value": 1, "confidence": 0.5}

        - {date: 2026-10-06, kr: b, value: yes}
        - date: 2026-10-07
          kr: c
          value: 2.5
          note: written by hand
    """}) / "log.yaml"
    checkins, problems = read_log(log, tmp_path)
    assert problems == []
    assert [(c.line, c.checkin) for c in checkins] == [
        (2, CheckIn(date=dt.date(2026, 10, 5), kr="a", value=1, confidence=0.5)),
        (4, CheckIn(date=dt.date(2026, 10, 6), kr="b", value=True)),
        (5, CheckIn(date=dt.date(2026, 10, 7), kr="c", value=2.5, note="written by hand")),
    ]


def test_log_problems_carry_their_line(tmp_path: Path) -> None:
    log = write(tmp_path, {"log.yaml": """
        - {"date": "2026-10-05", "kr": "a", "value": 1}
        - {"date": "2026-10-05", "kr": "a", "value": "12"}
        - {"date": "2026-10-05", "kr": "a", "value": 1, "confidence": 1.5}
        - {"date": "2026-10-05", "kr": "a", "value": 1, "mood": "great"}
        - {"date": "yesterday", "kr": "a", "value": 1}
    """}) / "log.yaml"
    checkins, problems = read_log(log, tmp_path)
    assert len(checkins) == 1
    assert [(p.line, p.rule) for p in problems] == [(2, "bad-checkin"), (3, "bad-checkin"), (4, "bad-checkin"),
                                                     (5, "bad-checkin")]
    assert "unknown key 'mood'" in problems[2].message


def test_partial_last_line_is_reported_as_such(tmp_path: Path) -> None:
    log = tmp_path / "log.yaml"
    log.write_text('- {"date": "2026-10-05", "kr": "a", "value": 1}\n- {"date": "2026-10-0')
    checkins, problems = read_log(log, tmp_path)
    assert len(checkins) == 1
    assert [(p.line, p.rule) for p in problems] == [(2, "bad-checkin")]
    assert "incomplete last line" in problems[0].message


def test_checkins_that_do_not_fit_the_plan_fail_the_load(workspace: Callable[..., Path]) -> None:
    root = workspace({"2026-Q4.checkins.yaml": (
        '- {"date": "2026-10-05", "kr": "watt", "value": 1}\n'
        '- {"date": "2026-09-30", "kr": "wat", "value": 1}\n'
        '- {"date": "2026-10-05", "kr": "wat", "value": true}\n'
    )})
    with pytest.raises(InputError) as caught:
        load_quarter(open_workspace(root, cwd=root), "2026-Q4", cwd=root)
    found = caught.value.problems
    assert [(p.path, p.line, p.rule) for p in found] == [
        ("2026-Q4.checkins.yaml", 1, "unknown-reference"),
        ("2026-Q4.checkins.yaml", 2, "bad-checkin"),
        ("2026-Q4.checkins.yaml", 3, "bad-checkin"),
    ]
    assert found[0].hint == "did you mean 'wat'?"


# --- init --------------------------------------------------------------------------------------


def test_init_creates_the_four_files_and_the_quarter_loads_and_reports(tmp_path: Path) -> None:
    result = init_quarter(tmp_path, "2031-Q2", owner="maria", cwd=tmp_path)
    assert sorted(p.name for p in result.created) == [".gitattributes", "2031-Q2.checkins.yaml", "2031-Q2.yaml",
                                                       "okr.yaml"]
    attributes = (tmp_path / ".gitattributes").read_text().splitlines()
    assert "*.checkins.yaml merge=union" in attributes and "checkins.yaml merge=union" in attributes
    quarter = load_quarter(open_workspace(tmp_path, cwd=tmp_path), "2031-Q2", cwd=tmp_path)
    kinds = {kr.kind for kr in quarter.key_results.values()}
    assert kinds == {"metric", "threshold"}
    report = evaluate(quarter, dt.date(2031, 5, 1))
    assert report.objectives[0].status == "no-data"
    template = (tmp_path / "2031-Q2.yaml").read_text()
    for lesson in ("OBJECTIVE", "KEY RESULT", "INITIATIVE", "milestone: true", "measured_by: aligned", "aligns_to"):
        assert lesson in template


def test_init_refuses_when_the_plan_exists_and_changes_nothing(tmp_path: Path) -> None:
    init_quarter(tmp_path, "2031-Q2", cwd=tmp_path)
    (tmp_path / "2031-Q2.yaml").write_text("objectives: []  # mine\n")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(InputError, match="already exist"):
        init_quarter(tmp_path, "2031-Q2", cwd=tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_init_refuses_when_only_the_log_exists(tmp_path: Path) -> None:
    (tmp_path / "2031-Q2.checkins.yaml").write_text("- {}\n")
    with pytest.raises(InputError):
        init_quarter(tmp_path, "2031-Q2", cwd=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2031-Q2.checkins.yaml"]


def test_init_next_quarter_keeps_settings_and_completes_gitattributes(tmp_path: Path) -> None:
    write(tmp_path, {"okr.yaml": "organization: Acme\nfiscal_year_start: 4\n", ".gitattributes": "*.png binary"})
    result = init_quarter(tmp_path, "2031-Q2", cwd=tmp_path)
    assert [p.name for p in result.created] == ["2031-Q2.yaml", "2031-Q2.checkins.yaml"]
    assert [p.name for p in result.updated] == [".gitattributes"]
    assert (tmp_path / "okr.yaml").read_text() == "organization: Acme\nfiscal_year_start: 4\n"
    assert (tmp_path / ".gitattributes").read_text() == (
        "*.png binary\n*.checkins.yaml merge=union\ncheckins.yaml merge=union\n")
    assert "(2031-07-01 to 2031-09-30)" in (tmp_path / "2031-Q2.yaml").read_text()
