"""The command surface: help, global options, exit codes, and what a user sees on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ACME, ROOT, Result

Okr = Callable[..., Result]
COMMANDS = ("init", "checkin", "lint", "report")


def test_help_lists_every_command(okr: Okr) -> None:
    result = okr("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert f" {command} " in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help_with_an_example(okr: Okr, command: str) -> None:
    result = okr(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and f"okr {command}" in result.stdout


def test_no_arguments_shows_help(okr: Okr) -> None:
    result = okr()
    assert "Usage" in result.output and "report" in result.output


def test_version(okr: Okr) -> None:
    from okr import __version__

    assert okr("--version").stdout == f"okr {__version__}\n"


def test_global_options_before_the_command(okr: Okr, acme: Path, tmp_path: Path) -> None:
    result = okr("-C", str(acme), "-q", "2026-Q4", "report", "--as-of", "2026-11-23", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Acme · 2026-Q4 · day 54 of 92" in result.stdout


def test_global_options_after_the_command(okr: Okr, acme: Path, tmp_path: Path) -> None:
    result = okr("report", "-C", str(acme), "--quarter", "2026-Q4", "--as-of", "2026-11-23", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Acme · 2026-Q4" in result.stdout


def test_workspace_from_the_environment(okr: Okr, acme: Path, tmp_path: Path) -> None:
    result = okr("report", "--as-of", "2026-11-23", cwd=tmp_path, env={"OKR_WORKSPACE": str(acme)})
    assert result.exit_code == 0, result.output
    assert "Acme" in result.stdout


def test_workspace_found_from_a_subfolder(okr: Okr, acme: Path) -> None:
    result = okr("report", "--as-of", "2026-11-23", cwd=acme / "2026-Q4")
    assert result.exit_code == 0 and "Acme" in result.stdout


def test_outside_a_workspace_exits_2_with_a_hint(okr: Okr, tmp_path: Path) -> None:
    result = okr("report", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no okr workspace here" in result.stderr and "okr init" in result.stderr


def test_falls_back_to_the_latest_quarter_and_says_so(okr: Okr, acme: Path) -> None:
    result = okr("report", cwd=acme, env={"OKR_TODAY": "2027-02-10"})
    assert result.exit_code == 0
    assert "no plan for 2027-Q1; showing 2026-Q4" in result.stderr


def test_unknown_quarter_exits_2(okr: Okr, acme: Path) -> None:
    result = okr("-q", "2025-Q1", "report", cwd=acme)
    assert result.exit_code == 2 and "2025-Q1 has no plan" in result.stderr


def test_bad_option_value_is_a_usage_error(okr: Okr, acme: Path) -> None:
    assert okr("report", "--as-of", "last week", cwd=acme).exit_code == 2
    assert okr("report", "--format", "pdf", cwd=acme).exit_code == 2


def test_schema_error_prints_file_line_column_and_exits_1(okr: Okr, workspace: Callable[..., Path]) -> None:
    plan = "objectives:\n  - id: o1\n    title: T\n    key_results:\n      - id: k1\n        title: Raise NPS\n" \
           "        start: 1\n        tagret: 2\n"
    root = workspace(plan=plan)
    result = okr("-q", "2026-Q4", "report", cwd=root)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "2026-Q4.yaml:8:9: unknown key 'tagret' in key result 'k1' (did you mean 'target'?)",
        "error: 2026-Q4 has 1 problem",
    ]
    assert result.stdout == ""


def test_paths_in_errors_are_relative_to_the_current_folder(okr: Okr, workspace: Callable[..., Path],
                                                            tmp_path: Path) -> None:
    workspace(plan="objectives:\n  - id: O1\n    title: T\n")
    result = okr("-C", "ws", "report", cwd=tmp_path)
    assert result.stderr.startswith("ws/2026-Q4.yaml:2:9: invalid ID 'O1' in objective 'O1'")
    assert "hint: IDs use lowercase letters" in result.stderr


def test_broken_okr_yaml_exits_2(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace(settings="organization: [Acme\n")
    result = okr("report", cwd=root)
    assert result.exit_code == 2 and result.stderr.startswith("okr.yaml:")


# --- init ----------------------------------------------------------------------------------


def test_init_then_report_then_refuse(okr: Okr, tmp_path: Path) -> None:
    result = okr("init", "2031-Q2", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "created 2031-Q2.yaml" in result.stdout
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    again = okr("init", "2031-Q2", cwd=tmp_path)
    assert again.exit_code == 1 and "already exist" in again.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    report = okr("-q", "2031-Q2", "report", "--as-of", "2031-05-01", cwd=tmp_path)
    assert report.exit_code == 0, report.output
    assert "Raise 7-day activation from 35% to 50%" in report.stdout


def test_init_without_a_quarter_starts_the_current_one(okr: Okr, tmp_path: Path) -> None:
    result = okr("init", cwd=tmp_path, env={"OKR_TODAY": "2026-11-15"})
    assert result.exit_code == 0
    assert (tmp_path / "2026-Q4.yaml").is_file()


def test_init_in_a_new_folder_given_by_C(okr: Okr, tmp_path: Path) -> None:
    result = okr("-C", "okrs", "init", "2031-Q2", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "okrs" / "okr.yaml").is_file()


def test_init_rejects_a_bad_quarter_name(okr: Okr, tmp_path: Path) -> None:
    result = okr("init", "Q4-2026", cwd=tmp_path)
    assert result.exit_code == 2 and "write it like 2026-Q4" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- report -------------------------------------------------------------------------------------


def test_report_tree_shows_each_kr_with_its_latest_value_and_target(okr: Okr, acme: Path) -> None:
    result = okr("report", "--as-of", "2026-11-23", cwd=acme, env={"COLUMNS": "200"})
    assert result.exit_code == 0
    out = result.stdout
    assert "Grow weekly active teams from 1,200 to 2,000" in out
    assert "1,560 / 2,000 teams" in out and "45%" in out
    assert "Keep API availability at or above 99.9%" in out and "99.95% / ≥ 99.9%  holds" in out
    assert "\x1b[" not in out  # NO_COLOR and not a terminal: plain text


def test_report_as_of_uses_only_earlier_checkins(okr: Okr, acme: Path) -> None:
    out = okr("report", "--as-of", "2026-10-12", cwd=acme).stdout
    assert "1,240 / 2,000 teams" in out and "1,560" not in out


def test_report_json_has_the_design_shape(okr: Okr, acme: Path) -> None:
    data = json.loads(okr("report", "--format", "json", "--as-of", "2026-11-23", cwd=acme).stdout)
    assert {"quarter", "start", "end", "as_of", "elapsed", "progress", "objectives"} <= set(data)
    assert data["as_of"] == "2026-11-23" and data["start"] == "2026-10-01"
    top = [o["id"] for o in data["objectives"]]
    assert top == ["default-choice", "trusted-platform"]
    kr = data["objectives"][0]["key_results"][0]
    assert kr["id"] == "weekly-active-teams" and kr["current"] == 1560 and kr["target"] == 2000
    assert kr["history"][0] == {"date": "2026-10-05", "value": 1215, "confidence": 0.6}


def test_report_to_a_file(okr: Okr, acme: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = okr("report", "--format", "json", "-o", str(target), cwd=acme)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text())["quarter"] == "2026-Q4"


# --- the real executable -------------------------------------------------------------------------


def run_module(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("OKR_WORKSPACE", None)
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "okr", *args], cwd=cwd, capture_output=True, text=True,
                          env=environment, timeout=60, check=False)


def test_python_dash_m_okr_runs_the_report() -> None:
    result = run_module("report", "--as-of", "2026-11-23", cwd=ACME)
    assert result.returncode == 0, result.stderr
    assert "Acme · 2026-Q4" in result.stdout


def test_an_internal_error_exits_3_with_one_line_and_no_traceback(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path) -> None:
    import okr.cli

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(okr.cli, "app", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.delenv("OKR_DEBUG", raising=False)
    with pytest.raises(SystemExit) as caught:
        okr.cli.main()
    assert caught.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (RuntimeError: boom)" in err and "Traceback" not in err
    assert "RuntimeError: boom" in (tmp_path / "okr-crash.log").read_text()


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    import okr.cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(okr.cli, "app", interrupted)
    with pytest.raises(SystemExit) as caught:
        okr.cli.main()
    assert caught.value.code == 130


def test_schema_describes_the_plan_and_the_settings(okr: Okr) -> None:
    plan = json.loads(okr("schema").stdout)
    assert plan["title"] == "okr plan file" and "objectives" in plan["properties"]
    key_result = plan["$defs"]["KeyResult"]
    assert key_result["additionalProperties"] is False and {"target", "at_least", "milestone"} <= set(
        key_result["properties"])
    settings = json.loads(okr("schema", "settings").stdout)
    assert settings["title"] == "okr.yaml" and "fiscal_year_start" in settings["properties"]
    assert okr("schema", "nope").exit_code == 2


def test_readme_documents_only_commands_and_options_that_exist(okr: Okr) -> None:
    import re

    readme = (ROOT / "README.md").read_text()
    snippets = re.findall(r"`([^`\n]+)`", readme)  # inline code
    in_block = False
    for line in readme.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif in_block:
            snippets.append(line.removeprefix("$ "))
    global_help = okr("--help").stdout
    helps: dict[str, str] = {}
    checked = 0
    for snippet in snippets:
        match = re.match(r"^okr (?:-C \S+ |-q \S+ )*([a-z]+)(.*)$", snippet.strip())
        if not match:
            continue
        command, rest = match.groups()
        if command not in helps:
            result = okr(command, "--help")
            assert result.exit_code == 0, f"README mentions `okr {command}`, which does not exist"
            helps[command] = result.stdout
        for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]+|-[a-zA-Z])\b", rest.split("#")[0]):
            assert option in helps[command] or option in global_help, f"`okr {command} {option}` in README"
        checked += 1
    assert checked >= 10
