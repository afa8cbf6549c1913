"""The from-scratch checker (gdkit/course/scratch.py): a correct update passes, each typical
mistake is caught with its hint, and bad input gets a clear message, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from gdkit.course import scratch
from gdkit.course.checks import Mark
from gdkit.course.scratch import METHODS, check_update

ROOT = Path(__file__).resolve().parents[1]


# -- correct solutions, written as a student would ---------------------------------------------------


def gd_step(theta, g, lr):
    return theta - lr * g


def momentum_step(theta, g, state, lr, momentum):
    v = momentum * state["v"] + g
    return theta - lr * v, {"v": v}


def nesterov_step(theta, g, state, lr, momentum):
    v = momentum * state["v"] + g
    return theta - lr * (g + momentum * v), {"v": v}


def adagrad_step(theta, g, state, lr, eps):
    s = state["s"] + g**2
    return theta - lr * g / (np.sqrt(s) + eps), {"s": s}


def rmsprop_step(theta, g, state, lr, rho, eps):
    s = rho * state["s"] + (1 - rho) * g**2
    return theta - lr * g / (np.sqrt(s) + eps), {"s": s}


def adam_step(theta, g, state, lr, beta1, beta2, eps):
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * g
    s = beta2 * state["s"] + (1 - beta2) * g**2
    m_hat = m / (1 - beta1**t)
    s_hat = s / (1 - beta2**t)
    theta = theta - lr * m_hat / (np.sqrt(s_hat) + eps)
    return theta, {"m": m, "s": s, "t": t}


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def backward(X, y, W1, b1, W2, b2):
    """The sigmoid network of chapter 10, mean cross-entropy."""
    h1 = sigmoid(X @ W1.T + b1)
    y_hat = sigmoid(h1 @ W2.T + b2)
    delta2 = (y_hat - y[:, None]) / len(X)
    delta1 = (delta2 @ W2) * h1 * (1 - h1)
    return {"W1": delta1.T @ X, "b1": delta1.sum(axis=0), "W2": delta2.T @ h1, "b2": delta2.sum(axis=0)}


CORRECT = {"gd": gd_step, "momentum": momentum_step, "nesterov": nesterov_step,
           "adagrad": adagrad_step, "rmsprop": rmsprop_step, "adam": adam_step}


@pytest.mark.parametrize("name", list(CORRECT))
def test_a_correct_update_passes(name) -> None:
    mark = check_update(name, CORRECT[name])
    assert mark.correct is True, mark
    assert "agrees with gd." in mark.message and "from the start" in mark.message


def test_a_correct_backward_pass_passes() -> None:
    mark = check_update("backprop", backward, activation="sigmoid")
    assert mark.correct is True, mark


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("output", ["sigmoid", "linear"])
def test_every_network_of_the_backprop_check_is_gdkits(activation, output) -> None:
    def family(*args):
        return scratch._backprop_family(*args, activation=activation, output=output)

    assert check_update("backprop", family, activation=activation, output=output).correct


@pytest.mark.parametrize("name", [m for m in METHODS if m != "backprop"])
def test_each_mistake_family_without_a_mistake_is_gdkits_update(name) -> None:
    """The mistakes are gdkit's update with exactly one thing changed."""
    assert check_update(name, METHODS[name].family).correct


def test_the_check_also_reads_the_optional_intermediate_lines() -> None:
    def with_hats(theta, g, state, lr, beta1, beta2, eps):
        theta, new = adam_step(theta, g, state, lr, beta1, beta2, eps)
        t = new["t"]
        return theta, new | {"m_hat": new["m"] / (1 - beta1**t), "s_hat": new["s"] / (1 - beta2**t)}

    def wrong_hat(theta, g, state, lr, beta1, beta2, eps):
        theta, new = with_hats(theta, g, state, lr, beta1, beta2, eps)
        return theta, new | {"s_hat": new["s"]}

    assert check_update("adam", with_hats).correct
    mark = check_update("adam", wrong_hat)
    assert mark.correct is False and mark.message.startswith("ŝ_t differs first, at step t = 1")


def test_in_place_updates_are_fine() -> None:
    def in_place(theta, g, state, lr, momentum):
        state["v"] *= momentum
        state["v"] += g
        theta -= lr * state["v"]
        return theta, state

    assert check_update("momentum", in_place).correct


