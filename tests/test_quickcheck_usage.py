"""The quick-check bank and the chapters agree: every id a chapter uses exists in the bank, and
every id in the bank is asked exactly once (``gd.check("id", ...)`` in a code cell of
chapters/*.ipynb that the reader sees), and the answer the reader is shown is written once, in
the bank (its ``explanation``, which ``gd.check`` prints; a chapter not yet migrated still types
it in a dropdown, never both) and states the bank's answer. A chapter's hidden self-test cell (tagged
``remove-cell``) may also call ``gd.check`` to assert the bank's answer; that is not asking."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import nbformat
import pytest
from chapter_text import Chapter

from gdkit.course.checks import Number, all_checks

ROOT = Path(__file__).resolve().parents[1]
CALL = re.compile(r"""\bgd\.check\(\s*(["'])([^"']+)\1""")


def chapter_uses(hidden: bool) -> collections.Counter:
    """Ids in the visible code cells (``hidden=False``) or in the remove-cell ones."""
    uses: collections.Counter = collections.Counter()
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            is_hidden = "remove-cell" in cell.metadata.get("tags", [])
            if cell.cell_type == "code" and is_hidden == hidden:
                uses.update(m.group(2) for m in CALL.finditer(cell.source))
    return uses


USES = chapter_uses(hidden=False)
SELF_TESTS = chapter_uses(hidden=True)
CHECKS = all_checks()
BANK = set(CHECKS)


def test_the_chapters_ask_quick_checks() -> None:
    assert len(USES) >= 10


def test_every_id_a_chapter_uses_is_in_the_bank() -> None:
    missing = sorted((set(USES) | set(SELF_TESTS)) - BANK)
    assert not missing, f"used in a chapter but not in the bank: {missing}"


def test_every_bank_id_is_asked_exactly_once() -> None:
    unused = sorted(BANK - set(USES))
    repeated = sorted(i for i, n in USES.items() if n > 1 and i in BANK)
    assert not unused and not repeated, f"never asked: {unused}; asked more than once: {repeated}"


# -- the answer a reader is shown comes from the bank (issue #12, part 3) ---------------------
def _asked() -> dict[str, str]:
    """Check id -> notebook file name, for every check a chapter asks."""
    asked = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", []):
                asked.update((m.group(2), path.name) for m in CALL.finditer(cell.source))
    return asked


ASKED = _asked()
NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\{,\}\d+)*(?:\.\d+)?)(?:\s*/\s*(\d+))?")


def _numbers(text: str) -> list[float]:
    values = []
    for whole, denominator in NUMBER.findall(text):
        value = float(whole.replace("{,}", "").replace(",", ""))
        values.append(value)
        if denominator and float(denominator):
            values.append(value / float(denominator))
    return values


def test_every_answer_is_written_once() -> None:
    """The bank's explanation, or (until a chapter is migrated) a typed dropdown: never both."""
    both, neither = [], []
    for check_id, name in ASKED.items():
        typed = Chapter(name).has_typed_dropdown(check_id)
        explained = bool(CHECKS[check_id].explanation.strip())
        (both if typed and explained else neither if not (typed or explained) else []).append(check_id)
    assert not both, f"the answer is typed in the chapter and in the bank: {both}"
    assert not neither, f"no answer shown: {neither}"


@pytest.mark.parametrize("check_id", sorted(ASKED))
def test_the_answer_shown_states_the_bank_answer(check_id: str) -> None:
    check = CHECKS[check_id]
    shown = Chapter(ASKED[check_id]).dropdown_after(check_id)
    if isinstance(check, Number):
        close = [v for v in _numbers(shown) if check.mark(v).correct]
        assert close, f"{check_id}: no number in the answer shown is {check.answer:g}: {shown[:120]}"
    else:
        assert check.answer.lower() in shown.lower(), (check_id, check.answer, shown[:120])
