"""Shared fixtures: a CLI runner, the acme example, and small workspaces written into tmp_path."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from okr.cli import app

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "examples" / "acme"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's own workspace, clock or colours."""
    for name in ("OKR_WORKSPACE", "OKR_TODAY", "FORCE_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def okr(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `okr ARGS...` in-process; `cwd=` runs it in another folder, `env=` adds variables."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    """A private copy of examples/acme."""
    target = tmp_path / "acme"
    shutil.copytree(ACME, target)
    return target


def write(root: Path, files: dict[str, str]) -> Path:
    """Write dedented files under root; returns root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


PLAN = """
    quarter: 2026-Q4
    objectives:
      - id: grow
        title: Become the default choice for small teams
        owner: maria
        key_results:
          - id: wat
            title: Grow weekly active teams from 1,200 to 2,000
            start: 1200
            target: 2000
            unit: teams
          - id: uptime
            title: Keep API availability at or above 99.9%
            at_least: 99.9
            unit: "%"
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Callable[..., Path]:
    """Make a workspace in tmp_path/ws from {name: text}; okr.yaml and a 2026-Q4 plan by default."""

    def make(files: dict[str, str] | None = None, *, settings: str = "organization: Test\n",
             plan: str | None = PLAN) -> Path:
        root = tmp_path / "ws"
        base = {"okr.yaml": settings}
        if plan is not None:
            base["2026-Q4.yaml"] = plan
        return write(root, {**base, **(files or {})})

    return make
