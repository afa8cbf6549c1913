"""Chapter 6 (momentum): every exercise solution, quick-check answer and stability claim, recomputed.

Each test recomputes with SymPy or gdkit the number or formula that the chapter states, and the
quick-check test also checks that the answer in the chapter's dropdown is the bank's answer.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit import stability
from gdkit.course.checks import all_checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "06_momentum.ipynb"
CHAPTER = Chapter(NOTEBOOK)


@pytest.fixture(scope="module")
def cells() -> list:
    return CHAPTER.cells


BOWL_START = [-2.8, 1.0]
alpha, beta, lam = sp.symbols("alpha beta lambda", positive=True)
z = sp.Symbol("z")


def bowl():
    return gd.functions.quadratic_bowl(condition_number=25)


def threshold(method, momentum: float, curvature: float = 10.0) -> float:
    """Bisect the learning rate at which a gdkit run on the parabola starts to diverge."""
    f = gd.functions.parabola(curvature=curvature)
    lo, hi = 1e-3, 1.0
    for _ in range(16):
        mid = (lo + hi) / 2
        run = gd.minimize(f, [1.0], method(lr=mid, momentum=momentum), max_iter=20_000)
        lo, hi = (lo, mid) if run.diverged else (mid, hi)
    return (lo + hi) / 2


def char_poly(nesterov: bool) -> sp.Expr:
    """det(zI − M) of the iteration matrix on L = λθ²/2, state (v_{t−1}, θ_{t−1})."""
    v, theta = sp.symbols("v theta", real=True)
    v_t = beta * v + lam * theta
    step = theta - alpha * (lam * theta + beta * v_t) if nesterov else theta - alpha * v_t
    return sp.Matrix([v_t, step]).jacobian([v, theta]).charpoly(z).as_expr()


# -- quick check ------------------------------------------------------------------------------
def test_quickcheck_terminal_step(cells) -> None:
    g, a, b = 2, sp.Rational(1, 100), sp.Rational(9, 10)
    k = sp.Symbol("k", integer=True, nonnegative=True)
    limit_step = a * g * sp.summation(b**k, (k, 0, sp.oo))
    assert limit_step == sp.Rational(1, 5)
    bank = all_checks()["ch06-terminal-step"]
    assert bank.answer == pytest.approx(float(limit_step))
    assert gd.check("ch06-terminal-step", 0.2).correct
    # gdkit on a slope of constant gradient 2
    run = gd.minimize(gd.Objective("2*x"), [0.0], gd.Momentum(lr=0.01, momentum=0.9), max_iter=300,
                      grad_tol=None, max_loss=1e12)
    assert abs(run.path[-2, 0] - run.path[-1, 0]) == pytest.approx(0.2, rel=1e-6)
    answer = CHAPTER.cell_after_check("ch06-terminal-step")
    assert f"= {bank.answer:g}$" in answer
    # "within 5 % of its limit after about 30 steps"
    assert math.ceil(math.log(0.05) / math.log(0.9)) == 29 and "about 30 steps" in answer


# -- exercises --------------------------------------------------------------------------------
def test_ex_unroll() -> None:
    opt, theta = gd.Momentum(lr=1.0, momentum=0.5), np.array([0.0])
    state, velocities = opt.init(theta), []
    for _ in range(4):
        theta, state = opt.step(theta, np.array([1.0]), state)
        velocities.append(float(state.velocity[0]))
    assert velocities == [1, 1.5, 1.75, 1.875]
    t = sp.Symbol("t", integer=True, nonnegative=True)
    v = sp.Function("v")
    closed = sp.rsolve(v(t) - sp.Rational(1, 2) * v(t - 1) - 1, v(t), {v(0): 0})
    assert sp.simplify(closed - 2 * (1 - sp.Rational(1, 2) ** t)) == 0
    assert sp.limit(closed, t, sp.oo) == 2
    assert math.ceil(math.log(0.01) / math.log(0.5)) == 7
    assert math.ceil(math.log(0.01) / math.log(0.9)) == 44


def test_ex_best_beta() -> None:
    betas = np.round(np.arange(0, 0.96, 0.02), 2)
    n = [gd.minimize(bowl(), BOWL_START, gd.Momentum(lr=0.04, momentum=b), max_iter=5000).n_iter for b in betas]
    assert betas[int(np.argmin(n))] == 0.64 and min(n) == 80
    # the window (1 − √β)² ≤ αλ ≤ (1 + √β)² at √β = 0.8
    assert (1 - 0.8) ** 2 == pytest.approx(0.04) and (1 + 0.8) ** 2 == pytest.approx(3.24)


def test_ex_stability() -> None:
    assert 2 * (1 + 0.9) / 25 == pytest.approx(0.152) and 2 / 25 == pytest.approx(0.08)
    runs = {lr: gd.minimize(bowl(), BOWL_START, gd.Momentum(lr=lr, momentum=0.9), max_iter=3000).stopped_by
            for lr in (0.15, 0.155)}
    assert runs == {0.15: "grad_tol", 0.155: "diverged"}


def test_ex_nesterov_limit() -> None:
    limit = sp.solve(char_poly(nesterov=True).subs(z, -1), alpha)[0]
    assert limit.subs({beta: sp.Rational(1, 2), lam: 25}) == sp.Rational(3, 50)         # 0.06
    hb = sp.solve(char_poly(nesterov=False).subs(z, -1), alpha)[0]
    assert hb.subs({beta: sp.Rational(1, 2), lam: 25}) == sp.Rational(3, 25)             # 0.12
    runs = {lr: gd.minimize(bowl(), BOWL_START, gd.Nesterov(lr=lr, momentum=0.5), max_iter=5000).stopped_by
            for lr in (0.055, 0.065)}
    assert runs == {0.055: "grad_tol", 0.065: "diverged"}


def test_ex_nesterov_zero() -> None:
    g, v = sp.symbols("g_t v_{t-1}")
    assert sp.expand(g + beta * (beta * v + g) - ((1 + beta) * g + beta**2 * v)) == 0
    f = gd.functions.rosenbrock()
    runs = [gd.minimize(f, [-1.5, 2.0], opt, max_iter=200)
            for opt in (gd.GD(lr=1e-3), gd.Momentum(lr=1e-3, momentum=0.0), gd.Nesterov(lr=1e-3, momentum=0.0))]
    assert np.array_equal(runs[0].path, runs[1].path) and np.array_equal(runs[0].path, runs[2].path)


# -- the stability limits ---------------------------------------------------------------------
def test_characteristic_polynomials() -> None:
    assert sp.expand(char_poly(False) - (z**2 - (1 + beta - alpha * lam) * z + beta)) == 0
    assert sp.expand(char_poly(True) - (z**2 - (1 + beta) * (1 - alpha * lam) * z
                                        + beta * (1 - alpha * lam))) == 0


def test_stability_limits_formulas() -> None:
    hb = sp.solve(char_poly(False).subs(z, -1), alpha)[0] * lam
    nag = sp.solve(char_poly(True).subs(z, -1), alpha)[0] * lam
    assert sp.simplify(hb - 2 * (1 + beta)) == 0
    assert sp.simplify(nag - 2 * (1 + beta) / (1 + 2 * beta)) == 0
    assert nag.subs(beta, sp.Rational(9, 10)) == sp.Rational(19, 14) and round(19 / 14, 3) == 1.357
    assert nag.subs(beta, 0) == hb.subs(beta, 0) == 2
    assert sp.limit(nag, beta, 1) == sp.Rational(4, 3) and sp.limit(hb, beta, 1) == 4


@pytest.mark.parametrize("momentum", [0.3, 0.6, 0.9])
def test_stability_limits_by_bisection(momentum: float) -> None:
    """gdkit's divergence threshold on λ = 10 matches both formulas."""
    assert threshold(gd.Momentum, momentum) * 10 == pytest.approx(2 * (1 + momentum), abs=2e-3)
    assert threshold(gd.Nesterov, momentum) * 10 == pytest.approx(2 * (1 + momentum) / (1 + 2 * momentum),
                                                                   abs=2e-3)


