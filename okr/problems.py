"""The one problem type every module reports with, and the exceptions that carry problems.

Lines and columns are 1-based here and everywhere above this module; PyYAML's
0-based marks are converted once, in `okr.source`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong at a place in a file: what, which rule says so, and how to fix it."""

    path: str
    line: int
    column: int
    rule: str
    level: str
    message: str
    hint: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class OkrError(Exception):
    """Base of the errors a user can cause; `exit_code` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = sorted(problems or [])
        self.hint = hint


class InputError(OkrError):
    """A plan, log or argument is wrong (exit 1): `problems` say where."""

    exit_code = 1


class ConfigError(OkrError):
    """The workspace or its settings are wrong, or an option is misused (exit 2)."""

    exit_code = 2


def closest(word: str, candidates: list[str], n: int = 3) -> list[str]:
    """The candidates that look most like `word`, best first (for 'did you mean' hints)."""
    import difflib

    return difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)
