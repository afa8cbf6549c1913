"""Appendix A (the mathematics you need): every exercise solution, recomputed.

Each test recomputes with SymPy, sympy.stats or gdkit the numbers and formulas that the appendix's
solution states, and checks that the solution in the notebook states them.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from chapter_text import Chapter
from sympy.stats import Bernoulli, E, covariance, variance

import gdkit as gd

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "appendix_a_maths_primer.ipynb"
CHAPTER = Chapter(NOTEBOOK)


@pytest.fixture(scope="module")
def markdown() -> str:
    return CHAPTER.markdown


z = sp.Symbol("z")


def test_exercise_eigen(markdown: str) -> None:
    H = sp.Matrix([[3, 1], [1, 3]])
    assert H.eigenvals() == {2: 1, 4: 1}
    lam = sp.Symbol("lambda")
    assert sp.expand((H - lam * sp.eye(2)).det() - ((3 - lam) ** 2 - 1)) == 0
    q1, q2 = sp.Matrix([1, -1]) / sp.sqrt(2), sp.Matrix([1, 1]) / sp.sqrt(2)
    assert H * q1 == 2 * q1 and H * q2 == 4 * q2 and q1.dot(q2) == 0
    theta = sp.Matrix(sp.symbols("theta_1 theta_2"))
    tilde = sp.Matrix(sp.symbols("thetatilde_1 thetatilde_2"))
    Q = sp.Matrix.hstack(q1, q2)
    L_eigen = sp.expand(((Q * tilde).T * H * (Q * tilde))[0] / 2)
    assert sp.expand(L_eigen - (tilde[0] ** 2 + 2 * tilde[1] ** 2)) == 0
    # factors with α = 0.4, and the stability limit, from a gdkit run along each eigenvector
    f = gd.Objective(((theta.T * H * theta)[0] / 2), list(theta), minima=[[0, 0]])
    for q, factor in ((q1, 0.2), (q2, -0.6)):
        start = np.array(q, dtype=float).ravel()
        run = gd.minimize(f, start, gd.GD(lr=0.4), max_iter=1, grad_tol=None)
        assert np.allclose(run.path[1], factor * start)
    a = sp.Symbol("alpha", positive=True)
    stable = sp.solve_univariate_inequality(sp.Abs(1 - 4 * a) < 1, a, relational=False).intersect(
        sp.solve_univariate_inequality(sp.Abs(1 - 2 * a) < 1, a, relational=False))
    assert stable == sp.Interval.open(0, sp.Rational(1, 2))
    text = CHAPTER.solution("appendix-primer-ex-eigen")
    for claim in (r"\lambda_1 = 2", r"\lambda_2 = 4", r"\tilde\theta_1^2 + 2\tilde\theta_2^2",
                  "= 0.2", "= -0.6", "= 0.5"):
        assert claim in text, claim


def test_exercise_definite(markdown: str) -> None:
    L1 = gd.Objective("theta_1**2 + 4*theta_1*theta_2 + theta_2**2")
    L2 = gd.Objective("theta_1**2 + 2*theta_1*theta_2 + theta_2**2")
    assert L1.hessian_expr == sp.Matrix([[2, 4], [4, 2]]) and L1.hessian_expr.eigenvals() == {6: 1, -2: 1}
    assert L2.hessian_expr == sp.Matrix([[2, 2], [2, 2]]) and L2.hessian_expr.eigenvals() == {4: 1, 0: 1}
    t1, t2 = L1.variables
    assert sp.solve(list(L1.gradient_expr), [t1, t2], dict=True) == [{t1: 0, t2: 0}]
    # the loss falls along (1, -1) from the saddle
    assert L1.expr.subs({t1: 1, t2: -1}) == -2
    u1, u2 = L2.variables
    assert sp.factor(L2.expr) == (u1 + u2) ** 2
    assert all(g.subs(u2, -u1) == 0 for g in L2.gradient_expr)  # the whole line is stationary
    text = CHAPTER.solution("appendix-primer-ex-definite")
    for claim in ("$6$ and $-2$", "indefinite", "saddle", "$4$ and $0$", "positive semi-definite",
                  r"\theta_2 = -\theta_1", "global minimum"):
        assert claim in text, claim


def test_exercise_roots(markdown: str) -> None:
    beta, x = sp.Rational(64, 100), 1
    a1 = 1 + beta - x
    p = z**2 - a1 * z + beta
    assert a1 == sp.Rational(64, 100)
    assert a1**2 - 4 * beta == sp.Rational(-21504, 10000)
    roots = sp.solve(p, z)
    assert all(sp.im(r) != 0 for r in roots)
    assert all(sp.simplify(sp.Abs(r) - sp.Rational(4, 5)) == 0 for r in roots)
    assert {round(float(sp.re(r)), 2) for r in roots} == {0.32}
    assert {round(abs(float(sp.im(r))), 3) for r in roots} == {0.733}
    # gdkit's heavy ball on λ = 1 with α = 1 follows the recurrence
    run = gd.minimize(gd.Objective("theta**2 / 2"), [1.0], gd.Momentum(lr=1.0, momentum=0.64),
                      max_iter=60, grad_tol=None)
    e = run.path[:, 0]
    assert np.allclose(e[2:], 0.64 * e[1:-1] - 0.64 * e[:-2])
    bound = math.log(1000) / math.log(1.25)
    assert round(bound, 2) == 30.96 and math.ceil(bound) == 31 and 0.8**31 < 1e-3 < 0.8**30
    text = CHAPTER.solution("appendix-primer-ex-roots")
    for claim in ("z^2 - 0.64 z + 0.64", "-2.1504", r"0.32 \pm 0.733\,i", r"\lvert z\rvert = 0.8",
                  "30.96", "31 steps"):
        assert claim in text, claim


def test_exercise_variance(markdown: str) -> None:
    X, Y = Bernoulli("X", sp.Rational(1, 2)), Bernoulli("Y", sp.Rational(1, 2))
    assert E(X) == sp.Rational(1, 2) and variance(X) == sp.Rational(1, 4)
    assert variance(X + Y) == sp.Rational(1, 2) and covariance(X, X + Y) == sp.Rational(1, 4)
    cov = sp.Matrix([[variance(X), covariance(X, X + Y)], [covariance(X, X + Y), variance(X + Y)]])
    assert cov == sp.Matrix([[1, 1], [1, 2]]) / 4
    eigs = cov.eigenvals()
    assert set(eigs) == {(3 + sp.sqrt(5)) / 8, (3 - sp.sqrt(5)) / 8} and all(e > 0 for e in eigs)
    mean_var = variance(X + Y) / 100
    assert mean_var == sp.Rational(5, 1000) and round(math.sqrt(float(mean_var)), 3) == 0.071
    text = CHAPTER.solution("appendix-primer-ex-variance")
    for claim in ("= 1/4", "= 1/2", r"(3 \pm \sqrt5)/8", "positive definite", "= 0.005", "0.071"):
        assert claim in text, claim
