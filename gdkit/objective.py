"""Objectives: a SymPy expression, its gradient and Hessian, and fast NumPy versions of all three.

The chapters write a loss as mathematics (a string such as ``"x**2 + 10*y**2"`` or a SymPy
expression). SymPy derives the gradient and the Hessian; :func:`sympy.lambdify` turns the three
into NumPy functions once, so evaluating them in a descent loop or on a contour grid costs no
symbolic work at all.

Strings are read by walking Python's syntax tree with a whitelist (numbers, variables, + - * / **,
and a few smooth functions); nothing is ever passed to ``eval``.

Limits, so that a short string can never hang the kernel or eat its memory: a formula has at most
:data:`MAX_FORMULA_LENGTH` characters and :data:`MAX_VARIABLES` variables; no exact number in it
may grow past :data:`MAX_NUMBER_BITS` bits (checked before each power is computed), every number
and constant must fit in float64, and building an objective (parsing, differentiating,
lambdifying) stops with an :class:`ObjectiveError` after :data:`BUILD_SECONDS` seconds.
"""

from __future__ import annotations

import ast
import itertools
import sys
from collections.abc import Iterable, Sequence

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.precedence import precedence

from ._validation import BudgetExceeded, as_vector, check_int, time_budget

__all__ = ["Objective", "ObjectiveError", "parse_expression"]

#: The longest formula string accepted (characters).
MAX_FORMULA_LENGTH = 5000
#: The most variables an objective may have (its Hessian has MAX_VARIABLES² entries).
MAX_VARIABLES = 20
#: Integer powers up to this exponent are evaluated as products (x³ = x·x·x), as torch does for
#: squares: one IEEE-rounded multiplication each, the same bits on Python floats and on arrays.
MAX_PRODUCT_POWER = 8
#: The most bits an exact integer or fraction may have while a formula is built (about 1,200
#: decimal digits; float64 spans about 2,100 bits from its smallest to its largest value).
MAX_NUMBER_BITS = 4096
#: Seconds that building one objective (or comparing two formulas) may take.
BUILD_SECONDS = 5.0
#: The largest n of :meth:`Objective.grid` (an n × n mesh).
MAX_GRID = 2000


class ObjectiveError(ValueError):
    """An expression that cannot be used as an objective (unparsable, unknown or not smooth)."""


# The smooth functions a string may call, and the constants it may name.
_FUNCTIONS = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "tanh": sp.tanh,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "atan": sp.atan,
}
_CONSTANTS = {"pi": sp.pi, "E": sp.E}
# SymPy functions that have no derivative everywhere: refused even inside a SymPy expression.
_NOT_SMOOTH = (sp.Abs, sp.sign, sp.floor, sp.ceiling, sp.Max, sp.Min, sp.Heaviside, sp.Piecewise)
_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}


def parse_expression(text: str) -> sp.Expr:
    """Turn a formula written in Python syntax into a SymPy expression, without ``eval``.

    Parameters
    ----------
    text : str
        A formula such as ``"(1 - x)**2 + 100*(y - x**2)**2"``. Allowed: numbers, variable names,
        ``+ - * / **``, parentheses, ``pi``, ``E`` and the functions sin, cos, tan, exp, log,
        sqrt, tanh, sinh, cosh, atan. ``^`` is read as a power.

    Returns
    -------
    sympy.Expr

    Raises
    ------
    ObjectiveError
        If the text is not a formula of that form.

    Examples
    --------
    >>> parse_expression("x^2 + exp(-y)")
    x**2 + exp(-y)
    """
    if not isinstance(text, str) or not text.strip():
        raise ObjectiveError(f"an objective must be a non-empty formula, got {_short(text)}")
    if len(text) > MAX_FORMULA_LENGTH:
        raise ObjectiveError(
            f"the formula {_short(text)} has {len(text):,} characters; at most "
            f"{MAX_FORMULA_LENGTH:,} are accepted"
        )
    try:
        tree = ast.parse(text.replace("^", "**").strip(), mode="eval")
        expr = _build(tree.body, text)
    except SyntaxError as error:
        raise ObjectiveError(f"{_short(text)} is not a formula: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise ObjectiveError(
            f"the formula is too long or too deeply nested ({len(text)} characters)"
        ) from None
    _check_numbers(expr, _short(text))
    return expr


