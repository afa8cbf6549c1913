"""Benchmark the explorers: live update time, static payload, chapter page sizes.

Prints numbers and ratios against the goals; it never fails (goals are not tests):

* live update (compute + draw + SVG) ≤ 30 ms median per explorer;
* static payload ≤ 100 KB per explorer;
* built chapter pages ≤ 1.5 MB.

Run from the repository root, after ``python make.py book`` for the page sizes::

    .venv/bin/python benchmarks/bench_explorers.py [chapters/04_learning_rate.ipynb ...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS, GOAL_KB, PAGE_GOAL_MB = 30.0, 100.0, 1.5

REPORT_CELL = """
import json as _json
from gdkit.pictures.explorer import created as _created
print("GDX-REPORT" + _json.dumps([
    {"name": repr(e), "frames": len(e.frames()), "kb": len(e.to_html().encode()) / 1e3,
     "ms": 1e3 * e.update_seconds()}
    for e in _created()
]))
"""


def explorer_report(path: Path) -> list[dict]:
    """Run a chapter with one extra cell that measures every explorer it created."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_CELL))
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    for output in nb.cells[-1].outputs:
        text = output.get("text", "")
        if "GDX-REPORT" in text:
            return json.loads(text.split("GDX-REPORT", 1)[1])
    return []


def page_bytes(page: Path) -> int:
    """A built page with the images it shows (what a reader downloads, MathJax aside)."""
    html = page.read_text(encoding="utf8")
    images = set(re.findall(r'<img[^>]+src="([^"]+)"', html))
    return page.stat().st_size + sum(
        (page.parent / src).stat().st_size for src in images if (page.parent / src).exists()
    )


def main(paths: list[str]) -> None:
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "chapters").glob("[0-9]*.ipynb"))
    print(f"{'explorer':60s} {'frames':>6s} {'KB':>7s} {'ms':>7s}  vs goals ({GOAL_KB:g} KB, {GOAL_MS:g} ms)")
    for path in notebooks:
        print(f"-- {path.name}")
        for row in explorer_report(path):
            print(
                f"{row['name'][:60]:60s} {row['frames']:6d} {row['kb']:7.1f} {row['ms']:7.2f}"
                f"  {row['kb'] / GOAL_KB:4.2f}x  {row['ms'] / GOAL_MS:4.2f}x"
            )
    for build in (ROOT / "_build" / "html", ROOT / "_build" / "test" / "_build" / "html"):
        pages = sorted((build / "chapters").glob("*.html"))
        if pages:
            print(f"\nchapter pages with their images, {build.relative_to(ROOT)} (goal {PAGE_GOAL_MB} MB):")
            for page in pages:
                mb = page_bytes(page) / 1e6
                print(f"  {page.name:50s} {mb:6.2f} MB  {mb / PAGE_GOAL_MB:4.2f}x")
            break


if __name__ == "__main__":
    main(sys.argv[1:])
