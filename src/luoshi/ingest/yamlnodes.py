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
from typing import Any

import yaml

from luoshi.domain.errors import InvalidInput, Location, Problem

Path = tuple[str | int, ...]

#: libyaml's parser when PyYAML was built with it (three times faster), else the pure-Python one
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        node = yaml.compose(text, Loader=_LOADER)
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
    problems: list[Problem] = []
    constructor = yaml.SafeLoader("")
    doc.data = _convert(node, (), doc, constructor, problems)
    if problems:
        raise InvalidInput(problems)
    return doc


def _convert(node: yaml.Node, path: Path, doc: YamlDocument, loader: yaml.SafeLoader, problems: list[Problem]) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int) or isinstance(key, bool):
                problems.append(
                    Problem(
                        Location(doc.file, line=key_node.start_mark.line + 1, field=format_path(path)),
                        f"a key must be text, not {key!r}",
                    )
                )
                continue
            key = str(key)
            if key in result:
                problems.append(
                    Problem(
                        Location(doc.file, line=key_node.start_mark.line + 1, field=format_path((*path, key))),
                        f"duplicate key {key!r}",
                    )
                )
                continue
            result[key] = _convert(value_node, (*path, key), doc, loader, problems)
            doc.lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), doc, loader, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    doc.raw[path] = node.value
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        problems.append(Problem(doc.where(path), f"cannot read value {node.value!r}: {exc}"))
        return None
