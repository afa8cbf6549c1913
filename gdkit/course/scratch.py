r"""From-scratch exercises: the reader writes an update in NumPy, gdkit checks it against its own.

An exam asks you to *write* the update, not to call ``gd.Adam(lr=...)``. In a chapter's
exercise the reader defines one function, with the equations of the chapter as its lines::

    def adam_step(theta, g, state, lr, beta1, beta2, eps):
        t = state["t"] + 1                             # t = 1 at the first step
        m = beta1 * state["m"] + (1 - beta1) * g       # m_t
        s = beta2 * state["s"] + (1 - beta2) * g**2    # s_t
        m_hat, s_hat = m / (1 - beta1**t), s / (1 - beta2**t)
        theta = theta - lr * m_hat / (np.sqrt(s_hat) + eps)
        return theta, {"m": m, "s": s, "t": t}

    check_update("adam", adam_step)

:func:`check_update` calls it on random parameters, gradients, states and hyper-parameters
(seeded: the same draws every time), side by side with gdkit's own optimiser, here
:class:`gdkit.Adam`, so the exercise and the book cannot disagree. It runs several steps from
the start (the first step, t = 1, is where a buffer's start goes wrong) and steps from random
states deep into a run, and asks for agreement to 1e-12. It returns a
:class:`~gdkit.course.checks.Mark`: right, "not written yet" (the function raises
NotImplementedError or returns ``...``), or wrong with a hint. The hint names the first
quantity that differs, in the order of the equations (t, m_t, s_t, m̂_t, ŝ_t, then θ_t), and,
when the function behaves exactly like one of the typical mistakes (a missing bias
correction, ε inside the root, an averaged momentum buffer, ...), says which.

The functions the checks expect (the hyper-parameters are keyword arguments named as gdkit's
optimisers name them; the state is a dict with the names of the notation page; every
quantity is an array of θ's shape, element-wise):

* ``"gd"``: ``gd_step(theta, g, lr)`` returns the new θ (no state);
* ``"momentum"`` and ``"nesterov"``: ``momentum_step(theta, g, state, lr, momentum)`` returns
  ``(theta, state)`` with ``state = {"v": v}``, the velocity (v_0 = 0);
* ``"adagrad"``: ``adagrad_step(theta, g, state, lr, eps)``, ``state = {"s": s}`` (s_0 = 0);
* ``"rmsprop"``: ``rmsprop_step(theta, g, state, lr, rho, eps)``, ``state = {"s": s}``;
* ``"adam"``: ``adam_step(theta, g, state, lr, beta1, beta2, eps)``,
  ``state = {"m": m, "s": s, "t": t}`` (zeros and t = 0 at the start);
* ``"backprop"``: ``backward(X, y, W1, b1, W2, b2)`` returns the gradients
  ``{"W1": ..., "b1": ..., "W2": ..., "b2": ...}``.

``state`` holds the quantities after step t − 1 (v_{t−1}, s_{t−1}, m_{t−1} and the step
count t − 1); the function returns those after step t. Adam's function may also return
``"m_hat"`` and ``"s_hat"`` in its state: they are then checked too, before θ_t.

``"backprop"`` checks the gradients of a two-layer network's loss, as :class:`gdkit.MLP` with
``sizes=(d, H, 1)`` computes them: ``X`` is (N, d), one row per example, ``y`` has shape
(N,), ``W1`` is (H, d), ``b1`` (H,), ``W2`` (1, H), ``b2`` (1,); the loss is the mean binary
cross-entropy of a sigmoid output (``output="sigmoid"``, labels 0/1) or the mean squared
error of a linear one (``output="linear"``), and the hidden activation is ``activation``
(``"sigmoid"``, ``"tanh"`` or ``"relu"``; :class:`gdkit.MLP`'s default is ``"relu"``). The
function returns the four gradients in a dict (or a tuple in the order W1, b1, W2, b2), each
of its parameter's shape; they are compared in the order of the backward pass: W2, b2, W1, b1.

The reference is always gdkit's code (:mod:`gdkit.optimizers`, :meth:`gdkit.MLP.grad`); the
typical mistakes are small variants of the update written here, only to recognise a wrong
answer.
"""

from __future__ import annotations

import inspect
import traceback
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from .. import optimizers
from ..models import sigmoid
from ..network import ACTIVATIONS, MLP
from .checks import Mark

__all__ = ["check_update", "CodeMark", "METHODS", "TOLERANCE"]

#: The agreement asked of the reader's function: |yours − gdkit's| <= τ (1 + |gdkit's|).
TOLERANCE = 1e-12
#: A typical mistake "is" the reader's function when they agree this closely on every draw.
_MISTAKE_TOLERANCE = 1e-9
#: Steps from the start (t = 1, 2, ...) and steps from random states, per draw of the
#: hyper-parameters; and the shapes of θ in the three draws.
_STEPS_FROM_START = 4
_RANDOM_STATES = 3
_SHAPES = ((4,), (2, 3), (5,))
#: (N, d, H) of the three backprop draws: all different, so that a transposed product shows.
_NETWORKS = ((6, 3, 4), (5, 2, 3), (7, 4, 5))


class CodeMark(Mark):
    """A :class:`~gdkit.course.checks.Mark` on a function: "not written yet" shows as just that.

    (A quick check's unanswered Mark shows its question instead; a function has none.)
    """

    def __repr__(self) -> str:
        if self.correct is None:
            return f"… {self.message}"
        return super().__repr__()


_SYMBOL = {"lr": "α", "momentum": "β", "rho": "ρ", "beta1": "β₁", "beta2": "β₂", "eps": "ε"}


