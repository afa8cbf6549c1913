"""Chapter 14's exercise solutions, quick checks and claims, recomputed with SymPy and gdkit."""

from __future__ import annotations

import re

import numpy as np
import sympy as sp
from chapter_text import Chapter

import gdkit as gd
from gdkit.course.checks import all_checks

CHAPTER = Chapter("14_advantages_and_limitations.ipynb")


def _dropdown_after(check_id: str) -> str:
    answer = CHAPTER.cell_after_check(check_id)
    assert answer.startswith(":::{admonition} Answer")
    return answer.split(":::", 2)[1]


def test_quick_checks_come_before_the_exercises() -> None:
    cells = CHAPTER.cells
    first_check = next(i for i, c in enumerate(cells) if "gd.check(" in c.source)
    exercises = next(i for i, c in enumerate(cells) if "## Exercises" in c.source)
    last_check = max(i for i, c in enumerate(cells) if "gd.check(" in c.source)
    assert first_check < exercises and last_check < exercises


def test_quick_check_no_cliff() -> None:
    check = all_checks()["ch14-no-cliff"]
    assert check.answer == "Adam"
    dropdown = _dropdown_after("ch14-no-cliff")
    assert dropdown.split("\n", 2)[2].startswith(check.answer + ".")
    # the limits it quotes, for beta = 0.9 and lambda_max = 100
    a, b, lam, z = sp.symbols("alpha beta lambda z", positive=True)
    heavy = z**2 - (1 + b - a * lam) * z + b
    nesterov = z**2 - (1 + b - a * lam * (1 + b)) * z + b * (1 - a * lam)
    assert sp.simplify(sp.solve(heavy.subs(z, -1), a)[0] - 2 * (1 + b) / lam) == 0
    assert sp.simplify(sp.solve(nesterov.subs(z, -1), a)[0] - 2 * (1 + b) / ((1 + 2 * b) * lam)) == 0
    values = {"0.02": 2 / 100, "0.038": 3.8 / 100, "0.0136": 2 * 1.9 / (2.8 * 100)}
    for text, value in values.items():
        assert text in dropdown and abs(float(text) - value) < 5e-5
    # and gdkit agrees: Nesterov converges at 0.135 and diverges at 0.137 on curvature 10
    f = gd.functions.parabola(curvature=10)
    assert not gd.minimize(f, [1.0], gd.Nesterov(lr=0.135, momentum=0.9), max_iter=5000).diverged
    assert gd.minimize(f, [1.0], gd.Nesterov(lr=0.137, momentum=0.9), max_iter=5000).diverged
    # on the ravine, at alpha = 1: Adam does not diverge, the others do
    ravine = gd.functions.quadratic_bowl(condition_number=100, angle=30)
    opts = {"GD": gd.GD(lr=1.0), "Momentum": gd.Momentum(lr=1.0, momentum=0.9),
            "Nesterov": gd.Nesterov(lr=1.0, momentum=0.9), "Adam": gd.Adam(lr=1.0)}
    survivors = [n for n, o in opts.items() if not gd.minimize(ravine, [-2.5, 1.5], o, max_iter=1000).diverged]
    assert survivors == [check.answer]


def test_quick_check_momentum_speedup() -> None:
    check = all_checks()["ch14-momentum-speedup"]
    kappa = sp.Integer(10) ** 4
    assert kappa / sp.sqrt(kappa) == 100 == check.answer
    assert "= 100$ times fewer" in _dropdown_after("ch14-momentum-speedup")


def test_exercise_memory() -> None:
    d = 10**8
    assert 4 * d == 400e6 and 4 * 4 * d == 1.6e9                  # params, gradient, m and s
    assert 4 * d**2 == 4e16                                         # 40 PB
    seconds = d**3 / 3 / 1e14
    assert abs(seconds - 3.3e9) < 0.05e9 and 90 < seconds / (3600 * 24 * 365.25) < 120   # about a century
    assert 1e9 / 1e14 < 1e-3                                        # a fraction of a millisecond


