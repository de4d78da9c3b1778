"""YAML with positions: lines of keys and values, raw scalar text, problems naming their line."""

from __future__ import annotations

import datetime

import pytest

from luoshi.domain.errors import InvalidInput
from luoshi.ingest.yamlnodes import read_yaml


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        read_yaml(text, "x.yaml")
    return [str(p) for p in caught.value.problems]


def test_lines_and_raw_text_of_every_value() -> None:
    doc = read_yaml("a:\n  - {p: 2020, v: 9.20}\n  - p: 2021\n    v: '9.20'\nb:\n  x\n", "x.yaml")
    assert doc.data == {"a": [{"p": 2020, "v": 9.2}, {"p": 2021, "v": "9.20"}], "b": "x"}
    assert doc.line(("a",)) == 1 and doc.line(("a", 0, "v")) == 2 and doc.line(("a", 1)) == 3
    assert doc.line(("a", 1, "v")) == 4 and doc.line(("b",)) == 5  # an entry's line is its key's
    assert doc.line(("a", 1, "v", "deeper")) == 4 and doc.line(()) == 1
    assert doc.raw[("a", 0, "v")] == "9.20" and doc.raw[("a", 1, "v")] == "9.20" and doc.raw[("b",)] == "x"


def test_equal_scalars_read_alike_whatever_their_quoting() -> None:
    doc = read_yaml("a: 010\nb: '010'\nc: 010\nd: yes\ne: 'yes'\nf: 2020-01-02\ng: 1_000\n", "x.yaml")
    assert doc.data == {
        "a": 8,
        "b": "010",
        "c": 8,
        "d": True,
        "e": "yes",
        "f": datetime.date(2020, 1, 2),
        "g": 1000,
    }


def test_aliases_are_read_at_each_place_they_appear() -> None:
    doc = read_yaml("a: &x {p: 1, q: [2.50]}\nb: *x\n", "x.yaml")
    assert doc.data == {"a": {"p": 1, "q": [2.5]}, "b": {"p": 1, "q": [2.5]}}
    assert doc.data["a"] is not doc.data["b"]
    assert doc.raw[("b", "q", 0)] == "2.50" and doc.line(("b",)) == 2 and doc.line(("b", "p")) == 1


def test_problems_name_their_lines() -> None:
    assert problems("a: 1\nb:\n  - {c: 1, c: 2}\n") == ["x.yaml:3: b[0].c: duplicate key 'c'"]
    assert problems("[1]: a\nb: 2\n") == ["x.yaml:1: : a key must be text, not [1]"]
    found = problems("a:\n  !unknown x\n")  # an unreadable value: the line of the value, not of its key
    assert len(found) == 1 and found[0].startswith("x.yaml:2: a: cannot read value 'x'")
    assert problems("a: [1, 2\nb: 3\n")[0].startswith("x.yaml:2: malformed YAML")
    assert problems("# nothing\n") == ["x.yaml:1: the file is empty"]
