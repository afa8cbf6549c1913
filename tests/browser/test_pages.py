"""Every page of the built book, in headless chromium: it renders, privately and readably.

For each page in ``_toc.yml``: no console error, no failed request, no request to a host other
than 127.0.0.1, MathJax typesets every equation (no raw TeX left), every image has alt text and
loads, and in dark mode figures sit on a white card and equations stay light on dark. Full-page
screenshots in light and dark mode go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .support import (
    GENERATED_PAGES,
    SCREENSHOTS,
    WAIT_FOR_MATHJAX,
    screenshot,
    slug,
    toc_pages,
    watch,
)

PAGES = toc_pages()

MATH_REPORT = """() => {
  const maths = [...document.querySelectorAll('.math')];
  const clone = document.querySelector('main').cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, mjx-container')
       .forEach(e => e.remove());
  return {
    maths: maths.length,
    containers: document.querySelectorAll('mjx-container').length,
    untypeset: maths.filter(m => m.querySelectorAll('mjx-container').length !== 1)
                    .map(m => m.textContent.slice(0, 80)),
    errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 80)),
    text: clone.textContent,
  };
}"""

RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{")

IMAGES = """() => [...document.querySelectorAll('img')].map(img => ({
  src: img.getAttribute('src'),
  alt: (img.getAttribute('alt') || '').trim(),
  loaded: img.complete && img.naturalWidth > 0,
}))"""

DARK_MODE = """async () => {
  for (const key of ['mode', 'theme']) {
    localStorage.setItem(key, 'dark');
    document.documentElement.dataset[key] = 'dark';
  }
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""

DARK_READABILITY = """() => {
  const luminance = css => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  return {
    figureBackgrounds: [...document.querySelectorAll('.cell_output img')]
      .map(img => getComputedStyle(img).backgroundColor),
    mathLuminance: [...document.querySelectorAll('mjx-container')]
      .map(m => luminance(getComputedStyle(m).color)),
    bodyLuminance: luminance(getComputedStyle(document.body).backgroundColor),
  };
}"""


def check_math(page: Page) -> None:
    report = page.evaluate(MATH_REPORT)
    assert report["untypeset"] == [], "equations MathJax did not typeset"
    assert report["containers"] == report["maths"], "MathJax output outside the math elements"
    assert report["errors"] == [], "MathJax reported TeX errors"
    raw = RAW_TEX.findall(report["text"])
    assert raw == [], f"raw TeX delimiters left in the page text: {raw}"


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_privately_and_readably(open_page, path: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, log = open_page(path)
    assert page.title(), "page has no title"
    check_math(page)

    images = page.evaluate(IMAGES)
    assert [i["src"] for i in images if not i["alt"]] == [], "images without alt text"
    named_by_file = [
        i["src"] for i in images if i["alt"] == Path(i["src"] or "").name or re.search(
            r"\.(png|jpe?g|svg|gif)$", i["alt"], re.I)
    ]
    assert named_by_file == [], (
        "images whose alt text is a file name: describe the figure in the cell metadata "
        '"mystnb": {"image": {"alt": "..."}}'
    )
    screenshot(page, SCREENSHOTS / f"{slug(path)}-light.png")
    assert [i["src"] for i in page.evaluate(IMAGES) if not i["loaded"]] == [], "broken images"

    # Dark mode, as the theme's switch sets it (and remembers it).
    page.evaluate(DARK_MODE)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    readability = page.evaluate(DARK_READABILITY)
    assert readability["bodyLuminance"] < 0.3, "dark mode did not darken the page"
    assert set(readability["figureBackgrounds"]) <= {"rgb(255, 255, 255)"}, (
        "figures in dark mode must sit on a white card"
    )
    assert all(lum > 0.6 for lum in readability["mathLuminance"]), (
        "equations are dark on the dark background"
    )
    screenshot(page, SCREENSHOTS / f"{slug(path)}-dark.png")

    for name, entries in [
        ("console errors", log.console_errors),
        ("requests to other hosts", log.foreign_requests),
        ("failed requests", log.failed_requests),
    ]:
        assert entries == [], f"{path}: {name}"


EXPLORERS = """() => [...document.querySelectorAll('.gd-explorer')].map((explorer, e) => ({
  index: e,
  sliders: [...explorer.querySelectorAll('input[type=range]')].map(s => ({
    label: s.getAttribute('aria-label') || '',
    value: s.value, min: s.min, max: s.max,
  })),
  outputs: explorer.querySelectorAll('output').length,
  svgs: explorer.querySelectorAll('svg').length,
}))"""

EXPLORER_STATE = """([e, s]) => {
  const explorer = document.querySelectorAll('.gd-explorer')[e];
  const slider = explorer.querySelectorAll('input[type=range]')[s];
  const byFor = slider.id
    ? [...explorer.querySelectorAll('output')].find(o => o.htmlFor && o.htmlFor.contains(slider.id))
    : undefined;
  const readout = byFor || explorer.querySelectorAll('output')[s];
  return {
    value: slider.value,
    readout: readout ? readout.textContent.trim() : null,
    svg: [...explorer.querySelectorAll('svg')].map(svg => svg.innerHTML).join('\\n'),
    name: explorer.querySelector('svg.gdx-svg').getAttribute('aria-label') || '',
    figure: explorer.querySelector('.gdx-readout').textContent.trim(),
  };
}"""


@pytest.mark.parametrize("path", PAGES)
def test_explorer_sliders_respond_to_the_keyboard(open_page, path: str) -> None:
    """Each slider of each ``.gd-explorer``, moved with the arrow keys, redraws its figure.

    Markup: ``<div class="gd-explorer">`` holding ``<input type="range" aria-label=...>``
    sliders, one ``<output>`` readout per slider (matched by its ``for`` attribute, else by
    position) and an ``<svg>``. A page without explorers passes.
    """
    page, log = open_page(path)
    for explorer in page.evaluate(EXPLORERS):
        where = f"{path}, explorer {explorer['index']}"
        assert explorer["sliders"], f"{where}: no slider"
        assert explorer["svgs"] >= 1, f"{where}: no svg"
        assert explorer["outputs"] >= len(explorer["sliders"]), f"{where}: a slider lacks a readout"
        for s, slider in enumerate(explorer["sliders"]):
            assert slider["label"].strip(), f"{where}, slider {s}: no aria-label"
            locator = page.locator(".gd-explorer").nth(explorer["index"])
            handle = locator.locator("input[type=range]").nth(s)
            before = page.evaluate(EXPLORER_STATE, [explorer["index"], s])
            handle.focus()
            key = "ArrowLeft" if slider["value"] == slider["max"] else "ArrowRight"
            page.keyboard.press(key)
            after = page.evaluate(EXPLORER_STATE, [explorer["index"], s])
            label = f"{where}, slider {slider['label']!r}"
            assert after["value"] != before["value"], f"{label}: {key} did not move it"
            assert after["svg"] != before["svg"], f"{label}: the figure did not change"
            assert after["readout"] and after["readout"] != before["readout"], (
                f"{label}: the readout does not show the new value"
            )
            # The picture's accessible name follows the sliders: it names the new value and
            # ends with what the figure now shows (the readout under it).
            assert after["name"] != before["name"] and after["readout"] in after["name"], (
                f"{label}: the figure's accessible name did not follow the slider"
            )
            assert after["name"].endswith(after["figure"]), f"{label}: name and readout differ"
    assert log.console_errors == [], f"{path}: console errors while using the explorers"


def test_every_built_page_is_in_the_toc(book_dir: Path) -> None:
    """No stray pages: what is built is exactly the toc (plus Sphinx's own pages)."""
    built = {
        p.relative_to(book_dir).as_posix()
        for p in book_dir.rglob("*.html")
        if not p.relative_to(book_dir).parts[0].startswith("_")
    }
    assert built - GENERATED_PAGES == set(PAGES)


def test_math_renders_from_file_url_with_the_network_blocked(
    browser: Browser, book_dir: Path
) -> None:
    """Opened from disk with every non-file request blocked, a page still typesets its math."""
    context = browser.new_context()
    try:
        page = context.new_page()
        log = watch(page, lambda url: url.startswith(("file:", "data:", "about:")))
        for path in ["intro.html", "chapters/01_what_is_gradient_descent.html"]:
            page.goto((book_dir / path).as_uri(), wait_until="load")
            assert page.evaluate(WAIT_FOR_MATHJAX), f"{path}: MathJax did not load from disk"
            report = page.evaluate(MATH_REPORT)
            assert report["maths"] > 0
            assert report["containers"] == report["maths"]
            assert report["untypeset"] == []
        assert log.foreign_requests == []
    finally:
        context.close()


class _ResourceFinder(HTMLParser):
    """Collect the addresses a page *loads* (not the links a reader may follow)."""

    LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src",
               "audio": "src", "video": "src", "embed": "src", "object": "data"}
    LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect",
                 "dns-prefetch", "icon", "manifest"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.LOADING and values.get(self.LOADING[tag]):
            self.urls.append(values[self.LOADING[tag]] or "")
        if tag == "link" and set((values.get("rel") or "").split()) & self.LINK_RELS:
            self.urls.append(values.get("href") or "")
        if values.get("srcset"):
            self.urls.extend(part.split()[0] for part in (values["srcset"] or "").split(","))


def test_no_page_loads_anything_from_another_site(book_dir: Path) -> None:
    remote = re.compile(r"^\s*(https?:)?//", re.I)
    cdn = re.compile(r"cdn|googleapis|unpkg|jsdelivr|cloudflare|gstatic", re.I)
    offenders = []
    for html in sorted(book_dir.rglob("*.html")):
        finder = _ResourceFinder()
        finder.feed(html.read_text(encoding="utf8"))
        offenders += [f"{html.relative_to(book_dir)}: {u}" for u in finder.urls
                      if remote.match(u) or cdn.search(u)]
    for css in sorted(book_dir.glob("_static/**/*.css")):
        text = css.read_text(encoding="utf8", errors="replace")
        offenders += [f"{css.relative_to(book_dir)}: {m}" for m in
                      re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)|@import\s+['\"]https?:[^;]*",
                                 text)]
    assert offenders == []


CLIPPED_MATH = """() => [...document.querySelectorAll('.bd-content span.math')]
  .filter(m => { const c = m.querySelector('mjx-container');
                 return c && c.getBoundingClientRect().width > m.clientWidth + 1; })
  .filter(m => getComputedStyle(m).overflowX !== 'auto' || m.tabIndex !== 0)
  .map(m => m.textContent.slice(0, 60))"""

PHONE_OVERFLOW = """() => document.documentElement.scrollWidth - document.documentElement.clientWidth"""


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_no_formula_is_cut_off(browser: Browser, base_url: str, path: str) -> None:
    """At 390 px an inline formula wider than the column scrolls (and takes keyboard focus)
    instead of being clipped, and no formula widens the page itself."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        page.evaluate(WAIT_FOR_MATHJAX)
        page.wait_for_function("document.readyState === 'complete'")
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")
        assert page.evaluate(CLIPPED_MATH) == [], "inline formulas clipped at 390 px"
    finally:
        context.close()
