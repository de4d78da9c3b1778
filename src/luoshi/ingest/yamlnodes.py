"""YAML read with positions: every value's line, and every scalar's text exactly as written.

PyYAML's ``safe_load`` forgets where values came from and silently keeps the last of two equal keys.
:func:`read_yaml` composes the node tree instead, refuses duplicate keys, and returns the data with a
``path -> line`` map (paths are tuples of keys and list indexes) so that every later error can name
the line, and a ``path -> raw text`` map so that ``value: 9.20`` keeps its printed precision.

>>> doc = read_yaml("a:\\n  - b: 9.20\\n", "x.yaml")
>>> doc.data, doc.line(("a", 0, "b")), doc.raw[("a", 0, "b")]
({'a': [{'b': 9.2}]}, 2, '9.20')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

from luoshi.domain.errors import InvalidInput, Location, Problem

Path = tuple[str | int, ...]

#: libyaml's parser when PyYAML was built with it (three times faster), else the pure-Python one
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: what the safe constructors make of a scalar, immutable and so shareable between equal scalars
_SHAREABLE = (str, int, float, bool, type(None), date, datetime, bytes)


class _Loader(_BASE_LOADER):  # type: ignore[valid-type,misc]  # chosen at import time
    """The safe loader, resolving the implicit tag of each distinct scalar once per document.

    Resolution tries a handful of regular expressions per scalar, and a plan file repeats the same keys
    and values thousands of times. The tag depends only on the node kind, the text and the implicit
    flags (no path resolvers are registered), so it can be remembered.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[Any, Any, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        key = (kind, value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


@dataclass
class YamlDocument:
    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def where(self, path: Path) -> Location:
        return Location(self.file, line=self.line(path), field=format_path(path) or None)


def format_path(path: Path) -> str:
    """``("goals", 2, "code")`` -> ``goals[2].code``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document; raise InvalidInput naming the line on a syntax error or duplicate key."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise InvalidInput([Problem(Location(file, line=line), f"malformed YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([Problem(Location(file), f"malformed YAML: {exc}")]) from None
    doc = YamlDocument(file, None)
    if node is None:
        raise InvalidInput([Problem(Location(file, line=1), "the file is empty")])
    converter = _Converter(doc)
    doc.lines[()] = node.start_mark.line + 1
    doc.data = converter.value(node, ())
    if converter.problems:
        raise InvalidInput(converter.problems)
    return doc


class _Converter:
    """Node tree -> plain data, filling a document's line and raw-text maps and collecting problems.

    A node's line is recorded under its path; a mapping entry's under the line of its key. A scalar
    that cannot be read becomes None and a problem naming the line of its value.
    """

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self._constructor = yaml.SafeLoader("")
        self._scalars: dict[tuple[str, str], Any] = {}

    def value(self, node: yaml.Node, path: Path) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self._scalar_value(node, path)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        assert isinstance(node, yaml.SequenceNode)
        lines = self.doc.lines
        items = []
        for i, item in enumerate(node.value):
            item_path = (*path, i)
            lines[item_path] = item.start_mark.line + 1
            items.append(self.value(item, item_path))
        return items

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        lines = self.doc.lines
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = (
                self._scalar(key_node)
                if isinstance(key_node, yaml.ScalarNode)
                else self._constructor.construct_object(key_node, deep=True)
            )
            if not isinstance(key, str | int) or isinstance(key, bool):
                self._problem(key_node, path, f"a key must be text, not {key!r}")
                continue
            key = str(key)
            if key in result:
                self._problem(key_node, (*path, key), f"duplicate key {key!r}")
                continue
            key_path = (*path, key)
            result[key] = self.value(value_node, key_path)
            lines[key_path] = key_node.start_mark.line + 1
        return result

    def _scalar_value(self, node: yaml.ScalarNode, path: Path) -> Any:
        self.doc.raw[path] = node.value
        try:
            return self._scalar(node)
        except yaml.YAMLError as exc:
            self.problems.append(
                Problem(
                    Location(self.doc.file, line=node.start_mark.line + 1, field=format_path(path) or None),
                    f"cannot read value {node.value!r}: {exc}",
                )
            )
            return None

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """The scalar's value; equal scalars (same tag, same text) are constructed once."""
        key = (node.tag, node.value)
        try:
            return self._scalars[key]
        except KeyError:
            pass
        value = self._constructor.construct_object(node, deep=True)
        if type(value) in _SHAREABLE:
            self._scalars[key] = value
        return value

    def _problem(self, key_node: yaml.Node, path: Path, message: str) -> None:
        self.problems.append(
            Problem(Location(self.doc.file, line=key_node.start_mark.line + 1, field=format_path(path)), message)
        )
