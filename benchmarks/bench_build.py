#!/usr/bin/env python3
"""How long ``python make.py book`` takes: clean, after a markdown edit, after a code edit.

    .venv/bin/python benchmarks/bench_build.py [--keep DIR] [--chapter chapters/04_learning_rate.ipynb]
        [--sphinx-jobs N] [--skip-gdkit] [--checks]

Works on a copy of the project in a temporary folder (your tree and its ``_build`` are not
touched; the copy uses this project's ``.venv`` through a symbolic link), and times:

1. a clean build (no ``_build``, so no execution cache): goal ≤ 45 s on 2 cores;
2. the rebuild after editing one markdown cell of one chapter: goal ≤ 15 s (nothing is
   executed again: jupyter-cache hashes only code cells);
3. the rebuild after editing one code cell of that chapter (that notebook alone runs again);
4. the rebuild after touching a gdkit file (everything runs again: the cache is keyed on gdkit).

Prints each time against its goal as a ratio (≤ 1 meets it), a reference time for this
machine and interpreter (``reference_seconds``; see benchmarks/README.md), the load average
before and after, which notebooks were executed, and make.py's own split of the time
(execution, Sphinx, postprocessing, flashcards). It never fails on time: timings depend on the
machine and on what else runs, so they are for reading, not for CI. ``--sphinx-jobs`` sets
``GD_SPHINX_JOBS`` (Sphinx's processes; make.py's default is 1).

``--checks`` then checks the build's guarantees on the same copy (these do fail, exit 1): after
the gdkit edit every notebook was executed again; a cell that raises fails the build; a
reference to a missing label (a Sphinx warning) fails the build; and once both are undone the
build passes again.
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


def build(copy: Path, env: dict[str, str] | None = None) -> tuple[float, int, str, str]:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    # the copy borrows this checkout's .venv (make.py installs nothing into a borrowed one), and
    # its notebooks import the copy's gdkit
    env = {**(env if env is not None else os.environ), "PYTHONPATH": str(copy)}
    out = subprocess.run([sys.executable, "make.py", "book"], cwd=copy, capture_output=True,
                         text=True, env=env)
    seconds = time.perf_counter() - start
    text = out.stdout + out.stderr
    return seconds, out.returncode, text, f"load {load:.1f}→{os.getloadavg()[0]:.1f}"


def reference_seconds() -> float:
    """Best of three timings, each in a fresh interpreter, of ten million additions in a Python
    loop: this machine's single-thread Python speed, to report with a build time."""
    code = ("import time\nt = time.perf_counter()\ns = 0\nfor i in range(10_000_000):\n"
            "    s += i\nprint(time.perf_counter() - t)")
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, check=True).stdout) for _ in range(3))


def executed(log: str) -> str:
    found = re.findall(r"execute_book: +[\d.]+ s +(\S+)", log)
    note = f"{len(found)} notebook(s) executed" + (f" ({', '.join(found[:3])}"
                                                   f"{', …' if len(found) > 3 else ''})" if found else "")
    wall = re.search(r"executed \d+ notebook\(s\) in ([\d.]+) s", log)
    if wall:
        note += f" in {float(wall.group(1)):.0f} s"
    note += "; re-read every page" if " --all" in log else "; re-read changed pages"
    phases = re.search(r"Build time: \d+ s \((.*)\)", log)
    return note + (f"; {phases.group(1)}" if phases else "")


