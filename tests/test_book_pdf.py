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
def printed(book_html: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The whole book printed, solutions opened, and in the same visit each page's print-media
    DOM at the A4 text width: its code blocks wider than the text block, and its math."""
    out = tmp_path_factory.mktemp("pdf")
    report: dict[str, dict] = {}

    def inspect(page, path: str) -> None:
        report[path] = {"wide": page.evaluate(OVERFLOWING_PRE), "math": page.evaluate(PRINTED_MATH)}

    pages = print_pdf.print_pages(book_html, print_pdf.book_pages(), out / "pages",
                                  show_answers=True, inspect=inspect, width=TEXT_WIDTH_PX)
    return print_pdf.merge(pages, out / "gradient-descent.pdf"), report


@pytest.fixture(scope="module")
def book_pdf(printed: tuple[Path, dict]) -> Path:
    return printed[0]


@pytest.fixture(scope="module")
def printed_dom(printed: tuple[Path, dict]) -> dict[str, dict]:
    return printed[1]


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


def test_no_code_line_is_cut_at_the_margin(printed_dom: dict[str, dict]) -> None:
    wide = {path: r["wide"] for path, r in printed_dom.items() if r["wide"]}
    assert wide == {}, wide


def test_every_formula_prints_whole(printed_dom: dict[str, dict]) -> None:
    """Math is MathML from the build (no typesetter to wait for): each formula is there, has a
    box, fits the A4 text block, and no raw TeX is printed."""
    bad = {path: {k: v for k, v in r["math"].items() if v}
           for path, r in printed_dom.items() if any(r["math"].values())}
    assert bad == {}, bad
