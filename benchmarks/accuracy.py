"""Accuracy of ``luoshi.extract`` against the gold records in tests/golden (see its README).

Usage: ``python benchmarks/accuracy.py [--set seed|written|corpus|heldout|all] [-v]``.
Prints one line per document, then the totals of each set, then those of the chosen set (default: the seed pages); the
last line is ``RESULT precision=... recall=... f1=...``. With ``-v`` it lists the misses. The sets are
described in docs/extraction.md: ``heldout`` is the two national work reports that no rule was written on,
the accuracy figure; ``written`` holds texts written for luoshi (county and district phrasing), which are
development data, never the accuracy figure.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from luoshi.extract import extract_statements
from luoshi.extract.evaluation import Score, score

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "tests" / "golden" / "manifest.json"
SETS = ("seed", "written", "corpus", "heldout")


def evaluate(which: str = "seed") -> tuple[Score, list[tuple[str, Score]]]:
    entries = json.loads(MANIFEST.read_text(encoding="utf-8"))
    total = Score(0, 0, 0)
    rows = []
    for entry in entries:
        if which != "all" and entry["set"] != which:
            continue
        path = ROOT / entry["text"]
        text = path.read_text(encoding="utf-8")
        predicted = [
            s.as_record()
            for s in extract_statements(text, doc=path.name, doc_year=entry["doc_year"], region=entry["region"])
        ]
        gold = [json.loads(line) for line in (ROOT / entry["gold"]).read_text(encoding="utf-8").splitlines() if line]
        result = score(predicted, gold)
        rows.append((path.name, result))
        total = total + result
    return total, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="seed", choices=[*SETS, "all"])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    total, rows = evaluate(args.set)
    if args.set == "all":
        for which in SETS:
            part, _ = evaluate(which)
            print(f"set {which:8} P={part.precision:.3f} R={part.recall:.3f} F1={part.f1:.3f} gold={part.gold}")
    for name, result in rows:
        print(
            f"{name:40} gold={result.gold:3} predicted={result.predicted:3} matched={result.matched:3} "
            f"f1={result.f1:.3f}"
        )
        if args.verbose:
            for r in result.false_negatives:
                print(
                    f"   missed  {r['text']!s:14} {r['indicator']} {r['modality']} {r['measure']} {r['value']} "
                    f"{r['unit']} {r['year']}"
                )
            for r in result.false_positives:
                print(
                    f"   extra   {r['text']!s:14} {r['indicator']} {r['modality']} {r['measure']} {r['value']} "
                    f"{r['unit']} {r['year']}"
                )
    print(f"RESULT precision={total.precision:.3f} recall={total.recall:.3f} f1={total.f1:.3f}")


if __name__ == "__main__":
    main()
