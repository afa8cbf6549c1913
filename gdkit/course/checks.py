"""Quick checks: short questions inside the chapters, marked right or wrong with a hint.

Each chapter keeps its questions in ``gdkit/course/bank/chNN.py`` as a dict ``CHECKS`` of
:class:`Number`, :class:`Option` or :class:`Formula` objects, each with its question, answer, hint
and ``explanation`` (the worked answer, MyST markdown with ``$math$``). A reader answers in a cell::

    answer = 0.6          # your answer
    gd.check("ch01-first-step", answer)

Left unanswered (``None`` or ``...``), the cell shows the whole quick check, generated from the
bank (:func:`quickcheck_markdown`): the question, an empty ``<div class="gd-quickcheck">`` that the
static book's script (``book/static/gd-quickcheck.js``) turns into a form marking answers in the
page with the same rules and messages as :meth:`Number.mark` and friends (it reads the check from
the div's ``data-spec``, :func:`static_spec`), and the explanation behind an HTML ``<details>``
toggle. The output is ``text/markdown``: Jupyter and Colab render it as markdown with math, the book
parses it as MyST (``nb_render_markdown_format: myst``), so its math is the book's ordinary math.
"""

from __future__ import annotations

import importlib
import json
import math
import re
from dataclasses import dataclass, field
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

__all__ = [
    "Number", "Option", "Formula", "Mark", "check", "all_checks", "quickcheck_markdown",
    "static_spec",
]


@dataclass(frozen=True)
class Mark:
    """The verdict on one answer: right or wrong, with a hint when wrong.

    ``correct`` is None when no answer was given: the message is then the question, and in a
    notebook the mark shows the whole quick check (:func:`quickcheck_markdown`).
    """

    correct: bool | None  # None: no answer given yet
    message: str
    check_id: str | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        if self.correct is None:
            return f"Quick check: {self.message} (set answer above and run the cell)"
        symbol = {True: "✓ Right.", False: "✗ Not quite."}[self.correct]
        return f"{symbol} {self.message}"

    def _repr_html_(self) -> str | None:
        if self.correct is None and self.check_id is not None:
            return None  # shown as markdown, with its form and its answer toggle
        color = {True: "#009E73", False: "#D55E00", None: "inherit"}[self.correct]
        return f'<p style="color:{color};font-weight:600">{escape(repr(self))}</p>'

    def _repr_markdown_(self) -> str | None:
        if self.correct is None and self.check_id is not None:
            return quickcheck_markdown(self.check_id)
        return None


@dataclass(frozen=True)
class Number:
    """A numeric answer, right within a relative tolerance ``rtol`` (or ``atol`` near 0)."""

    question: str
    answer: float
    hint: str
    rtol: float = 1e-3
    atol: float = 1e-9
    explanation: str = ""

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
    explanation: str = ""

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
    explanation: str = ""

    def mark(self, given) -> Mark:
        """Right if ``given`` equals the answer as a formula.

        The text is read as the static book's parser reads it (:func:`formula_text`: ``^`` is a
        power, ``ln`` is ``log``, ``2x``, ``2(x + 1)`` and ``(a)(b)`` are products). The two are
        first compared at random points (fast, under a time budget); a formula that differs
        there is wrong at once. One that agrees is then checked by ``sp.simplify`` under a
        budget; if SymPy cannot finish in time, the numerical agreement decides.
        """
        try:
            text = formula_text(str(given))
            try:
                given_expr = parse_expression(text)
            except ObjectiveError as error:  # quote the reader's text, not its respaced copy
                raise ObjectiveError(str(error).replace(repr(text), repr(str(given)))) from None
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


#: The tokens of a formula, as book/static/gd-quickcheck.js reads them (same regular expression).
_TOKEN = re.compile(r"\s*(?:(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
                    r"|(?P<name>[^\W\d]\w*)|(?P<op>\*\*|[-+*/^(),]))")


def formula_text(text: str) -> str:
    """``text`` with the products a reader leaves implicit written out, for :func:`parse_expression`.

    ``2x`` → ``2*x``, ``2(x+1)`` → ``2*(x+1)``, ``(a)(b)`` and ``(a)b`` → products, ``ln`` →
    ``log``: the rules of the static book's parser, so that a formula means the same in the
    page and in a kernel.

    Raises
    ------
    ObjectiveError
        On a character that no formula contains (``#``, ``=``, ``[``, quotes...).
    """
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].strip()
            if rest:
                raise ObjectiveError(f"unexpected character {rest[0]!r}")
            break
        tokens.append((match.lastgroup, match.group(match.lastgroup)))
        position = match.end()
    out: list[str] = []
    for i, (kind, value) in enumerate(tokens):
        if i:
            prev_kind, prev = tokens[i - 1]
            if (prev_kind == "number" and (kind == "name" or value == "(")) or (
                prev == ")" and (kind in ("name", "number") or value == "(")
            ):
                out.append("*")
        out.append("log" if kind == "name" and value == "ln" else value)
    return " ".join(out)


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
        return Mark(None, checks[check_id].question, check_id)
    return checks[check_id].mark(given)


def _find(check_id: str) -> Number | Option | Formula:
    chapter = check_id.split("-", 1)[0]
    return importlib.import_module(f"{__package__}.bank.{chapter}").CHECKS[check_id]


def static_spec(check: Number | Option | Formula) -> dict:
    """What the static book's script needs to mark answers to ``check`` as :meth:`mark` does.

    A Number's answer is given exactly, as ``float.hex`` (its decimal form may print 17
    digits); the script reads it back bit for bit.
    """
    if isinstance(check, Number):
        return {"kind": "number", "answer": float(check.answer).hex(), "rtol": check.rtol,
                "atol": check.atol, "hint": check.hint}
    if isinstance(check, Option):
        return {"kind": "option", "options": list(check.options), "answer": check.answer,
                "hint": check.hint}
    return {"kind": "formula", "answer": check.answer, "hint": check.hint}


def quickcheck_markdown(check_id: str) -> str:
    """The quick check ``check_id`` as the reader sees it before answering (markdown).

    The question, the empty ``<div class="gd-quickcheck">`` that the static book fills with a
    form (its ``data-spec`` carries :func:`static_spec`), and the bank's explanation behind a
    ``<details>`` toggle (left out while a chapter still types its own answer dropdown).
    """
    bank_check = _find(check_id)
    spec = escape(json.dumps(static_spec(bank_check), ensure_ascii=False), quote=True)
    parts = [
        f'<div class="gd-quickcheck" id="gd-qc-{check_id}" data-check="{check_id}" '
        f'data-spec="{spec}">\n<p class="gd-quickcheck-question"><strong>Quick check.</strong> '
        f"{escape(bank_check.question)}</p>\n</div>"
    ]
    explanation = bank_check.explanation.strip()
    if explanation:
        parts.append(
            '<details class="gd-quickcheck-answer">\n<summary>Answer</summary>\n\n'
            f"{explanation}\n\n</details>"
        )
    return "\n\n".join(parts) + "\n"
