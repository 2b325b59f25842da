"""The OKR domain as strict pydantic models: settings, plans, key results, check-ins.

Strict means: unknown keys are errors, numbers are numbers (not strings,
not booleans, never inf or nan), IDs are kebab-case, and a key result has
exactly one kind. `validate()` turns pydantic's errors into `Problem`s that
point at the offending line through a `SourceMap`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from okr.problems import Problem, closest
from okr.source import Document, KeyPath

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(min_length=1)]
Number = float
Weight = Annotated[float, Field(ge=0)]
# Dates may come from YAML (a date) or JSON (an ISO string): parse those, nothing else.
Day = Annotated[dt.date, Field(strict=False)]

KIND_FIELDS = ("target", "at_least/at_most", "milestone: true", "measured_by: aligned")


class Strict(BaseModel):
    """Base for every file model: typos and wrong types are errors, never ignored."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


# --- okr.yaml ---------------------------------------------------------------


class Team(Strict):
    id: Id
    name: str | None = None


class StatusThresholds(Strict):
    at_risk: Annotated[float, Field(ge=0, le=1)] = 0.10
    off_track: Annotated[float, Field(ge=0, le=1)] = 0.25

    @model_validator(mode="after")
    def _ordered(self) -> StatusThresholds:
        if self.off_track < self.at_risk:
            raise ValueError(f"off_track ({self.off_track}) must be at least at_risk ({self.at_risk})")
        return self


class CountRange(Strict):
    min: Annotated[int, Field(ge=0)] = 2
    max: Annotated[int, Field(ge=0)] = 5


class CountLimit(Strict):
    max: Annotated[int, Field(ge=0)] = 5


class ActivityVerbs(Strict):
    extra: list[str] = []
    allow: list[str] = []


class LintSettings(Strict):
    ignore: list[str] = []
    key_results_per_objective: CountRange = CountRange()
    objectives_per_owner: CountLimit = CountLimit()
    stale_after_days: Annotated[int, Field(ge=1)] = 14
    activity_verbs: ActivityVerbs = ActivityVerbs()


class Settings(Strict):
    """okr.yaml: the workspace settings. Every key is optional."""

    organization: str = ""
    fiscal_year_start: Annotated[int, Field(ge=1, le=12)] = 1
    teams: list[Team] = []
    status: StatusThresholds = StatusThresholds()
    lint: LintSettings = LintSettings()


# --- the plan -----------------------------------------------------------------


KeyResultKind = Literal["metric", "threshold", "milestone", "aligned"]


class KeyResult(Strict):
    """A measurable outcome. Its kind follows from its fields; exactly one kind is allowed."""

    id: Id
    title: Text
    description: str | None = None
    owner: str | None = None
    start: Number | None = None
    target: Number | None = None
    at_least: Number | None = None
    at_most: Number | None = None
    milestone: bool | None = None
    measured_by: Literal["aligned"] | None = None
    unit: str | None = None
    weight: Weight = 1.0
    plan: dict[Day, Number] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> KeyResult:
        kinds = []
        if self.target is not None:
            kinds.append("target")
        if self.at_least is not None or self.at_most is not None:
            kinds.append("at_least/at_most")
        if self.milestone:
            kinds.append("milestone: true")
        if self.measured_by is not None:
            kinds.append("measured_by: aligned")
        if not kinds:
            raise ValueError(
                f"key result '{self.id}' has no kind: give it a 'target' (metric), 'at_least' or 'at_most' "
                "(threshold), 'milestone: true', or 'measured_by: aligned'"
            )
        if len(kinds) > 1:
            raise ValueError(f"key result '{self.id}' has more than one kind ({', '.join(kinds)}): keep one")
        if self.target is None and (self.start is not None or self.plan is not None):
            extra = "start" if self.start is not None else "plan"
            raise ValueError(f"key result '{self.id}': '{extra}' only applies to a metric KR (one with 'target')")
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(f"key result '{self.id}': at_least ({self.at_least}) is above at_most ({self.at_most})")
        return self

    @property
    def kind(self) -> KeyResultKind:
        if self.target is not None:
            return "metric"
        if self.at_least is not None or self.at_most is not None:
            return "threshold"
        if self.milestone:
            return "milestone"
        return "aligned"

    @property
    def baseline(self) -> float:
        """Where a metric KR starts (0 when `start` is missing)."""
        return self.start if self.start is not None else 0.0


