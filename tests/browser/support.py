"""Helpers shared by the browser tests: where the book is, its pages, and page watching."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
#: The book under test: $GD_BOOK_HTML (set by `python make.py test`) or `_build/html`.
BOOK_HTML = Path(os.environ.get("GD_BOOK_HTML", ROOT / "_build" / "html")).resolve()
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
#: Whether the browser tests save screenshots into SCREENSHOTS (GD_SCREENSHOTS=1).
SCREENSHOTS_WANTED = bool(os.environ.get("GD_SCREENSHOTS"))
#: Pages Sphinx writes besides the toc's pages.
GENERATED_PAGES = {"genindex.html", "search.html", "index.html"}

#: Math is MathML written at build time (scripts/postprocess_html.py): it is in the page from the
#: start; wait for the fonts (the math font is ``font-display: swap``), then say whether every
#: formula holds its MathML (true on a page without math).
WAIT_FOR_MATH = """async () => {
  await document.fonts.ready;
  return [...document.querySelectorAll('span.math, div.math')]
    .every(m => m.querySelector(':scope > math') !== null);
}"""
#: The former name (MathJax typeset the pages until issue #14), kept for the modules that use it.
WAIT_FOR_MATHJAX = WAIT_FOR_MATH


def screenshot(page: Page, path: Path) -> None:
    """A screenshot of the whole page, as a reader with a very tall window would see it, when
    ``$GD_SCREENSHOTS`` is set (they are for looking at, and a tall page takes seconds).

    (Playwright's ``full_page`` stitches the page under a viewport-sized window, which cuts the
    theme's sticky sidebars at the first screen; growing the window avoids that.)
    """
    if not SCREENSHOTS_WANTED:
        return
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": height})
    try:
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)


def load_yaml(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf8"))


def _toc_files(entries: list[dict]) -> Iterator[str]:
    for entry in entries:
        if "file" in entry:
            yield entry["file"]
        for key in ("parts", "chapters", "sections"):
            yield from _toc_files(entry.get(key, []))


@functools.cache
def toc_files() -> list[str]:
    """Every document of the book as listed in ``_toc.yml`` (no suffix), root first."""
    toc = load_yaml("_toc.yml")
    return [toc["root"], *_toc_files([toc])]


def toc_pages() -> list[str]:
    """Every page of the book, as paths of HTML files relative to the build directory."""
    return [f"{name}.html" for name in toc_files()]


def notebook_pages() -> list[str]:
    """The pages built from notebooks (the chapters)."""
    return [f"{name}.html" for name in toc_files() if (ROOT / f"{name}.ipynb").is_file()]


def slug(page: str) -> str:
    return page.removesuffix(".html").replace("/", "__")


@dataclass
class PageLog:
    """What a page did while it loaded: problems the tests assert are absent."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"


def watch(page: Page, allowed: Callable[[str], bool] = is_local) -> PageLog:
    """Record console errors and failed requests; block (and record) foreign requests."""
    log = PageLog()

    def on_console(msg) -> None:
        if msg.type == "error":
            log.console_errors.append(msg.text)

    def on_failed(request) -> None:
        if allowed(request.url):
            log.failed_requests.append(f"{request.url} ({request.failure})")

    def on_response(response) -> None:
        if response.status >= 400:
            log.failed_requests.append(f"{response.url} (HTTP {response.status})")

    def route(route, request) -> None:
        if allowed(request.url):
            route.continue_()
        else:
            log.foreign_requests.append(request.url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: log.console_errors.append(f"uncaught: {exc}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.route("**/*", route)
    return log
