#!/usr/bin/env python3
r"""Build the book's Anki flashcards from the glossary, the self-check questions and the quick checks.

    python scripts/build_flashcards.py --out DIR

writes into ``DIR``

* ``gradient_descent_flashcards.txt``: a tab-separated text file with Anki's file headers
  (``#separator:tab``, ``#html:true``, ``#notetype:Basic``, ``#deck:...``, ``#guid column:1``,
  ``#tags column:4``), for *File → Import* in Anki 2.1.54 or later. Because every note carries a
  stable GUID, importing a newer file updates the notes instead of duplicating them;
* ``gradient_descent_flashcards.apkg``: the same notes as an Anki package, if the ``genanki``
  package is installed (otherwise it is skipped with a message).

The cards come from three sources, so that they cannot drift from the book:

* ``chapters/revision/glossary.md``: one card per entry ("Define: term" → its definition);
* ``chapters/revision/self_check.md``: one card per ``{exercise}`` and its ``{solution}``;
* the quick-check bank ``gdkit.course.checks`` (``gdkit/quickchecks/chNN.py``): question → answer
  and hint.

Mathematics is written in Anki's MathJax delimiters, ``\(...\)`` inline and ``\[...\]`` displayed.
A card's GUID is a hash of its *source id* (``glossary:Learning rate``, ``selfcheck:sc-04-limit``,
``quickcheck:ch04-...``), never of its text, so editing a card's wording updates the same note.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVISION = ROOT / "chapters" / "revision"
GLOSSARY = REVISION / "glossary.md"
SELF_CHECK = REVISION / "self_check.md"

DECK_NAME = "Gradient Descent, an executable course"
STEM = "gradient_descent_flashcards"
#: Fixed ids (random once, never change them): Anki identifies the deck and note type by them.
DECK_ID = 1_734_617_201
MODEL_ID = 1_734_617_202
MODEL_NAME = "Gradient Descent course (Basic)"
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black;
  background-color: white; } .source { font-size: 14px; color: #666; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 2px 6px; }"""

CHAPTER_FILE = re.compile(r"(?:\.\./)?(\d\d)_[a-z0-9_]+")


@dataclass(frozen=True)
class Card:
    """One note: a stable source id, the two HTML fields and Anki tags."""

    source_id: str
    front: str
    back: str
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def guid(self) -> str:
        return guid_for(self.source_id)


