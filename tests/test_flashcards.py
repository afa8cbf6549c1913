"""scripts/build_flashcards.py builds an Anki deck that matches the book's revision sources.

The deck is built into a temporary folder; the .txt is parsed back (Anki's file headers, one
note per line with a stable GUID), and the .apkg is opened as what it is, a zip holding an SQLite
collection, to count its notes and read a card's fields.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sqlite3
import sys
import zipfile
from pathlib import Path

import pytest

from gdkit.course.checks import all_checks

ROOT = Path(__file__).resolve().parents[1]


def _load_script():
    spec = importlib.util.spec_from_file_location(
        "build_flashcards", ROOT / "scripts" / "build_flashcards.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


flashcards = _load_script()


def _expected_counts() -> dict[str, int]:
    glossary = (ROOT / "chapters" / "revision" / "glossary.md").read_text(encoding="utf-8")
    body = re.search(r"```\{glossary\}\n(.*?)\n```", glossary, re.S).group(1)
    entries = [e for e in re.split(r"\n\s*\n", body) if e.strip() and not e.startswith(":")]
    self_check = (ROOT / "chapters" / "revision" / "self_check.md").read_text(encoding="utf-8")
    return {
        "glossary": len(entries),
        "selfcheck": self_check.count("```{exercise}"),
        "quickcheck": len(all_checks()),
    }


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deck")
    assert flashcards.main(["--out", str(out)]) == 0
    return out


def _text_rows(deck: Path) -> tuple[list[str], list[list[str]]]:
    lines = (deck / f"{flashcards.STEM}.txt").read_text(encoding="utf-8").splitlines()
    headers = [ln for ln in lines if ln.startswith("#")]
    rows = list(csv.reader([ln for ln in lines if not ln.startswith("#")], delimiter="\t"))
    return headers, rows


def test_text_file_has_ankis_headers(deck: Path) -> None:
    headers, _ = _text_rows(deck)
    assert headers[:6] == [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        f"#deck:{flashcards.DECK_NAME}",
        "#guid column:1",
        "#tags column:4",
    ]


def test_text_file_has_one_note_per_source_with_unique_stable_guids(deck: Path) -> None:
    _, rows = _text_rows(deck)
    expected = _expected_counts()
    assert len(rows) == sum(expected.values())
    assert all(len(r) == 4 for r in rows), "every line has GUID, Front, Back, Tags"
    guids = [r[0] for r in rows]
    assert len(set(guids)) == len(guids)
    for kind, n in expected.items():
        assert sum(kind in r[3].split() for r in rows) == n, kind
    # the GUID depends on the source id only, not on the text
    card = flashcards.Card("selfcheck:sc-04-limit", "front", "back")
    edited = flashcards.Card("selfcheck:sc-04-limit", "other front", "other back")
    assert card.guid == edited.guid == flashcards.guid_for("selfcheck:sc-04-limit")
    assert flashcards.guid_for("selfcheck:sc-04-limit") in guids


def test_cards_use_ankis_mathjax_delimiters_and_no_myst(deck: Path) -> None:
    _, rows = _text_rows(deck)
    fields = [f for r in rows for f in r[1:3]]
    assert any(r"\(" in f and r"\)" in f for f in fields)
    # display maths (none in today's sources) becomes \[ \]; HTML is escaped outside and inside
    assert flashcards.to_html("so $$a < b$$ and **c** $x$") == r"so \[a &lt; b\] and <b>c</b> \(x\)"
    for f in fields:
        assert "$" not in f, f[:80]
        assert "{doc}" not in f and "{cite}" not in f and "{bdg" not in f, f[:80]
        assert "\t" not in f and "\n" not in f
    by_guid = {r[0]: r for r in rows}
    limit = by_guid[flashcards.guid_for("selfcheck:sc-04-limit")]
    assert r"\(L(\theta) = 4\theta^2\)" in limit[1] and "0.25" in limit[2]
    lr = by_guid[flashcards.guid_for("glossary:Learning rate")]
    assert lr[1] == "Define: <b>Learning rate</b>" and r"\(\alpha &gt; 0\)" in lr[2]
    assert "See chapter 4." in lr[2]


def test_quick_check_cards_carry_the_banks_answer(deck: Path) -> None:
    _, rows = _text_rows(deck)
    by_guid = {r[0]: r for r in rows}
    for check_id, check in all_checks().items():
        row = by_guid[flashcards.guid_for(f"quickcheck:{check_id}")]
        if hasattr(check, "options"):
            assert f"<b>{check.answer}</b>" in row[2]
        elif isinstance(check.answer, str):
            assert check.answer.replace("<", "&lt;") in row[2]
        else:
            assert f"<b>{check.answer:g}</b>" in row[2]


def test_apkg_is_a_zip_with_the_notes_in_sqlite(deck: Path, tmp_path: Path) -> None:
    import genanki  # noqa: F401  (in the lock: the .apkg is always built and checked)
    apkg = deck / f"{flashcards.STEM}.apkg"
    with zipfile.ZipFile(apkg) as archive:
        names = archive.namelist()
        assert "collection.anki2" in names
        archive.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        (n_notes,) = db.execute("select count(*) from notes").fetchone()
        (n_cards,) = db.execute("select count(*) from cards").fetchone()
        assert n_notes == n_cards == sum(_expected_counts().values())
        guid = flashcards.guid_for("glossary:Gradient descent")
        (fields, tags) = db.execute(
            "select flds, tags from notes where guid = ?", (guid,)
        ).fetchone()
        front, back = fields.split("\x1f")
        assert front == "Define: <b>Gradient descent</b>"
        assert r"\(\theta_t = \theta_{t-1} - \alpha\,\nabla L(\theta_{t-1})\)" in back
        assert "glossary" in tags.split()
    finally:
        db.close()


def test_flashcards_page_links_the_files_where_the_build_puts_them() -> None:
    page = (ROOT / "chapters" / "revision" / "flashcards.md").read_text(encoding="utf-8")
    for ext in ("apkg", "txt"):
        assert f'href="../../flashcards/{flashcards.STEM}.{ext}"' in page
