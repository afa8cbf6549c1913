#!/usr/bin/env python3
"""The core loop (bench_core.py) and the book build (bench_build.py) in one run, then their
goals (issue #13) in one table: each measurement, its goal, and whether it meets it.

    .venv/bin/python benchmarks/bench_all.py [--core-python PYTHON] [--skip-build]

``--core-python`` runs bench_core.py with another interpreter, one that has torch for the
comparisons with ``torch.optim.Adam`` (gdkit comes from this checkout either way). Like the
scripts it runs, it prints and never fails on time: timings depend on the machine and on what
else runs.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: (label, pattern in the scripts' output giving the measured value, goal text, meets(value))
GOALS = [
    ("minimize / same-f hand loop (GD, 10,000 steps)", r"machinery ratio\s+([\d.]+)x",
     "≤ 1.2×", lambda v: v <= 1.2),
    ("torch.optim.Adam / gdkit Adam, whole loop", r"whole loop.*?gdkit is\s+([\d.]+)x",
     "≥ 20×", lambda v: v >= 20),
    ("torch.optim.Adam / gdkit Adam, update only", r"update only.*?gdkit is\s+([\d.]+)x",
     "(reported)", None),
    ("256 single runs / minimize_batch (Adam, 2,000 steps)", r"batch is\s+([\d.]+)x faster \(",
     "≥ 50×", lambda v: v >= 50),
    ("reference time, seconds (single-thread Python speed)",
     r"reference time\s+([\d.]+) s", "(reported)", None),
    ("clean book build, seconds", r"clean build\s+([\d.]+) s", "≤ 45 s", lambda v: v <= 45),
    ("rebuild after a markdown edit, seconds", r"after a markdown edit\s+([\d.]+) s",
     "≤ 15 s", lambda v: v <= 15),
]


def run(cmd: list[str], env: dict[str, str] | None = None) -> str:
    print("+ " + " ".join(cmd), flush=True)
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    text = out.stdout + out.stderr
    print(text, flush=True)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--core-python", default=sys.executable,
                        help="interpreter for bench_core.py (one with torch, for part b)")
    parser.add_argument("--skip-build", action="store_true", help="only the core loop")
    args = parser.parse_args(argv)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    text = run([args.core_python, str(HERE / "bench_core.py")], env)
    if not args.skip_build:
        text += run([sys.executable, str(HERE / "bench_build.py"), "--skip-gdkit"])

    print("Issue #13's goals")
    for label, pattern, goal, meets in GOALS:
        found = re.search(pattern, text, re.S)
        if not found:
            print(f"  {label:55s} {'not measured':>10s}   goal {goal}")
            continue
        value = float(found.group(1))
        verdict = "" if meets is None else ("meets" if meets(value) else "misses")
        print(f"  {label:55s} {value:10.2f}   goal {goal:10s} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