def test_the_verdict_is_the_same_at_every_call() -> None:
    def no_bias(theta, g, state, lr, beta1, beta2, eps):
        return scratch._adam_family(theta, g, state, lr, beta1, beta2, eps, no_bias_m=True)

    assert repr(check_update("adam", no_bias)) == repr(check_update("adam", no_bias))
    assert check_update("adam", adam_step, seed=7).correct


# -- the typical mistakes, written as a student would, and the hint each gets ------------------------


def adam_no_bias_correction(theta, g, state, lr, beta1, beta2, eps):
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * g
    s = beta2 * state["s"] + (1 - beta2) * g**2
    return theta - lr * m / (np.sqrt(s) + eps), {"m": m, "s": s, "t": t}


def adam_eps_inside_the_root(theta, g, state, lr, beta1, beta2, eps):
    t = state["t"] + 1
    m = beta1 * state["m"] + (1 - beta1) * g
    s = beta2 * state["s"] + (1 - beta2) * g**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return theta - lr * m_hat / np.sqrt(s_hat + eps), {"m": m, "s": s, "t": t}


def adam_t_from_zero(theta, g, state, lr, beta1, beta2, eps):
    t = state["t"]  # forgot that step t = 1 comes first
    m = beta1 * state["m"] + (1 - beta1) * g
    s = beta2 * state["s"] + (1 - beta2) * g**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), {"m": m, "s": s, "t": t + 1}


def adam_forgets_to_count(theta, g, state, lr, beta1, beta2, eps):
    theta, new = adam_step(theta, g, state, lr, beta1, beta2, eps)
    return theta, new | {"t": state["t"]}


def adam_old_moments(theta, g, state, lr, beta1, beta2, eps):
    t = state["t"] + 1
    m_hat, s_hat = state["m"] / (1 - beta1**t), state["s"] / (1 - beta2**t)
    theta = theta - lr * m_hat / (np.sqrt(s_hat) + eps)
    m = beta1 * state["m"] + (1 - beta1) * g
    s = beta2 * state["s"] + (1 - beta2) * g**2
    return theta, {"m": m, "s": s, "t": t}


def adam_beta_on_the_gradient(theta, g, state, lr, beta1, beta2, eps):
    t = state["t"] + 1
    m = (1 - beta1) * state["m"] + beta1 * g
    s = beta2 * state["s"] + (1 - beta2) * g**2
    m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(s_hat) + eps), {"m": m, "s": s, "t": t}


def adam_stores_the_corrected_moments(theta, g, state, lr, beta1, beta2, eps):
    t = state["t"] + 1
    m = (beta1 * state["m"] + (1 - beta1) * g) / (1 - beta1**t)
    s = (beta2 * state["s"] + (1 - beta2) * g**2) / (1 - beta2**t)
    return theta - lr * m / (np.sqrt(s) + eps), {"m": m, "s": s, "t": t}


def adam_wrong_sign(theta, g, state, lr, beta1, beta2, eps):
    theta_new, new = adam_step(theta, g, state, lr, beta1, beta2, eps)
    return 2 * theta - theta_new, new


def momentum_averaged_buffer(theta, g, state, lr, momentum):
    v = momentum * state["v"] + (1 - momentum) * g  # so v_1 = (1 - β) g_1
    return theta - lr * v, {"v": v}


def momentum_beta_on_the_gradient(theta, g, state, lr, momentum):
    v = state["v"] + momentum * g
    return theta - lr * v, {"v": v}


def momentum_old_velocity(theta, g, state, lr, momentum):
    theta = theta - lr * state["v"]
    return theta, {"v": momentum * state["v"] + g}


def momentum_sutskever(theta, g, state, lr, momentum):
    u = momentum * state["v"] - lr * g
    return theta + u, {"v": u}


def nesterov_as_heavy_ball(theta, g, state, lr, momentum):
    return momentum_step(theta, g, state, lr, momentum)


def nesterov_old_velocity(theta, g, state, lr, momentum):
    v = momentum * state["v"] + g
    return theta - lr * (g + momentum * state["v"]), {"v": v}


