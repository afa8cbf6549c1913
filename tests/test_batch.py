"""gd.descent.minimize_batch: each of its K runs is the run gd.minimize makes on its own."""

from __future__ import annotations

import numpy as np
import pytest
from test_golden import RUNS, TOL, _error, _objective

import gdkit as gd
from gdkit.descent import minimize_batch

TIGHT = 1e-15


def assert_same_run(batch_run, single):
    assert batch_run.stopped_by == single.stopped_by, (batch_run.message, single.message)
    assert batch_run.message == single.message
    assert batch_run.n_iter == single.n_iter
    assert batch_run.optimizer_name == single.optimizer_name
    assert batch_run.hyperparameters == single.hyperparameters
    for name in ("path", "losses", "grad_norms"):
        a, b = getattr(batch_run, name), getattr(single, name)
        assert a.shape == b.shape, name
        assert np.all(np.abs(a - b) <= TIGHT * np.maximum(1.0, np.abs(b))), name


# (class, the per-run learning rates: the last one diverges on Rosenbrock from these starts)
SETTINGS = {
    gd.GD: [1e-4, 1e-3, 5e-2],
    gd.Momentum: [1e-4, 5e-4, 1e-2],
    gd.Nesterov: [1e-4, 5e-4, 1e-2],
    gd.AdaGrad: [0.05, 0.5, 1e9],
    gd.RMSprop: [1e-3, 1e-2, 1e9],
    gd.Adam: [1e-3, 2e-2, 1e9],
    gd.AdamW: [1e-3, 2e-2, 1e9],
    gd.AMSGrad: [1e-3, 2e-2, 1e9],
    gd.NAdam: [1e-3, 2e-2, 1e9],
    gd.Adadelta: [0.5, 1.0, 1e9],
}

CRITERIA = [
    {"grad_tol": 1e-6},
    {"grad_tol": 1e-2, "step_tol": 1e-4, "loss_tol": 1e-7},
    {"grad_tol": None, "max_loss": 1e3},
]


@pytest.mark.parametrize("cls", gd.OPTIMIZERS, ids=lambda c: c.name)
@pytest.mark.parametrize("criteria", CRITERIA, ids=["grad", "all", "bound"])
def test_each_run_of_a_batch_is_the_single_run(cls, criteria):
    f = gd.functions.rosenbrock()
    lrs = SETTINGS[cls]
    starts = np.array([[-1.5, 2.0], [0.5, -0.5], [-1.0, 1.0]])
    batch = minimize_batch(f, starts, cls(), max_iter=600, lr=lrs, **criteria)
    assert len(batch) == 3
    for k, lr in enumerate(lrs):
        assert_same_run(batch[k], gd.minimize(f, starts[k], cls(lr=lr), max_iter=600, **criteria))


def test_the_batch_holds_a_diverging_run_that_stops_alone():
    f = gd.functions.rosenbrock()
    batch = minimize_batch(f, [-1.5, 2.0], gd.GD(), lr=[1e-3, 5e-2, 2e-3], max_iter=500)
    assert [r.diverged for r in batch] == [False, True, False]
    assert batch[1].n_iter < 500 and batch[0].n_iter == 500


def test_a_list_of_optimisers_and_several_overrides():
    f = gd.functions.quadratic_bowl(condition_number=10, angle=30)
    opts = [gd.Momentum(lr=0.01, momentum=b) for b in (0.0, 0.5, 0.9)]
    starts = [[2.0, 1.0], [-1.0, 0.5], [0.3, 0.3]]
    batch = minimize_batch(f, starts, opts, max_iter=2000, step_tol=1e-9)
    for k, opt in enumerate(opts):
        assert_same_run(batch[k], gd.minimize(f, starts[k], opt, max_iter=2000, step_tol=1e-9))
    both = minimize_batch(f, starts, gd.Adam(), lr=[0.1, 0.01, 0.05], beta1=[0.0, 0.5, 0.9])
    for k, (lr, b1) in enumerate([(0.1, 0.0), (0.01, 0.5), (0.05, 0.9)]):
        assert_same_run(both[k], gd.minimize(f, starts[k], gd.Adam(lr=lr, beta1=b1)))


def test_start_already_flat_and_zero_steps():
    f = gd.functions.parabola()
    batch = minimize_batch(f, [[0.0], [1.0]], gd.GD(lr=0.1), max_iter=10)
    assert batch[0].stopped_by == "grad_tol" and batch[0].n_iter == 0
    assert_same_run(batch[1], gd.minimize(f, [1.0], gd.GD(lr=0.1), max_iter=10))
    zero = minimize_batch(f, [[0.0], [1.0]], gd.GD(lr=0.1), max_iter=0)
    assert_same_run(zero[1], gd.minimize(f, [1.0], gd.GD(lr=0.1), max_iter=0))


def test_bad_batches_are_refused():
    f = gd.functions.parabola()
    with pytest.raises(ValueError, match="disagree"):
        minimize_batch(f, [[1.0], [2.0]], gd.GD(), lr=[0.1, 0.2, 0.3])
    with pytest.raises(TypeError, match="one class"):
        minimize_batch(f, [1.0], [gd.GD(), gd.Adam()])
    with pytest.raises(TypeError, match="no hyper-parameter"):
        minimize_batch(f, [1.0], gd.GD(), momentum=[0.1, 0.2])
    with pytest.raises(ValueError):
        minimize_batch(f, [1.0], gd.GD(), lr=[0.1, -1.0])


