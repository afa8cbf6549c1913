"""Chapter 2's quick-check answers and exercise solutions, recomputed (issue #11).

Each test recomputes what a solution or a quick-check dropdown of
``chapters/02_the_gradient.ipynb`` states, with SymPy or gdkit, and checks that the dropdown
shows the answer that ``gdkit/quickchecks/ch02.py`` accepts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.checks import all_checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "02_the_gradient.ipynb"
CHAPTER = Chapter(NOTEBOOK)
dropdown_after = CHAPTER.dropdown_after
solution = CHAPTER.solution
assert_dropdown_shows_bank_answer = CHAPTER.assert_dropdown_shows_bank_answer
ROOT = Path(__file__).resolve().parents[1]
CHECKS = all_checks()


x, y, φ = sp.symbols("x y varphi", real=True)
RUNNING = x**2 + x * y + 2 * y**2
P = {x: 1, y: 1}


def _grad(expr, point):
    return sp.Matrix([sp.diff(expr, v).subs(point) for v in (x, y)])


def test_quickcheck_partial() -> None:
    derivative = sp.diff(x**2 * y + sp.sin(y), y)
    assert derivative == x**2 + sp.cos(y)
    assert sp.simplify(sp.sympify(CHECKS["ch02-partial"].answer, locals={"x": x, "y": y}) - derivative) == 0
    assert_dropdown_shows_bank_answer("ch02-partial", '`"x**2 + cos(y)"`')


def test_quickcheck_slope() -> None:
    g = _grad(RUNNING, P)
    assert list(g) == [3, 5]
    u = sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)])
    assert u.norm() == 1 and g.dot(u) == sp.Rational(29, 5)
    f = gd.Objective("x**2 + x*y + 2*y**2")
    assert abs(gd.directional_derivative(f, (1.0, 1.0), np.degrees(np.arctan2(0.8, 0.6))).rate - 5.8) < 1e-9
    assert "3 \\times 0.6 + 5 \\times 0.8 = 5.8" in dropdown_after("ch02-slope")
    assert_dropdown_shows_bank_answer("ch02-slope", "5.8")


def test_quickcheck_steepest() -> None:
    D = _grad(RUNNING, P).dot(sp.Matrix([sp.cos(φ), sp.sin(φ)]))
    best = sp.solve(sp.diff(D, φ), φ)
    largest = max(sp.simplify(D.subs(φ, b)) for b in best)
    assert largest == sp.sqrt(34) and abs(CHECKS["ch02-steepest"].answer - float(sp.sqrt(34))) < 1e-12
    text = dropdown_after("ch02-steepest")
    assert "\\sqrt{34}" in text
    assert_dropdown_shows_bank_answer("ch02-steepest", "5.83")
    # the direction (0.6, 0.8) of the first check is about 5.9° from the gradient (3, 5)
    angle = np.degrees(np.arccos(np.dot([0.6, 0.8], [3, 5]) / np.sqrt(34)))
    assert round(float(angle), 1) == 5.9 and "about $5.9°$ away" in text and "3.4°" not in text


def test_exercise_by_hand() -> None:
    k = x**2 * y + sp.exp(y)
    p = {x: 1, y: 0}
    g = _grad(k, p)
    assert list(g) == [0, 2]
    u = sp.Matrix([3, 4]) / 5
    assert u == sp.Matrix([sp.Rational(3, 5), sp.Rational(4, 5)]) and g.dot(u) == sp.Rational(8, 5)
    assert -g / g.norm() == sp.Matrix([0, -1]) and -g.norm() == -2
    assert g.dot(sp.Matrix([1, 0])) == 0 and k.subs(y, 0) == 1
    text = solution("ch02-ex-by-hand")
    assert "= (0, 2)$" in text and "= 1.6$" in text and "(0, -1)$" in text and "= -2$" in text


def test_exercise_quadratic() -> None:
    a, b, c, t1, t2 = sp.symbols("a b c theta_1 theta_2", real=True)
    theta = sp.Matrix([t1, t2])
    A = sp.Matrix([[a, b], [b, c]])
    quad = (theta.T * A * theta)[0]
    gradient = sp.Matrix([quad.diff(t1), quad.diff(t2)])
    assert sp.simplify(gradient - 2 * A * theta) == sp.zeros(2, 1)
    lin = sp.Matrix([a, b]).dot(theta)
    assert sp.Matrix([lin.diff(t1), lin.diff(t2)]) == sp.Matrix([a, b])
    A_run = sp.Matrix([[1, sp.Rational(1, 2)], [sp.Rational(1, 2), 2]])
    v = sp.Matrix([x, y])
    assert sp.expand((v.T * A_run * v)[0] - RUNNING) == 0
    assert sp.expand(2 * A_run * v - sp.Matrix([2 * x + y, x + 4 * y])) == sp.zeros(2, 1)


def test_exercise_not_to_minimum() -> None:
    f = x**2 + 4 * y**2
    g = _grad(f, {x: 2, y: 1})
    assert list(g) == [4, 8]
    cosine = (-g).dot(sp.Matrix([-2, -1])) / ((-g).norm() * sp.sqrt(5))
    assert sp.nsimplify(cosine) == sp.Rational(4, 5)
    assert round(float(sp.deg(sp.acos(cosine)))) == 37
    # -∇f = (-2x, -8y) is parallel to (-x, -y) exactly where the 2x2 determinant vanishes: xy = 0
    det = sp.Matrix([[-2 * x, -8 * y], [-x, -y]]).det()
    assert sp.factor(det) == -6 * x * y
    assert sp.diff(f, y, 2) / sp.diff(f, x, 2) == 4  # four times more curved in y
    text = solution("ch02-ex-not-to-minimum")
    assert "= 0.8$, about $37°$" in text and "$x = 0$ or $y = 0$" in text


def test_exercise_finite_differences() -> None:
    him = gd.functions.himmelblau()
    p1 = np.array([1.0, 1.0])
    g = him.grad(p1)
    assert g.tolist() == [-46.0, -38.0]
    E = np.eye(2)
    central = np.array([(him(p1 + 1e-5 * e) - him(p1 - 1e-5 * e)) / 2e-5 for e in E])
    rel = np.linalg.norm(central - g) / np.linalg.norm(g)
    assert 1e-13 < rel < 1e-10  # "about 1e-11"
    x_, y_ = him.variables
    r1, r2 = x_**2 + y_ - 11, x_ + y_**2 - 7
    wrong = np.array([float(e.subs({x_: 1, y_: 1})) for e in (r1 * 2 * x_ + r2, r1 + r2 * 2 * y_)])
    assert np.linalg.norm(wrong - g) / np.linalg.norm(g) == 0.5  # "off by 50 %"
    steps = np.logspace(-12, -1, 45)
    forward = [np.linalg.norm(np.array([(him(p1 + h * e) - him(p1)) / h for e in E]) - g) for h in steps]
    assert 1e-8 <= steps[int(np.argmin(forward))] <= 1e-7  # "between 1e-8 and 1e-7"
    h = sp.Symbol("h", positive=True)
    assert sp.solve(sp.diff(h + sp.Rational(1, 10**16) / h, h), h) == [sp.Rational(1, 10**8)]
    (h_central,) = sp.solve(sp.diff(h**2 + sp.Rational(1, 10**16) / h, h), h)
    assert 3e-6 < float(h_central) < 5e-6 and round(10 ** (-16 / 3), 6) == 5e-6
    text = solution("ch02-ex-fd")
    assert "about $10^{-11}$ in relative terms" in text and "off by 50 %" in text
    assert "5 \\times 10^{-6}" in text