def _short(value: object, limit: int = 80) -> str:
    """``repr(value)``, cut to ``limit`` characters for error messages."""
    text = repr(value) if isinstance(value, str) else f"{type(value).__name__} {value!r}"
    return text if len(text) <= limit else text[: limit - 5] + "...'"


def _rational_bits(number: sp.Rational) -> int:
    return max(int(number.p).bit_length(), int(number.q).bit_length())


def _powered_bits(base: sp.Expr) -> int:
    """Bits of the exact numbers SymPy multiplies out when it raises ``base`` to a power.

    ``(2*x)**n`` becomes ``2**n * x**n`` and ``sqrt(2)**n`` becomes ``2**(n/2)``; a sum or a
    function call is left alone (``(x + 1)**n`` is not expanded).
    """
    if isinstance(base, sp.Rational):
        return _rational_bits(base)
    if isinstance(base, sp.Mul):
        return sum(_powered_bits(arg) for arg in base.args)
    if isinstance(base, sp.Pow):
        return _powered_bits(base.base)
    return 0


def _check_power(left: sp.Expr, right: sp.Expr, text: str) -> None:
    """Refuse ``left**right`` before computing it if an exact number in it would be huge."""
    if not right.is_Number:
        if right.free_symbols:
            return
        try:  # a constant exponent such as 1000*sqrt(10): judge it by its size
            size = float(abs(right.evalf(15)))
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            size = float("inf")
        if not size <= 1e6 or _powered_bits(left) * size > MAX_NUMBER_BITS:
            raise ObjectiveError(
                f"{text}: the exponent {_short(str(right), 40)} (about {size:.3g}) is too large"
            )
        return
    if left.is_Number and abs(right) > 1024:
        raise ObjectiveError(f"{text}: the power {left}**{right} is too large to compute")
    if isinstance(right, sp.Rational) and _rational_bits(right) > MAX_NUMBER_BITS:
        raise ObjectiveError(f"{text}: the exponent has more than {MAX_NUMBER_BITS} bits")
    bits = _powered_bits(left)
    if bits and bits * abs(float(right)) > MAX_NUMBER_BITS:
        raise ObjectiveError(
            f"{text}: raising {_short(str(left), 40)} to the power {_short(str(right), 40)} "
            f"would need numbers of about {bits * abs(float(right)):.3g} bits "
            f"(at most {MAX_NUMBER_BITS} are allowed)"
        )


_FLOAT_MAX = sp.Float(sys.float_info.max)


def _check_numbers(expr: sp.Expr, shown: str) -> None:
    """Every exact number must be of bounded size, and every constant a finite float64."""
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return  # reported as "not finite" by _check_smooth
    for number in expr.atoms(sp.Number):
        if isinstance(number, sp.Rational) and _rational_bits(number) > MAX_NUMBER_BITS:
            raise ObjectiveError(
                f"{shown} contains a number with more than {MAX_NUMBER_BITS} bits "
                f"(about {_rational_bits(number) * 0.30103:.0f} digits)"
            )
        if not (abs(number) <= _FLOAT_MAX):  # also catches nan, oo, zoo
            size = (
                f"an integer of {int(number).bit_length()} bits"
                if isinstance(number, sp.Integer)
                else f"the number {sp.Float(number, 4)}"
            )
            raise ObjectiveError(
                f"{shown} contains {size}, beyond float64's range (at most about 1.8e308, "
                "an integer of 1024 bits)"
            )
    if expr.has(sp.I):
        raise ObjectiveError(f"{shown} is not real: it contains the imaginary unit I")
    stack = [expr]
    while stack:
        node = stack.pop()
        if node.is_Number or node.is_Symbol:
            continue
        if node.free_symbols or not isinstance(node, sp.Expr):
            stack.extend(node.args)
            continue
        try:
            value = node.evalf(17)
        except (ValueError, OverflowError, ArithmeticError, TypeError):
            value = sp.zoo
        if not value.is_Number:
            raise ObjectiveError(
                f"{shown}: the constant {_short(str(node), 60)} is not a real number"
            )
        if not (abs(value) <= _FLOAT_MAX):
            raise ObjectiveError(
                f"{shown}: the constant {_short(str(node), 60)} = {sp.Float(value, 4)} is beyond "
                "float64's range (about 1.8e308)"
            )