@pytest.mark.parametrize("cls", gd.OPTIMIZERS, ids=lambda c: c.name)
def test_batched_runs_match_torch(cls):
    """The golden torch.optim trajectories, replayed as batches (one per function)."""
    groups = {}
    for run, path in (p.values for p in RUNS):
        if run["optimizer"] == cls.name:
            groups.setdefault(run["objective"], []).append((run, path))
    for objective, runs in groups.items():
        f = _objective(objective)
        opts = [getattr(gd, run["optimizer"])(**run["gdkit_kwargs"]) for run, _ in runs]
        n = max(run["stable_steps"] for run, _ in runs)
        batch = minimize_batch(
            f, [run["x0"] for run, _ in runs], opts, max_iter=n, grad_tol=None, max_loss=np.inf
        )
        for res, (run, path) in zip(batch, runs):
            m = run["stable_steps"]
            assert res.stopped_by == "max_iter" and res.n_iter == n
            assert _error(res.path[: m + 1], path[: m + 1]).max() <= TOL


def test_learning_rate_sweeps_batch_or_loop_give_the_same_numbers():
    from gdkit import experiments

    f = gd.functions.rosenbrock()
    lrs = [1e-4, 1e-3, 3e-3, 5e-2]
    makers = {"GD": lambda a: gd.GD(lr=a), "Momentum": lambda a: gd.Momentum(lr=a * 0.1)}
    batched = experiments.learning_rate_sweeps(f, [-1.5, 2.0], makers, lrs, [10, 300])
    for name, make in makers.items():
        singles = [gd.minimize(f, [-1.5, 2.0], make(a), max_iter=300) for a in lrs]
        for T in (10, 300):
            gap0 = f([-1.5, 2.0])
            want = [
                np.inf if r.diverged and r.n_iter < T else max(r.losses[min(T, r.n_iter)], 0) / gap0
                for r in singles
            ]
            assert np.array_equal(batched[T][name].ratios, want)


@pytest.mark.parametrize("cls", [gd.GD, gd.Momentum, gd.Adam, gd.NAdam], ids=lambda c: c.name)
def test_noisy_runs_of_a_batch_are_the_single_noisy_runs(cls):
    """Each run draws from its own generator, a few hundred steps ahead: same numbers."""
    f = gd.functions.quadratic_bowl(condition_number=10, angle=30)
    seeds, sigmas = [0, 1, 2, 3], [0.5, 0.0, 2.0, 0.5]
    lr = gd.schedules.inverse_time(0.05, decay=0.01)  # one schedule shared by every run
    batch = minimize_batch(f, [2.0, 1.0], cls(lr=lr), noise=sigmas, max_iter=700,
                           grad_tol=1e-3, rng=[np.random.default_rng(s) for s in seeds])
    for k, (seed, sigma) in enumerate(zip(seeds, sigmas)):
        single = gd.minimize(f, [2.0, 1.0], cls(lr=lr), noise=sigma, max_iter=700,
                             grad_tol=1e-3, rng=np.random.default_rng(seed))
        assert_same_run(batch[k], single)
    assert len({r.n_iter for r in batch}) > 1  # the runs stopped at different steps


def test_a_noisy_batch_with_a_diverging_run_and_the_default_generators():
    f = gd.functions.parabola()
    batch = minimize_batch(f, [1.0], gd.GD(), lr=[0.1, 2.5, 0.5], noise=1.0, max_iter=400,
                           grad_tol=None)
    for k, lr in enumerate([0.1, 2.5, 0.5]):
        assert_same_run(batch[k], gd.minimize(f, [1.0], gd.GD(lr=lr), noise=1.0, max_iter=400,
                                              grad_tol=None))
    assert [r.diverged for r in batch] == [False, True, False]


def test_bad_noise_settings_are_refused():
    f = gd.functions.parabola()
    one = np.random.default_rng(0)
    with pytest.raises(ValueError, match="one generator per run"):
        minimize_batch(f, [1.0], gd.GD(), lr=[0.1, 0.2], noise=1.0, rng=one)
    with pytest.raises(ValueError, match="appears twice"):
        minimize_batch(f, [1.0], gd.GD(), lr=[0.1, 0.2], noise=1.0, rng=[one, one])
    with pytest.raises(ValueError, match="noise"):
        minimize_batch(f, [1.0], gd.GD(), lr=[0.1, 0.2], noise=-1.0)
    with pytest.raises(ValueError, match="disagree"):
        minimize_batch(f, [1.0], gd.GD(), lr=[0.1, 0.2], noise=[1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="rng"):
        minimize_batch(f, [1.0], gd.GD(), lr=[0.1, 0.2], noise=1.0, rng=[one, 3])
    # a single noisy run may take one generator, as minimize does
    assert_same_run(minimize_batch(f, [1.0], gd.GD(), noise=1.0, rng=np.random.default_rng(5))[0],
                    gd.minimize(f, [1.0], gd.GD(), noise=1.0, rng=np.random.default_rng(5)))


@pytest.mark.parametrize("expr", ["1 - exp(-x**2 - y**2)", "sin(x)*cos(y)"])
def test_batches_of_exp_and_sin_objectives_are_the_single_runs(expr):
    """f with exp or sin: the batch evaluates it on contiguous float64 columns."""
    f = gd.Objective(expr)
    starts = np.random.default_rng(3).uniform(-2, 2, size=(6, 2))
    for opt in (gd.GD(lr=0.5), gd.Adam(lr=0.05)):
        batch = minimize_batch(f, starts, opt, max_iter=400, grad_tol=1e-9)
        for k, x0 in enumerate(starts):
            assert_same_run(batch[k], gd.minimize(f, x0, opt, max_iter=400, grad_tol=1e-9))
