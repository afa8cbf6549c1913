"""The formulas the book prints are the formulas the code runs.

Every optimiser's symbolic rule (gdkit/_rules.py, printed by the cheat sheet and the revision
pages) is evaluated on sample numbers and compared with the optimiser's own step.
"""

import numpy as np
import pytest

import gdkit as gd
from gdkit.rules import RULES, evaluate_rule


@pytest.mark.parametrize("optimizer_class", gd.OPTIMIZERS, ids=lambda c: c.name)
def test_printed_rule_gives_the_same_step_as_the_optimizer(optimizer_class):
    rng = np.random.default_rng(7)
    optimizer = optimizer_class(lr=0.05)
    theta = rng.standard_normal(3)
    state = optimizer.init(theta)
    for _ in range(4):  # several steps, so that t, the state and bias corrections all matter
        grad = rng.standard_normal(3) * 3
        expected_theta, expected_state = optimizer.step(theta, grad, state)
        theta_from_rule, state_from_rule = evaluate_rule(optimizer, theta, grad, state)
        np.testing.assert_allclose(theta_from_rule, expected_theta, rtol=1e-12, atol=1e-15)
        for field, values in state_from_rule.items():
            expected = np.broadcast_to(getattr(expected_state, field), values.shape)
            np.testing.assert_allclose(values, expected, rtol=1e-12, atol=1e-15)
        theta, state = expected_theta, expected_state


def test_every_optimizer_has_a_printed_rule():
    assert set(RULES) == {cls.name for cls in gd.OPTIMIZERS}
    for cls in gd.OPTIMIZERS:
        lines = cls().equations
        assert lines[-1].startswith(r"\theta_{t} = "), f"{cls.name} must end with the θ update"


def test_rule_follows_a_schedule():
    optimizer = gd.GD(lr=gd.schedules.step(0.1, every=1, factor=0.5))
    state = optimizer.init(np.zeros(1))._replace(t=2)  # the third step uses α = 0.025
    theta, _ = evaluate_rule(optimizer, np.array([1.0]), np.array([1.0]), state)
    assert theta[0] == pytest.approx(1 - 0.025)
