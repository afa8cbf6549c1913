"""Write the golden trajectories that tests/test_golden.py compares gdkit's optimisers with.

Each optimiser of :mod:`torch.optim` (float64, single-tensor code path) runs 1,000 steps on four
classic functions, with two hyper-parameter settings. The gradient torch sees is computed by
gdkit's own ``Objective.grad`` (NumPy) and assigned to ``p.grad``, so the comparison isolates the
update rule: same gradient function, same hyper-parameters, only the optimiser differs.

Run from the repository root (needs torch; the tests never do)::

    pip install torch==2.13.0
    python scripts/make_golden.py

Output: one ``tests/golden/<optimiser>.npz`` per optimiser, holding ``paths`` (runs × 1001 × 2,
θ_0 ... θ_1000) and ``meta``, a JSON string with the torch version and, for each run, the
function, the start point, the gdkit and torch arguments, and ``stable_steps``: how long the run
stays reproducible under rounding-level nudges (see :func:`stable_steps`).
"""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # gdkit from this checkout
import gdkit as gd  # noqa: E402

N_STEPS = 1000
N_NUDGED = 4  # runs with rounding-level nudges, per golden run, to find where it turns chaotic
HORIZON_TOL = 1e-13
OUT = Path(__file__).resolve().parent.parent / "tests" / "golden"

# name -> (constructor of the gdkit objective as a call string, start point θ_0)
FUNCTIONS = {
    "rosenbrock": ("rosenbrock()", (-1.5, 2.0)),
    "beale": ("beale()", (1.0, 1.0)),
    "bowl": ("quadratic_bowl(condition_number=10, angle=30)", (2.0, 1.0)),
    "saddle": ("saddle()", (1.0, 1e-3)),
}

# Learning rates for the optimisers whose step scales with the gradient (GD, Momentum,
# Nesterov): below 2/λ_max along each run, so nothing blows up (λ_max ≈ 2100 at the start of
# Rosenbrock, 78 at Beale's, 10 for the bowl; the saddle's y grows like (1 + 2α)^t). Momentum
# multiplies the step by up to 1/(1 - β), so its lr_factor is about 1 - β.
GRADIENT_LR = {"rosenbrock": 2e-4, "beale": 5e-3, "bowl": 0.05, "saddle": 2e-3}