def test_nesterov_runs_either_side_of_the_limit() -> None:
    f = gd.functions.parabola(curvature=10)
    assert gd.minimize(f, [1.0], gd.Nesterov(lr=0.135, momentum=0.9), max_iter=5000).stopped_by == "grad_tol"
    assert gd.minimize(f, [1.0], gd.Nesterov(lr=0.137, momentum=0.9), max_iter=5000).diverged
    assert gd.minimize(f, [1.0], gd.Momentum(lr=0.37, momentum=0.9), max_iter=5000).stopped_by == "grad_tol"
    assert gd.minimize(f, [1.0], gd.Momentum(lr=0.39, momentum=0.9), max_iter=5000).diverged


def test_polyak_optimum() -> None:
    """Polyak's pair puts both curvatures of the κ = 25 bowl at spectral radius √β = 2/3."""
    lmin, lmax = 1.0, 25.0
    a = 4 / (math.sqrt(lmax) + math.sqrt(lmin)) ** 2
    b = ((5 - 1) / (5 + 1)) ** 2
    for curvature in (lmin, lmax):
        roots = np.roots([1, -(1 + b - a * curvature), b])
        assert max(abs(roots)) == pytest.approx(math.sqrt(b)) == pytest.approx(2 / 3)
    assert gd.minimize(bowl(), BOWL_START, gd.Momentum(lr=a, momentum=b), max_iter=300).n_iter < 80