def exact(value: float) -> sp.Expr:
    """A number as SymPy will keep it: integers as integers, decimals exactly as typed.

    ``0.1`` becomes 1/10 and ``0.333`` becomes 333/1000 (never a "nicer" 1/3).
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return sp.Integer(int(value))
    value = float(value)
    if not np.isfinite(value):
        raise ObjectiveError(f"the number {value} is not finite")
    return sp.Rational(repr(value))


def _build(node: ast.AST, text: str) -> sp.Expr:
    """Translate one syntax-tree node into SymPy, refusing anything outside the whitelist."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if isinstance(node.value, bool):
            raise ObjectiveError(f"{text!r}: booleans are not numbers here")
        return exact(node.value)
    if isinstance(node, ast.Name):
        if node.id in _CONSTANTS:
            return _CONSTANTS[node.id]
        if node.id in _FUNCTIONS:
            raise ObjectiveError(f"{text!r}: {node.id} is a function; call it, e.g. {node.id}(x)")
        return sp.Symbol(node.id, real=True)
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _build(node.left, text), _build(node.right, text)
        if isinstance(node.op, ast.Pow):
            _check_power(left, right, _short(text))
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _build(node.operand, text)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name not in _FUNCTIONS:
            allowed = ", ".join(sorted(_FUNCTIONS))
            raise ObjectiveError(
                f"{text!r}: unknown or non-differentiable function {name!r} (allowed: {allowed})"
            )
        if len(node.args) != 1 or node.keywords:
            raise ObjectiveError(f"{text!r}: {name} takes exactly one argument")
        return _FUNCTIONS[name](_build(node.args[0], text))
    raise ObjectiveError(
        f"{text!r}: {ast.unparse(node)!r} is not allowed in an objective "
        "(use numbers, variables, + - * / **, and smooth functions)"
    )


def _check_smooth(expr: sp.Expr) -> None:
    """Refuse expressions with parts SymPy cannot differentiate to a usable formula."""
    bad = expr.atoms(*_NOT_SMOOTH)
    if bad:
        raise ObjectiveError(f"{expr} contains non-differentiable parts: {sorted(map(str, bad))}")
    undefined = [f for f in expr.atoms(sp.Function) if isinstance(f, sp.core.function.AppliedUndef)]
    if undefined:
        raise ObjectiveError(f"{expr} contains unknown functions: {sorted(map(str, undefined))}")
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ObjectiveError(f"{expr} is not finite")