@dataclass(frozen=True)
class Line:
    """One line of the update: the returned quantity ``key``, its symbol and its equation."""

    key: str
    symbol: str
    equation: str
    optional: bool = False  # checked only when the reader returns it


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: the update with one thing wrong (``flags`` of the method's family)."""

    hint: str
    flags: Mapping = field(default_factory=dict)
    only: Mapping = field(default_factory=dict)  # backprop options it applies to


@dataclass(frozen=True)
class Method:
    """One from-scratch check: the reader's function, gdkit's reference and the mistakes."""

    name: str
    function: str  # the reader's signature, as the messages show it
    reference: str  # what it is checked against
    lines: tuple[Line, ...]  # in the order of the equations
    family: Callable  # the update with optional mistakes: family(*args, **kwargs, **flags)
    mistakes: tuple[Mistake, ...]
    hyper: tuple[str, ...] = ()
    optimizer: type | None = None  # the gdkit optimiser (None for backprop)
    fields: Mapping = field(default_factory=dict)  # reader's state key -> gdkit's state field
    draw_hyper: Callable | None = None
    nan_hint: str = ""
    error_hint: str = ""  # added when the reader's function raises

    @property
    def stateful(self) -> bool:
        return bool(self.fields)


# -- the update families: gdkit's equations with one optional mistake each -------------------------
# They serve only to recognise a wrong answer; the reference is always gdkit's own optimiser.
# With no flag set each family is exactly gdkit's update (tests/test_scratch.py checks it).


def _denominator(s, eps, eps_inside=False, no_root=False):
    if no_root:
        return s + eps
    return np.sqrt(s + eps) if eps_inside else np.sqrt(s) + eps


def _gd_family(theta, g, lr, *, sign=-1.0, no_lr=False, step_only=False):
    step = g if no_lr else lr * g
    return sign * step if step_only else theta + sign * step


def _velocity_family(theta, g, state, lr, momentum, *, nesterov=False, damped=False,
                     beta_on_g=False, forget=False, old_v=False, other_step=False, no_g=False,
                     lr_in_v=False, sutskever=False, sign=-1.0):
    beta, v_old = momentum, state["v"]
    if sutskever:  # u_t = β u_{t−1} − α g_t, θ_t = θ_{t−1} + u_t
        u = beta * v_old - lr * g
        return theta + u, {"v": u}
    new = lr * g if lr_in_v else g
    if damped:
        v = beta * v_old + (1 - beta) * g
    elif beta_on_g:
        v = v_old + beta * g
    elif forget:
        v = g.copy()
    else:
        v = beta * v_old + new
    used = v_old if old_v else v
    if nesterov != other_step:  # Nesterov's step (or, by mistake, heavy ball's)
        direction = beta * used if no_g else new + beta * used
    else:
        direction = used
    step = direction if lr_in_v else lr * direction
    return theta + sign * step, {"v": v}


def _adagrad_family(theta, g, state, lr, eps, *, eps_inside=False, old_s=False, no_square=False,
                    no_root=False, sign=-1.0):
    s = state["s"] + (g if no_square else g * g)
    denominator = _denominator(state["s"] if old_s else s, eps, eps_inside, no_root)
    return theta + sign * lr * g / denominator, {"s": s}


def _rmsprop_family(theta, g, state, lr, rho, eps, *, swap=False, summed=False,
                    no_one_minus=False, eps_inside=False, old_s=False, no_square=False,
                    no_root=False, sign=-1.0):
    s_old, square = state["s"], (g if no_square else g * g)
    if summed:
        s = s_old + square
    elif swap:
        s = (1 - rho) * s_old + rho * square
    elif no_one_minus:
        s = rho * s_old + square
    else:
        s = rho * s_old + (1 - rho) * g * (1 if no_square else g)
    denominator = _denominator(s_old if old_s else s, eps, eps_inside, no_root)
    return theta + sign * lr * g / denominator, {"s": s}


def _adam_family(theta, g, state, lr, beta1, beta2, eps, *, no_bias_m=False, no_bias_s=False,
                 eps_inside=False, eps_raw=False, t_old=False, keep_t=False, swap1=False,
                 swap2=False, exchange=False, no_square=False, m_sum=False, old_moments=False,
                 store_hat=False, no_root=False, sign=-1.0):
    if exchange:
        beta1, beta2 = beta2, beta1
    t = state["t"] + 1
    power = state["t"] if t_old else t
    m_old, s_old = state["m"], state["s"]
    if swap1:
        m = (1 - beta1) * m_old + beta1 * g
    elif m_sum:
        m = beta1 * m_old + g
    else:
        m = beta1 * m_old + (1 - beta1) * g
    factor = 1 if no_square else g
    s = (1 - beta2) * s_old + beta2 * g * factor if swap2 else beta2 * s_old + (1 - beta2) * g * factor
    m_used, s_used = (m_old, s_old) if old_moments else (m, s)
    m_hat = m_used if no_bias_m else m_used / (1 - beta1**power)
    s_hat = s_used if no_bias_s else s_used / (1 - beta2**power)
    if eps_raw:  # Kingma and Ba's "efficient" form: ε added before the bias correction
        step = lr * np.sqrt(1 - beta2**power) / (1 - beta1**power) * m_used / (np.sqrt(s_used) + eps)
    else:
        step = lr * m_hat / _denominator(s_hat, eps, eps_inside, no_root)
    if store_hat:
        m, s = m / (1 - beta1**power), s / (1 - beta2**power)
    return theta + sign * step, {"m": m, "s": s, "t": state["t"] if keep_t else t}


def _backprop_family(X, y, W1, b1, W2, b2, *, activation="relu", output="sigmoid", summed=False,
                     no_dphi=False, dphi_of_z=False, extra_slope=False, flip=False,
                     z_for_h=False, logit=False, squared=False, no_two=False, bias_mean=False):
    phi, dphi = ACTIVATIONS[activation]
    z1 = X @ W1.T + b1
    h1 = phi(z1)
    z2 = h1 @ W2.T + b2
    target = y[:, None]
    if output == "sigmoid":
        y_hat = sigmoid(z2)
        error = z2 - target if logit else y_hat - target
        if squared:
            error = 2 * error
        if extra_slope:
            error = error * y_hat * (1 - y_hat)
    else:
        error = (z2 - target) if no_two else 2.0 * (z2 - target)
    if flip:
        error = -error
    delta2 = error if summed else error / len(X)
    slope = dphi(z1, z1) if dphi_of_z else dphi(z1, h1)
    delta1 = delta2 @ W2 if no_dphi else (delta2 @ W2) * slope
    total = (lambda d: d.mean(axis=0)) if bias_mean else (lambda d: d.sum(axis=0))
    return {"W1": delta1.T @ X, "b1": total(delta1),
            "W2": delta2.T @ (z1 if z_for_h else h1), "b2": total(delta2)}


# -- the seven checks --------------------------------------------------------------------------------

_SIGN = "Wrong sign: the gradient points uphill, so the step goes against it (θ_t = θ_{t−1} − ...)."


def _uniform(rng, low, high):
    return float(rng.uniform(low, high))


def _log_uniform(rng, low, high):
    return float(10 ** rng.uniform(np.log10(low), np.log10(high)))


_VELOCITY_MISTAKES = (
    Mistake("Your velocity is an average, v_t = βv_{t−1} + (1 − β)g_t, so its first step is "
            "v_1 = (1 − β)g_1. gdkit (like PyTorch) keeps a sum, v_t = βv_{t−1} + g_t, so the "
            "buffer starts at v_1 = g_1.", {"damped": True}),
    Mistake("β is applied to the wrong term: it multiplies the old velocity, "
            "v_t = βv_{t−1} + g_t, not the gradient.", {"beta_on_g": True}),
    Mistake("The velocity forgets the past: v_t = βv_{t−1} + g_t keeps β times the old "
            "velocity (yours is v_t = g_t).", {"forget": True}),
    Mistake("The learning rate went into the velocity: in gdkit's (PyTorch's) form "
            "v_t = βv_{t−1} + g_t holds no α; α multiplies it in the step.", {"lr_in_v": True}),
    Mistake("That is Sutskever's form, u_t = βu_{t−1} − αg_t and θ_t = θ_{t−1} + u_t. gdkit "
            "stores v_t = βv_{t−1} + g_t instead (u_t = −αv_t) and steps with −αv_t.",
            {"sutskever": True}),
    Mistake(_SIGN, {"sign": 1.0}),
)

def _draw_velocity_hyper(rng) -> dict:
    """Random settings for the two momentum methods' checks."""
    return {"lr": _uniform(rng, 0.01, 0.3), "momentum": _uniform(rng, 0.5, 0.95)}


_MOMENTUM = Method(
    name="momentum",
    function="momentum_step(theta, g, state, lr, momentum)",
    reference="gd.Momentum",
    lines=(Line("v", "v_t", "v_t = β v_{t−1} + g_t"),
           Line("theta", "θ_t", "θ_t = θ_{t−1} − α v_t")),
    family=_velocity_family,
    mistakes=(
        Mistake("θ is updated with the old velocity v_{t−1}; use the new one, "
                "θ_t = θ_{t−1} − αv_t (with yours the first step does not move: v_0 = 0).",
                {"old_v": True}),
        Mistake("That is Nesterov's step, θ_{t−1} − α(g_t + βv_t); heavy ball steps along the "
                "velocity alone, θ_t = θ_{t−1} − αv_t.", {"other_step": True}),
        *_VELOCITY_MISTAKES,
    ),
    hyper=("lr", "momentum"),
    optimizer=optimizers.Momentum,
    fields={"v": "velocity"},
    draw_hyper=_draw_velocity_hyper,
)

_NESTEROV = Method(
    name="nesterov",
    function="nesterov_step(theta, g, state, lr, momentum)",
    reference="gd.Nesterov",
    lines=(Line("v", "v_t", "v_t = β v_{t−1} + g_t"),
           Line("theta", "θ_t", "θ_t = θ_{t−1} − α (g_t + β v_t)")),
    family=lambda *a, **k: _velocity_family(*a, nesterov=True, **k),
    mistakes=(
        Mistake("That is heavy ball's step, θ_{t−1} − αv_t = θ_{t−1} − α(g_t + βv_{t−1}); "
                "Nesterov's look-ahead uses the new velocity: θ_t = θ_{t−1} − α(g_t + βv_t).",
                {"other_step": True}),
        Mistake("The step is α(g_t + βv_t): you left out the gradient g_t.", {"no_g": True}),
        *(m for m in _VELOCITY_MISTAKES if "sutskever" not in m.flags),
    ),
    hyper=("lr", "momentum"),
    optimizer=optimizers.Nesterov,
    fields={"v": "velocity"},
    draw_hyper=_draw_velocity_hyper,
)

_EPS_INSIDE = "ε is inside the square root: gdkit (like PyTorch) adds it after the root, {}."
_NO_ROOT = "Divide by the square root: {}."

_ADAGRAD = Method(
    name="adagrad",
    function="adagrad_step(theta, g, state, lr, eps)",
    reference="gd.AdaGrad",
    lines=(Line("s", "s_t", "s_t = s_{t−1} + g_t²"),
           Line("theta", "θ_t", "θ_t = θ_{t−1} − α g_t / (√s_t + ε)")),
    family=_adagrad_family,
    mistakes=(
        Mistake(_EPS_INSIDE.format("g_t/(√s_t + ε)"), {"eps_inside": True}),
        Mistake("The step divides by the new s_t, which already holds g_t², not by s_{t−1} "
                "(with yours the first step divides by ε alone).", {"old_s": True}),
        Mistake("s_t accumulates the squared gradients: s_t = s_{t−1} + g_t² (element-wise).",
                {"no_square": True}),
        Mistake(_NO_ROOT.format("g_t/(√s_t + ε)"), {"no_root": True}),
        Mistake(_SIGN, {"sign": 1.0}),
    ),
    hyper=("lr", "eps"),
    optimizer=optimizers.AdaGrad,
    fields={"s": "sum_squares"},
    draw_hyper=lambda rng: {"lr": _uniform(rng, 0.05, 0.5), "eps": _log_uniform(rng, 1e-3, 1e-1)},
    nan_hint="Is s_t a sum of squares (never negative)?",
)

_RMSPROP = Method(
    name="rmsprop",
    function="rmsprop_step(theta, g, state, lr, rho, eps)",
    reference="gd.RMSprop",
    lines=(Line("s", "s_t", "s_t = ρ s_{t−1} + (1 − ρ) g_t²"),
           Line("theta", "θ_t", "θ_t = θ_{t−1} − α g_t / (√s_t + ε)")),
    family=_rmsprop_family,
    mistakes=(
        Mistake("ρ is applied to the wrong term: s_t = ρs_{t−1} + (1 − ρ)g_t², ρ (close to 1) "
                "keeps the old average.", {"swap": True}),
        Mistake("You accumulated a sum, s_t = s_{t−1} + g_t² (AdaGrad's); RMSprop keeps a moving "
                "average, s_t = ρs_{t−1} + (1 − ρ)g_t².", {"summed": True}),
        Mistake("The new square is weighted by 1 − ρ: without it, ρs_{t−1} + g_t² is a "
                "discounted sum, about 1/(1 − ρ) times the average.", {"no_one_minus": True}),
        Mistake(_EPS_INSIDE.format("g_t/(√s_t + ε)"), {"eps_inside": True}),
        Mistake("The step divides by the new average s_t, not by s_{t−1}.", {"old_s": True}),
        Mistake("s_t averages the squared gradients: s_t = ρs_{t−1} + (1 − ρ)g_t².",
                {"no_square": True}),
        Mistake(_NO_ROOT.format("g_t/(√s_t + ε)"), {"no_root": True}),
        Mistake(_SIGN, {"sign": 1.0}),
    ),
    hyper=("lr", "rho", "eps"),
    optimizer=optimizers.RMSprop,
    fields={"s": "mean_square"},
    draw_hyper=lambda rng: {"lr": _uniform(rng, 0.01, 0.2), "rho": _uniform(rng, 0.8, 0.99),
                            "eps": _log_uniform(rng, 1e-3, 1e-1)},
    nan_hint="Is s_t an average of squares (never negative)?",
)

_ADAM = Method(
    name="adam",
    function="adam_step(theta, g, state, lr, beta1, beta2, eps)",
    reference="gd.Adam",
    lines=(Line("t", "t", "t = (the old t) + 1, so t = 1 at the first step"),
           Line("m", "m_t", "m_t = β₁ m_{t−1} + (1 − β₁) g_t"),
           Line("s", "s_t", "s_t = β₂ s_{t−1} + (1 − β₂) g_t²"),
           Line("m_hat", "m̂_t", "m̂_t = m_t / (1 − β₁^t)", optional=True),
           Line("s_hat", "ŝ_t", "ŝ_t = s_t / (1 − β₂^t)", optional=True),
           Line("theta", "θ_t", "θ_t = θ_{t−1} − α m̂_t / (√ŝ_t + ε)")),
    family=_adam_family,
    mistakes=(
        Mistake("Missing bias correction: the step uses m̂_t = m_t/(1 − β₁^t) and "
                "ŝ_t = s_t/(1 − β₂^t), not m_t and s_t (both averages start at 0).",
                {"no_bias_m": True, "no_bias_s": True}),
        Mistake("Missing bias correction of the first moment: m̂_t = m_t/(1 − β₁^t).",
                {"no_bias_m": True}),
        Mistake("Missing bias correction of the second moment: ŝ_t = s_t/(1 − β₂^t).",
                {"no_bias_s": True}),
        Mistake(_EPS_INSIDE.format("m̂_t/(√ŝ_t + ε)"), {"eps_inside": True}),
        Mistake("ε is added to √s_t before the bias correction (the paper's 'efficient' form, "
                "α√(1 − β₂^t)/(1 − β₁^t) · m_t/(√s_t + ε)); gdkit, like PyTorch, adds ε to √ŝ_t.",
                {"eps_raw": True}),
        Mistake("t starts at 1: step t divides by 1 − β₁^t and 1 − β₂^t with the new count "
                "t = state['t'] + 1. Yours uses the old count (0 at the first step: a division "
                "by zero).", {"t_old": True}),
        Mistake("t starts at 1: add 1 to the count first, t = state['t'] + 1, use it in 1 − β^t, "
                "and return it in the state.", {"t_old": True, "keep_t": True}),
        Mistake("Return the new step count t = state['t'] + 1 in the state, or the next step's "
                "bias correction uses the wrong t.", {"keep_t": True}),
        Mistake("The state keeps the raw moments m_t and s_t; the corrected m̂_t and ŝ_t serve "
                "only in the step (storing them corrects twice).", {"store_hat": True}),
        Mistake("θ is updated with the old moments m_{t−1} and s_{t−1}; compute m_t and s_t "
                "first and step with them (with yours the first step does not move).",
                {"old_moments": True}),
        Mistake("β₁ is applied to the wrong term: m_t = β₁m_{t−1} + (1 − β₁)g_t, β₁ (close to 1) "
                "keeps the old average.", {"swap1": True}),
        Mistake("β₂ is applied to the wrong term: s_t = β₂s_{t−1} + (1 − β₂)g_t², β₂ (close to "
                "1) keeps the old average.", {"swap2": True}),
        Mistake("β₁ and β₂ are exchanged: β₁ averages the gradients (m_t), β₂ their squares "
                "(s_t).", {"exchange": True}),
        Mistake("Adam's m_t is an average, β₁m_{t−1} + (1 − β₁)g_t: you left out the 1 − β₁ "
                "(that is momentum's sum).", {"m_sum": True}),
        Mistake("s_t averages the squared gradients: s_t = β₂s_{t−1} + (1 − β₂)g_t².",
                {"no_square": True}),
        Mistake(_NO_ROOT.format("m̂_t/(√ŝ_t + ε)"), {"no_root": True}),
        Mistake(_SIGN, {"sign": 1.0}),
    ),
    hyper=("lr", "beta1", "beta2", "eps"),
    optimizer=optimizers.Adam,
    fields={"m": "m", "s": "s", "t": "t"},
    draw_hyper=lambda rng: {"lr": _uniform(rng, 0.01, 0.2), "beta1": _uniform(rng, 0.6, 0.9),
                            "beta2": _uniform(rng, 0.95, 0.999),
                            "eps": _log_uniform(rng, 1e-4, 1e-2)},
    nan_hint="Is t at least 1 in 1 − β^t, and s_t never negative?",
)

_GD = Method(
    name="gd",
    function="gd_step(theta, g, lr)",
    reference="gd.GD",
    lines=(Line("theta", "θ_t", "θ_t = θ_{t−1} − α g_t"),),
    family=_gd_family,
    mistakes=(
        Mistake(_SIGN, {"sign": 1.0}),
        Mistake("The step is α g_t: multiply the gradient by the learning rate lr.",
                {"no_lr": True}),
        Mistake("Return the new point θ_t = θ_{t−1} − αg_t, not the step −αg_t.",
                {"step_only": True}),
        Mistake("Return the new point θ_t = θ_{t−1} − αg_t, not the step αg_t.",
                {"step_only": True, "sign": 1.0}),
    ),
    hyper=("lr",),
    optimizer=optimizers.GD,
    draw_hyper=lambda rng: {"lr": _uniform(rng, 0.05, 0.5)},
)

_BACKPROP = Method(
    name="backprop",
    function="backward(X, y, W1, b1, W2, b2)",
    reference="gd.MLP(sizes=(d, H, 1)).grad",
    lines=(Line("W2", "∂L/∂W₂", "∂L/∂W₂ = δ₂ᵀ h₁ with δ₂ = ∂L/∂z₂ (one row per example)"),
           Line("b2", "∂L/∂b₂", "∂L/∂b₂ = δ₂ summed over the examples"),
           Line("W1", "∂L/∂W₁", "∂L/∂W₁ = δ₁ᵀ X with δ₁ = (δ₂ W₂) ⊙ ϕ'(z₁)"),
           Line("b1", "∂L/∂b₁", "∂L/∂b₁ = δ₁ summed over the examples")),
    family=_backprop_family,
    mistakes=(
        Mistake("The loss is the mean over the N examples: δ₂ carries a factor 1/N (your "
                "gradients are the sum, N times too large).", {"summed": True}),
        Mistake("δ₁ = (δ₂W₂) ⊙ ϕ'(z₁): you left out the activation's slope ϕ'(z₁).",
                {"no_dphi": True}),
        Mistake("ϕ'(z₁) is written with the activation h₁ = ϕ(z₁) (σ' = h₁(1 − h₁), "
                "tanh' = 1 − h₁²), not with z₁ itself.", {"dphi_of_z": True}),
        Mistake("With a sigmoid output and the cross-entropy, δ₂ = (ŷ − y)/N: the sigmoid's slope "
                "cancels, so do not multiply by ŷ(1 − ŷ) again.", {"extra_slope": True},
                {"output": "sigmoid"}),
        Mistake("δ₂ = (ŷ − y)/N with ŷ = σ(z₂): you used the logit z₂ in place of the "
                "prediction ŷ.", {"logit": True}, {"output": "sigmoid"}),
        Mistake("δ₂ = (ŷ − y)/N for the cross-entropy; the factor 2 belongs to the squared error.",
                {"squared": True}, {"output": "sigmoid"}),
        Mistake("The squared error (ŷ − y)² has the derivative 2(ŷ − y): δ₂ = 2(ŷ − y)/N.",
                {"no_two": True}, {"output": "linear"}),
        Mistake("Wrong sign: δ₂ is the prediction minus the label, ŷ − y (over N).",
                {"flip": True}),
        Mistake("∂L/∂W₂ = δ₂ᵀh₁ uses what came into the layer, h₁ = ϕ(z₁), not the "
                "pre-activation z₁.", {"z_for_h": True}),
        Mistake("∂L/∂b sums δ over the examples (δ already carries the 1/N): you averaged.",
                {"bias_mean": True}),
    ),
    error_hint=" The shapes: X (N, d), y (N,), W1 (H, d), b1 (H,), W2 (1, H), b2 (1,); with one "
               "row per example z₁ = X W₁ᵀ + b₁ is (N, H) and ŷ is (N, 1), so compare it with "
               "y[:, None].",
)

#: The checks, by name.
METHODS: dict[str, Method] = {
    m.name: m for m in (_GD, _MOMENTUM, _NESTEROV, _ADAGRAD, _RMSPROP, _ADAM, _BACKPROP)
}
_BACKPROP_OPTIONS = {"activation": ("relu", "sigmoid", "tanh"), "output": ("sigmoid", "linear")}


# -- the cases: inputs and gdkit's answers ---------------------------------------------------------


@dataclass
class _Case:
    where: str  # "step t = 1 from the start, θ of shape (4,)"
    args: tuple
    kwargs: dict
    expected: dict  # key -> gdkit's value ("theta" for θ_t)

    def fresh_args(self) -> tuple:
        """Copies of the inputs, so that an update written in place changes nothing here."""
        return tuple({k: _copy(v) for k, v in a.items()} if isinstance(a, dict) else _copy(a)
                     for a in self.args)


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def _gradient(rng, shape):
    """A random gradient whose entries span several scales, so that ε's place shows."""
    return rng.normal(size=shape) * rng.choice([1e-2, 0.3, 1.0, 3.0], size=shape)


def _optimizer_cases(method: Method, rng: np.random.Generator) -> list[_Case]:
    cases = []
    for shape in _SHAPES:
        hyper = method.draw_hyper(rng)
        opt = method.optimizer(**hyper)
        # several steps from the start: the first one is where buffers go wrong
        theta = rng.normal(size=shape)
        state = opt.init(theta)
        for _ in range(_STEPS_FROM_START):
            g = _gradient(rng, shape)
            new_theta, new_state = opt.step(theta, g, state)
            where = f"step t = {state.t + 1} from the start (θ of shape {shape})"
            cases.append(_case(method, where, theta, g, state, hyper, new_theta, new_state))
            theta, state = new_theta, new_state
        # steps from random states deep into a run
        for _ in range(_RANDOM_STATES):
            theta, g = rng.normal(size=shape), _gradient(rng, shape)
            state = _random_state(method, opt.init(theta), rng, shape)
            new_theta, new_state = opt.step(theta, g, state)
            where = f"step t = {state.t + 1} from a random state (θ of shape {shape})"
            cases.append(_case(method, where, theta, g, state, hyper, new_theta, new_state))
    return cases


def _random_state(method: Method, state, rng, shape):
    values = {}
    for key, name in method.fields.items():
        if key == "m" or key == "v":
            values[name] = rng.normal(size=shape)
        elif key == "s":
            values[name] = rng.uniform(0.05, 2.0, size=shape)
    return state._replace(t=int(rng.integers(3, 40)), **values)


def _reader_state(method: Method, state) -> dict:
    return {key: _copy(getattr(state, name)) for key, name in method.fields.items()}


def _case(method, where, theta, g, state, hyper, new_theta, new_state) -> _Case:
    expected = {"theta": new_theta}
    if method.stateful:
        expected |= _reader_state(method, new_state)
        args = (theta, g, _reader_state(method, state))
    else:
        args = (theta, g)
    if method is _ADAM:  # the optional intermediate lines, from gdkit's new moments
        t = new_state.t
        expected["m_hat"] = new_state.m / (1 - hyper["beta1"] ** t)
        expected["s_hat"] = new_state.s / (1 - hyper["beta2"] ** t)
    return _Case(where, args, dict(hyper), expected)


def _backprop_cases(rng: np.random.Generator, activation: str, output: str) -> list[_Case]:
    cases = []
    for n, d, hidden in _NETWORKS:
        net = MLP(sizes=(d, hidden, 1), activation=activation, output=output)
        X = rng.normal(size=(n, d))
        if output == "sigmoid":
            y = rng.integers(0, 2, size=n).astype(float)
            y[:2] = 0.0, 1.0
        else:
            y = rng.normal(size=n)
        params = [(rng.normal(size=(hidden, d)), rng.normal(size=hidden)),
                  (rng.normal(size=(1, hidden)), rng.normal(size=1))]
        (dW1, db1), (dW2, db2) = net.unpack(net.grad(net.pack(params), X, y))
        (W1, b1), (W2, b2) = params
        where = f"a batch of N = {n} examples with d = {d} inputs and H = {hidden} hidden units"
        expected = {"W1": dW1.copy(), "b1": db1.copy(), "W2": dW2.copy(), "b2": db2.copy()}
        cases.append(_Case(where, (X, y, W1, b1, W2, b2), {}, expected))
    return cases


# -- reading the reader's answer --------------------------------------------------------------------


class _Invalid(Exception):
    """The reader's function returned something that cannot be compared; the message says why."""


class _NotWritten(Exception):
    """The function is still the skeleton (``...`` or NotImplementedError)."""


def _as_array(value, what: str, shape: tuple) -> np.ndarray:
    if value is Ellipsis:
        raise _NotWritten
    if value is None:
        raise _Invalid(f"{what} is None: compute it and return it.")
    try:
        array = np.asarray(value)
        ok = array.dtype.kind in "iuf"
    except Exception:  # ragged lists and other things NumPy cannot read
        ok = False
    if not ok:
        raise _Invalid(f"{what} must be an array of real numbers, got {_short(value)}.")
    array = array.astype(float)
    if array.shape != shape:
        raise _Invalid(f"{what} has shape {array.shape}, but it should have shape {shape}.")
    return array


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _read(method: Method, out, case: _Case, fname: str) -> dict:
    """The reader's answer as ``{key: value}``, or _Invalid / _NotWritten."""
    if out is Ellipsis:
        raise _NotWritten
    if method is _BACKPROP:
        return _read_gradients(out, case, fname)
    shape = case.args[0].shape
    if not method.stateful:
        if isinstance(out, tuple):
            raise _Invalid(f"{fname} returns only the new θ (one array), not a tuple.")
        return {"theta": _as_array(out, "the θ_t you return", shape)}
    keys = ", ".join(f"'{k}'" for k in method.fields)
    if not isinstance(out, tuple) or len(out) != 2:
        raise _Invalid(f"{fname} must return two things, the new θ and the new state: "
                       f"return theta, {{{keys}: ...}}; it returned {_short(out)}.")
    theta, state = out
    got = {"theta": _as_array(theta, "the θ_t you return", shape)}
    if state is Ellipsis:
        raise _NotWritten
    if not isinstance(state, Mapping):
        raise _Invalid(f"the state must be a dict with the keys {keys}, got {_short(state)}.")
    for line in method.lines:
        if line.key == "theta" or (line.optional and line.key not in state):
            continue
        if line.key not in state:
            raise _Invalid(f"the state you return has no '{line.key}' ({line.symbol}); it needs "
                           f"the keys {keys}.")
        value = state[line.key]
        if line.key == "t":
            got["t"] = _as_count(value)
        else:
            got[line.key] = _as_array(value, f"state['{line.key}'] ({line.symbol})", shape)
    return got


def _as_count(value) -> float:
    if value is Ellipsis:
        raise _NotWritten
    if isinstance(value, (bool, np.bool_)) or np.ndim(value) != 0:
        raise _Invalid(f"state['t'] must be the step count, a number, got {_short(value)}.")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise _Invalid(f"state['t'] must be the step count, a number, got {_short(value)}.") from None


def _read_gradients(out, case: _Case, fname: str) -> dict:
    names = ("W1", "b1", "W2", "b2")
    if isinstance(out, Mapping):
        values = {}
        for name in names:
            for key in (name, "d" + name):
                if key in out:
                    values[name] = out[key]
                    break
            else:
                raise _Invalid(f"{fname} returns no '{name}' (∂L/∂{name}); return a dict with "
                               "the keys 'W1', 'b1', 'W2', 'b2'.")
    elif isinstance(out, (tuple, list)) and len(out) == 4:
        values = dict(zip(names, out))
    else:
        raise _Invalid(f"{fname} must return the four gradients, as a dict with the keys 'W1', "
                       f"'b1', 'W2', 'b2'; it returned {_short(out)}.")
    X = case.args[0]
    got = {}
    for name in ("W2", "b2", "W1", "b1"):
        shape = case.expected[name].shape
        try:
            got[name] = _as_array(values[name], f"∂L/∂{name}", shape)
        except _Invalid as error:
            message = f"{error} A gradient has its parameter's shape, {name}: {shape}."
            if np.ndim(values[name]) >= 1 and np.shape(values[name])[0] == len(X):
                message += (" One row per example: sum them (δᵀ h does it for the weights), and "
                            "beware of broadcasting ŷ (N, 1) against y (N,): use y[:, None].")
            raise _Invalid(message) from None
    return got


# -- comparing ---------------------------------------------------------------------------------------


def _difference(expected, got, tol: float):
    """None if ``got`` agrees with ``expected``, else (index, expected, got) of the first element."""
    e, g = np.asarray(expected, dtype=float), np.asarray(got, dtype=float)
    with np.errstate(all="ignore"):
        same = np.isclose(g, e, rtol=tol, atol=tol, equal_nan=True)
    if np.all(same):
        return None
    broken = ~same & ~np.isfinite(g)  # a nan or inf where gdkit has a number says the most
    index = tuple(int(i) for i in np.argwhere(broken if broken.any() else ~same)[0]) if e.ndim else ()
    return index, e[index], g[index]


def _first_difference(method: Method, expected: dict, got: dict, tol: float):
    for line in method.lines:
        if line.key in got and line.key in expected:
            found = _difference(expected[line.key], got[line.key], tol)
            if found:
                return line, found
    return None


def _is_mistake(method: Method, mistake: Mistake, cases, answers, options) -> bool:
    """Whether the reader's answers are those of ``mistake`` on every case (stops at the first no)."""
    keys = [line.key for line in method.lines if not line.optional]

    def variant(*args, **kwargs):
        return method.family(*args, **kwargs, **options, **mistake.flags)

    for case, got in zip(cases, answers):
        try:
            other = _read(method, _run(variant, case), case, "the variant")
        except Exception:  # this variant cannot even run on these inputs: it is not the reader's
            return False
        if any(_difference(other[k], got[k], _MISTAKE_TOLERANCE) for k in keys):
            return False
    return True


def _run(function, case: _Case):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*case.fresh_args(), **case.kwargs)


