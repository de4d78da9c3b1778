"""Plan files (``luoshi: plan/1``, see docs/plan-format.md) read into a :class:`PlanBundle`.

Reading validates everything before anything is written: the YAML itself, each field's type, and the
plan's own rules (unique codes, references that resolve, no goal cycle, target years after base years,
known units of measure, quotes that stand in their documents). All problems are collected and raised
together as one :class:`InvalidInput`, each naming file, line and field.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from luoshi.domain.errors import InvalidInput, Problem
from luoshi.domain.indicator import Direction, Frequency, Indicator, IndicatorKind, PriceBasis
from luoshi.domain.measurement import NonFiniteValue, UnknownUnit, parse_unit, require_finite, to_base
from luoshi.domain.observation import Document, FigureStatus, Observation, Provenance, ProvenanceKind
from luoshi.domain.period import InvalidPeriod, Period
from luoshi.domain.plan import Goal, GoalKind, Plan, PlanBundle, Task, TaskStatus, find_goal_cycle
from luoshi.domain.region import Region, RegionLevel
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.domain.unit import Unit
from luoshi.ingest.text import decode_text, read_text
from luoshi.ingest.yamlnodes import Path as NodePath
from luoshi.ingest.yamlnodes import YamlDocument, read_yaml

FORMAT = "plan/1"
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"
Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=64)]
Year = Annotated[int, Field(ge=1900, le=2200)]
#: a value printed as plain digits (``9.20``, ``-3``, ``.5``), whose text is kept as its printed precision
PRINTED_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class RegionSpec(_Spec):
    code: Annotated[str, Field(pattern=r"^[0-9A-Za-z]{1,20}$")]
    name: str
    level: RegionLevel
    parent: str | None = None


class UnitSpec(_Spec):
    code: Code
    name: str
    region: str
    kind: str = "department"


class DocumentSpec(_Spec):
    code: Code
    title: str
    kind: Literal["newspaper", "work_report", "communique", "plan", "bulletin", "other"] = "other"
    file: str
    published: str | None = None


class PlanSpec(_Spec):
    code: Code
    name: str
    region: str
    start_year: Year
    end_year: Year
    vision_year: Year | None = None
    description: str = ""


class SourceSpec(_Spec):
    document: str | None = None
    quote: str | None = None
    start: Annotated[int, Field(ge=0)] | None = None
    row: Annotated[int, Field(ge=1)] | None = None
    note: str | None = None


class TaskSpec(_Spec):
    code: Code
    name: str
    lead_unit: str | None = None
    support_units: list[str] = []
    deadline: date | None = None
    status: TaskStatus = TaskStatus.NOT_STARTED


class GoalSpec(_Spec):
    code: Code
    name: str
    kind: GoalKind
    display_code: str = ""
    description: str = ""
    parent: str | None = None
    weight: Annotated[float, Field(ge=0)] | None = None
    children: list[GoalSpec] = []
    tasks: list[TaskSpec] = []


class TargetSpec(_Spec):
    measure: Measure = Measure.LEVEL
    comparator: Comparator = Comparator.GE
    value: float
    unit: str | None = None
    base_year: Year | None = None
    base_value: float | None = None
    target_year: Year
    annualized: bool = False
    source: SourceSpec | None = None


class ObservationSpec(_Spec):
    period: str
    value: float
    comparator: Comparator = Comparator.EQ
    unit: str | None = None
    measure: Measure = Measure.LEVEL
    annualized: bool = False
    region: str | None = None
    status: FigureStatus = FigureStatus.FINAL
    scenario: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = "actual"
    source: SourceSpec | None = None

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class IndicatorSpec(_Spec):
    code: Code
    name: str
    aliases: list[str] = []
    unit: str
    direction: Direction = Direction.INCREASE
    kind: IndicatorKind = IndicatorKind.INDICATIVE
    frequency: Frequency = Frequency.ANNUAL
    owner: str | None = None
    goals: list[str] = []
    public: bool = True
    description: str = ""
    price_basis: PriceBasis = PriceBasis.NOT_APPLICABLE
    scope: str = ""
    data_source: str = ""
    targets: list[TargetSpec] = []
    observations: list[ObservationSpec] = []


class PlanFileSpec(_Spec):
    luoshi: Literal["plan/1"]
    plan: PlanSpec
    regions: list[RegionSpec] = []
    units: list[UnitSpec] = []
    documents: list[DocumentSpec] = []
    goals: list[GoalSpec] = []
    indicators: list[IndicatorSpec] = []


class KnownCodes:
    """Codes already in the database, which a plan file may refer to without listing them."""

    def __init__(
        self, regions: Iterable[str] = (), units: Iterable[str] = (), documents: dict[str, str] | None = None
    ) -> None:
        self.regions = set(regions)
        self.units = set(units)
        self.documents = dict(documents or {})  # code -> text


def read_plan_file(path: str | Path, known: KnownCodes | None = None, *, encoding: str | None = None) -> PlanBundle:
    """Read and validate a plan file; raise InvalidInput with every problem found.

    The plan file and its documents are read in ``encoding``, or in the one detected for each
    (:func:`luoshi.ingest.text.decode_text`: UTF-8 or GBK).
    """
    path = Path(path)
    text = read_text(path, encoding)
    return parse_plan(text, str(path), base_dir=path.parent, known=known, encoding=encoding)


def parse_plan(
    text: str, file: str, *, base_dir: Path, known: KnownCodes | None = None, encoding: str | None = None
) -> PlanBundle:
    doc = read_yaml(text, file)
    if not isinstance(doc.data, dict):
        raise InvalidInput([Problem(doc.where(()), "a plan file is a mapping with keys luoshi, plan, goals, ...")])
    try:
        spec = PlanFileSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise InvalidInput([_problem_from_pydantic(doc, err) for err in exc.errors()]) from None
    return _Builder(doc, spec, base_dir, known or KnownCodes(), encoding).build()


def _problem_from_pydantic(doc: YamlDocument, err: Any) -> Problem:
    loc: NodePath = tuple(err["loc"])
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown field (see docs/plan-format.md)"
    elif err["type"] == "missing":
        message = "required field is missing"
    elif err["type"] == "literal_error" and loc == ("luoshi",):
        message = f"the format marker must be `luoshi: {FORMAT}`"
    if "input" in err and err["type"] not in {"missing", "extra_forbidden"} and not isinstance(err["input"], dict):
        message += f" (got {err['input']!r})"
    return Problem(doc.where(loc), message)


class _Builder:
    """Turns a validated spec into domain values, checking the rules that span fields."""

    def __init__(
        self, doc: YamlDocument, spec: PlanFileSpec, base_dir: Path, known: KnownCodes, encoding: str | None
    ) -> None:
        self.doc = doc
        self.spec = spec
        self.base_dir = base_dir
        self.known = known
        self.encoding = encoding
        self.problems: list[Problem] = []
        self.texts: dict[str, str] = dict(known.documents)

    def error(self, path: NodePath, message: str) -> None:
        self.problems.append(Problem(self.doc.where(path), message))

    def build(self) -> PlanBundle:
        regions = self._regions()
        region_codes = {r.code for r in regions} | self.known.regions
        units = self._units(region_codes)
        unit_codes = {u.code for u in units} | self.known.units
        documents = self._documents()
        plan = self._plan(region_codes)
        goals, tasks = self._goals(unit_codes)
        indicators, targets, observations = self._indicators(plan, {g.code for g in goals}, unit_codes, region_codes)
        if self.problems:
            raise InvalidInput(self.problems)
        return PlanBundle(
            plan=plan,
            regions=tuple(regions),
            units=tuple(units),
            documents=tuple(documents),
            goals=tuple(goals),
            tasks=tuple(tasks),
            indicators=tuple(indicators),
            targets=targets,
            observations=observations,
        )

    def _unique(self, items: Iterable[tuple[NodePath, str]], what: str) -> None:
        seen: dict[str, NodePath] = {}
        for path, code in items:
            if code in seen:
                first = self.doc.line(seen[code])
                self.error(path, f"duplicate {what} code {code!r} (first defined on line {first})")
            else:
                seen[code] = path

    def _regions(self) -> list[Region]:
        specs = self.spec.regions
        self._unique(((("regions", i, "code"), r.code) for i, r in enumerate(specs)), "region")
        codes = {r.code for r in specs} | self.known.regions
        for i, r in enumerate(specs):
            if r.parent is not None and r.parent not in codes:
                self.error(("regions", i, "parent"), f"unknown region {r.parent!r}")
        return [Region(r.code, r.name, r.level, r.parent) for r in specs]

    def _units(self, region_codes: set[str]) -> list[Unit]:
        specs = self.spec.units
        self._unique(((("units", i, "code"), u.code) for i, u in enumerate(specs)), "unit")
        for i, u in enumerate(specs):
            if u.region not in region_codes:
                self.error(("units", i, "region"), f"unknown region {u.region!r}")
        return [Unit(u.code, u.name, u.region, u.kind) for u in specs]

    def _documents(self) -> list[Document]:
        specs = self.spec.documents
        self._unique(((("documents", i, "code"), d.code) for i, d in enumerate(specs)), "document")
        documents = []
        for i, d in enumerate(specs):
            file = self._document_file(d.file, ("documents", i, "file"))
            if file is None:
                continue
            try:
                data = file.read_bytes()
            except OSError as exc:
                self.error(("documents", i, "file"), f"cannot read document file {str(file)!r}: {exc.strerror}")
                continue
            try:
                text = decode_text(data, str(file), self.encoding)
            except InvalidInput as exc:
                self.error(("documents", i, "file"), str(exc))
                continue
            self.texts[d.code] = text
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            documents.append(Document(d.code, d.title, d.kind, d.file, text, d.published, sha))
        return documents

    def _document_file(self, name: str, at: NodePath) -> Path | None:
        """The document file ``name`` within the plan file's folder, or None (and a problem at ``at``).

        A plan file names its documents relative to its own folder and may not reach outside it, by an
        absolute path, by ``..`` or through a symbolic link: a loaded document's text is shown to every
        reader, so a plan file must not be able to publish /etc/passwd.
        """
        if Path(name).is_absolute() or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
            self.error(at, f"{name!r} is an absolute path: name the file relative to the plan file's folder")
            return None
        folder = self.base_dir.resolve()
        file = (folder / name).resolve()  # follows every symbolic link on the way
        if not file.is_relative_to(folder):
            self.error(at, f"{name!r} lies outside the plan file's folder {str(folder)!r}")
            return None
        return file

    def _plan(self, region_codes: set[str]) -> Plan:
        p = self.spec.plan
        if p.region not in region_codes:
            self.error(("plan", "region"), f"unknown region {p.region!r}; list it under `regions`")
        if p.end_year < p.start_year:
            self.error(("plan", "end_year"), f"the plan ends ({p.end_year}) before it starts ({p.start_year})")
        if p.vision_year is not None and p.vision_year < p.end_year:
            self.error(("plan", "vision_year"), f"the vision year {p.vision_year} is before the plan's end")
        return Plan(p.code, p.name, p.region, p.start_year, p.end_year, p.vision_year, p.description)

    def _goals(self, unit_codes: set[str]) -> tuple[list[Goal], list[Task]]:
        goals: list[tuple[NodePath, Goal]] = []
        tasks: list[tuple[NodePath, Task]] = []

        def walk(specs: list[GoalSpec], parent: str | None, path: NodePath) -> None:
            for i, g in enumerate(specs):
                here = (*path, i)
                if g.parent is not None and parent is not None and g.parent != parent:
                    self.error(
                        (*here, "parent"), f"goal {g.code!r} is nested under {parent!r} but names parent {g.parent!r}"
                    )
                if g.weight is not None:
                    self._finite(g.weight, (*here, "weight"))
                goal = Goal(
                    code=g.code,
                    name=g.name,
                    kind=g.kind,
                    parent_code=parent or g.parent,
                    display_code=g.display_code,
                    description=g.description,
                    position=len(goals),
                    weight=g.weight,
                )
                goals.append((here, goal))
                for j, t in enumerate(g.tasks):
                    tpath = (*here, "tasks", j)
                    for k, u in enumerate([t.lead_unit, *t.support_units]):
                        if u is not None and u not in unit_codes:
                            field = (*tpath, "lead_unit") if k == 0 else (*tpath, "support_units", k - 1)
                            self.error(field, f"unknown unit {u!r}; list it under `units`")
                    tasks.append(
                        (
                            tpath,
                            Task(
                                code=t.code,
                                name=t.name,
                                goal_code=g.code,
                                lead_unit_code=t.lead_unit,
                                support_unit_codes=tuple(t.support_units),
                                deadline=t.deadline,
                                status=t.status,
                                position=len(tasks),
                            ),
                        )
                    )
                walk(g.children, g.code, (*here, "children"))

        walk(self.spec.goals, None, ("goals",))
        self._unique((((*p, "code"), g.code) for p, g in goals), "goal")
        self._unique((((*p, "code"), t.code) for p, t in tasks), "task")
        codes = {g.code for _, g in goals}
        for p, g in goals:
            if g.parent_code is not None and g.parent_code not in codes:
                self.error((*p, "parent"), f"unknown parent goal {g.parent_code!r}")
        cycle = find_goal_cycle([g for _, g in goals if g.parent_code in codes or g.parent_code is None])
        if cycle:
            where = next(p for p, g in goals if g.code == cycle[0])
            self.error((*where, "parent"), f"goal cycle: {' -> '.join(cycle)}")
        return [g for _, g in goals], [t for _, t in tasks]

    def _source(self, spec: SourceSpec | None, path: NodePath) -> Provenance | None:
        if spec is None:
            return None
        if spec.document is None:
            kind = ProvenanceKind.UPLOAD if spec.row is not None else ProvenanceKind.MANUAL
            return Provenance(kind, row=spec.row, note=spec.note, quote=spec.quote)
        text = self.texts.get(spec.document)
        if text is None:
            if spec.document not in {d.code for d in self.spec.documents}:
                self.error((*path, "document"), f"unknown document {spec.document!r}; list it under `documents`")
            return None
        if spec.quote is None:
            if spec.start is not None:
                self.error((*path, "quote"), "a source with `start` needs the `quote` it points at")
            return Provenance(ProvenanceKind.DOCUMENT, spec.document, row=spec.row, note=spec.note)
        start = spec.start
        if start is None:
            start = text.find(spec.quote)
            if start < 0:
                self.error((*path, "quote"), f"the quote {spec.quote!r} does not occur in document {spec.document!r}")
                return None
        elif text[start : start + len(spec.quote)] != spec.quote:
            found = text.find(spec.quote)
            hint = f"; it occurs at {found}" if found >= 0 else "; it does not occur in the document"
            self.error((*path, "start"), f"the document's text at {start} is not the quote {spec.quote!r}{hint}")
            return None
        return Provenance(
            ProvenanceKind.DOCUMENT, spec.document, start, start + len(spec.quote), spec.quote, spec.row, spec.note
        )

    def _indicators(
        self, plan: Plan, goal_codes: set[str], unit_codes: set[str], region_codes: set[str]
    ) -> tuple[list[Indicator], dict[str, tuple[Target, ...]], dict[str, tuple[Observation, ...]]]:
        specs = self.spec.indicators
        self._unique(((("indicators", i, "code"), s.code) for i, s in enumerate(specs)), "indicator")
        indicators: list[Indicator] = []
        targets: dict[str, tuple[Target, ...]] = {}
        observations: dict[str, tuple[Observation, ...]] = {}
        for i, s in enumerate(specs):
            path: NodePath = ("indicators", i)
            try:
                base, _ = parse_unit(s.unit)
            except UnknownUnit as exc:
                self.error((*path, "unit"), str(exc))
                continue
            if s.owner is not None and s.owner not in unit_codes:
                self.error((*path, "owner"), f"unknown unit {s.owner!r}; list it under `units`")
            for j, g in enumerate(s.goals):
                if g not in goal_codes:
                    self.error((*path, "goals", j), f"unknown goal {g!r}")
            indicators.append(
                Indicator(
                    code=s.code,
                    name=s.name,
                    unit=base,
                    display_unit=s.unit,
                    direction=s.direction,
                    kind=s.kind,
                    frequency=s.frequency,
                    aliases=tuple(s.aliases),
                    owner_unit_code=s.owner,
                    goal_codes=tuple(s.goals),
                    description=s.description,
                    public=s.public,
                    price_basis=s.price_basis,
                    scope=s.scope,
                    data_source=s.data_source,
                )
            )
            targets[s.code] = tuple(
                t
                for j, spec in enumerate(s.targets)
                if (t := self._target(spec, s, base, (*path, "targets", j))) is not None
            )
            self._unique(
                (((*path, "targets", j, "target_year"), t.key) for j, t in enumerate(targets[s.code])),
                "target (measure and target year)",
            )
            observations[s.code] = tuple(
                o
                for j, spec in enumerate(s.observations)
                if (o := self._observation(spec, s, base, plan, region_codes, (*path, "observations", j))) is not None
            )
            self._unique(
                (((*path, "observations", j, "period"), o.key) for j, o in enumerate(observations[s.code])),
                "observation (region, period, measure and scenario)",
            )
        return indicators, targets, observations

    def _value(self, value: float, unit: str, base: str, at: NodePath, unit_at: NodePath) -> float | None:
        """``value`` (the field at ``at``) in ``unit`` converted to the indicator's base unit; a problem at
        ``unit_at`` if the unit does not fit, at ``at`` if the value is no finite number (in the base unit)."""
        try:
            converted, its_base = to_base(value, unit)
        except UnknownUnit as exc:
            self.error(unit_at, str(exc))
            return None
        except NonFiniteValue as exc:
            self._not_finite(at, value, exc)
            return None
        if its_base != base:
            self.error(unit_at, f"unit {unit!r} does not measure the same thing as the indicator's {base!r}")
            return None
        return converted

    def _finite(self, value: float, at: NodePath) -> float | None:
        """``value`` (a percentage or weight, stored as written) if it is a finite number."""
        try:
            return require_finite(value)
        except NonFiniteValue as exc:
            self._not_finite(at, value, exc)
            return None

    def _not_finite(self, at: NodePath, value: float, exc: NonFiniteValue) -> None:
        written = self.doc.raw.get(at)
        # 1e400 as written, or a finite number that is none in the base unit (1e305 亿元: exc says so)
        self.error(at, f"{written} is not a finite number" if written and not math.isfinite(value) else str(exc))

    def _target(self, t: TargetSpec, ind: IndicatorSpec, base: str, path: NodePath) -> Target | None:
        if t.measure is Measure.GROWTH:
            if t.base_year is None:
                self.error((*path, "base_year"), "a growth target needs the base year it grows from")
                return None
            value: float | None = self._finite(t.value, (*path, "value"))
            if t.unit not in (None, "%"):
                self.error((*path, "unit"), "a growth target is in percent")
        else:
            value = self._value(
                t.value, t.unit or ind.unit, base, (*path, "value"), (*path, "unit" if t.unit else "value")
            )
        if t.base_year is not None and t.target_year <= t.base_year:
            self.error(
                (*path, "target_year"), f"the target year {t.target_year} is not after the base year {t.base_year}"
            )
            return None
        base_value = None
        if t.base_value is not None:
            at = (*path, "base_value")
            base_value = self._value(t.base_value, t.unit or ind.unit, base, at, (*path, "unit") if t.unit else at)
        provenance = self._source(t.source, (*path, "source"))
        if value is None:
            return None
        return Target(t.measure, t.comparator, value, t.target_year, t.base_year, base_value, t.annualized, provenance)

    def _observation(
        self, o: ObservationSpec, ind: IndicatorSpec, base: str, plan: Plan, regions: set[str], path: NodePath
    ) -> Observation | None:
        try:
            period = Period.parse(o.period)
        except InvalidPeriod as exc:
            self.error((*path, "period"), str(exc))
            return None
        region = o.region or plan.region_code
        if region not in regions:
            self.error((*path, "region"), f"unknown region {region!r}")
        printed = self.doc.raw.get((*path, "value"))
        if o.measure is Measure.GROWTH:
            if o.unit not in (None, "%"):
                self.error((*path, "unit"), "a growth figure is in percent")
            value: float | None = self._finite(o.value, (*path, "value"))
            unit, printed_unit = "%", "%"
        else:
            printed_unit = o.unit or ind.unit
            value = self._value(o.value, printed_unit, base, (*path, "value"), (*path, "unit" if o.unit else "value"))
            unit = base
        provenance = self._source(o.source, (*path, "source"))
        if value is None:
            return None
        if printed is not None and not PRINTED_NUMBER.fullmatch(printed):
            printed = None
        return Observation(
            indicator_code=ind.code,
            region_code=region,
            period=period,
            value=value,
            measure=o.measure,
            unit=unit,
            printed_value=printed,
            printed_unit=printed_unit,
            comparator=o.comparator,
            annualized=o.annualized,
            status=o.status,
            scenario=o.scenario,
            provenance=provenance,
        )
