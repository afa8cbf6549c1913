"""Appendix B's exercise solutions recomputed, and each theorem's bound checked numerically (issue #11).

Each exercise test recomputes what a ``{solution}`` of
``chapters/appendix_b_convergence_theory.ipynb`` states, with SymPy or gdkit, and checks that the
solution shows that number. Each theorem test runs gradient descent (or SGD, or Adam) on functions
that satisfy the theorem's hypotheses, from several starts and step sizes, and checks the bound.
The numbers quoted in the appendix's prose are asserted by its own hidden self-test cell.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from chapter_text import Chapter

import gdkit as gd

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "appendix_b_convergence_theory.ipynb"
CHAPTER = Chapter(NOTEBOOK)
solution = CHAPTER.solution
alpha, Lam, mu = sp.symbols("alpha Lambda mu", positive=True)
b1, b2, t = sp.symbols("beta_1 beta_2 t", positive=True)
GAMMA_T = ((1 - b1) / (1 - b1**t) * sp.sqrt((1 - b2**t) / (1 - b2))
           * sp.sqrt((1 - (b1**2 / b2) ** t) / (1 - b1**2 / b2)))
GAMMA_INF = (1 - b1) / sp.sqrt((1 - b2) * (1 - b1**2 / b2))


def egg_crate() -> gd.Objective:
    return gd.Objective("sin(x)*cos(y)", name="egg crate")


# -- the exercises ------------------------------------------------------------------------------
def test_ex_steps() -> None:
    shown = solution("appendix-theory-ex-steps")
    factor = alpha * (2 - alpha * Lam)
    assert sp.simplify(factor.subs(alpha, 1 / Lam) - 1 / Lam) == 0
    assert sp.solve(sp.diff(factor, alpha), alpha) == [1 / Lam] and sp.diff(factor, alpha, 2) < 0
    run = gd.minimize(egg_crate(), [1.0, np.pi / 2 - 1.0 + 1e-6], gd.GD(lr=0.5), max_iter=120,
                      grad_tol=None)
    gap0 = run.losses[0] + 1  # L* = -1
    assert round(gap0, 3) == 1.708
    needed = 2 * gap0 / (0.5 * 1.5 * 1e-6)
    t_hit = int(np.flatnonzero(run.grad_norms[:-1] <= 1e-3)[0]) + 1
    assert round(needed / 1e6, 2) == 4.55 and t_hit == 13
    assert abs(run.losses[t_hit - 1]) < 1e-5  # next to the saddle, L ≈ 0, not at the minimum -1
    assert "4.55$ million" in shown and "step 13" in shown and "L \\approx 0" in shown


def test_ex_robbins_monro() -> None:
    shown = solution("appendix-theory-ex-robbins-monro")
    k = sp.symbols("k", integer=True, positive=True)
    assert sp.summation(1 / k, (k, 1, sp.oo)) == sp.oo
    assert sp.summation(1 / k**2, (k, 1, sp.oo)) == sp.pi**2 / 6
    assert not sp.Sum(1 / sp.sqrt(k), (k, 1, sp.oo)).is_convergent()
    t_ = np.arange(1, 10**6 + 1)
    values = [(5 + 74.2 * (a**2).sum()) / (2 * a.sum()) for a in (0.05 / t_, 0.05 / np.sqrt(t_))]
    assert [float(f"{v:.3g}") for v in values] == [3.69, 0.0384]
    assert 90 < values[0] / values[1] < 110  # "about 100 times better"
    assert "3.69" in shown and "0.0384" in shown and "about 100 times" in shown


def test_ex_pl() -> None:
    shown = solution("appendix-theory-ex-pl")
    # Strong convexity ⇒ PL: min over d of g·d + μ/2 ‖d‖² is −‖g‖²/(2μ), at d = −g/μ (in 3-D).
    g = sp.Matrix(sp.symbols("g1:4", real=True))
    d = sp.Matrix(sp.symbols("d1:4", real=True))
    q = g.dot(d) + mu / 2 * d.dot(d)
    crit = sp.solve(list(sp.Matrix([q]).jacobian(d)), list(d), dict=True)[0]
    assert all(sp.simplify(crit[d[i]] + g[i] / mu) == 0 for i in range(3))
    assert sp.simplify(q.subs(crit) + g.dot(g) / (2 * mu)) == 0
    steps = sp.log(sp.Rational(1, 10**6)) / sp.log(sp.Rational(99, 100))  # (0.99)^t = 10^-6
    assert round(float(steps), 1) == 1374.6 and int(np.ceil(float(steps))) == 1375
    assert "1374.6" in shown and "1,375 steps" in shown and "sp.log(sp.Rational(99, 100))" in shown
    assert "\\theta - \\nabla L(\\theta)/\\mu" in shown


def test_ex_adam() -> None:
    shown = solution("appendix-theory-ex-adam")
    case = {b1: sp.Rational(9, 10), b2: sp.Rational(99, 100)}
    assert round(float(GAMMA_INF.subs(case)), 2) == 2.35
    assert (1 - b1).subs(case) == sp.sqrt(1 - b2).subs(case)  # Kingma and Ba's "otherwise": ≤ α
    bad = {b1: sp.Rational(9, 10), b2: sp.Rational(4, 5)}
    assert (b1**2 / b2).subs(bad) == sp.Rational(81, 80)
    # evalf(subs=...) evaluates in floating point: .subs would build the exact rational
    # (81/80)^1000 under a square root, which SymPy then tries to factor
    values = [round(float(GAMMA_T.subs(bad).evalf(subs={t: n})), 1) for n in (100, 1000)]
    assert values == [3.1, 996.7]
    # The bound is attained: Adam fed gradients growing by β₂/β₁ moves by Γ_t·α (ε negligible).
    opt, theta = gd.Adam(lr=1.0, beta1=0.9, beta2=0.8, eps=1e-300), np.zeros(1)
    state = opt.init(theta)
    for n in range(60):
        new, state = opt.step(theta, np.array([(0.8 / 0.9) ** n * 1e-3]), state)
        step, theta = abs(new[0] - theta[0]), new
    assert step == pytest.approx(float(GAMMA_T.subs(bad).subs(t, 60)), rel=1e-9)
    assert "2.35" in shown and "[3.1, 996.7]" in shown


# -- the theorems, checked numerically ----------------------------------------------------------
def test_descent_lemma_on_random_pairs() -> None:
    f, rng = egg_crate(), np.random.default_rng(3)
    for _ in range(2000):
        p, q = rng.uniform(-6, 6, size=(2, 2))
        assert f(q) <= f(p) + f.grad(p) @ (q - p) + 0.5 * 1.0 * np.sum((q - p) ** 2) + 1e-12


@pytest.mark.parametrize("lr", [0.3, 1.0, 1.9])
def test_nonconvex_min_gradient_bound(lr: float) -> None:
    f, rng = egg_crate(), np.random.default_rng(4)
    T = np.arange(1, 201)
    for start in rng.uniform(-3, 3, size=(10, 2)):
        run = gd.minimize(f, start, gd.GD(lr=lr), max_iter=200, grad_tol=None)
        g2 = run.grad_norms[:-1] ** 2
        bound = 2 * (run.losses[0] + 1) / (lr * (2 - lr) * T)
        assert np.all(np.cumsum(g2) / T <= bound * (1 + 1e-12))


@pytest.mark.parametrize("lr", [0.5, 1.0])
@pytest.mark.parametrize("d", ["1", "1/10", "1/100"])
def test_convex_gap_bound(lr: float, d: str) -> None:
    th = sp.symbols("theta", real=True)
    delta = sp.Rational(d)
    f = gd.Objective(delta**2 * (sp.sqrt(1 + (th / delta) ** 2) - 1), [th])
    t_ = np.arange(1, 2001)
    for theta_0 in (-7.0, 3.0, 10.0):
        run = gd.minimize(f, [theta_0], gd.GD(lr=lr), max_iter=2000, grad_tol=None)
        assert np.all(run.losses[1:] <= theta_0**2 / (2 * lr * t_) * (1 + 1e-12))
        if lr == 1.0:  # Drori and Teboulle's exact worst case for α = 1/Λ
            assert np.all(run.losses[1:] <= theta_0**2 / (4 * t_ + 2) * (1 + 1e-12))


@pytest.mark.parametrize("lr", [0.02, 0.125, 0.2])
def test_pl_linear_rate(lr: float) -> None:
    f = gd.Objective("x**2 + 3*sin(x)**2")
    xk = f.variables[0]
    ratio = sp.lambdify(xk, sp.diff(f.expr, xk) ** 2 / (2 * f.expr))
    mu_k = ratio(np.linspace(1e-3, 20, 200_001)).min()
    assert mu_k > 1 / 32 and round(mu_k, 3) == 0.176
    for mu_used in (1 / 32, mu_k):
        factor = 1 - 2 * mu_used * lr * (1 - lr * 8 / 2)
        for theta_0 in (-9.0, -2.5, 4.0, 6.0):
            run = gd.minimize(f, [theta_0], gd.GD(lr=lr), max_iter=80, grad_tol=None)
            bound = factor ** np.arange(81) * run.losses[0]
            assert np.all(run.losses <= bound * (1 + 1e-12))


def test_sgd_averaged_bound() -> None:
    T_s, c, noise = 2000, 0.05, 0.5
    paths = np.array([
        gd.fit(gd.LeastSquares(), gd.linear_data(n=T_s, noise=noise, rng=np.random.default_rng(s)),
               gd.GD(lr=lambda t_: c / np.sqrt(t_)), batch_size=1, epochs=1, theta0=[0.0, 0.0],
               rng=np.random.default_rng(s)).path
        for s in range(20, 26)])
    a_t = c / np.sqrt(np.arange(1, T_s + 1))
    averaged = np.cumsum(a_t[:, None] * paths[:, :-1], axis=1) / np.cumsum(a_t)[:, None]
    gap = ((averaged - [2.0, -1.0]) ** 2).sum(axis=-1).mean(axis=0)
    G2 = (16 * (paths[..., 0] - 2) ** 2 + 8 * (paths[..., 1] + 1) ** 2 + 8 * noise**2).max()
    bound = (5.0 + G2 * np.cumsum(a_t**2)) / (2 * np.cumsum(a_t))
    assert np.all(gap <= bound)
    # the closed forms of the population risk and of E‖g‖² used for G²
    from sympy.stats import E as expect
    from sympy.stats import Normal

    x, xi = Normal("x", 0, 1), Normal("xi", 0, 1)
    w, b, sigma = sp.symbols("w b sigma", real=True)
    res = w * x + b - (2 * x - 1 + sigma * xi)
    assert sp.simplify(expect(res**2) - ((w - 2) ** 2 + (b + 1) ** 2 + sigma**2)) == 0
    assert sp.simplify(expect(4 * res**2 * (x**2 + 1)) - (16 * (w - 2) ** 2 + 8 * (b + 1) ** 2 + 8 * sigma**2)) == 0


def test_adam_step_never_exceeds_the_bound() -> None:
    gamma = sp.lambdify(t, GAMMA_T.subs({b1: sp.Rational(9, 10), b2: sp.Rational(999, 1000)}))
    rng = np.random.default_rng(5)
    sequences = [rng.standard_normal(3000), rng.standard_cauchy(3000),
                 np.r_[np.zeros(2000), (0.999 / 0.9) ** np.arange(1000)],
                 np.r_[np.zeros(100), 1.0, np.zeros(50)], np.ones(500)]
    for seq in sequences:
        opt, theta = gd.Adam(lr=1.0), np.zeros(1)
        state = opt.init(theta)
        for n, grad in enumerate(seq, start=1):
            new, state = opt.step(theta, np.array([grad]), state)
            assert abs(new[0] - theta[0]) <= gamma(n) * (1 + 1e-9)
            theta = new
    assert round(float(GAMMA_INF.subs({b1: 0.9, b2: 0.999})), 2) == 7.27
    assert np.max(gamma(np.arange(1, 100_001))) <= float(GAMMA_INF.subs({b1: 0.9, b2: 0.999})) + 1e-12


def test_random_starts_avoid_strict_saddles() -> None:
    f = egg_crate()
    x, y = f.variables
    assert {sp.simplify(e) for e in f.hessian_expr.eigenvals()} == {-sp.sin(x + y), -sp.sin(x - y)}
    starts = np.random.default_rng(6).uniform(-3, 3, size=(100, 2))
    ends = np.array([gd.minimize(f, p, gd.GD(lr=0.5), max_iter=300).theta for p in starts])
    assert np.allclose(f(ends.T), -1.0)  # every run ends at a minimum, none at a saddle or a maximum
    on_line = gd.minimize(f, [0.7, np.pi / 2 - 0.7], gd.GD(lr=0.5), max_iter=300)
    assert np.allclose(on_line.theta, [0.0, np.pi / 2], atol=1e-5)  # the measure-zero line