InitiativeStatus = Literal["planned", "in-progress", "done", "dropped"]


class Initiative(Strict):
    """Work done to move key results: tasks live here, not in key results."""

    title: Text
    description: str | None = None
    owner: str | None = None
    key_results: list[Id] = []
    status: InitiativeStatus = "planned"


class Objective(Strict):
    """A qualitative goal, measured by its key results."""

    id: Id
    title: Text
    description: str | None = None
    owner: str | None = None
    team: Id | None = None
    weight: Weight = 1.0
    aligns_to: Id | None = None
    key_results: list[KeyResult] = []
    initiatives: list[Initiative] = []


class Plan(Strict):
    """One plan file: a quarter's objectives (or one team's share of them)."""

    quarter: str | None = None
    objectives: list[Objective] = []


# --- the check-in log ------------------------------------------------------------


class CheckIn(Strict):
    """One measurement of one key result on one day."""

    date: Day
    kr: str
    value: bool | float
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None
    by: str | None = None
    note: str | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _number_or_boolean(cls, value: Any) -> Any:
        if isinstance(value, bool) or (isinstance(value, int | float) and math.isfinite(value)):
            return value
        raise ValueError(f"'value' must be a number, or true/false for a milestone; got {_shown(value)}")


@dataclass(frozen=True)
class LoggedCheckIn:
    """A check-in and the line of the log it was read from."""

    checkin: CheckIn
    line: int


# --- quarters -------------------------------------------------------------------


def parse_quarter_name(name: str) -> tuple[int, int]:
    """'2026-Q4' -> (2026, 4); ValueError for anything else."""
    match = QUARTER_PATTERN.match(name)
    if not match:
        raise ValueError(f"'{name}' is not a quarter: write it like 2026-Q4")
    return int(match.group(1)), int(match.group(2))


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_bounds(name: str, fiscal_year_start: int = 1) -> tuple[dt.date, dt.date]:
    """First and last day of a (fiscal) quarter; fiscal year Y's Q1 starts in month `fiscal_year_start` of Y."""
    year, number = parse_quarter_name(name)
    first = year * 12 + (fiscal_year_start - 1) + 3 * (number - 1)
    return _month_start(first), _month_start(first + 3) - dt.timedelta(days=1)


def quarter_of(day: dt.date, fiscal_year_start: int = 1) -> str:
    """The name of the (fiscal) quarter containing `day`."""
    index = day.year * 12 + day.month - 1 - (fiscal_year_start - 1)
    return f"{index // 12}-Q{index % 12 // 3 + 1}"


# --- a loaded quarter -------------------------------------------------------------


@dataclass
class PlanFile:
    """A validated plan file and where its pieces are."""

    path: Path
    document: Document
    plan: Plan


@dataclass
class Quarter:
    """Everything known about one quarter: its plan (from one or more files) and its check-ins."""

    name: str
    start: dt.date
    end: dt.date
    settings: Settings
    files: list[PlanFile]
    log_path: Path
    checkins: list[LoggedCheckIn] = field(default_factory=list)
    log_problems: list[Problem] = field(default_factory=list)

    @property
    def objectives(self) -> list[Objective]:
        return [o for f in self.files for o in f.plan.objectives]

    @cached_property
    def key_results(self) -> dict[str, KeyResult]:
        """Every key result by ID (plan files do not change once loaded)."""
        return {k.id: k for o in self.objectives for k in o.key_results}

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# --- errors as problems -------------------------------------------------------------

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], document: Document) -> tuple[M | None, list[Problem]]:
    """Validate a parsed document against `model`; problems point at the offending lines."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[KeyPath] = set()
        for error in exc.errors(include_url=False):
            error["loc"] = _data_path(document.data, tuple(error["loc"]), error["type"])
            if error["loc"] in seen:  # one problem per place, even when a union tried several types
                continue
            seen.add(error["loc"])
            problems.append(_problem(document, error, model))
        return None, problems


def _data_path(data: Any, loc: KeyPath, kind: str) -> KeyPath:
    """pydantic's error location cut to the keys that exist in the data (dropping union member tags)."""
    node, path = data, []
    for i, step in enumerate(loc):
        inside_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if (isinstance(node, dict) and step in node) or inside_list:
            node = node[step]
        elif kind in ("missing", "extra_forbidden") and i == len(loc) - 1:
            pass  # the key itself is the subject: missing from, or extra in, the data
        else:
            break
        path.append(step)
    return tuple(path)