def n_executed(log: str) -> int:
    return len(re.findall(r"execute_book: +[\d.]+ s +(\S+)", log))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapter", default="chapters/04_learning_rate.ipynb")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    parser.add_argument("--skip-gdkit", action="store_true", help="skip step 4")
    parser.add_argument("--sphinx-jobs", type=int, help="GD_SPHINX_JOBS for make.py")
    parser.add_argument("--checks", action="store_true",
                        help="then check that a failing cell and a warning fail the build")
    args = parser.parse_args(argv)
    import nbformat

    env = dict(os.environ)
    if args.sphinx_jobs:
        env["GD_SPHINX_JOBS"] = str(args.sphinx_jobs)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="gd-bench-build-"))
    copy = tmp / "book"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ROOT, copy, ignore=IGNORE, symlinks=True)
    os.symlink(ROOT / ".venv", copy / ".venv")
    reference = reference_seconds()
    print(f"copy of the project in {copy} ({os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f}, Sphinx jobs {args.sphinx_jobs or 'make.py default'})",
          flush=True)
    rows = []
    problems = []

    def step(name: str, goal: float | None) -> str:
        t, code, log, load = build(copy, env)
        if code != 0:
            print(log[-3000:])
        rows.append((name, t, goal, code, load, executed(log)))
        print(f"  {rows[-1]}", flush=True)
        return log

    step("clean build", 45.0)

    chapter = copy / args.chapter
    nb = nbformat.read(chapter, as_version=4)
    md = next(c for c in nb.cells if c.cell_type == "markdown")
    md.source += "\n\nA sentence added by bench_build.py."
    nbformat.write(nb, chapter)
    step("after a markdown edit", 15.0)
    html = (copy / "_build" / "html" / args.chapter.replace(".ipynb", ".html")).read_text()
    if "A sentence added by bench_build.py." not in html:
        problems.append("the markdown edit is not in the built page")

    nb = nbformat.read(chapter, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "remove-cell" not in
                c.metadata.get("tags", []))
    cell.source += "\npass  # bench_build.py"
    nbformat.write(nb, chapter)
    log = step("after a code edit", None)
    if n_executed(log) != 1:
        problems.append(f"a code edit of one chapter executed {n_executed(log)} notebooks, not 1")

    names = re.findall(r"^\s*(?:-\s*)?(?:file|root):\s*(\S+)", (copy / "_toc.yml").read_text(),
                       re.MULTILINE)
    n_notebooks = sum((copy / f"{name}.ipynb").is_file() for name in names)
    if not args.skip_gdkit:
        init = copy / "gdkit" / "__init__.py"
        init.write_text(init.read_text() + "\n# touched by bench_build.py\n")
        log = step("after a gdkit edit", None)
        if n_executed(log) != n_notebooks:
            problems.append(f"after a gdkit edit {n_executed(log)} of the toc's {n_notebooks} "
                            "notebooks were executed")

    if args.checks:
        saved = chapter.read_text(encoding="utf8")
        nb = nbformat.read(chapter, as_version=4)
        cell = next(c for c in nb.cells if c.cell_type == "code" and "remove-cell" not in
                    c.metadata.get("tags", []))
        cell.source += "\nraise RuntimeError('broken by bench_build.py')"
        nbformat.write(nb, chapter)
        t, code, log, load = build(copy, env)
        print(f"  a failing cell: exit {code} after {t:.0f} s ({load})", flush=True)
        if code == 0 or "broken by bench_build.py" not in log:
            problems.append("a failing cell did not fail the build (or its error was not shown)")
        chapter.write_text(saved, encoding="utf8")

        nb = nbformat.read(chapter, as_version=4)
        md = next(c for c in nb.cells if c.cell_type == "markdown")
        md.source += "\n\nSee {ref}`no-such-label-bench-build`."
        nbformat.write(nb, chapter)
        t, code, log, load = build(copy, env)
        print(f"  a warning (missing reference): exit {code} after {t:.0f} s ({load})",
              flush=True)
        if code == 0 or "no-such-label-bench-build" not in log:
            problems.append("a Sphinx warning did not fail the build")
        t, code, log, load = build(copy, env)
        print(f"  the same again (the page unchanged since the failed build): exit {code} "
              f"after {t:.0f} s ({load})", flush=True)
        if code == 0:
            problems.append("a warning of an unchanged page passed the second build")
        chapter.write_text(saved, encoding="utf8")
        t, code, log, load = build(copy, env)
        print(f"  both undone: exit {code} after {t:.0f} s ({load})", flush=True)
        if code != 0:
            print(log[-3000:])
            problems.append("the build failed after undoing the broken cell and the warning")

    print("\nmake.py book timings")
    print(f"  reference time           {reference:6.2f} s  (one process, best of 3: "
          "single-thread Python speed)")
    for name, seconds, goal, code, load, note in rows:
        ratio = f"goal ≤ {goal:.0f} s: ratio {seconds / goal:.2f}" if goal else "(no goal)"
        status = "" if code == 0 else f"  FAILED (exit {code})"
        print(f"  {name:24s} {seconds:6.1f} s  {ratio:24s} {load:16s} {note}{status}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