@pytest.mark.parametrize("nesterov", [False, True])
def test_only_exit_is_minus_one(nesterov: bool) -> None:
    """p(1) = αλ ≠ 0; a complex pair has |z|² = p(0) < 1 for αλ > 0; p(−1) falls linearly in αλ,
    so past the limit a real root stays below −1."""
    p = char_poly(nesterov)
    assert sp.expand(p.subs(z, 1) - alpha * lam) == 0
    c0 = p.subs(z, 0)
    assert sp.expand(c0 - (beta * (1 - alpha * lam) if nesterov else beta)) == 0
    slope = sp.diff(p.subs(z, -1), alpha)
    assert sp.diff(slope, alpha) == 0 and sp.expand(slope + (1 + 2 * beta if nesterov else 1) * lam) == 0
    for b in (0.3, 0.9):
        limit = float(sp.solve(p.subs({z: -1, lam: 1, beta: b}), alpha)[0])
        for a in (1.01 * limit, 1.5 * limit, 3 * limit):
            roots = np.roots([float(c) for c in sp.Poly(p.subs({lam: 1, beta: b, alpha: a}), z).all_coeffs()])
            assert min(roots.real) < -1


def test_polyak_swings() -> None:
    """At Polyak's pair on the κ = 25 bowl the steep direction has the double root −2/3: the first swings
    grow to almost twice the start's height, then shrink by ratios that fall slowly towards 2/3."""
    a, b = sp.Rational(4, 36), sp.Rational(4, 9)
    hb = char_poly(False).subs({alpha: a, beta: b, lam: 25})
    assert sp.expand(hb - (z + sp.Rational(2, 3)) ** 2) == 0
    y = gd.minimize(bowl(), BOWL_START, gd.Momentum(lr=float(a), momentum=float(b)), max_iter=300).path[:40, 1]
    assert 1.9 < abs(y).max() < 2 and abs(y).argmax() == 2
    ratios = abs(y[1:] / y[:-1])
    assert all(np.diff(ratios[1:]) < 0) and 2 / 3 < ratios[-1] < 0.7


def test_rosenbrock_grid_top_diverges() -> None:
    f = gd.functions.rosenbrock()
    for method, m in ((gd.Momentum, 0.0), (gd.Momentum, 0.9), (gd.Nesterov, 0.9)):
        assert gd.minimize(f, [-1.5, 2.0], method(lr=2.5e-3, momentum=m), max_iter=5000).diverged


