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
