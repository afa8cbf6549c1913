"""Reading a chapter notebook's text, for the claims tests (tests/test_claims_*.py).

``Chapter("06_momentum.ipynb")`` gives its cells, its markdown, the text of an exercise's
``{solution}`` block and of the answer dropdown that follows a quick check, and checks that a
dropdown shows the answer the quick-check bank accepts. The notebook is read again at each call,
so a test sees the chapter as it is on disk.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from gdkit.course.checks import Number, all_checks

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"


class Chapter:
    """One notebook of chapters/ (a file name, or a path)."""

    def __init__(self, notebook: str | Path) -> None:
        path = Path(notebook)
        self.path = path if path.is_absolute() else CHAPTERS / path

    @property
    def cells(self) -> list:
        return nbformat.read(self.path, as_version=4).cells

    @property
    def markdown(self) -> str:
        """Every markdown cell, joined by newlines."""
        return "\n".join(c.source for c in self.cells if c.cell_type == "markdown")

    def cell_after_check(self, check_id: str) -> str:
        """The whole markdown cell (the answer dropdown) after the ``gd.check(check_id`` cell."""
        cells = self.cells
        for i, cell in enumerate(cells):
            if cell.cell_type == "code" and f'gd.check("{check_id}"' in cell.source:
                after = cells[i + 1]
                assert after.cell_type == "markdown" and ":class: dropdown" in after.source, check_id
                return after.source
        raise AssertionError(f"no gd.check({check_id!r}) cell in {self.path.name}")

    def dropdown_after(self, check_id: str) -> str:
        """The answer inside that dropdown (after ``:class: dropdown``, up to ``:::``), stripped."""
        source = self.cell_after_check(check_id)
        return source.split(":class: dropdown", 1)[1].split("\n:::", 1)[0].strip()

    def solution(self, label: str) -> str:
        """The text of the ``{solution}`` block of the exercise ``label``."""
        text = self.markdown
        match = re.search(r"^(`{3,})\{solution\} " + re.escape(label) + r"\n", text, re.M)
        assert match, f"no solution of {label} in {self.path.name}"
        end = text.find("\n" + match.group(1), match.end())
        return text[match.end() : end]

    def assert_dropdown_shows_bank_answer(self, check_id: str, shown: str) -> None:
        """The dropdown states ``shown``, and the quick-check bank accepts it as the answer."""
        check = all_checks()[check_id]
        text = self.dropdown_after(check_id)
        assert shown in text, (check_id, shown, text)
        if isinstance(check, Number):
            assert check.mark(float(shown)).correct, (check_id, shown, check.answer)
        else:
            assert shown == f'`"{check.answer}"`', (check_id, shown, check.answer)
            assert check.mark(check.answer).correct


#: The cell tags that keep a code cell's source out of the reader's way in the book.
HIDDEN_INPUT = {"remove-cell", "remove-input", "hide-input", "hide-cell"}


def prose_words(source: str) -> int:
    """Words of prose a reader reads in markdown ``source``.

    Exercise solutions (``{solution}`` blocks), display math, code blocks, directive and option
    lines and labels are not counted; an inline formula counts as one word.
    """
    text = re.sub(r"(?ms)^(`{3,}|:{3,})\{solution\}.*?^\1[ \t]*$", "", source)
    text = re.sub(r"(?ms)^(`{3,})(?!\{)[^\n]*\n.*?^\1[ \t]*$", "", text)  # code blocks
    text = re.sub(r"(?s)\$\$.*?\$\$", "", text)
    text = re.sub(r"\$[^$\n]+\$", " formula ", text)
    text = re.sub(r"(?m)^\s*(`{3,}|:{3,}).*$", "", text)
    text = re.sub(r"(?m)^:[\w-]+:.*$", "", text)
    text = re.sub(r"(?m)^\([\w-]+\)=\s*$", "", text)
    text = re.sub(r"\{\w+\}`([^`<]*)(<[^>]*>)?`", r"\1", text)
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))
