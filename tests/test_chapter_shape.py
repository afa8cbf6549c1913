"""Every chapter keeps the shape of CONTRIBUTING.md: prose of a readable length, code cells
that read like a sentence of the lesson, quick checks before the exercises."""

from __future__ import annotations

import re

import nbformat
import pytest
from chapter_text import CHAPTERS, HIDDEN_INPUT, prose_words

NUMBERED = sorted(CHAPTERS.glob("[0-9][0-9]_*.ipynb"))
ALL = NUMBERED + sorted(CHAPTERS.glob("appendix_*.ipynb"))
#: About 3,500 words of prose a chapter (issue #15), solutions and formulas not counted.
MAX_WORDS = 3500
#: A visible code cell is at most 12 lines (CONTRIBUTING.md); longer ones hide their input.
MAX_LINES = 12


def test_prose_words_counts_what_a_reader_reads() -> None:
    text = (
        "Two words $x + y$.\n\n$$\na = b\n$$\n\n```{solution} ex\n:class: dropdown\n"
        "many words hidden here\n```\n\n```python\nprint('code')\n```\n(label)=\nEnd."
    )
    assert prose_words(text) == 4  # Two, words, the formula, End


@pytest.mark.parametrize("path", NUMBERED, ids=lambda p: p.stem[:2])
def test_chapter_prose_is_at_most_about_3500_words(path) -> None:
    nb = nbformat.read(path, as_version=4)
    words = sum(prose_words(c.source) for c in nb.cells if c.cell_type == "markdown")
    assert words <= MAX_WORDS, f"{path.name}: {words} words of prose, more than {MAX_WORDS}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem[:11])
def test_visible_code_cells_are_at_most_12_lines(path) -> None:
    nb = nbformat.read(path, as_version=4)
    long = [
        (i, len(c.source.strip().splitlines()))
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        and not HIDDEN_INPUT & set(c.metadata.get("tags", []))
        and len(c.source.strip().splitlines()) > MAX_LINES
    ]
    assert not long, (
        f"{path.name}: visible code cells longer than {MAX_LINES} lines (cell, lines): {long}; "
        "move the work into gdkit or tag the cell hide-input"
    )


@pytest.mark.parametrize("path", NUMBERED, ids=lambda p: p.stem[:2])
def test_quick_checks_come_before_the_exercises(path) -> None:
    cells = nbformat.read(path, as_version=4).cells
    checks = [i for i, c in enumerate(cells) if c.cell_type == "code" and "gd.check(" in c.source]
    exercises = [
        i for i, c in enumerate(cells)
        if c.cell_type == "markdown" and re.search(r"(?m)^## Exercises", c.source)
    ]
    assert exercises, f"{path.name} has no '## Exercises' section"
    assert checks and max(checks) < exercises[0], (
        f"{path.name}: quick checks at cells {checks}, exercises start at cell {exercises[0]}"
    )
