"""Provenance: where a figure came from (a span of a document, a row of a sheet, a person, a simulation)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProvenanceKind(StrEnum):
    """Where a figure came from: a text document, an uploaded sheet, typed in, or a simulated scenario."""

    DOCUMENT = "document"
    UPLOAD = "upload"
    MANUAL = "manual"
    SIMULATED = "simulated"
    ROUND = "round"  # entered in a reporting round and approved there (the note names the round)


PROVENANCE_KIND_LABELS: dict[ProvenanceKind, str] = {
    ProvenanceKind.DOCUMENT: "文件原文",
    ProvenanceKind.UPLOAD: "上传表格",
    ProvenanceKind.MANUAL: "手工录入",
    ProvenanceKind.SIMULATED: "模拟情景",
    ProvenanceKind.ROUND: "填报审核通过",
}

#: what wrote a target or observation (its ``origin``, before any ``:``), in Chinese
ORIGIN_LABELS: dict[str, str] = {
    "planfile": "规划文件",
    "review": "审核采用",
    "manual": "手工录入",
    "round": "填报审核通过",
    "upload": "上传表格",
    "simulation": "模拟情景",
}


def origin_label(origin: str) -> str:
    """An origin in Chinese: ``planfile:pingcheng-14`` -> 规划文件（pingcheng-14）; an unknown one as it is.

    >>> origin_label("planfile:pingcheng-14"), origin_label("review"), origin_label("other")
    ('规划文件（pingcheng-14）', '审核采用', 'other')
    """
    head, _, rest = origin.partition(":")
    label = ORIGIN_LABELS.get(head)
    if label is None:
        return origin
    return f"{label}（{rest}）" if rest else label


@dataclass(frozen=True)
class Provenance:
    """Where a figure came from.

    For a document: its code and the character span ``[start, end)`` of the evidence in its text (Python
    ``str`` offsets), with ``quote`` = that text, so a reader can check it. For a sheet: the row.
    """

    kind: ProvenanceKind
    document_code: str | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    row: int | None = None
    note: str | None = None
