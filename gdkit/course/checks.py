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
import re
from dataclasses import dataclass
from html import escape

import numpy as np
import sympy as sp

from .._validation import BudgetExceeded, time_budget
from ..objective import ObjectiveError, parse_expression

#: Seconds for comparing two formulas at random points, and for SymPy's proof that they agree.
NUMERIC_SECONDS = 1.0
PROOF_SECONDS = 3.0
#: Seconds for simplifying a wrong answer's difference, only to show it in the hint.
DIFFERENCE_SECONDS = 0.5

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
        """Right if ``given`` equals the answer as a formula.

        The two are first compared at random points (fast, under a time budget); a formula that
        differs there is wrong at once. One that agrees is then checked by ``sp.simplify``
        under a budget; if SymPy cannot finish in time, the numerical agreement decides.
        """
        try:
            given_expr = parse_expression(str(given))
            answer = parse_expression(self.answer)
        except ObjectiveError as error:
            return Mark(False, f"That is not a formula SymPy can read ({error}).")
        shown = str(given) if len(str(given)) <= 80 else str(given)[:75] + "..."
        agree = _agree_numerically(given_expr, answer)
        # SymPy's simplify is only asked where it is cheap: on a large expression one step of
        # its polynomial arithmetic (a gcd of huge integers, in C) can outlast any time budget,
        # so there the numerical comparison decides, as a computer-algebra grader's does.
        small = _small(given_expr - answer)
        if agree is False:
            difference = _simplified(given_expr - answer, DIFFERENCE_SECONDS) if small else None
            by = f" by {difference}" if difference is not None else ""
            return Mark(False, f"{shown} differs from the answer{by}. Hint: {self.hint}")
        difference = _simplified(given_expr - answer, PROOF_SECONDS) if small else None
        if difference == 0 or (difference is None and agree):
            return Mark(True, f"{shown} is equivalent to {self.answer}.")
        by = f" by {difference}" if difference is not None else ""
        return Mark(False, f"{shown} differs from the answer{by}. Hint: {self.hint}")


def _small(expr: sp.Expr, max_ops: int = 40, max_power: int = 12) -> bool:
    """Whether ``expr`` is small enough for ``sp.simplify`` to finish quickly."""
    if sp.count_ops(expr) > max_ops:
        return False
    powers = [p.exp for p in expr.atoms(sp.Pow) if p.exp.is_Number]
    return all(abs(float(e)) <= max_power for e in powers)


def _simplified(expr: sp.Expr, seconds: float) -> sp.Expr | None:
    """``sp.simplify(expr)``, or None if it takes more than ``seconds``."""
    try:
        with time_budget(seconds):
            return sp.simplify(expr)
    except (BudgetExceeded, Exception):  # SymPy gave up (time, recursion, huge numbers)
        return None


def _agree_numerically(a: sp.Expr, b: sp.Expr, n_points: int = 8) -> bool | None:
    """Whether ``a`` and ``b`` agree at random points (30 significant digits, mpmath).

    True if they agree at every point where both are real numbers, False if they differ
    at one, None if no point could be used (outside both domains) or time ran out.
    """
    import mpmath

    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    rng = np.random.default_rng(20240607)
    used = 0
    try:
        with time_budget(NUMERIC_SECONDS), mpmath.workdps(30):
            fa = sp.lambdify(symbols, a, "mpmath")
            fb = sp.lambdify(symbols, b, "mpmath")
            for _ in range(n_points):
                point = [mpmath.mpf(float(v)) for v in rng.uniform(0.3, 1.7, len(symbols))]
                try:
                    va, vb = mpmath.mpmathify(fa(*point)), mpmath.mpmathify(fb(*point))
                except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                    continue
                if not (_real(va) and _real(vb)):
                    continue
                used += 1
                if abs(va - vb) > mpmath.mpf("1e-20") * max(1, abs(va), abs(vb)):
                    return False
    except (BudgetExceeded, Exception):  # time, recursion, numbers beyond mpmath's reach
        return None
    return True if used else None


def _real(value) -> bool:
    import mpmath

    return isinstance(value, mpmath.mpf) and mpmath.isfinite(value)


def all_checks() -> dict[str, Number | Option | Formula]:
    """Every chapter's quick checks, by id (``"ch04-..."``)."""
    import pkgutil

    from . import bank

    checks: dict = {}
    for info in pkgutil.iter_modules(bank.__path__):
        if info.name.startswith("ch"):
            checks.update(importlib.import_module(f"{bank.__name__}.{info.name}").CHECKS)
    return checks


def check(check_id: str, given) -> Mark:
    """Mark the answer ``given`` to the quick check ``check_id``.

    ``None`` or ``...`` (the placeholder left in the chapter) means "not answered yet".

    Examples
    --------
    >>> check("ch01-first-step", 1.4)
    ✓ Right. 1.4 is correct.
    """
    if not isinstance(check_id, str) or not re.fullmatch(r"ch\d\d-[\w-]+", check_id):
        raise ValueError(f"no quick check called {check_id!r} (ids look like 'ch01-first-step')")
    chapter = check_id.split("-", 1)[0]
    try:
        checks = importlib.import_module(f"{__package__}.bank.{chapter}").CHECKS
    except ModuleNotFoundError:
        checks = {}
    if check_id not in checks:
        raise ValueError(f"no quick check called {check_id!r}")
    if given is None or given is Ellipsis:
        return Mark(None, f"Not answered yet. {checks[check_id].question}")
    return checks[check_id].mark(given)
