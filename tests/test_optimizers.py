"""Optimisers: first steps worked out by hand, purity, torch's defaults, bad hyper-parameters,
and (optax-style) every optimiser reaching the minimiser of a quadratic and of Rosenbrock."""

from __future__ import annotations

import math

import numpy as np
import pytest

import gdkit as gd
from gdkit import schedules

THETA0 = np.array([1.0, -2.0])
GRAD = np.array([4.0, -0.5])


def first_step(opt, theta=THETA0, grad=GRAD):
    return opt.step(theta, grad, opt.init(theta))


# -- first steps by hand -----------------------------------------------------------------------


def test_gd_steps_against_the_gradient():
    theta, state = first_step(gd.GD(lr=0.1))
    np.testing.assert_allclose(theta, [1.0 - 0.4, -2.0 + 0.05], rtol=1e-15)
    assert state.t == 1


def test_momentum_velocity_accumulates():
    opt = gd.Momentum(lr=0.1, momentum=0.9)
    theta, state = first_step(opt)
    np.testing.assert_array_equal(state.velocity, GRAD)  # v_1 = g_1, as torch
    np.testing.assert_allclose(theta, THETA0 - 0.1 * GRAD)
    theta, state = opt.step(theta, GRAD, state)
    np.testing.assert_allclose(state.velocity, 1.9 * GRAD)
    # on a constant gradient the step tends to α/(1 - β) times the gradient
    for _ in range(500):
        theta, state = opt.step(theta, GRAD, state)
    np.testing.assert_allclose(state.velocity, GRAD / (1 - 0.9), rtol=1e-12)


def test_nesterov_looks_ahead():
    opt = gd.Nesterov(lr=0.1, momentum=0.9)
    theta, state = first_step(opt)
    np.testing.assert_allclose(theta, THETA0 - 0.1 * (1 + 0.9) * GRAD)  # g + β v_1, v_1 = g
    g2 = np.array([1.0, 1.0])
    theta2, state = opt.step(theta, g2, state)
    v2 = 0.9 * GRAD + g2
    np.testing.assert_allclose(theta2, theta - 0.1 * (g2 + 0.9 * v2))


def test_adagrad_first_step_is_lr_times_sign():
    opt = gd.AdaGrad(lr=0.1)
    theta, state = first_step(opt)
    np.testing.assert_allclose(theta, THETA0 - 0.1 * np.sign(GRAD), rtol=1e-9)
    np.testing.assert_array_equal(state.sum_squares, GRAD**2)
    theta, state = opt.step(theta, GRAD, state)
    np.testing.assert_allclose(theta, THETA0 - 0.1 * (1 + 1 / math.sqrt(2)) * np.sign(GRAD))


def test_rmsprop_first_step_is_lr_over_sqrt_one_minus_rho():
    theta, state = first_step(gd.RMSprop(lr=0.01, rho=0.99))
    # s_1 = (1 - ρ) g², so the step is α g / (√(1-ρ) |g| + ε) ≈ 10 α: no bias correction
    np.testing.assert_allclose(theta, THETA0 - 0.01 * GRAD / (0.1 * np.abs(GRAD) + 1e-8))
    np.testing.assert_allclose(theta, THETA0 - 0.1 * np.sign(GRAD), rtol=1e-6)
    np.testing.assert_allclose(state.mean_square, 0.01 * GRAD**2)


@pytest.mark.parametrize("scale", [1e-6, 1.0, 1e6])
@pytest.mark.parametrize("cls", [gd.Adam, gd.AMSGrad, gd.AdamW])
def test_adam_first_step_has_length_lr_whatever_the_gradient(cls, scale):
    kwargs = {"weight_decay": 0.0} if cls is gd.AdamW else {}
    theta, state = first_step(cls(lr=0.01, eps=1e-12, **kwargs), grad=scale * GRAD)
    np.testing.assert_allclose(np.abs(theta - THETA0), [0.01, 0.01], rtol=1e-5)
    np.testing.assert_allclose(state.m, 0.1 * scale * GRAD)  # (1 - β1) g
    np.testing.assert_allclose(state.s, 0.001 * (scale * GRAD) ** 2)  # (1 - β2) g²


