"""Every quick check of the book marks its right answer right and a wrong answer wrong.

The chapters ask ``gd.check("chNN-name", answer)``; the questions live in
``gdkit/quickchecks/chNN.py``. For every registered check: the stored answer is accepted, a
wrong one is rejected with the hint, ``None`` means "not answered yet", and ``gd.check`` finds
it by its id. Formulas are compared by SymPy, so any equivalent rewriting is accepted.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import gdkit as gd
from gdkit.course import bank
from gdkit.course.checks import Formula, Mark, Number, Option, all_checks

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
def test_none_means_not_answered_yet(check_id: str) -> None:
    mark = gd.check(check_id, None)
    assert mark.correct is None
    assert CHECKS[check_id].question in mark.message
    assert gd.check(check_id, ...).correct is None


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
