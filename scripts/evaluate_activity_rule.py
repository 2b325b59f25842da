#!/usr/bin/env python3
"""Measure `activity-key-result` on labelled, published key results.

    python scripts/evaluate_activity_rule.py [TSV] [--misses]

TSV columns: text, label (activity | outcome | unclear), source. `unclear`
rows are ignored. Prints recall on activity rows and precision (flagged
outcome rows count against it); --misses lists what the rule gets wrong.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from okr.activity import classify

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "key-results-dev.tsv"


def evaluate(path: Path) -> tuple[float, float, list[str], list[str]]:
    """(recall, precision, missed activity rows, flagged outcome rows)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    activity = [t for t, label in rows if label == "activity"]
    outcome = [t for t, label in rows if label == "outcome"]
    missed = [t for t in activity if classify(t) is None]
    false_flags = [t for t in outcome if classify(t) is not None]
    caught = len(activity) - len(missed)
    recall = caught / len(activity) if activity else 0.0
    precision = caught / (caught + len(false_flags)) if caught + len(false_flags) else 0.0
    return recall, precision, missed, false_flags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tsv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--misses", action="store_true", help="list the rows the rule gets wrong")
    args = parser.parse_args()
    recall, precision, missed, false_flags = evaluate(args.tsv)
    print(f"recall    {recall:.3f}  (activity rows flagged)")
    print(f"precision {precision:.3f}  (flagged rows that are activity)")
    if args.misses:
        print(f"\nmissed activity ({len(missed)}):")
        print("\n".join(f"  {t}" for t in missed))
        print(f"\nflagged outcomes ({len(false_flags)}):")
        print("\n".join(f"  {t}" for t in false_flags))
    return 0


if __name__ == "__main__":
    sys.exit(main())