def adagrad_eps_inside(theta, g, state, lr, eps):
    s = state["s"] + g**2
    return theta - lr * g / np.sqrt(s + eps), {"s": s}


def adagrad_old_sum(theta, g, state, lr, eps):
    theta = theta - lr * g / (np.sqrt(state["s"]) + eps)
    return theta, {"s": state["s"] + g**2}


def rmsprop_sum_not_average(theta, g, state, lr, rho, eps):
    s = state["s"] + g**2
    return theta - lr * g / (np.sqrt(s) + eps), {"s": s}


def rmsprop_rho_on_the_gradient(theta, g, state, lr, rho, eps):
    s = (1 - rho) * state["s"] + rho * g**2
    return theta - lr * g / (np.sqrt(s) + eps), {"s": s}


def rmsprop_wrong_sign(theta, g, state, lr, rho, eps):
    s = rho * state["s"] + (1 - rho) * g**2
    return theta + lr * g / (np.sqrt(s) + eps), {"s": s}


def gd_wrong_sign(theta, g, lr):
    return theta + lr * g


def gd_returns_the_step(theta, g, lr):
    return -lr * g


def backward_sum_not_mean(X, y, W1, b1, W2, b2):
    grads = backward(X, y, W1, b1, W2, b2)
    return {k: v * len(X) for k, v in grads.items()}


def backward_no_slope(X, y, W1, b1, W2, b2):
    h1 = sigmoid(X @ W1.T + b1)
    delta2 = (sigmoid(h1 @ W2.T + b2) - y[:, None]) / len(X)
    delta1 = delta2 @ W2
    return {"W1": delta1.T @ X, "b1": delta1.sum(axis=0), "W2": delta2.T @ h1, "b2": delta2.sum(axis=0)}


def backward_extra_sigmoid_slope(X, y, W1, b1, W2, b2):
    h1 = sigmoid(X @ W1.T + b1)
    y_hat = sigmoid(h1 @ W2.T + b2)
    delta2 = (y_hat - y[:, None]) * y_hat * (1 - y_hat) / len(X)
    delta1 = (delta2 @ W2) * h1 * (1 - h1)
    return {"W1": delta1.T @ X, "b1": delta1.sum(axis=0), "W2": delta2.T @ h1, "b2": delta2.sum(axis=0)}


def backward_slope_of_z(X, y, W1, b1, W2, b2):
    z1 = X @ W1.T + b1
    h1 = sigmoid(z1)
    delta2 = (sigmoid(h1 @ W2.T + b2) - y[:, None]) / len(X)
    delta1 = (delta2 @ W2) * z1 * (1 - z1)
    return {"W1": delta1.T @ X, "b1": delta1.sum(axis=0), "W2": delta2.T @ h1, "b2": delta2.sum(axis=0)}


def backward_label_minus_prediction(X, y, W1, b1, W2, b2):
    return {k: -v for k, v in backward(X, y, W1, b1, W2, b2).items()}


MISTAKES = [  # (check, function, the first quantity named, words of the hint)
    ("adam", adam_no_bias_correction, "θ_t", "Missing bias correction: "),
    ("adam", adam_eps_inside_the_root, "θ_t", "ε is inside the square root"),
    ("adam", adam_t_from_zero, "θ_t", "t starts at 1: step t divides"),
    ("adam", adam_forgets_to_count, "t", "Return the new step count"),
    ("adam", adam_old_moments, "θ_t", "updated with the old moments"),
    ("adam", adam_beta_on_the_gradient, "m_t", "β₁ is applied to the wrong term"),
    ("adam", adam_stores_the_corrected_moments, "m_t", "The state keeps the raw moments"),
    ("adam", adam_wrong_sign, "θ_t", "Wrong sign"),
    ("momentum", momentum_averaged_buffer, "v_t", "the buffer starts at v_1 = g_1"),
    ("momentum", momentum_beta_on_the_gradient, "v_t", "β is applied to the wrong term"),
    ("momentum", momentum_old_velocity, "θ_t", "updated with the old velocity"),
    ("momentum", momentum_sutskever, "v_t", "Sutskever's form"),
    ("nesterov", nesterov_as_heavy_ball, "θ_t", "That is heavy ball's step"),
    ("nesterov", nesterov_old_velocity, "θ_t", "look-ahead uses the new velocity"),
    ("adagrad", adagrad_eps_inside, "θ_t", "ε is inside the square root"),
    ("adagrad", adagrad_old_sum, "θ_t", "divides by the new s_t"),
    ("rmsprop", rmsprop_sum_not_average, "s_t", "You accumulated a sum"),
    ("rmsprop", rmsprop_rho_on_the_gradient, "s_t", "ρ is applied to the wrong term"),
    ("rmsprop", rmsprop_wrong_sign, "θ_t", "Wrong sign"),
    ("gd", gd_wrong_sign, "θ_t", "Wrong sign"),
    ("gd", gd_returns_the_step, "θ_t", "not the step −αg_t"),
    ("backprop", backward_sum_not_mean, "∂L/∂W₂", "the mean over the N examples"),
    ("backprop", backward_no_slope, "∂L/∂W₁", "you left out the activation's slope"),
    ("backprop", backward_extra_sigmoid_slope, "∂L/∂W₂", "do not multiply by ŷ(1 − ŷ)"),
    ("backprop", backward_slope_of_z, "∂L/∂W₁", "not with z₁ itself"),
    ("backprop", backward_label_minus_prediction, "∂L/∂W₂", "prediction minus the label"),
]


