"""gdkit.stability: the iteration matrices of heavy ball and Nesterov, their spectral radius,
the regions of the (α, β) plane and the optimal pairs, checked against np.linalg.eigvals, SymPy
and real gd.Momentum / gd.Nesterov runs."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st_

import gdkit as gd
from gdkit import stability as st

OPTIMIZER = {"heavy ball": gd.Momentum, "Nesterov": gd.Nesterov}
methods = st_.sampled_from(st.METHODS)
alphas = st_.floats(1e-3, 4.5)          # this is αλ when λ = 1
betas = st_.floats(0.0, 0.99)
kappas = st_.floats(1.0, 400.0)
FAST = settings(max_examples=60, deadline=None)


@FAST
@given(methods, alphas, betas, st_.floats(0.05, 20.0))
def test_spectral_radius_is_the_largest_eigenvalue_modulus(method, a, b, lam) -> None:
    M = st.iteration_matrix(method, a / lam, b, lam)
    r = st.spectral_radius(method, a / lam, b, lam)
    assert r == pytest.approx(max(abs(np.linalg.eigvals(M))), rel=1e-6, abs=1e-6)
    T, D = st.characteristic(method, a / lam, b, lam)
    assert (T, D) == pytest.approx((np.trace(M), np.linalg.det(M)), abs=1e-9)


def test_matrices_and_polynomials_by_sympy() -> None:
    """The matrices are the Jacobians of gdkit's update rules; their polynomials as documented."""
    a, b, lam, z, v, th = sp.symbols("alpha beta lambda z v theta")
    v_t = b * v + lam * th
    steps = {"heavy ball": th - a * v_t, "Nesterov": th - a * (lam * th + b * v_t)}
    polys = {"heavy ball": z**2 - (1 + b - a * lam) * z + b,
             "Nesterov": z**2 - (1 + b) * (1 - a * lam) * z + b * (1 - a * lam)}
    for method, step in steps.items():
        J = sp.Matrix([v_t, step]).jacobian([v, th])
        assert sp.expand(J.charpoly(z).as_expr() - polys[method]) == 0
        values = {a: 0.3, b: 0.7, lam: 2.0}
        assert np.allclose(np.array(J.subs(values), dtype=float),
                           st.iteration_matrix(method, 0.3, 0.7, 2.0))


