"""`okr lint`: every rule's docstring examples, exact positions, formats, exit codes, silencing, paths."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from okr.lint import RULES, Example, examples, format_github, lint_quarter
from okr.lint import Selection as LintSelection
from okr.workspace import classify_file, open_workspace
from tests.conftest import ACME, ROOT, Result, write

Okr = Callable[..., Result]
TODAY = "2026-11-15"

ALL_EXAMPLES = [e for r in RULES.values() for e in examples(r)]
TITLE_PLAN = """
objectives:
  - id: o
    title: Delight small teams
    owner: maria
    key_results:
      - id: k
        title: {title}
        start: 30
        target: 45
      - id: k2
        title: Raise NPS from 30 to 45
        start: 30
        target: 45
"""


def run_example(tmp_path: Path, example: Example) -> list[str]:
    """The rules an example trips (linting as of TODAY, in 2026-Q4)."""
    import datetime as dt

    plan = TITLE_PLAN.format(title=json.dumps(example.title)) if example.title is not None else example.plan
    root = write(tmp_path / "ws", {"okr.yaml": "organization: T\n", "2026-Q4.yaml": plan,
                                   "2026-Q4.checkins.yaml": example.checkins})
    ws = open_workspace(root, cwd=root)
    result = lint_quarter(ws, "2026-Q4", dt.date.fromisoformat(TODAY), LintSelection(), cwd=root)
    return [p.rule for p in result.problems]


def test_every_rule_documents_itself_with_examples() -> None:
    for rule in RULES.values():
        assert rule.rationale.endswith("."), rule.id
        assert any(not e.passes for e in examples(rule)), f"{rule.id} has no FAIL example"
        assert any(e.passes for e in examples(rule)), f"{rule.id} has no PASS example"


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda e: f"{e.rule}-{'pass' if e.passes else 'fail'}")
def test_docstring_examples(tmp_path: Path, example: Example) -> None:
    tripped = run_example(tmp_path, example)
    if example.passes:
        assert example.rule not in tripped
    else:
        assert example.rule in tripped


# --- positions ----------------------------------------------------------------------------------------------------


def lint_json(okr: Okr, root: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    result = okr("lint", "--format", "json", *args, cwd=root, env={"OKR_TODAY": TODAY})
    return result.exit_code, json.loads(result.stdout)


def test_activity_kr_points_at_its_title(okr: Okr, acme: Path) -> None:
    plan = acme / "2026-Q4" / "company.yaml"
    text = plan.read_text() + (
        "  - id: pricing\n    title: Win self-serve buyers\n    owner: maria\n    key_results:\n"
        "      - id: pricing-page\n        title: Launch the new pricing page\n        start: 0\n        target: 1\n"
        "      - id: pricing-conversion\n        title: Raise pricing-page conversion from 2.1% to 3%\n"
        "        start: 2.1\n        target: 3\n")
    plan.write_text(text)
    line = text.splitlines().index("        title: Launch the new pricing page") + 1
    code, problems = lint_json(okr, acme)
    assert code == 1
    hits = [p for p in problems if p["rule"] == "activity-key-result"]
    assert [(p["path"], p["line"], p["column"], p["level"]) for p in hits] == [
        ("2026-Q4/company.yaml", line, 16, "error")]
    assert hits[0]["message"] == ('"Launch the new pricing page" is a task, not a result: '
                                  "'launch' describes work to do")
    assert "Raise pricing-page conversion from 2.1% to 3%" in str(hits[0]["hint"])


def test_acme_is_clean(okr: Okr) -> None:
    result = okr("lint", "-f", "parsable", cwd=ACME, env={"OKR_TODAY": "2026-11-24"})
    assert result.exit_code == 0
    # The example keeps one stale key result and one never checked in, to show them in reports.
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        "2026-Q4/sales.yaml:11:13", "2026-Q4/sales.yaml:38:13"]
    assert all(line.endswith("(stale-checkin)") for line in result.stdout.splitlines())
    quiet = okr("lint", "--ignore", "stale-checkin", cwd=ACME, env={"OKR_TODAY": "2026-11-24"})
    assert (quiet.exit_code, quiet.stdout) == (0, "")


@pytest.mark.parametrize(("plan", "log", "expected"), [
    ("objectives:\n  - id: o\n    title: T\n    colour: red\n", "", [("2026-Q4.yaml", 4, 5, "schema")]),
    ("objectives:\n  - id: o\n    title: T\n    title: U\n", "", [("2026-Q4.yaml", 4, 5, "duplicate-key")]),
    ("objectives:\n  - id: o\n    title: T\n    aligns_to: nope\n", "",
     [("2026-Q4.yaml", 4, 16, "unknown-reference")]),
    ("objectives:\n  - id: o\n    title: T\n    key_results:\n      - {id: k, title: Raise NPS from 1 to 2, "
     "start: 1, target: 2}\n",
     '# log\n- {"date": "2026-10-05", "kr": "k", "value": 1}\n- {"date": "2026-10-06", "kr": "kk", "value": 1}\n'
     '- {"date": "2026-10-07", "kr": "k", "value": "x"}\n- {"date": "2026-10-0',
     [("2026-Q4.checkins.yaml", 3, 1, "unknown-reference"), ("2026-Q4.checkins.yaml", 4, 3, "bad-checkin"),
      ("2026-Q4.checkins.yaml", 5, 1, "bad-checkin")]),
])
def test_loader_problems_at_exact_positions(okr: Okr, workspace: Callable[..., Path], plan: str, log: str,
                                            expected: list[tuple[str, int, int, str]]) -> None:
    root = workspace({"2026-Q4.checkins.yaml": log}, plan=plan)
    code, problems = lint_json(okr, root, "--select", ",".join(sorted({e[3] for e in expected})))
    assert code == 1
    assert [(p["path"], p["line"], p["column"], p["rule"]) for p in problems] == expected


def test_stale_checkin_only_in_the_current_quarter(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace({"2026-Q4.checkins.yaml": '- {"date": "2026-10-20", "kr": "wat", "value": 1300}\n'})
    result = okr("lint", "-f", "parsable", "--select", "stale-checkin", cwd=root, env={"OKR_TODAY": TODAY})
    assert result.stdout.splitlines() == [
        "2026-Q4.yaml:7:13: [warning] key result 'wat' was last checked in 26 days ago (2026-10-20) (stale-checkin)",
        "2026-Q4.yaml:12:13: [warning] key result 'uptime' has no check-in since the quarter started 2026-10-01 "
        "(stale-checkin)",
    ]
    assert result.exit_code == 0
    later = okr("lint", "-f", "parsable", "--select", "stale-checkin", cwd=root, env={"OKR_TODAY": "2027-01-10"})
    assert later.stdout == ""


# --- formats and exit codes -----------------------------------------------------------------------------------------

BAD = TITLE_PLAN.format(title="Launch the new pricing page") + "    # okr: disable-line kr-count\n"


def test_parsable_github_and_text_formats(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace(plan=BAD)
    parsable = okr("lint", "-f", "parsable", cwd=root, env={"OKR_TODAY": "2027-01-10"})
    assert parsable.exit_code == 1
    assert parsable.stdout.splitlines() == [
        "2026-Q4.yaml:7:16: [error] \"Launch the new pricing page\" is a task, not a result: 'launch' describes "
        "work to do (activity-key-result)",
    ]
    github = okr("lint", "-f", "github", cwd=root, env={"OKR_TODAY": "2027-01-10"})
    assert github.stdout.startswith("::error file=2026-Q4.yaml,line=7,col=16,title=activity-key-result::")
    text = okr("lint", "-f", "text", cwd=root, env={"OKR_TODAY": "2027-01-10"}).stdout.splitlines()
    assert text[:4] == [
        "2026-Q4.yaml:7:16: error: \"Launch the new pricing page\" is a task, not a result: 'launch' describes "
        "work to do  [activity-key-result]",
        "  |",
        "7 |         title: Launch the new pricing page",
        "  |                ^^^^^^^^^^^^^^^^^^^^^^^^^^^",
    ]
    assert text[4].startswith("  = hint: move it to this objective's `initiatives:`")
    assert text[-1] == "1 error, 0 warnings in 1 file"


def test_auto_format_is_github_under_github_actions_and_parsable_in_a_pipe(okr: Okr,
                                                                          workspace: Callable[..., Path]) -> None:
    root = workspace(plan=BAD)
    later = {"OKR_TODAY": "2027-01-10"}
    assert okr("lint", cwd=root, env=later).stdout.startswith("2026-Q4.yaml:7:16: [error]")
    assert okr("lint", cwd=root, env={**later, "GITHUB_ACTIONS": "true"}).stdout.startswith("::error ")


def test_github_messages_are_escaped() -> None:
    from okr.lint import LintResult
    from okr.problems import Problem

    out = format_github(LintResult([Problem("a,b:c.yaml", 1, 2, "schema", "error", "50% off\nnext")]))
    assert out == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=schema::50%25 off%0Anext\n"


def test_warnings_exit_0_unless_strict(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace(plan=TITLE_PLAN.format(title="Raise NPS from 30 to 45").replace("        start: 30\n", "", 1))
    result = okr("lint", "-f", "parsable", cwd=root, env={"OKR_TODAY": "2027-01-10"})
    assert result.exit_code == 0 and "(missing-baseline)" in result.stdout
    assert okr("lint", "--strict", cwd=root, env={"OKR_TODAY": "2027-01-10"}).exit_code == 1


def test_clean_is_quiet(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace(plan=TITLE_PLAN.format(title="Raise activation from 30% to 45%"))
    result = okr("lint", "-f", "text", cwd=root, env={"OKR_TODAY": "2027-01-10"})
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_unknown_rule_in_okr_yaml_exits_2_and_names_it(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace(settings="lint:\n  ignore: [kr-count, activty-key-result]\n")
    result = okr("lint", cwd=root)
    assert result.exit_code == 2
    assert "okr.yaml:2:22: unknown rule 'activty-key-result' in lint.ignore (did you mean 'activity-key-result'?)" \
        in result.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_on_the_command_line_exits_2(okr: Okr, workspace: Callable[..., Path], option: str) -> None:
    result = okr("lint", option, "kr-cont", cwd=workspace())
    assert result.exit_code == 2 and "unknown rule 'kr-cont' in " + option in result.stderr


# --- silencing ---------------------------------------------------------------------------------------------


def test_disable_line_on_the_line_and_on_a_comment_above(okr: Okr, workspace: Callable[..., Path]) -> None:
    plan = TITLE_PLAN.format(title="Launch the new pricing page  # okr: disable-line activity-key-result")
    assert okr("lint", cwd=workspace(plan=plan), env={"OKR_TODAY": "2027-01-10"}).exit_code == 0
    plan = TITLE_PLAN.format(title="Launch the new pricing page").replace(
        "        title: Launch", "        # okr: disable-line kr-count, activity-key-result\n        title: Launch")
    assert okr("lint", cwd=workspace(plan=plan), env={"OKR_TODAY": "2027-01-10"}).exit_code == 0
    plan = TITLE_PLAN.format(title="Launch the new pricing page  # okr: disable-line kr-count")
    assert okr("lint", cwd=workspace(plan=plan), env={"OKR_TODAY": "2027-01-10"}).exit_code == 1


def test_ignore_in_okr_yaml_and_on_the_command_line(okr: Okr, workspace: Callable[..., Path]) -> None:
    root = workspace(plan=TITLE_PLAN.format(title="Launch the new pricing page"),
                     settings="lint:\n  ignore: [activity-key-result]\n")
    assert okr("lint", cwd=root, env={"OKR_TODAY": "2027-01-10"}).exit_code == 0
    root = workspace(plan=TITLE_PLAN.format(title="Launch the new pricing page"))
    assert okr("lint", "--ignore", "activity-key-result", cwd=root, env={"OKR_TODAY": "2027-01-10"}).exit_code == 0
    only = okr("lint", "-f", "parsable", "--select", "missing-owner", cwd=root, env={"OKR_TODAY": "2027-01-10"})
    assert (only.exit_code, only.stdout) == (0, "")


def test_activity_verbs_are_configurable(okr: Okr, workspace: Callable[..., Path]) -> None:
    plan = TITLE_PLAN.format(title="Dogfood the mobile app")
    root = workspace(plan=plan)
    assert okr("lint", cwd=root, env={"OKR_TODAY": "2027-01-10"}).exit_code == 0
    root = workspace(plan=plan, settings="lint:\n  activity_verbs: {extra: [dogfood]}\n")
    assert okr("lint", cwd=root, env={"OKR_TODAY": "2027-01-10"}).exit_code == 1
    root = workspace(plan=TITLE_PLAN.format(title="Test every release on real devices"),
                     settings="lint:\n  activity_verbs: {allow: [test]}\n")
    assert okr("lint", cwd=root, env={"OKR_TODAY": "2027-01-10"}).exit_code == 0


# --- paths, as pre-commit passes them ---------------------------------------------------------------------------------


def test_paths_lint_only_those_files_and_skip_other_yaml(okr: Okr, acme: Path) -> None:
    write(acme, {".pre-commit-config.yaml": "repos: [\n", "notes/meeting.yaml": "title: [x\n"})
    growth = acme / "2026-Q4" / "growth.yaml"
    growth.write_text(growth.read_text().replace("Raise 7-day team activation from 31% to 45%",
                                                 "Launch the activation emails"))
    result = okr("lint", "-f", "parsable", "2026-Q4/growth.yaml", "2026-Q4/sales.yaml", ".pre-commit-config.yaml",
                 "notes/meeting.yaml", cwd=acme, env={"OKR_TODAY": "2026-11-24"})
    assert result.exit_code == 1
    assert [line.split(": [")[0] for line in result.stdout.splitlines() if "[error]" in line] == [
        "2026-Q4/growth.yaml:11:16"]
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {"2026-Q4/growth.yaml", "2026-Q4/sales.yaml"}
    unrelated = okr("lint", "2026-Q4/company.yaml", cwd=acme, env={"OKR_TODAY": "2026-11-24"})
    assert unrelated.exit_code == 0


def test_a_log_path_is_checked_against_its_plan(okr: Okr, acme: Path) -> None:
    with (acme / "2026-Q4" / "checkins.yaml").open("a") as handle:
        handle.write('- {"date": "2026-11-24", "kr": "partner-revenue", "value": 3}\n')
    result = okr("lint", "-f", "parsable", "2026-Q4/checkins.yaml", cwd=acme, env={"OKR_TODAY": "2026-11-24"})
    assert result.exit_code == 1
    assert "2026-Q4/checkins.yaml:126:1: [error] 'partner-revenue' is measured by its aligned objectives" \
        in result.stdout


def test_files_outside_a_workspace_are_skipped(okr: Okr, tmp_path: Path) -> None:
    write(tmp_path, {"2026-Q4.yaml": "not: [valid\n"})
    result = okr("lint", str(tmp_path / "2026-Q4.yaml"), cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "")


def test_classify_file(acme: Path) -> None:
    kinds = {p: classify_file(acme / p) for p in ("okr.yaml", "2026-Q4/growth.yaml", "2026-Q4/checkins.yaml")}
    assert {p: (f.kind, f.quarter) for p, f in kinds.items() if f} == {
        "okr.yaml": ("settings", None), "2026-Q4/growth.yaml": ("plan", "2026-Q4"),
        "2026-Q4/checkins.yaml": ("log", "2026-Q4")}
    assert classify_file(acme / ".gitattributes") is None


def test_pre_commit_hook_definition_matches_only_okr_files() -> None:
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "okr-lint")
    pattern = re.compile(hook["files"])
    for path in ("okr.yaml", "okrs/okr.yaml", "2026-Q4.yaml", "okrs/2026-Q4.checkins.yaml", "okrs/2026-Q4/growth.yaml",
                 "2026-Q4/checkins.yaml"):
        assert pattern.search(path), path
    for path in (".pre-commit-config.yaml", "docs/mkdocs.yaml", "2026-Q4.yml", "config/app.yaml"):
        assert not pattern.search(path), path


# --- documentation -----------------------------------------------------------------------------------------


def test_rules_doc_is_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_rules_doc.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_activity_rule_meets_its_targets_on_the_dev_set() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from evaluate_activity_rule import DEFAULT, evaluate

    recall, precision, _, _ = evaluate(DEFAULT)
    assert recall >= 0.90 and precision >= 0.95
    recall, precision, _, _ = evaluate(ROOT / "tests" / "data" / "key-results-extra.tsv")
    assert recall >= 0.90 and precision >= 0.95


def test_readme_documents_the_pre_commit_hook() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "id: okr-lint" in readme and ".pre-commit-config.yaml" in readme


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    """The real pre-commit installs the hook from this repository and runs it on a workspace."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    repo = tmp_path / "team"
    shutil.copytree(ACME, repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "OKR_TODAY": "2026-11-24", "NO_COLOR": "1",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "okrs"]):
        subprocess.run(command, cwd=repo, check=True, env=env)
    try_repo = [str(pre_commit), "try-repo", str(ROOT), "okr-lint", "--all-files", "--color", "never"]
    clean = subprocess.run(try_repo, cwd=repo, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    growth = repo / "2026-Q4" / "growth.yaml"
    growth.write_text(growth.read_text().replace("Raise 7-day team activation from 31% to 45%",
                                                 "Launch the activation emails"))
    dirty = subprocess.run(try_repo, cwd=repo, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert dirty.returncode == 1
    assert "2026-Q4/growth.yaml:11:16: [error] \"Launch the activation emails\" is a task" in dirty.stdout


def test_a_folder_path_lints_the_okr_files_inside(okr: Okr, acme: Path) -> None:
    growth = acme / "2026-Q4" / "growth.yaml"
    growth.write_text(growth.read_text().replace("Raise 7-day team activation from 31% to 45%",
                                                 "Launch the activation emails"))
    result = okr("lint", "-f", "parsable", "--ignore", "stale-checkin", "2026-Q4", cwd=acme)
    assert result.exit_code == 1 and result.stdout.startswith("2026-Q4/growth.yaml:11:16: [error]")


def test_a_disable_comment_naming_no_rule_is_a_warning(okr: Okr, workspace: Callable[..., Path]) -> None:
    plan = TITLE_PLAN.format(title="Launch the new pricing page  # okr: disable-line activity-key-reslt")
    result = okr("lint", "-f", "parsable", cwd=workspace(plan=plan), env={"OKR_TODAY": "2027-01-10"})
    assert result.exit_code == 1  # the typo silenced nothing
    assert "2026-Q4.yaml:7:45: [warning] unknown rule 'activity-key-reslt' in a disable comment" in result.stdout
