"""Pure extraction of figures and targets from Chinese text, with character-span provenance.

>>> from luoshi.extract import extract_statements
>>> [s.as_record()["value"] for s in extract_statements("城镇登记失业率控制在4.5%以内。", doc="x.txt")]
[4.5]
"""

from luoshi.domain.statement import FIELDS, Modality, Statement
from luoshi.extract.statements import extract_statements

__all__ = ["FIELDS", "Modality", "Statement", "extract_statements"]