# -- critical damping, the optimum, the lower bound, the phase diagram, noisy gradients ------------
def test_critical_damping_by_hand() -> None:
    """The discriminant of z² − (1 + β − αλ)z + β vanishes at αλ = (1 ∓ √β)², double roots ±√β."""
    s = sp.Symbol("s", positive=True)          # s = √β
    p = char_poly(False).subs(beta, s**2)
    disc = sp.discriminant(p, z)
    roots = sp.solve(disc, alpha)
    assert {sp.expand(r * lam) for r in roots} == {sp.expand((1 - s) ** 2), sp.expand((1 + s) ** 2)}
    assert sp.expand(p.subs(alpha, (1 - s) ** 2 / lam) - (z - s) ** 2) == 0
    assert sp.expand(p.subs(alpha, (1 + s) ** 2 / lam) - (z + s) ** 2) == 0
    # inside the window |z|² = z z̄ = β
    r1 = sp.solve(p.subs({s: sp.Rational(1, 2), alpha: 1 / lam}), z)[0]
    assert sp.simplify(r1 * sp.conjugate(r1)) == sp.Rational(1, 4)


def test_optimum_attains_the_lower_bound_factor() -> None:
    """Polyak's rate is (√κ − 1)/(√κ + 1), Nesterov's bound's factor; the grid cannot beat it."""
    for kappa in (9.0, 25.0, 1e4):
        a, b, r = stability.polyak_optimum(1 / kappa, 1.0)
        sk = math.sqrt(kappa)
        assert r == pytest.approx((sk - 1) / (sk + 1))
        assert a == pytest.approx(4 / (1 + 1 / sk) ** 2) and b == pytest.approx(r**2)
    assert [round(x, 12) for x in stability.polyak_optimum(1 / 9, 1.0)] == [2.25, 0.25, 0.5]
    a, b, r = stability.nesterov_quadratic_optimum(1 / 9, 1.0)
    assert (round(a, 2), round(b, 2), round(r, 2)) == (1.29, 0.45, 0.62)
    A, B = np.meshgrid(np.linspace(0.005, 4, 800), np.linspace(0, 0.99, 397))
    assert stability.rate("Nesterov", A, B, 1 / 9, 1.0).min() == pytest.approx(r, abs=2e-3)
    # Nesterov's classic pair on a quadratic: exactly 1 − 1/√κ
    assert float(stability.rate("Nesterov", 1.0, 2 / 3, 1 / 25, 1.0)) == pytest.approx(0.8)


def test_phase_regions_as_stated() -> None:
    """Monotone left of the critical-damping curve, divergent right of the limit (κ = 9)."""
    b = np.linspace(0.0, 0.85, 18)
    for method in stability.METHODS:
        edge = stability.critical_damping(method, b)
        assert np.all(stability.region(method, 0.99 * edge, b, 1 / 9, 1.0) == stability.MONOTONE)
        assert np.all(stability.region(method, 1.01 * edge + 1e-3, b, 1 / 9, 1.0) != stability.MONOTONE)
        limit = stability.stability_limit(method, b)
        assert np.all(stability.region(method, 1.001 * limit, b, 1 / 9, 1.0) == stability.DIVERGENT)
    assert np.allclose(stability.critical_damping("Nesterov", b), ((1 - b) / (1 + b)) ** 2)