def test_adam_second_step_by_hand():
    opt = gd.Adam(lr=0.01, beta1=0.8, beta2=0.9, eps=1e-8)
    theta, state = first_step(opt)
    g2 = np.array([1.0, 1.0])
    theta2, _ = opt.step(theta, g2, state)
    m = 0.8 * 0.2 * GRAD + 0.2 * g2
    v = 0.9 * 0.1 * GRAD**2 + 0.1 * g2**2
    m_hat, v_hat = m / (1 - 0.8**2), v / (1 - 0.9**2)
    np.testing.assert_allclose(theta2, theta - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-15)


def test_adamw_decays_the_weights_outside_the_adaptive_step():
    opt = gd.AdamW(lr=0.01, weight_decay=0.5)
    theta, _ = first_step(opt)
    expected = THETA0 * (1 - 0.01 * 0.5) - 0.01 * np.sign(GRAD)
    np.testing.assert_allclose(theta, expected, rtol=1e-7)
    # with a zero gradient, only the decay acts: θ shrinks by exactly (1 - αλ)
    theta, _ = first_step(opt, grad=np.zeros(2))
    np.testing.assert_allclose(theta, THETA0 * (1 - 0.005))


def test_amsgrad_keeps_the_largest_second_moment():
    opt = gd.AMSGrad(lr=0.01)
    theta, state = first_step(opt, grad=np.array([10.0, 10.0]))
    v1 = state.s.copy()
    theta, state = opt.step(theta, np.array([0.1, 0.1]), state)
    np.testing.assert_allclose(state.s, 0.999 * v1 + 0.001 * 0.01)
    np.testing.assert_array_equal(state.s_max, v1)  # s shrank, the max did not


def test_nadam_first_step_by_hand():
    beta1, psi = 0.9, 0.004
    mu1 = beta1 * (1 - 0.5 * 0.96**psi)
    mu2 = beta1 * (1 - 0.5 * 0.96 ** (2 * psi))
    theta, state = first_step(gd.NAdam(lr=0.01, eps=1e-12))
    factor = 1 + mu2 * (1 - beta1) / (1 - mu1 * mu2)  # the gradient term plus the look-ahead m
    np.testing.assert_allclose(theta, THETA0 - 0.01 * factor * np.sign(GRAD), rtol=1e-9)
    assert state.mu_product == pytest.approx(mu1, rel=1e-15)


def test_adadelta_first_step_by_hand():
    rho, eps = 0.9, 1e-6
    theta, state = first_step(gd.Adadelta(lr=1.0, rho=rho, eps=eps))
    delta = math.sqrt(eps) / np.sqrt((1 - rho) * GRAD**2 + eps) * GRAD
    np.testing.assert_allclose(theta, THETA0 - delta, rtol=1e-15)
    np.testing.assert_allclose(state.mean_square_delta, (1 - rho) * delta**2)
    # the first step is about √(ε / (1 - ρ)) whatever the gradient's size
    np.testing.assert_allclose(np.abs(delta), math.sqrt(eps / (1 - rho)), rtol=1e-3)


def test_a_schedule_sets_the_learning_rate_of_each_step():
    opt = gd.GD(lr=schedules.step(0.1, every=2, factor=0.5))
    theta, state = np.array([0.0]), opt.init(np.array([0.0]))
    for _ in range(4):
        theta, state = opt.step(theta, np.array([-1.0]), state)
    np.testing.assert_allclose(theta, [0.1 + 0.1 + 0.05 + 0.05])
    assert opt.lr_at(3) == 0.05


# -- contracts shared by all optimisers ---------------------------------------------------------


