"""Chapter 7 (adaptive methods): every exercise solution and quick-check answer, recomputed.

Each test recomputes with SymPy or gdkit the number or formula that the chapter states, and the
quick-check tests also check that the answer in the chapter's dropdown is the bank's answer.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.checks import all_checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "07_adaptive_methods.ipynb"
CHAPTER = Chapter(NOTEBOOK)


@pytest.fixture(scope="module")
def cells() -> list:
    return CHAPTER.cells


START = [-1.5, 2.0]


def first_line_of_answer(text: str) -> str:
    return text.split(":class: dropdown\n", 1)[1].strip()


# -- quick checks -----------------------------------------------------------------------------
def test_quickcheck_adagrad_decay(cells) -> None:
    t, i = sp.symbols("t i", integer=True, positive=True)
    a, g = sp.symbols("alpha g", positive=True)
    step = a * g / sp.sqrt(sp.summation(g**2, (i, 1, t)))
    assert sp.simplify(step.subs(t, 100) / step.subs(t, 1)) == sp.Rational(1, 10)
    # gdkit on a slope of constant gradient 3
    run = gd.minimize(gd.Objective("3*x"), [0.0], gd.AdaGrad(lr=0.5), max_iter=100, grad_tol=None,
                      max_loss=1e12)
    steps = np.abs(np.diff(run.path[:, 0]))
    assert steps[99] / steps[0] == pytest.approx(0.1, rel=1e-9)
    bank = all_checks()["ch07-adagrad-decay"]
    assert bank.answer == 0.1 and gd.check("ch07-adagrad-decay", 0.1).correct
    assert first_line_of_answer(CHAPTER.cell_after_check("ch07-adagrad-decay")).startswith(f"${bank.answer:g}$.")


def test_quickcheck_adam_first_step(cells) -> None:
    adam, theta0 = gd.Adam(lr=0.01), np.array([2.0, -3.0])
    theta1, state = adam.step(theta0, np.array([40.0, -0.002]), adam.init(theta0))
    assert theta1 == pytest.approx([1.99, -2.99], abs=1e-6)
    assert state.s == pytest.approx([0.001 * 1600, 0.001 * 4e-6])                 # s_1 = (1 − β₂) g²
    bank = all_checks()["ch07-adam-first-step"]
    assert bank.answer == pytest.approx(theta1[0], abs=1e-6)
    assert first_line_of_answer(CHAPTER.cell_after_check("ch07-adam-first-step")).startswith(f"${bank.answer:g}$.")
    assert "ŝ₁" in bank.hint and "v̂" not in bank.hint


# -- claims of the text -----------------------------------------------------------------------
def test_adam_first_step_formula() -> None:
    a, eps = sp.symbols("alpha epsilon", positive=True)
    b1, b2 = sp.symbols("beta_1 beta_2", positive=True)
    g1 = sp.Symbol("g_1", real=True)
    step = a * ((1 - b1) * g1 / (1 - b1)) / (sp.sqrt((1 - b2) * g1**2 / (1 - b2)) + eps)
    assert sp.simplify(step - a * g1 / (sp.Abs(g1) + eps)) == 0


def test_kingma_ba_sparse_bound() -> None:
    """A gradient after a long run of zeros: Adam's step tends to α(1 − β₁)/√(1 − β₂) ≈ 3.16 α."""
    adam, theta = gd.Adam(lr=1.0), np.array([0.0])
    state = adam.init(theta)
    for _ in range(5000):
        theta, state = adam.step(theta, np.array([0.0]), state)
    new_theta, _ = adam.step(theta, np.array([1.0]), state)
    assert abs(new_theta - theta)[0] == pytest.approx(0.1 / np.sqrt(0.001), rel=0.01)


def test_uncorrected_factor() -> None:
    t = np.arange(1, 5001)
    factor = (1 - 0.9**t) / np.sqrt(1 - 0.999**t)
    assert round(factor[0], 2) == 3.16 and t[factor.argmax()] == 12 and round(factor.max(), 2) == 6.57


