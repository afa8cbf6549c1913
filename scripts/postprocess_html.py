#!/usr/bin/env python3
"""Make the built pages lighter, after ``jupyter-book build`` (make.py runs it on both builds).

    .venv/bin/python scripts/postprocess_html.py _build/html

The theme's templates hard-code two heavy things into every page (issue #14):

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

The rewrite is a few exact tag removals (idempotent); ``tests/browser/test_site.py`` checks
the result: icons still drawn, search still works, the files are no longer requested.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FONTAWESOME = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
                         r"</script>\n?")
SEARCH = re.compile(r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js'
                    r'|searchindex\.js)[^"]*"></script>\n?')
# The theme preloads the script it no longer needs.
FONTAWESOME_PRELOAD = re.compile(r'[ \t]*<link rel="preload" as="script" '
                                 r'href="[^"]*_static/scripts/fontawesome\.js[^"]*" />\n?')


BIBLIOENTRY = 'role="doc-biblioentry"'


def process(html_dir: Path) -> tuple[int, int]:
    pages = changed = 0
    for path in html_dir.rglob("*.html"):
        if "_static" in path.relative_to(html_dir).parts:
            continue
        text = path.read_text(encoding="utf8")
        new = FONTAWESOME.sub("", text)
        new = FONTAWESOME_PRELOAD.sub("", new)
        new = new.replace(BIBLIOENTRY, 'role="listitem"')
        if path.relative_to(html_dir).as_posix() != "search.html":
            new = SEARCH.sub("", new)
        pages += 1
        if new != text:
            path.write_text(new, encoding="utf8")
            changed += 1
    return pages, changed


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1 or not (Path(args[0]) / "index.html").is_file():
        print("usage: postprocess_html.py BUILT_HTML_DIR (with index.html)", file=sys.stderr)
        return 2
    pages, changed = process(Path(args[0]))
    print(f"postprocess_html: {changed} of {pages} pages made lighter (no fontawesome.js; "
          "the search index only on search.html; bibliography entries are list items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
