"""Reading YAML while keeping where every key and value came from.

PyYAML's `compose` gives nodes with 0-based marks; we build plain Python data
from them and a `SourceMap` from key paths to 1-based (line, column). Keys
repeated in one mapping, which `yaml.safe_load` would silently collapse, are
reported, and hostile documents (alias bombs, recursion, absurd nesting) are
refused with a problem instead of eating the machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from okr.problems import ERROR, Problem

KeyPath = tuple[Any, ...]
Position = tuple[int, int]

# A plan with a million nodes is not a plan; an alias bomb is.
MAX_NODES = 200_000

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a YAML document sits in its file."""

    path: str
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    line_offset: int = 0

    def value(self, keypath: KeyPath) -> Position:
        """Position of the value at `keypath`, or of its nearest located ancestor."""
        return _lookup(self.values, keypath)

    def key(self, keypath: KeyPath) -> Position:
        """Position of the key naming `keypath`'s last element, else of its value."""
        if keypath in self.keys:
            return self.keys[keypath]
        return self.value(keypath)

    def problem(
        self, keypath: KeyPath, rule: str, message: str, hint: str | None = None, *, at_key: bool = False
    ) -> Problem:
        """A problem located at `keypath` in this file."""
        line, column = self.key(keypath) if at_key else self.value(keypath)
        return Problem(self.path, line, column, rule, ERROR, message, hint)


def _lookup(table: dict[KeyPath, Position], keypath: KeyPath) -> Position:
    for end in range(len(keypath), -1, -1):
        found = table.get(keypath[:end])
        if found is not None:
            return found
    return (1, 1)


@dataclass
class Document:
    """Plain data from one YAML document, its source map, and the duplicate-key problems found."""

    data: Any
    source: SourceMap
    problems: list[Problem] = field(default_factory=list)


class YamlSyntaxError(Exception):
    """The text is not YAML we can use; `problem` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def parse(text: str, path: str, *, line_offset: int = 0) -> Document:
    """Parse one YAML document from `text`, reporting positions against `path`.

    `line_offset` is added to every line, for fragments cut out of a larger file.
    Raises `YamlSyntaxError` for text that does not parse.
    """
    source = SourceMap(path, line_offset=line_offset)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        lines = text.split("\n")
        offending = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = "check the indentation and quoting on this line and the one above"
        if "\t" in offending[: len(offending) - len(offending.lstrip())]:
            hint = "YAML does not allow tabs for indentation: indent with spaces"
        raise YamlSyntaxError(
            Problem(path, line + line_offset, column, "syntax", ERROR, f"YAML syntax error: {reason}", hint)
        ) from None
    except yaml.YAMLError as exc:
        line, column = _reader_position(exc, text)
        raise YamlSyntaxError(
            Problem(path, line + line_offset, column, "syntax", ERROR, f"YAML syntax error: {_first_line(exc)}")
        ) from None
    except RecursionError:
        raise YamlSyntaxError(
            Problem(path, 1 + line_offset, 1, "syntax", ERROR, "YAML is nested too deeply to be a plan")
        ) from None
    builder = _Builder(source)
    try:
        data = builder.build(node, ()) if node is not None else None
    except _Refused as exc:
        raise YamlSyntaxError(exc.problem) from None
    return Document(data, source, builder.problems)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _reader_position(exc: yaml.YAMLError, text: str) -> Position:
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        before = text[:position]
        return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    return (1, 1)


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Builder:
    """Turns a composed node tree into plain data, filling the source map as it goes."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.constructor = SafeConstructor()
        self.problems: list[Problem] = []
        self.count = 0
        self.active: set[int] = set()

    def position(self, node: yaml.Node) -> Position:
        return node.start_mark.line + 1 + self.source.line_offset, node.start_mark.column + 1

    def refuse(self, node: yaml.Node, message: str) -> _Refused:
        line, column = self.position(node)
        return _Refused(Problem(self.source.path, line, column, "syntax", ERROR, message))

    def build(self, node: yaml.Node, keypath: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.refuse(node, f"document has more than {MAX_NODES:,} values (an alias bomb?)")
        self.source.values[keypath] = self.position(node)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            raise self.refuse(node, "an alias refers to itself")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*keypath, i)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, keypath)
        finally:
            self.active.discard(id(node))
        raise self.refuse(node, f"unsupported YAML node {node.tag}")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as exc:
            raise self.refuse(node, f"cannot read value {node.value!r}: {_first_line(exc)}") from None

    def mapping(self, node: yaml.MappingNode, keypath: KeyPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.refuse(key_node, "a mapping key must be a plain value, not a list or mapping")
            key = self.scalar(key_node)
            try:
                hash(key)
            except TypeError:  # pragma: no cover - scalars are hashable
                raise self.refuse(key_node, "unusable mapping key") from None
            key_position = self.position(key_node)
            if key in first_seen:
                line, column = key_position
                self.problems.append(
                    Problem(self.source.path, line, column, "duplicate-key", ERROR,
                            f"key '{key}' is repeated in this mapping (first at line {first_seen[key][0]})",
                            "remove one of them: YAML keeps only the last, silently")
                )
            else:
                first_seen[key] = key_position
            self.source.keys[(*keypath, key)] = key_position
            result[key] = self.build(value_node, (*keypath, key))
        return result
