#!/usr/bin/env python3
"""Write a large, valid okr workspace for benchmarks.

    python benchmarks/generate.py DIR [--teams 50] [--weeks 13]

One company plan file plus one file per team in DIR/2026-Q4/, each team with
4 objectives of 4 key results aligned to a company key result, and a check-in
per key result per week in DIR/2026-Q4/checkins.yaml.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

KINDS = ("metric", "metric", "metric", "threshold")


def key_result(kr_id: str, kind: str, rng: random.Random) -> str:
    if kind == "threshold":
        return (f"      - {{id: {kr_id}, title: Keep availability of {kr_id} at or above 99.9%, at_least: 99.9,"
                " unit: '%'}\n")
    start = rng.randint(10, 1000)
    target = start + rng.randint(10, 1000)
    return (f"      - id: {kr_id}\n        title: Grow {kr_id} from {start} to {target}\n"
            f"        start: {start}\n        target: {target}\n        unit: users\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--weeks", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(42)
    root: Path = args.root
    quarter = root / "2026-Q4"
    quarter.mkdir(parents=True, exist_ok=True)
    letters = "abcdefghijklmnopqrstuvwxyz"
    teams = [f"team-{letters[t // 26 % 26]}{letters[t % 26]}" for t in range(args.teams)]  # no digits in titles
    (root / "okr.yaml").write_text("organization: Bench Corp\nteams:\n" +
                                   "".join(f"  - {{id: {t}}}\n" for t in teams))
    company = ["quarter: 2026-Q4\nobjectives:\n"]
    company_krs = []
    for c in range(5):
        company.append(f"  - id: company-{c}\n    title: Company objective {letters[c]}\n    owner: ceo\n"
                       "    key_results:\n")
        for k in range(4):
            kr_id = f"company-{c}-kr-{k}"
            company_krs.append(kr_id)
            company.append(f"      - {{id: {kr_id}, title: Teams move company result {c}-{k}, measured_by: aligned,"
                           " owner: ceo}\n")
    (quarter / "company.yaml").write_text("".join(company))
    metrics: list[tuple[str, str]] = []
    for t, team in enumerate(teams):
        text = ["quarter: 2026-Q4\nobjectives:\n"]
        for o in range(4):
            text.append(f"  - id: {team}-o{o}\n    title: Objective {letters[o]} of {team}\n    owner: owner-{t}-{o}\n"
                        f"    team: {team}\n    aligns_to: {company_krs[(t * 4 + o) % len(company_krs)]}\n"
                        "    key_results:\n")
            for k in range(4):
                kr_id = f"{team}-o{o}-kr{k}"
                kind = KINDS[k]
                metrics.append((kr_id, kind))
                text.append(key_result(kr_id, kind, rng))
        (quarter / f"{team}.yaml").write_text("".join(text))
    lines = ["# Check-ins for 2026-Q4\n"]
    for week in range(args.weeks):
        day = (dt.date(2026, 10, 5) + dt.timedelta(days=7 * week)).isoformat()
        for kr_id, kind in metrics:
            value = round(rng.uniform(99.5, 100), 2) if kind == "threshold" else rng.randint(10, 2000)
            record = {"date": day, "kr": kr_id, "value": value, "confidence": round(rng.random(), 1), "by": "bench"}
            lines.append("- " + json.dumps(record) + "\n")
    (quarter / "checkins.yaml").write_text("".join(lines))
    print(f"{root}: {args.teams} teams, {len(metrics) + len(company_krs)} key results, {len(lines) - 1} check-ins")


if __name__ == "__main__":
    main()
