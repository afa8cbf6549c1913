"""The site as a whole (issue #14): light pages, search ranking, solution links, favicon.

- Page weight: no page loads the theme's 1.5 MB ``fontawesome.js`` (its icons are drawn by the
  web fonts the theme's CSS already has, cut down to the icons in use: checked here), no page
  loads a math typesetter (math is MathML from the build), and only ``search.html`` loads the
  search index (``scripts/postprocess_html.py``). ``benchmarks/bench_pages.py`` measures bytes;
  ``test_pages.py`` checks every first visit against 1.5 MB.
- Search: a chapter ranks first for its own title's words; snippets come from the article.
- "Solution to Exercise N": clicking the title's link opens the solution, it does not jump.
- Accessibility: axe-core runs in ``test_pages.py``, on the page its other checks have loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .support import toc_pages

PAGES = toc_pages()
SEARCHES = {
    "learning rate": "04_learning_rate",
    "momentum": "06_momentum",
    "saddle": "09_saddle_points_and_plateaus",
}


def requests_of(page) -> list[str]:
    return page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")


@pytest.mark.parametrize("path", [PAGES[1], "search.html"])
def test_no_fontawesome_script_and_the_search_index_only_on_the_search_page(open_page,
                                                                            path: str) -> None:
    page, log = open_page(path)
    page.wait_for_timeout(300)
    names = [n.split("?")[0].rsplit("/", 1)[-1] for n in requests_of(page)]
    assert "fontawesome.js" not in names
    assert not [n for n in names if re.search(r"mathjax|tex-chtml|katex", n, re.I)]
    assert ("searchindex.js" in names) == (path == "search.html")
    # The icons come from the small faces; the full fonts are not fetched.
    assert [n for n in names if n.endswith(".gd-icons.woff")], names
    assert not [n for n in names if re.fullmatch(r"fa-[a-z]+-\d+\.(woff2|ttf)", n)], names
    # The icons are still drawn, by Font Awesome's web font.
    icon = page.locator(".article-header-buttons i.fa-download, .article-header-buttons "
                        "i.fa-github, .article-header-buttons i.fa-expand").first
    assert icon.count() == 1
    font = icon.evaluate("e => getComputedStyle(e, '::before').fontFamily")
    box = icon.bounding_box()
    assert "Font Awesome" in font and box and box["width"] > 4
    # ... from the small face that has the glyph (the download icon, U+F019), loaded.
    assert page.evaluate("""[...document.fonts].some(f => f.family.includes('Font Awesome 6 Free')
        && /U\\+F019\\b/i.test(f.unicodeRange) && f.status === 'loaded')""")
    assert log.console_errors == []


@pytest.mark.parametrize("query, chapter", SEARCHES.items())
def test_a_chapter_ranks_first_for_its_title(open_page, query: str, chapter: str) -> None:
    page, log = open_page(f"search.html?q={query.replace(' ', '+')}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=10_000)
    first = results.first.locator("a").first.get_attribute("href")
    assert chapter in first, f"{query!r}: first result {first}"
    summary = results.first.locator("p.context")
    summary.wait_for(timeout=10_000)
    text = summary.inner_text()
    for header_word in ("Download", "Contents", "Launch", ".ipynb", "Print to PDF"):
        assert header_word not in text, f"snippet from the page header: {text[:120]}"
    assert log.console_errors == []


def test_solution_title_link_opens_the_solution(book_dir: Path, open_page) -> None:
    page, log = open_page("chapters/04_learning_rate.html")
    solution = page.locator(".solution.dropdown").first
    body = solution.locator("section").first
    assert not body.is_visible()
    link = solution.locator(".admonition-title a").first
    before = page.evaluate("location.hash")
    link.click()
    body.wait_for(state="visible", timeout=3000)
    assert page.evaluate("location.hash") == before, "the click jumped to the exercise"
    top = solution.bounding_box()["y"]
    assert 0 <= top < 900, "the solution is not on screen"
    # A link to the solution's id opens it too.
    sid = solution.get_attribute("id")
    page2, _ = open_page(f"chapters/04_learning_rate.html#{sid}")
    page2.locator(f'[id="{sid}"] section').first.wait_for(state="visible", timeout=3000)
    assert log.console_errors == []


def test_every_page_has_the_favicon(book_dir: Path) -> None:
    for path in PAGES:
        html = (book_dir / path).read_text(encoding="utf8")
        assert 'rel="icon"' in html and "favicon.svg" in html, path
    assert (book_dir / "_static" / "favicon.svg").is_file()