@pytest.mark.parametrize("method", st.METHODS)
def test_matrix_powers_are_gdkit_runs(method) -> None:
    """θ_t of a gd.Momentum / gd.Nesterov run on λθ²/2 is M^t applied to (v_0, θ_0) = (0, θ_0)."""
    lam, a, b = 3.0, 0.2, 0.8
    run = gd.minimize(gd.functions.parabola(curvature=lam), [1.0],
                      OPTIMIZER[method](lr=a, momentum=b), max_iter=60, grad_tol=None)
    M = st.iteration_matrix(method, a, b, lam)
    states = [np.array([0.0, 1.0])]
    for _ in range(60):
        states.append(M @ states[-1])
    assert np.allclose(run.path[:, 0], [s[1] for s in states], rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("method", st.METHODS)
@pytest.mark.parametrize("a, b", [(0.5, 0.3), (1.2, 0.6), (0.05, 0.2)])
def test_rate_is_the_decay_of_a_bowl_run(method, a, b) -> None:
    """On the κ = 16 bowl (curvatures 1 and 16), the error shrinks like rate(α, β)^t."""
    kappa = 16.0
    alpha = a / kappa
    r = float(st.rate(method, alpha, b, 1.0, kappa))
    run = gd.minimize(gd.functions.quadratic_bowl(condition_number=kappa), [1.0, 1.0],
                      OPTIMIZER[method](lr=alpha, momentum=b), max_iter=400, grad_tol=None)
    err = np.linalg.norm(run.path, axis=1)
    t0, t1 = 200, 400
    # the envelope over a window (the error of a complex pair waxes and wanes)
    measured = (err[t1 - 20:t1].max() / err[t0 - 20:t0].max()) ** (1 / (t1 - t0))
    assert measured == pytest.approx(r, rel=2e-2)


@FAST
@given(methods, alphas, betas, kappas)
def test_worst_curvature_is_an_end_of_the_interval(method, a, b, kappa) -> None:
    dense = st.spectral_radius(method, a, b, np.linspace(1 / kappa, 1.0, 801)).max()
    assert st.rate(method, a, b, 1 / kappa, 1.0) == pytest.approx(dense, rel=1e-9, abs=1e-12)
    assert st.rate(method, a, b, 1 / kappa, 1.0) >= dense - 1e-12


@FAST
@given(methods, alphas, betas, kappas)
def test_regions_agree_with_the_roots_of_every_curvature(method, a, b, kappa) -> None:
    lams = np.linspace(1 / kappa, 1.0, 401)
    roots = [np.roots([1, -T, D]) for T, D in zip(*st.characteristic(method, a, b, lams))]
    r = max(abs(z).max() for z in roots)
    code = int(st.region(method, a, b, 1 / kappa, 1.0))
    if r >= 1 + 1e-9:
        assert code == st.DIVERGENT
    elif r < 1 - 1e-9:
        monotone = all(np.all(np.abs(z.imag) < 1e-6) and np.all(z.real >= -1e-9) for z in roots)
        near_edge = abs(a - st.critical_damping(method, b)) < 1e-6
        assert near_edge or code == (st.MONOTONE if monotone else st.OSCILLATING)


@pytest.mark.parametrize("method", st.METHODS)
def test_critical_damping_is_a_double_root_and_limits_are_sharp(method) -> None:
    b = np.linspace(0.01, 0.95, 20)
    T, D = st.characteristic(method, st.critical_damping(method, b), b, 1.0)
    assert np.allclose(T**2 - 4 * D, 0, atol=1e-12) and np.all(T > 0)
    low, high = st.complex_window(method, b)
    mid = (low + high) / 2
    T, D = st.characteristic(method, mid, b, 1.0)
    assert np.all(T**2 < 4 * D)
    edge = st.stability_limit(method, b)
    assert np.all(st.spectral_radius(method, 0.99 * edge, b, 1.0) < 1)
    assert np.all(st.spectral_radius(method, 1.01 * edge, b, 1.0) > 1)
    if method == "heavy ball":   # |z| = √β across the whole window
        assert np.allclose(st.spectral_radius(method, mid, b, 1.0), np.sqrt(b))


@pytest.mark.parametrize("kappa", [4.0, 25.0, 100.0])
def test_optimal_pairs_beat_a_grid_search(kappa) -> None:
    A, B = np.meshgrid(np.linspace(0.005, 4.0, 800), np.linspace(0, 0.99, 397))
    for method, optimum in (("heavy ball", st.polyak_optimum), ("Nesterov", st.nesterov_quadratic_optimum)):
        alpha, beta, r = optimum(1.0 / kappa, 1.0)
        assert float(st.rate(method, alpha, beta, 1.0 / kappa, 1.0)) == pytest.approx(r, rel=1e-6)  # a double root
        best = st.rate(method, A, B, 1.0 / kappa, 1.0).min()
        assert r <= best + 1e-6 and best - r < 5e-3
    sk = np.sqrt(kappa)
    assert st.polyak_optimum(1.0, kappa)[2] == pytest.approx((sk - 1) / (sk + 1))


def test_polyak_constants_by_sympy() -> None:
    """Equalising the ends: αμ = (1 − √β)² and αΛ = (1 + √β)² give Polyak's pair."""
    a, s, mu, L = sp.symbols("alpha s mu Lambda", positive=True)
    sol = sp.solve([a * mu - (1 - s) ** 2, a * L - (1 + s) ** 2], [a, s], dict=True)
    sol = [x for x in sol if x[s].subs({mu: 1, L: 25}) < 1][0]
    assert sp.simplify(sol[a] - 4 / (sp.sqrt(L) + sp.sqrt(mu)) ** 2) == 0
    assert sp.simplify(sol[s] - (sp.sqrt(L) - sp.sqrt(mu)) / (sp.sqrt(L) + sp.sqrt(mu))) == 0


def test_regions_of_a_single_curvature() -> None:
    hb = st.region("heavy ball", [0.05, 1.0, 2.9, 3.1], 0.5, 1.0)
    assert [st.REGIONS[k] for k in hb] == ["monotone", "oscillating", "oscillating", "divergent"]
    nag = st.region("Nesterov", [0.05, 0.5, 1.2, 1.6], 0.5, 1.0)
    assert [st.REGIONS[k] for k in nag] == ["monotone", "oscillating", "oscillating", "divergent"]
    with pytest.raises(ValueError, match="method"):
        st.rate("Adam", 0.1, 0.5, 1.0)


def test_stationary_variance() -> None:
    a, b, lam, sigma = 0.01, 0.9, 1.0, 1.0
    closed = a * sigma**2 * (1 + b) / (lam * (1 - b) * (2 * (1 + b) - a * lam))
    assert st.stationary_variance("heavy ball", a, b, lam, sigma) == pytest.approx(closed, rel=1e-12)
    sgd = st.stationary_variance("heavy ball", 0.1, 0.0, lam, sigma)
    assert sgd == pytest.approx(0.1 / (2 - 0.1), rel=1e-12)
    assert st.stationary_variance("Nesterov", 0.1, 0.0, lam, sigma) == pytest.approx(sgd, rel=1e-12)
    assert st.stationary_variance("heavy ball", 5.0, 0.5, lam, sigma) == float("inf")
    # a noisy gdkit run settles at that variance (loss = λθ²/2)
    run = gd.minimize(gd.functions.parabola(curvature=lam), [0.0], gd.Momentum(lr=0.1, momentum=0.5),
                      max_iter=20_000, grad_tol=None, noise=sigma, rng=np.random.default_rng(1))
    expected = st.stationary_variance("heavy ball", 0.1, 0.5, lam, sigma)
    assert np.mean(run.path[1000:, 0] ** 2) == pytest.approx(expected, rel=0.1)
