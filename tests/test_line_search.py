"""Backtracking line search (Armijo) and Newton's method, as chapter 12 uses them."""

import numpy as np
import pytest

import gdkit as gd
from gdkit.line_search import ArmijoStep, LineSearchResult, backtracking, line_search_gd, newton

bowl = gd.functions.quadratic_bowl(condition_number=10, angle=30)
rosenbrock = gd.functions.rosenbrock()


def test_accepted_step_satisfies_armijo_and_the_one_before_does_not():
    theta = np.array([-1.5, 2.0])
    g = rosenbrock.grad(theta)
    step = backtracking(rosenbrock, theta, lr0=1.0, shrink=0.5, c=1e-4)
    assert step.accepted and step.lr == 0.5 ** (step.n_evals - 1)
    armijo = rosenbrock(theta) - 1e-4 * step.lr * (g @ g)
    assert rosenbrock(theta - step.lr * g) <= armijo
    longer = 2 * step.lr
    assert rosenbrock(theta - longer * g) > rosenbrock(theta) - 1e-4 * longer * (g @ g)


def test_a_short_enough_first_step_is_accepted_at_once():
    assert backtracking(bowl, [1.0, 1.0], lr0=0.05) == ArmijoStep(0.05, 1, True)


def test_explicit_direction_and_bad_input():
    theta = np.array([1.0, 1.0])
    newton_dir = -np.linalg.solve(bowl.hess(theta), bowl.grad(theta))
    assert backtracking(bowl, theta, newton_dir).lr == 1.0, "the Newton step on a quadratic is exact"
    with pytest.raises(ValueError, match="downhill"):
        backtracking(bowl, theta, bowl.grad(theta))
    with pytest.raises(ValueError, match="shrink must lie in"):
        backtracking(bowl, theta, shrink=1.0)
    with pytest.raises(ValueError, match="c must"):
        backtracking(bowl, theta, c=0.0)
    with pytest.raises(ValueError, match="lr0"):
        backtracking(bowl, theta, lr0=-1.0)


def test_gradient_descent_with_line_search_never_increases_the_loss_and_converges():
    res = line_search_gd(bowl, [-2.5, 1.5])
    assert isinstance(res, LineSearchResult) and isinstance(res, gd.Result)
    assert res.stopped_by == "grad_tol"
    np.testing.assert_allclose(res.theta, [0.0, 0.0], atol=1e-6)
    assert len(res.lrs) == res.n_iter and len(res.n_evals) == res.n_iter + 1
    assert res.n_evals[-1] >= res.n_iter + 1, "at least one loss evaluation per step"
    banana = line_search_gd(rosenbrock, [-1.5, 2.0], max_iter=300)
    assert np.all(np.diff(banana.losses) <= 0), "an accepted step never raises the loss"
    assert banana.losses[-1] < 0.1 * banana.losses[0]


def test_newton_solves_a_quadratic_in_one_step_from_anywhere():
    for start in ([3.0, -2.0], [-10.0, 7.0]):
        res = newton(bowl, start, line_search=False)
        assert res.n_iter == 1 and res.stopped_by == "grad_tol"
        np.testing.assert_allclose(res.theta, [0.0, 0.0], atol=1e-12)


def test_damped_newton_reaches_rosenbrock_minimum_in_few_steps():
    res = newton(rosenbrock, [-1.5, 2.0])
    assert res.stopped_by == "grad_tol" and res.n_iter < 30
    np.testing.assert_allclose(res.theta, [1.0, 1.0], atol=1e-8)
    assert np.all(np.diff(res.losses) <= 0)


def test_pure_newton_jumps_to_a_saddle_and_damped_newton_does_not():
    saddle = gd.functions.saddle()
    pure = newton(saddle, [1.0, 0.5], line_search=False)
    np.testing.assert_allclose(pure.theta, [0.0, 0.0], atol=1e-12)
    damped = newton(saddle, [1.0, 0.5], max_iter=10)
    assert abs(damped.theta[1]) > 0.5, "falls back to -gradient and moves away along y"
    assert damped.losses[-1] < saddle([0.0, 0.0])


def test_singular_hessian_stops_pure_newton():
    valley = gd.Objective("(x + y)**2")  # the Hessian [[2, 2], [2, 2]] is singular everywhere
    res = newton(valley, [1.0, 1.0], line_search=False)
    assert res.stopped_by == "diverged" and "singular" in res.message