# -- exercises --------------------------------------------------------------------------------
def test_ex_rmsprop_first_step() -> None:
    rms, theta = gd.RMSprop(lr=0.01), np.array([0.0, 0.0])
    theta1, _ = rms.step(theta, np.array([5.0, -0.3]), rms.init(theta))
    assert np.abs(theta1) == pytest.approx([0.1, 0.1], rel=1e-6)            # α/√(1 − ρ) = 10 α
    adam = gd.Adam(lr=0.01, beta1=0.0, beta2=0.99)                         # the corrected RMSprop
    theta1, _ = adam.step(theta, np.array([5.0, -0.3]), adam.init(theta))
    assert np.abs(theta1) == pytest.approx([0.01, 0.01], rel=1e-6)


def test_ex_scale() -> None:
    rosenbrock = gd.functions.rosenbrock()
    scaled = gd.Objective(1000 * rosenbrock.expr)
    a = gd.minimize(rosenbrock, START, gd.Adam(lr=0.05), max_iter=500)
    b = gd.minimize(scaled, START, gd.Adam(lr=0.05), max_iter=500)
    assert 1e-10 < np.abs(a.path - b.path).max() < 1e-8                      # "about 1e-9"
    assert gd.minimize(scaled, START, gd.GD(lr=1e-3)).stopped_by == "diverged"


def test_ex_adagrad_bigger() -> None:
    rosenbrock = gd.functions.rosenbrock()
    losses = [gd.minimize(rosenbrock, START, gd.AdaGrad(lr=a), max_iter=2000).loss for a in (0.5, 2, 5)]
    assert round(losses[0], 2) == 0.14 and round(losses[1], 2) == 0.02 and losses[2] > losses[1]


def test_ex_s_bias() -> None:
    b2, tau = sp.symbols("beta_2 tau", positive=True)
    t, i = sp.symbols("t i", integer=True, positive=True)
    weights = sp.summation((1 - b2) * b2 ** (t - i), (i, 1, t))
    assert sp.simplify(weights - (1 - b2**t)) == 0
    half = sp.solve(sp.Eq(1 - b2**tau, sp.Rational(1, 2)), tau)[0]
    assert sp.simplify(half + sp.log(2) / sp.log(b2)) == 0
    value = float(half.subs(b2, sp.Rational(999, 1000)))
    assert round(value, 1) == 692.8 and 1 - 0.999**692 < 0.5 < 1 - 0.999**693


def test_adam_worst_case_step() -> None:
    """Kingma and Ba's 3.2α is approximate: by Cauchy–Schwarz the worst step (ε = 0, t → ∞) is ≈ 7.3α,
    reached by a gradient that grows by β₂/β₁ ≈ 1.11 per step after a long run of zeros."""
    b1, b2 = 0.9, 0.999
    bound = (1 - b1) / np.sqrt((1 - b2) * (1 - b1**2 / b2))
    assert round(bound, 1) == 7.3 and round((b2 / b1 - 1) * 100) == 11
    adam, theta = gd.Adam(lr=1.0), np.array([0.0])
    state, largest = adam.init(theta), 0.0
    for i in range(1, 5001):
        g = np.array([(b2 / b1) ** (i - 4900) if i > 4900 else 0.0])
        new_theta, state = adam.step(theta, g, state)
        largest, theta = max(largest, abs(new_theta - theta)[0]), new_theta
    assert 7.0 < largest <= bound


def test_adagrad_beyond_the_sweep() -> None:
    """AdaGrad's best rate lies beyond the sweep's top α = 1, erratically."""
    rosenbrock = gd.functions.rosenbrock()
    loss = {a: gd.minimize(rosenbrock, START, gd.AdaGrad(lr=a), max_iter=2000).loss for a in (1.0, 10**0.25, 10**0.5)}
    gd_loss = gd.minimize(rosenbrock, START, gd.GD(lr=10**-2.75), max_iter=2000).loss
    assert loss[1.0] > gd_loss > loss[10**0.25] and 5e-4 < loss[10**0.25] < 2e-3 and 0.5 < loss[10**0.5] < 2