def _number(x) -> str:
    return f"{float(x):.6g}"


def _where_in_code(error: BaseException, function) -> str:
    """`` in the line `...` `` of the reader's code that raised, when it can be found."""
    code = getattr(function, "__code__", None)
    frames = traceback.extract_tb(error.__traceback__)
    mine = [f for f in frames if code is not None and f.filename == code.co_filename and f.line]
    return f" in the line `{mine[-1].line.strip()}`" if mine else ""


def _called_as(method: Method) -> str:
    if method.hyper:
        names = ", ".join(f"{h} ({_SYMBOL[h]})" for h in method.hyper)
        return f"{method.function}, with the hyper-parameters named as {method.reference} names them: {names}"
    return method.function


# -- the check -----------------------------------------------------------------------------------------


def check_update(method: str, function, *, seed: int = 0, **options) -> Mark:
    r"""Check a from-scratch update (or backward pass) against gdkit's own, to 1e-12.

    Parameters
    ----------
    method : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "backprop"}
        What ``function`` implements (case does not matter); the module docstring lists the
        signature each expects.
    function : callable
        The reader's function, e.g. ``adam_step(theta, g, state, lr, beta1, beta2, eps)``
        returning ``(theta, state)``. ``None`` or ``...`` means "not written yet".
    seed : int
        Seed of the random parameters, gradients, states and hyper-parameters.
    **options
        For ``"backprop"`` only: ``activation`` (``"relu"``, the default as in
        :class:`gdkit.MLP`, ``"sigmoid"`` or ``"tanh"``) and ``output`` (``"sigmoid"``, the
        default, or ``"linear"``).

    Returns
    -------
    CodeMark
        ``correct`` is True when the function agrees with gdkit on every draw; None when it
        is not written yet (it raises NotImplementedError or returns ``...``); False otherwise,
        with a message naming the first quantity that differs, where, and the likely mistake.

    Examples
    --------
    >>> def gd_step(theta, g, lr):
    ...     return theta - lr * g
    >>> check_update("gd", gd_step).correct
    True
    >>> mark = check_update("gd", lambda theta, g, lr: theta + lr * g)
    >>> mark.correct, mark.message[:47]
    (False, 'θ_t differs first, at step t = 1 from the start')
    >>> mark.message.split("Probably: ")[1][:11]
    'Wrong sign:'
    """
    if not isinstance(method, str) or method.strip().lower() not in METHODS:
        names = ", ".join(f"'{m}'" for m in METHODS)
        raise ValueError(f"no from-scratch check called {method!r}; the checks are {names}")
    spec = METHODS[method.strip().lower()]
    options = _check_options(spec, options)
    if function is None or function is Ellipsis:
        return CodeMark(None, f"Not written yet: write {spec.function}, then run the cell again.")
    fname = getattr(function, "__name__", "your function")
    if fname == "<lambda>":
        fname = "your function"
    if not callable(function):
        return CodeMark(False, f"Pass your function itself, e.g. check_update('{spec.name}', "
                           f"{spec.function.split('(')[0]}), not {_short(function)}.")

    rng = np.random.default_rng(seed)
    if spec is _BACKPROP:
        cases = _backprop_cases(rng, **options)
    else:
        cases = _optimizer_cases(spec, rng)

    try:
        inspect.signature(function).bind(*cases[0].args, **cases[0].kwargs)
    except TypeError as error:
        return CodeMark(False, f"{fname} cannot be called as {_called_as(spec)} ({error}).")
    except ValueError:  # no signature to inspect (a builtin): just call it
        pass

    answers = []
    for case in cases:
        try:
            out = _run(function, case)
            answers.append(_read(spec, out, case, fname))
        except NotImplementedError:
            return CodeMark(None, f"Not written yet: write {spec.function}, then run the cell again.")
        except _NotWritten:
            return CodeMark(None, f"Not written yet: {fname} still returns `...`; fill in its lines "
                              "and run the cell again.")
        except _Invalid as error:
            return CodeMark(False, f"At {case.where}, {error}")
        except Exception as error:  # the reader's code failed: say how and where, no traceback
            hint = spec.error_hint
            if isinstance(error, KeyError) and spec.stateful:
                keys = ", ".join(f"'{k}'" for k in spec.fields)
                hint = f" The state it is given holds {keys}."
            if "ellipsis" in str(error):
                hint = " One of its lines still holds `...`: fill it in."
            return CodeMark(False, f"{fname} raised {type(error).__name__}: {error}"
                               f"{_where_in_code(error, function)}, at {case.where}.{hint}")

    for case, got in zip(cases, answers):
        found = _first_difference(spec, case.expected, got, TOLERANCE)
        if found:
            return _wrong(spec, cases, answers, case, got, found, options)
    n_start = sum("from the start" in c.where for c in cases)
    if spec is _BACKPROP:
        detail = f"on {len(cases)} random networks and batches ({options['activation']} hidden layer, " \
                 f"{options['output']} output)"
    else:
        hyper = ", ".join(_SYMBOL[h] for h in spec.hyper)
        detail = (f"on {len(cases)} steps: {n_start} from the start (t = 1 to {_STEPS_FROM_START}, "
                  f"in {len(_SHAPES)} draws of {hyper}) and {len(cases) - n_start} from random states")
    return CodeMark(True, f"{fname} agrees with {spec.reference} to {TOLERANCE:g} {detail}.")


