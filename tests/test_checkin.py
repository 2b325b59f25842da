"""`okr checkin`: validation before writing, safe appends, the weekly ritual, --missing."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from okr.model import CheckIn
from okr.workspace import append_checkins, default_person, load_quarter, open_workspace, read_log
from tests.conftest import ROOT, Result

Okr = Callable[..., Result]
DAY = "2026-11-30"


def log_of(acme: Path) -> Path:
    return acme / "2026-Q4" / "checkins.yaml"


def last_record(path: Path) -> dict[str, object]:
    line = path.read_text().splitlines()[-1]
    assert line.startswith("- ")
    record: dict[str, object] = json.loads(line[2:])
    return record


# --- okr checkin KR VALUE ---------------------------------------------------------------------


def test_appends_exactly_one_json_line(okr: Okr, acme: Path) -> None:
    before = log_of(acme).read_bytes()
    result = okr("checkin", "weekly-active-teams", "1,640", "-c", "0.7", "-n", "emails doubled activation",
                 "--date", DAY, "--by", "maria", cwd=acme)
    assert result.exit_code == 0, result.output
    after = log_of(acme).read_bytes()
    assert after.startswith(before)
    added = after[len(before):].decode()
    assert added == ('- {"date": "2026-11-30", "kr": "weekly-active-teams", "value": 1640, "confidence": 0.7, '
                     '"by": "maria", "note": "emails doubled activation"}\n')
    assert result.stdout.splitlines() == [
        "Recorded weekly-active-teams = 1,640 teams on 2026-11-30 (confidence 0.7) in 2026-Q4/checkins.yaml",
        "Grow weekly active teams from 1,200 to 2,000: 55% (expected 56%) · on track",
    ]


def test_milestone_takes_done_and_threshold_reports_whether_it_holds(okr: Okr, acme: Path) -> None:
    result = okr("checkin", "soc2", "done", "--date", DAY, "--by", "sam", cwd=acme)
    assert result.exit_code == 0 and last_record(log_of(acme))["value"] is True
    assert "SOC 2 Type I report issued: 100% (expected 66%) · done" in result.stdout
    result = okr("checkin", "api-availability", "99.7", "--date", DAY, "--by", "sam", cwd=acme)
    assert "Keep API availability at or above 99.9%: breached · off track" in result.stdout


def test_negative_values_after_double_dash(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace()
    result = okr("checkin", "--date", DAY, "--by", "x", "--", "wat", "-5", cwd=root)
    assert result.exit_code == 0, result.output
    assert last_record(root / "2026-Q4.checkins.yaml")["value"] == -5


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["weekly-actve-teams", "1640"], "no key result 'weekly-actve-teams' in 2026-Q4",
         "did you mean 'weekly-active-teams'?"),
        (["partner-revenue", "3"], "'partner-revenue' is measured by the objectives aligned to it",
         "partners-sell-acme, partners-reach-buyers"),
        (["soc2", "maybe"], "'soc2' is a milestone: its value is done or not, got 'maybe'", "use true, false"),
        (["activation-rate", "forty"], "'activation-rate' needs a number, got 'forty'", "for example 45%"),
        (["activation-rate", "nan"], "'activation-rate' needs a finite number", None),
        (["activation-rate", "40", "-c", "7"], "confidence must be from 0 to 1, got '7'", "did you mean 0.7?"),
        (["activation-rate", "40", "-c", "high"], "confidence must be a number from 0 to 1", "for example 0.7"),
        (["activation-rate", "40", "-q", "2026-Q4", "--date", "2027-01-04"],
         "2027-01-04 is outside 2026-Q4 (2026-10-01 to 2026-12-31)", "pass --date"),
    ],
)
def test_bad_input_exits_1_and_leaves_the_log_untouched(okr: Okr, acme: Path, args: list[str], message: str,
                                                        hint: str | None) -> None:
    before = log_of(acme).read_bytes()
    extra = [] if "--date" in args else ["--date", DAY]
    result = okr("checkin", *args, *extra, cwd=acme)
    assert result.exit_code == 1
    assert message in result.stderr
    if hint:
        hint_line = next(line for line in result.stderr.splitlines() if line.startswith("  hint: "))
        assert hint in hint_line
    assert "Traceback" not in result.output
    assert log_of(acme).read_bytes() == before


@pytest.mark.parametrize("args", [["activation-rate"], ["activation-rate", "40", "--date", "someday"],
                                  ["activation-rate", "40", "--owner", "lee"]])
def test_usage_errors_exit_2_and_write_nothing(okr: Okr, acme: Path, args: list[str]) -> None:
    before = log_of(acme).read_bytes()
    assert okr("checkin", *args, cwd=acme).exit_code == 2
    assert log_of(acme).read_bytes() == before


def test_dry_run_shows_the_line_and_writes_nothing(okr: Okr, acme: Path) -> None:
    before = log_of(acme).read_bytes()
    result = okr("checkin", "soc2", "no", "--date", DAY, "--by", "sam", "--dry-run", cwd=acme)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "would append to 2026-Q4/checkins.yaml (dry run, nothing written):",
        '- {"date": "2026-11-30", "kr": "soc2", "value": false, "by": "sam"}',
    ]
    assert log_of(acme).read_bytes() == before


def test_a_missing_log_is_created_with_its_header(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace()
    assert okr("checkin", "wat", "1300", "--date", DAY, "--by", "x", cwd=root).exit_code == 0
    text = (root / "2026-Q4.checkins.yaml").read_text()
    assert text.startswith("# Check-ins for 2026-Q4") and text.endswith('"value": 1300, "by": "x"}\n')


def test_same_day_correction_wins(okr: Okr, acme: Path) -> None:
    okr("checkin", "activation-rate", "40", "--date", DAY, "--by", "lee", cwd=acme)
    okr("checkin", "activation-rate", "41.5", "--date", DAY, "--by", "lee", "-n", "fixed a typo", cwd=acme)
    data = json.loads(okr("report", "--format", "json", "--as-of", DAY, cwd=acme).stdout)
    found = [k for o in _walk(data["objectives"]) for k in o["key_results"] if k["id"] == "activation-rate"]
    assert found[0]["current"] == 41.5
    assert found[0]["history"][-1] == {"date": DAY, "value": 41.5, "confidence": None}
    assert found[0]["confidence"] == 0.75  # the last confidence given, from the week before


def _walk(objectives: list[dict[str, object]]) -> list[dict[str, object]]:
    out = []
    for o in objectives:
        out.append(o)
        out += _walk(o["children"])  # type: ignore[arg-type]
    return out


def test_by_defaults_to_git_user_name_then_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Maria Lopez\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)
    assert default_person({"USER": "mlopez"}) == "Maria Lopez"
    config.write_text("")
    assert default_person({"USER": "mlopez"}) == "mlopez"


# --- safe appends ----------------------------------------------------------------------------------


def test_a_partial_last_line_does_not_swallow_the_next_checkin(okr: Okr, acme: Path) -> None:
    log = log_of(acme)
    with log.open("a") as handle:
        handle.write('- {"date": "2026-11-30", "kr": "soc2", "val')  # a crash mid-write
    result = okr("checkin", "activation-rate", "40", "--date", DAY, "--by", "lee", cwd=acme)
    assert result.exit_code == 0
    assert "warning: 2026-Q4/checkins.yaml:" in result.stderr and "incomplete last line" in result.stderr
    lines = log.read_text().splitlines()
    assert lines[-2] == '- {"date": "2026-11-30", "kr": "soc2", "val'
    assert json.loads(lines[-1][2:])["kr"] == "activation-rate"
    checkins, problems = read_log(log, acme)
    assert checkins[-1].checkin.kr == "activation-rate"
    assert [(p.line, p.rule) for p in problems] == [(len(lines) - 1, "bad-checkin")]


def _append_many(path: str, worker: int, count: int) -> None:
    for i in range(count):
        record = CheckIn(date=dt.date(2026, 11, 2), kr=f"k{worker}", value=float(i), note="x" * (worker * 300))
        append_checkins(Path(path), [record])


def test_concurrent_appends_never_lose_or_interleave_lines(tmp_path: Path) -> None:
    log = tmp_path / "checkins.yaml"
    log.write_text("# log\n")
    workers, count = 6, 60
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_append_many, args=(str(log), w, count)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    checkins, problems = read_log(log, tmp_path)
    assert problems == []
    assert len(checkins) == workers * count
    for w in range(workers):
        values = [c.checkin.value for c in checkins if c.checkin.kr == f"k{w}"]
        assert values == [float(i) for i in range(count)]  # each writer's lines, whole and in order


def test_concurrent_cli_checkins(acme: Path) -> None:
    before = len(log_of(acme).read_text().splitlines())
    command = [sys.executable, "-m", "okr", "checkin", "--date", DAY, "--by", "ci"]
    env = {"PYTHONPATH": str(ROOT), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    processes = [subprocess.Popen([*command, "activation-rate", str(40 + i)], cwd=acme, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for i in range(5)]
    assert all(p.wait(60) == 0 for p in processes)
    lines = log_of(acme).read_text().splitlines()
    assert len(lines) == before + 5
    assert sorted(json.loads(line[2:])["value"] for line in lines[before:]) == [40, 41, 42, 43, 44]


# --- the weekly ritual -------------------------------------------------------------------------------------


def test_ritual_through_piped_stdin(okr: Okr, acme: Path) -> None:
    before = log_of(acme).read_bytes()
    answers = "\n".join([
        "1,700",          # weekly-active-teams: value
        "",               # confidence: keep 0.75
        "black friday",   # note
        "lots",           # logo-churn: not a number, asked again
        "3.3",
        "2",              # confidence out of range, asked again
        "0.5",
        "",               # no note
    ]) + "\n"
    result = okr("checkin", "--owner", "maria", "--date", DAY, "--by", "maria", cwd=acme, input=answers)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Weekly check-in · 2026-Q4 · week 49 · 2 key results for maria" in out
    assert "[1/2] Grow weekly active teams from 1,200 to 2,000" in out
    assert "last 1,560 teams on 2026-11-23 · expected by now 1,650 teams · target 2,000 teams" in out
    assert "'logo-churn' needs a number, got 'lots'" in out
    assert "confidence must be from 0 to 1, got '2'" in out
    assert "Recorded 2 check-ins in 2026-Q4/checkins.yaml (0 skipped)." in out
    added = log_of(acme).read_bytes()[len(before):].decode().splitlines()
    assert [json.loads(line[2:]) for line in added] == [
        {"date": DAY, "kr": "weekly-active-teams", "value": 1700, "confidence": 0.75, "by": "maria",
         "note": "black friday"},
        {"date": DAY, "kr": "logo-churn", "value": 3.3, "confidence": 0.5, "by": "maria"},
    ]


def test_ritual_enter_skips_and_end_of_input_stops(okr: Okr, acme: Path) -> None:
    before = log_of(acme).read_bytes()
    result = okr("checkin", "--team", "growth", "--date", DAY, "--by", "lee", cwd=acme, input="\n39.5\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Recorded 1 check-in in 2026-Q4/checkins.yaml (3 skipped)." in result.stdout
    added = log_of(acme).read_bytes()[len(before):].decode().splitlines()
    assert len(added) == 1 and json.loads(added[0][2:])["kr"] == "time-to-first-project"


def test_ritual_all_skipped_writes_nothing(okr: Okr, acme: Path) -> None:
    before = log_of(acme).read_bytes()
    result = okr("checkin", "--date", DAY, cwd=acme, input="\n" * 200)
    assert result.exit_code == 0
    assert "Nothing recorded (16 skipped)." in result.stdout
    assert log_of(acme).read_bytes() == before


def test_ritual_dry_run(okr: Okr, acme: Path) -> None:
    before = log_of(acme).read_bytes()
    result = okr("checkin", "--objective", "trusted-platform", "--date", DAY, "--by", "sam", "--dry-run", cwd=acme,
                 input="99.93\n\n\n")
    assert "would append" in result.stdout and '"kr": "api-availability", "value": 99.93' in result.stdout
    assert log_of(acme).read_bytes() == before


def test_ctrl_c_writes_nothing_and_exits_130(okr: Okr, acme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = log_of(acme).read_bytes()
    replies = iter(["1700", "0.8", "note"])

    def fake_input(prompt: str = "") -> str:
        try:
            return next(replies)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr("builtins.input", fake_input)
    result = okr("checkin", "--owner", "maria", "--date", DAY, "--by", "maria", cwd=acme)
    assert result.exit_code == 130
    assert "interrupted: nothing was written" in result.stderr
    assert log_of(acme).read_bytes() == before


@pytest.mark.parametrize(("option", "value", "message"), [("--owner", "mraia", "did you mean 'maria'?"),
                                                          ("--team", "grwoth", "teams: growth, platform, sales"),
                                                          ("--objective", "nope", "no objective 'nope'")])
def test_filters_that_match_nothing_are_errors(okr: Okr, acme: Path, option: str, value: str, message: str) -> None:
    result = okr("checkin", option, value, "--date", DAY, cwd=acme, input="")
    assert result.exit_code == 1 and message in result.stderr


# --- --missing -------------------------------------------------------------------------------------------------


def test_missing_lists_krs_without_a_checkin_this_week_by_owner(okr: Okr, acme: Path) -> None:
    result = okr("checkin", "--missing", "--date", "2026-11-25", cwd=acme)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Missing check-ins · 2026-Q4 · week 48 (2026-11-23 to 2026-11-29)",
        "",
        "fay",
        "  reseller-partners     Sign 12 reseller partners, up from 2  (last 2026-11-02)",
        "",
        "jon",
        "  marketplace-installs  Grow monthly marketplace installs from 150 to 600  (never checked in)",
        "",
        "2 of 16 key results have no check-in this week.",
    ]


def test_missing_filtered_and_complete(okr: Okr, acme: Path) -> None:
    result = okr("checkin", "--missing", "--date", "2026-11-25", "--team", "growth", cwd=acme)
    assert result.exit_code == 0
    assert "Every key result has a check-in this week" in result.stdout


def test_library_load_tolerates_a_damaged_log_only_when_asked(acme: Path) -> None:
    with log_of(acme).open("a") as handle:
        handle.write("- {broken\n")
    ws = open_workspace(acme, cwd=acme)
    quarter = load_quarter(ws, "2026-Q4", cwd=acme, tolerate_log=True)
    assert len(quarter.log_problems) == 1 and quarter.log_problems[0].rule == "bad-checkin"


def test_ritual_with_nothing_to_check_in(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace(plan="objectives: []\n")
    result = okr("checkin", "--date", DAY, cwd=root, input="")
    assert result.exit_code == 0 and "No key results to check in for 2026-Q4" in result.stdout