def _problem(document: Document, error: Any, model: type[BaseModel]) -> Problem:
    loc: KeyPath = tuple(error["loc"])
    kind: str = error["type"]
    source = document.source
    where = describe(document.data, loc[:-1] if loc else loc)
    name = str(loc[-1]) if loc else ""
    value = error.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = None
        guesses = closest(name, allowed)
        if guesses:
            hint = f"did you mean '{guesses[0]}'?"
        elif allowed:
            hint = f"allowed keys here: {', '.join(allowed)}"
        return source.problem(loc, "schema", f"unknown key '{name}'{where}", hint, at_key=True)
    if kind == "missing":
        return source.problem(loc[:-1], "schema", f"missing key '{name}'{where}", f"add '{name}:' here")
    if kind == "model_type" and not isinstance(value, dict):
        return source.problem(loc, "schema", f"expected a mapping of keys{describe(document.data, loc)}, "
                                             f"got {_shown(value)}")
    if kind == "list_type":
        return source.problem(loc, "schema", f"'{name}' must be a list{where}, got {_shown(value)}",
                              "write the items on lines starting with '- '")
    if kind == "string_pattern_mismatch":
        return source.problem(loc, "schema", f"invalid ID {_shown(value)}{where}",
                              "IDs use lowercase letters, digits and hyphens, and start with a letter or digit, "
                              f"e.g. '{_suggest_id(value)}'")
    if kind == "finite_number":
        return source.problem(loc, "schema", f"'{name}' must be a finite number{where}, got {_shown(value)}")
    if kind in ("float_type", "int_type", "int_from_float"):
        wanted = "a whole number" if kind != "float_type" else "a number"
        hint = "write it as a plain number without quotes, e.g. 2000 or 99.9" if isinstance(value, str) \
            and _is_number(value) else None
        return source.problem(loc, "schema", f"'{name}' must be {wanted}{where}, got {_shown(value)}", hint)
    if kind in ("string_type", "string_too_short"):
        wanted = "a text" if kind == "string_type" else "a non-empty text"
        return source.problem(loc, "schema", f"'{name}' must be {wanted}{where}, got {_shown(value)}",
                              "quote it if it looks like a number or a date" if kind == "string_type" else None)
    if kind == "bool_type":
        return source.problem(loc, "schema", f"'{name}' must be true or false{where}, got {_shown(value)}")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return source.problem(loc, "schema", f"'{name}' must be {expected}{where}, got {_shown(value)}")
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return source.problem(loc, "schema", message)
    field_name = f"'{name}'" if name else "value"
    return source.problem(loc, "schema", f"{field_name}{where}: {error['msg']}")


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _suggest_id(value: Any) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
    return slug or "my-objective"


def describe(data: Any, loc: KeyPath) -> str:
    """' in key result 'k1'' for a location inside the plan, '' when nothing names it."""
    labels = {"objectives": "objective", "key_results": "key result", "initiatives": "initiative",
              "teams": "team"}
    label = ""
    node = data
    for i, step in enumerate(loc):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(step, int) and i > 0 and loc[i - 1] in labels and isinstance(node, dict):
            name = node.get("id") or node.get("title")
            kind = labels[loc[i - 1]]
            label = f" in {kind} '{name}'" if isinstance(name, str) else f" in {kind} #{step + 1}"
        elif isinstance(step, str) and i == len(loc) - 1 and step in ("status", "lint", "plan"):
            label = f" in '{step}'"
    return label


def _allowed_keys(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The keys a mapping at `loc` (inside `model`) accepts."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", {})
        if step not in fields:
            return []
        current = _inner_model(fields[step].annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
