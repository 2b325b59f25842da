"""What each report format shows, compared with reviewed snapshots, and user text that must stay inert.

Snapshots live in tests/snapshots/. After a deliberate change of the output,
regenerate them with `UPDATE_SNAPSHOTS=1 make test` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from okr.progress import Report, evaluate
from okr.render import html, markdown, to_json, tree
from okr.workspace import load_quarter, open_workspace
from tests.conftest import FIXTURES, Result, write

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
Okr = Callable[..., Result]


def small_report(day: str = "2026-11-15") -> Report:
    root = FIXTURES / "small"
    import datetime as dt

    return evaluate(load_quarter(open_workspace(root, cwd=root), "2026-Q4", cwd=root), dt.date.fromisoformat(day))


def plain_tree(report: Report, width: int) -> str:
    return tree.to_text(report, width)


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [80, 120, 160])
def test_tree_snapshot(width: int) -> None:
    text = plain_tree(small_report(), width)
    assert all(len(line) <= width for line in text.splitlines())
    check_snapshot(f"tree-{width}.txt", text)


def test_markdown_snapshot() -> None:
    check_snapshot("report.md", markdown.render(small_report()))


def test_json_snapshot() -> None:
    check_snapshot("report.json", to_json(small_report()))


def test_html_snapshot() -> None:
    check_snapshot("report.html", html.render(small_report()))


def test_html_is_self_contained_and_charts_every_kr() -> None:
    page = html.render(small_report())
    assert "<script" not in page and "http://" not in page and "https://" not in page and "@import" not in page
    assert page.count("<svg") == 5  # one chart per key result
    assert "stroke-dasharray='5 4'" in page  # an expected path
    assert page.count("<circle") == 6  # one dot per effective check-in


def test_tree_header_counts_and_markers() -> None:
    text = plain_tree(small_report(), 160)
    lines = text.splitlines()
    assert lines[0] == "Small Co · 2026-Q4 · day 46 of 92 (50%) · as of 2026-11-15"
    assert lines[1] == "Overall 55%  on track 2 · at risk 0 · off track 3 · net confidence -20"
    assert "stale 26d" in text  # 'signed' was last checked in on 2026-10-20
    assert "holds" in text and "not yet" in text


def test_json_values_are_unrounded_and_dates_iso() -> None:
    data = json.loads(to_json(small_report()))
    teams = data["objectives"][0]["key_results"][0]
    assert teams["progress"] == (1640 - 1200) / 800 and teams["expected"] == 0.5
    assert teams["history"][-1] == {"date": "2026-11-15", "value": 1640, "confidence": 0.7}
    assert data["objectives"][0]["children"][0]["id"] == "resellers"


def test_grades_after_the_quarter() -> None:
    text = plain_tree(small_report("2027-01-10"), 120)
    assert "The quarter is over" in text and "grade 0.6" in text  # teams: score 0.55 -> 0.6


# --- user text is data ------------------------------------------------------------------------------------------

HOSTILE = {
    "okr.yaml": "organization: \"Evil [bold red]Corp[/] <b>\"\n",
    "2026-Q4.yaml": """
        objectives:
          - id: o
            title: "[bold red]x[/] <script>alert(1)</script> | pipe \\e[31mred"
            owner: "[link=http://evil]me[/link]"
            key_results:
              - id: k
                title: "Raise *stars* from 1 to 2 | `code` <img src=x onerror=alert(1)>"
                start: 1
                target: 2
                unit: "<u>"
            initiatives:
              - title: "# not a heading [x](http://evil)"
    """,
    "2026-Q4.checkins.yaml": '- {"date": "2026-11-15", "kr": "k", "value": 1.5, "note": "\\u001b[2J wipe <b>"}\n',
}


@pytest.fixture
def hostile(tmp_path: Path) -> Report:
    import datetime as dt

    root = write(tmp_path / "ws", HOSTILE)
    return evaluate(load_quarter(open_workspace(root, cwd=root), "2026-Q4", cwd=root), dt.date(2026, 11, 15))


def test_tree_prints_markup_literally_and_strips_control_characters(hostile: Report) -> None:
    raw = tree.to_text(hostile, 200, color=True)
    visible = re.sub(r"\x1b\[[0-9;]*m", "", raw)  # the colours okr adds itself
    assert "[bold red]x[/] <script>alert(1)</script> | pipe [31mred" in visible
    assert "Evil [bold red]Corp[/] <b>" in visible
    assert "\x1b" not in visible and "\x1b[2J" not in raw and "\x1b]8;" not in raw  # no user escape, no link


def test_markdown_escapes_user_text(hostile: Report) -> None:
    text = markdown.render(hostile)
    assert r"\[bold red\]x\[/\] \<script\>alert(1)\</script\> \| pipe \[31mred" in text
    assert r"Raise \*stars\* from 1 to 2 \| \`code\` \<img src=x onerror=alert(1)\>" in text
    assert r"- \# not a heading \[x\](http://evil)" in text
    assert "<script>" not in text and "\x1b" not in text
    for line in text.splitlines():
        if line.startswith("| Raise"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 10  # the row keeps its 9 cells


def test_html_escapes_user_text(hostile: Report) -> None:
    page = html.render(hostile)
    assert "<script>" not in page and "<img" not in page and "<u>" not in page and "Corp[/] <b>" not in page
    assert "Evil [bold red]Corp[/] &lt;b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\x1b" not in page


def test_json_keeps_user_text_verbatim(hostile: Report) -> None:
    data = json.loads(to_json(hostile))
    assert data["objectives"][0]["title"] == "[bold red]x[/] <script>alert(1)</script> | pipe \x1b[31mred"


def test_cli_tree_is_plain_when_piped(okr: Okr, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    root = write(tmp_path / "ws", HOSTILE)
    result = okr("report", "--as-of", "2026-11-15", cwd=root)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "[bold red]x[/]" in result.stdout


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "tree"])
def test_cli_formats_and_output_file(okr: Okr, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    result = okr("-C", str(FIXTURES / "small"), "report", "--as-of", "2026-11-15", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert "Grow weekly active teams" in target.read_text()
