"""The revision part prints: the cheat sheet on at most two A4 pages, with typeset equations.

Uses the book built by ``python make.py test`` (it sets ``GD_BOOK_HTML``); this test builds
nothing. The pages are printed the way ``scripts/print_pdf.py`` prints them (headless Debian
chromium through Playwright, after MathJax has finished) and read back with poppler's
``pdfinfo`` and ``pdftotext``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_script():
    spec = importlib.util.spec_from_file_location("print_pdf", ROOT / "scripts" / "print_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


print_pdf = _load_script()
RAW_TEX = re.compile(r"\\(alpha|theta|beta|frac|nabla|begin|sqrt|hat)\b|\$\$|\\\(|\\\[")


@pytest.fixture(scope="module")
def book_html() -> Path:
    value = os.environ.get("GD_BOOK_HTML")
    if not value:
        pytest.fail(
            "GD_BOOK_HTML is not set: this test prints the built book and builds nothing itself. "
            "Run `python make.py test` (it builds the book and sets GD_BOOK_HTML), or build it "
            "with `python make.py book` and run GD_BOOK_HTML=_build/html pytest "
            "tests/test_revision_print.py"
        )
    html = Path(value).resolve()
    if not (html / print_pdf.CHEAT_SHEET).is_file():
        pytest.fail(f"GD_BOOK_HTML={value} holds no built cheat sheet ({print_pdf.CHEAT_SHEET})")
    return html


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def cheat_sheet_pdf(book_html: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    (pdf,) = print_pdf.print_pages(book_html, [print_pdf.CHEAT_SHEET], out)
    return pdf


def test_cheat_sheet_prints_on_at_most_two_a4_pages(cheat_sheet_pdf: Path) -> None:
    pages = print_pdf.page_count(cheat_sheet_pdf)
    assert 1 <= pages <= 2, f"the cheat sheet prints on {pages} pages, more than 2"
    info = subprocess.run(["pdfinfo", str(cheat_sheet_pdf)], check=True, capture_output=True,
                          text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (595, 842), f"not A4: {width} x {height} pts"


def test_cheat_sheet_pdf_has_typeset_math_and_every_update_rule(cheat_sheet_pdf: Path) -> None:
    text = _text(cheat_sheet_pdf)
    # MathML draws variables in mathematical italic (𝛼, 𝜃); NFKC reads them as α, θ
    plain = unicodedata.normalize("NFKC", text)
    assert "θ" in plain and "α" in plain, "no typeset θ or α: the equations did not render"
    assert RAW_TEX.findall(text) == [], "raw TeX left in the printed cheat sheet"
    for name in ("GD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "AdamW", "AMSGrad",
                 "NAdam", "Adadelta"):
        assert re.search(rf"\b{name}\b", text), f"the {name} update rule is not printed"
    assert "Failure mode" in text and "Stopping criteria" in text


def test_printing_shows_only_the_article(cheat_sheet_pdf: Path) -> None:
    text = _text(cheat_sheet_pdf)
    for chrome in ("Skip to main content", "Search", "Back to top", "Contents"):
        assert chrome not in text, f"page furniture {chrome!r} was printed"


def test_whole_revision_part_prints_and_merges(book_html: Path, tmp_path: Path) -> None:
    pages = print_pdf.revision_pages()
    assert print_pdf.CHEAT_SHEET in pages
    printed = print_pdf.print_pages(book_html, pages, tmp_path / "pages", show_answers=True)
    merged = print_pdf.merge(printed, tmp_path / "revision.pdf")
    counts = [print_pdf.page_count(p) for p in printed]
    assert print_pdf.page_count(merged) == sum(counts)
    text = _text(merged)
    assert RAW_TEX.findall(text) == [], "raw TeX left in the printed revision part"
