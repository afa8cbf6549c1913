#!/usr/bin/env python3
"""Make the built pages lighter, after ``jupyter-book build`` (make.py runs it on both builds).

    .venv/bin/python scripts/postprocess_html.py _build/html

Issue #14 asks for every chapter's first visit to decode at most 1.5 MB, with math on screen as
fast as before or faster. This script does it on the built site, so that it sees every formula
wherever it came from (Markdown, ``{math}`` blocks with their numbers, SymPy's ``text/latex``
outputs, raw HTML that follows Sphinx's markup):

* **Math at build time.** Every ``<span class="math">\\(…\\)</span>`` and
  ``<div class="math">\\[…\\]</div>`` (Sphinx's markup for MathJax, equation numbers included)
  becomes MathML, rendered by Temml (``scripts/temml/``, vendored, MIT) running in V8 from the
  PyPI package ``mini-racer``. Browsers draw MathML natively (Chromium, Firefox, Safari), so no
  typesetter is loaded (MathJax was 1.2 MB) and the math is there at first paint. A formula
  Temml cannot parse stops the build with its page and source (nothing is left as raw TeX).
  The glyphs come from STIX Two Math (OFL, shipped in the PyPI package ``ziamath``), cut down
  with fontTools to the characters the book uses (``_static/gd-math.woff``, with
  ``gd-math.css``: the font and Temml's style sheet). Pages with math link that style sheet;
  the MathJax ``<script>`` tags Sphinx writes are removed.
* **Figures.** The matplotlib PNGs in ``_images`` are flattened onto white (the page is white,
  and in dark mode figures sit on a white card: gd-book.css) and quantised to a 256-colour
  palette with Pillow (fast octree, or median cut where shading needs it; at least 42 dB PSNR
  against the original, else the figure is kept as it was): a quarter of the bytes, the same
  picture, same pixel size. Results are cached by content in ``<build>/.gd_figure_cache``.
* **Icons.** Font Awesome's web fonts hold ~2,000 icons and the pages show about twenty
  (named by class in the pages or the theme's scripts, or by code point in style rules): the
  theme's style sheet gets, after each of its ``@font-face`` rules, a second face with only
  those icons (fontTools; ``unicode-range``), so 270 kB of fonts become a few kB (any other
  icon would still come from the full font), and it loses the class rules of the unused icons
  (85 kB).
* ``_static/scripts/fontawesome.js`` (1.5 MB decoded), Font Awesome's "SVG with JS" kit. The
  theme's own style sheet already carries Font Awesome's CSS and web fonts (``fa-solid-900``,
  ``fa-brands-400``), which draw the same ``<i class="fa-…">`` icons, so the script is removed
  and the icons come from the fonts;
* the search machinery (``searchtools.js``, ``language_data.js`` and the whole
  ``searchindex.js``): only ``search.html`` uses it (the search field of every page submits
  to that page), so the other pages no longer load it;

and one accessibility fix: docutils marks each bibliography entry ``role="doc-biblioentry"``
(deprecated in DPUB-ARIA 1.1) inside a ``role="list"``, which then has no list items (axe:
aria-required-children, serious); the entries become ``role="listitem"``.

Every step is idempotent (a second run changes nothing). ``tests/browser/test_site.py`` and
``tests/browser/test_pages.py`` check the result (math present, no raw TeX, not clipped at
390 px, every chapter's first visit within 1.5 MB); ``benchmarks/bench_pages.py`` measures it.
"""

from __future__ import annotations

import html as htmllib
import io
import json
import os
import re
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path

TEMML = Path(__file__).resolve().parent / "temml"

FONTAWESOME = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
                         r"</script>\n?")
SEARCH = re.compile(r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js'
                    r'|searchindex\.js)[^"]*"></script>\n?')
# The theme preloads the script it no longer needs.
FONTAWESOME_PRELOAD = re.compile(r'[ \t]*<link rel="preload" as="script" '
                                 r'href="[^"]*_static/scripts/fontawesome\.js[^"]*" />\n?')
BIBLIOENTRY = 'role="doc-biblioentry"'

