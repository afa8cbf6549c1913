"""Every quick check of the book marks its right answer right and a wrong answer wrong.

The chapters ask ``gd.check("chNN-name", answer)``; the questions live in
``gdkit/course/bank/chNN.py``. For every registered check: the stored answer is accepted, a
wrong one is rejected with the hint, ``None`` shows the whole quick check (question, the static
book's form, the bank's explanation behind a toggle), and ``gd.check`` finds it by its id.
Formulas are compared by SymPy, so any equivalent rewriting is accepted. The static book's
JavaScript is checked against these verdicts in tests/browser/test_quickchecks.py.
"""

from __future__ import annotations

import html
import importlib
import json
import pkgutil
import re
from pathlib import Path

import nbformat
import pytest

import gdkit as gd
from gdkit.course import bank
from gdkit.course.checks import (
    Formula,
    Mark,
    Number,
    Option,
    all_checks,
    formula_text,
    quickcheck_markdown,
    static_spec,
)
from gdkit.objective import ObjectiveError

CHECKS = all_checks()
IDS = sorted(CHECKS)


def _wrong(check) -> object:
    if isinstance(check, Number):
        return check.answer * 1.5 + 1
    if isinstance(check, Option):
        return next(o for o in check.options if o.lower() != check.answer.lower())
    if isinstance(check, Formula):
        return f"({check.answer}) + 1"
    raise TypeError(f"unknown kind of quick check: {type(check).__name__}")


def test_the_book_has_quick_checks() -> None:
    assert IDS, "no quick checks registered"
    assert all(isinstance(c, (Number, Option, Formula)) for c in CHECKS.values())


def test_every_check_lives_in_the_module_of_its_chapter() -> None:
    """gd.check finds a check through its id's prefix: "ch04-x" must be in gdkit/course/bank/ch04.py."""
    for info in pkgutil.iter_modules(bank.__path__):
        if info.name.startswith("ch"):
            module = importlib.import_module(f"gdkit.course.bank.{info.name}")
            for check_id in module.CHECKS:
                assert check_id.startswith(f"{info.name}-"), (
                    f"{check_id!r} is in {info.name}.py: its id must start with '{info.name}-'"
                )


@pytest.mark.parametrize("check_id", IDS)
def test_right_answer_is_accepted(check_id: str) -> None:
    check = CHECKS[check_id]
    assert check.question.strip() and check.hint.strip()
    mark = gd.check(check_id, check.answer)
    assert isinstance(mark, Mark)
    assert mark.correct is True, mark.message


@pytest.mark.parametrize("check_id", IDS)
def test_wrong_answer_is_rejected_with_the_hint(check_id: str) -> None:
    check = CHECKS[check_id]
    mark = gd.check(check_id, _wrong(check))
    assert mark.correct is False, f"{check_id}: {_wrong(check)!r} was accepted"
    assert check.hint in mark.message


@pytest.mark.parametrize("check_id", IDS)
def test_none_shows_the_question(check_id: str) -> None:
    mark = gd.check(check_id, None)
    assert mark.correct is None
    assert CHECKS[check_id].question in mark.message and CHECKS[check_id].question in repr(mark)
    assert gd.check(check_id, ...).correct is None
    assert "not answered" not in repr(mark).lower()


@pytest.mark.parametrize("check_id", IDS)
def test_unanswered_output_is_the_whole_quick_check_from_the_bank(check_id: str) -> None:
    """Question, the form's placeholder with the check's data, the explanation behind a toggle."""
    check = CHECKS[check_id]
    mark = gd.check(check_id, None)
    assert mark._repr_html_() is None  # Jupyter and the book show the markdown
    text = mark._repr_markdown_()
    assert text == quickcheck_markdown(check_id)
    assert html.escape(check.question) in text
    placeholder = re.search(r'<div class="gd-quickcheck" id="gd-qc-([\w-]+)" data-check="([\w-]+)" '
                            r'data-spec="([^"]*)">', text)
    assert placeholder and placeholder.group(1) == placeholder.group(2) == check_id
    assert json.loads(html.unescape(placeholder.group(3))) == static_spec(check)
    assert "\n\n" not in text.split("</div>")[0], "a blank line would end the HTML block in markdown"
    if check.explanation.strip():
        assert f"<summary>Answer</summary>\n\n{check.explanation.strip()}\n\n</details>" in text
    assert "not answered" not in text.lower()