@pytest.mark.parametrize("cls", gd.OPTIMIZERS, ids=lambda c: c.name)
def test_step_is_pure_and_replayable(cls):
    opt = cls()
    theta, grad = THETA0.copy(), GRAD.copy()
    state = opt.init(theta)
    theta1, state1 = opt.step(theta, grad, state)
    theta2, state2 = opt.step(theta1, grad, state1)
    np.testing.assert_array_equal(theta, THETA0)
    np.testing.assert_array_equal(grad, GRAD)
    # replaying from a saved state gives the same step: nothing was mutated in place
    again, _ = opt.step(theta1, grad, state1)
    np.testing.assert_array_equal(again, theta2)
    assert state.t == 0 and state1.t == 1 and state2.t == 2
    assert state2._replace(t=0).t == 0  # a NamedTuple, copyable
    assert theta1.dtype == np.float64 and theta1.shape == THETA0.shape


@pytest.mark.parametrize("cls", gd.OPTIMIZERS, ids=lambda c: c.name)
def test_names_equations_and_repr(cls):
    opt = cls()
    assert opt.name == cls.__name__
    assert opt.equations and all(isinstance(line, str) for line in opt.equations)
    assert repr(opt).startswith(f"{cls.__name__}(lr=")
    assert opt.hyperparameters()["lr"] == opt.lr


def test_defaults_match_torch():
    assert gd.Adam().hyperparameters() == {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert gd.AdamW().weight_decay == 1e-2
    assert (gd.NAdam().lr, gd.NAdam().momentum_decay) == (2e-3, 4e-3)
    assert gd.AdaGrad().hyperparameters() == {"lr": 1e-2, "eps": 1e-10}
    assert gd.RMSprop().hyperparameters() == {"lr": 1e-2, "rho": 0.99, "eps": 1e-8}
    assert gd.Adadelta().hyperparameters() == {"lr": 1.0, "rho": 0.9, "eps": 1e-6}
    assert repr(gd.Momentum()) == "Momentum(lr=0.01, momentum=0.9)"


# -- bad hyper-parameters ----------------------------------------------------------------------


@pytest.mark.parametrize("lr", [-0.1, 0, 0.0, float("nan"), float("inf"), "0.1", None, True])
@pytest.mark.parametrize("cls", gd.OPTIMIZERS, ids=lambda c: c.name)
def test_bad_learning_rates_are_refused(cls, lr):
    with pytest.raises(ValueError, match=r"lr \(the learning rate α\) must be a finite number > 0"):
        cls(lr=lr)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: gd.Adam(beta1=1.0), r"beta1 \(β₁\) must lie in \[0, 1\), got 1.0"),
        (lambda: gd.Adam(beta1=-0.1), r"beta1 \(β₁\) must lie in \[0, 1\)"),
        (lambda: gd.Adam(beta2=1.5), r"beta2 \(β₂\) must lie in \[0, 1\)"),
        (lambda: gd.NAdam(beta2=1.0), r"beta2 \(β₂\) must lie in \[0, 1\)"),
        (lambda: gd.AMSGrad(beta1=float("nan")), r"beta1 \(β₁\) must lie in \[0, 1\)"),
        (lambda: gd.AdamW(beta1=0.9, beta2=-1e-9), r"beta2 \(β₂\)"),
        (lambda: gd.Momentum(momentum=1), r"momentum \(β\) must lie in \[0, 1\), got 1"),
        (lambda: gd.Nesterov(momentum=1.0), r"momentum \(β\) must lie in \[0, 1\)"),
        (lambda: gd.Momentum(momentum=-0.5), r"momentum \(β\) must lie in \[0, 1\)"),
        (lambda: gd.RMSprop(rho=1.0), r"rho \(ρ\) must lie in \[0, 1\)"),
        (lambda: gd.Adadelta(rho=2), r"rho \(ρ\) must lie in \[0, 1\)"),
        (lambda: gd.Adam(eps=0), r"eps \(ε\) must be a finite number > 0, got 0"),
        (lambda: gd.AdaGrad(eps=0.0), r"eps \(ε\) must be a finite number > 0"),
        (lambda: gd.RMSprop(eps=-1e-8), r"eps \(ε\) must be a finite number > 0"),
        (lambda: gd.Adadelta(eps=float("inf")), r"eps \(ε\) must be a finite number > 0"),
        (lambda: gd.AdamW(weight_decay=-0.01), r"weight_decay \(ω\) must be a finite number >= 0"),
        (lambda: gd.NAdam(momentum_decay=-1), r"momentum_decay \(ψ\) must be a finite number >= 0"),
    ],
)
def test_bad_hyperparameters_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_zero_momentum_and_zero_decay_are_allowed():
    assert gd.Momentum(momentum=0.0).momentum == 0.0  # plain GD
    assert gd.Adam(beta1=0.0).beta1 == 0.0  # RMSprop with bias correction
    assert gd.AdamW(weight_decay=0).weight_decay == 0.0