@pytest.mark.parametrize("name, function, first, hint", MISTAKES, ids=[m[1].__name__ for m in MISTAKES])
def test_a_typical_mistake_gets_its_hint(name, function, first, hint) -> None:
    options = {"activation": "sigmoid"} if name == "backprop" else {}
    mark = check_update(name, function, **options)
    assert mark.correct is False
    assert mark.message.startswith(f"{first} differs first, at "), mark.message
    assert "The line: " in mark.message and "Probably: " in mark.message
    assert hint in mark.message.split("Probably: ")[1], mark.message


def test_the_first_step_is_where_a_buffer_mistake_shows() -> None:
    mark = check_update("momentum", momentum_averaged_buffer)
    assert "at step t = 1 from the start" in mark.message


ALL_MISTAKES = [(name, m) for name, method in METHODS.items() for m in method.mistakes]


@pytest.mark.parametrize("name, mistake", ALL_MISTAKES,
                         ids=[f"{n}-{'-'.join(m.flags)}-{'-'.join(m.only.values())}" for n, m in ALL_MISTAKES])
def test_every_listed_mistake_is_recognised_as_itself(name, mistake) -> None:
    """No mistake agrees with gdkit, and none is shadowed by an earlier one in the list."""
    options = {"activation": "sigmoid", **mistake.only} if name == "backprop" else {}

    def reader(*args, **kwargs):
        return METHODS[name].family(*args, **kwargs, **options, **mistake.flags)

    mark = check_update(name, reader, **options)
    assert mark.correct is False
    assert mark.message.endswith(f"Probably: {mistake.hint}"), mark.message


def test_an_unknown_mistake_names_the_first_line_that_differs() -> None:
    def half_step(theta, g, state, lr, rho, eps):
        theta, s = rmsprop_step(theta, g, state, lr, rho, eps)
        return theta, {"s": s["s"] * 0.5}

    mark = check_update("rmsprop", half_step)
    assert mark.message.startswith("s_t differs first, at step t = 1 from the start")
    assert "The line: s_t = ρ s_{t−1} + (1 − ρ) g_t²." in mark.message
    assert "Yours is 0.5 times the expected value" in mark.message


# -- bad input -------------------------------------------------------------------------------------


def test_a_skeleton_is_not_written_yet() -> None:
    def skeleton(theta, g, state, lr, beta1, beta2, eps):
        t = ...
        m = ...
        s = ...
        theta = ...
        return theta, {"m": m, "s": s, "t": t}

    def raises(theta, g, state, lr, momentum):
        raise NotImplementedError

    def half_written(theta, g, state, lr, beta1, beta2, eps):
        t = ...
        m_hat = state["m"] / (1 - beta1**t)
        return theta, {"m": m_hat, "s": m_hat, "t": t}

    assert check_update("adam", skeleton).correct is None
    assert repr(check_update("adam", skeleton)).startswith("… Not written yet: skeleton still")
    assert isinstance(check_update("adam", skeleton), Mark)
    assert "Not written yet" in check_update("adam", skeleton)._repr_html_()
    assert "still returns `...`" in check_update("adam", skeleton).message
    assert check_update("momentum", raises).correct is None
    assert check_update("momentum", None).correct is None
    assert check_update("adam", ...).message.startswith("Not written yet: write adam_step(")
    mark = check_update("adam", half_written)
    assert mark.correct is False and "still holds `...`" in mark.message


