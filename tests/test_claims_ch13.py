"""Chapter 13's (line search and second-order methods) exercise solutions, quick checks and
theorem-like claims, recomputed.

Each test recomputes what the chapter states (with SymPy or gdkit), so that a change in gdkit or
in the chapter that makes a stated number false fails here, not in a reader's hands.
"""

from __future__ import annotations

import re

import numpy as np
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.checks import all_checks
from gdkit.line_search import backtracking, line_search_gd, newton

CHAPTER = Chapter("13_line_search_and_second_order.ipynb")


def test_quick_check_armijo_step_matches_the_dropdown() -> None:
    a = sp.Symbol("alpha", positive=True)
    phi = (1 - 2 * a) ** 2                               # L(theta - alpha g) with theta = 1, g = 2
    bound = 1 - sp.Rational(1, 10**4) * a * 2**2
    assert [bool(phi.subs(a, t) <= bound.subs(a, t)) for t in (1, sp.Rational(1, 2))] == [False, True]
    assert bound.subs(a, 1) == sp.Rational(9996, 10**4)  # "L <= 0.9996"
    assert sp.solve(sp.diff(phi, a), a) == [sp.Rational(1, 2)]   # also the exact line search's step
    assert backtracking(gd.Objective("x**2"), [1.0]) == (0.5, 2, True)
    assert all_checks()["ch13-armijo-step"].answer == 0.5
    CHAPTER.assert_dropdown_shows_bank_answer("ch13-armijo-step", "0.5")
    assert "0.9996" in CHAPTER.dropdown_after("ch13-armijo-step")


def test_quick_check_newton_quadratic_matches_the_dropdown() -> None:
    x = sp.Symbol("x")
    L = 3 * x**2 - 6 * x + 1
    theta1 = 5 - sp.diff(L, x).subs(x, 5) / sp.diff(L, x, 2)
    assert sp.diff(L, x).subs(x, 5) == 24 and theta1 == 1 and sp.solve(sp.diff(L, x), x) == [1]
    run = newton(gd.Objective("3*x**2 - 6*x + 1"), [5.0], line_search=False)
    assert run.path[1, 0] == 1.0 and run.n_iter == 1
    assert all_checks()["ch13-newton-quadratic"].answer == 1.0
    CHAPTER.assert_dropdown_shows_bank_answer("ch13-newton-quadratic", "1")
    assert "\\theta_1 = 5 - 24/6 = 1" in CHAPTER.dropdown_after("ch13-newton-quadratic")


def test_slope_of_the_ray_is_minus_the_squared_gradient_norm() -> None:
    x, y, a = sp.symbols("x y alpha")
    L = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    g = sp.Matrix([sp.diff(L, x), sp.diff(L, y)])
    phi = L.subs({x: x - a * g[0], y: y - a * g[1]}, simultaneous=True)
    assert sp.simplify(sp.diff(phi, a).subs(a, 0) + g.dot(g)) == 0


def test_exercise_armijo_by_hand() -> None:
    a = sp.Symbol("alpha", positive=True)
    phi = 5 * (1 - 10 * a) ** 2
    bound = 5 - sp.Rational(1, 10**4) * 100 * a
    trials = [1, sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 8)]
    assert [phi.subs(a, t) for t in trials] == [405, 80, sp.Rational(45, 4), sp.Rational(5, 16)]
    assert [bool(phi.subs(a, t) <= bound.subs(a, t)) for t in trials] == [False, False, False, True]
    assert bound.subs(a, sp.Rational(1, 8)) == sp.Rational(499875, 10**5)
    assert str(backtracking(gd.Objective("5*x**2"), [1.0])) == "ArmijoStep(lr=0.125, n_evals=4, accepted=True)"
    assert sp.solve(sp.diff(phi, a), a) == [sp.Rational(1, 10)]          # exact line search
    assert 1 - sp.Rational(1, 8) * 10 == sp.Rational(-1, 4) and phi.subs(a, 0) / phi.subs(a, sp.Rational(1, 8)) == 16


def test_exercise_newton_1d() -> None:
    x = sp.Symbol("x")
    L = x**4 / 4 - x
    assert sp.solve(sp.diff(L, x), x)[0] == 1
    assert sp.diff(L, x, 3).subs(x, 1) / (2 * sp.diff(L, x, 2).subs(x, 1)) == 1
    assert sp.diff(L, x, 2).subs(x, 0) == 0
    run = newton(gd.Objective("x**4/4 - x"), [2.0], line_search=False)
    errors = np.abs(run.path[:, 0] - 1)
    assert [f"{e:.2g}" for e in errors[:6]] == ["1", "0.42", "0.11", "0.011", "0.00011", "1.2e-08"]
    assert errors[-1] < 1e-12
    stuck = newton(gd.Objective("x**4/4 - x"), [0.0], line_search=False)
    assert stuck.stopped_by == "diverged" and "singular" in stuck.message and stuck.n_iter == 0
    damped = newton(gd.Objective("x**4/4 - x"), [0.0])
    assert damped.n_iter > 0 and damped.path[1, 0] > 0                 # a gradient step instead


