"""The learning-rate robustness view of chapter 14: the sweep's numbers and the picture drawn."""

import numpy as np
import pytest

import gdkit as gd
from gdkit.experiments import LRSweep, good_windows, learning_rate_sweep
from gdkit.pictures.views.robustness import LearningRateWindow

GD_ONLY = {"GD": lambda a: gd.GD(lr=a)}


def test_gd_window_on_a_parabola_is_bounded_by_two_over_the_curvature():
    """On L = λθ²/2 GD contracts by |1 − αλ| per step: it diverges above α = 2/λ."""
    f = gd.functions.parabola(curvature=4.0)  # 2/λ = 0.5
    lrs = [0.05, 0.1, 0.25, 0.45, 0.49, 0.55, 0.6]
    sweep = learning_rate_sweep(f, [1.0], GD_ONLY, lrs, max_iter=200, grad_tol=None)["GD"]
    np.testing.assert_array_equal(sweep.lrs, lrs)
    assert np.isinf(sweep.ratios[-2:]).all(), "α > 2/λ must diverge"
    assert np.all(np.isfinite(sweep.ratios[:-2]))
    # the gap of L shrinks by (1 − αλ)^(2T)
    expected = (1 - 0.05 * 4) ** (2 * 200)
    assert sweep.ratios[0] == pytest.approx(expected, rel=1e-6)
    assert good_windows(sweep, 1e-3) == [(0.05, 0.49)]


def test_ratio_is_measured_from_the_known_minimum():
    f = gd.Objective("(x - 1)**2 + 3", minima=[[1.0]])  # L* = 3, not 0
    sweep = learning_rate_sweep(f, [2.0], GD_ONLY, [0.25], max_iter=1, grad_tol=None)["GD"]
    assert sweep.ratios[0] == pytest.approx(0.25)  # gap 1 → (1 − 2·0.25)² = 0.25


def test_good_windows_splits_non_contiguous_runs():
    sweep = LRSweep(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([1e-5, 1, 1e-6, 1e-7, np.inf]))
    assert good_windows(sweep, 1e-3) == [(1.0, 1.0), (3.0, 4.0)]
    assert good_windows(LRSweep(np.array([1.0]), np.array([0.5])), 1e-3) == []


def test_explorer_draws_each_frame_with_windows_and_diverged_marks():
    f = gd.functions.quadratic_bowl(10)
    makers = {"GD": lambda a: gd.GD(lr=a), "Adam": lambda a: gd.Adam(lr=a)}
    lrs = [0.01, 0.1, 0.19, 0.3]  # 2/λ_max = 0.2: GD diverges at 0.3
    ex = gd.Explorer(
        LearningRateWindow(target=1e-3),
        lambda budget: learning_rate_sweep(f, [2.0, 1.0], makers, lrs, max_iter=budget),
        budget=gd.Choice([50, 400], label="steps"),
    )
    frames = ex.frames()
    assert set(frames) == {"0", "1"}
    text = frames["1"]["t"]
    assert text.startswith("α reaching the target: GD: ") and "Adam: " in text
    curves, windows = frames["1"]["p"]
    crosses = [p for p in curves if p[0] == "l" and p[1] == curves[0][1] and len(p[4]) == 4]
    assert len(crosses) >= 2, "GD's divergence is not marked (a cross: two short strokes)"
    assert any(p[0] == "l" and p[2] == 9 for p in windows), "no window bar drawn"
    html = ex.to_html()
    assert len(html) < 100_000 and "gdx-data" in html


def test_bad_input_is_refused_with_a_clear_message():
    f = gd.functions.parabola()
    with pytest.raises(ValueError, match="learning rate"):
        learning_rate_sweep(f, [1.0], GD_ONLY, [0.1, -0.1])
    with pytest.raises(ValueError, match="start above the minimum"):
        learning_rate_sweep(f, [0.0], GD_ONLY, [0.1])
    with pytest.raises(ValueError, match="optimizers is empty"):
        learning_rate_sweep(f, [1.0], {}, [0.1])
    with pytest.raises(ValueError, match="contain the target"):
        LearningRateWindow(target=1e-3, ylim=(1e-2, 1.0))
    with pytest.raises(TypeError, match="LRSweep"):
        LearningRateWindow().make_panels([{"GD": ([0.1], [0.5])}])


def test_readout_names_each_window_and_the_widest_ratio():
    from gdkit.pictures.views.robustness import _describe

    assert _describe("Adam", [(0.01, 1.0)]) == "Adam: 0.01 to 1 (×100)"
    assert _describe("RMSprop", [(0.01, 0.2), (1.0, 1.0)]) == "RMSprop: 0.01 to 0.2 and 1 (×20)"
    assert _describe("GD", [(0.01, 0.01)]) == "GD: 0.01 only"
    assert _describe("GD", []) == "GD: none"


def test_sweeps_over_budgets_match_separate_sweeps():
    f = gd.functions.quadratic_bowl(10)
    optimizers = {"GD": lambda a: gd.GD(lr=a), "Adam": lambda a: gd.Adam(lr=a)}
    lrs = [0.01, 0.1, 0.19, 0.25]  # 0.25 > 2/λ_max = 0.2: GD diverges, at some step
    together = gd.learning_rate_sweeps(f, [-2.5, 1.5], optimizers, lrs, [5, 40, 200])
    for T in (5, 40, 200):
        alone = gd.learning_rate_sweep(f, [-2.5, 1.5], optimizers, lrs, max_iter=T)
        for name in optimizers:
            np.testing.assert_array_equal(together[T][name].ratios, alone[name].ratios)
