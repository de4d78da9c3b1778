"""Plain JSON-able records of domain values: what the audit log stores and what export writes.

>>> from luoshi.domain.period import Period
>>> as_record(Period.parse("2016-2020"))
'2016-2020'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from enum import Enum
from typing import Any

from luoshi.domain.period import Period

JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]

#: values that are their own record
_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def as_record(value: Any) -> Any:
    """Turn a domain value into JSON-able data: dataclasses become dicts (fields in order, fields whose
    ``compare`` is off are left out), enums their values, periods their codes, dates ISO text."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


def _converter(kind: type) -> Callable[[Any], Any]:
    """How values of one type become records; every rule depends on the type alone, so it is chosen once
    per type (the audit log records every object a plan load writes, 10,000 figures and more)."""
    if issubclass(kind, Period):
        return _period_code
    if issubclass(kind, Enum):
        return _enum_value
    if issubclass(kind, date):
        return _iso_date
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        return _dataclass_converter(tuple(f.name for f in dataclasses.fields(kind) if f.compare))
    if issubclass(kind, Mapping):
        return _mapping_record
    if issubclass(kind, list | tuple | set | frozenset):
        return _sequence_record
    return _itself


def _dataclass_converter(names: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    def convert(value: Any) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for name in names:
            field = getattr(value, name)
            record[name] = field if type(field) in _PLAIN else as_record(field)
        return record

    return convert


def _period_code(value: Period) -> str:
    return value.code


def _enum_value(value: Enum) -> Any:
    return value.value


def _iso_date(value: date) -> str:
    return value.isoformat()


def _mapping_record(value: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): as_record(v) for k, v in value.items()}


def _sequence_record(value: Any) -> list[Any]:
    return [as_record(v) for v in value]


def _itself(value: Any) -> Any:
    return value


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose values differ, as ``{field: (old, new)}``."""
    return {k: (old.get(k), new.get(k)) for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
