"""The descent loop: what it records, each stopping criterion in a constructed case, divergence,
reproducible noise, and bad arguments."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit as gd
from gdkit import functions

BOWL = functions.quadratic_bowl(condition_number=10, angle=30)


def halving_run(**tolerances):
    """GD with α = 1/2 on the parabola x²/2 from x = 2: x_t = 2 · 2^-t, all by hand."""
    kwargs = {"grad_tol": None, **tolerances}
    return gd.minimize(functions.parabola(), [2.0], gd.GD(lr=0.5), max_iter=100, **kwargs)


# -- what a run records -------------------------------------------------------------------------


def test_result_records_every_step():
    res = gd.minimize(BOWL, [2.0, 1.0], gd.GD(lr=0.1), max_iter=50, grad_tol=None)
    assert res.path.shape == (51, 2) and res.losses.shape == res.grad_norms.shape == (51,)
    np.testing.assert_array_equal(res.path[0], [2.0, 1.0])
    for t in range(1, 51):  # each row is one GD update of the previous one
        np.testing.assert_allclose(res.path[t], res.path[t - 1] - 0.1 * BOWL.grad(res.path[t - 1]))
    np.testing.assert_array_equal(res.losses, [BOWL(p) for p in res.path])
    np.testing.assert_allclose(res.grad_norms, [np.linalg.norm(BOWL.grad(p)) for p in res.path])
    assert res.theta is res.path[-1] or np.array_equal(res.theta, res.path[-1])
    assert res.loss == res.losses[-1] and res.n_iter == 50
    assert res.stopped_by == "max_iter" and not res.diverged
    assert "iteration cap" in res.message
    assert res.optimizer_name == "GD" and res.hyperparameters == {"lr": 0.1}
    assert repr(res).startswith("Result(GD: 50 steps, stopped by max_iter")


def test_default_optimizer_is_gd():
    res = gd.minimize(BOWL, [1.0, 1.0], max_iter=3, grad_tol=None)
    assert res.optimizer_name == "GD" and res.hyperparameters == {"lr": 0.1}


def test_x0_is_not_mutated():
    x0 = np.array([2.0, 1.0])
    gd.minimize(BOWL, x0, gd.Adam(lr=0.1), max_iter=10)
    np.testing.assert_array_equal(x0, [2.0, 1.0])


def test_one_dimensional_start_may_be_a_number():
    res = gd.minimize(functions.parabola(), 3.0, gd.GD(lr=0.5), max_iter=3, grad_tol=None)
    np.testing.assert_allclose(res.path[:, 0], [3.0, 1.5, 0.75, 0.375])


# -- stopping criteria --------------------------------------------------------------------------


def test_criteria_are_checked_in_this_order():
    assert gd.CRITERIA == ("diverged", "grad_tol", "step_tol", "loss_tol", "max_iter")


def test_grad_tol_fires_by_hand():
    res = halving_run(grad_tol=1e-3)  # |∇L(x_t)| = 2 · 2^-t < 1e-3 first at t = 11
    assert res.stopped_by == "grad_tol" and res.n_iter == 11
    assert res.grad_norms[-1] < 1e-3 <= res.grad_norms[-2]


def test_step_tol_fires_by_hand():
    res = halving_run(step_tol=1e-3)  # |x_t - x_{t-1}| = 2^(1-t) < 1e-3 first at t = 11
    assert res.stopped_by == "step_tol" and res.n_iter == 11
    steps = np.abs(np.diff(res.path[:, 0]))
    assert steps[-1] < 1e-3 <= steps[-2]


def test_loss_tol_fires_by_hand():
    res = halving_run(loss_tol=1e-6)  # |ΔL| = 1.5 · 4^(1-t) < 1e-6 first at t = 12
    assert res.stopped_by == "loss_tol" and res.n_iter == 12
    changes = np.abs(np.diff(res.losses))
    assert changes[-1] < 1e-6 <= changes[-2]


def test_max_iter_fires():
    res = gd.minimize(BOWL, [2.0, 1.0], gd.GD(lr=1e-3), max_iter=7, grad_tol=1e-6)
    assert res.stopped_by == "max_iter" and res.n_iter == 7
    res = gd.minimize(BOWL, [2.0, 1.0], gd.GD(lr=1e-3), max_iter=0)
    assert res.stopped_by == "max_iter" and res.n_iter == 0 and res.path.shape == (1, 2)


def test_ties_go_to_the_first_criterion_in_order():
    res = halving_run(grad_tol=1e-3, step_tol=1e-3)  # both first hold at t = 11
    assert res.stopped_by == "grad_tol" and res.n_iter == 11


def test_already_at_the_minimum():
    res = gd.minimize(BOWL, [0.0, 0.0], gd.Adam())
    assert res.stopped_by == "grad_tol" and res.n_iter == 0
    assert "already" in res.message


@pytest.mark.parametrize(
    "opt", [gd.GD(lr=0.15), gd.Momentum(lr=0.05, momentum=0.9), gd.Adam(lr=0.05)], ids=str
)
@pytest.mark.parametrize(
    "criterion", [{"grad_tol": 1e-4}, {"step_tol": 1e-5}, {"loss_tol": 1e-9}], ids=str
)
def test_first_hit_agrees_with_where_minimize_stops(opt, criterion):
    full = gd.minimize(BOWL, [2.0, 1.0], opt, max_iter=3000, grad_tol=None)
    (name,) = criterion
    hit = full.first_hit(**criterion)[name]
    assert hit is not None
    stopped = gd.minimize(BOWL, [2.0, 1.0], opt, max_iter=3000, **{"grad_tol": None, **criterion})
    assert stopped.stopped_by == name and stopped.n_iter == hit
    np.testing.assert_array_equal(stopped.path, full.path[: hit + 1])


def test_with_several_criteria_the_earliest_first_hit_stops_the_run():
    tolerances = {"grad_tol": 1e-3, "step_tol": 1e-3, "loss_tol": 1e-7}
    opt = gd.Momentum(lr=0.05, momentum=0.9)
    full = gd.minimize(BOWL, [2.0, 1.0], opt, max_iter=2000, grad_tol=None)
    hits = full.first_hit(**tolerances)
    res = gd.minimize(BOWL, [2.0, 1.0], opt, max_iter=2000, **tolerances)
    assert res.n_iter == min(hits.values())
    assert hits[res.stopped_by] == res.n_iter


def test_first_hit_says_none_when_a_criterion_never_fires():
    res = halving_run()
    assert res.first_hit(grad_tol=1e-300, step_tol=1e-300) == {"grad_tol": None, "step_tol": None}
    assert res.first_hit(grad_tol=3.0) == {"grad_tol": 0}  # already true at x_0
    assert res.first_hit() == {}


# -- divergence ---------------------------------------------------------------------------------


def test_too_large_a_learning_rate_is_reported_as_diverged():
    # α = 2.5 > 2/c: |x_t| = 1.5^t grows until the loss passes 1e8 (1 + L(x_0))
    res = gd.minimize(functions.parabola(), [1.0], gd.GD(lr=2.5), max_iter=10_000)
    assert res.diverged and res.stopped_by == "diverged" and res.n_iter < 100
    assert "diverged at step" in res.message
    assert np.all(np.isfinite(res.path)) and np.all(np.isfinite(res.losses))
    assert res.losses.max() <= 1e8 * 1.5
    np.testing.assert_allclose(np.abs(res.path[:, 0]), 1.5 ** np.arange(res.n_iter + 1))


def test_max_loss_sets_the_divergence_bound():
    res = gd.minimize(functions.parabola(), [1.0], gd.GD(lr=2.5), max_iter=100, max_loss=10.0)
    assert res.diverged and res.losses.max() <= 10.0 < res.losses[-1] * 1.5**2


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning")
def test_overflow_is_divergence_and_never_nan():
    # x ↦ x - 4x³ overshoots to ±1e34 and then to infinity
    res = gd.minimize(gd.Objective("x**4"), [10.0], gd.GD(lr=1.0), max_iter=100, max_loss=np.inf)
    assert res.diverged and res.n_iter == 3
    assert np.all(np.isfinite(res.path)) and np.all(np.isfinite(res.losses))


@pytest.mark.filterwarnings("ignore:overflow:RuntimeWarning")
def test_escaping_a_saddle_forever_is_divergence_and_never_nan():
    # the loss x² - y² has no lower bound; y grows like 1.2^t until it overflows
    res = gd.minimize(functions.saddle(), [1.0, 1e-3], gd.GD(lr=0.1), max_iter=10_000)
    assert res.diverged and res.n_iter < 10_000
    assert not np.any(np.isnan(res.path)) and not np.any(np.isnan(res.losses))
    assert np.all(np.isfinite(res.path)) and np.all(np.isfinite(res.losses))
    assert res.losses[-1] < -1e300


@pytest.mark.parametrize("cls", gd.OPTIMIZERS, ids=lambda c: c.name)
def test_a_huge_first_step_of_any_optimizer_is_divergence(cls):
    # every first step is about α (Adadelta: α √(ε/(1-ρ)) ≈ 3e-3 α), far out on x⁴
    opt = cls(lr=1e6) if cls is gd.Adadelta else cls(lr=1e3)
    res = gd.minimize(gd.Objective("x**4"), [1.0], opt, max_iter=100)
    assert res.diverged and res.n_iter == 0
    np.testing.assert_array_equal(res.path, [[1.0]])


# -- noise --------------------------------------------------------------------------------------


def noisy(seed, noise=0.5, **kwargs):
    rng = None if seed is None else np.random.default_rng(seed)
    return gd.minimize(
        BOWL,
        [2.0, 1.0],
        gd.GD(lr=0.05),
        max_iter=200,
        grad_tol=None,
        noise=noise,
        rng=rng,
        **kwargs,
    )


def test_noise_is_reproducible_with_a_seeded_rng():
    a, b, c = noisy(7), noisy(7), noisy(8)
    np.testing.assert_array_equal(a.path, b.path)
    assert not np.array_equal(a.path, c.path)
    np.testing.assert_array_equal(noisy(None).path, noisy(0).path)  # default: default_rng(0)


def test_noise_moves_the_path_but_the_records_stay_exact():
    res, clean = noisy(3), noisy(3, noise=0.0)
    assert not np.array_equal(res.path, clean.path)
    np.testing.assert_allclose(res.grad_norms, [np.linalg.norm(BOWL.grad(p)) for p in res.path])
    np.testing.assert_array_equal(res.losses, [BOWL(p) for p in res.path])
    # noise = 0 is the deterministic run, whatever rng is given
    np.testing.assert_array_equal(clean.path, noisy(None, noise=0.0).path)
    # the noise has standard deviation σ: GD's update is θ - α (g + σ z)
    steps = (res.path[:-1] - res.path[1:]) / 0.05 - [BOWL.grad(p) for p in res.path[:-1]]
    assert 0.4 < steps.std() < 0.6


# -- bad arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_iter": -1}, "max_iter must be an integer >= 0, got -1"),
        ({"max_iter": 2.5}, "max_iter must be an integer >= 0"),
        ({"max_iter": "10"}, "max_iter must be an integer >= 0"),
        ({"grad_tol": 0}, "grad_tol must be a finite number > 0, got 0"),
        ({"grad_tol": -1e-6}, "grad_tol must be a finite number > 0"),
        ({"step_tol": 0.0}, "step_tol must be a finite number > 0"),
        ({"loss_tol": float("nan")}, "loss_tol must be a finite number > 0"),
        ({"noise": -0.1}, "noise must be a finite number >= 0"),
        ({"x0": [1.0, 2.0, 3.0]}, "x0 must have 2 entries"),
        ({"x0": [1.0]}, "x0 must have 2 entries"),
        ({"x0": [1.0, float("nan")]}, "x0 must be finite"),
        ({"x0": [[1.0, 2.0]]}, "x0 must be a 1-D vector"),
        ({"x0": ["a", "b"]}, "x0 must be a vector of numbers"),
    ],
    ids=str,
)
def test_bad_arguments_raise_value_error(kwargs, message):
    kwargs = {"x0": [1.0, 1.0], **kwargs}
    with pytest.raises(ValueError, match=message):
        gd.minimize(BOWL, **kwargs)


def test_bad_types_raise_type_error():
    with pytest.raises(TypeError, match="f must be a gdkit Objective"):
        gd.minimize(lambda p: p @ p, [1.0, 1.0])
    with pytest.raises(TypeError, match="optimizer must be a gdkit optimiser, got type"):
        gd.minimize(BOWL, [1.0, 1.0], gd.Adam)  # the class, not an instance


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
def test_a_start_outside_the_domain_is_refused():
    with pytest.raises(ValueError, match="not finite at x0"):
        gd.minimize(gd.Objective("log(x) + y**2"), [-1.0, 0.0])


@pytest.mark.parametrize("cls", [gd.GD, gd.Momentum, gd.Nesterov, gd.AdaGrad, gd.RMSprop, gd.Adam])
def test_minimize_takes_the_same_steps_as_the_checked_step(cls):
    """The loop calls the update without its per-call checks: the path must not change."""
    f = gd.functions.rosenbrock()
    opt = cls(lr=1e-3)
    run = gd.minimize(f, [-1.5, 2.0], opt, max_iter=50, grad_tol=None)
    theta, state, path = np.array([-1.5, 2.0]), opt.init(np.array([-1.5, 2.0])), [[-1.5, 2.0]]
    for _ in range(50):
        theta, state = opt.step(theta, f.grad(theta), state)
        path.append(theta)
    assert np.array_equal(run.path, np.array(path))


def test_an_infinite_step_with_a_bounded_loss_is_still_divergence():
    """tanh² stays below 1 for every finite θ: only the check on θ itself can see θ = inf."""

    class Launch(gd.GD):
        def step(self, theta, grad, state):
            return theta * np.inf, state

    for step_tol in (None, 1e-12):
        run = gd.minimize(gd.Objective("tanh(x)**2"), [0.5], Launch(), step_tol=step_tol)
        assert run.stopped_by == "diverged" and np.isfinite(run.path).all()
