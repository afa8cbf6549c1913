"""Data sets, linear models and the training loop (batch, stochastic and mini-batch GD)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gdkit as gd
from gdkit.data import Dataset, circles, linear_data, two_moons
from gdkit.models import LeastSquares, LogisticRegression
from gdkit.training import TrainResult, clip_by_norm, fit, gradient_variance

pytestmark = pytest.mark.filterwarnings("error")  # a training run must never warn

MODELS = [LeastSquares(), LogisticRegression()]
FAST = settings(max_examples=25, deadline=None)


def numeric_grad(model, theta, X, y, eps=1e-6):
    """Central finite differences of model.loss, one parameter at a time."""
    grad = np.empty_like(theta)
    for j in range(theta.size):
        step = np.zeros_like(theta)
        step[j] = eps
        grad[j] = (model.loss(theta + step, X, y) - model.loss(theta - step, X, y)) / (2 * eps)
    return grad


def classification_data(n=60, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    return X, (X[:, 0] + 0.5 * rng.standard_normal(n) > 0).astype(float)


# ----- data sets --------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [linear_data, two_moons, circles])
def test_data_sets_have_documented_shapes_and_are_seeded(make):
    data = make(n=101)
    assert isinstance(data, Dataset)
    X, y = data
    assert X.shape[0] == y.shape[0] == 101 and X.ndim == 2 and y.ndim == 1
    again = make(n=101, rng=np.random.default_rng(0))  # the documented default seed
    np.testing.assert_array_equal(X, again.X)
    other = make(n=101, rng=np.random.default_rng(1))
    assert not np.array_equal(X, other.X)


def test_linear_data_without_noise_lies_on_the_plane():
    X, y = linear_data(n=50, weights=(2.0, -3.0), bias=0.5, noise=0.0)
    assert X.shape == (50, 2)
    np.testing.assert_allclose(y, 2.0 * X[:, 0] - 3.0 * X[:, 1] + 0.5)


def test_linear_data_noise_has_the_requested_spread():
    X, y = linear_data(n=20_000, weights=(1.0,), bias=0.0, noise=0.5)
    assert abs(np.std(y - X[:, 0]) - 0.5) < 0.02


@pytest.mark.parametrize("make", [two_moons, circles])
def test_classification_sets_are_balanced_and_labelled_0_1(make):
    X, y = make(n=301)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert int((y == 0).sum()) == 150 and int((y == 1).sum()) == 151
    assert X.shape == (301, 2)
    # Shuffled: both labels appear in the first few rows.
    assert len(set(y[:20])) == 2


def test_circles_radii_are_one_and_factor():
    X, y = circles(n=40, noise=0.0, factor=0.3)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)


def test_two_moons_without_noise_lie_on_their_half_circles():
    X, y = two_moons(n=40, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: linear_data(n=0), "n must be an integer >= 1"),
        (lambda: linear_data(noise=-0.1), "noise must be a finite number >= 0"),
        (lambda: linear_data(weights=()), "weights must hold at least one weight"),
        (lambda: linear_data(bias=float("nan")), "bias must be a finite number"),
        (lambda: two_moons(n=1), "n must be an integer >= 2"),
        (lambda: two_moons(noise=-1.0), "noise must be a finite number >= 0"),
        (lambda: circles(factor=1.0), "factor must lie strictly between 0 and 1"),
        (lambda: circles(n=2.5), "n must be an integer"),
        (lambda: two_moons(rng=42), "rng must be a numpy.random.Generator"),
    ],
)
def test_data_sets_reject_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ----- models -----------------------------------------------------------------------------------


@FAST
@given(
    theta=arrays(float, 4, elements=st.floats(-3, 3)),
    seed=st.integers(0, 2**16),
    model=st.sampled_from(MODELS),
)
def test_model_gradients_match_finite_differences(theta, seed, model):
    X, y = classification_data(n=25, d=3, seed=seed)
    np.testing.assert_allclose(model.grad(theta, X, y), numeric_grad(model, theta, X, y), atol=1e-6)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_per_example_gradients_average_to_the_gradient(model):
    X, y = classification_data()
    theta = np.array([0.3, -1.0, 2.0, 0.1])
    per_example = model.per_example_grads(theta, X, y)
    assert per_example.shape == (60, 4)
    np.testing.assert_allclose(per_example.mean(axis=0), model.grad(theta, X, y), atol=1e-14)
    # Row i is the gradient of the loss on example i alone.
    np.testing.assert_allclose(per_example[7], model.grad(theta, X[7:8], y[7:8]), atol=1e-14)


def test_least_squares_gradient_vanishes_at_the_least_squares_solution():
    X, y = linear_data(n=200, weights=(1.0, 2.0), bias=3.0)
    X1 = np.column_stack([X, np.ones(len(X))])
    theta_star = np.linalg.lstsq(X1, y, rcond=None)[0]
    model = LeastSquares()
    np.testing.assert_allclose(model.grad(theta_star, X, y), 0.0, atol=1e-12)
    np.testing.assert_allclose(model.predict(theta_star, X), X1 @ theta_star)
    assert model.loss(theta_star, X, y) == pytest.approx(np.mean((X1 @ theta_star - y) ** 2))


def test_logistic_regression_is_stable_for_huge_logits():
    model = LogisticRegression()
    X, y = np.array([[1.0], [-1.0]]), np.array([0.0, 1.0])
    theta = np.array([1000.0, 0.0])  # confidently wrong on both points
    assert model.loss(theta, X, y) == pytest.approx(1000.0)
    np.testing.assert_allclose(model.grad(theta, X, y), [1.0, 0.0])
    assert model.loss([0.0, 0.0], X, y) == pytest.approx(math.log(2))
    np.testing.assert_array_equal(model.predict(-theta, X), [0.0, 1.0])


@pytest.mark.parametrize("model", MODELS, ids=lambda m: type(m).__name__)
def test_models_report_their_size_and_initialise_with_the_rng(model):
    assert model.n_params(3) == 4
    theta = model.init(3, np.random.default_rng(2))
    assert theta.shape == (4,)
    np.testing.assert_array_equal(theta, model.init(d=3, rng=np.random.default_rng(2)))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: LeastSquares().loss([1.0, 0.0], [1.0, 2.0], [1.0, 2.0]), "X must be a 2-D"),
        (lambda: LeastSquares().grad([1.0, 0.0], [[1.0], [2.0]], [1.0]), "same length"),
        (lambda: LeastSquares().grad([1.0, 0.0, 3.0], [[1.0], [2.0]], [1.0, 2.0]), "2 entries"),
        (lambda: LeastSquares().loss([1.0, 0.0], [[1.0]], [[1.0]]), "y must be a 1-D"),
        (lambda: LeastSquares().loss([[1.0, 0.0]], [[1.0]], [1.0]), "theta must be a flat"),
        (lambda: LeastSquares().loss([1.0, 0.0], np.zeros((0, 1)), []), "empty"),
        (lambda: LogisticRegression().loss([1.0, 0.0], [[1.0]], [2.0]), "labels 0/1"),
        (lambda: LogisticRegression().grad([1.0, 0.0], [[1.0]], [-1.0]), "labels 0/1"),
        (lambda: LeastSquares().predict([1.0, 0.0], [[1.0, 2.0]]), "3 entries"),
        (lambda: LeastSquares().n_params(0), "d must be an integer >= 1"),
    ],
)
def test_models_reject_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ----- the training loop ------------------------------------------------------------------------


@pytest.mark.parametrize(("batch_size", "per_epoch"), [(None, 1), (120, 1), (1, 120), (30, 4)])
def test_batch_sizes_n_1_b_give_the_expected_number_of_updates(batch_size, per_epoch):
    data = linear_data(n=120)
    res = fit(LeastSquares(), data, gd.GD(lr=0.01), batch_size=batch_size, epochs=3)
    assert isinstance(res, TrainResult)
    assert res.n_iter == 3 * per_epoch
    assert res.n_epochs == 3 and res.stopped_by == "epochs" and not res.diverged
    assert res.batch_size == (120 if batch_size is None else batch_size)
    # Recorded at the start and after every update; every epoch costs N gradient evaluations.
    assert len(res.losses) == len(res.path) == len(res.grad_evals) == res.n_iter + 1
    assert res.grad_evals[0] == 0 and res.grad_evals[-1] == 3 * 120
    assert len(res.epoch_losses) == 4
    np.testing.assert_array_equal(res.epoch_losses, res.losses[::per_epoch])


@FAST
@given(n=st.integers(1, 40), batch_size=st.integers(1, 40), epochs=st.integers(1, 3))
def test_every_epoch_makes_ceil_n_over_b_updates_and_sees_every_example(n, batch_size, epochs):
    batch_size = min(batch_size, n)
    data = linear_data(n=n, noise=0.1)
    res = fit(LeastSquares(), data, gd.GD(lr=0.01), batch_size=batch_size, epochs=epochs)
    assert res.n_iter == epochs * math.ceil(n / batch_size)
    assert res.grad_evals[-1] == epochs * n
    assert np.all(np.diff(res.grad_evals) <= batch_size)


def test_the_history_is_consistent_with_the_model():
    model, data = LeastSquares(), linear_data(n=50)
    theta0 = np.array([5.0, 5.0])
    res = fit(model, data, gd.GD(lr=0.05), batch_size=10, epochs=2, theta0=theta0)
    np.testing.assert_array_equal(res.path[0], theta0)
    np.testing.assert_array_equal(res.theta, res.path[-1])
    np.testing.assert_array_equal(res.steps, np.arange(res.n_iter + 1))
    losses = [model.loss(theta, *data) for theta in res.path]
    np.testing.assert_allclose(res.losses, losses)
    assert res.optimizer_name == "GD"
    assert theta0.tolist() == [5.0, 5.0]  # the caller's array is never modified


def test_batch_gd_without_shuffling_is_plain_gradient_descent():
    model, (X, y) = LeastSquares(), linear_data(n=40)
    theta = np.array([0.0, 0.0])
    res = fit(model, (X, y), gd.GD(lr=0.1), epochs=5, theta0=theta, shuffle=False)
    for _ in range(5):
        theta = theta - 0.1 * model.grad(theta, X, y)
    np.testing.assert_allclose(res.theta, theta, rtol=1e-13)


def test_sgd_without_shuffling_visits_examples_in_stored_order():
    model, (X, y) = LeastSquares(), linear_data(n=5)
    theta = np.array([1.0, 1.0])
    res = fit(model, (X, y), gd.GD(lr=0.1), batch_size=1, epochs=1, theta0=theta, shuffle=False)
    for i in range(5):
        theta = theta - 0.1 * model.grad(theta, X[i : i + 1], y[i : i + 1])
        np.testing.assert_allclose(res.path[i + 1], theta, rtol=1e-13)


def test_shuffling_is_deterministic_for_a_seeded_rng():
    data = linear_data(n=60)

    def run(seed):
        rng = np.random.default_rng(seed)
        return fit(LeastSquares(), data, gd.GD(lr=0.05), batch_size=7, epochs=3, rng=rng)

    np.testing.assert_array_equal(run(3).path, run(3).path)
    assert not np.array_equal(run(3).path, run(4).path)
    # Omitting rng means default_rng(0): reproducible too.
    a = fit(LeastSquares(), data, gd.GD(lr=0.05), batch_size=7)
    b = fit(LeastSquares(), data, gd.GD(lr=0.05), batch_size=7)
    np.testing.assert_array_equal(a.losses, b.losses)


@pytest.mark.parametrize("batch_size", [None, 1, 32])
def test_all_three_variants_fit_linear_regression(batch_size):
    X, y = data = linear_data(n=1000, weights=(2.0,), bias=-1.0, noise=0.5)
    theta_star = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]
    lr = 0.01 if batch_size == 1 else 0.1
    res = fit(
        LeastSquares(),
        data,
        gd.GD(lr=lr),
        batch_size=batch_size,
        epochs=40 if batch_size is None else 5,
    )
    np.testing.assert_allclose(res.theta, theta_star, atol=0.1)
    assert res.epoch_losses[-1] < 0.3  # near the noise floor 0.5**2


def test_adam_trains_logistic_regression():
    X, y = data = classification_data(n=200, d=2)
    model = LogisticRegression()
    res = fit(model, data, gd.Adam(lr=0.05), batch_size=20, epochs=20)
    assert res.losses[-1] < 0.5 * res.losses[0]
    assert np.mean(model.predict(res.theta, X) == y) > 0.8


def test_divergence_is_reported_and_never_returned_as_nan():
    data = linear_data(n=100)
    res = fit(LeastSquares(), data, gd.GD(lr=3.0), epochs=1000)
    assert res.diverged and res.stopped_by == "diverged"
    assert res.n_iter < 1000 and res.losses[-1] > 1e10
    assert np.all(np.isfinite(res.losses)) and np.all(np.isfinite(res.path))
    np.testing.assert_array_equal(res.theta, res.path[-1])


def test_an_overflowing_step_is_discarded():
    data = linear_data(n=100)
    theta0 = np.array([1.0, 1.0])
    res = fit(LeastSquares(), data, gd.GD(lr=1e300), theta0=theta0)  # loss overflows to inf
    assert res.diverged and res.n_iter == 0
    np.testing.assert_array_equal(res.theta, theta0)
    assert np.all(np.isfinite(res.losses))


def test_record_every_thins_the_history_but_keeps_epoch_ends():
    data = linear_data(n=100)
    res = fit(LeastSquares(), data, gd.GD(lr=0.01), batch_size=1, epochs=2, record_every=30)
    assert res.steps.tolist() == [0, 30, 60, 90, 100, 120, 150, 180, 200]
    assert res.grad_evals.tolist() == res.steps.tolist()  # one example per update
    assert res.epoch_losses.tolist() == [res.losses[0], res.losses[4], res.losses[-1]]


@FAST
@given(
    grad=arrays(float, st.integers(1, 6), elements=st.floats(-1e6, 1e6)),
    max_norm=st.floats(1e-3, 1e3),
)
def test_clip_by_norm_bounds_the_norm_and_keeps_the_direction(grad, max_norm):
    original = grad.copy()
    clipped = clip_by_norm(grad, max_norm)
    norm = np.linalg.norm(grad)
    assert np.linalg.norm(clipped) <= max_norm * (1 + 1e-12)
    if norm <= max_norm:
        np.testing.assert_array_equal(clipped, grad)
    else:
        np.testing.assert_allclose(clipped * norm / max_norm, grad, rtol=1e-9, atol=1e-300)
    np.testing.assert_array_equal(grad, original)


def test_clipping_in_fit_bounds_every_gd_step():
    data = linear_data(n=50)
    lr, clip = 0.1, 0.5
    res = fit(LeastSquares(), data, gd.GD(lr=lr), batch_size=5, epochs=2, clip_norm=clip)
    step_lengths = np.linalg.norm(np.diff(res.path, axis=0), axis=1)
    assert np.all(step_lengths <= lr * clip * (1 + 1e-12))
    assert step_lengths.max() == pytest.approx(lr * clip)  # the first steps are clipped


def test_gradient_noise_falls_like_one_over_batch_size():
    data = linear_data(n=1000)
    model, theta = LeastSquares(), np.zeros(2)
    rng = np.random.default_rng(1)
    var = {b: gradient_variance(model, data, theta, b, n_draws=2000, rng=rng) for b in (1, 10, 100)}
    n = 1000
    for b in (10, 100):
        expected = b * (n - 1) / (n - b)  # 1/B, times the finite-population correction
        assert 0.7 * expected < var[1] / var[b] < 1.4 * expected
    assert gradient_variance(model, data, theta, n, n_draws=3) == pytest.approx(0.0, abs=1e-20)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"data": (np.zeros((0, 1)), np.zeros(0))}, "empty"),
        ({"data": np.zeros((3, 2))}, "data must be a pair"),
        ({"batch_size": 0}, "batch_size must be an integer >= 1"),
        ({"batch_size": 11}, r"batch_size must be at most the number of examples \(10\)"),
        ({"batch_size": 2.5}, "batch_size must be an integer"),
        ({"epochs": 0}, "epochs must be an integer >= 1"),
        ({"theta0": [1.0, 2.0, 3.0]}, "theta0 must have 2 entries"),
        ({"theta0": [np.nan, 0.0]}, "theta0 must be finite"),
        ({"clip_norm": -1.0}, "clip_norm must be a finite number > 0"),
        ({"record_every": 0}, "record_every must be an integer >= 1"),
    ],
)
def test_fit_rejects_bad_inputs(kwargs, match):
    args = {"data": linear_data(n=10), **kwargs}
    with pytest.raises(ValueError, match=match):
        fit(LeastSquares(), optimizer=gd.GD(lr=0.1), **args)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda d: gradient_variance(LeastSquares(), d, [0.0, 0.0], 11), "at most the number"),
        (lambda d: gradient_variance(LeastSquares(), d, [0.0, 0.0], 2, n_draws=0), "n_draws"),
        (lambda d: clip_by_norm([1.0], 0.0), "max_norm must be a finite number > 0"),
    ],
)
def test_variance_and_clipping_reject_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call(linear_data(n=10))


def test_fit_uses_a_subclass_s_own_gradient_and_the_fast_path_gives_the_same_numbers():
    """fit prepares a linear model's data once (the column of ones, the checks); a subclass
    that overrides grad is trained with its own grad; both give the model's exact numbers."""
    data = gd.linear_data(n=200, noise=0.5, rng=np.random.default_rng(1))

    class Scaled(gd.LeastSquares):
        def grad(self, theta, X, y):
            return 0.5 * super().grad(theta, X, y)

    fast = gd.fit(gd.LeastSquares(), data, gd.GD(lr=0.05), batch_size=8, epochs=3)
    halved = gd.fit(Scaled(), data, gd.GD(lr=0.1), batch_size=8, epochs=3)
    assert np.allclose(fast.path, halved.path, rtol=1e-12, atol=1e-14)
    # the same run by hand, with the model's public, checked methods
    model, rng = gd.LeastSquares(), np.random.default_rng(0)
    theta = model.init(d=1, rng=rng)
    losses = [model.loss(theta, *data)]
    for _ in range(3):
        order = rng.permutation(200)
        for start in range(0, 200, 8):
            rows = order[start:start + 8]
            theta = theta - 0.05 * model.grad(theta, data.X[rows], data.y[rows])
            losses.append(model.loss(theta, *data))
    assert np.array_equal(fast.losses, losses) and np.array_equal(fast.theta, theta)
    labels = gd.two_moons(n=50, rng=np.random.default_rng(2))
    with pytest.raises(ValueError, match="labels 0/1"):  # checked once, before training
        gd.fit(gd.LogisticRegression(), (labels.X, labels.y * 2), gd.GD(lr=0.1))
