"""Chapter 1's quick-check answers and exercise solutions, recomputed (issue #11).

Each test recomputes what a solution or a quick-check dropdown of
``chapters/01_what_is_gradient_descent.ipynb`` states, with SymPy or gdkit, and checks that the
dropdown shows the answer that ``gdkit/quickchecks/ch01.py`` accepts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.checks import all_checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "01_what_is_gradient_descent.ipynb"
CHAPTER = Chapter(NOTEBOOK)
dropdown_after = CHAPTER.dropdown_after
solution = CHAPTER.solution
assert_dropdown_shows_bank_answer = CHAPTER.assert_dropdown_shows_bank_answer
ROOT = Path(__file__).resolve().parents[1]
CHECKS = all_checks()


DATA_X = [1, 2, 3, 4, 5]
DATA_Y = [sp.Rational(2), sp.Rational(7, 2), sp.Rational(4), sp.Rational(13, 2), sp.Rational(7)]
θ, α, c, θ0 = sp.symbols("theta alpha c theta_0", real=True)


def test_quickcheck_mse() -> None:
    mse = sp.Rational(sum((x + 1 - y) ** 2 for x, y in zip(DATA_X, DATA_Y)), 5)
    assert mse == sp.Rational(7, 10) == sp.nsimplify(CHECKS["ch01-mse"].answer)
    X, y = np.array(DATA_X, float)[:, None], np.array(DATA_Y, float)
    assert abs(gd.LeastSquares().loss([1, 1], X, y) - 0.7) < 1e-12
    assert "$3.5 / 5 = 0.7$" in dropdown_after("ch01-mse")
    assert_dropdown_shows_bank_answer("ch01-mse", "0.7")


def test_quickcheck_direction() -> None:
    step = -α * (-3)  # −α L′(θ) with L′(θ) = −3
    assert sp.ask(sp.Q.positive(step), sp.Q.positive(α))
    assert CHECKS["ch01-direction"].answer == "increase"
    assert "3\\alpha > 0" in dropdown_after("ch01-direction")
    assert_dropdown_shows_bank_answer("ch01-direction", '`"increase"`')


def _iterate(theta0: float, lr: float, steps: int) -> sp.Rational:
    f = gd.Objective("θ**2 / 2")
    run = gd.minimize(f, [theta0], gd.GD(lr=lr), max_iter=steps, grad_tol=None)
    exact = sp.nsimplify(theta0) * (1 - sp.nsimplify(lr)) ** steps
    assert abs(run.theta[0] - float(exact)) < 1e-12
    return exact


def test_quickcheck_first_step() -> None:
    assert _iterate(2.0, 0.3, 1) == sp.Rational(7, 5)
    assert_dropdown_shows_bank_answer("ch01-first-step", "1.4")


def test_quickcheck_oscillate() -> None:
    assert _iterate(2.0, 1.5, 1) == -1 and _iterate(2.0, 1.5, 2) == sp.Rational(1, 2)
    assert "\\theta_1 = -1" in dropdown_after("ch01-oscillate")
    assert_dropdown_shows_bank_answer("ch01-oscillate", "0.5")


def test_exercise_mse_and_mae() -> None:
    residuals = [3 - 2, 0 - 1, 5 - 5]
    mse = sp.Rational(sum(r**2 for r in residuals), 3)
    mae = sp.Rational(sum(abs(r) for r in residuals), 3)
    assert mse == mae == sp.Rational(2, 3)
    text = solution("ch01-ex-mse")
    assert "MSE $= (1 + 1 + 0)/3 = 2/3$" in text and "also\n$(1 + 1 + 0)/3 = 2/3$" in text
    r = sp.Symbol("r", real=True)
    assert sp.diff(r**2, r) == 2 * r and sp.diff(sp.Abs(r), r).subs(r, 0.001) == 1


def test_exercise_parabola() -> None:
    t = sp.Symbol("t", integer=True, nonnegative=True)
    theta = sp.Function("theta")
    L = c * θ**2 / 2
    step = θ - α * sp.diff(L, θ)
    assert sp.expand(step - (1 - α * c) * θ) == 0
    closed = sp.rsolve(theta(t) - (1 - α * c) * theta(t - 1), theta(t), {theta(0): θ0})
    assert sp.simplify(closed - θ0 * (1 - α * c) ** t) == 0
    a = sp.Symbol("a", positive=True)
    window = sp.solve_univariate_inequality(sp.Abs(1 - a * 22) < 1, a, relational=False)
    assert window == sp.Interval.open(0, sp.Rational(2, 22))
    assert sp.solve(1 - a * c, a) == [1 / c]
    assert sp.nsimplify(1 - 0.1 * 22) == sp.Rational(-6, 5)
    text = solution("ch01-ex-parabola")
    assert "$-1.2$" in text and "$2/22 \\approx 0.091$" in text and "$1/22 \\approx 0.045$" in text
    assert round(2 / 22, 3) == 0.091 and round(1 / 22, 3) == 0.045


def test_exercise_code() -> None:
    f = gd.Objective("(θ - 3)**2 + 1")
    (var,) = f.variables
    assert sp.expand(f.gradient_expr[0] - (2 * var - 6)) == 0
    runs = {lr: gd.minimize(f, [0.0], gd.GD(lr=lr), max_iter=1000) for lr in (0.1, 0.5, 1.05)}
    assert runs[0.1].stopped_by == "grad_tol" and runs[0.1].n_iter == 70  # "about 70 steps"
    assert runs[0.5].n_iter == 1 and runs[0.5].theta[0] == 3.0  # lands on θ = 3 in one step
    assert runs[1.05].diverged
    assert [round(1 - 2 * lr, 2) for lr in (0.1, 0.5, 1.05)] == [0.8, 0.0, -1.1]
    text = solution("ch01-ex-code")
    assert "about 70 steps" in text and "factor is $-1.1$" in text and "stops as diverged" in text


def test_exercise_hiker() -> None:
    # a hilltop and a flat inflection point are stationary points that are not minima
    assert sp.diff(-(θ**2), θ).subs(θ, 0) == 0 and sp.diff(-(θ**2), θ, 2) < 0
    assert sp.diff(θ**3, θ).subs(θ, 0) == 0 and sp.diff(θ**3, θ, 2).subs(θ, 0) == 0
    stuck = gd.minimize(gd.Objective("-θ**2"), [0.0], gd.GD(lr=0.1), max_iter=50)
    assert stuck.n_iter == 0 and stuck.theta[0] == 0.0  # a walk started on the hilltop never moves
    text = solution("ch01-ex-hiker")
    assert "$L(\\theta) = -\\theta^2$" in text and "$L(\\theta) = \\theta^3$" in text
