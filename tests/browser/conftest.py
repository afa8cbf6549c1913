"""Fixtures for the browser tests: the built book, a local server and headless chromium.

The book under test is ``$GD_BOOK_HTML`` (``python make.py test`` sets it to its own build from
the stored outputs) or else ``_build/html`` (from ``python make.py book``). Chromium is Debian's
``/usr/bin/chromium`` driven by Playwright; ``playwright install`` is never used.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .support import BOOK_HTML, CHROMIUM, CHROMIUM_ARGS, WAIT_FOR_MATHJAX, PageLog, watch


@pytest.fixture(scope="session")
def book_dir() -> Path:
    if not (BOOK_HTML / "index.html").is_file():
        pytest.fail(
            f"no built book in {BOOK_HTML}: run `python make.py book` (or `python make.py test`, "
            "which builds one and sets GD_BOOK_HTML)"
        )
    return BOOK_HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def base_url(book_dir: Path) -> Iterator[str]:
    """The book served over HTTP on 127.0.0.1, on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(book_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Module scope: Playwright's sync API allows one running instance per process, and other
    # test modules (tests/test_revision_print.py) start their own.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[Callable[..., tuple[Page, PageLog]]]:
    """``open_page(path, mode="light")`` loads a page of the book and waits for MathJax.

    ``mode`` is the reader's colour choice ("light" or "dark"), stored where the theme reads
    it (localStorage) before the page loads.
    """
    contexts: list[BrowserContext] = []

    def _open(path: str, mode: str = "light") -> tuple[Page, PageLog]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        context.add_init_script(
            f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
        )
        page = context.new_page()
        log = watch(page)
        page.goto(base_url + path, wait_until="load")
        page.evaluate(WAIT_FOR_MATHJAX)
        return page, log

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def _visits(browser: Browser, base_url: str) -> Iterator[dict]:
    cache: dict[str, tuple[BrowserContext, Page, PageLog]] = {}
    yield cache
    for context, _, _ in cache.values():
        context.close()


@pytest.fixture
def visit(_visits: dict, browser: Browser, base_url: str) -> Callable[[str], tuple[Page, PageLog]]:
    """``visit(path)``: the page at 1280 px in light mode, loaded once for all the tests of a
    module that look at it (this file's ``pytest_collection_modifyitems`` orders test_pages.py
    page by page). The log holds everything since the page was loaded. Only dark mode is undone
    after its check; answered quick checks, opened solutions and moved sliders stay for the
    later tests of the page (axe included)."""

    def _visit(path: str) -> tuple[Page, PageLog]:
        if path not in _visits:
            for other in list(_visits):  # one page open at a time
                _visits.pop(other)[0].close()
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(
                "localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');"
            )
            page = context.new_page()
            log = watch(page)
            page.goto(base_url + path, wait_until="load")
            page.evaluate(WAIT_FOR_MATHJAX)
            _visits[path] = (context, page, log)
        return _visits[path][1:]

    return _visit


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """test_pages.py's tests run page by page (every test of a page, then the next page), so
    that ``visit`` loads each page once. A stable sort: the order within a page is kept."""
    def page_of(item: pytest.Item):
        callspec = getattr(item, "callspec", None)
        if item.path.name == "test_pages.py" and callspec and "path" in callspec.params:
            return callspec.params["path"]
        return None

    order: dict[str, int] = {}
    for item in items:
        page = page_of(item)
        if page is not None:
            order.setdefault(page, len(order))
    positions = [i for i, item in enumerate(items) if page_of(item) is not None]
    ordered = sorted((items[i] for i in positions), key=lambda it: order[page_of(it)])
    for i, item in zip(positions, ordered):
        items[i] = item
