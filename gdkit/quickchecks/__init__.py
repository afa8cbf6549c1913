"""Quick checks: short questions inside the chapters, marked right or wrong with a hint.

Each chapter keeps its questions in ``gdkit/quickchecks/chNN.py`` as a dict ``CHECKS`` of
:class:`Number`, :class:`Option` or :class:`Formula` objects, so the answers are not printed in the
chapter. A reader answers in a cell::

    answer = 0.6          # your answer
    gd.check("ch01-first-step", answer)

In the static book the same question's answer sits behind a "show answer" toggle.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass
from html import escape

import sympy as sp

from .._objective import ObjectiveError, parse_expression

__all__ = ["Number", "Option", "Formula", "Mark", "check", "all_checks"]


@dataclass(frozen=True)
class Mark:
    """The verdict on one answer: right or wrong, with a hint when wrong."""

    correct: bool | None  # None: not answered yet
    message: str

    def __repr__(self) -> str:
        symbol = {True: "✓ Right.", False: "✗ Not quite.", None: "…"}[self.correct]
        return f"{symbol} {self.message}"

    def _repr_html_(self) -> str:
        color = {True: "#009E73", False: "#D55E00", None: "inherit"}[self.correct]
        return f'<p style="color:{color};font-weight:600">{escape(repr(self))}</p>'


@dataclass(frozen=True)
class Number:
    """A numeric answer, right within a relative tolerance ``rtol`` (or ``atol`` near 0)."""

    question: str
    answer: float
    hint: str
    rtol: float = 1e-3
    atol: float = 1e-9

    def mark(self, given) -> Mark:
        try:
            value = float(given)
        except (TypeError, ValueError):
            return Mark(False, f"Give a number. Hint: {self.hint}")
        if math.isclose(value, self.answer, rel_tol=self.rtol, abs_tol=self.atol):
            return Mark(True, f"{self.answer:g} is correct.")
        return Mark(False, f"{value:g} is not it. Hint: {self.hint}")


@dataclass(frozen=True)
class Option:
    """One right option among several (case-insensitive)."""

    question: str
    options: tuple[str, ...]
    answer: str
    hint: str

    def mark(self, given) -> Mark:
        text = str(given).strip().lower()
        if text not in {o.lower() for o in self.options}:
            return Mark(False, f"Answer with one of: {', '.join(self.options)}.")
        if text == self.answer.lower():
            return Mark(True, f"'{self.answer}' is correct.")
        return Mark(False, f"'{given}' is not it. Hint: {self.hint}")


@dataclass(frozen=True)
class Formula:
    """A formula, right when SymPy finds it equal to the answer (so any equivalent form counts)."""

    question: str
    answer: str
    hint: str

    def mark(self, given) -> Mark:
        try:
            difference = sp.simplify(parse_expression(str(given)) - parse_expression(self.answer))
        except ObjectiveError as error:
            return Mark(False, f"That is not a formula SymPy can read ({error}).")
        if difference == 0:
            return Mark(True, f"{given} is equivalent to {self.answer}.")
        return Mark(False, f"{given} differs from the answer by {difference}. Hint: {self.hint}")


def all_checks() -> dict[str, Number | Option | Formula]:
    """Every chapter's quick checks, by id (``"ch04-..."``)."""
    import pkgutil

    checks: dict = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ch"):
            checks.update(importlib.import_module(f"{__name__}.{info.name}").CHECKS)
    return checks


def check(check_id: str, given) -> Mark:
    """Mark the answer ``given`` to the quick check ``check_id``.

    ``None`` or ``...`` (the placeholder left in the chapter) means "not answered yet".

    Examples
    --------
    >>> check("ch01-first-step", 1.4)
    ✓ Right. 1.4 is correct.
    """
    chapter = check_id.split("-", 1)[0]
    try:
        checks = importlib.import_module(f"{__name__}.{chapter}").CHECKS
    except ModuleNotFoundError:
        checks = {}
    if check_id not in checks:
        raise ValueError(f"no quick check called {check_id!r}")
    if given is None or given is Ellipsis:
        return Mark(None, f"Not answered yet. {checks[check_id].question}")
    return checks[check_id].mark(given)
