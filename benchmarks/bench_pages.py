#!/usr/bin/env python3
"""Page weight: the bytes a first visit to each page of the built book decodes.

    .venv/bin/python benchmarks/bench_pages.py [--html DIR] [--goal-mb 1.5] [PAGE ...]

Each page of ``_toc.yml`` (and ``search.html``) is served from 127.0.0.1 and opened in a fresh
headless chromium context (empty cache, as a first visit), exactly as the browser tests do
(``tests/browser``). Every response's decoded body is summed once the page has loaded and
MathJax has typeset it, after one more second for late requests (web fonts, the search index).
Prints, per page, the total in MB and its largest responses, then the heaviest page against the
goal as a ratio (≤ 1 meets it). Also reports the time until math is on screen (MathJax's
startup promise resolved, or the first ``mjx-container`` present). It prints numbers and never
fails: it is for reading, not for CI. Needs the test extra (Playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.print_pdf import serve  # noqa: E402
from tests.browser.support import (  # noqa: E402
    BOOK_HTML,
    CHROMIUM,
    CHROMIUM_ARGS,
    toc_pages,
    watch,
)

MATH_ON_SCREEN = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  return performance.now();
}"""


def measure(browser, base: str, path: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch(page)
    sizes: dict[str, int] = {}

    def on_response(response) -> None:
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # redirects and aborted requests have no body
            pass

    page.on("response", on_response)
    start = time.perf_counter()
    page.goto(base + path, wait_until="load")
    math_ms = page.evaluate(MATH_ON_SCREEN)
    has_math = page.evaluate("document.querySelectorAll('.math').length")
    page.wait_for_timeout(1000)
    wall = time.perf_counter() - start
    context.close()
    return {"path": path, "bytes": sum(sizes.values()), "sizes": sizes,
            "math_ms": math_ms if has_math else None, "wall": wall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=BOOK_HTML)
    parser.add_argument("--goal-mb", type=float, default=1.5)
    parser.add_argument("--top", type=int, default=3, help="largest responses shown per page")
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    pages = args.pages or [*toc_pages(), "search.html"]
    results = []
    with serve(args.html) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in pages:
            r = measure(browser, base, path)
            results.append(r)
            top = sorted(r["sizes"].items(), key=lambda kv: -kv[1])[: args.top]
            tops = ", ".join(f"{u.rsplit('/', 1)[-1].split('?')[0]} {n / 1e6:.2f}" for u, n in top)
            math = f"math {r['math_ms']:5.0f} ms" if r["math_ms"] is not None else "no math    "
            print(f"{r['bytes'] / 1e6:6.2f} MB  {math}  {path:55s} [{tops}]", flush=True)
        browser.close()
    chapters = [r for r in results if r["path"].startswith("chapters/")]
    worst = max(chapters or results, key=lambda r: r["bytes"])
    maths = [r["math_ms"] for r in chapters if r["math_ms"] is not None]
    print(f"\nheaviest chapter page: {worst['path']} {worst['bytes'] / 1e6:.2f} MB decoded; "
          f"goal ≤ {args.goal_mb} MB: ratio {worst['bytes'] / 1e6 / args.goal_mb:.2f} "
          f"({'meets' if worst['bytes'] / 1e6 <= args.goal_mb else 'misses'} the goal)")
    if maths:
        maths.sort()
        print(f"math on screen (chapters): median {maths[len(maths) // 2]:.0f} ms, "
              f"max {maths[-1]:.0f} ms after navigation start")
    return 0


if __name__ == "__main__":
    sys.exit(main())
