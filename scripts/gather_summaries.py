#!/usr/bin/env python3
"""Gather every chapter's revision summary into one page: chapters/revision/summaries.md.

Each chapter notebook ends with a markdown cell that starts with its label ``(chNN-revision)=``
followed by a ``:::{admonition} Revision summary: <title>`` box (see CONTRIBUTING.md). This
script copies those cells, in chapter order, into ``chapters/revision/summaries.md``, so the
revision part can never disagree with the chapters. The page is committed; run

    python scripts/gather_summaries.py           # rewrite the page
    python scripts/gather_summaries.py --check   # exit 1 if the committed page is stale

after editing a chapter's summary. ``tests/test_summaries.py`` fails when the committed page
differs from what this script generates.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
PAGE = CHAPTERS / "revision" / "summaries.md"

CHAPTER_FILE = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")
#: ``{doc}`target``` or ``{doc}`text <target>```: relative targets need one more ``../``.
DOC_ROLE = re.compile(r"\{doc\}`(?:([^`<]*?)\s*<)?([^`<>]+?)>?`")
#: Markdown links and images with a relative address: ``[text](05_x.ipynb)``, ``![alt](fig.png)``.
RELATIVE_LINK = re.compile(r"(\]\()(?!https?:|mailto:|#|/)([^)\s]+\))")

HEADER = """\
% GENERATED FILE: do not edit. It is written by `python scripts/gather_summaries.py` from the
% revision cell "(chNN-revision)=" at the end of each chapter notebook; edit those cells instead.
% tests/test_summaries.py fails when this page is stale.

(revision-summaries)=
# Chapter summaries

Every chapter of the book ends with a box of the points an examiner expects you to know and the
formulas you must be able to write down from memory. They are collected here, in chapter order,
copied from the chapters themselves (so this page always says exactly what the chapters say).
Read a box, cover it, and try to write its formulas on paper; the heading links take you back to
the chapter when a point is not clear.
"""


def chapter_notebooks(chapters: Path = CHAPTERS) -> list[Path]:
    """The chapter notebooks ``NN_name.ipynb`` present in ``chapters``, in chapter order."""
    return sorted(p for p in chapters.glob("*.ipynb") if CHAPTER_FILE.match(p.name))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def chapter_title(notebook: dict, fallback: str) -> str:
    """The text of the first level-1 heading ``# ...`` in the notebook's markdown cells."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def revision_cell(notebook: dict, number: str) -> str | None:
    """The markdown cell that starts with ``(chNN-revision)=``, or None if there is none."""
    label = f"(ch{number}-revision)="
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown" and _source(cell).lstrip().startswith(label):
            return _source(cell).strip()
    return None


def _relocate(text: str) -> str:
    """Rewrite relative ``{doc}`` targets and links for a page one folder below the chapters."""

    def fix(match: re.Match) -> str:
        text, target = match.group(1), match.group(2).strip()
        if not target.startswith("/"):
            target = "../" + target
        return f"{{doc}}`{text} <{target}>`" if text else f"{{doc}}`{target}`"

    return RELATIVE_LINK.sub(r"\1../\2", DOC_ROLE.sub(fix, text))


def gather(chapters: Path = CHAPTERS) -> tuple[str, list[str]]:
    """The page's text, and the chapter files that have no revision cell (left out of it)."""
    parts, missing = [HEADER], []
    for path in chapter_notebooks(chapters):
        number = CHAPTER_FILE.match(path.name).group(1)
        notebook = json.loads(path.read_text(encoding="utf8"))
        cell = revision_cell(notebook, number)
        if cell is None:
            missing.append(path.name)
            continue
        body = cell.split("\n", 1)[1].strip() if "\n" in cell else ""  # drop the label line
        title = chapter_title(notebook, path.stem)
        parts.append(
            f"## {int(number)}. {title}\n\n"
            f"From {{doc}}`chapter {int(number)} <../{path.stem}>`.\n\n{_relocate(body)}\n"
        )
    return "\n".join(parts), missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed page is out of date")
    args = parser.parse_args(argv)
    text, missing = gather()
    for name in missing:
        print(f"warning: chapters/{name} has no revision cell '(chNN-revision)=': left out",
              file=sys.stderr)
    if args.check:
        current = PAGE.read_text(encoding="utf8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE.relative_to(ROOT)} is stale: run python scripts/gather_summaries.py",
                  file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
