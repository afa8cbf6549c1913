"""The whole-book PDF (``python make.py pdf`` / ``scripts/print_pdf.py --book``), issue #14.

Printed from the built book under test ($GD_BOOK_HTML or _build/html) into a temporary folder:
a plausible page count, every chapter's title in the PDF's text (pdftotext, poppler-utils),
and, in the print-media DOM at the A4 text width, no code block wider than the text block
(code wraps instead of being cut at the margin) and every formula there, drawn and whole.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import print_pdf  # noqa: E402

# A4 (210 mm) less gd-print.css's 11 mm margins, at 96 px per inch.
TEXT_WIDTH_PX = round((210 - 22) / 25.4 * 96)

OVERFLOWING_PRE = """() => [...document.querySelectorAll('.bd-article pre')]
  .filter(p => p.scrollWidth > p.clientWidth + 1)
  .map(p => p.textContent.split('\\n').sort((a, b) => b.length - a.length)[0].slice(0, 90))"""


@pytest.fixture(scope="module")
def book_html() -> Path:
    html = print_pdf.default_html_dir()
    if not (html / "index.html").is_file():
        pytest.fail(f"no built book in {html}: run `python make.py book` first")
    return html


@pytest.fixture(scope="module")
def book_pdf(book_html: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    printed = print_pdf.print_pages(book_html, print_pdf.book_pages(), out / "pages",
                                    show_answers=True)
    return print_pdf.merge(printed, out / "gradient-descent.pdf")


def test_every_page_prints_with_a_plausible_page_count(book_pdf: Path) -> None:
    pages = print_pdf.page_count(book_pdf)
    assert len(print_pdf.book_pages()) * 2 <= pages <= 600, pages


def test_every_chapter_title_is_in_the_pdf(book_html: Path, book_pdf: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(book_pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    for page in print_pdf.book_pages():
        html = (book_html / page).read_text(encoding="utf8")
        title = re.search(r"<title>(.*?)(?: &#8212; .*)?</title>", html, re.S)
        assert title, page
        words = unescape(re.sub(r"^\d+\.\s+", "", title.group(1))).split()
        assert " ".join(words) in flat, f"{page}: title {' '.join(words)!r} not in the PDF"


# The math as it prints: every formula is MathML with a box, none wider than the text block
# (a wide display formula scrolls on screen, but paper cannot scroll), and no raw TeX is left.
PRINTED_MATH = r"""async () => {
  await document.fonts.ready;
  const maths = [...document.querySelectorAll('.bd-article span.math, .bd-article div.math')];
  const clone = document.querySelector('.bd-article').cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, math').forEach(e => e.remove());
  const raw = clone.textContent.match(/\\\(|\\\[|\$\$|\\begin\{/g) || [];
  return {
    missing: maths.filter(m => !m.querySelector(':scope > math')).map(m => m.textContent.slice(0, 60)),
    empty: maths.map(m => m.querySelector(':scope > math')).filter(m => m && m.getClientRects().length
             && (m.getBoundingClientRect().width < 1 || m.getBoundingClientRect().height < 1))
             .map(m => m.textContent.slice(0, 60)),
    cut: [...document.querySelectorAll('.bd-article div.math > math')]
           .filter(m => m.getClientRects().length && m.scrollWidth > m.clientWidth + 1)
           .map(m => m.textContent.slice(0, 60)),
    raw: raw,
  };
}"""


@pytest.fixture(scope="module")
def printed_dom(book_html: Path) -> dict[str, dict]:
    """Each page in the print-media DOM at the A4 text width, solutions opened: its code blocks
    wider than the text block, and the state of its math (one pass over the book)."""
    from playwright.sync_api import sync_playwright

    report: dict[str, dict] = {}
    with print_pdf.serve(book_html) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=print_pdf.CHROMIUM,
                                     args=print_pdf.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": TEXT_WIDTH_PX, "height": 1100})
        page.emulate_media(media="print")
        for path in print_pdf.book_pages():
            page.goto(base + path, wait_until="load")
            page.evaluate(print_pdf.SHOW_ANSWERS)
            report[path] = {"wide": page.evaluate(OVERFLOWING_PRE),
                            "math": page.evaluate(PRINTED_MATH)}
        browser.close()
    return report


def test_no_code_line_is_cut_at_the_margin(printed_dom: dict[str, dict]) -> None:
    wide = {path: r["wide"] for path, r in printed_dom.items() if r["wide"]}
    assert wide == {}, wide


def test_every_formula_prints_whole(printed_dom: dict[str, dict]) -> None:
    """Math is MathML from the build (no typesetter to wait for): each formula is there, has a
    box, fits the A4 text block, and no raw TeX is printed."""
    bad = {path: {k: v for k, v in r["math"].items() if v}
           for path, r in printed_dom.items() if any(r["math"].values())}
    assert bad == {}, bad
