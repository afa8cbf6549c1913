"""Every page of the built book, in headless chromium: it renders, privately and readably.

For each page in ``_toc.yml``: no console error, no failed request, no request to a host other
than 127.0.0.1, every formula is MathML written at build time (``scripts/postprocess_html.py``:
no raw TeX left, no error node, no typesetter loaded), every image has alt text and loads, and in
dark mode figures sit on a white card and equations stay light on dark. Full-page screenshots in
light and dark mode go to ``artifacts/screenshots/`` (with ``GD_SCREENSHOTS=1``). Every explorer
slider moves with the arrow keys and redraws its figure. At 390 px no formula is clipped (wide
ones scroll). And, from the files alone, every page's first visit decodes at most 1.5 MB
(issue #14).

Each page is loaded once at 1280 px (the ``visit`` fixture) for the render, explorer-keyboard
and axe checks. axe-core (bundled by axe-playwright-python, injected from disk: offline) fails
on serious and critical findings, except the theme's own (``ALLOWED``, with the reason);
findings inside an explorer are reported apart and fail their own test.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from gdkit.course.checks import Option, all_checks

from .support import (
    ARTIFACTS,
    GENERATED_PAGES,
    SCREENSHOTS,
    WAIT_FOR_MATH,
    screenshot,
    slug,
    toc_pages,
    watch,
)

PAGES = toc_pages()

MATH_REPORT = """() => {
  const maths = [...document.querySelectorAll('.math')];
  const clone = document.querySelector('main').cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, textarea, math')
       .forEach(e => e.remove());
  const box = m => m.getBoundingClientRect();
  return {
    maths: maths.length,
    containers: document.querySelectorAll('math').length,
    untypeset: maths.filter(m => m.querySelectorAll(':scope > math').length !== 1)
                    .map(m => m.textContent.slice(0, 80)),
    errors: [...document.querySelectorAll('merror, .temml-error, .katex-error')]
              .map(e => e.textContent.slice(0, 80)),
    // Drawn: a visible formula has a box (hidden ones, in folded solutions, have none).
    empty: [...document.querySelectorAll('.math > math')]
      .filter(m => m.getClientRects().length && (box(m).width < 1 || box(m).height < 1))
      .map(m => m.textContent.slice(0, 80)),
    typesetter: [...document.scripts].map(s => s.src).filter(s => /mathjax|katex|temml/i.test(s)),
    text: clone.textContent,
  };
}"""

RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{")

IMAGES = """() => [...document.querySelectorAll('img')].map(img => ({
  src: img.getAttribute('src'),
  alt: (img.getAttribute('alt') || '').trim(),
  loaded: img.complete && img.naturalWidth > 0,
}))"""

SET_MODE = """async mode => {
  for (const key of ['mode', 'theme']) {
    localStorage.setItem(key, mode);
    document.documentElement.dataset[key] = mode;
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
    mathLuminance: [...document.querySelectorAll('.math > math')]
      .map(m => luminance(getComputedStyle(m).color)),
    bodyLuminance: luminance(getComputedStyle(document.body).backgroundColor),
  };
}"""


def check_math(page: Page) -> None:
    report = page.evaluate(MATH_REPORT)
    assert report["untypeset"] == [], "formulas without their MathML (left as TeX?)"
    assert report["containers"] == report["maths"], "MathML outside the math elements"
    assert report["errors"] == [], "formulas rendered as errors"
    assert report["empty"] == [], "formulas drawn with no size"
    assert report["typesetter"] == [], "a page loads a math typesetter: math is built in"
    raw = RAW_TEX.findall(report["text"])
    assert raw == [], f"raw TeX delimiters left in the page text: {raw}"


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_privately_and_readably(visit, path: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, log = visit(path)
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
    answer_every_quick_check(page, path)
    solutions_open_only_when_clicked(page, path)

    # Dark mode, as the theme's switch sets it (and remembers it); then light again, for the
    # other tests of this page.
    page.evaluate(SET_MODE, "dark")
    try:
        dark_mode_is_readable(page, path)
    finally:
        page.evaluate(SET_MODE, "light")

    for name, entries in [
        ("console errors", log.console_errors),
        ("requests to other hosts", log.foreign_requests),
        ("failed requests", log.failed_requests),
    ]:
        assert entries == [], f"{path}: {name}"


def dark_mode_is_readable(page: Page, path: str) -> None:
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


def solutions_open_only_when_clicked(page: Page, path: str) -> None:
    """Every exercise solution starts hidden; a click on its title opens it (the first and the
    last of the page)."""
    solutions = page.locator(".solution.dropdown")
    shown = page.evaluate("""() => [...document.querySelectorAll('.solution.dropdown')]
        .map((s, i) => [i, s.querySelector('section')]).filter(([, b]) => b && (() => {
          const r = b.getBoundingClientRect();  // visible as Playwright means it
          return r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden';
        })())
        .map(([i]) => i)""")
    assert shown == [], f"{path}: solutions {shown} are shown before a click"
    if solutions.count():
        for i in sorted({0, solutions.count() - 1}):
            body = solutions.nth(i).locator("section").first
            solutions.nth(i).locator(".admonition-title").click()
            body.wait_for(state="visible", timeout=3000)


def answer_every_quick_check(page: Page, path: str) -> None:
    """Every quick check of the page is a form; its key, typed or picked, is marked right."""
    checks = all_checks()
    boxes = page.locator("div.gd-quickcheck")
    for k in range(boxes.count()):
        box = boxes.nth(k)
        check_id = box.get_attribute("data-check")
        assert box.locator("form").count() == 1, f"{path}: {check_id} has no form"
        check = checks[check_id]
        if isinstance(check, Option):
            box.locator(f'input[type=radio][value="{check.answer}"]').check()
        else:
            box.locator("input[type=text]").fill(str(check.answer))
        box.get_by_role("button", name="Check").click()
        verdict = box.locator("[role=status]").inner_text()
        assert verdict.startswith("✓"), f"{path}: {check_id} answered {check.answer!r}: {verdict}"
    assert "Not answered yet" not in page.content(), path


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
def test_explorer_sliders_respond_to_the_keyboard(visit, path: str) -> None:
    """Each slider of each ``.gd-explorer``, moved with the arrow keys, redraws its figure.

    Markup: ``<div class="gd-explorer">`` holding ``<input type="range" aria-label=...>``
    sliders, one ``<output>`` readout per slider (matched by its ``for`` attribute, else by
    position) and an ``<svg>``. A page without explorers passes.
    """
    page, log = visit(path)
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
    assert log.console_errors == [], f"{path}: console errors since the page loaded"


def test_every_built_page_is_in_the_toc(book_dir: Path) -> None:
    """No stray pages: what is built is exactly the toc (plus Sphinx's own pages)."""
    built = {
        p.relative_to(book_dir).as_posix()
        for p in book_dir.rglob("*.html")
        if not p.relative_to(book_dir).parts[0].startswith("_")
    }
    assert built - GENERATED_PAGES == set(PAGES)


MATH_FONT_LOADED = """() => [...document.fonts]
  .some(f => f.family.replace(/"/g, '') === 'GD Math' && f.status === 'loaded')"""


def test_math_renders_from_file_url_with_the_network_blocked(
    browser: Browser, book_dir: Path
) -> None:
    """Opened from disk with every non-file request blocked, a page still shows its math, in
    the book's own math font."""
    context = browser.new_context()
    try:
        page = context.new_page()
        log = watch(page, lambda url: url.startswith(("file:", "data:", "about:")))
        for path in ["intro.html", "chapters/01_what_is_gradient_descent.html"]:
            page.goto((book_dir / path).as_uri(), wait_until="load")
            assert page.evaluate(WAIT_FOR_MATH), f"{path}: a formula has no MathML"
            report = page.evaluate(MATH_REPORT)
            assert report["maths"] > 0
            assert report["containers"] == report["maths"]
            assert report["untypeset"] == []
            assert page.evaluate(MATH_FONT_LOADED), f"{path}: the math font did not load"
        assert log.foreign_requests == []
        assert log.failed_requests == []
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


CLIPPED_MATH = """() => [
  // Inline: the span scrolls.
  ...[...document.querySelectorAll('.bd-content span.math')]
    .filter(m => { const c = m.querySelector(':scope > math');
                   return c && c.getBoundingClientRect().width > m.clientWidth + 1; })
    .filter(m => getComputedStyle(m).overflowX !== 'auto' || m.tabIndex !== 0),
  // Display: the <math> element itself scrolls (its equation number stays in view).
  ...[...document.querySelectorAll('.bd-content div.math > math')]
    .filter(m => m.getClientRects().length && m.scrollWidth > m.clientWidth + 1)
    .filter(m => getComputedStyle(m).overflowX !== 'auto' || m.tabIndex !== 0),
].map(m => m.textContent.slice(0, 60))"""

PHONE_OVERFLOW = """() => document.documentElement.scrollWidth - document.documentElement.clientWidth"""


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_no_formula_is_cut_off(browser: Browser, base_url: str, path: str) -> None:
    """At 390 px an inline formula wider than the column scrolls (and takes keyboard focus)
    instead of being clipped, and no formula widens the page itself."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        page.evaluate(WAIT_FOR_MATH)
        page.wait_for_function("document.readyState === 'complete'")
        page.evaluate("() => new Promise(r => setTimeout(r, 50))")
        assert page.evaluate(CLIPPED_MATH) == [], "formulas clipped at 390 px"
    finally:
        context.close()


# ---- Page weight (issue #14), from the built files -------------------------------------------
FIRST_VISIT_GOAL = 1_500_000
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")


def _local_file(base: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # data: URIs are inside their file already; remote ones fail other tests
    path = (base / unquote(parts.path)).resolve()
    return path if path.is_file() else None


def _stylesheet_files(css_file: Path, seen: set[Path]) -> set[Path]:
    """A style sheet, what it imports, and the files it would make the browser fetch: for
    each font family/weight/style the faces a browser downloads (the first ``src`` of each;
    a face without unicode-range is only a fallback where a face of the same font has one:
    postprocess_html.py cuts the icon fonts so), and other url()s (counted, an upper bound)."""
    if css_file in seen:
        return set()
    seen.add(css_file)
    files = {css_file}
    text = css_file.read_text(encoding="utf8", errors="replace")
    faces = [face.group(1) for face in FONT_FACE.finditer(text)]
    key = lambda body: tuple(re.findall(r"font-(?:family|weight|style)\s*:\s*([^;]+)", body))  # noqa: E731
    ranged = {key(body) for body in faces if "unicode-range" in body}
    for body in faces:
        if "unicode-range" not in body and key(body) in ranged:
            continue
        src = next(iter(CSS_URL.findall(body.split("src", 1)[-1])), None)
        found = src and _local_file(css_file.parent, src)
        if found:
            files.add(found)
    rest = FONT_FACE.sub("", text)
    for url in CSS_URL.findall(rest):
        found = _local_file(css_file.parent, url)
        if found and found.suffix == ".css":
            files |= _stylesheet_files(found, seen)
        elif found:
            files.add(found)
    return files


def first_visit_bytes(book_dir: Path, page: str) -> dict[Path, int]:
    """Every file a first visit to ``page`` fetches, by what its HTML and CSS reference."""
    html = book_dir / page
    finder = _ResourceFinder()
    finder.feed(html.read_text(encoding="utf8"))
    files: set[Path] = {html}
    seen: set[Path] = set()
    for url in finder.urls:
        found = _local_file(html.parent, url)
        if found and found.suffix == ".css":
            files |= _stylesheet_files(found, seen)
        elif found:
            files.add(found)
    return {f: f.stat().st_size for f in files}


def test_every_first_visit_is_within_one_and_a_half_megabytes(book_dir: Path) -> None:
    """Issue #14: each page's first visit (HTML, scripts, style sheets, the fonts they load,
    figures) decodes at most 1.5 MB. ``benchmarks/bench_pages.py`` measures the same in
    chromium; this counts the built files, so it needs no timing."""
    heavy = {}
    for path in PAGES:
        sizes = first_visit_bytes(book_dir, path)
        total = sum(sizes.values())
        if total > FIRST_VISIT_GOAL:
            largest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
            heavy[path] = (f"{total / 1e6:.2f} MB: " + ", ".join(
                f"{f.relative_to(book_dir)} {n / 1e6:.2f}" for f, n in largest))
    assert heavy == {}, heavy


def _math_italic(ch: str) -> int | None:
    """The Mathematical Italic code point a browser draws for a one-letter <mi>."""
    if "a" <= ch <= "z":
        return 0x210E if ch == "h" else 0x1D44E + ord(ch) - ord("a")
    if "A" <= ch <= "Z":
        return 0x1D434 + ord(ch) - ord("A")
    if "α" <= ch <= "ω":
        return 0x1D6FC + ord(ch) - ord("α")
    return None


def test_the_math_font_has_every_glyph_the_formulas_draw(book_dir: Path) -> None:
    """gd-math.woff (cut down by postprocess_html.py) covers every character of every formula,
    the italic letters the browser substitutes for one-letter identifiers, and the radical
    sign of square roots: nothing falls back to another font (or to nothing)."""
    from html import unescape

    from fontTools.ttLib import TTFont

    cmap = set(TTFont(book_dir / "_static" / "gd-math.woff").getBestCmap())
    needed: set[int] = set()
    for page in book_dir.rglob("*.html"):
        for formula in re.findall(r"<math\b.*?</math>", page.read_text(encoding="utf8"), re.S):
            needed.update(map(ord, unescape(re.sub(r"<[^>]*>", "", formula))))
            for letter in re.findall(r"<mi>([^<])</mi>", formula):
                needed.add(_math_italic(letter) or ord(letter))
            if "<msqrt" in formula or "<mroot" in formula:
                needed.add(0x221A)
    needed -= {0x20, 0xA0, 0x2061, 0x2062, 0x2063, 0x2064, 0x200B}  # spaces, invisible operators
    assert needed, "no formula found"
    assert sorted(map(hex, needed - cmap)) == []


# ---- Accessibility: axe-core on each page, as the tests above left it ------------------------
#: Findings from the theme (pydata-sphinx-theme / sphinx-book-theme), not from our pages:
#: (axe rule id, CSS selector fragment of the node) -> why it is allowed.
ALLOWED = {
    # None left at serious/critical level at the pinned theme versions; add entries here as
    # ("rule-id", "selector fragment"): "reason".
}


_AXE_RESULTS: dict[str, dict[str, list]] = {}
_axe = Axe()

CLASSIFY = """t => { const e = document.querySelector(t);
  return !!(e && e.closest('.gd-explorer, .gdx, [class^="gdx"]')); }"""


#: The page whose highlighted code is also checked for colour contrast (its code cells use 23
#: of the book's 24 token kinds; the other, single-quoted strings, has the colour of strings).
CODE_CONTRAST_PAGE = "chapters/10_backprop_and_deep_learning.html"


def axe_findings(visit, path: str) -> dict[str, list]:
    if path not in _AXE_RESULTS:
        page, _ = visit(path)
        # Every rule on the whole page, except colour contrast, which is run again without the
        # MathML (a formula's tokens take the colour of the text around them, whose contrast is
        # checked; measuring thousands of them made axe five times slower) and, except on
        # CODE_CONTRAST_PAGE, without the highlighted code: its colours are one palette (the
        # theme's Pygments style) whatever the page, so one page with code of every kind checks it.
        everything_else = _axe.run(page, options={
            "resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}})
        skip = [["math"]] + ([] if path == CODE_CONTRAST_PAGE else [[".highlight"]])
        contrast = _axe.run(page, context={"exclude": skip}, options={
            "resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast"]}})
        violations = everything_else.response["violations"] + contrast.response["violations"]
        found: dict[str, list] = {"ours": [], "explorer": [], "theme": []}
        for v in violations:
            if v["impact"] not in ("serious", "critical"):
                continue
            for node in v["nodes"]:
                target = node["target"][0] if node["target"] else ""
                where = "explorer" if page.evaluate(CLASSIFY, target) else "ours"
                if any(v["id"] == rule and frag in target for rule, frag in ALLOWED):
                    where = "theme"
                found[where].append(f"{v['id']} ({v['impact']}): {target} {node['html'][:100]}")
        _AXE_RESULTS[path] = found
        report = ARTIFACTS / "axe"
        report.mkdir(parents=True, exist_ok=True)
        (report / (path.replace("/", "__") + ".txt")).write_text(
            "\n".join(f"[{k}] {x}" for k, xs in found.items() for x in xs) + "\n",
            encoding="utf8")
    return _AXE_RESULTS[path]


@pytest.mark.parametrize("path", [*PAGES, "search.html"])
def test_axe_finds_nothing_serious_in_our_content(visit, path: str) -> None:
    found = axe_findings(visit, path)
    assert found["ours"] == [], "\n".join(found["ours"])


@pytest.mark.parametrize("path", [*PAGES, "search.html"])
def test_axe_explorer_findings(visit, path: str) -> None:
    """Explorer SVGs without an accessible name: fixed in gdkit by the lead (expected to fail
    until then; the count per page is in the message and in artifacts/axe/)."""
    found = axe_findings(visit, path)
    assert found["explorer"] == [], (
        f"explorer: {len(found['explorer'])} finding(s)\n" + "\n".join(found["explorer"]))