def _check_options(spec: Method, options: dict) -> dict:
    if spec is not _BACKPROP:
        if options:
            raise ValueError(f"check_update('{spec.name}', ...) takes no options, got {options}")
        return {}
    unknown = set(options) - set(_BACKPROP_OPTIONS)
    if unknown:
        raise ValueError(f"check_update('backprop', ...) takes activation= and output=, got {unknown}")
    chosen = {"activation": "relu", "output": "sigmoid"} | options
    for name, allowed in _BACKPROP_OPTIONS.items():
        if chosen[name] not in allowed:
            raise ValueError(f"{name} must be one of {allowed}, got {chosen[name]!r}")
    return chosen


def _wrong(spec, cases, answers, case, got, found, options) -> Mark:
    line, (index, expected, mine) = found
    element = f" in element {index[0] if len(index) == 1 else list(index)}" if index else ""
    message = (f"{line.symbol} differs first, at {case.where}: expected {_number(expected)}, "
               f"got {_number(mine)}{element}. The line: {line.equation}.")
    for mistake in spec.mistakes:
        if any(options.get(k) != v for k, v in mistake.only.items()):
            continue
        if _is_mistake(spec, mistake, cases, answers, options):
            return CodeMark(False, f"{message} Probably: {mistake.hint}")
    if not np.all(np.isfinite(got[line.key])):
        return CodeMark(False, f"{message} Yours is not finite: a division by zero or the square root "
                           f"of a negative number? {spec.nan_hint}".rstrip())
    return CodeMark(False, f"{message}{_ratio_hint(case.expected[line.key], got[line.key])} Check that "
                       "line against the equations.")


def _ratio_hint(expected, got) -> str:
    """`` Yours is c times the expected value.`` when the two differ by one constant factor."""
    e, g = np.ravel(expected), np.ravel(got)
    if e.size < 2 or np.any(np.abs(e) < 1e-12):
        return ""
    ratio = g / e
    if np.ptp(ratio) < 1e-9 * max(1.0, abs(ratio[0])) and abs(ratio[0]) > 1e-12:
        return f" Yours is {_number(ratio[0])} times the expected value: a missing or extra factor?"
    return ""
