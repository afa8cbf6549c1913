"""Chapter 10's exercise solutions and quick-check answers, recomputed by SymPy and gdkit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.bank.ch10 import CHECKS

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "10_backprop_and_deep_learning.ipynb"
CHAPTER = Chapter(NOTEBOOK)


@pytest.fixture(scope="module")
def text() -> str:
    return CHAPTER.markdown


@pytest.fixture(scope="module")
def setup():
    train = gd.two_moons(n=200, noise=0.2)
    net = gd.MLP(sizes=(2, 16, 16, 1), activation="relu")
    return train, net, net.init(rng=np.random.default_rng(0))


class ForgotTheMean(gd.MLP):
    def grad(self, theta, X, y):
        return len(X) * super().grad(theta, X, y)


def _epochs_to(run, target=0.1) -> int:
    return int(np.argmax(run.epoch_losses <= target))


def test_quick_check_output_delta(text: str) -> None:
    z, y = sp.symbols("z y", real=True)
    p = 1 / (1 + sp.exp(-z))
    delta = sp.diff(-y * sp.log(p) - (1 - y) * sp.log(1 - p), z)
    assert sp.simplify(delta - (p - y)) == 0
    assert CHECKS["ch10-output-delta"].answer == "p - y"
    assert CHECKS["ch10-output-delta"].mark("p - y").correct
    assert "`p - y`: the prediction minus the label" in text
    assert sp.diff((z - y) ** 2, z) == 2 * (z - y)


def test_quick_check_fd_evals(text: str, setup) -> None:
    _, net, _ = setup
    assert net.n_params() == 337 and CHECKS["ch10-fd-evals"].answer == 2 * 337
    assert "674: two evaluations" in text


def test_gradient_check_claims(setup) -> None:
    train, net, theta0 = setup
    assert 1e-11 < gd.gradient_check(net, theta0, *train) < 1e-8
    buggy = ForgotTheMean(sizes=(2, 16, 16, 1), activation="relu")
    assert abs(gd.gradient_check(buggy, theta0, *train) - (1 - 1 / 200)) < 1e-6


def test_exercise_cost() -> None:
    d, forward_ms = 10**6, 2
    fd_ms = 2 * d * forward_ms
    assert fd_ms == 4 * 10**6 and round(fd_ms / 60_000) == 67
    backprop_ms = forward_ms + 2 * forward_ms
    assert backprop_ms == 6
    assert round(fd_ms / backprop_ms, -4) == 670_000 and round(fd_ms / backprop_ms / 1000) == 667


def test_exercise_regression_delta() -> None:
    zD, y = sp.symbols("z_D y", real=True)
    assert sp.diff((zD - y) ** 2, zD) == 2 * (zD - y)
    reg = gd.MLP(sizes=(1, 8, 8, 1), output="linear")
    assert gd.gradient_check(reg, reg.init(), *gd.linear_data(n=50)) < 1e-7


def test_exercise_bug(setup) -> None:
    train, _, theta0 = setup

    class WrongSlope(gd.MLP):
        def grad(self, theta, X, y):
            return gd.MLP(sizes=self.sizes, activation="sigmoid").grad(theta, X, y)

    error = gd.gradient_check(WrongSlope(sizes=(2, 16, 16, 1), activation="relu"), theta0, *train)
    assert abs(error - 0.7) < 0.05


def test_exercise_tune(setup) -> None:
    train, net, theta0 = setup
    grid = {"SGD": [gd.GD(lr=a) for a in (0.1, 0.3, 0.5, 1.0)],
            "Momentum": [gd.Momentum(lr=a, momentum=0.9) for a in (0.01, 0.03, 0.05, 0.1)],
            "Adam": [gd.Adam(lr=a) for a in (0.001, 0.003, 0.01, 0.03)]}
    epochs = {name: [_epochs_to(gd.fit(net, train, opt, batch_size=20, epochs=200, theta0=theta0,
                                       record_every=10)) for opt in opts]
              for name, opts in grid.items()}
    assert epochs == {"SGD": [58, 20, 15, 10], "Momentum": [60, 21, 14, 9], "Adam": [128, 44, 16, 9]}
    # the best rates sit at the grid's edge: the next rate of each
    beyond = [_epochs_to(gd.fit(net, train, opt, batch_size=20, epochs=200, theta0=theta0,
                                record_every=10))
              for opt in (gd.GD(lr=2.0), gd.Momentum(lr=0.2, momentum=0.9), gd.Adam(lr=0.1))]
    assert beyond == [17, 12, 9]
    calls = []

    class Counting(ForgotTheMean):
        def grad(self, theta, X, y):
            calls.append(len(X))
            return super().grad(theta, X, y)

    buggy = Counting(sizes=(2, 16, 16, 1), activation="relu")
    sgd = gd.fit(buggy, train, gd.GD(lr=0.5), batch_size=20, epochs=200, theta0=theta0)
    assert set(calls) == {20}                          # 20 times too large in training, not 200
    adam = gd.fit(buggy, train, gd.Adam(lr=0.01), batch_size=20, epochs=200, theta0=theta0)
    assert abs(sgd.losses[-1] - 0.66) < 0.01 and not sgd.diverged
    assert np.mean(net.predict(sgd.theta, train.X) == train.y) == 0.5   # no better than guessing
    assert abs(adam.losses[-1] - 0.036) < 0.002


def test_finite_difference_error_parts(setup) -> None:
    """Truncation h² = 1e-12, rounding 1e-16 |L| / h ≈ 1e-10 at h = 1e-6; smaller h inflates rounding."""
    train, net, theta0 = setup
    h = 1e-6
    assert np.isclose(h**2, 1e-12) and 1e-11 < 1e-16 * net.loss(theta0, *train) / (2 * h) < 1e-9
    errors = [gd.gradient_check(net, theta0, *train, eps=step) for step in (1e-6, 1e-8, 1e-10)]
    assert errors[0] < errors[1] < errors[2]


def test_network_section(setup) -> None:
    """d = Σ n_ℓ(n_{ℓ-1} + 1) = 48 + 272 + 17 = 337, and the forward pass eq-ch10-forward."""
    _, net, theta0 = setup
    assert net.shapes == [(16, 2), (16, 16), (1, 16)]
    assert [16 * 3, 16 * 17, 1 * 17] == [48, 272, 17] and 48 + 272 + 17 == net.n_params() == 337
    x = np.array([[0.5, -1.0]])
    h = x[0]
    for ell, (W, b) in enumerate(net.unpack(theta0), start=1):
        z = W @ h + b
        h = np.maximum(z, 0) if ell < 3 else 1 / (1 + np.exp(-z))
    assert np.allclose(h, net.forward(theta0, x)) and 0 < h[0] < 1
    assert "$48 + 272 + 17 = 337$" in CHAPTER.markdown


def test_sigmoid_derivative() -> None:
    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    assert sp.simplify(sp.diff(s, z) - s * (1 - s)) == 0


def test_backward_rule_diag_form(setup) -> None:
    """δ_{ℓ-1} = diag(ϕ'(z_{ℓ-1})) W_ℓᵀ δ_ℓ reproduces gd.MLP's gradient on one example."""
    train, net, theta0 = setup
    X, y = train.X[:1], train.y[:1]
    hs, zs = net.activations(theta0, X, pre=True)
    params = net.unpack(theta0)
    delta = hs[-1][0] - y                                 # δ_D = ŷ − y
    grads = []
    for ell in range(3, 0, -1):
        grads.append((np.outer(delta, hs[ell - 1][0]), delta))
        if ell > 1:
            delta = np.diag((zs[ell - 2][0] > 0).astype(float)) @ params[ell - 1][0].T @ delta
    assert np.allclose(net.pack(grads[::-1]), net.grad(theta0, X, y), atol=1e-14)


def test_exercise_scratch_backprop() -> None:
    """The worked solution of the from-scratch exercise passes gd.check_update; the sum does not."""
    solution = CHAPTER.solution("ch10-ex-scratch-backprop")
    code = solution.split("```python", 1)[1].split("```", 1)[0]
    namespace = {"np": np}
    exec(code, namespace)  # noqa: S102 - the chapter's own solution
    assert gd.check_update("backprop", namespace["backward"], activation="sigmoid").correct
    # gd.MLP's loss is the mean over N: the same code without the 1/N is marked wrong
    summed = code.replace("/ len(X)", "")
    exec(summed, namespace)  # noqa: S102
    assert not gd.check_update("backprop", namespace["backward"], activation="sigmoid").correct
    assert "$\\delta_\\ell^\\top H$" not in solution and "(n_0, n_1, 1)" in CHAPTER.markdown
