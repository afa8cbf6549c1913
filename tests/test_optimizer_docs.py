"""The optimisers' docstrings follow one template, and Adam is momentum + RMSprop.

Template (gdkit/optimizers.py): a one-line summary, the intuition, a symbol table that lists
exactly the constructor's arguments (rows ``symbol  ``arg``  meaning``, as
tests/test_notation.py reads them), the equations, the conventions, the reference and a
doctest example.
"""

from __future__ import annotations

import doctest
import inspect
import re

import numpy as np
import pytest

from gdkit import optimizers
from gdkit.optimizers import OPTIMIZERS, Adam, Momentum, RMSprop, ema

SECTIONS = ["Symbols", "Equations", "Conventions", "Reference", "Examples"]


def table_arguments(cls) -> list[str]:
    return re.findall(r"^\s*\S+\s+``(\w+)``\s", cls.__doc__, flags=re.M)


def constructor_arguments(cls) -> list[str]:
    return [n for n in inspect.signature(cls.__init__).parameters if n != "self"]


@pytest.mark.parametrize("cls", OPTIMIZERS, ids=lambda c: c.__name__)
def test_symbol_table_lists_exactly_the_constructor_arguments(cls) -> None:
    args = constructor_arguments(cls)
    assert table_arguments(cls) == args
    assert list(cls().hyperparameters()) == args


@pytest.mark.parametrize("cls", OPTIMIZERS, ids=lambda c: c.__name__)
def test_docstring_has_every_section_of_the_template(cls) -> None:
    doc = inspect.cleandoc(cls.__doc__)
    summary, _, rest = doc.partition("\n\n")
    assert "\n" not in summary and summary.endswith(".")
    intuition = rest.partition("\n\n")[0]
    assert intuition and not intuition.startswith(tuple(SECTIONS))
    positions = [doc.find(f"\n{s}\n{'-' * len(s)}\n") for s in SECTIONS]
    assert all(p > 0 for p in positions), dict(zip(SECTIONS, positions))
    assert positions == sorted(positions), "sections out of order"
    assert ".. math::" in doc.split("\nEquations\n")[1].split("\nConventions\n")[0]
    conventions = doc.split("\nConventions\n")[1].split("\nReference\n")[0]
    assert "Same as ``torch.optim." in conventions
    reference = doc.split("\nReference\n")[1].split("\nExamples\n")[0]
    assert re.search(r"\((18|19|20)\d\d\), \*", reference), "author (year), *title*"


@pytest.mark.parametrize("cls", OPTIMIZERS, ids=lambda c: c.__name__)
def test_docstring_has_a_doctest(cls) -> None:
    examples = doctest.DocTestParser().get_examples(cls.__doc__)
    assert examples, f"{cls.__name__} has no doctest"


def test_module_docstring_names_the_jax_shape() -> None:
    doc = optimizers.__doc__
    assert "jax.example_libraries.optimizers" in doc and "not optax" in doc


def test_ema_is_the_expression_in_that_order() -> None:
    rng = np.random.default_rng(1)
    a, x, g = rng.normal(size=(3, 100))
    for decay in (0.0, 0.5, 0.9, 0.999):
        assert np.array_equal(ema(a, x, decay), decay * a + (1 - decay) * x)
        assert np.array_equal(ema(a, g, decay, times=g), decay * a + (1 - decay) * g * g)


# -- Adam = momentum + RMSprop ------------------------------------------------------------------
def run_states(opt, grads):
    theta = np.zeros(grads.shape[1])
    state, states = opt.init(theta), []
    for g in grads:
        theta, state = opt.step(theta, g, state)
        states.append(state)
    return states


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("beta1, beta2", [(0.9, 0.999), (0.5, 0.9), (0.0, 0.0), (0.99, 0.5)])
def test_adam_first_moment_is_scaled_momentum_velocity(seed, beta1, beta2) -> None:
    """m_t = (1 − β₁) v_t, with Momentum's v_t = β₁ v_{t−1} + g_t, v_1 = g_1 (v_0 = 0)."""
    rng = np.random.default_rng(seed)
    grads = rng.normal(size=(60, 7)) * 10 ** rng.uniform(-3, 3, size=(60, 1))
    adam = run_states(Adam(lr=0.01, beta1=beta1, beta2=beta2), grads)
    momentum = run_states(Momentum(lr=0.01, momentum=beta1), grads)
    for t, (a, m) in enumerate(zip(adam, momentum), start=1):
        direct = (1 - beta1) * sum(beta1 ** (t - k) * grads[k - 1] for k in range(1, t + 1))
        np.testing.assert_allclose(a.m, (1 - beta1) * m.velocity, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(a.m, direct, rtol=1e-9, atol=1e-12 * np.abs(grads).max())


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("beta2", [0.999, 0.9, 0.5, 0.0])
def test_adam_second_moment_is_rmsprop_mean_square(seed, beta2) -> None:
    """s_t is RMSprop's s_t with ρ = β₂: same recursion from s_0 = 0 (here even bit for bit)."""
    rng = np.random.default_rng(seed)
    grads = rng.normal(size=(60, 7)) * 10 ** rng.uniform(-3, 3, size=(60, 1))
    adam = run_states(Adam(lr=0.01, beta2=beta2), grads)
    rms = run_states(RMSprop(lr=0.01, rho=beta2), grads)
    for a, r in zip(adam, rms):
        assert np.array_equal(a.s, r.mean_square)