def test_a_function_that_raises_gets_a_message_not_a_traceback() -> None:
    def typo(theta, g, state, lr, momentum):
        v = momentum * state["velocity"] + g
        return theta - lr * v, {"v": v}

    mark = check_update("momentum", typo)
    assert mark.correct is False
    assert mark.message.startswith("typo raised KeyError: 'velocity' in the line `v = momentum")
    assert "Traceback" not in repr(mark) and "at step t = 1 from the start" in mark.message
    assert mark.message.endswith("The state it is given holds 'v'.")


@pytest.mark.parametrize("returned, words", [
    (lambda theta, v: (theta, v), "the state must be a dict with the keys 'v', got array("),
    (lambda theta, v: (theta, v, 0), "must return two things"),
    (lambda theta, v: (theta, [v]), "the state must be a dict with the keys 'v'"),
    (lambda theta, v: (theta, {"velocity": v}), "the state you return has no 'v' (v_t)"),
    (lambda theta, v: (theta[:-1], {"v": v}), "the θ_t you return has shape (3,), but it should have shape (4,)"),
    (lambda theta, v: (theta, {"v": v[:, None]}), "state['v'] (v_t) has shape (4, 1)"),
    (lambda theta, v: ("theta", {"v": v}), "must be an array of real numbers, got 'theta'"),
    (lambda theta, v: (None, {"v": v}), "the θ_t you return is None"),
    (lambda theta, v: None, "must return two things"),
])
def test_a_wrong_return_gets_a_clear_message(returned, words) -> None:
    def reader(theta, g, state, lr, momentum):
        v = momentum * state["v"] + g
        return returned(theta - lr * v, v)

    mark = check_update("momentum", reader)
    assert mark.correct is False and words in mark.message, mark.message
    assert mark.message.startswith("At step t = 1 from the start")


def test_nan_gets_a_clear_message() -> None:
    def square_root_of_g(theta, g, state, lr, eps):
        s = state["s"] + g**2
        return theta - lr * g / (np.sqrt(g) + eps), {"s": s}

    mark = check_update("adagrad", square_root_of_g)
    assert mark.correct is False and "got nan" in mark.message
    assert "Yours is not finite" in mark.message


def test_a_wrong_signature_or_not_a_function_gets_a_clear_message() -> None:
    def alpha(theta, g, state, alpha, beta1, beta2, eps):
        return theta, state

    mark = check_update("adam", alpha)
    assert mark.correct is False and "cannot be called as adam_step(theta, g, state, lr" in mark.message
    assert "lr (α), beta1 (β₁), beta2 (β₂), eps (ε)" in mark.message
    assert check_update("gd", 0.1).message.startswith("Pass your function itself")
    assert check_update("gd", lambda theta, g, lr: (theta - lr * g, {})).message.endswith(
        "gd_step returns only the new θ (one array), not a tuple.".replace("gd_step", "your function"))


def test_backprop_bad_shapes_get_a_clear_message() -> None:
    def per_example_bias(X, y, W1, b1, W2, b2):
        grads = backward(X, y, W1, b1, W2, b2)
        return grads | {"b2": np.full((len(X), 1), 0.1)}

    def broadcast(X, y, W1, b1, W2, b2):
        h1 = sigmoid(X @ W1.T + b1)
        delta2 = (sigmoid(h1 @ W2.T + b2) - y) / len(X)  # (N, 1) - (N,) is (N, N)
        return {"W1": W1, "b1": b1, "W2": delta2.T @ h1, "b2": delta2.sum(axis=0)}

    def missing(X, y, W1, b1, W2, b2):
        return {"W1": W1, "b1": b1}

    mark = check_update("backprop", per_example_bias, activation="sigmoid")
    assert "∂L/∂b2 has shape (6, 1), but it should have shape (1,)" in mark.message
    assert "One row per example: sum them" in mark.message
    mark = check_update("backprop", broadcast, activation="sigmoid")
    assert "∂L/∂W2 has shape (6, 4)" in mark.message and "y[:, None]" in mark.message
    assert "returns no 'W2'" in check_update("backprop", missing).message


