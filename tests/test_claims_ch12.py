"""Chapter 12's (Adam's refinements and learning-rate schedules) exercise solutions, quick check and theorem-like claims, recomputed.

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

CHAPTER = Chapter("12_adam_refinements_and_schedules.ipynb")


def test_quick_check_adamw_factor_matches_the_dropdown() -> None:
    check = all_checks()["ch12-adamw-factor"]
    alpha, omega = sp.Rational(1, 1000), sp.Rational(1, 100)
    assert float(1 - alpha * omega) == check.answer == 0.99999
    answer = re.search(r"\$1 - \\alpha\\omega = 1 - 0\.001 \\times 0\.01 = ([0-9.]+)\$", CHAPTER.markdown)
    assert answer and float(answer.group(1)) == check.answer
    assert abs(0.99999**100_000 - np.exp(-1)) < 1e-5 and round(0.99999**100_000, 2) == 0.37


def test_exercise_adamw() -> None:
    theta, g, alpha, omega = sp.symbols("theta g alpha omega")
    assert sp.expand(theta - alpha * (g + omega * theta) - ((1 - alpha * omega) * theta - alpha * g)) == 0
    assert float(1 - sp.Rational(1, 10) * sp.Rational(5, 10**4)) == 0.99995
    f = gd.Objective("50*(x - 1)**2", variables=["x", "y"])
    ends = []
    for lr in (0.01, 0.02):
        run = gd.minimize(f, [0.0, 1.0], gd.AdamW(lr=lr, weight_decay=0.1), max_iter=1000, grad_tol=None)
        assert np.isclose(run.path[-1, 1], (1 - lr * 0.1) ** 1000)
        ends.append(run.path[-1, 1])
    assert [round(e, 3) for e in ends] == [0.368, 0.135]


def test_exercise_scale_invariance_of_adam() -> None:
    g1, g2, g3, c, b1, b2 = sp.symbols("g_1 g_2 g_3 c beta_1 beta_2", positive=True)

    def adam_ratio(gs):
        t = len(gs)
        m = (1 - b1) * sum(b1 ** (t - k) * g for k, g in enumerate(gs, 1))
        s = (1 - b2) * sum(b2 ** (t - k) * g**2 for k, g in enumerate(gs, 1))
        return (m / (1 - b1**t)) / sp.sqrt(s / (1 - b2**t))

    gs = [g1, -g2, g3]
    assert sp.simplify(adam_ratio([c * g for g in gs]) - adam_ratio(gs)) == 0
    ends = {}
    for scale in ("1", "100", "1e-9"):
        run = gd.minimize(gd.Objective(f"{scale}/2*x**2"), [1.0], gd.Adam(lr=0.01), max_iter=100, grad_tol=None)
        ends[scale] = run
    assert round(ends["1"].path[-1, 0], 3) == round(ends["100"].path[-1, 0], 3) == 0.224
    assert np.max(np.abs(ends["1"].path - ends["100"].path)) < 1e-7          # "agree to about 1e-8"
    assert round(ends["1e-9"].path[-1, 0], 3) == 0.912
    solution = CHAPTER.solution("ch12-ex-scale")
    assert "0.224" in solution and "0.912" in solution


def test_chapter_is_about_adam_and_schedules_only() -> None:
    """Line search and Newton moved to chapter 13: none of their exercises or checks stay here."""
    text = CHAPTER.markdown
    assert "ch12-ex-armijo" not in text and "ch12-ex-newton" not in text and "Armijo" not in text
    header = CHAPTER.cells[0].source
    assert "line search" not in header.lower() and "Newton" not in header
    assert "Revision summary: Adam's refinements and learning-rate schedules" in CHAPTER.cells[-1].source


def test_exercise_cosine() -> None:
    a0, amin, T, t = sp.symbols("alpha_0 alpha_min T t", positive=True)
    cos = amin + (a0 - amin) * (1 + sp.cos(sp.pi * (t - 1) / T)) / 2
    assert sp.simplify(cos.subs(t, T / 2 + 1) - (a0 + amin) / 2) == 0
    slope = sp.diff(cos, t)
    assert sp.solve(sp.diff(slope, t).subs(t, T / 2 + 1), a0) == [amin] or sp.simplify(sp.diff(slope, t).subs(t, T / 2 + 1)) == 0
    assert abs(gd.schedules.cosine(0.2, total_steps=2000)(1001) - 0.1) < 1e-15


def _excess(batch_size: int, epochs: int) -> dict[str, float]:
    data = gd.linear_data(n=1000, weights=(2.0, -3.0), bias=-1.0, noise=1.0, rng=np.random.default_rng(0))
    model = gd.LeastSquares()
    X = np.column_stack([data.X, np.ones(len(data.y))])
    L_star = model.loss(np.linalg.lstsq(X, data.y, rcond=None)[0], *data)
    T = 2000
    schedules = {
        "constant": gd.schedules.constant(0.2),
        "step": gd.schedules.step(0.2, every=500, factor=0.3),
        "exponential": gd.schedules.exponential(0.2, gamma=0.998),
        "1/t": gd.schedules.inverse_time(0.2, decay=0.01),
        "cosine": gd.schedules.cosine(0.2, total_steps=T),
        "warm-up + cosine": gd.schedules.warmup(gd.schedules.cosine(0.2, total_steps=T - 200), steps=200),
    }
    out = {}
    for name, s in schedules.items():
        runs = [gd.fit(model, data, gd.GD(lr=s), batch_size=batch_size, epochs=epochs, theta0=[0.0, 0.0, 0.0],
                       record_every=100, rng=np.random.default_rng(seed)) for seed in range(6)]
        out[name] = float(np.mean([r.losses[-1] for r in runs]) - L_star)
    return out


def test_exercise_cosine_larger_batch() -> None:
    small, large = _excess(10, 20), _excess(100, 200)
    assert 0.065 < small["constant"] < 0.075 and 0.006 < large["constant"] < 0.008   # ~7e-2 -> ~7e-3
    assert 8 < small["constant"] / large["constant"] < 12                            # about ten times
    decaying = [v for k, v in large.items() if k != "constant"]
    assert max(decaying) < 1e-6 and min(decaying) > 1e-8                              # "near 1e-7"
    gap_small = small["constant"] / min(v for k, v in small.items() if k != "constant")
    assert large["constant"] / min(decaying) > gap_small                              # the gap does not close


def test_nesterov_weight_on_the_newest_gradient() -> None:
    beta, g, v = sp.symbols("beta g v")
    v_new = beta * v + g
    step = g + beta * v_new                       # PyTorch's Nesterov: theta -= alpha * (g + beta v_t)
    assert sp.Poly(sp.expand(step), g).coeffs()[0] == 1 + beta


def test_nadam_momentum_warms_up_slowly() -> None:
    nadam = gd.NAdam()
    assert abs(nadam._mu(1) - 0.45) < 1e-3 and abs(nadam._mu(3000) - 0.62) < 5e-3
    assert nadam._mu(10**6) > 0.899


def _reddi(optimizer, C=3.0, steps=30_000):
    """Reddi et al.'s online problem on [-1, 1]: L_t = C theta at t = 1, 4, 7, ..., else -theta."""
    theta, state = np.array([0.0]), optimizer.init(np.zeros(1))
    for t in range(1, steps + 1):
        grad = np.array([C if t % 3 == 1 else -1.0])
        theta, state = optimizer.step(theta, grad, state)
        theta = np.clip(theta, -1.0, 1.0)
    return float(theta[0])