def test_exercise_full_newton_step_needs_c1_at_most_a_half() -> None:
    a, q, c1 = sp.symbols("alpha q c_1", positive=True)
    # L(theta + alpha d) - L(theta) on a quadratic, d = -A^{-1} g, written with a general 2x2 A
    a11, a12, a22, g1, g2 = sp.symbols("a_11 a_12 a_22 g_1 g_2", real=True)
    A, g = sp.Matrix([[a11, a12], [a12, a22]]), sp.Matrix([g1, g2])
    d = -A.inv() * g
    change = (a * g.T * d + a**2 / 2 * d.T * A * d)[0]
    quad = (g.T * A.inv() * g)[0]
    assert sp.simplify(change + (a - a**2 / 2) * quad) == 0
    assert sp.solve(sp.Eq(-a * q + a**2 * q / 2, -c1 * a * q), a) == [2 - 2 * c1]
    f = gd.Objective("x**2 + 3*y**2 + x*y")
    assert list(newton(f, [1.0, 1.0], c=0.4).lrs) == [1.0]
    slow = newton(f, [1.0, 1.0], c=0.6)
    assert list(slow.lrs[:3]) == [0.5, 0.5, 0.5] and np.all(slow.lrs == 0.5) and slow.n_iter == 37
    solution = CHAPTER.solution("ch13-ex-full-step")
    assert "37 steps" in solution and "[2 - 2*c_1]" in solution


def test_exercise_line_search_does_not_cure_the_condition_number() -> None:
    found = {}
    for kappa in (10, 100, 1000):
        bowl = gd.functions.quadratic_bowl(condition_number=kappa)
        run = line_search_gd(bowl, [-2.5, 1.5], max_iter=100_000)
        assert run.stopped_by == "grad_tol"
        assert newton(bowl, [-2.5, 1.5], line_search=False).n_iter == 1
        found[kappa] = (run.n_iter, int(run.n_evals[-1]))
    assert found == {10: (60, 202), 100: (676, 4455), 1000: (7414, 73841)}
    assert 8 < found[100][0] / found[10][0] < 12 and 8 < found[1000][0] / found[100][0] < 12  # ~ kappa
    solution = CHAPTER.solution("ch13-ex-condition")
    assert "60 steps, 202 evaluations" in solution and "7414 and 73841" in solution


def test_newton_quadratic_convergence_on_rosenbrock() -> None:
    banana = gd.functions.rosenbrock()
    run = newton(banana, [-1.5, 2.0])
    errors = np.linalg.norm(run.path - [1.0, 1.0], axis=1)
    assert run.n_iter == 23
    for previous, current in zip(errors[-5:-2], errors[-4:-1]):
        assert current < 200 * previous**2          # e_t <= C e_{t-1}^2 with a moderate C
    assert np.all(np.linalg.eigvalsh(banana.hess([1.0, 1.0])) > 0)   # the theorem's hypothesis


def test_damped_newton_full_step_near_the_minimum_needs_c1_below_a_half() -> None:
    assert "c_1 < \\tfrac12" in CHAPTER.markdown


def test_hessian_costs_table() -> None:
    for d, memory, ops in ((10**3, 4e6, 3e8), (10**6, 4e12, 3e17), (10**9, 4e18, 3e26)):
        assert 4 * d**2 == memory and round(d**3 / 3 / ops, 1) == 1.1


def test_himmelblau_stationary_points() -> None:
    """Four minima, four saddles and one maximum (the prose and the explorer's text)."""
    f = gd.functions.himmelblau()
    x, y = f.variables
    grad = [sp.diff(f.expr, v) for v in (x, y)]
    hess = sp.hessian(f.expr, (x, y))
    kinds = {"minimum": 0, "saddle": 0, "maximum": 0}
    for point in sp.Poly(sp.resultant(grad[0], grad[1], y), x).nroots(n=30):
        if abs(sp.im(point)) > 1e-20:
            continue
        for yv in sp.Poly(grad[1].subs(x, sp.re(point)), y).nroots(n=30):
            if abs(sp.im(yv)) > 1e-20 or abs(grad[0].subs({x: sp.re(point), y: sp.re(yv)})) > 1e-12:
                continue
            eig = np.linalg.eigvalsh(np.array(hess.subs({x: sp.re(point), y: sp.re(yv)}), dtype=float))
            kinds["minimum" if eig.min() > 0 else "maximum" if eig.max() < 0 else "saddle"] += 1
    assert kinds == {"minimum": 4, "saddle": 4, "maximum": 1}
    assert re.search(r"four minima, four saddle points and one maximum", CHAPTER.markdown)


def test_rate_0002_is_just_above_the_stability_limit_at_the_minimum() -> None:
    """2/λ_max of Rosenbrock's Hessian at (1, 1), exactly: 0.001997 < 0.002 (the sweep's best rate)."""
    x, y = sp.symbols("x y")
    L = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    H = sp.hessian(L, (x, y)).subs({x: 1, y: 1})
    assert H == sp.Matrix([[802, -400], [-400, 200]])
    limit = 2 / max(H.eigenvals())
    assert sp.nsimplify(limit - sp.Rational(2, 1000)) < 0 and f"{float(limit):.6f}" == "0.001997"
    growth = abs(1 - sp.Rational(2, 1000) * max(H.eigenvals()))        # |1 - α λ_max| > 1: unstable
    assert 1 < float(growth) < 1.004
    assert "just above\nthe stability limit" in CHAPTER.markdown or "just above the stability limit" in " ".join(
        CHAPTER.markdown.split())


def test_armijo_theorem_is_stated_with_its_hypotheses() -> None:
    """Armijo (1966) proves convergence for c₁ = ζ = ½ under a bounded sublevel set, a Lipschitz
    gradient on it and a unique stationary point there (his Conditions I–IV)."""
    text = " ".join(CHAPTER.markdown.split())
    for phrase in ("for $c_1 = \\zeta = \\tfrac12$", "bounded below", "is bounded", "Lipschitz continuous there",
                   "the unique minimiser", "{cite}`armijo1966`"):
        assert phrase in text, phrase
