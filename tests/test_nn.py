"""The hand-written multi-layer perceptron, the gradient check and vanishing/exploding gradients."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdkit as gd
from gdkit.data import circles, two_moons
from gdkit.models import LeastSquares, LogisticRegression
from gdkit.network import MLP, gradient_check, rnn_gradient_norms
from gdkit.training import fit

pytestmark = pytest.mark.filterwarnings("error")

COMBINATIONS = list(
    itertools.product(["relu", "sigmoid", "tanh"], ["sigmoid", "linear"], [False, True])
)


def generic_theta(net, seed=0):
    """Initial weights plus random biases: no ReLU sits exactly on its kink at 0."""
    rng = np.random.default_rng(seed)
    return net.init(rng=rng) + 0.1 * rng.standard_normal(net.n_params())


@pytest.mark.parametrize(("activation", "output", "residual"), COMBINATIONS)
def test_backpropagation_matches_finite_differences(activation, output, residual):
    net = MLP((2, 5, 5, 5, 1), activation=activation, output=output, residual=residual)
    X, y = two_moons(n=30)
    assert gradient_check(net, generic_theta(net), X, y) < 1e-6


@settings(max_examples=15, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=0, max_size=3),
    seed=st.integers(0, 2**16),
    combination=st.sampled_from(COMBINATIONS),
)
def test_backpropagation_is_right_for_any_architecture(sizes, seed, combination):
    activation, output, residual = combination
    net = MLP((3, *sizes, 1), activation=activation, output=output, residual=residual)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((8, 3))
    y = (rng.random(8) > 0.5).astype(float)
    assert gradient_check(net, generic_theta(net, seed), X, y) < 1e-5


@pytest.mark.parametrize(("activation", "output", "residual"), COMBINATIONS[::3])
def test_per_example_gradients_average_to_the_gradient(activation, output, residual):
    net = MLP((2, 4, 4, 1), activation=activation, output=output, residual=residual)
    X, y = two_moons(n=12)
    theta = generic_theta(net)
    per_example = net.per_example_grads(theta, X, y)
    assert per_example.shape == (12, net.n_params())
    np.testing.assert_allclose(per_example.mean(axis=0), net.grad(theta, X, y), atol=1e-14)
    np.testing.assert_allclose(per_example[3], net.grad(theta, X[3:4], y[3:4]), atol=1e-14)


@pytest.mark.parametrize(
    ("output", "model"), [("linear", LeastSquares()), ("sigmoid", LogisticRegression())]
)
def test_a_network_without_hidden_layers_is_the_linear_model(output, model):
    net = MLP((3, 1), output=output)
    rng = np.random.default_rng(4)
    X = rng.standard_normal((20, 3))
    y = (rng.random(20) > 0.5).astype(float)
    theta = rng.standard_normal(4)  # same layout: w_1, w_2, w_3, b
    assert net.loss(theta, X, y) == pytest.approx(model.loss(theta, X, y), rel=1e-13)
    np.testing.assert_allclose(net.grad(theta, X, y), model.grad(theta, X, y), rtol=1e-12)
    np.testing.assert_allclose(net.predict(theta, X), model.predict(theta, X))


def test_parameter_vector_layout():
    net = MLP((2, 3, 1))
    assert net.n_params() == net.n_params(d=2) == 2 * 3 + 3 + 3 * 1 + 1
    theta = np.arange(13.0)
    (W1, b1), (W2, b2) = net.unpack(theta)
    np.testing.assert_array_equal(W1, [[0, 1], [2, 3], [4, 5]])
    np.testing.assert_array_equal(b1, [6, 7, 8])
    np.testing.assert_array_equal(W2, [[9, 10, 11]])
    np.testing.assert_array_equal(b2, [12])
    np.testing.assert_array_equal(net.pack(net.unpack(theta)), theta)


def test_forward_computes_the_formula():
    net = MLP((2, 3, 1), activation="tanh", output="sigmoid")
    theta = generic_theta(net)
    (W1, b1), (W2, b2) = net.unpack(theta)
    X = np.array([[0.5, -1.0], [2.0, 0.3]])
    expected = 1 / (1 + np.exp(-(np.tanh(X @ W1.T + b1) @ W2.T + b2)))
    np.testing.assert_allclose(net.forward(theta, X), expected[:, 0])
    np.testing.assert_array_equal(net.predict(theta, X), (expected[:, 0] >= 0.5).astype(float))


def test_residual_blocks_with_zero_weights_are_the_identity():
    deep = MLP((2, 4, 4, 4, 1), activation="relu", residual=True)
    shallow = MLP((2, 4, 1), activation="relu")
    rng = np.random.default_rng(0)
    (W1, b1), (W_out, b_out) = shallow.unpack(shallow.init(rng=rng))
    zero = (np.zeros((4, 4)), np.zeros(4))  # relu(0 h + 0) = 0: the block adds nothing
    theta_deep = deep.pack([(W1, b1), zero, zero, (W_out, b_out)])
    theta_shallow = shallow.pack([(W1, b1), (W_out, b_out)])
    X = rng.standard_normal((10, 2))
    np.testing.assert_allclose(deep.forward(theta_deep, X), shallow.forward(theta_shallow, X))
    # Without skips the zero blocks cut the signal: every output is sigmoid(b_out).
    plain = MLP((2, 4, 4, 4, 1), activation="relu")
    np.testing.assert_allclose(plain.forward(theta_deep, X), 1 / (1 + np.exp(-b_out[0])))


@pytest.mark.parametrize(("init", "std"), [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 800))])
def test_initialisations_have_the_documented_spread(init, std):
    net = MLP((400, 400, 1), init=init)
    (W1, b1), _ = net.unpack(net.init(rng=np.random.default_rng(0)))
    assert np.std(W1) == pytest.approx(std, rel=0.02)
    np.testing.assert_array_equal(b1, 0.0)
    normal = MLP((400, 400, 1), init="normal", init_std=0.3)
    assert np.std(normal.unpack(normal.init())[0][0]) == pytest.approx(0.3, rel=0.02)


def test_deep_sigmoid_networks_have_vanishing_gradients_and_relu_does_not():
    X, y = two_moons(n=200)
    depth = (2,) + (16,) * 10 + (1,)

    def first_over_last(activation, init, residual=False):
        net = MLP(depth, activation=activation, init=init, residual=residual)
        norms = net.layer_grad_norms(net.init(), X, y)
        assert norms.shape == (11,)
        return norms[0] / norms[-1]

    assert first_over_last("sigmoid", "xavier") < 1e-4
    assert first_over_last("relu", "he") > 1e-1
    assert first_over_last("sigmoid", "xavier", residual=True) > 1e-2


def test_layer_grad_norms_are_the_norms_of_the_weight_gradients():
    net = MLP((2, 3, 1))
    X, y = two_moons(n=20)
    theta = generic_theta(net)
    grad = net.grad(theta, X, y)
    (dW1, _), (dW2, _) = net.unpack(grad)
    norms = net.layer_grad_norms(theta, X, y)
    np.testing.assert_allclose(norms, [np.linalg.norm(dW1), np.linalg.norm(dW2)])


def test_adam_trains_an_mlp_on_two_moons():
    X, y = data = two_moons(n=400, noise=0.1)
    net = MLP((2, 16, 16, 1))
    res = fit(net, data, gd.Adam(lr=0.01), batch_size=32, epochs=60, record_every=50)
    assert not res.diverged
    assert np.mean(net.predict(res.theta, X) == y) > 0.9
    assert res.epoch_losses[-1] < 0.2 * res.epoch_losses[0]


def test_mini_batch_sgd_trains_a_tanh_mlp_on_circles():
    X, y = data = circles(n=300)
    net = MLP((2, 8, 8, 1), activation="tanh", init="xavier")
    res = fit(net, data, gd.GD(lr=0.5), batch_size=16, epochs=60, record_every=100)
    assert np.mean(net.predict(res.theta, X) == y) > 0.9


def test_gradient_check_catches_a_wrong_gradient():
    class Wrong(LeastSquares):
        def grad(self, theta, X, y):
            return 1.1 * super().grad(theta, X, y)

    X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 2.0])
    assert gradient_check(LeastSquares(), [0.3, -0.2], X, y) < 1e-8
    assert gradient_check(Wrong(), [0.3, -0.2], X, y) > 0.05


def test_rnn_gradients_vanish_below_radius_one_and_explode_above():
    shrinking = rnn_gradient_norms(0.5, steps=40)
    growing = rnn_gradient_norms(1.5, steps=40)
    assert shrinking.shape == growing.shape == (41,)
    assert shrinking[0] == growing[0] == 1.0  # dh_T/dh_T is the identity
    assert shrinking[-1] < 1e-8 and growing[-1] > 1e5
    # The rate is the spectral radius: norm^(1/k) -> rho.
    assert shrinking[-1] ** (1 / 40) == pytest.approx(0.5, rel=0.1)
    assert growing[-1] ** (1 / 40) == pytest.approx(1.5, rel=0.1)
    tanh = rnn_gradient_norms(0.5, steps=40, activation="tanh")
    assert tanh[-1] < 1e-8  # tanh' <= 1 adds no growth


def test_rnn_gradient_norms_are_seeded_and_overflow_to_inf_quietly():
    a = rnn_gradient_norms(1.2, steps=10, rng=np.random.default_rng(3))
    b = rnn_gradient_norms(1.2, steps=10, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    huge = rnn_gradient_norms(2.0, steps=2000)
    assert huge[-1] == np.inf and np.isfinite(huge[100])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: MLP(sizes=(2,)), "at least an input and an output"),
        (lambda: MLP(sizes=(2, 8, 3)), "output width"),
        (lambda: MLP(sizes=(2, 0, 1)), "layer width"),
        (lambda: MLP(activation="softplus"), "activation must be"),
        (lambda: MLP(output="softmax"), "output must be"),
        (lambda: MLP(init="zeros"), "init must be"),
        (lambda: MLP(init="normal", init_std=0.0), "init_std"),
        (
            lambda: MLP((2, 1)).loss([0.0, 0.0, 0.0], [[1.0, 2.0, 3.0]], [1.0]),
            "must have 2 columns",
        ),
        (lambda: MLP((2, 1)).loss([0.0, 0.0], [[1.0, 2.0]], [1.0]), "theta must have 3"),
        (lambda: MLP((2, 1)).grad([0.0, 0.0, 0.0], [[1.0, 2.0]], [3.0]), "labels 0/1"),
        (lambda: MLP((2, 1)).init(d=5), "takes 2 input features"),
        (lambda: MLP((2, 1)).pack([]), r"one \(W, b\) pair per layer \(1\), got 0"),
        (lambda: gradient_check(MLP((2, 1)), [0.0] * 3, [[1.0, 2.0]], [1.0], eps=0), "eps"),
        (lambda: rnn_gradient_norms(-0.5, 10), "spectral_radius"),
        (lambda: rnn_gradient_norms(0.5, 0), "steps must be an integer >= 1"),
        (lambda: rnn_gradient_norms(0.5, 10, activation="relu"), "'linear' or 'tanh'"),
    ],
)
def test_bad_inputs_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_fit_refuses_data_of_the_wrong_width_for_the_network():
    with pytest.raises(ValueError, match="takes 2 input features, got d=3"):
        fit(MLP((2, 4, 1)), (np.zeros((5, 3)), np.zeros(5)), gd.Adam())


@pytest.mark.parametrize("residual", [False, True])
@pytest.mark.parametrize("output", ["sigmoid", "linear"])
def test_activations_are_the_forward_pass_layer_by_layer(residual, output) -> None:
    """MLP.activations: h_0 = X, h_ℓ = ϕ(W_ℓ h_{ℓ−1} + b_ℓ) (+ h_{ℓ−1}), h_D = ŷ."""
    net = MLP(sizes=(2, 5, 5, 1), activation="tanh", output=output, residual=residual)
    theta = net.init(rng=np.random.default_rng(3))
    X = np.random.default_rng(4).normal(size=(9, 2))
    hs, zs = net.activations(theta, X, pre=True)
    assert len(hs) == net.n_layers + 1 and len(zs) == net.n_layers
    assert np.array_equal(hs[0], X)
    h = X
    for layer, (W, b) in enumerate(net.unpack(theta)):
        z = h @ W.T + b
        np.testing.assert_allclose(zs[layer], z, rtol=1e-15)
        if layer < net.n_layers - 1:
            h = h + np.tanh(z) if residual and layer > 0 else np.tanh(z)
            np.testing.assert_allclose(hs[layer + 1], h, rtol=1e-15)
    np.testing.assert_array_equal(hs[-1][:, 0], net.forward(theta, X))
    assert all(np.array_equal(a, b) for a, b in zip(net.activations(theta, X), hs))