class Objective:
    r"""A function to minimise, with its gradient and Hessian derived by SymPy.

    Parameters
    ----------
    expression : str or sympy.Expr
        The formula, e.g. ``"(1 - x)**2 + 100*(y - x**2)**2"``. Strings are parsed without
        ``eval`` (see :func:`parse_expression`).
    variables : sequence of str or Symbol, optional
        The order of the coordinates. Default: the free symbols sorted by name (``x`` before ``y``).
    name : str, optional
        A short display name used in legends.
    minima, saddles : sequence of points, optional
        Known stationary points, for plots and tests.

    Examples
    --------
    >>> f = Objective("x**2 + 3*y**2")
    >>> f.gradient_expr
    Matrix([
    [2*x],
    [6*y]])
    >>> f([1.0, 1.0]), f.grad([1.0, 1.0])
    (4.0, array([2., 6.]))
    """

    def __init__(
        self,
        expression: str | sp.Expr,
        variables: Sequence[str | sp.Symbol] | None = None,
        *,
        name: str | None = None,
        minima: Iterable[Sequence[float]] = (),
        saddles: Iterable[Sequence[float]] = (),
    ) -> None:
        shown = _short(expression if isinstance(expression, str) else str(expression)[:200])
        try:
            with time_budget(BUILD_SECONDS):
                self._build(expression, variables, name)
        except BudgetExceeded:
            raise ObjectiveError(
                f"building the objective {shown} took more than {BUILD_SECONDS:g} s "
                "(SymPy could not differentiate it in reasonable time); simplify the formula"
            ) from None
        except RecursionError:
            raise ObjectiveError(f"the objective {shown} is too deeply nested") from None
        self.minima: list[np.ndarray] = [as_vector("minimum", m, self.dim) for m in minima]
        self.saddles: list[np.ndarray] = [as_vector("saddle", s, self.dim) for s in saddles]

    def _build(self, expression, variables, name) -> None:
        """Parse, check, differentiate and lambdify (under :func:`time_budget`)."""
        if isinstance(expression, str):
            expr = parse_expression(expression)
        elif isinstance(expression, sp.Basic):
            expr = sp.sympify(expression)
            if not isinstance(expr, sp.Expr):
                raise ObjectiveError(f"an objective must be a SymPy expression, got {type(expr)}")
            _check_numbers(expr, _short(str(expr)[:200]))
        else:
            raise ObjectiveError(
                f"an objective is a formula string or a SymPy expression, got {type(expression)}"
            )
        _check_smooth(expr)
        free = sorted(expr.free_symbols, key=lambda s: s.name)
        if variables is None:
            symbols = tuple(free)
        elif isinstance(variables, (str, sp.Basic)) or not isinstance(variables, Iterable):
            raise ObjectiveError(
                f"variables must be a list of names such as ['x', 'y'], got {variables!r}"
            )
        else:
            variables = list(variables)
            for v in variables:
                if not isinstance(v, (str, sp.Symbol)) or not str(v).isidentifier():
                    raise ObjectiveError(f"every variable must be a name such as 'x', got {v!r}")
            if len(set(map(str, variables))) != len(variables):
                raise ObjectiveError(f"variables must not repeat a name, got {variables!r}")
            by_name = {s.name: s for s in free}
            symbols = tuple(by_name.get(str(v), sp.Symbol(str(v), real=True)) for v in variables)
            unknown = sorted(s.name for s in free if s not in symbols)
            if unknown:
                raise ObjectiveError(f"{expr} uses {unknown}, which are not among the variables")
        if not symbols:
            raise ObjectiveError(f"{expr} has no variables to minimise over")
        if len(symbols) > MAX_VARIABLES:
            raise ObjectiveError(
                f"the objective has {len(symbols)} variables; at most {MAX_VARIABLES} are accepted "
                f"(its Hessian would have {len(symbols) ** 2} entries). For many parameters use "
                "a model with a hand-written gradient (gd.LeastSquares, gd.MLP) and gd.fit"
            )
        self.expr: sp.Expr = expr
        self.variables: tuple[sp.Symbol, ...] = symbols
        self.dim: int = len(symbols)
        self.name: str = name if name is not None else str(expr)
        self.gradient_expr: sp.Matrix = sp.Matrix([sp.diff(expr, v) for v in symbols])
        self.hessian_expr: sp.Matrix = sp.hessian(expr, symbols)
        if self.gradient_expr.has(sp.Derivative, sp.Subs):
            raise ObjectiveError(f"SymPy could not differentiate {expr} to a closed form")
        printer = _ProductPrinter({"fully_qualified_modules": False, "inline": True,
                                   "allow_unknown_functions": True, "user_functions": {}},
                                  names=[s.name for s in symbols])
        self._f = sp.lambdify(symbols, expr, "numpy", printer=printer)
        self._grad = sp.lambdify(
            symbols, list(self.gradient_expr), "numpy", cse=True, printer=printer
        )
        self._hess = sp.lambdify(
            symbols, self.hessian_expr.tolist(), "numpy", cse=True, printer=printer
        )
        #: Whether f and ∇f use only + − × ÷, √ and |·| (integer powers are products): then
        #: float64 arrays and Python floats give the same bits, and batches evaluate on arrays.
        self.ieee_exact: bool = all(
            _ieee_exact(e) for e in (expr, *self.gradient_expr)
        )

    # -- evaluation -------------------------------------------------------------------------
    def _point(self, p) -> np.ndarray:
        p = np.asarray(p, dtype=float)
        if p.ndim == 0 and self.dim == 1:
            p = p.reshape(1)
        if p.ndim == 0 or p.shape[0] != self.dim:
            names = ", ".join(v.name for v in self.variables)
            raise ValueError(
                f"{self.name} takes points with {self.dim} coordinates ({names}) along the first "
                f"axis, got an array of shape {p.shape}"
            )
        return p

    def __call__(self, p) -> float | np.ndarray:
        """The value f(p); for ``p`` of shape (dim, *grid), an array of shape ``grid``."""
        p = self._point(p)
        if p.ndim == 1:  # one point: Python floats are the fast path of the lambdified code
            return self._value_at(p.tolist())
        return np.array(np.broadcast_to(np.asarray(self._f(*p), dtype=float), p.shape[1:]))

    def grad(self, p) -> np.ndarray:
        """The gradient ∇f(p), of the same shape as ``p``."""
        p = self._point(p)
        if p.ndim == 1:
            return self._grad_at(p.tolist())
        parts = self._grad(*p)
        return np.stack([np.broadcast_to(np.asarray(g, dtype=float), p.shape[1:]) for g in parts])

    def _value_at(self, coords: list) -> float:
        """f at one point given as a list of its coordinates (Python floats), unchecked: the
        descent loop's fast path (its points are checked once, by ``minimize``)."""
        try:
            return float(self._f(*coords))
        except (OverflowError, ZeroDivisionError, TypeError):
            # NumPy answers inf or nan instead; TypeError: Python's (-1.0)**1.5 is complex,
            # NumPy's is nan (outside the domain of f)
            with np.errstate(all="ignore"):
                return float(self._f(*np.array(coords, dtype=float)))

    def _grad_at(self, coords: list) -> np.ndarray:
        """∇f at one point given as a list of its coordinates, unchecked (see ``_value_at``)."""
        try:
            return np.array(self._grad(*coords), dtype=float)
        except (OverflowError, ZeroDivisionError, TypeError):
            with np.errstate(all="ignore"):
                return np.array(self._grad(*np.array(coords, dtype=float)), dtype=float)

    def hess(self, p) -> np.ndarray:
        """The Hessian ∇²f(p), shape (dim, dim) for a single point."""
        p = self._point(p)
        if p.ndim != 1:
            raise ValueError("hess takes a single point of shape (dim,)")
        return np.array(self._hess(*p), dtype=float)

    def grid(
        self,
        xlim: tuple[float, float],
        ylim: tuple[float, float],
        n: int = 200,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Evaluate a 2-D objective on an ``n`` × ``n`` mesh: returns ``X, Y, Z`` for contour plots."""
        if self.dim != 2:
            raise ValueError(f"grid needs a function of 2 variables, {self.name} has {self.dim}")
        n = check_int("n (points per axis)", n, minimum=2)
        if n > MAX_GRID:
            raise ValueError(f"n (points per axis) must be at most {MAX_GRID}, got {n}")
        for label, lim in (("xlim", xlim), ("ylim", ylim)):
            try:
                low, high = (float(v) for v in lim)
            except (TypeError, ValueError):
                raise ValueError(
                    f"{label} must be a pair of numbers (low, high), got {lim!r}"
                ) from None
            if not (np.isfinite(low) and np.isfinite(high) and low < high):
                raise ValueError(f"{label} must be finite with low < high, got {lim!r}")
        X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
        return X, Y, self(np.stack([X, Y]))

    # -- display ----------------------------------------------------------------------------
    def latex(self) -> str:
        """LaTeX for f, ∇f and ∇²f, aligned, ready for ``IPython.display.Math``."""
        v = ", ".join(sp.latex(s) for s in self.variables)
        return (
            rf"\begin{{aligned}} f({v}) &= {sp.latex(self.expr)} \\ "
            rf"\nabla f &= {sp.latex(self.gradient_expr)} \\ "
            rf"\nabla^2 f &= {sp.latex(self.hessian_expr)} \end{{aligned}}"
        )

    def _repr_latex_(self) -> str:
        v = ", ".join(sp.latex(s) for s in self.variables)
        return rf"$f({v}) = {sp.latex(self.expr)}$"

    def __repr__(self) -> str:
        return f"Objective({str(self.expr)!r}, variables={[s.name for s in self.variables]})"


class _ProductPrinter(NumPyPrinter):
    """SymPy's NumPy printer, with small integer powers written as products: ``x**3`` is
    ``(x*x*x)`` and ``x**-2`` is ``(1/(x*x))``.

    ``x**2`` on a Python float calls the C library's ``pow``, which is not always correctly
    rounded (it differs from ``x*x`` in about 1 case in 1,000), and NumPy arrays square with
    ``x*x``; as products, single runs and batches compute the same bits.

    A base that is not an atom (a symbol, a number, π) is computed once and named
    (``(1 - x)**2`` is ``((_b0 := 1 - x)*_b0)``): the same value multiplied, with the base
    evaluated once instead of n times. ``names`` are the variables' names, which the
    temporaries avoid.
    """

    def __init__(self, settings=None, names: Iterable[str] = ()) -> None:
        super().__init__(settings)
        names = tuple(names)
        self._prefix = "_b"
        while any(name.startswith(self._prefix) for name in names):
            self._prefix = "_" + self._prefix
        self._bases = itertools.count()

    def _print_Pow(self, expr, rational=False):
        base, exponent = expr.args
        if exponent.is_Integer and 2 <= abs(int(exponent)) <= MAX_PRODUCT_POWER:
            if base.is_Atom:
                first = factor = self.parenthesize(base, precedence(expr), strict=False)
            else:
                factor = f"{self._prefix}{next(self._bases)}"
                first = f"({factor} := {self._print(base)})"
            product = "*".join([first] + [factor] * (abs(int(exponent)) - 1))
            return f"({product})" if exponent > 0 else f"(1/({product}))"
        return super()._print_Pow(expr, rational=rational)


def _ieee_exact(expr: sp.Expr) -> bool:
    """Whether ``expr`` is built only of numbers, symbols, +, ×, integer powers up to
    :data:`MAX_PRODUCT_POWER` (or −1), square roots and absolute values: operations that IEEE
    arithmetic rounds once, identically in Python and in NumPy."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Symbol, sp.Add, sp.Mul, sp.Abs)) or node.is_Number:
            continue
        if isinstance(node, sp.Pow):
            exponent = node.exp
            if exponent.is_Integer and 1 <= abs(int(exponent)) <= MAX_PRODUCT_POWER:
                continue
            if exponent in (sp.S.Half, -sp.S.Half):
                continue
        return False
    return True