# gdkit class name -> (torch.optim class, [(gdkit kwargs, torch kwargs), ...]): two settings
# each. "lr_factor" means lr = GRADIENT_LR[function] * lr_factor.
OPTIMIZERS = {
    "GD": (
        "SGD",
        [
            ({"lr_factor": 1.0}, {}),
            ({"lr_factor": 2.5}, {}),
        ],
    ),
    "Momentum": (
        "SGD",
        [
            ({"lr_factor": 0.1, "momentum": 0.9}, {"momentum": 0.9}),
            ({"lr_factor": 1.0, "momentum": 0.5}, {"momentum": 0.5}),
        ],
    ),
    "Nesterov": (
        "SGD",
        [
            ({"lr_factor": 0.1, "momentum": 0.9}, {"momentum": 0.9, "nesterov": True}),
            ({"lr_factor": 0.8, "momentum": 0.6}, {"momentum": 0.6, "nesterov": True}),
        ],
    ),
    "AdaGrad": (
        "Adagrad",
        [
            ({"lr": 0.1}, {"lr": 0.1, "eps": 1e-10}),
            ({"lr": 0.5, "eps": 1e-6}, {"lr": 0.5, "eps": 1e-6}),
        ],
    ),
    "RMSprop": (
        "RMSprop",
        [
            ({"lr": 1e-2, "rho": 0.99}, {"lr": 1e-2, "alpha": 0.99}),
            ({"lr": 3e-3, "rho": 0.9, "eps": 1e-6}, {"lr": 3e-3, "alpha": 0.9, "eps": 1e-6}),
        ],
    ),
    "Adam": (
        "Adam",
        [
            ({"lr": 1e-2}, {"lr": 1e-2}),
            (
                {"lr": 5e-3, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
                {"lr": 5e-3, "betas": (0.8, 0.99), "eps": 1e-6},
            ),
        ],
    ),
    "AdamW": (
        "AdamW",
        [
            ({"lr": 1e-2}, {"lr": 1e-2}),
            (
                {"lr": 5e-3, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.1},
                {"lr": 5e-3, "betas": (0.8, 0.99), "weight_decay": 0.1},
            ),
        ],
    ),
    "AMSGrad": (
        "Adam",
        [
            ({"lr": 1e-2}, {"lr": 1e-2, "amsgrad": True}),
            (
                {"lr": 5e-3, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
                {"lr": 5e-3, "betas": (0.8, 0.99), "eps": 1e-6, "amsgrad": True},
            ),
        ],
    ),
    "NAdam": (
        "NAdam",
        [
            ({"lr": 1e-2}, {"lr": 1e-2}),
            (
                {"lr": 5e-3, "beta1": 0.8, "beta2": 0.99, "momentum_decay": 0.01},
                {"lr": 5e-3, "betas": (0.8, 0.99), "momentum_decay": 0.01},
            ),
        ],
    ),
    "Adadelta": (
        "Adadelta",
        [
            ({"lr": 1.0}, {"lr": 1.0}),
            ({"lr": 0.5, "rho": 0.95, "eps": 1e-4}, {"lr": 0.5, "rho": 0.95, "eps": 1e-4}),
        ],
    ),
}


def make_objective(call: str) -> gd.Objective:
    """``"beale()"`` -> ``gd.functions.beale()`` (the call strings are ours, fixed above)."""
    name, _, args = call.partition("(")
    kwargs = dict(
        (key.strip(), float(value))
        for key, value in (a.split("=") for a in args[:-1].split(",") if a)
    )
    return getattr(gd.functions, name)(**kwargs)


def torch_run(
    f: gd.Objective, x0, torch_class: str, kwargs: dict, rng: np.random.Generator | None = None
) -> np.ndarray:
    """θ_0 ... θ_N from ``torch.optim.<torch_class>``, fed gdkit's gradient at each θ.

    With ``rng``, each gradient is multiplied by 1 + 2⁻⁵² z (z standard normal): a rounding-sized
    nudge per step, to measure how far rounding alone moves this run.
    """
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, torch_class)([p], foreach=False, **kwargs)
    path = np.empty((N_STEPS + 1, len(x0)))
    path[0] = p.detach().numpy()
    for t in range(1, N_STEPS + 1):
        grad = f.grad(path[t - 1])
        if rng is not None:
            grad = grad * (1 + 2.0**-52 * rng.standard_normal(grad.shape))
        p.grad = torch.from_numpy(grad)
        opt.step()
        path[t] = p.detach().numpy()
    return path


def stable_steps(f, x0, torch_class, kwargs, path: np.ndarray, seed: int) -> int:
    """How many steps this run stays reproducible when every step is nudged at rounding level.

    Some runs are chaotic: an adaptive optimiser hovering near a minimum, or Beale's x starting
    where its gradient is exactly 0, turns a 1-ulp difference into a visible one within a few
    hundred steps. Torch then disagrees with itself, so no other implementation can be held to
    1e-12 beyond that point. We rerun torch with per-step nudges (:func:`torch_run` with an rng)
    and return the last step t such that all nudged runs stay within ``HORIZON_TOL`` (relative to
    max(1, |θ|)) of ``path`` up to t; N_STEPS for a well-conditioned run.
    """
    rng = np.random.default_rng(seed)
    scale = np.maximum(1.0, np.abs(path))
    separation = np.zeros(N_STEPS + 1)
    for _ in range(N_NUDGED):
        nudged = torch_run(f, x0, torch_class, kwargs, rng)
        separation = np.maximum(separation, np.max(np.abs(nudged - path) / scale, axis=1))
    beyond = np.flatnonzero(separation > HORIZON_TOL)
    return int(beyond[0]) - 1 if beyond.size else N_STEPS


def main() -> None:
    # torch keeps the step count and NAdam's μ-product in tensors of the default dtype: float64
    # keeps them exact, as in gdkit (with float32, NAdam's Π_t would be rounded to 7 digits).
    torch.set_default_dtype(torch.float64)
    OUT.mkdir(parents=True, exist_ok=True)
    for gd_name, (torch_class, settings) in OPTIMIZERS.items():
        runs, paths = [], []
        for fname, (call, x0) in FUNCTIONS.items():
            f = make_objective(call)
            for gd_kwargs, torch_kwargs in settings:
                gd_kwargs, torch_kwargs = dict(gd_kwargs), dict(torch_kwargs)
                factor = gd_kwargs.pop("lr_factor", None)
                if factor is not None:
                    gd_kwargs["lr"] = torch_kwargs["lr"] = GRADIENT_LR[fname] * factor
                path = torch_run(f, x0, torch_class, torch_kwargs)
                if not np.all(np.isfinite(path)) or np.abs(path).max() > 1e12:
                    raise RuntimeError(f"{gd_name} {gd_kwargs} on {fname} left the safe range")
                runs.append(
                    {
                        "function": fname,
                        "objective": call,
                        "x0": list(x0),
                        "optimizer": gd_name,
                        "gdkit_kwargs": gd_kwargs,
                        "torch_class": torch_class,
                        "torch_kwargs": torch_kwargs,
                    }
                )
                paths.append(path)
                runs[-1]["stable_steps"] = stable_steps(
                    f, x0, torch_class, torch_kwargs, path, seed=len(runs)
                )
        meta = {
            "torch_version": torch.__version__,
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "n_steps": N_STEPS,
            "dtype": "float64",
            "gradient": "gdkit Objective.grad (NumPy), assigned to p.grad before each step",
            "torch_options": "foreach=False, default dtype float64",
            "horizon": (
                f"stable_steps: steps during which {N_NUDGED} torch reruns with a relative 2^-52 "
                f"nudge on every gradient stay within {HORIZON_TOL:g} of the path"
            ),
            "runs": runs,
        }
        target = OUT / f"{gd_name.lower()}.npz"
        np.savez_compressed(target, paths=np.stack(paths), meta=np.array(json.dumps(meta)))
        horizons = [run["stable_steps"] for run in runs]
        print(f"{target.relative_to(OUT.parent.parent)}: {len(runs)} runs, stable {horizons}")


if __name__ == "__main__":
    main()
