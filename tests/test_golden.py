"""gdkit's optimisers reproduce torch.optim's trajectories to 1e-12.

The golden files (tests/golden/*.npz, written by scripts/make_golden.py; torch is not needed
here) hold 1,000 torch.optim steps, in float64, for each optimiser, four functions and two
hyper-parameter settings. Torch was fed gdkit's own gradient, so only the update rule differs.

Errors are measured as |θ_gdkit − θ_torch| / max(1, |θ_torch|): absolute for coordinates
below 1, relative above. A purely absolute 1e-12 would be meaningless on the runs that escape
the saddle x² − y² (Adadelta's y reaches 1e10, where one float64 ulp is already 2e-6).

Two checks per run:

* one step at a time: from torch's θ_{t-1}, with gdkit's state fed the same gradients torch
  saw, gdkit's update must land on torch's θ_t, for all 1,000 steps of every run;
* free running: gdkit's own 1,000-step trajectory must stay on torch's. Torch computes
  ``p + α·g`` with a fused multiply-add, NumPy cannot, so the two differ by an ulp now and
  then. Most runs forgive that; a few are chaotic (an adaptive optimiser hovering around a
  minimum), and there torch disagrees with itself under rounding-sized nudges after some step.
  The golden files record that step (``stable_steps``) and the comparison stops there; the
  one-step check still covers the rest.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import gdkit as gd

GOLDEN = Path(__file__).parent / "golden"
TOL = 1e-12


def _load(name: str) -> tuple[dict, np.ndarray]:
    with np.load(GOLDEN / f"{name.lower()}.npz", allow_pickle=False) as data:
        return json.loads(str(data["meta"])), data["paths"]


def _objective(call: str) -> gd.Objective:
    """``"quadratic_bowl(condition_number=10, angle=30)"`` -> the gdkit test function."""
    name, _, args = call.partition("(")
    kwargs = {}
    for item in filter(None, args.rstrip(")").split(",")):
        key, value = item.split("=")
        kwargs[key.strip()] = float(value)
    return getattr(gd.functions, name)(**kwargs)


def _runs():
    for cls in gd.OPTIMIZERS:
        meta, paths = _load(cls.name)
        for index, (run, path) in enumerate(zip(meta["runs"], paths)):
            yield pytest.param(run, path, id=f"{cls.name}-{run['function']}-{index % 2}")


RUNS = list(_runs())


def _error(theta: np.ndarray, reference: np.ndarray) -> np.ndarray:
    return np.abs(theta - reference) / np.maximum(1.0, np.abs(reference))


@pytest.mark.parametrize("cls", gd.OPTIMIZERS, ids=lambda c: c.name)
def test_every_optimizer_has_a_golden_file(cls):
    meta, paths = _load(cls.name)
    assert meta["torch_version"].startswith("2.")
    assert meta["dtype"] == "float64"
    assert paths.shape == (8, meta["n_steps"] + 1, 2) and meta["n_steps"] == 1000
    assert {run["function"] for run in meta["runs"]} == {"rosenbrock", "beale", "bowl", "saddle"}
    assert all(run["optimizer"] == cls.name for run in meta["runs"])
    assert np.all(np.isfinite(paths))


@pytest.mark.parametrize(("run", "path"), RUNS)
def test_each_step_matches_torch(run, path):
    f = _objective(run["objective"])
    opt = getattr(gd, run["optimizer"])(**run["gdkit_kwargs"])
    state = opt.init(path[0])
    worst = 0.0
    for t in range(1, len(path)):
        theta, state = opt.step(path[t - 1], f.grad(path[t - 1]), state)
        worst = max(worst, float(_error(theta, path[t]).max()))
        assert state.t == t
    assert worst <= TOL


@pytest.mark.parametrize(("run", "path"), RUNS)
def test_trajectory_matches_torch(run, path):
    f = _objective(run["objective"])
    opt = getattr(gd, run["optimizer"])(**run["gdkit_kwargs"])
    n = run["stable_steps"]
    res = gd.minimize(f, run["x0"], opt, max_iter=n, grad_tol=None, max_loss=np.inf)
    assert res.stopped_by == "max_iter" and res.n_iter == n
    assert _error(res.path, path[: n + 1]).max() <= TOL


def test_most_runs_are_compared_over_all_1000_steps():
    """The stability horizon is the exception: it must not hollow out the free-running check.

    Of the 80 runs at least 60 are compared over all 1,000 steps, and at least two of each
    optimiser's eight (RMSprop and Adadelta with a tiny ε amplify rounding-level nudges on
    Beale's and Rosenbrock's valleys: their other runs are compared up to their horizon).
    """
    horizons = [run["stable_steps"] for run, _ in (p.values for p in RUNS)]
    assert sum(h == 1000 for h in horizons) >= 60
    for cls in gd.OPTIMIZERS:
        meta, _ = _load(cls.name)
        assert sum(run["stable_steps"] == 1000 for run in meta["runs"]) >= 2, cls.name
