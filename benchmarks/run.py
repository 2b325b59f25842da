#!/usr/bin/env python3
"""Time okr's commands on examples/acme and on a large generated workspace; print a Markdown table.

    python benchmarks/run.py [--repeat 5] [--okr .venv/bin/okr]

Each figure is the median wall time of --repeat runs of the real command (a new
process each time, so startup counts) and the peak resident memory of the
slowest run. Nothing here is a pass/fail test: see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(command: list[str], cwd: Path, repeat: int) -> tuple[float, float]:
    """(median seconds, peak MB) of running `command` `repeat` times."""
    times, peak = [], 0.0
    env = {**os.environ, "NO_COLOR": "1", "OKR_TODAY": "2026-12-15", "COLUMNS": "120"}
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed: {result.stderr}")
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, before / 1024)
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--okr", default=str(ROOT / ".venv" / "bin" / "okr"))
    args = parser.parse_args()
    okr = args.okr
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(big)], check=True,
                       stdout=subprocess.DEVNULL)
        cases = [
            ("okr --help", [okr, "--help"], ROOT),
            ("okr lint (acme)", [okr, "lint"], ROOT / "examples" / "acme"),
            ("okr report (acme)", [okr, "report"], ROOT / "examples" / "acme"),
            ("okr checkin --dry-run (acme)", [okr, "checkin", "activation-rate", "40", "--dry-run"],
             ROOT / "examples" / "acme"),
            ("okr lint (large)", [okr, "lint"], big),
            ("okr lint 1 team file (large)", [okr, "lint", "2026-Q4/team-ah.yaml"], big),
            ("okr report --format json (large)", [okr, "report", "--format", "json"], big),
            ("okr report (large)", [okr, "report"], big),
            ("okr checkin --dry-run (large)", [okr, "checkin", "team-001-o1-kr1", "40", "--dry-run"], big),
        ]
        print("| command | median | peak memory |")
        print("|---|--:|--:|")
        for name, command, cwd in cases:
            seconds, peak = measure(command, cwd, args.repeat)
            print(f"| `{name}` | {seconds * 1000:.0f} ms | {peak:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