def test_answered_marks_show_as_before() -> None:
    right = gd.check("ch01-first-step", 1.4)
    assert right._repr_markdown_() is None and "✓ Right." in right._repr_html_()


@pytest.mark.parametrize("check_id", IDS)
def test_static_spec_carries_the_exact_key(check_id: str) -> None:
    check, spec = CHECKS[check_id], static_spec(CHECKS[check_id])
    assert spec["hint"] == check.hint
    if isinstance(check, Number):
        assert float.fromhex(spec["answer"]) == check.answer
        assert (spec["rtol"], spec["atol"]) == (check.rtol, check.atol)
    else:
        assert spec["answer"] == check.answer


def _visible_check_cells():
    for path in sorted((Path(__file__).resolve().parents[1] / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", []):
                match = re.search(r'gd\.check\("([\w-]+)"', cell.source)
                if match:
                    yield path.name, match.group(1), cell


def test_stored_outputs_are_generated_from_the_bank() -> None:
    """A chapter whose answers live in the bank shows exactly what the bank generates."""
    migrated = 0
    for name, check_id, cell in _visible_check_cells():
        if not CHECKS[check_id].explanation.strip():
            continue  # this chapter still types its dropdown (see tests/chapter_text.py)
        migrated += 1
        shown = [o["data"].get("text/markdown") for o in cell.outputs if "data" in o]
        assert shown == [quickcheck_markdown(check_id)], f"{name}: re-execute it ({check_id})"
    assert migrated >= 7  # chapters 1 and 2


def test_formula_text_writes_out_implicit_products() -> None:
    assert formula_text("2x + 3(y - 1)") == "2 * x + 3 * ( y - 1 )"
    assert formula_text("(a)(b) + (a)b + (a)2") == "( a ) * ( b ) + ( a ) * b + ( a ) * 2"
    assert formula_text("ln(p) + 1e5x + x2") == "log ( p ) + 1e5 * x + x2"
    with pytest.raises(ObjectiveError, match="unexpected character"):
        formula_text("x # a comment")
    check = Formula(question="?", answer="2*x*y", hint="h")
    assert check.mark("2xy").correct is False  # xy is one name
    assert check.mark("2x y").correct is False  # two names side by side are not a product
    assert check.mark("2x*y").correct is True and check.mark("y(2x)").correct is False


def test_options_ignore_case() -> None:
    options = {i: c for i, c in CHECKS.items() if isinstance(c, Option)}
    options["example"] = Option(question="?", options=("GD", "Adam"), answer="Adam", hint="h")
    for check_id, check in options.items():
        assert check.mark(f"  {check.answer.upper()} ").correct is True, check_id


def test_formulas_accept_an_equivalent_rewriting() -> None:
    formulas = {i: c for i, c in CHECKS.items() if isinstance(c, Formula)}
    formulas["example"] = Formula(question="?", answer="alpha*g", hint="h")
    for check_id, check in formulas.items():
        assert check.mark(f"2*({check.answer})/2").correct is True, check_id


@pytest.mark.parametrize("check_id", ["ch99-nothing", "ch01-no-such-check", "nonsense"])
def test_unknown_id_raises_value_error(check_id: str) -> None:
    with pytest.raises(ValueError, match="no quick check"):
        gd.check(check_id, 1.0)


def test_formula_accepts_reordered_product_and_rejects_a_different_one() -> None:
    check = Formula(question="∂/∂x of x²y?", answer="2*x*y", hint="treat y as a constant")
    assert check.mark("x*y*2").correct is True
    assert check.mark("2*(x*y)").correct is True
    wrong = check.mark("x**2")
    assert wrong.correct is False and "treat y as a constant" in wrong.message


def test_formula_rejects_what_sympy_cannot_read() -> None:
    check = Formula(question="?", answer="x", hint="h")
    assert check.mark("x +* 2").correct is False


def test_number_tolerance_and_non_numbers() -> None:
    check = Number(question="?", answer=0.1, hint="h")
    assert check.mark(0.10001).correct is True
    assert check.mark("0.1").correct is True
    assert check.mark("ten").correct is False


def test_option_outside_the_list_is_rejected_with_the_list() -> None:
    check = Option(question="?", options=("GD", "Adam"), answer="Adam", hint="h")
    mark = check.mark("SGD")
    assert mark.correct is False and "GD" in mark.message and "Adam" in mark.message
