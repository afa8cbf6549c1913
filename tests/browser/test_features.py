"""The reader features of the built book work: launch, download and repository buttons,
hidden solutions, search, copy buttons, glossary, bibliography and execution status.
(Printing is tested in tests/test_revision_print.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from .support import ROOT, load_yaml, notebook_pages, toc_files

CHAPTER_PAGES = notebook_pages()


def repository() -> tuple[str, str, str]:
    """``(owner/name, url, branch)`` of the repository set in _config.yml."""
    repo = load_yaml("_config.yml")["repository"]
    url = str(repo["url"]).rstrip("/")
    return url.removeprefix("https://github.com/"), url, str(repo["branch"])


def test_the_book_has_chapters() -> None:
    assert CHAPTER_PAGES, "no notebook in the toc"


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_chapter_has_launch_download_and_repository_buttons(book_dir: Path, path: str) -> None:
    slug, url, branch = repository()
    notebook = path.removesuffix(".html") + ".ipynb"
    html = (book_dir / path).read_text(encoding="utf8")
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    binder = f"https://mybinder.org/v2/gh/{slug}/{branch}?urlpath=lab/tree/{notebook}"
    colab = f"https://colab.research.google.com/github/{slug}/blob/{branch}/{notebook}"
    assert binder in hrefs, "Binder launch button"
    assert colab in hrefs, "Colab launch button"
    assert url in hrefs, "repository button"
    download = next(h for h in hrefs if h.endswith(f"_sources/{notebook}"))
    served = (book_dir / path).parent / download
    stored = nbformat.read(served, as_version=4)
    assert stored.cells == nbformat.read(ROOT / notebook, as_version=4).cells, (
        "the download button must serve the chapter's notebook"
    )


def test_some_pages_have_dropdown_solutions(book_dir: Path) -> None:
    """Each page's solutions are checked hidden, then opened by a click, in
    tests/browser/test_pages.py (which loads every page once)."""
    assert any(
        'class="solution dropdown' in (book_dir / f"{name}.html").read_text(encoding="utf8")
        for name in toc_files()
    ), "no dropdown solution anywhere in the book"


def test_search_finds_the_chapters(open_page) -> None:
    page, log = open_page("search.html?q=gradient")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 2
    assert log.console_errors == []


def test_code_cells_have_copy_buttons(open_page) -> None:
    page, _ = open_page(CHAPTER_PAGES[0])
    cells = page.locator("div.cell_input pre").count()
    assert cells >= 1
    assert page.locator("div.cell_input button.copybtn").count() == cells


def test_glossary_terms_link_to_their_chapters_and_term_links_resolve(book_dir: Path) -> None:
    glossary = (book_dir / "chapters/revision/glossary.html").read_text(encoding="utf8")
    terms = set(re.findall(r'<dt id="(term-[^"]+)"', glossary))
    definitions = re.findall(r"<dd>(.*?)</dd>", glossary, re.S)
    assert terms and definitions, "the glossary page has no glossary directive"
    unlinked = [
        re.sub(r"<[^>]+>", "", body)[:60]
        for body in definitions
        if not re.search(r'href="\.\./[^"#]+\.html', body)
    ]
    assert unlinked == [], "glossary definitions that link to no chapter"
    links = set()
    for html in book_dir.rglob("*.html"):
        links |= set(re.findall(r'glossary\.html#(term-[^"]+)"', html.read_text(encoding="utf8")))
    assert links <= terms, "links to glossary terms that do not exist"


def test_bibliography_lists_every_reference(book_dir: Path) -> None:
    bib = (ROOT / "references.bib").read_text(encoding="utf8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, re.M)
    assert len(keys) >= 20
    page = (book_dir / "book/bibliography.html").read_text(encoding="utf8")
    entries = re.findall(r'<div class="citation" id="id\d+" role="(?:doc-biblioentry|listitem)">', page)
    assert len(entries) == len(keys)
    cited = {
        key for path in CHAPTER_PAGES
        for key in re.findall(r'href="[./]*book/bibliography\.html#id\d+"', (book_dir / path)
                              .read_text(encoding="utf8"))
    }
    assert cited, "no chapter cites a reference"


def test_execution_status_page_has_the_table(book_dir: Path) -> None:
    page = (book_dir / "book/execution_status.html").read_text(encoding="utf8")
    assert "Execution status" in page
    # The table lists executed notebooks; a build from stored outputs (make.py test) has none.
    if "<table" in page:
        for path in CHAPTER_PAGES:
            assert path.removesuffix(".html") in page