# ---- Math -------------------------------------------------------------------------------------
# Sphinx's markup for math (sphinx.ext.mathjax's HTML visitors, also used by myst-nb for
# text/latex outputs): an element whose class list holds the word "math", holding an optional
# equation number and then TeX in \( \), \[ \] or a bare \begin{env} ... \end{env}. The closing
# tag right after the TeX anchors the match (TeX is HTML-escaped, so it holds no "<").
MATH_ELEMENT = re.compile(
    r'(?P<open><(?P<tag>span|div) class="[^"]*\bmath\b[^"]*"[^>]*>)'
    r'(?P<eqno>\s*<span class="eqno">.*?</span>)?'
    r"(?P<tex>\s*(?:\\\(.*?\\\)|\\\[.*?\\\]|\\begin\{(?P<env>[A-Za-z*]+)\}.*?\\end\{(?P=env)\})\s*)"
    r"(?P<close></(?P=tag)>)",
    re.S,
)
# Punctuation that must not be separated from an inline formula by a line break.
OPENING = re.compile(r"[(\[“‘]+\Z")
CLOSING = re.compile(r"[,.;:!?)\]’”]+")
# What Sphinx writes for MathJax: its configuration and the script (mathjax_path).
MATHJAX_SCRIPTS = re.compile(r'[ \t]*<script>window\.MathJax = .*?</script>\n?'
                             r'|[ \t]*<script[^>]*src="[^"]*(?:mathjax|gd-math-prerendered)[^"]*"'
                             r"[^>]*></script>\n?", re.S | re.I)
MATH_CSS = "gd-math.css"
MATH_FONT = "gd-math.woff"
RENDER_JS = r"""
function gdRenderAll(items) {
  return items.map(function (item) {
    try {
      return [true, temml.renderToString(item[0], {displayMode: item[1], throwOnError: true,
                                                   annotate: false})];
    } catch (e) {
      return [false, String(e && e.message || e)];
    }
  });
}
"""
# Glyphs the browser draws that are not in the formulas' text: single-letter identifiers in
# italic (MathML's text-transform: math-auto maps them to the Mathematical Italic block) and the
# radical sign of <msqrt>/<mroot> (with its larger variants, which the MATH table brings along).
IMPLICIT_GLYPHS = [*range(0x1D434, 0x1D468), 0x210E, *range(0x1D6E2, 0x1D71C), 0x221A]
FONT_FACE = """/* Math of the book: MathML rendered at build time by scripts/postprocess_html.py
   (Temml). Glyphs: STIX Two Math (SIL Open Font License 1.1, from the PyPI package ziamath),
   cut down to the characters the book uses. A reader who has STIX Two Math installed uses it. */
@font-face {
  font-family: "GD Math";
  src: local("STIX Two Math"), local("STIXTwoMath-Regular"), url("gd-math.woff") format("woff");
  font-display: swap;
}
"""


class MathError(RuntimeError):
    pass


class MathRenderer:
    """Temml in V8 (py_mini_racer); renders lists of (tex, display) pairs, with a cache."""

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer

        self._ctx = MiniRacer()
        self._ctx.eval((TEMML / "temml.min.js").read_text(encoding="utf8"))
        self._ctx.eval(RENDER_JS)
        self._cache: dict[tuple[str, bool], tuple[bool, str]] = {}
        self.chars: set[str] = set()

    def render(self, items: list[tuple[str, bool]]) -> list[tuple[bool, str]]:
        todo = sorted({i for i in items if i not in self._cache})
        if todo:
            out = json.loads(self._ctx.eval(f"JSON.stringify(gdRenderAll({json.dumps(todo)}))"))
            for item, (ok, result) in zip(todo, out):
                self._cache[item] = (ok, result)
                if ok:
                    self.chars.update(htmllib.unescape(re.sub(r"<[^>]*>", "", result)))
        return [self._cache[i] for i in items]

    def close(self) -> None:
        """Stop V8 (a context left to the interpreter's shutdown can hang it)."""
        self._ctx.close()


def tex_of(source: str) -> tuple[str, bool]:
    """The TeX inside Sphinx's delimiters, and whether it is display math."""
    tex = htmllib.unescape(source).strip()
    if tex.startswith("\\("):
        return tex[2:-2].strip(), False
    if tex.startswith("\\["):
        return tex[2:-2].strip(), True
    return tex, True  # \begin{align} ... \end{align} written without delimiters


def render_math(text: str, renderer: MathRenderer, where: str) -> tuple[str, int]:
    """Replace every formula of one page by MathML; raises MathError listing the failures."""
    matches = list(MATH_ELEMENT.finditer(text))
    if not matches:
        return text, 0
    results = renderer.render([tex_of(m.group("tex")) for m in matches])
    errors = [f"{where}: {tex_of(m.group('tex'))[0][:120]!r}: {msg}"
              for m, (ok, msg) in zip(matches, results) if not ok]
    if errors:
        raise MathError("formulas Temml could not render:\n  " + "\n  ".join(errors))
    parts, last = [], 0
    for m, (_, mathml) in zip(matches, results):
        element = m.group("open") + (m.group("eqno") or "") + mathml + m.group("close")
        before = OPENING.search(text, last, m.start()) if m.group("tag") == "span" else None
        after = CLOSING.match(text, m.end()) if m.group("tag") == "span" else None
        if before or after:
            # An inline formula and the punctuation around it break as one word: no line
            # starts with the comma after a formula.
            start = before.start() if before else m.start()
            end = after.end() if after else m.end()
            parts += [text[last:start], '<span class="gd-nobr">',
                      text[start:m.start()], element, text[m.end():end], "</span>"]
            last = end
        else:
            parts += [text[last:m.start()], element]
            last = m.end()
    parts.append(text[last:])
    return "".join(parts), len(matches)


