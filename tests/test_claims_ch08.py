"""Chapter 8's quick-check answers and exercise solutions, recomputed (issue #11).

Each test recomputes what a solution or a quick-check dropdown of
``chapters/08_local_minima_and_convexity.ipynb`` states, with SymPy or gdkit, and checks that the
dropdown shows the answer that ``gdkit/quickchecks/ch08.py`` accepts. The numbers quoted in the
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
from gdkit.experiments import basin_labels, final_points, which_minimum

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "08_local_minima_and_convexity.ipynb"
CHAPTER = Chapter(NOTEBOOK)
dropdown_after = CHAPTER.dropdown_after
solution = CHAPTER.solution
CHECKS = all_checks()
x, y, c, θ = sp.symbols("x y c theta", real=True)


def test_quickcheck_convex() -> None:
    L = x**2 + 3 * x * y + y**2
    H = sp.hessian(L, (x, y))
    assert H == sp.Matrix([[2, 3], [3, 2]]) and set(H.eigenvals()) == {5, -1}
    assert H * sp.Matrix([1, -1]) == -1 * sp.Matrix([1, -1])  # curving down along (1, −1)
    assert sp.expand(L.subs(y, -x)) == -(x**2)
    answer = "no" if min(H.eigenvals()) < 0 else "yes"
    assert answer == CHECKS["ch08-convex"].answer and gd.check("ch08-convex", answer).correct
    shown = dropdown_after("ch08-convex")
    assert shown.startswith("No.") and "eigenvalues $5$ and $-1$" in shown and "$L = -x^2$" in shown


def test_quickcheck_restarts() -> None:
    k = next(k for k in range(1, 100) if 1 - 0.8**k >= 0.95)
    assert k == 14 == CHECKS["ch08-restarts"].answer and gd.check("ch08-restarts", k).correct
    assert round(math.log(0.05) / math.log(0.8), 1) == 13.4
    assert round(0.8**13, 3) == 0.055 and round(0.8**14, 3) == 0.044
    shown = dropdown_after("ch08-restarts")
    assert shown.startswith("$14$.") and "\\approx 13.4" in shown
    assert "$0.8^{13} \\approx 0.055$" in shown and "$0.8^{14} \\approx 0.044$" in shown


def test_exercise_quadratic_family() -> None:
    H = sp.hessian(x**2 + c * x * y + y**2, (x, y))
    assert set(H.eigenvals()) == {2 + c, 2 - c}
    assert H * sp.Matrix([1, 1]) == (2 + c) * sp.Matrix([1, 1])
    assert H * sp.Matrix([1, -1]) == (2 - c) * sp.Matrix([1, -1])
    psd = sp.solve([2 + c >= 0, 2 - c >= 0], c)
    assert psd == sp.And(sp.Le(-2, c), sp.Le(c, 2))
    assert sp.factor(x**2 + 2 * x * y + y**2) == (x + y) ** 2
    assert sp.factor(x**2 - 2 * x * y + y**2) == (x - y) ** 2
    # |c| > 2: a saddle, unbounded below along (1, −1) for c > 2 (along (1, 1) for c < −2).
    t = sp.symbols("t", positive=True)
    assert sp.limit((x**2 + 3 * x * y + y**2).subs({x: t, y: -t}), t, sp.oo) == -sp.oo
    assert sp.limit((x**2 - 3 * x * y + y**2).subs({x: t, y: t}), t, sp.oo) == -sp.oo
    text = solution("ch08-ex-quadratic-family")
    assert "$2 + c$ (direction $(1, 1)$)" in text and "$-2 \\le c \\le 2$" in text


def test_exercise_stationary_global() -> None:
    a, b = sp.symbols("a b", real=True)
    # 1. With ∇L(a) = 0 the tangent inequality is L(b) ≥ L(a): checked on a convex example.
    L = (b - 1) ** 2 + sp.exp(b)
    stationary = sp.nsolve(sp.diff(L, b), b, 0)
    grid = np.linspace(-5, 5, 2001)
    values = sp.lambdify(b, L)(grid)
    assert values.min() >= float(L.subs(b, stationary)) - 1e-12
    # 2. θ⁴: L'' = 12θ² ≥ 0, zero at 0, yet every chord lies strictly above the graph.
    L4 = θ**4
    assert sp.diff(L4, θ, 2) == 12 * θ**2 and sp.diff(L4, θ, 2).subs(θ, 0) == 0
    rng = np.random.default_rng(0)
    pa, pb, w = rng.uniform(-3, 3, 10_000), rng.uniform(-3, 3, 10_000), rng.uniform(0.01, 0.99, 10_000)
    gap = w * pa**4 + (1 - w) * pb**4 - (w * pa + (1 - w) * pb) ** 4
    assert np.all(gap[np.abs(pa - pb) > 1e-3] > 0)
    assert sp.limit(4 * θ**3 / θ, θ, 0) == 0  # the gradient vanishes faster than the distance
    text = solution("ch08-ex-stationary-global")
    assert "$L''(\\theta) = 12\\theta^2$" in text and "$L''(0) = 0$" in text


def test_exercise_separable() -> None:
    w = sp.Symbol("w", real=True)
    sigma = lambda z: 1 / (1 + sp.exp(-z))  # noqa: E731
    # 1. (−1, 0) costs −ln(1 − σ(−w)), (1, 1) costs −ln σ(w): both ln(1 + e^{−w}).
    first, second = -sp.log(1 - sigma(-w)), -sp.log(sigma(w))
    L = sp.log(1 + sp.exp(-w))
    for term in (first, second, (first + second) / 2):
        assert all(abs(float((term - L).subs(w, v))) < 1e-12 for v in (-3, 0.5, 4))
    curvature = sp.diff(L, w, 2)
    assert sp.simplify(curvature - sigma(w) * (1 - sigma(w))) == 0
    assert all(float(curvature.subs(w, v)) > 0 and float(L.subs(w, v)) > 0 for v in (-20, -1, 0, 1, 20))
    assert sp.limit(L, w, sp.oo) == 0  # the infimum 0, never attained
    # 2. w grows like ln T and the gradient is about −1/T.
    f = gd.Objective("log(1 + exp(-w))")
    ends = [gd.minimize(f, [0.0], gd.GD(lr=1.0), max_iter=T) for T in (10, 100, 1000)]
    assert [round(r.theta[0], 2) for r in ends] == [2.26, 4.59, 6.91]
    for T, r in zip((10, 100, 1000), ends):
        assert r.stopped_by == "max_iter" and abs(r.theta[0] - math.log(T)) < 0.05
        assert abs(r.grad_norms[-1] * T - 1) < 0.1
    # Why ln T: e^{w} grows by about 1 per step, so e^{w_T} ≈ T (within a few per cent here).
    for T, r in zip((10, 100, 1000), ends):
        assert abs(math.exp(r.theta[0]) / T - 1) < 0.05
    wt = 5.0
    assert abs(math.exp(wt + 1 / (1 + math.exp(wt))) - math.exp(wt) - 1) < 0.01
    # the non-convex guarantee applies: L ≥ 0 and L'' = σ(1 − σ) ≤ 1/4 (attained at w = 0), α = 1 < 8
    assert curvature.subs(w, 0) == sp.Rational(1, 4) and all(float(curvature.subs(w, v)) <= 0.25 for v in (-3, -0.5, 0.5, 3))
    text = solution("ch08-ex-separable")
    assert "about 2.26, 4.59, 6.91" in text and "$L(w) = -\\ln\\sigma(w) = \\ln(1 + e^{-w})$" in text
    assert "$e^{w_T} \\approx T$" in text and "$\\alpha = 1 < 2/\\tfrac14$" in text and "{cite}`soudry2018`" in text


def test_exercise_two_weights() -> None:
    two_weights = gd.Objective("(w1*w2 - 1)**2")
    w1, w2 = two_weights.variables
    L = two_weights.expr
    assert L.subs({w1: 1, w2: 1}) == 0 == L.subs({w1: -1, w2: -1})
    assert L.subs({w1: 0, w2: 0}) == 1 > sp.Rational(1, 2) * 0 + sp.Rational(1, 2) * 0
    assert sp.simplify(L.subs({w1: -w1, w2: -w2}) - L) == 0  # the sign-flip symmetry
    H0 = two_weights.hessian_expr.subs({v: 0 for v in two_weights.variables})
    assert H0 == sp.Matrix([[0, -2], [-2, 0]]) and set(H0.eigenvals()) == {2, -2}
    assert two_weights.gradient_expr.subs({w1: 0, w2: 0}) == sp.zeros(2, 1)
    t = sp.symbols("t", positive=True)
    assert sp.simplify(L.subs({w1: t, w2: 1 / t})) == 0  # the hyperbola w1 w2 = 1
    assert "eigenvalues 2 and -2" in solution("ch08-ex-two-weights")


def test_exercise_restarts_well() -> None:
    well = gd.functions.double_well()
    (v,) = well.variables
    hump = float(sp.real_roots(sp.Poly(sp.diff(well.expr, v), v))[1])
    assert round(hump, 4) == 0.0754
    p = (hump + 2) / 4
    assert round(p, 3) == 0.519
    starts = np.random.default_rng(1).uniform(-2, 2, size=(10_000, 1))
    ends = final_points(well, starts, gd.GD(lr=0.1), max_iter=500)
    share = (which_minimum(well, ends) == 0).mean()
    assert round(share, 2) == 0.52 and abs(share - p) < 0.01
    k = math.log(0.001) / math.log(1 - 0.519)
    assert round(k, 1) == 9.4 and math.ceil(k) == 10 and 1 - (1 - p) ** 10 >= 0.999 > 1 - (1 - p) ** 9
    text = solution("ch08-ex-restarts-well")
    assert "\\approx 0.519" in text and "# about 0.52" in text and "\\approx 9.4$, so 10 restarts" in text


def test_exercise_momentum_basins() -> None:
    himmelblau = gd.functions.himmelblau()
    gd_map = basin_labels(himmelblau, gd.GD(lr=0.01), n=101, max_iter=1000)
    momentum_map = basin_labels(himmelblau, gd.Momentum(lr=0.002, momentum=0.9), n=101, max_iter=2000)
    assert (momentum_map == -1).sum() == 0  # every start ends in one of the four minima
    grid = np.linspace(-5, 5, 101)
    differ = gd_map != momentum_map
    inner = (np.abs(grid)[:, None] < 2.5) & (np.abs(grid)[None, :] < 2.5)
    assert differ[~inner].mean() > 5 * differ[inner].mean()  # bands mostly near the edges
    # The band above minimum 1 (at (3, 2)) ends in minimum 4 for momentum, in minimum 1 for GD.
    column = np.argmin(np.abs(grid - 3))
    above = grid > 3.5
    assert np.all(gd_map[above, column] == 0) and np.mean(momentum_map[above, column] == 3) > 0.8
    assert np.allclose(himmelblau.minima[0], [3, 2]) and np.allclose(himmelblau.minima[3], [3.584428, -1.848127])
    # The comparison's settings: long-run step α/(1−β) = 0.02, stable at the sharpest minimum.
    lam_max = max(np.linalg.eigvalsh(himmelblau.hess(m)).max() for m in himmelblau.minima)
    assert round(0.002 / (1 - 0.9), 3) == 0.02 and round(2 * (1 + 0.9) / lam_max, 3) == 0.028 > 0.002
    text = solution("ch08-ex-momentum-basins")
    assert "ends in minimum 4" in text and "= 0.028$" in text