def guid_for(source_id: str) -> str:
    """A stable GUID from the card's source id (not its text): ``gd-`` and 16 hex digits."""
    return "gd-" + hashlib.sha256(source_id.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# MyST markdown → Anki HTML


def _chapter_name(target: str) -> str:
    match = CHAPTER_FILE.search(target)
    return f"chapter {int(match.group(1))}" if match else Path(target).name.replace("_", " ")


def _roles(text: str) -> str:
    """Replace MyST roles by plain text: {doc} → "chapter N", {cite} dropped, {term} kept."""
    text = re.sub(r"\s*\{cite\}`[^`]*`", "", text)
    text = re.sub(r"\{doc\}`([^`<]+?)\s*<[^`>]+>`", r"\1", text)
    text = re.sub(r"\{doc\}`([^`]+)`", lambda m: _chapter_name(m.group(1)), text)
    text = re.sub(r"\{(?:ref|numref)\}`([^`<]+?)\s*<[^`>]+>`", r"\1", text)
    text = re.sub(r"\{(?:ref|numref)\}`([^`]+)`", r"\1", text)
    text = re.sub(r"\{(?:term|abbr)\}`([^`]+)`", r"\1", text)
    text = re.sub(r"\{bdg-[a-z-]+\}`([^`]*)`", r"[\1]", text)
    return text


def _inline(text: str) -> str:
    """Escape HTML and convert inline markdown; math becomes \\( \\) and \\[ \\]."""
    pieces = re.split(r"(\$\$.+?\$\$|\$[^$\n]+?\$|`[^`]+`)", text, flags=re.S)
    out = []
    for piece in pieces:
        if piece.startswith("$$") and piece.endswith("$$") and len(piece) > 4:
            out.append(r"\[" + html.escape(piece[2:-2].strip(), quote=False) + r"\]")
        elif piece.startswith("$") and piece.endswith("$") and len(piece) > 2:
            out.append(r"\(" + html.escape(piece[1:-1], quote=False) + r"\)")
        elif piece.startswith("`") and piece.endswith("`") and len(piece) > 2:
            out.append("<code>" + html.escape(piece[1:-1], quote=False) + "</code>")
        else:
            piece = html.escape(piece, quote=False)
            piece = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", piece, flags=re.S)
            piece = re.sub(
                r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", piece, flags=re.S
            )
            out.append(piece)
    return "".join(out)


def _table(lines: list[str]) -> str:
    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip().strip("|").split("|")]

    head, *body = [ln for ln in lines if not re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", ln)]
    rows = ["<tr>" + "".join(f"<th>{_inline(c)}</th>" for c in cells(head)) + "</tr>"]
    rows += ["<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in cells(r)) + "</tr>" for r in body]
    return "<table>" + "".join(rows) + "</table>"


def to_html(markdown: str) -> str:
    """MyST markdown (paragraphs, lists, tables, display math, code) as one line of Anki HTML."""
    text = _roles(markdown.strip())
    blocks = re.split(r"\n\s*\n", text)
    out = []
    for block in blocks:
        lines = block.splitlines()
        if all(ln.lstrip().startswith("|") for ln in lines if ln.strip()):
            out.append(_table(lines))
        elif re.match(r"\s*(?:[-*]|\d+\.)\s", lines[0]):
            ordered = bool(re.match(r"\s*\d+\.\s", lines[0]))
            items: list[str] = []
            for ln in lines:
                if re.match(r"\s*(?:[-*]|\d+\.)\s", ln):
                    items.append(re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", ln))
                else:
                    items[-1] += " " + ln.strip()
            tag = "ol" if ordered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + f"</{tag}>")
        else:
            out.append(_inline(" ".join(ln.strip() for ln in lines)))
    return "<br><br>".join(p for p in out if p)


def plain_to_html(text: str) -> str:
    """A quick check's plain text (Unicode maths, no markup) as HTML."""
    return html.escape(text.strip(), quote=False).replace("\n", "<br>")


# --------------------------------------------------------------------------------------------
# The three sources


def glossary_cards(path: Path = GLOSSARY) -> list[Card]:
    """One card per entry of the ``{glossary}`` block: the term(s) on the front."""
    text = path.read_text(encoding="utf-8")
    body = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S).group(1)
    cards = []
    for entry in re.split(r"\n\s*\n", body):
        lines = [ln for ln in entry.splitlines() if not ln.startswith(":")]
        terms = [ln.strip() for ln in lines if ln.strip() and not ln.startswith(" ")]
        definition = "\n".join(ln.strip() for ln in lines if ln.startswith("  "))
        if not terms or not definition:
            continue
        chapters = [_chapter_name(t) for t in re.findall(r"\{doc\}`([^`]+)`", definition)]
        definition = re.sub(r"\s*See\s+(\{doc\}`[^`]+`(\s+and\s+)?)+\.?\s*$", "", definition)
        back = to_html(definition)
        if chapters:
            back += f'<br><br><span class="source">See {" and ".join(chapters)}.</span>'
        cards.append(
            Card(
                f"glossary:{terms[0]}",
                "Define: <b>" + html.escape(" / ".join(terms)) + "</b>",
                back,
                ("glossary",),
            )
        )
    return cards


EXERCISE = re.compile(
    r"```\{exercise\}\n:label: (?P<label>[\w-]+)\n(?P<question>.*?)\n```\s*\n"
    r"```\{solution\} (?P=label)\n(?::class: [^\n]*\n)?(?P<answer>.*?)\n```(?=\s*\n|\s*$)",
    re.S,
)


def self_check_cards(path: Path = SELF_CHECK) -> list[Card]:
    """One card per exercise of the self-check page, tagged with its section."""
    text = path.read_text(encoding="utf-8")
    cards = []
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    for section in sections:
        number = re.match(r"(\d+)\.", section)
        tag = f"selfcheck::ch{int(number.group(1)):02d}" if number else "selfcheck"
        for match in EXERCISE.finditer(section):
            cards.append(
                Card(
                    f"selfcheck:{match['label']}",
                    to_html(match["question"]),
                    to_html(match["answer"]),
                    ("selfcheck", tag),
                )
            )
    return cards


def quick_check_cards() -> list[Card]:
    """One card per quick check of ``gdkit.course.checks``: the question, the answer and its hint."""
    sys.path.insert(0, str(ROOT))
    from gdkit.course.checks import Formula, Number, Option, all_checks

    cards = []
    for check_id, check in sorted(all_checks().items()):
        if isinstance(check, Number):
            answer = f"{check.answer:g}"
        elif isinstance(check, Option):
            answer = check.answer
        elif isinstance(check, Formula):
            answer = f"<code>{html.escape(check.answer, quote=False)}</code>"
        else:  # pragma: no cover - a new kind of check must be taught to this script
            raise TypeError(f"unknown quick check {check_id}: {type(check).__name__}")
        if not isinstance(check, Formula):
            answer = html.escape(answer, quote=False)
        front = plain_to_html(check.question)
        if isinstance(check, Option):
            front += "<br><i>(" + html.escape(" / ".join(check.options), quote=False) + ")</i>"
        back = f"<b>{answer}</b><br><br>Why: {plain_to_html(check.hint)}"
        chapter = check_id.split("-", 1)[0]
        cards.append(
            Card(f"quickcheck:{check_id}", front, back, ("quickcheck", f"quickcheck::{chapter}"))
        )
    return cards


def all_cards() -> list[Card]:
    cards = glossary_cards() + self_check_cards() + quick_check_cards()
    ids = [c.source_id for c in cards]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate card ids: {duplicates}")
    return cards


# --------------------------------------------------------------------------------------------
# Writers


def _field(value: str) -> str:
    """One tab-separated field: no tab or newline, and no bare double quote (CSV quoting)."""
    return re.sub(r"[\t\r\n]+", " ", value).replace('"', "&quot;")


def write_text(cards: list[Card], path: Path) -> Path:
    """The Anki text file with file headers; the GUID column makes a re-import update notes."""
    lines = [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        f"#deck:{DECK_NAME}",
        "#guid column:1",
        "#tags column:4",
        "#columns:GUID\tFront\tBack\tTags",
    ]
    for card in cards:
        tags = " ".join(card.tags)
        lines.append("\t".join(_field(v) for v in (card.guid, card.front, card.back, tags)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_apkg(cards: list[Card], path: Path) -> Path | None:
    """The Anki package, or None (with a message) when genanki is not installed."""
    try:
        import genanki
    except ImportError:
        print("genanki is not installed: skipping the .apkg (pip install genanki)", file=sys.stderr)
        return None
    model = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=CSS,
    )
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for card in cards:
        tags = [t.replace(" ", "_") for t in card.tags]
        deck.add_note(
            genanki.Note(model=model, fields=[card.front, card.back], guid=card.guid, tags=tags)
        )
    genanki.Package(deck).write_to_file(str(path))
    return path


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    cards = all_cards()
    written = [write_text(cards, out / f"{STEM}.txt")]
    apkg = write_apkg(cards, out / f"{STEM}.apkg")
    if apkg is not None:
        written.append(apkg)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the deck into")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