def math_head(text: str, rel: Path) -> str:
    """No MathJax; the math style sheet linked once, in the head."""
    text = MATHJAX_SCRIPTS.sub("", text)
    if MATH_CSS not in text:
        href = "../" * (len(rel.parts) - 1) + "_static/" + MATH_CSS
        text = text.replace("</head>", f'    <link rel="stylesheet" type="text/css" '
                            f'href="{href}" />\n  </head>', 1)
    return text


def write_math_assets(static: Path, chars: set[str]) -> int:
    """gd-math.css (the font face and Temml's style sheet) and the cut-down font; its size."""
    import ziamath
    from fontTools import subset
    from fontTools.ttLib import TTFont

    css = (TEMML / "Temml-Local.css").read_text(encoding="utf8")
    # Temml's default stack names only fonts a reader may have; ours comes first.
    css, n = re.subn(r'(math \{\n  font-family: )"Cambria Math"', r'\1"GD Math", "Cambria Math"',
                     css)
    if n != 1:
        raise MathError("scripts/temml/Temml-Local.css: its math font-family rule has changed")
    (static / MATH_CSS).write_text(FONT_FACE + css, encoding="utf8")
    (static / "Temml.woff2").write_bytes((TEMML / "Temml.woff2").read_bytes())

    source = Path(ziamath.__file__).parent / "fonts" / "STIXTwoMath-Regular.ttf"
    options = subset.Options()
    options.flavor = "woff"  # woff2 would need brotli; the cut-down font is small either way
    options.hinting = False  # browsers draw outlines unhinted; a third of the bytes
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({*map(ord, chars), *range(0x20, 0x7F), 0xA0,
                                        *IMPLICIT_GLYPHS}))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    (static / MATH_FONT).write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


# ---- Icon fonts -------------------------------------------------------------------------------
# Font Awesome's web fonts (fa-solid 156 kB, fa-brands 118 kB) hold ~2,000 icons; the book shows
# about twenty. Each @font-face of the theme gets a second face after it, for the same family,
# holding only the icons in use, with their unicode-range: the browser then takes those icons from
# the small face, and would still fetch the full font for any other icon (none today).
FA_FACE = re.compile(r'@font-face\{(?P<body>[^}]*font-family:Font Awesome[^}]*src:url\('
                     r'(?P<dir>[^)]*/)(?P<name>fa-[a-z]+-\d+)\.woff2\)[^}]*)\}')
FA_CLASS_RULE = re.compile(r'(?P<selectors>[^{}]+)\{content:"(?P<codes>(?:\\[0-9a-f]+)+)"\}')
FA_SELECTOR = re.compile(r"\s*\.fa-(?P<name>[a-z0-9-]+)::?before\s*")
CSS_ESCAPE = re.compile(r'"(?:[^"\\]|\\[0-9a-fA-F]{1,6} ?)*\\[0-9a-fA-F]{4,6}')


def icons_in_use(html_dir: Path, css: str) -> tuple[set[int], set[str], str]:
    """The icon code points in use, the icon class names in use, and ``css`` without the class
    rules of unused icons.

    In use: the icon classes named in the pages and in the theme's scripts (``fa-github``...),
    and the code points that other style rules (admonition icons, ...) write themselves."""
    names_in_use: set[str] = set()
    sources = [p for p in html_dir.rglob("*.html") if "_static" not in p.parts]
    sources += [p for p in (html_dir / "_static").rglob("*.js") if p.name != "fontawesome.js"]
    for path in sources:
        names_in_use.update(re.findall(r"\bfa-([a-z0-9-]+)",
                                       path.read_text(encoding="utf8", errors="replace")))
    used: set[int] = set()
    kept, rest, last = [], [], 0
    for rule in FA_CLASS_RULE.finditer(css):
        names = [FA_SELECTOR.fullmatch(s) for s in rule.group("selectors").split(",")]
        if not all(names):
            continue  # not an icon class rule: stays, and is scanned below
        kept.append(css[last:rule.start()])
        rest.append(css[last:rule.start()])
        last = rule.end()
        if {n.group("name") for n in names} & names_in_use:
            kept.append(rule.group(0))
            used.update(int(c, 16) for c in rule.group("codes").split("\\")[1:])
    kept.append(css[last:])
    rest.append(css[last:])
    # Other rules name icons by escapes ("\\f05a") or by the private-use character itself.
    other = "".join(rest) + "".join(p.read_text(encoding="utf8", errors="replace")
                                    for p in (html_dir / "_static").rglob("*.css")
                                    if p.name != "pydata-sphinx-theme.css")
    used |= {ord(c) for c in other if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000}
    for string in CSS_ESCAPE.findall(other):
        used.update(int(c, 16) for c in re.findall(r"\\([0-9a-fA-F]{4,6})", string))
    return used, names_in_use, "".join(kept)


