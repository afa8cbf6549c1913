"""Chapter 9's quick-check answers and exercise solutions, recomputed (issue #11).

Each test recomputes what a solution or a quick-check dropdown of
``chapters/09_saddle_points_and_plateaus.ipynb`` states, with SymPy or gdkit, and checks that the
dropdown shows the answer that ``gdkit/quickchecks/ch09.py`` accepts. The numbers quoted in the
chapter's prose are asserted by the chapter's own hidden self-test cell.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.checks import all_checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "09_saddle_points_and_plateaus.ipynb"
CHAPTER = Chapter(NOTEBOOK)
dropdown_after = CHAPTER.dropdown_after
solution = CHAPTER.solution
CHECKS = all_checks()
α = sp.symbols("alpha", positive=True)


def test_quickcheck_classify() -> None:
    H = sp.diag(3, sp.Rational(1, 2), sp.Rational(-1, 10))
    eigenvalues = list(H.eigenvals())
    kind = (
        "minimum" if all(e > 0 for e in eigenvalues)
        else "maximum" if all(e < 0 for e in eigenvalues)
        else "saddle"
    )
    assert kind == "saddle" == CHECKS["ch09-classify"].answer and gd.check("ch09-classify", kind).correct
    q = sp.Matrix([0, 0, 1])  # the loss decreases along the eigenvector of −0.1
    assert (q.T * H * q)[0] < 0
    assert dropdown_after("ch09-classify").startswith("A saddle.")


def test_quickcheck_growth() -> None:
    saddle = gd.functions.saddle()
    x, y = saddle.variables
    step = sp.Matrix([x, y]) - α * saddle.gradient_expr
    factor = sp.simplify(step[1] / y).subs(α, sp.Rational(1, 4))
    assert factor == sp.Rational(3, 2) and float(factor) == CHECKS["ch09-growth"].answer
    assert gd.check("ch09-growth", float(factor)).correct
    run = gd.minimize(saddle, [1.0, 0.01], gd.GD(lr=0.25), max_iter=3, grad_tol=None)
    assert np.allclose(run.path[1:, 1] / run.path[:-1, 1], 1.5)
    shown = dropdown_after("ch09-growth")
    assert shown.startswith("$1.5$.") and "= 1.5\\,y_{t-1}" in shown


def test_exercise_classify() -> None:
    f = gd.Objective("x**3 - 3*x + y**2")
    x, y = f.variables
    points = sp.solve(list(f.gradient_expr), f.variables, dict=True)
    kinds = {(p[x], p[y]): sorted(f.hessian_expr.subs(p).eigenvals()) for p in points}
    assert kinds == {(1, 0): [2, 6], (-1, 0): [-6, 2]}
    assert f.hessian_expr == sp.diag(6 * x, 2)
    # Stable line x = −1; starts right of it reach the minimum, left of it run off.
    on_line = gd.minimize(f, [-1.0, 0.7], gd.GD(lr=0.05), max_iter=2000)
    assert on_line.stopped_by == "grad_tol" and np.allclose(on_line.theta, [-1, 0], atol=1e-5)
    right = gd.minimize(f, [-0.9, 0.7], gd.GD(lr=0.05), max_iter=2000)
    assert np.allclose(right.theta, [1, 0], atol=1e-5)
    left = gd.minimize(f, [-1.1, 0.7], gd.GD(lr=0.05), max_iter=2000)
    assert left.stopped_by == "diverged" or left.theta[0] < -100
    assert "Its stable line is $x = -1$" in solution("ch09-ex-classify")


def test_exercise_escape_time() -> None:
    T = math.log(1 / 1e-6) / math.log(1.1)
    assert round(T, 2) == 144.95 and math.ceil(T) == 145
    assert round(math.log(1e6), 1) == 13.8 and round(math.log(1.1), 4) == 0.0953
    run = gd.minimize(gd.functions.saddle(), [1.0, 1e-6], gd.GD(lr=0.05), max_iter=200, grad_tol=None)
    t_esc = int(np.argmax(np.abs(run.path[:, 1]) >= 1))
    assert t_esc == 145
    assert f"{run.path[145, 0]:.0e}" == "2e-07" and abs(run.path[145, 0] - 0.9**145) < 1e-12
    losses = run.losses
    assert losses[0] == 1 - 1e-12 and np.all(np.abs(losses[25:118]) < 1e-2)
    plateau = np.flatnonzero(np.abs(losses) < 1e-2)
    assert 90 <= plateau.max() - plateau.min() <= 110  # flat near 0 for about a hundred steps and losses[-1] < -1
    half = gd.minimize(gd.functions.saddle(), [1.0, 1e-6], gd.GD(lr=0.025), max_iter=400, grad_tol=None)
    assert int(np.argmax(np.abs(half.path[:, 1]) >= 1)) == 284
    text = solution("ch09-ex-escape-time")
    assert "# 145" in text and "2 \\times 10^{-7}" in text and "284 steps with $\\alpha = 0.025$" in text


def test_exercise_newton() -> None:
    saddle = gd.functions.saddle()
    x, y = saddle.variables
    H, g = saddle.hessian_expr, saddle.gradient_expr
    assert sp.Matrix([x, y]) - H.inv() * g == sp.Matrix([0, 0])
    abs_H = sp.diag(*[abs(H[i, i]) for i in range(2)])  # |H|: eigenvalues by absolute value
    assert sp.Matrix([x, y]) - abs_H.inv() * g == sp.Matrix([0, 2 * y])
    gd_step = sp.Matrix([x, y]) - α * g
    assert gd_step == sp.Matrix([(1 - 2 * α) * x, (1 + 2 * α) * y]).expand()
    assert "= (0, 2y)$" in solution("ch09-ex-newton")


def test_exercise_monkey() -> None:
    monkey = gd.functions.monkey_saddle()
    x, y = monkey.variables
    assert monkey.gradient_expr.subs(y, 0) == sp.Matrix([3 * x**2, 0])
    run = gd.minimize(monkey, [0.5, 0.0], gd.GD(lr=0.05), max_iter=2000, grad_tol=None)
    assert np.all(run.path[:, 1] == 0)
    xs = run.path[:, 0]
    assert np.allclose(xs[1:], xs[:-1] - 3 * 0.05 * xs[:-1] ** 2)
    t = np.arange(1, 2001)
    assert abs(xs[-1] * 3 * 0.05 * 2000 - 1) < 0.02  # x_t ≈ 1/(3αt)
    assert np.all(xs > 0)  # never arriving
    # 1/(x − 3αx²) = 1/x + 3α + O(x): the series that gives the 1/t law.
    a, u = sp.symbols("alpha u", positive=True)
    assert sp.series(1 / (u - 3 * a * u**2), u, 0, 1).removeO() == 1 / u + 3 * a
    assert "$x_t \\approx 1/(3\\alpha t)$" in solution("ch09-ex-monkey")
    assert t[-1] == 2000
