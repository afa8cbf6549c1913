"""Chapter 3's quick-check answers and exercise solutions, recomputed (issue #11).

Each test recomputes what a solution or a quick-check dropdown of
``chapters/03_the_algorithm.ipynb`` states, with SymPy or gdkit, and checks that the dropdown
shows the answer that ``gdkit/quickchecks/ch03.py`` accepts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.checks import all_checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "chapters" / "03_the_algorithm.ipynb"
CHAPTER = Chapter(NOTEBOOK)
dropdown_after = CHAPTER.dropdown_after
solution = CHAPTER.solution
assert_dropdown_shows_bank_answer = CHAPTER.assert_dropdown_shows_bank_answer
ROOT = Path(__file__).resolve().parents[1]
CHECKS = all_checks()


x, y, a = sp.symbols("x y alpha", real=True)
R = sp.Rational


def _gd_steps(loss, start, lr, steps):
    """Exact iterates of gradient descent on a SymPy loss in (x, y)."""
    grad = sp.Matrix([sp.diff(loss, v) for v in (x, y)])
    points = [sp.Matrix(start)]
    for _ in range(steps):
        p = points[-1]
        points.append(p - lr * grad.subs({x: p[0], y: p[1]}))
    return points, [loss.subs({x: p[0], y: p[1]}) for p in points], grad


BOWL = x**2 / 2 + 5 * y**2


def test_quickcheck_second_step() -> None:
    (p0, p1, p2), (l0, l1, l2), grad = _gd_steps(BOWL, [2, 1], R(15, 100), 2)
    assert list(p1) == [R(17, 10), R(-1, 2)] and l0 == 7 and l1 == R(2695, 1000)
    assert list(grad.subs({x: p1[0], y: p1[1]})) == [R(17, 10), -5]
    assert list(p2) == [R(1445, 1000), R(1, 4)] and l2 == R(13565125, 10**7)
    bowl = gd.functions.quadratic_bowl(condition_number=10)
    run = gd.minimize(bowl, [2.0, 1.0], gd.GD(lr=0.15), max_iter=2, grad_tol=None)
    assert abs(run.losses[2] - 1.3565125) < 1e-12
    text = dropdown_after("ch03-second-step")
    assert "(1.445, 0.25)" in text and "1.0440125 + 0.3125" in text
    assert_dropdown_shows_bank_answer("ch03-second-step", "1.3565125")


def test_quickcheck_first_criterion() -> None:
    bowl = gd.functions.quadratic_bowl(condition_number=10)
    run = gd.minimize(bowl, [2.0, 1.0], gd.GD(lr=0.15), max_iter=120, grad_tol=None)
    hits = run.first_hit(grad_tol=1e-6, step_tol=1e-6, loss_tol=1e-6)
    assert hits == {"grad_tol": 90, "step_tol": 79, "loss_tol": 42}
    assert min(hits, key=hits.get) == "loss_tol" and CHECKS["ch03-first-criterion"].answer == "loss"
    assert_dropdown_shows_bank_answer("ch03-first-criterion", '`"loss"`')


def test_quickcheck_grad_b() -> None:
    w, b, xx, yy = sp.symbols("w b x y", real=True)
    derivative = sp.diff((w * xx + b - yy) ** 2, b)
    assert sp.expand(derivative - 2 * (w * xx + b - yy)) == 0
    answer = sp.sympify(CHECKS["ch03-grad-b"].answer, locals={"w": w, "b": b, "x": xx, "y": yy})
    assert sp.expand(answer - derivative) == 0
    assert_dropdown_shows_bank_answer("ch03-grad-b", '`"2*(w*x + b - y)"`')


def test_exercise_by_hand() -> None:
    loss = x**2 + 3 * y**2
    (p0, p1, p2), (l0, l1, l2), grad = _gd_steps(loss, [1, 1], R(1, 10), 2)
    assert l0 == 4 and list(p1) == [R(4, 5), R(2, 5)] and l1 == R(112, 100)
    g2 = grad.subs({x: p1[0], y: p1[1]})
    assert list(g2) == [R(16, 10), R(24, 10)]
    assert list(p2) == [R(64, 100), R(16, 100)] and l2 == R(4864, 10**4)
    g_after = grad.subs({x: p2[0], y: p2[1]})
    assert list(g_after) == [R(128, 100), R(96, 100)] and g_after.norm() == R(8, 5)
    step = (p2 - p1).norm()
    assert list(p2 - p1) == [R(-16, 100), R(-24, 100)] and step == R(1, 10) * g2.norm()
    assert round(float(step), 3) == 0.288 and round(float(g2.norm()), 3) == 2.884
    assert abs(l2 - l1) == R(6336, 10**4)
    # closed forms x_t = 0.8^t, y_t = 0.4^t; the y factor 1 − 6α is negative for α > 1/6 and
    # smaller than 1 in size for α < 1/3; the x factor 1 − 2α turns negative above 1/2
    assert (1 - 2 * R(1, 10), 1 - 6 * R(1, 10)) == (R(4, 5), R(2, 5))
    pos = sp.Symbol("alpha", positive=True)
    negative = sp.solve_univariate_inequality(1 - 6 * pos < 0, pos, relational=False)
    converging = sp.solve_univariate_inequality(sp.Abs(1 - 6 * pos) < 1, pos, relational=False)
    assert negative == sp.Interval.open(R(1, 6), sp.oo) and converging == sp.Interval.open(0, R(1, 3))
    assert sp.solve(1 - 2 * pos, pos) == [R(1, 2)]
    text = solution("ch03-ex-by-hand")
    for stated in ("$\\theta_1 = (0.8, 0.4)$", "$L(\\theta_1) = 0.64 + 0.48 = 1.12$", "$\\theta_2 = (0.64, 0.16)$",
                   "$L(\\theta_2) = 0.4096 + 0.0768 = 0.4864$", "norm $1.6$", "\\approx 0.288",
                   "0.1 \\times 2.884", "= 0.6336$", "0.8^t", "0.4^t", "$1/6 < \\alpha < 1/3$",
                   "for $\\alpha > 1/3$ it diverges", "above $\\alpha = 1/2$"):
        assert stated in text, stated


def test_exercise_criteria() -> None:
    bowl = gd.functions.quadratic_bowl(condition_number=10)
    run = gd.minimize(bowl, [2.0, 1.0], gd.GD(lr=0.15), max_iter=100, grad_tol=None)
    steps = np.linalg.norm(np.diff(run.path, axis=0), axis=1)
    assert np.allclose(steps, 0.15 * run.grad_norms[:-1], rtol=1e-12)  # ‖θ_t − θ_{t−1}‖ = α‖g_t‖
    assert round(float(np.sqrt(1e-4 / 0.15)), 3) == 0.026
    stop = gd.minimize(bowl, [2.0, 1.0], gd.GD(lr=0.15), max_iter=300, grad_tol=None, loss_tol=1e-4)
    assert stop.stopped_by == "loss_tol" and 0.01 < stop.grad_norms[-1] < 0.03
    assert 0.01 < np.linalg.norm(stop.theta) < 0.05  # "a few hundredths from the minimum"
    text = solution("ch03-ex-criteria")
    assert "\\approx 0.026" in text and "\\sqrt{\\tau/\\alpha}" in text


def test_exercise_two_features() -> None:
    data = gd.linear_data(n=200, weights=(2.0, -3.0), bias=0.5)
    res = gd.fit(gd.LeastSquares(), data, gd.GD(lr=0.1), batch_size=None, epochs=200, theta0=np.zeros(3))
    X1 = np.column_stack([data.X, np.ones(200)])
    assert np.allclose(res.theta, np.linalg.lstsq(X1, data.y, rcond=None)[0], atol=1e-8)
    # the matrix form of the gradient, on a symbolic example with N = 3 and two features
    Xs = sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"x{i}{j}") if j < 2 else 1)
    ys = sp.Matrix(sp.symbols("y0:3"))
    th = sp.Matrix(sp.symbols("w1 w2 b"))
    L = sum(((Xs * th - ys)[i]) ** 2 for i in range(3)) / 3
    grad = sp.Matrix([sp.diff(L, v) for v in th])
    assert sp.expand(grad - R(2, 3) * Xs.T * (Xs * th - ys)) == sp.zeros(3, 1)
    # scaling the first feature by 10 makes its curvature about 200: α = 0.1 > 2/200 diverges
    scaled = data.X.copy()
    scaled[:, 0] *= 10
    curvature = 2 * np.mean(scaled[:, 0] ** 2)
    assert 150 < curvature < 250 and 0.1 > 2 / curvature
    bad = gd.fit(gd.LeastSquares(), (scaled, data.y), gd.GD(lr=0.1), batch_size=None, epochs=200,
                 theta0=np.zeros(3))
    assert bad.diverged
    assert "about 200" in solution("ch03-ex-two-features")


def test_exercise_stationary() -> None:
    f = gd.Objective("x**3 - 3*x + y**2")
    x_, y_ = f.variables
    points = sp.solve(list(f.gradient_expr), [x_, y_], dict=True)
    assert f.hessian_expr.is_diagonal()  # so its diagonal entries are the curvatures along x and y
    kinds = {(p[x_], p[y_]): tuple(f.hessian_expr.subs(p).diagonal()) for p in points}
    assert kinds == {(1, 0): (6, 2), (-1, 0): (-6, 2)}
    runs = {tuple(s): gd.minimize(f, s, gd.GD(lr=0.1), max_iter=500)
            for s in ([-0.5, 1.0], [-2.0, 1.0], [-1.0, 0.0], [-1.0, 0.5])}
    assert runs[(-0.5, 1.0)].stopped_by == "grad_tol" and np.allclose(runs[(-0.5, 1.0)].theta, [1, 0], atol=1e-5)
    assert runs[(-2.0, 1.0)].diverged and runs[(-2.0, 1.0)].n_iter == 9
    assert runs[(-1.0, 0.0)].n_iter == 0 and runs[(-1.0, 0.0)].stopped_by == "grad_tol"
    # any start on the line x = -1 converges to the saddle
    assert runs[(-1.0, 0.5)].stopped_by == "grad_tol" and np.allclose(runs[(-1.0, 0.5)].theta, [-1, 0], atol=1e-5)
    text = solution("ch03-ex-stationary")
    assert "curvatures $6$ and $2$" in text and "$-6$ and $2$" in text
    assert "after 9 steps" in text and "line $x = -1$" in text


def test_theorem_hypotheses_match_sources() -> None:
    """The convergence and saddle claims state the hypotheses of the theorems they cite.

    Nesterov (2004), Theorem 2.1.15: linear rate for mu-strongly convex, Lambda-smooth losses with
    0 < alpha <= 2/(mu + Lambda); Theorem 2.1.14: L(theta_t) - L* = O(1/t) for convex Lambda-smooth
    losses and 0 < alpha < 2/Lambda. Lee et al. (2016): a C^2 loss with Lambda-Lipschitz gradient
    and 0 < alpha < 1/Lambda; the starts converging to a given strict saddle have measure zero.
    """
    text = "\n".join(c.source for c in CHAPTER.cells if c.cell_type == "markdown")
    assert "at least for $0 < \\alpha \\le 2/(\\mu + \\Lambda)$ {cite}`nesterov2004`" in text
    assert "shrinking at least like $1/t$ {cite}`nesterov2004`" in text
    assert text.count("twice continuously differentiable") == 2  # prose and revision summary
    assert "$0 < \\alpha < 2/\\Lambda$ {cite}`nesterov2004`" not in text  # not what Theorem 2.1.15 says
    # the bowl: mu = 1, Lambda = 10, and alpha = 0.15 is inside Nesterov's range 2/(mu + Lambda)
    bowl = gd.functions.quadratic_bowl(condition_number=10)
    assert bowl.hessian_expr.eigenvals() == {1: 1, 10: 1} and R(15, 100) <= R(2, 11)
    # the loss change is alpha*||g||^2 up to the second-order term, which is of the same order
    # in ||g||: along the x axis (curvature 1) the exact decrease is alpha*||g||^2 * (1 - alpha/2)
    g = sp.Symbol("g", positive=True)
    quad = x**2 / 2
    decrease = quad.subs(x, g) - quad.subs(x, g - a * g)  # at x = g the gradient is g
    assert sp.simplify(decrease - a * g**2 * (1 - a / 2)) == 0
    assert "$7.5\\,\\%$ smaller, the factor $1 - \\alpha/2$" in text and 1 - 0.15 / 2 == 0.925
