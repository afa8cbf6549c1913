"""The quick-check bank and the chapters agree: every id a chapter uses exists in the bank, and
every id in the bank is asked exactly once (``gd.check("id", ...)`` in a code cell of
chapters/*.ipynb that the reader sees). A chapter's hidden self-test cell (tagged
``remove-cell``) may also call ``gd.check`` to assert the bank's answer; that is not asking."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import nbformat

from gdkit.course.checks import all_checks

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
BANK = set(all_checks())


def test_the_chapters_ask_quick_checks() -> None:
    assert len(USES) >= 10


def test_every_id_a_chapter_uses_is_in_the_bank() -> None:
    missing = sorted((set(USES) | set(SELF_TESTS)) - BANK)
    assert not missing, f"used in a chapter but not in the bank: {missing}"


def test_every_bank_id_is_asked_exactly_once() -> None:
    unused = sorted(BANK - set(USES))
    repeated = sorted(i for i, n in USES.items() if n > 1 and i in BANK)
    assert not unused and not repeated, f"never asked: {unused}; asked more than once: {repeated}"