def test_exercise_momentum_limit() -> None:
    a, b, lam, z = sp.symbols("alpha beta lambda z", positive=True)
    theta1, theta2 = sp.symbols("theta_1 theta_2")
    # theta_t = theta_{t-1} - alpha (beta v_{t-1} + lambda theta_{t-1}), alpha v_{t-1} = theta_{t-2} - theta_{t-1}
    recursion = theta1 - a * lam * theta1 - b * (theta2 - theta1)
    assert sp.expand(recursion - ((1 + b - a * lam) * theta1 - b * theta2)) == 0
    poly = z**2 - (1 + b - a * lam) * z + b
    assert sp.simplify(sp.solve(poly.subs(z, -1), a)[0] - 2 * (b + 1) / lam) == 0
    roots = sp.solve(poly, z)
    assert sp.simplify(roots[0] * roots[1] - b) == 0                # product of the roots is beta
    sweep = gd.experiments.learning_rate_sweep(gd.functions.parabola(curvature=10), [1.0],
                                   {"Momentum": lambda lr: gd.Momentum(lr=lr, momentum=0.9)},
                                   [0.1, 0.3, 0.37, 0.39, 0.5], max_iter=2000)
    assert list(np.isinf(sweep["Momentum"].ratios)) == [False, False, False, True, True]
    assert abs(3.8 / 100 - 0.038) < 1e-12 and 0.0215 < 0.038 < 0.0464


def test_exercise_momentum_limit_renders_as_math() -> None:
    """The solution's recursion must not start a Markdown line with "- " inside $...$."""
    for cell in CHAPTER.cells:
        if "ch14-ex-momentum-limit" in cell.source and "{solution}" in cell.source:
            solution = cell.source.split("{solution} ch14-ex-momentum-limit", 1)[1]
            for line in solution.splitlines():
                stripped = line.strip()
                if stripped.startswith("- ") or stripped.startswith("+ "):
                    raise AssertionError(f"a line of the solution starts like a bullet: {line!r}")


def test_exercise_diagnose_units() -> None:
    assert (1000.0**2) == 1e6          # metres vs millimetres: curvatures differ by 10^6


def test_exercise_surrogate_on_the_ravine() -> None:
    ravine = gd.functions.quadratic_bowl(condition_number=100, angle=30)
    lrs = 10.0 ** np.arange(-4, 0.01, 1 / 3)
    sweep = gd.experiments.learning_rate_sweep(ravine, [-2.5, 1.5], {
        "GD": lambda lr: gd.GD(lr=lr), "RMSprop": lambda lr: gd.RMSprop(lr=lr), "Adam": lambda lr: gd.Adam(lr=lr)},
        lrs, max_iter=1000, grad_tol=1e-10)
    assert not np.isinf(sweep["Adam"].ratios).any() and not np.isinf(sweep["RMSprop"].ratios).any()
    assert np.all(np.isinf(sweep["GD"].ratios) == (lrs > 0.02))
    lam = sp.Matrix(ravine.hessian_expr).eigenvals()
    assert max(lam) == 100


def test_no_nesterov_limit_claimed_as_heavy_balls() -> None:
    text = CHAPTER.markdown
    for match in re.finditer(r"2\(1 ?\+ ?\\beta\)/\\lambda_\{\\max\}", text):
        context = text[max(0, match.start() - 200): match.end() + 40]
        assert "heavy" in context or "Momentum" in context or "momentum is stable" in context, context


def test_guarantees_paragraph_states_its_hypotheses() -> None:
    text = CHAPTER.markdown
    i = text.index("## What gradient descent guarantees")
    para = text[i: text.index("## Limitation 1")]
    assert "0 < \\alpha < 2/\\Lambda" in para and "{cite}`nesterov2004`" in para
    assert "bounded below" in para and "{cite}`bottou2018`" in para
    assert "twice continuously differentiable" in para and "\\alpha < 1/\\Lambda" in para and "{cite}`lee2016`" in para


def test_nonconvex_gradient_norm_goes_to_zero_for_alpha_below_2_over_Lambda() -> None:
    """The descent lemma behind the claim: L(theta - alpha g) <= L - alpha (1 - alpha Lambda/2) |g|^2."""
    a, lam = sp.symbols("alpha Lambda", positive=True)
    decrease = a * (1 - a * lam / 2)
    assert sp.solve(sp.Eq(decrease, 0), a) == [2 / lam]
    assert sp.simplify(decrease.subs(a, 1 / lam)) == 1 / (2 * lam)


def test_scaling_rules_are_stated_in_full() -> None:
    text = CHAPTER.markdown
    assert "8,192 images" in text                                     # Goyal et al.'s largest batch
    assert "$\\alpha$ times $\\sqrt k$, together with $1 - \\beta_1$ and\n   $1 - \\beta_2$ times $k$" in text
