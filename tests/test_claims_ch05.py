"""Chapter 5 (batch, stochastic and mini-batch GD): every exercise and quick-check answer, recomputed.

Each test recomputes with SymPy or gdkit the number or formula that the chapter's solution states,
and for the quick checks also that the answer shown in the chapter's dropdown is the bank's answer.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.bank.ch05 import CHECKS

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "05_batch_stochastic_minibatch.ipynb"
CHAPTER = Chapter(NOTEBOOK)
B, N = sp.symbols("B N", positive=True, integer=True)
alpha, lam, sigma2 = sp.symbols("alpha lambda sigma_g^2", positive=True)


@pytest.fixture(scope="module")
def problem():
    data = gd.linear_data(n=1000, weights=(2.0,), bias=-1.0, noise=0.5)
    X, y = data
    A = np.c_[X[:, 0], np.ones(len(y))]
    theta_star = np.linalg.lstsq(A, y, rcond=None)[0]
    model = gd.LeastSquares()
    return model, data, theta_star, model.loss(theta_star, X, y)


def _floor():
    var = sp.Symbol("V", positive=True)
    spread = sp.solve(sp.Eq(var, (1 - alpha * lam) ** 2 * var + alpha**2 * sigma2 / B), var)[0]
    return sp.simplify(lam / 2 * spread)


def test_quick_check_updates_per_epoch() -> None:
    assert math.ceil(50_000 / 100) == 500 == CHECKS["ch05-updates-per-epoch"].answer
    assert gd.check("ch05-updates-per-epoch", 500).correct
    assert "= 500$ updates" in CHAPTER.cell_after_check("ch05-updates-per-epoch")


def test_quick_check_variance() -> None:
    var16 = sp.Rational(8, 10)
    sigma2_value = var16 * 16  # σ_g²/16 = 0.8
    assert sigma2_value / 64 == sp.Rational(1, 5)
    assert math.isclose(CHECKS["ch05-variance"].answer, 0.2)
    # the finite-population correction changes it by less than 0.01 % for N = 1e6, say
    fpc = (sigma2_value / 64 * (10**6 - 64) / (10**6 - 1)) / (sigma2_value / 64)
    assert abs(fpc - 1) < 1e-4
    assert "0.8/4 = 0.2" in CHAPTER.cell_after_check("ch05-variance")


def test_quick_check_which_settles(problem) -> None:
    model, data, theta_star, L_star = problem
    assert CHECKS["ch05-which-settles"].answer == "decaying rate"
    assert '"decaying rate"' in CHAPTER.cell_after_check("ch05-which-settles")
    kw = dict(batch_size=1, epochs=6, theta0=theta_star, record_every=1000)
    constant = gd.fit(model, data, gd.GD(lr=0.05), **kw)
    decaying = gd.fit(model, data, gd.GD(lr=gd.schedules.inverse_time(0.05, decay=0.01)), **kw)
    assert decaying.epoch_losses[-1] - L_star < 0.01 * (constant.epoch_losses[-1] - L_star)


def test_exercise_cost() -> None:
    n, b = 60_000, 64
    assert math.ceil(n / b) == 938 and (n // b) * b == 59_968 and n - (n // b) * b == 32
    assert 937 * 64 == 59_968


def test_exercise_unbiased() -> None:
    n = 7
    grads = sp.symbols(f"g1:{n + 1}")
    expectation = sum(sp.Rational(1, n) * g for g in grads)  # one uniform index
    assert sp.simplify(expectation - sum(grads) / n) == 0
    var_iid = sigma2 / B
    assert sp.sqrt(var_iid.subs(B, 1)) / sp.sqrt(var_iid.subs(B, 100)) == 10


def test_variance_formulas() -> None:
    C = sp.Symbol("C", real=True)
    var_of_mean = (B * sigma2 + B * (B - 1) * C) / B**2
    assert sp.simplify(var_of_mean.subs(C, 0)) == sigma2 / B
    c_without = sp.solve(sp.Eq(N * sigma2 + N * (N - 1) * C, 0), C)[0]
    assert sp.simplify(var_of_mean.subs(C, c_without) - sigma2 / B * (N - B) / (N - 1)) == 0


def test_exercise_where(problem) -> None:
    model, data, theta_star, _ = problem
    X, y = data
    theta0 = np.array([-1.0, 2.0])
    spread = {}
    for name, th in (("start", theta0), ("minimum", theta_star)):
        g = model.per_example_grads(th, X, y)
        spread[name] = np.mean(np.sum((g - g.mean(axis=0)) ** 2, axis=1))
    assert round(spread["start"]) == 162 and round(spread["minimum"]) == 2
    measured = [gd.training.gradient_variance(model, data, theta0, k, n_draws=20000) for k in (1, 4, 16)]
    predicted = [spread["start"] / k * (1000 - k) / 999 for k in (1, 4, 16)]
    assert all(abs(m / p - 1) < 0.1 for m, p in zip(measured, predicted))


def test_exercise_interpolation(problem) -> None:
    model, _, _, _ = problem
    exact = gd.linear_data(n=1000, noise=0.0)
    run = gd.fit(model, exact, gd.GD(lr=0.05), batch_size=1, epochs=5, theta0=[-1.0, 2.0])
    assert run.losses[-1] < 1e-25  # "about 1e-30 or smaller: numerically zero"


def test_exercise_ball(problem) -> None:
    floor = _floor()
    assert sp.simplify(floor - alpha * sigma2 / (2 * B * (2 - alpha * lam))) == 0
    assert sp.limit(floor / alpha, alpha, 0) == sigma2 / (4 * B)
    small = sigma2 * alpha / (4 * B)  # halve α or double B: the small-α floor halves
    assert small.subs(alpha, alpha / 2) == small / 2 and small.subs(B, 2 * B) == small / 2
    assert sp.limit(floor, alpha, 2 / lam, "-") == sp.oo
    assert (1 - alpha * lam).subs(alpha, 2 / lam) == -1
    # B = 4: the same α/B as SGD with α = 0.05 needs α = 0.2; its floor is a little higher
    assert sp.Rational(5, 100) / 1 == sp.Rational(2, 10) / 4
    model, data, theta_star, L_star = problem
    sgd = np.mean(gd.fit(model, data, gd.GD(lr=0.05), batch_size=1, epochs=30, theta0=theta_star).losses - L_star)
    four = np.mean(gd.fit(model, data, gd.GD(lr=0.2), batch_size=4, epochs=30, theta0=theta_star).losses - L_star)
    assert 1.0 < four / sgd < 1.4
