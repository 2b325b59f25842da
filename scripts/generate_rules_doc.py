#!/usr/bin/env python3
"""Write docs/rules.md from the rule registry, with the activity rule's figures on the labelled dev set.

    python scripts/generate_rules_doc.py          # rewrite docs/rules.md
    python scripts/generate_rules_doc.py --check  # exit 1 if docs/rules.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from evaluate_activity_rule import DEFAULT, evaluate  # noqa: E402

from okr.lint import rules_markdown  # noqa: E402

TARGET = ROOT / "docs" / "rules.md"


def render() -> str:
    recall, precision, missed, false_flags = evaluate(DEFAULT)
    figures = (
        f"Measured with `python scripts/evaluate_activity_rule.py` on `tests/data/key-results-dev.tsv`, "
        f"real published key results labelled activity / outcome / unclear (unclear rows ignored): "
        f"**recall {recall:.3f}** on activity rows ({len(missed)} missed) and **precision {precision:.3f}** "
        f"({len(false_flags)} outcome rows flagged)."
    )
    return rules_markdown(figures)


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/rules.md is out of date: run python scripts/generate_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