# -- every optimiser converges (optax-style) ---------------------------------------------------

BOWL_CASES = [
    gd.GD(lr=0.15),
    gd.Momentum(lr=0.05, momentum=0.5),
    gd.Nesterov(lr=0.05, momentum=0.5),
    gd.AdaGrad(lr=1.0),
    gd.RMSprop(lr=schedules.cosine(0.05, total_steps=2000)),
    gd.Adam(lr=schedules.cosine(0.1, total_steps=2000)),
    gd.Adadelta(lr=schedules.cosine(5.0, total_steps=2000)),
    gd.AdamW(lr=schedules.cosine(0.1, total_steps=2000), weight_decay=1e-2),
    gd.AMSGrad(lr=schedules.cosine(0.1, total_steps=2000)),
    gd.NAdam(lr=schedules.cosine(0.1, total_steps=2000)),
]

# (optimiser, tolerance on max |θ - (1, 1)|); Adadelta is known to crawl along the valley.
ROSENBROCK_CASES = [
    (gd.GD(lr=1.9e-3), 1e-4),
    (gd.Momentum(lr=5e-4, momentum=0.9), 1e-4),
    (gd.Nesterov(lr=5e-4, momentum=0.9), 1e-4),
    (gd.AdaGrad(lr=1.0), 1e-3),
    (gd.RMSprop(lr=schedules.exponential(1e-2, gamma=0.999)), 1e-4),
    (gd.Adam(lr=0.02), 1e-4),
    (gd.Adadelta(lr=schedules.exponential(1.0, gamma=0.999), rho=0.95, eps=1e-3), 1e-2),
    (gd.AdamW(lr=schedules.exponential(0.02, gamma=0.9995), weight_decay=1e-3), 1e-4),
    (gd.AMSGrad(lr=0.02), 1e-4),
    (gd.NAdam(lr=schedules.exponential(0.02, gamma=0.9995)), 1e-4),
]


def test_the_convergence_cases_cover_every_optimizer():
    assert {type(o) for o in BOWL_CASES} == set(gd.OPTIMIZERS)
    assert {type(o) for o, _ in ROSENBROCK_CASES} == set(gd.OPTIMIZERS)


@pytest.mark.parametrize("opt", BOWL_CASES, ids=lambda o: o.name)
def test_every_optimizer_reaches_the_bottom_of_a_quadratic(opt):
    f = gd.functions.quadratic_bowl(condition_number=10, angle=30)
    res = gd.minimize(f, [2.0, 1.0], opt, max_iter=2000, grad_tol=1e-8)
    assert res.stopped_by == "grad_tol"
    np.testing.assert_allclose(res.theta, [0.0, 0.0], atol=1e-6)


@pytest.mark.parametrize(
    ("opt", "tol"), ROSENBROCK_CASES, ids=[o.name for o, _ in ROSENBROCK_CASES]
)
def test_every_optimizer_reaches_the_rosenbrock_minimum(opt, tol):
    f = gd.functions.rosenbrock()
    res = gd.minimize(f, [-1.5, 2.0], opt, max_iter=15000, grad_tol=1e-6)
    assert not res.diverged
    np.testing.assert_allclose(res.theta, [1.0, 1.0], atol=tol)
    assert res.loss < 1e-3
