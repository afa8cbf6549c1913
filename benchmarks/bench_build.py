#!/usr/bin/env python3
"""How long ``python make.py book`` takes: clean, after a markdown edit, after a code edit.

    .venv/bin/python benchmarks/bench_build.py [--keep DIR] [--chapter chapters/04_learning_rate.ipynb]

Works on a copy of the project in a temporary folder (your tree and its ``_build`` are not
touched; the copy uses this project's ``.venv`` through a symbolic link), and times:

1. a clean build (no ``_build``, so no execution cache): goal ≤ 45 s on 2 cores;
2. the rebuild after editing one markdown cell of one chapter: goal ≤ 15 s (nothing is
   executed again: jupyter-cache hashes only code cells);
3. the rebuild after editing one code cell of that chapter (that notebook alone runs again);
4. the rebuild after touching a gdkit file (everything runs again: the cache is keyed on gdkit).

Prints each time against its goal as a ratio (≤ 1 meets it) and which notebooks were executed.
It never fails on time: timings depend on the machine and on what else runs, so they are for
reading, not for CI.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns("_build", ".venv", ".venv-lower", ".git", "artifacts",
                                "__pycache__", ".ipynb_checkpoints", ".jupyter_cache")


def build(copy: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "make.py", "book"], cwd=copy, capture_output=True,
                         text=True)
    seconds = time.perf_counter() - start
    text = out.stdout + out.stderr
    if out.returncode != 0:
        print(text[-3000:])
    return seconds, out.returncode, text


def executed(log: str) -> str:
    found = re.findall(r"execute_book: +[\d.]+ s +(\S+)", log)
    note = f"{len(found)} notebook(s) executed" + (f" ({', '.join(found[:3])}"
                                                   f"{', …' if len(found) > 3 else ''})" if found else "")
    wall = re.search(r"executed \d+ notebook\(s\) in ([\d.]+) s", log)
    if wall:
        note += f" in {float(wall.group(1)):.0f} s"
    return note + ("; re-read every page" if " --all" in log else "; re-read changed pages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", default="chapters/04_learning_rate.ipynb")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument("--skip-gdkit", action="store_true", help="skip step 4")
    args = parser.parse_args(argv)
    import nbformat

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="gd-bench-build-"))
    copy = tmp / "book"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ROOT, copy, ignore=IGNORE, symlinks=True)
    os.symlink(ROOT / ".venv", copy / ".venv")
    print(f"copy of the project in {copy} ({os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f})", flush=True)
    rows = []

    t, code, log = build(copy)
    rows.append(("clean build", t, 45.0, code, executed(log)))
    print(f"  {rows[-1]}", flush=True)

    chapter = copy / args.chapter
    nb = nbformat.read(chapter, as_version=4)
    md = next(c for c in nb.cells if c.cell_type == "markdown")
    md.source += "\n\nA sentence added by bench_build.py."
    nbformat.write(nb, chapter)
    t, code, log = build(copy)
    html = (copy / "_build" / "html" / args.chapter.replace(".ipynb", ".html")).read_text()
    ok = "A sentence added by bench_build.py." in html
    rows.append(("after a markdown edit", t, 15.0, code, executed(log) + ("" if ok else
                                                                         "; EDIT NOT IN PAGE")))
    print(f"  {rows[-1]}", flush=True)

    nb = nbformat.read(chapter, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "remove-cell" not in
                c.metadata.get("tags", []))
    cell.source += "\npass  # bench_build.py"
    nbformat.write(nb, chapter)
    t, code, log = build(copy)
    rows.append(("after a code edit", t, None, code, executed(log)))
    print(f"  {rows[-1]}", flush=True)

    if not args.skip_gdkit:
        init = copy / "gdkit" / "__init__.py"
        init.write_text(init.read_text() + "\n# touched by bench_build.py\n")
        t, code, log = build(copy)
        rows.append(("after a gdkit edit", t, None, code, executed(log)))
        print(f"  {rows[-1]}", flush=True)

    print("\nmake.py book timings")
    for name, seconds, goal, code, note in rows:
        ratio = f"goal ≤ {goal:.0f} s: ratio {seconds / goal:.2f}" if goal else "(no goal)"
        status = "" if code == 0 else f"  FAILED (exit {code})"
        print(f"  {name:24s} {seconds:6.1f} s  {ratio:24s} {note}{status}")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
