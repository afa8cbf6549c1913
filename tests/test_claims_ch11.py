"""Chapter 11's exercise solutions and quick-check answers, recomputed by SymPy and gdkit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.bank.ch11 import CHECKS

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "11_vanishing_exploding_gradients.ipynb"
CHAPTER = Chapter(NOTEBOOK)


@pytest.fixture(scope="module")
def text() -> str:
    return CHAPTER.markdown


@pytest.fixture(scope="module")
def moons():
    return gd.two_moons(n=200)


def _sigmoid():
    z = sp.Symbol("z", real=True)
    return z, 1 / (1 + sp.exp(-z))


def test_quick_check_sigmoid_max(text: str) -> None:
    z, s = _sigmoid()
    ds = sp.diff(s, z)
    peak = sp.solve(sp.diff(ds, z), z)
    assert peak == [0] and ds.subs(z, 0) == sp.Rational(1, 4)
    assert sp.limit(ds, z, sp.oo) == 0 and sp.limit(ds, z, -sp.oo) == 0
    assert CHECKS["ch11-sigmoid-max"].answer == 0.25
    assert CHECKS["ch11-sigmoid-max"].mark(0.25).correct
    assert "$1/4$, at $z = 0$" in text


def test_quick_check_rnn_fraction(text: str) -> None:
    value = 0.9**50
    assert f"{value:.2g}" == "0.0052"
    assert CHECKS["ch11-rnn-fraction"].mark(0.0052).correct
    assert "About $0.9^{50} \\approx 0.0052$" in text
    # the measured rate of gdkit's linear RNN is r(W): the norm's k-th root tends to 0.9
    norms = gd.network.rnn_gradient_norms(0.9, steps=400)
    assert abs(norms[-1] ** (1 / 400) - 0.9) < 0.01


def test_spectral_norm_bound_needs_spectral_norm() -> None:
    """‖diag(σ')W‖₂ ≤ ¼‖W‖₂, and bounded entries allow ‖W‖₂ = width."""
    assert sp.ones(32, 32).eigenvals() == {32: 1, 0: 31}   # symmetric, so ‖W‖₂ = 32
    rng = np.random.default_rng(0)
    for _ in range(20):
        W = rng.standard_normal((32, 32))
        S = np.diag(rng.uniform(0, 0.25, 32))
        assert np.linalg.norm(S @ W, 2) <= 0.25 * np.linalg.norm(W, 2) + 1e-12


def test_exercise_sigmoid_depth(text: str) -> None:
    assert f"{4.0**19:.1e}" == "2.7e+11" and "4^{19} \\approx 2.7 \\times 10^{11}" in text
    assert f"{8.0**19:.1e}" == "1.4e+17" and "8^{19} \\approx 1.4 \\times 10^{17}" in text
    assert round(np.log10(4.0**10)) == 6
    # max of u σ'(u): 0.224 at u ≈ 1.54
    u = sp.Symbol("u", real=True)
    s = 1 / (1 + sp.exp(-u))
    f = u * s * (1 - s)
    u_star = sp.nsolve(sp.diff(f, u), u, 1.5)
    assert abs(float(u_star) - 1.54) < 0.01 and abs(float(f.subs(u, u_star)) - 0.224) < 5e-4
    # "without a bias": a bias b = −w h₀ re-centres z at 0 for one input h₀ (factor w/4 = 1 at w = 4),
    # but another input h ≠ h₀ then sits at z = 4(h − h₀) and gets a smaller factor
    w, h0, h = 4, sp.Rational(1, 2), sp.Rational(3, 4)
    slope = sp.diff(s, u)
    assert w * slope.subs(u, w * h0 - w * h0) == 1 and w * slope.subs(u, w * h - w * h0) < sp.Rational(8, 10)


def test_exercise_diag() -> None:
    W50 = sp.diag(sp.Rational(9, 10), sp.Rational(11, 10)) ** 50
    assert abs(float(W50[0, 0]) - 0.0052) < 5e-5 and round(float(W50[1, 1])) == 117
    ratio = float(W50[1, 1] / W50[0, 0])
    assert abs(ratio - 23_000) < 500
    clipped = gd.training.clip_by_norm(np.array([float(W50[0, 0]), float(W50[1, 1])]), max_norm=1.0)
    assert abs(np.linalg.norm(clipped) - 1) < 1e-12 and abs(clipped[1] / clipped[0] - ratio) < 1e-6 * ratio


def test_exercise_depth_sweep(moons) -> None:
    depths = np.arange(2, 23, 4)

    def first(**options):
        nets = [gd.MLP(sizes=(2, *[32] * d, 1), **options) for d in depths]
        return np.array([net.layer_grad_norms(net.init(), *moons)[0] for net in nets])

    tanh_xavier = first(activation="tanh", init="xavier")
    assert 0.2 < tanh_xavier.min() and tanh_xavier.max() < 0.6          # roughly flat
    tanh_big = first(activation="tanh", init="normal", init_std=1.0)
    assert 2 < tanh_big[0] < 3 and 2e4 < tanh_big[-1] < 3e4            # explodes
    per_layer = (tanh_big[-1] / tanh_big[0]) ** (1 / 20)
    assert abs(per_layer - 1.6) < 0.05
    assert abs(1.0 / np.sqrt(2 / 64) - np.sqrt(32)) < 1e-12            # 5.7 times Xavier
    sigmoid_he = first(activation="sigmoid", init="he")
    assert sigmoid_he[-1] < 1e-11 and np.all(np.diff(np.log(sigmoid_he)) < 0)
    assert abs(1 / np.sqrt(8) - 0.35) < 0.005


def test_exercise_he_xavier(moons) -> None:
    n, var_x, var_he = 32, sp.Rational(2, 64), sp.Rational(2, 32)
    assert n * var_x * sp.Rational(1, 2) == sp.Rational(1, 2) and n * var_he * sp.Rational(1, 2) == 1
    assert sp.sqrt(sp.Rational(1, 2) ** 16) == sp.Rational(1, 256)
    deep = (2, *[32] * 16, 1)
    he = gd.MLP(sizes=deep, init="he")
    xavier = gd.MLP(sizes=deep, init="xavier")
    ratio = he.layer_grad_norms(he.init(), *moons) / xavier.layer_grad_norms(xavier.init(), *moons)
    assert 180 < ratio.min() and ratio.max() < 560
    assert abs(np.sqrt(2 / 34) - 0.24) < 0.005 and 4 < 1 / np.sqrt(2 / 34) < 4.2
    # the exact count: std ratios He/Xavier of the first, the hidden and the output layers
    first, hidden, last = 1 / np.sqrt(2 / 34), np.sqrt(2), np.sqrt((2 / 32) / (2 / 33))
    assert round(first, 1) == 4.1 and round(last, 2) == 1.02
    assert round(hidden**15 * last) == 184 and round(first * hidden**14 * last) == 536
    assert abs(ratio[0] - 184) < 2 and abs(ratio[1] - 515) < 5 and abs(ratio[3] - 550) < 3  # the figure
    # "over 20 seeds the ratios range from under 100 to over 10,000"
    lows, highs = [], []
    for seed in range(20):
        r = (he.layer_grad_norms(he.init(rng=np.random.default_rng(seed)), *moons)
             / xavier.layer_grad_norms(xavier.init(rng=np.random.default_rng(seed)), *moons))
        lows.append(r.min())
        highs.append(r.max())
    assert min(lows) < 100 and max(highs) > 10_000
    # the count is exact for one draw (same normals rescaled, ReLU homogeneous, zero biases): only
    # δ_D = ŷ − y breaks it. With the same δ_D (a linear output whose targets give it) the ratios are
    # exactly 184, 536 and 4.1 × √2^15 ≈ 750; the He output z_D is ≈ 760 times Xavier's.
    X, y = moons
    he_lin, xa_lin = (gd.MLP(sizes=deep, init=i, output="linear") for i in ("he", "xavier"))
    th, tx = he.init(), xavier.init()
    z_he, z_xa = he_lin.predict(th, X), xa_lin.predict(tx, X)
    assert np.allclose(z_he / z_xa, 757.9, rtol=1e-4)
    half_delta = (1 / (1 + np.exp(-z_he)) - y) / 2          # the sigmoid net's δ_D, times N/2
    same = he_lin.layer_grad_norms(th, X, z_he - half_delta) / xa_lin.layer_grad_norms(tx, X, z_xa - half_delta)
    assert np.allclose(same[1:-1], first * hidden**14 * last) and abs(same[0] - 184) < 0.5
    assert abs(same[-1] - first * hidden**15) < 1e-6 * same[-1] and round(first * hidden**15, -1) == 750
    assert round(ratio[-1], -1) == 340
    assert "about 760 times larger" in CHAPTER.markdown or "about 760 times larger" in CHAPTER.solution("ch11-ex-he-xavier")


def test_rnn_conditions_with_a_nonlinearity() -> None:
    """‖diag(ϕ')W‖₂ ≤ max|ϕ'| ‖W‖₂: the thresholds ‖W‖₂ = 1/max|ϕ'| are 1 (tanh) and 4 (sigmoid)."""
    z = sp.Symbol("z", real=True)
    dtanh = sp.diff(sp.tanh(z), z)
    assert sp.solve(sp.diff(dtanh, z), z) == [0] and dtanh.subs(z, 0) == 1
    _, s = _sigmoid()
    assert 1 / sp.diff(s, z).subs(z, 0) == 4
    rng = np.random.default_rng(1)
    W = rng.standard_normal((8, 8))
    W *= 0.99 / np.linalg.norm(W, 2)                  # ‖W‖₂ < 1: a tanh RNN must vanish
    h = rng.standard_normal(8)
    jac = np.eye(8)
    for _ in range(200):
        pre = W @ h
        h = np.tanh(pre)
        jac = ((1 - h**2)[:, None] * W) @ jac
    assert np.linalg.norm(jac, 2) <= 0.99**200


def test_exercise_residual() -> None:
    assert abs(0.75**16 - 0.01) < 0.0005 and round(1 / 0.75**16, -1) == 100
    assert f"{4.0**16:.0e}" == "4e+09" and round(1.1**100, -3) == 14_000
    w, d = sp.symbols("w dphi", real=True)
    factor = 1 + w * d
    corners = [factor.subs({w: a, d: b}) for a in (-1, 1) for b in (0, sp.Rational(1, 4))]
    assert min(corners) == sp.Rational(3, 4) and max(corners) == sp.Rational(5, 4)


def test_backward_pass_is_the_product_of_factors(moons) -> None:
    """eq-ch11-product: δ_ℓ = diag(ϕ'(z_ℓ)) W_{ℓ+1}ᵀ ⋯ diag(ϕ'(z_{D-1})) W_Dᵀ δ_D, and ∂L/∂W_ℓ = δ_ℓ h_{ℓ-1}ᵀ."""
    net = gd.MLP(sizes=(2, 5, 4, 3, 1), activation="sigmoid", init="xavier")
    theta = net.init(rng=np.random.default_rng(3))
    X, y = moons.X[:1], moons.y[:1]                       # one example
    hs, zs = net.activations(theta, X, pre=True)
    params = net.unpack(theta)
    D = net.n_layers
    delta_D = hs[-1][0] - y                               # sigmoid output, cross-entropy
    grads = net.grad(theta, X, y)
    offset = 0
    for ell in range(1, D + 1):                           # layer ℓ, 1-based
        product = np.eye(len(zs[ell - 1][0]))
        for k in range(ell, D):                           # factors diag(σ'(z_k)) W_{k+1}ᵀ
            s = hs[k][0]                                  # h_k = σ(z_k), σ' = s(1 − s)
            product = product @ (np.diag(s * (1 - s)) @ params[k][0].T)
        delta = product @ delta_D
        W, b = params[ell - 1]
        dW = np.outer(delta, hs[ell - 1][0])
        assert np.allclose(grads[offset:offset + W.size].reshape(W.shape), dW, atol=1e-14)
        offset += W.size + b.size
        # the sigmoid bound ‖δ_ℓ‖ ≤ ∏ ¼‖W_{k+1}‖₂ ‖δ_D‖
        bound = np.prod([0.25 * np.linalg.norm(params[k][0], 2) for k in range(ell, D)])
        assert np.linalg.norm(delta) <= bound * np.linalg.norm(delta_D) + 1e-15


def test_scalar_chain_is_the_backward_pass() -> None:
    """The SymPy derivative of a 3-layer scalar chain equals δ_1 h_0 with δ_3 = (h_3 − y)ϕ'(z_3)."""
    x, y, w1, w2, w3 = sp.symbols("x y w_1 w_2 w_3", real=True)
    phi, dphi = sp.Function("phi"), sp.Function("dphi")
    z1 = w1 * x
    z2 = w2 * phi(z1)
    z3 = w3 * phi(z2)
    direct = sp.diff((phi(z3) - y) ** 2 / 2, w1).replace(sp.Subs, lambda e, v, at: dphi(*at))
    delta3 = (phi(z3) - y) * dphi(z3)
    delta1 = dphi(z1) * w2 * dphi(z2) * w3 * delta3
    assert sp.expand(direct - delta1 * x) == 0
