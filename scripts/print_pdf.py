#!/usr/bin/env python3
"""Print the revision part of the built book to PDF, with its equations typeset.

    python make.py book               # build the HTML book first (_build/html)
    python scripts/print_pdf.py       # then print it

writes

* ``_build/pdf/cheat_sheet.pdf``: the cheat sheet alone (at most two A4 pages);
* ``_build/pdf/revision.pdf``: every page of the "Exam revision" part of ``_toc.yml``, in order,
  merged into one file with ``pdfunite`` (Debian package ``poppler-utils``), with the hidden
  answers of the exercises and dropdowns opened (``--hide-answers`` keeps them closed).

With ``--book`` it prints the whole book instead: every page of ``_toc.yml`` in order, the
explorers at their default position, solutions and dropdowns expanded, code wrapped at the
margin, into ``_build/pdf/gradient-descent.pdf`` (``python make.py pdf`` runs this and also
zips the HTML site into ``_build/gradient-descent-html.zip``).

Each page is served from a local HTTP server (127.0.0.1), opened in Debian's headless Chromium
(``/usr/bin/chromium``, driven by Playwright), and printed with ``page.pdf()`` once its fonts have
loaded (its formulas are MathML from the build), using the book's print style sheet (``book/static/gd-print.css``).
Options: ``--html DIR`` (default ``$GD_BOOK_HTML`` or ``_build/html``), ``--out DIR``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REVISION_CAPTION = "Exam revision"
CHEAT_SHEET = "chapters/revision/cheat_sheet.html"

# True once the page's math can print: formulas are MathML written when the book is built
# (scripts/postprocess_html.py); wait for the fonts, then check that no formula is left as TeX
# (true on a page without math). The name is kept from when MathJax typeset the pages.
WAIT_FOR_MATHJAX = """async () => {
  await document.fonts.ready;
  return [...document.querySelectorAll('span.math, div.math')]
    .every(m => m.querySelector(':scope > math') !== null);
}"""

# Opens what the reader would click open: sphinx-togglebutton's hidden admonitions (exercise
# solutions with `:class: dropdown`) and <details> blocks (sphinx-design dropdowns).
SHOW_ANSWERS = """() => {
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  document.querySelectorAll('.toggle-button-hidden')
          .forEach(e => e.classList.remove('toggle-button-hidden'));
  document.querySelectorAll('details').forEach(d => { d.open = true; });
}"""


def default_html_dir() -> Path:
    return Path(os.environ.get("GD_BOOK_HTML", ROOT / "_build" / "html")).resolve()


def book_pages(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Every page of the toc, root first, in reading order."""
    import yaml

    def files(entries: list[dict]) -> list[str]:
        out = []
        for entry in entries:
            if "file" in entry:
                out.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                out.extend(files(entry.get(key, [])))
        return out

    data = yaml.safe_load(toc.read_text(encoding="utf8"))
    return [f"{name}.html" for name in [data["root"], *files([data])]]


def revision_pages(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """The HTML pages of the "Exam revision" part of the toc, in order."""
    import yaml

    data = yaml.safe_load(toc.read_text(encoding="utf8"))
    for part in data.get("parts", []):
        if part.get("caption") == REVISION_CAPTION:
            return [f"{entry['file']}.html" for entry in part.get("chapters", [])]
    raise ValueError(f"{toc} has no part captioned {REVISION_CAPTION!r}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(html_dir: Path) -> Iterator[str]:
    """Serve ``html_dir`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def print_pages(
    html_dir: Path,
    pages: list[str],
    out_dir: Path,
    show_answers: bool = False,
    inspect: Callable | None = None,
    width: int | None = None,
) -> list[Path]:
    """Print each page (a path relative to ``html_dir``) to ``out_dir/<name>.pdf``.

    ``inspect(page, path)``, if given, is called on each page in print media just before it
    is printed (the tests read the printed DOM there, in the same visit); ``width`` sets the
    viewport's width in CSS px, the layout ``inspect`` sees (``page.pdf`` lays the page out
    again at the paper size).
    """
    from playwright.sync_api import sync_playwright

    html_dir = Path(html_dir)
    missing = [p for p in pages if not (html_dir / p).is_file()]
    if missing:
        raise FileNotFoundError(
            f"not in the built book {html_dir}: {missing}; build it first (python make.py book)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(html_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": 1100} if width else None
            )
            # Print in light mode whatever the reader's last choice was.
            context.add_init_script(
                "localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');"
            )
            page = context.new_page()
            for path in pages:
                page.goto(base + path, wait_until="load")
                if not page.evaluate(WAIT_FOR_MATHJAX):
                    raise RuntimeError(f"{path}: a formula is still TeX, not MathML: run "
                                       "scripts/postprocess_html.py on the build")
                if show_answers:
                    page.evaluate(SHOW_ANSWERS)
                page.emulate_media(media="print")
                if inspect is not None:
                    inspect(page, path)
                target = out_dir / (Path(path).stem + ".pdf")
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=False)
                written.append(target)
        finally:
            browser.close()
    return written


def merge(pdfs: list[Path], target: Path) -> Path:
    """Concatenate PDFs with pdfunite (poppler-utils)."""
    if shutil.which("pdfunite") is None:
        raise RuntimeError("pdfunite not found: install poppler-utils (apt-get install poppler-utils)")
    if len(pdfs) == 1:
        shutil.copyfile(pdfs[0], target)
    else:
        subprocess.run(["pdfunite", *map(str, pdfs), str(target)], check=True)
    return target


def page_count(pdf: Path) -> int:
    """The number of pages of a PDF, from pdfinfo (poppler-utils)."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise RuntimeError(f"pdfinfo did not report a page count for {pdf}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=default_html_dir(),
                        help="the built book (default: $GD_BOOK_HTML or _build/html)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf",
                        help="where the PDFs go (default: _build/pdf)")
    parser.add_argument("--book", action="store_true",
                        help="print the whole book into gradient-descent.pdf instead")
    parser.add_argument("--hide-answers", action="store_true",
                        help="keep the exercises' answers folded in revision.pdf")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"error: no built book in {args.html}: run `python make.py book` first",
              file=sys.stderr)
        return 1
    problems = []
    try:
        import playwright  # noqa: F401
    except ImportError:
        problems.append("Playwright is missing: pip install playwright (or pip install -e .[test])")
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} is missing: apt-get install chromium")
    if shutil.which("pdfunite") is None or shutil.which("pdfinfo") is None:
        problems.append("pdfunite/pdfinfo are missing: apt-get install poppler-utils")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    if args.book:
        printed = print_pages(args.html, book_pages(), args.out / "book-pages",
                              show_answers=not args.hide_answers)
        whole = merge(printed, args.out / "gradient-descent.pdf")
        print(f"{whole}: {page_count(whole)} pages ({len(printed)} pages of the book)")
        return 0
    pages = revision_pages()
    parts = args.out / "pages"
    (cheat,) = print_pages(args.html, [CHEAT_SHEET], args.out)
    printed = print_pages(args.html, pages, parts, show_answers=not args.hide_answers)
    revision = merge(printed, args.out / "revision.pdf")
    print(f"{cheat}: {page_count(cheat)} pages")
    print(f"{revision}: {page_count(revision)} pages ({len(printed)} pages of the book)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
