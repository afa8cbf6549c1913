#!/usr/bin/env python3
"""Page weight: the bytes a first visit to each page of the built book decodes, and when its
math is on screen.

    .venv/bin/python benchmarks/bench_pages.py [--html DIR] [--html OTHER_DIR] [--goal-mb 1.5]
                                               [PAGE ...]

Each page of ``_toc.yml`` (and ``search.html``) is served from 127.0.0.1 and opened in a fresh
headless chromium context (empty cache, as a first visit), exactly as the browser tests do
(``tests/browser``). Every response's decoded body is summed once the page has loaded and its
math is on screen, after one more second for late requests (web fonts, the search index).

Time until math is on screen, in ms after navigation start:

* with MathJax (the book before issue #14): when MathJax's startup promise resolves, i.e. every
  formula typeset;
* with math rendered at build time (MathML, ``scripts/postprocess_html.py``): the first
  contentful paint, or, if later, the end of the math font's download (``font-display: swap``
  shows the formulas at first paint already, in a fallback font until then).

Prints, per page, the total in MB (marked ``over`` when above the goal), the time to math and
the largest responses; then every chapter against the goal and the heaviest as a ratio (≤ 1
meets it). With two ``--html`` builds (say the book before and after a change) it prints both
columns side by side. It prints numbers and never fails: it is for reading, not for CI (the
browser tests check the goal from the files themselves: tests/browser/test_pages.py). Needs the
test extra (Playwright) and /usr/bin/chromium.
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
  const hasMath = document.querySelectorAll('.math').length > 0;
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    return {ms: performance.now(), how: 'MathJax', hasMath};
  }
  await document.fonts.ready;
  const paint = performance.getEntriesByType('paint')
    .find(e => e.name === 'first-contentful-paint');
  const font = performance.getEntriesByType('resource')
    .filter(e => /gd-math\\.(woff2?|css)/.test(e.name)).map(e => e.responseEnd);
  return {ms: Math.max(paint ? paint.startTime : 0, ...font), how: 'MathML', hasMath};
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
    math = page.evaluate(MATH_ON_SCREEN)
    page.wait_for_timeout(1000)
    wall = time.perf_counter() - start
    context.close()
    return {"path": path, "bytes": sum(sizes.values()), "sizes": sizes,
            "math_ms": math["ms"] if math["hasMath"] else None, "how": math["how"],
            "wall": wall}


def run(html: Path, pages: list[str], top: int, goal: float) -> list[dict]:
    from playwright.sync_api import sync_playwright

    print(f"\n{html}")
    results = []
    with serve(html) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in pages:
            r = measure(browser, base, path)
            results.append(r)
            largest = sorted(r["sizes"].items(), key=lambda kv: -kv[1])[:top]
            tops = ", ".join(f"{u.rsplit('/', 1)[-1].split('?')[0][:24]} {n / 1e6:.2f}"
                             for u, n in largest)
            math = (f"math {r['math_ms']:5.0f} ms ({r['how']})" if r["math_ms"] is not None
                    else "no math" + " " * 18)
            flag = "over" if r["bytes"] / 1e6 > goal else "    "
            print(f"{r['bytes'] / 1e6:6.2f} MB {flag} {math}  {path:50s} [{tops}]", flush=True)
        browser.close()
    return results


def summary(results: list[dict], goal: float) -> None:
    chapters = [r for r in results if r["path"].startswith("chapters/")] or results
    over = [r for r in chapters if r["bytes"] / 1e6 > goal]
    worst = max(chapters, key=lambda r: r["bytes"])
    print(f"chapters within {goal} MB: {len(chapters) - len(over)} of {len(chapters)}; "
          f"heaviest {worst['path']} {worst['bytes'] / 1e6:.2f} MB decoded: ratio "
          f"{worst['bytes'] / 1e6 / goal:.2f} ({'meets' if not over else 'misses'} the goal)")
    maths = sorted(r["math_ms"] for r in chapters if r["math_ms"] is not None)
    if maths:
        print(f"math on screen (chapters): median {maths[len(maths) // 2]:.0f} ms, "
              f"max {maths[-1]:.0f} ms after navigation start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, action="append",
                        help=f"a built book (default {BOOK_HTML}); twice to compare two builds")
    parser.add_argument("--goal-mb", type=float, default=1.5)
    parser.add_argument("--top", type=int, default=3, help="largest responses shown per page")
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args(argv)
    builds = args.html or [BOOK_HTML]
    pages = args.pages or [*toc_pages(), "search.html"]
    runs = [run(html, pages, args.top, args.goal_mb) for html in builds]
    for html, results in zip(builds, runs):
        print(f"\n{html}:")
        summary(results, args.goal_mb)
    if len(runs) == 2:
        print(f"\n{'page':50s} {'MB':>6s} {'MB':>6s}  {'math ms':>7s} {'math ms':>7s}")
        for a, b in zip(*runs):
            ms = [f"{r['math_ms']:7.0f}" if r["math_ms"] is not None else "      -" for r in (a, b)]
            print(f"{a['path']:50s} {a['bytes'] / 1e6:6.2f} {b['bytes'] / 1e6:6.2f}  "
                  f"{ms[0]} {ms[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
