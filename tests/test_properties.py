"""Properties that hold for every problem of a family, checked on random members (hypothesis).

* GD on a convex quadratic ½ θᵀAθ with step α = c · 2/λ_max: for 0 < c < 1 the loss falls at
  every step and the gradient shrinks at least like ρ^t, ρ = max|1 - αλ|; for c > 1 the
  component along the steepest axis grows like |1 - αλ_max|^t and the run is reported diverged.
* SymPy's gradient agrees with central finite differences, and formulas survive a round trip
  through their string form, for random smooth expressions.

Examples are few and derandomised, so the file runs in seconds and never flakes.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import gdkit as gd

X, Y = sp.symbols("x y", real=True)
FEW = settings(max_examples=25, deadline=None, derandomize=True, database=None)

eigenvalue = st.floats(0.1, 10.0)
angle = st.floats(0.0, math.pi)


def quadratic(lam1: float, lam2: float, phi: float) -> gd.Objective:
    """½ θᵀAθ with A = R diag(λ1, λ2) Rᵀ, R the rotation by φ."""
    c, s = math.cos(phi), math.sin(phi)
    a = lam1 * c * c + lam2 * s * s
    b = (lam1 - lam2) * c * s
    d = lam1 * s * s + lam2 * c * c
    expr = sp.Rational(1, 2) * (sp.Float(a) * X**2 + 2 * sp.Float(b) * X * Y + sp.Float(d) * Y**2)
    return gd.Objective(expr, ["x", "y"])


@FEW
@given(eigenvalue, eigenvalue, angle, st.floats(0.05, 0.95), angle)
def test_gd_below_two_over_lambda_max_decreases_the_loss_every_step(lam1, lam2, phi, c, psi):
    f = quadratic(lam1, lam2, phi)
    eigenvalues = np.linalg.eigvalsh(f.hess([0.0, 0.0]))
    lr = c * 2 / eigenvalues.max()
    rate = max(abs(1 - lr * eigenvalues.min()), abs(1 - lr * eigenvalues.max()))
    x0 = [2 * math.cos(psi), 2 * math.sin(psi)]
    g0 = np.linalg.norm(f.grad(x0))
    # ‖∇L(θ_t)‖ = ‖(I - αA)^t ∇L(θ_0)‖ ≤ ρ^t ‖∇L(θ_0)‖, so grad_tol must fire by this step
    budget = math.ceil(math.log(g0 / 1e-6) / -math.log(rate)) + 2
    res = gd.minimize(f, x0, gd.GD(lr=lr), max_iter=budget + 100, grad_tol=1e-6)
    assert res.stopped_by == "grad_tol" and res.n_iter <= budget
    assert np.all(np.diff(res.losses) < 0)
    np.testing.assert_allclose(res.theta, 0.0, atol=1e-5 / eigenvalues.min())


@FEW
@given(
    eigenvalue,
    eigenvalue,
    angle,
    st.floats(1.1, 2.0),
    st.floats(0.1, 2.0),
    st.floats(-2.0, 2.0),
)
def test_gd_beyond_two_over_lambda_max_is_reported_diverged(lam1, lam2, phi, c, p, q):
    f = quadratic(lam1, lam2, phi)
    eigenvalues, vectors = np.linalg.eigh(f.hess([0.0, 0.0]))
    lr = c * 2 / eigenvalues.max()
    # start with a component p ≠ 0 along the steepest axis: it grows like |1 - 2c|^t ≥ 1.2^t
    x0 = p * vectors[:, -1] + q * vectors[:, 0]
    res = gd.minimize(f, x0, gd.GD(lr=lr), max_iter=2000)
    assert res.diverged and res.n_iter < 2000
    assert np.all(np.isfinite(res.path)) and np.all(np.isfinite(res.losses))
    assert res.losses[-1] > res.losses[0]


# -- random smooth formulas ------------------------------------------------------------------

leaves = st.sampled_from([X, Y, X, Y, sp.Integer(2), sp.Integer(3)])


def _extend(children):
    return st.one_of(
        st.builds(sp.sin, children),
        st.builds(sp.exp, children),
        st.builds(lambda e: e**2, children),
        st.builds(lambda e: e**3, children),
        st.builds(lambda a, b: a + b, children, children),
        st.builds(lambda a, b: a * b, children, children),
    )


formulas = st.recursive(leaves, _extend, max_leaves=8).filter(lambda e: e.free_symbols)
points = st.tuples(st.floats(-1.0, 1.0), st.floats(-1.0, 1.0))


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(formulas, points)
def test_sympy_gradient_matches_central_differences(expr, point):
    f = gd.Objective(expr, ["x", "y"])
    p = np.array(point)
    h = 1e-5
    fd = np.array([(f(p + h * e) - f(p - h * e)) / (2 * h) for e in np.eye(2)])
    grad = f.grad(p)
    # truncation O(h² f''') plus rounding O(ε |f| / h), both far below this bound
    scale = 1 + abs(f(p)) + np.abs(grad).max()
    np.testing.assert_allclose(fd, grad, rtol=1e-5, atol=1e-6 * scale)


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(formulas)
def test_formulas_survive_a_round_trip_through_their_string(expr):
    assert gd.parse_expression(str(expr)) == expr
