"""One run-record vocabulary for minimize, fit and the line search (issue #12)."""

from __future__ import annotations

import numpy as np
import pytest

import gdkit as gd
from gdkit.line_search import line_search_gd

SHARED = ("path", "losses", "theta", "loss", "n_iter", "stopped_by", "diverged", "message",
          "optimizer_name", "hyperparameters")  # fmt: skip


def _runs():
    f = gd.functions.quadratic_bowl(4)
    data = gd.linear_data(n=40)
    return {
        "minimize": gd.minimize(f, [1.0, 1.0], gd.Momentum(lr=0.1, momentum=0.5), max_iter=30),
        "fit": gd.fit(gd.LeastSquares(), data, gd.Adam(lr=0.05), batch_size=8, epochs=3),
        "line search": line_search_gd(f, [1.0, 1.0], max_iter=10),
    }


@pytest.mark.parametrize("kind", ["minimize", "fit", "line search"])
def test_every_run_records_the_shared_fields(kind):
    run = _runs()[kind]
    assert isinstance(run, gd.Run)
    for name in SHARED:
        getattr(run, name)
    assert np.array_equal(run.theta, run.path[-1])
    assert run.loss == run.losses[-1]
    assert run.diverged == (run.stopped_by == "diverged")


def test_the_hyperparameters_are_recorded_for_fit_too():
    assert _runs()["fit"].hyperparameters == gd.Adam(lr=0.05).hyperparameters()
    assert _runs()["minimize"].hyperparameters["momentum"] == 0.5


def test_n_iter_counts_updates_for_minimize_and_fit():
    runs = _runs()
    assert runs["minimize"].n_iter == len(runs["minimize"].path) - 1
    assert runs["fit"].n_iter == 3 * 5 == runs["fit"].steps[-1]


def test_first_below_is_the_first_recorded_point_under_the_level():
    run = gd.minimize(gd.functions.parabola(), [2.0], gd.GD(lr=0.25), max_iter=20)
    k = run.first_below(1e-2)
    assert run.losses[k] < 1e-2 <= run.losses[k - 1]
    assert run.first_below(-1.0) is None


def test_every_model_takes_init_d_rng_in_one_order():
    rng = np.random.default_rng
    for model, d in ((gd.LeastSquares(), 3), (gd.LogisticRegression(), 3), (gd.MLP((3, 4, 1)), 3)):
        assert isinstance(model, gd.Model)
        a, b = model.init(d, rng(0)), model.init(d=d, rng=rng(0))
        assert np.array_equal(a, b) and a.shape == (model.n_params(d),)
    assert gd.MLP((2, 4, 1)).init(2).shape == (17,)
    with pytest.raises(ValueError, match="input features"):
        gd.MLP((2, 4, 1)).init(3)
    with pytest.raises(ValueError, match="Generator"):
        gd.LeastSquares().init(2, rng=0)
