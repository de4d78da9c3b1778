"""Speed of ``luoshi.extract`` on a few MB of real Chinese text, against JioNLP's ``extract_money``.

The text is the two seed newspaper pages and the written report texts of tests/golden (its manifest),
concatenated and repeated to about 3.5 MB of UTF-8. Both extractors read the same text in the same run; each is timed as
the best of ``--repeat`` runs on one core. JioNLP is the optional extra ``bench``
(``pip install -e '.[bench]'``); without it the baseline is a single precompiled money regex, and the
RESULT line says which baseline was used.

Usage: ``python benchmarks/extract.py [--mb 3.5] [--repeat 3]``; the last line is
``RESULT chars_per_s=... mb_per_s=... figures=... baseline=... baseline_chars_per_s=... ratio=...``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from luoshi.extract import extract_statements

ROOT = Path(__file__).resolve().parents[1]
#: every text of the gold set (the seed pages and the written report texts)
MANIFEST = ROOT / "tests" / "golden" / "manifest.json"
SOURCES = [ROOT / entry["text"] for entry in json.loads(MANIFEST.read_text(encoding="utf-8"))]

#: the fallback baseline: one precompiled regex for amounts of money ("394.5亿元", "3.17亿元")
_MONEY = re.compile(r"\d+(?:\.\d+)?(?:万亿|亿|千万|百万|万|千)?(?:元|美元)")


def corpus(megabytes: float) -> str:
    unit = "\n\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    copies = max(1, round(megabytes * 1e6 / len(unit.encode("utf-8"))))
    return "\n\n".join([unit] * copies)


def best_time(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.5, help="size of the text in MB of UTF-8")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = corpus(args.mb)
    size_mb = len(text.encode("utf-8")) / 1e6
    print(f"text: {len(text):,} characters, {size_mb:.2f} MB UTF-8")

    seconds, found = best_time(lambda: extract_statements(text, doc="bench", doc_year=2021), args.repeat)
    figures = len(found) if isinstance(found, list) else 0
    chars_per_s = len(text) / seconds
    print(
        f"luoshi.extract: {seconds:.2f} s, {chars_per_s:,.0f} chars/s, {size_mb / seconds:.2f} MB/s, {figures} figures"
    )

    try:
        import jionlp  # type: ignore[import-not-found]

        baseline = "jionlp.extract_money"
        extract_money = jionlp.ner.extract_money
        base_seconds, money = best_time(lambda: extract_money(text), args.repeat)
    except ImportError:
        baseline = "money_regex"
        base_seconds, money = best_time(lambda: _MONEY.findall(text), args.repeat)
    amounts = len(money) if isinstance(money, list) else 0
    base_chars_per_s = len(text) / base_seconds
    print(f"{baseline}: {base_seconds:.2f} s, {base_chars_per_s:,.0f} chars/s, {amounts} amounts of money")
    print(
        f"RESULT chars_per_s={chars_per_s:.0f} mb_per_s={size_mb / seconds:.2f} figures={figures} "
        f"baseline={baseline} baseline_chars_per_s={base_chars_per_s:.0f} ratio={chars_per_s / base_chars_per_s:.2f}"
    )


if __name__ == "__main__":
    main()