def lighten_icon_fonts(html_dir: Path) -> tuple[int, int, int]:
    """Drop the class rules of unused icons from the theme's style sheet and add the small
    faces; (bytes of full fonts, of small faces, of style sheet saved)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    sheet = html_dir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if not sheet.is_file():
        return 0, 0, 0
    original = sheet.read_text(encoding="utf8")
    if ".gd-icons.woff" in original:
        return 0, 0, 0  # done already
    used, _, css = icons_in_use(html_dir, original)
    full = small = 0
    parts, last = [], 0
    for face in FA_FACE.finditer(css):
        folder = (sheet.parent / face.group("dir")).resolve()
        ttf = folder / f"{face.group('name')}.ttf"
        if not ttf.is_file():
            continue
        font = TTFont(ttf)
        present = sorted(used & set(font.getBestCmap()))
        if not present:
            continue
        options = subset.Options()
        options.flavor = "woff"
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=present)
        subsetter.subset(font)
        font.flavor = "woff"
        target = folder / f"{face.group('name')}.gd-icons.woff"
        font.save(target)
        full += (folder / f"{face.group('name')}.woff2").stat().st_size
        small += target.stat().st_size
        body = re.sub(r"src:[^;}]*", f'src:url({face.group("dir")}{target.name}) format("woff")',
                      face.group("body"))
        ranges = ",".join(f"U+{c:X}" for c in present)
        parts += [css[last:face.end()], f"@font-face{{{body};unicode-range:{ranges}}}"]
        last = face.end()
    parts.append(css[last:])
    css = "".join(parts)
    sheet.write_text(css, encoding="utf8")
    return full, small, len(original.encode()) - len(css.encode())


# ---- Figures ----------------------------------------------------------------------------------
#: Below this peak signal-to-noise ratio (dB) against the original, flattened on white, the fast
#: palette is not good enough (smooth shading: 3-D surfaces, their grey panes) and the slower
#: median cut is used; a palette that still falls short leaves the figure as it was.
MIN_PSNR = 42.0


def _psnr(a, b) -> float:
    import numpy as np

    d = np.asarray(a, dtype=float) - np.asarray(b.convert("RGB"), dtype=float)
    mse = float((d * d).mean())
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def _white_exact(palette_image):
    """Make the palette entry nearest white exactly white: the figure's background must be the
    page's (and the dark-mode card's) #fff, not a near-white box."""
    colours = palette_image.getpalette()[:768]
    nearest = min(range(len(colours) // 3),
                  key=lambda i: sum((255 - v) ** 2 for v in colours[3 * i:3 * i + 3]))
    colours[3 * nearest:3 * nearest + 3] = [255, 255, 255]
    palette_image.putpalette(colours)
    return palette_image


def quantised_png(data: bytes) -> bytes | None:
    """A PNG as a 256-colour palette image on white, or None to keep it as it is."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if image.mode not in ("RGBA", "RGB", "LA", "L"):
            return None  # already a palette image (a second run) or something unusual
        image.load()
        dpi = {"dpi": image.info["dpi"]} if "dpi" in image.info else {}
        rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    palette = _white_exact(flat.quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                                         dither=Image.Dither.NONE))
    if _psnr(flat, palette) < MIN_PSNR:
        palette = flat.quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                dither=Image.Dither.NONE)
        if _psnr(flat, palette) < MIN_PSNR:
            return None
    buffer = io.BytesIO()
    palette.save(buffer, "PNG", optimize=True, **dpi)
    return buffer.getvalue() if buffer.tell() < len(data) else None


def start_lightening_images(images: Path, cache: Path | None = None,
                            pool: Executor | None = None) -> Callable[[], tuple[int, int, int]]:
    """Quantise the PNG figures (see quantised_png) on ``pool``'s workers, or here without a
    pool; returns the function that waits for them, writes the results and returns (files,
    bytes before, after).

    ``cache`` (a folder) keeps each result under the hash of the original, so a rebuild that
    copies the same figures again does not quantise them again. Every figure is submitted
    before this returns, so the workers are forked before anything else starts (the math
    renderer's V8 must not be forked)."""
    import hashlib

    # (figure, its bytes, the cache file to write or None, the result or its future)
    jobs: list[tuple[Path, bytes, Path | None, bytes | None | Future]] = []
    for path in sorted(images.glob("*.png")) if images.is_dir() else []:
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        cached = cache / f"{key}.png" if cache else None
        if cached and cached.is_file():
            # an empty file: keep the original
            jobs.append((path, data, None, cached.read_bytes() or None))
        else:
            jobs.append((path, data, cached,
                         pool.submit(quantised_png, data) if pool else quantised_png(data)))

    def finish() -> tuple[int, int, int]:
        count = before = after = 0
        for path, data, to_cache, new in jobs:
            if isinstance(new, Future):
                new = new.result()
            if to_cache:
                to_cache.parent.mkdir(parents=True, exist_ok=True)
                to_cache.write_bytes(new or b"")
            if new:
                path.write_bytes(new)
                count += 1
                before += len(data)
                after += len(new)
        return count, before, after

    return finish


def lighten_images(images: Path, cache: Path | None = None) -> tuple[int, int, int]:
    """Quantise the PNG figures in this process; (files, bytes before, after)."""
    return start_lightening_images(images, cache)()


def _process_pages(html_dir: Path, renderers: list[MathRenderer]
                   ) -> tuple[int, int, int, set[str]]:
    """Rewrite every page; (pages, pages changed, formulas rendered, their characters). The
    math renderer, started on the first page with math, is appended to ``renderers``."""
    pages = changed = formulas = 0
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir)
        if "_static" in rel.parts:
            continue
        text = path.read_text(encoding="utf8")
        new = FONTAWESOME.sub("", text)
        new = FONTAWESOME_PRELOAD.sub("", new)
        new = new.replace(BIBLIOENTRY, 'role="listitem"')
        if rel.as_posix() != "search.html":
            new = SEARCH.sub("", new)
        if MATH_ELEMENT.search(new):
            if not renderers:
                renderers.append(MathRenderer())
            new, n = render_math(new, renderers[0], rel.as_posix())
            formulas += n
        if MATH_CSS in new or "<math" in new or MATHJAX_SCRIPTS.search(new):
            new = math_head(new, rel)
        pages += 1
        if new != text:
            path.write_text(new, encoding="utf8")
            changed += 1
    return pages, changed, formulas, renderers[0].chars if renderers else set()


def process(html_dir: Path) -> tuple[int, int]:
    renderers: list[MathRenderer] = []
    # The figures are quantised on worker processes while this one rewrites the pages and
    # the icon fonts (the workers start first: see start_lightening_images).
    with ProcessPoolExecutor(max(1, min(2, os.cpu_count() or 1))) as pool:
        finish_images = start_lightening_images(html_dir / "_images",
                                                html_dir.parent / ".gd_figure_cache", pool)
        try:
            pages, changed, formulas, chars = _process_pages(html_dir, renderers)
        finally:
            for renderer in renderers:
                renderer.close()
        if formulas:
            size = write_math_assets(html_dir / "_static", chars)
            print(f"postprocess_html: {formulas} formulas rendered to MathML at build time "
                  f"({len(chars)} characters, font {size / 1e3:.0f} kB)")
        full, small, saved = lighten_icon_fonts(html_dir)
        if small:
            print(f"postprocess_html: the icons in use come from {small / 1e3:.0f} kB of fonts "
                  f"instead of {full / 1e3:.0f} kB; the theme's style sheet is "
                  f"{saved / 1e3:.0f} kB lighter (no rules for unused icons)")
        count, before, after = finish_images()
    if count:
        print(f"postprocess_html: {count} PNG figures quantised, {before / 1e6:.1f} MB -> "
              f"{after / 1e6:.1f} MB")
    return pages, changed


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1 or not (Path(args[0]) / "index.html").is_file():
        print("usage: postprocess_html.py BUILT_HTML_DIR (with index.html)", file=sys.stderr)
        return 2
    try:
        pages, changed = process(Path(args[0]))
    except MathError as error:
        print(f"postprocess_html: error: {error}", file=sys.stderr)
        return 1
    print(f"postprocess_html: {changed} of {pages} pages made lighter (math as MathML, no "
          "fontawesome.js; the search index only on search.html; bibliography entries are "
          "list items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
