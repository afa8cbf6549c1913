"""Chapter 4 (the learning rate): every exercise solution and quick-check answer, recomputed.

Each test recomputes with SymPy or gdkit the number or formula that the chapter's solution states,
and for the quick checks also that the answer shown in the chapter's dropdown is the bank's answer.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.bank.ch04 import CHECKS

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "04_learning_rate.ipynb"
CHAPTER = Chapter(NOTEBOOK)


theta, a = sp.symbols("theta alpha", real=True)


def test_quick_check_max_rate() -> None:
    lam = sp.diff(5 * theta**2, theta, 2)
    assert lam == 10
    bound = sp.solve_univariate_inequality(sp.Abs(1 - a * lam) < 1, a, relational=False)
    assert bound == sp.Interval.open(0, sp.Rational(1, 5))
    assert math.isclose(CHECKS["ch04-max-rate"].answer, 0.2)
    assert gd.check("ch04-max-rate", 0.2).correct
    answer = CHAPTER.cell_after_check("ch04-max-rate")
    assert r"2/\lambda = 0.2" in answer and r"1/\lambda = 0.1" in answer and r"\lambda = 10" in answer


def test_quick_check_best_factor() -> None:
    lmin, lmax = 2, 18
    kappa = sp.Rational(lmax, lmin)
    factor = (kappa - 1) / (kappa + 1)
    best = sp.Rational(2, lmin + lmax)
    assert factor == sp.Rational(4, 5) and best == sp.Rational(1, 10)
    assert abs(1 - best * lmin) == abs(1 - best * lmax) == factor
    assert math.isclose(CHECKS["ch04-best-factor"].answer, float(factor))
    assert gd.check("ch04-best-factor", 0.8).correct
    answer = CHAPTER.cell_after_check("ch04-best-factor")
    assert "8/10 = 0.8" in answer and "2/(2 + 18) = 0.1" in answer


def test_exercise_shifted() -> None:
    L = 2 * theta**2 - 4 * theta + 1
    assert sp.solve(sp.diff(L, theta), theta) == [1]
    step = theta - a * sp.diff(L, theta)
    assert sp.expand(step - 1 - (1 - 4 * a) * (theta - 1)) == 0
    assert sp.diff(L, theta, 2) == 4
    assert sp.solve_univariate_inequality(sp.Abs(1 - 4 * a) < 1, a, relational=False) == sp.Interval.open(0, sp.Rational(1, 2))
    assert sp.solve(1 - 4 * a, a) == [sp.Rational(1, 4)]
    # damped oscillation: -1 < 1 - 4α < 0 on (1/4, 1/2); bounce at 1/2
    assert sp.solve_univariate_inequality(1 - 4 * a < 0, a, relational=False).intersect(
        sp.Interval.open(0, sp.Rational(1, 2))
    ) == sp.Interval.open(sp.Rational(1, 4), sp.Rational(1, 2))
    assert (1 - 4 * a).subs(a, sp.Rational(1, 2)) == -1
    sol = CHAPTER.solution("ch04-ex-shifted")
    assert r"0 < \alpha < 1/2" in sol and r"\alpha = 1/4" in sol


def test_exercise_2d() -> None:
    f = gd.Objective("x**2 + x*y + 2*y**2")
    H = f.hessian_expr
    assert H == sp.Matrix([[2, 1], [1, 4]])
    lam = H.eigenvals()
    assert lam == {3 - sp.sqrt(2): 1, 3 + sp.sqrt(2): 1}
    lmin, lmax = min(lam), max(lam)
    bound = float(2 / lmax)
    assert round(float(lmax), 3) == 4.414 and round(bound, 3) == 0.453 and round(bound, 4) == 0.4531
    assert sp.simplify(2 / (lmin + lmax)) == sp.Rational(1, 3)
    kappa = lmax / lmin
    assert round(float(kappa), 2) == 2.78
    assert sp.simplify((kappa - 1) / (kappa + 1) - sp.sqrt(2) / 3) == 0 and round(float(sp.sqrt(2) / 3), 3) == 0.471
    below, above = (gd.minimize(f, [1.0, 1.0], gd.GD(lr=k * bound), max_iter=2000) for k in (0.99, 1.01))
    assert round(0.99 * bound, 4) == 0.4486 and round(1.01 * bound, 4) == 0.4576
    assert below.stopped_by == "grad_tol" and above.stopped_by == "diverged"


def test_exercise_rosenbrock() -> None:
    f = gd.functions.rosenbrock()
    at_min = 2 / np.linalg.eigvalsh(f.hess([1.0, 1.0])).max()
    at_start = 2 / np.linalg.eigvalsh(f.hess([-1.5, 2.0])).max()
    assert f"{at_min:.5g}" == "0.0019968" and f"{at_start:.5g}" == "0.00095591"
    assert 1.9 < at_min / at_start < 2.2  # "about twice as large" a curvature at the start
    lrs = np.linspace(5e-4, 3e-3, 11)
    diverged = [gd.minimize(f, [-1.5, 2.0], gd.GD(lr=lr), max_iter=5000).diverged for lr in lrs]
    assert diverged == [lr > 2.1e-3 for lr in lrs]  # the cliff between 2.0e-3 and 2.25e-3
    other = {lr: gd.minimize(f, [-2.0, -1.0], gd.GD(lr=lr), max_iter=5000).diverged for lr in (1.0e-3, 1.1e-3)}
    assert other == {1.0e-3: False, 1.1e-3: True}


def test_exercise_cost() -> None:
    for kappa, steps, estimate in ((100, 691, 691), (10_000, 69_078, 69_078)):
        exact = math.log(1e6) / math.log((kappa + 1) / (kappa - 1))
        assert round(exact) == steps or abs(exact - steps) < 1
        assert round(kappa / 2 * math.log(1e6)) == estimate
    assert round(math.log(1e6), 2) == 13.82 and round(math.log(101 / 99), 4) == 0.0200
    sol = CHAPTER.solution("ch04-ex-cost")
    assert "691" in sol and "69{,}078" in sol


def test_exercise_schedule() -> None:
    s = gd.schedules.step(0.15, every=50, factor=0.5)
    assert math.isclose(s(120), 0.0375) and math.isclose(s(200), 0.01875) and math.isclose(s(201), 0.009375)
    assert next(t for t in range(1, 1000) if s(t) < 0.01) == 201
    assert math.isclose(0.15 * 0.5 ** math.floor(119 / 50), 0.0375)


def test_best_rate_fraction_of_cliff() -> None:
    """α* = 2/(λmin + λmax) is the fraction κ/(κ + 1) of the cliff 2/λmax: 10/11, 9 % below it, for κ = 10."""
    lmin, kappa = sp.symbols("lambda_min kappa", positive=True)
    lmax = kappa * lmin
    assert sp.simplify((2 / (lmin + lmax)) / (2 / lmax) - kappa / (kappa + 1)) == 0
    assert (kappa / (kappa + 1)).subs(kappa, 10) == sp.Rational(10, 11) and round(1 - 10 / 11, 2) == 0.09


def test_bottou_condition_in_book_form() -> None:
    """Bottou et al.'s α_t = β/(γ + t) with β > 1/μ is the book's α/(1 + k(t − 1)) with k < αμ."""
    lr, k, t, mu = sp.symbols("alpha k t mu", positive=True)
    beta, gamma = lr / k, 1 / k - 1
    assert sp.simplify(beta / (gamma + t) - lr / (1 + k * (t - 1))) == 0
    assert sp.simplify((beta > 1 / mu).subs({lr: sp.Rational(3, 20), k: sp.Rational(1, 20), mu: 1})) == sp.true
    assert sp.solve_univariate_inequality(lr / k > 1 / mu, k, relational=False) == sp.Interval.open(0, lr * mu)
