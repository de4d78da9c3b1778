"""The registries plans share: regions, government units and documents (added and updated, never deleted
by a plan: other plans may use them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select

from luoshi.domain.errors import NotFound
from luoshi.domain.observation import Document
from luoshi.domain.region import Region
from luoshi.domain.unit import Unit
from luoshi.storage import mapping
from luoshi.storage.store import ChangeSummary, Store
from luoshi.storage.tables import DocumentRow, RegionRow, UnitRow


class RegistryStore(Store):
    """Regions, units and documents."""

    def regions(self) -> list[Region]:
        rows = list(self.session.scalars(select(RegionRow).order_by(RegionRow.code)))
        codes = {r.id: r.code for r in rows}
        return [mapping.to_region(r, codes) for r in rows]

    def units(self) -> list[Unit]:
        regions = self._region_codes()
        return [mapping.to_unit(u, regions) for u in self.session.scalars(select(UnitRow).order_by(UnitRow.code))]

    def documents(self, *, with_text: bool = True, codes: Sequence[str] | None = None) -> list[Document]:
        query = select(DocumentRow).order_by(DocumentRow.code)
        if codes is not None:
            query = query.where(DocumentRow.code.in_(list(codes)))
        return [mapping.to_document(d, with_text=with_text) for d in self.session.scalars(query)]

    def document(self, code: str) -> Document:
        d = self.session.scalar(select(DocumentRow).where(DocumentRow.code == code))
        if d is None:
            raise NotFound(f"no document {code!r}")
        return mapping.to_document(d)

    def document_by_sha256(self, sha256: str) -> tuple[int, Document] | None:
        """The stored document whose text has this hash, with its row id, or None."""
        d = self.session.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256).order_by(DocumentRow.id))
        if d is None:
            return None
        return d.id, mapping.to_document(d)

    def add_document(self, doc: Document, plan_code: str | None = None) -> int:
        """Store a new document with its text (audited without the text); returns its row id."""
        values = mapping.document_values(doc)
        new = {name: values[name] for name in mapping.DOCUMENT_AUDITED}
        row = self._upsert("document", doc.code, None, values, new, None, DocumentRow, ChangeSummary(), plan_code)
        self.session.flush()
        return int(row.id)

    def save_unit(self, unit: Unit) -> ChangeSummary:
        """Add a unit or update its name, kind and region (audited)."""
        summary = ChangeSummary()
        if unit.region_code not in {r.code for r in self.regions()}:
            raise NotFound(f"no region {unit.region_code!r}")
        self.sync_units([unit], self._all_ids(RegionRow), summary, "")
        return summary

    def sync_regions(self, regions: Sequence[Region], summary: ChangeSummary, plan_code: str) -> dict[str, int]:
        ids = self._all_ids(RegionRow)
        stored = {r.code: r for r in self.regions()}
        rows = (
            {
                r.code: r
                for r in self.session.scalars(select(RegionRow).where(RegionRow.code.in_([r.code for r in regions])))
            }
            if regions
            else {}
        )
        # parents before children
        depth = {r.code: 0 for r in regions}
        parent = {r.code: r.parent_code for r in regions}
        for code in depth:
            seen, p = 0, parent.get(code)
            while p in parent and seen < len(parent):
                seen, p = seen + 1, parent.get(p)
            depth[code] = seen
        for region in sorted(regions, key=lambda r: depth[r.code]):
            values = {
                "code": region.code,
                "name": region.name,
                "level": region.level.value,
                "parent_id": ids[region.parent_code] if region.parent_code else None,
            }
            old = stored.get(region.code)
            row = self._upsert(
                "region",
                region.code,
                rows.get(region.code),
                values,
                region,
                old,
                RegionRow,
                summary,
                plan_code,
            )
            self.session.flush()
            ids[region.code] = row.id
        return ids

    def sync_units(
        self, units: Sequence[Unit], region_ids: Mapping[str, int], summary: ChangeSummary, plan_code: str
    ) -> dict[str, int]:
        stored = {u.code: u for u in self.units()}
        rows = {u.code: u for u in self.session.scalars(select(UnitRow))}
        for unit in units:
            values = {
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind,
                "region_id": region_ids[unit.region_code],
            }
            old = stored.get(unit.code)
            rows[unit.code] = self._upsert(
                "unit",
                unit.code,
                rows.get(unit.code),
                values,
                unit,
                old,
                UnitRow,
                summary,
                plan_code,
            )
        self.session.flush()
        return {code: row.id for code, row in rows.items()}

    def sync_documents(self, documents: Sequence[Document], summary: ChangeSummary, plan_code: str) -> dict[str, int]:
        rows = {d.code: d for d in self.session.scalars(select(DocumentRow))}
        for doc in documents:
            values = mapping.document_values(doc)
            row = rows.get(doc.code)
            old = mapping.document_record(row) if row is not None else None
            new = {name: values[name] for name in mapping.DOCUMENT_AUDITED}
            rows[doc.code] = self._upsert("document", doc.code, row, values, new, old, DocumentRow, summary, plan_code)
        self.session.flush()
        return {code: row.id for code, row in rows.items()}