def test_phase_reverse_never_happens() -> None:
    """Nesterov's limit 2(1 + β)/(1 + 2β) is never above heavy ball's 2(1 + β): no point of the plane has
    Nesterov converging and heavy ball diverging; the converse exists, and Nesterov is faster at some points."""
    A, B = np.meshgrid(np.linspace(0.005, 4.2, 600), np.linspace(0, 0.99, 300))
    hb, ne = stability.rate("heavy ball", A, B, 1 / 9, 1.0), stability.rate("Nesterov", A, B, 1 / 9, 1.0)
    assert not np.any((ne < 1) & (hb >= 1)) and np.any((hb < 1) & (ne >= 1))
    b = sp.Symbol("b", nonnegative=True)
    assert sp.simplify(2 * (1 + b) - 2 * (1 + b) / (1 + 2 * b) - 4 * b * (1 + b) / (1 + 2 * b)) == 0
    assert stability.rate("Nesterov", 0.5, 0.7, 1 / 9, 1.0) < stability.rate("heavy ball", 0.5, 0.7, 1 / 9, 1.0)


def test_nesterov_quadratic_optimum_by_local_search() -> None:
    """Lessard et al.'s closed form is the minimum of Nesterov's rate (refined search around it)."""
    for kappa in (9.0, 100.0):
        a, b, r = stability.nesterov_quadratic_optimum(1 / kappa, 1.0)
        A, B = np.meshgrid(np.linspace(a - 0.05, a + 0.05, 201), np.linspace(b - 0.05, b + 0.05, 201))
        assert stability.rate("Nesterov", A, B, 1 / kappa, 1.0).min() > r - 1e-9
        assert float(stability.rate("Nesterov", a, b, 1 / kappa, 1.0)) == pytest.approx(r, abs=1e-6)   # a double root: √ of a rounding-size discriminant


def test_noise_correction_order() -> None:
    """At the matched effective step the floor is below SGD's by ≈ (αλ/(1 − β))·β/(1 + β), about 5 %."""
    a, b, lam = 0.01, 0.9, 1.0
    hb = stability.stationary_variance("heavy ball", a, b, lam, 1.0)
    sgd = stability.stationary_variance("heavy ball", a / (1 - b), 0.0, lam, 1.0)
    assert 1 - hb / sgd == pytest.approx(a / (1 - b) * lam * b / (1 + b), rel=0.05)


def test_phase_explorer_is_light() -> None:
    from gdkit.pictures.views.phase import PhaseDiagram

    ex = gd.Explorer(PhaseDiagram("heavy ball", kappa=9) | PhaseDiagram("Nesterov", kappa=9),
                     lambda alpha, momentum: {"alpha": alpha, "beta": momentum},
                     alpha=gd.Slider(0.25, 3.5, 0.25, value=1.25),
                     momentum=gd.Slider(0.0, 0.85, 0.05, value=0.5))
    assert len(ex.frames()) == 252 and len(ex.to_html()) < 100_000
    readout = ex.scene(alpha=2.25, momentum=0.25)[1]
    assert "heavy ball: oscillating, r = 0.500" in readout and "Nesterov: divergent" in readout


def test_noise_floor_formula() -> None:
    """The stationary variance of heavy ball with gradient noise σ², from P = M P Mᵀ + σ² b bᵀ."""
    a, b, lam, s2 = sp.symbols("alpha beta lambda sigma2", positive=True)
    M = sp.Matrix([[b, lam], [-a * b, 1 - a * lam]])
    bb = sp.Matrix([1, -a])
    p = sp.symbols("p0:3")
    P = sp.Matrix([[p[0], p[1]], [p[1], p[2]]])
    sol = sp.solve(list(P - M * P * M.T - s2 * bb * bb.T), p, dict=True)[0]
    closed = a * s2 * (1 + b) / (lam * (1 - b) * (2 * (1 + b) - a * lam))
    assert sp.simplify(sol[p[2]] - closed) == 0
    floor = {(x, y): stability.stationary_variance("heavy ball", x, y, 1.0, 1.0) / 2
             for x, y in ((0.1, 0.0), (0.1, 0.9), (0.01, 0.9))}
    assert round(floor[0.1, 0.0], 3) == 0.026 and round(floor[0.1, 0.9], 2) == 0.26
    assert round(floor[0.01, 0.9], 3) == 0.025 and round(1 - floor[0.01, 0.9] / floor[0.1, 0.0], 2) == 0.05
