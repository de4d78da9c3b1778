"""Plain JSON-able records of domain values: what the audit log stores and what export writes.

>>> from luoshi.domain.period import Period
>>> as_record(Period.parse("2016-2020"))
'2016-2020'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

from luoshi.domain.period import Period

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def as_record(value: Any) -> Any:
    """Turn a domain value into JSON-able data: dataclasses become dicts (fields in order, fields whose
    ``compare`` is off are left out), enums their values, periods their codes, dates ISO text."""
    if isinstance(value, Period):
        return value.code
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_record(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare}
    if isinstance(value, Mapping):
        return {str(k): as_record(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [as_record(v) for v in value]
    return value


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose values differ, as ``{field: (old, new)}``."""
    return {k: (old.get(k), new.get(k)) for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