def test_a_misused_checker_raises() -> None:
    with pytest.raises(ValueError, match="no from-scratch check called 'adams'"):
        check_update("adams", adam_step)
    with pytest.raises(ValueError, match="takes no options"):
        check_update("adam", adam_step, activation="relu")
    with pytest.raises(ValueError, match="activation must be one of"):
        check_update("backprop", backward, activation="softmax")
    assert check_update("Adam", adam_step).correct  # the case of the name does not matter


# -- the chapters' from-scratch exercises: each worked solution passes -------------------------------


def scratch_solutions():
    """``(chapter, label, code)`` of every ``chNN-ex-scratch-*`` solution's first Python block."""
    found = []
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                         if c.cell_type == "markdown")
        for match in re.finditer(r"^(`{3,})\{solution\} (ch\d\d-ex-scratch-[\w-]+)\n", text, re.M):
            body = text[match.end():text.find("\n" + match.group(1), match.end())]
            code = re.search(r"```python\n(.*?)\n```", body, re.S)
            found.append((path.stem[:2], match.group(2), code.group(1) if code else ""))
    return found


SOLUTIONS = scratch_solutions()
KIND = {"gd_step": "gd", "momentum_step": "momentum", "nesterov_step": "nesterov",
        "adagrad_step": "adagrad", "rmsprop_step": "rmsprop", "adam_step": "adam",
        "backward": "backprop"}


@pytest.mark.skipif(not SOLUTIONS, reason="no from-scratch exercise in the chapters yet")
@pytest.mark.parametrize("chapter, label, code", SOLUTIONS, ids=[s[1] for s in SOLUTIONS])
def test_the_chapters_worked_solutions_pass_the_checker(chapter, label, code) -> None:
    namespace = {"np": np}
    exec(code, namespace)
    functions = [name for name in KIND if name in namespace]
    assert functions, f"{label}: its solution defines none of {list(KIND)}"
    for name in functions:
        options = {"activation": "sigmoid"} if KIND[name] == "backprop" else {}
        mark = check_update(KIND[name], namespace[name], **options)
        assert mark.correct, (label, name, mark)


#: What the worked solutions' loops use from their chapter, and the claims they state.
LOOPS = {
    "ch03-ex-scratch-gd": (
        "bowl = gd.functions.quadratic_bowl(condition_number=10)\n"
        "theta0 = np.array([2.0, 1.0])\n"
        "run = gd.minimize(bowl, theta0, gd.GD(lr=0.15), max_iter=60, grad_tol=None)",
        "assert np.abs(theta - run.theta).max() == 0.0",  # "0.0: the same 60 steps"
    ),
    "ch07-ex-scratch-adam": (
        "rosenbrock = gd.functions.rosenbrock()\nstart = [-1.5, 2.0]",
        "assert same.n_iter == 500 and np.abs(theta - same.theta).max() < 1e-12",  # "True"
    ),
}


@pytest.mark.skipif(not any(s[1] in LOOPS for s in SOLUTIONS), reason="no exercise with a loop yet")
@pytest.mark.parametrize("label", sorted(LOOPS))
def test_the_worked_loops_retrace_gdkits_runs(label) -> None:
    import gdkit as gd

    found = [s for s in SOLUTIONS if s[1] == label]
    if not found:
        pytest.skip(f"{label} is not in its chapter yet")
    text = "\n".join(c.source for c in nbformat.read(
        next((ROOT / "chapters").glob(f"{label[2:4]}_*.ipynb")), as_version=4).cells
        if c.cell_type == "markdown")
    start = text.index(f"{{solution}} {label}")
    blocks = re.findall(r"```python\n(.*?)\n```", text[start:text.index("\n````", start)], re.S)
    setup, claim = LOOPS[label]
    namespace = {"np": np, "gd": gd}
    exec(setup, namespace)
    for block in blocks:
        exec(block, namespace)
    exec(claim, namespace)
