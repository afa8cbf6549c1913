"""The training-run view of chapter 5: loss against cost, and the parameter path."""

import numpy as np
import pytest
import sympy as sp

import gdkit as gd
from gdkit.pictures.views.fit import FitRuns

data = gd.linear_data(n=200, noise=0.5)
model = gd.LeastSquares()
w, b = sp.symbols("w b", real=True)
X, y = data
mse = gd.Objective(sp.expand(sum((w * xi + b - yi) ** 2 for xi, yi in zip(X[:, 0], y)) / len(y)),
                   ["w", "b"])


def run(batch_size, lr=0.1):
    return gd.fit(model, data, gd.GD(lr=lr), batch_size=batch_size, epochs=2,
                  theta0=[-1.0, 2.0], record_every=5)


def test_loss_is_drawn_against_gradient_evaluations():
    view = FitRuns(x="grad_evals")
    ex = gd.Explorer(view, lambda B: {f"B = {B}": run(B)}, B=gd.Choice([10, 200]))
    panel = ex._ensure_panels()[0]
    assert panel.xlim == (0.0, 400.0), "two epochs of 200 examples cost 400 gradients whatever B"
    frames = ex.frames()
    assert frames["0"]["t"].startswith("B = 10: 40 updates, loss ")
    assert frames["1"]["t"].startswith("B = 200: 2 updates, loss ")


def test_baseline_and_path_panel():
    best = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]
    L_star = model.loss(best, X, y)
    view = FitRuns(mse, baseline=L_star, path_xlim=(-1.5, 3), path_ylim=(-1.5, 2.5))
    ex = gd.Explorer(view, lambda B: {"run": run(B)}, B=gd.Choice([1, 200]))
    panels = ex._ensure_panels()
    assert len(panels) == 2 and panels[0].offset == panels[1].offset == 0  # an SVG each
    assert panels[1].ylabel == "L(θ) − L*"
    path, loss = ex.frames()["1"]["p"]
    assert path[0][0] == "l" and loss[0][0] == "l"
    r = run(200)
    assert ex.frames()["1"]["t"] == f"run: 2 updates, L − L* {r.losses[-1] - L_star:.3g}"


def test_diverged_runs_are_dashed():
    ex = gd.Explorer(FitRuns(), lambda lr: run(10, lr), lr=gd.Choice([0.1, 50.0]))
    frame = ex.frames()["1"]
    assert frame["p"][0][0][3] == 1 and "diverged after" in frame["t"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="x must be one of"):
        FitRuns(x="epochs")
    with pytest.raises(ValueError, match="2 parameters"):
        FitRuns(gd.functions.parabola())
    with pytest.raises(TypeError, match="results of gdkit.fit"):
        gd.Explorer(FitRuns(), lambda k: {"a": (1, 2)}, k=gd.Slider(0, 1, 1)).frames()