def test_amsgrad_fixes_reddis_counterexample() -> None:
    C = 3.0
    beta2 = 1 / (1 + C**2)
    lr = gd.schedules.inverse_time(0.1, decay=0)  # constant; Reddi's theorem uses alpha/sqrt(t), same outcome here
    adam_end = _reddi(gd.Adam(lr=lr, beta1=0.0, beta2=beta2), C)
    ams_end = _reddi(gd.AMSGrad(lr=lr, beta1=0.0, beta2=beta2), C)
    assert adam_end > 0.9            # Adam goes to the worst point, +1
    assert ams_end < -0.9            # AMSGrad to the best, -1


def test_bias_corrected_amsgrad_step_can_grow() -> None:
    opt = gd.AMSGrad(lr=1.0)
    state = opt.init(np.zeros(1))
    _, state = opt.step(np.zeros(1), np.array([1.0]), state)
    s_max = getattr(state, "s_max", None)
    s_max = state.v_max if s_max is None else s_max
    effective = [1 / np.sqrt(s_max[0] / (1 - opt.beta2**t)) for t in (1, 1000)]
    assert effective[1] > effective[0]    # the max of raw s_t divided by 1 - beta2^t shrinks


def test_quoted_rates_in_prose() -> None:
    text = CHAPTER.markdown
    assert "2(1+\\beta)/\\lambda_{\\max}" not in text or "heavy" in text  # no Nesterov limit claimed
    assert "\\lambda\\theta" not in text and "\\hat v" not in text          # notation: omega, s


def test_reddi_theorem_1_exactly_as_stated() -> None:
    """Reddi et al.'s Theorem 1 setting: their Adam (no bias correction), beta1 = 0,
    beta2 = 1/(1 + C^2), alpha_t = alpha/sqrt(t), projection onto [-1, 1], C > 2."""
    for C in (3.0, 5.0):
        beta2 = 1 / (1 + C**2)
        ends = {}
        for ams in (False, True):
            s = s_max = 0.0
            theta = 0.0
            for t in range(1, 30_001):
                g = C if t % 3 == 1 else -1.0
                s = beta2 * s + (1 - beta2) * g * g
                s_max = max(s_max, s)
                theta = min(1.0, max(-1.0, theta - 0.1 / np.sqrt(t) * g / np.sqrt(s_max if ams else s)))
            ends[ams] = theta
        assert ends[False] == 1.0 and ends[True] < -0.99     # Adam: the worst point; AMSGrad: the best
    text = CHAPTER.markdown
    assert "\\beta_2 = 1/(1 + C^2)$ and steps\n$\\alpha_t = \\alpha/\\sqrt t$" in text
    assert "\\beta_{1,t} = \\beta_1 \\lambda^{t-1}" in text      # the decaying beta_1 of the regret bound


def test_race_selection_puts_diverged_runs_last() -> None:
    race_cell = next(c.source for c in CHAPTER.cells if c.cell_type == "code" and "def best_run" in c.source)
    assert "run.diverged, run.n_iter, run.loss" in race_cell
    # NAdam at alpha = 10 diverges after ~1,000 steps: ranked by steps alone it would "win"
    run = gd.minimize(gd.functions.rosenbrock(), [-1.5, 2.0], gd.NAdam(lr=10.0), max_iter=3000)
    assert run.diverged and run.n_iter < 3000
