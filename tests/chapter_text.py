"""Reading a chapter notebook's text, for the claims tests (tests/test_claims_*.py).

``Chapter("06_momentum.ipynb")`` gives its cells, its markdown, the text of an exercise's
``{solution}`` block and of the answer a quick check shows, and checks that it is the answer the
quick-check bank accepts. The notebook is read again at each call, so a test sees the chapter as
it is on disk.

A quick check's answer is the bank's ``explanation`` (gdkit/course/bank/chNN.py), which
``gd.check`` prints behind a toggle; a chapter not yet migrated (/work/brief/migrate_qc.py) still
types it in a dropdown, the markdown cell after the check. Both read the same here.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from gdkit.course.checks import Number, all_checks

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
#: How a typed answer dropdown opens (chapters not yet migrated to the bank's explanation).
TYPED_DROPDOWN = ":::{admonition} Answer\n:class: dropdown\n"
CHECK_CALL = re.compile(r"""\bgd\.check\(\s*["'](ch\d\d-[\w-]+)["']""")


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
        """Every markdown cell, joined by newlines, with each quick check's answer where the
        reader sees it: typed in the chapter, or (once it lives in the bank) its explanation."""
        parts = []
        cells = self.cells
        for i, cell in enumerate(cells):
            if cell.cell_type == "markdown":
                parts.append(cell.source)
            elif cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", []):
                match = CHECK_CALL.search(cell.source)
                after = cells[i + 1] if i + 1 < len(cells) else None
                typed = after is not None and after.cell_type == "markdown" and after.source.startswith(
                    TYPED_DROPDOWN
                )
                if match and not typed:
                    explanation = all_checks().get(match.group(1))
                    if explanation is not None and explanation.explanation.strip():
                        parts.append(f"{TYPED_DROPDOWN}{explanation.explanation.strip()}\n:::")
        return "\n".join(parts)

    def cell_after_check(self, check_id: str) -> str:
        """The answer dropdown after the ``gd.check(check_id`` cell, and the text after it.

        While a chapter types the dropdown, this is the whole markdown cell after the check.
        Once the answer lives in the bank, it is the same dropdown written from the bank's
        ``explanation`` (what the reader sees), then the markdown cell that follows, if any.
        """
        cells = self.cells
        for i, cell in enumerate(cells):
            if cell.cell_type == "code" and f'gd.check("{check_id}"' in cell.source:
                after = cells[i + 1] if i + 1 < len(cells) else None
                typed = after is not None and after.cell_type == "markdown" and after.source.startswith(
                    TYPED_DROPDOWN
                )
                if typed:
                    return after.source
                explanation = all_checks()[check_id].explanation.strip()
                assert explanation, f"{check_id}: no answer dropdown and no explanation in the bank"
                rest = after.source if after is not None and after.cell_type == "markdown" else ""
                return f"{TYPED_DROPDOWN}{explanation}\n:::\n\n{rest}"
        raise AssertionError(f"no gd.check({check_id!r}) cell in {self.path.name}")

    def has_typed_dropdown(self, check_id: str) -> bool:
        """Whether the chapter still types the answer of ``check_id`` in a dropdown."""
        cells = self.cells
        for i, cell in enumerate(cells[:-1]):
            if cell.cell_type == "code" and f'gd.check("{check_id}"' in cell.source:
                after = cells[i + 1]
                return after.cell_type == "markdown" and after.source.startswith(TYPED_DROPDOWN)
        return False

    def dropdown_after(self, check_id: str) -> str:
        """The answer the reader is shown for ``check_id`` (the dropdown's text), stripped."""
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
