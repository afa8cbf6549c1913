"""Speed of gdkit's core loop (prints numbers, never asserts; see benchmarks/README.md).

(a) ``gd.minimize`` with GD, 10,000 steps on a 2-D quadratic, against hand-written NumPy loops
    doing the same work (update, loss, gradient, and recording path, losses and gradient norms):
    one calling the same SymPy-generated ``f`` and ``f.grad`` (the cost of minimize's machinery:
    goal at most 1.2 times the loop's time), and one with the gradient typed in as ``A @ θ``
    (what a symbolic objective costs on top, reported for information).
(b) gdkit's Adam against ``torch.optim.Adam`` on Rosenbrock, 10,000 steps: the whole loop
    (torch computing the gradient by autograd, as a reader would write it) and the optimiser
    update alone (same gradient fed to both). Goal: gdkit at least 20 times faster.
(c) Batched runs: K = 256 runs of 2,000 Adam steps on Rosenbrock from 256 starts, as one
    ``gd.descent.minimize_batch`` against 256 calls of ``gd.minimize`` (goal: at least 50 times
    faster) and against ``torch.optim.Adam`` on one (256, 2) parameter tensor, batched as a torch
    user would (if torch is importable).

Run from the repository root::

    python benchmarks/bench_core.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # gdkit from this checkout
import gdkit as gd  # noqa: E402

N_STEPS = 10_000
REPEATS = 5


def best_time(run, repeats: int = REPEATS) -> float:
    """The fastest of ``repeats`` runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


# -- (a) minimize vs a hand-written loop ---------------------------------------------------------


def numpy_gd(A: np.ndarray, x0, lr: float, n_steps: int):
    """Plain GD on ½ θᵀAθ, recording what minimize records."""
    theta = np.array(x0, dtype=float)
    grad = A @ theta
    path, losses, grad_norms = [theta], [0.5 * theta @ grad], [np.linalg.norm(grad)]
    for _ in range(n_steps):
        theta = theta - lr * grad
        grad = A @ theta
        path.append(theta)
        losses.append(0.5 * theta @ grad)
        grad_norms.append(np.linalg.norm(grad))
    return np.array(path), np.array(losses), np.array(grad_norms)


def same_callables_gd(f, x0, lr: float, n_steps: int):
    """Plain GD calling gdkit's own f and f.grad, recording what minimize records."""
    theta = np.array(x0, dtype=float)
    grad = f.grad(theta)
    path, losses, grad_norms = [theta], [f(theta)], [np.linalg.norm(grad)]
    for _ in range(n_steps):
        theta = theta - lr * grad
        grad = f.grad(theta)
        path.append(theta)
        losses.append(f(theta))
        grad_norms.append(np.linalg.norm(grad))
    return np.array(path), np.array(losses), np.array(grad_norms)


def bench_minimize() -> None:
    f = gd.functions.quadratic_bowl(condition_number=10, angle=30)
    A = f.hess([0.0, 0.0])
    x0, lr = [2.0, 1.0], 0.01  # slow enough that 10,000 steps stay well above underflow

    res = gd.minimize(f, x0, gd.GD(lr=lr), max_iter=N_STEPS, grad_tol=None)
    path, losses, _ = numpy_gd(A, x0, lr, N_STEPS)
    assert res.n_iter == N_STEPS and np.allclose(res.path, path) and np.allclose(res.losses, losses)

    t_gdkit = best_time(lambda: gd.minimize(f, x0, gd.GD(lr=lr), max_iter=N_STEPS, grad_tol=None))
    t_numpy = best_time(lambda: numpy_gd(A, x0, lr, N_STEPS))
    t_same = best_time(lambda: same_callables_gd(f, x0, lr, N_STEPS))
    print(f"(a) GD, {N_STEPS} steps on a 2-D quadratic")
    print(
        f"    gd.minimize        {t_gdkit * 1e3:8.1f} ms  ({t_gdkit / N_STEPS * 1e6:5.1f} µs/step)"
    )
    print(
        f"    loop, A @ θ        {t_numpy * 1e3:8.1f} ms  ({t_numpy / N_STEPS * 1e6:5.1f} µs/step)"
    )
    print(f"    loop, same f/grad  {t_same * 1e3:8.1f} ms  ({t_same / N_STEPS * 1e6:5.1f} µs/step)")
    ratio = t_gdkit / t_same
    verdict = "meets" if ratio <= 1.2 else "misses"
    print(f"    machinery ratio    {ratio:8.2f}x   ({verdict} the goal <= 1.2x: minimize / same-f loop)")
    print(f"    vs typed-in A @ θ  {t_gdkit / t_numpy:8.2f}x   (symbolic objective included; no goal)")


# -- (b) gdkit Adam vs torch.optim.Adam ---------------------------------------------------------


def gdkit_adam_steps(grad: np.ndarray, n_steps: int) -> np.ndarray:
    opt = gd.Adam(lr=1e-3)
    theta = np.array([-1.5, 2.0])
    state = opt.init(theta)
    for _ in range(n_steps):
        theta, state = opt.step(theta, grad, state)
    return theta


def bench_torch() -> None:
    try:
        import torch
    except ImportError:
        print("(b) torch is not installed: skipped the comparison with torch.optim.Adam")
        return
    torch.set_num_threads(1)
    f = gd.functions.rosenbrock()
    x0 = [-1.5, 2.0]

    def gdkit_loop():
        return gd.minimize(f, x0, gd.Adam(lr=1e-2), max_iter=N_STEPS, grad_tol=None)

    def torch_loop():
        p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([p], lr=1e-2)
        path, losses = [p.detach().clone()], []
        for _ in range(N_STEPS):
            opt.zero_grad()
            loss = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
            loss.backward()
            opt.step()
            losses.append(loss.item())
            path.append(p.detach().clone())
        return torch.stack(path).numpy(), np.array(losses)

    ours, theirs = gdkit_loop(), torch_loop()
    assert np.allclose(ours.path[:1000], theirs[0][:1000], atol=1e-9)

    grad = f.grad(x0)
    grad_t = torch.from_numpy(grad)

    def torch_steps():
        p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([p], lr=1e-3)
        for _ in range(N_STEPS):
            p.grad = grad_t
            opt.step()
        return p

    t_loop_gd, t_loop_torch = best_time(gdkit_loop, 3), best_time(torch_loop, 3)
    t_step_gd = best_time(lambda: gdkit_adam_steps(grad, N_STEPS), 3)
    t_step_torch = best_time(torch_steps, 3)
    print(f"(b) Adam, {N_STEPS} steps on Rosenbrock (torch {torch.__version__}, 1 thread)")
    for label, ours_t, theirs_t, has_goal in [
        ("whole loop (minimize vs autograd loop)", t_loop_gd, t_loop_torch, True),
        ("update only (opt.step, same gradient)", t_step_gd, t_step_torch, False),
    ]:
        speedup = theirs_t / ours_t
        verdict = "meets" if speedup >= 20 else "misses"
        goal = f"{verdict} the goal >= 20x" if has_goal else "reported: the goal is on the whole loop"
        print(f"    {label}")
        print(
            f"      gdkit {ours_t / N_STEPS * 1e6:6.1f} µs/step   torch {theirs_t / N_STEPS * 1e6:6.1f} "
            f"µs/step   gdkit is {speedup:5.1f}x faster ({goal})"
        )


# -- (c) batched runs ----------------------------------------------------------------------------

K_RUNS, K_STEPS = 256, 2_000


def bench_batch() -> None:
    from gdkit.descent import minimize_batch

    f = gd.functions.rosenbrock()
    starts = np.random.default_rng(0).uniform(-2.0, 2.0, size=(K_RUNS, 2))

    def batch():
        return minimize_batch(f, starts, gd.Adam(lr=1e-2), max_iter=K_STEPS, grad_tol=None)

    def singles(group=starts):
        return [
            gd.minimize(f, x0, gd.Adam(lr=1e-2), max_iter=K_STEPS, grad_tol=None) for x0 in group
        ]

    runs, one_by_one = batch(), singles()
    assert all(np.array_equal(a.path, b.path) for a, b in zip(runs, one_by_one))
    # The single runs take several seconds in all, time enough for a busy machine to slow some of
    # them: they are timed in 8 groups of starts, each group the best of 3, and the 8 times added
    # (every run is timed; the sum is at most the best of 3 whole passes, and closer to a quiet
    # machine's time). The batch is the best of 5. Before this scheme (one pass of the singles,
    # the batch the best of 3) the ratio swung from 32x to 72x between runs on a busy machine.
    t_batch = best_time(batch, 5)
    t_singles = sum(best_time(lambda group=group: singles(group), 3)
                    for group in np.array_split(starts, 8))
    speedup = t_singles / t_batch
    verdict = "meets" if speedup >= 50 else "misses"
    print(f"(c) {K_RUNS} runs of {K_STEPS} Adam steps on Rosenbrock (identical paths)")
    print(f"    minimize_batch     {t_batch * 1e3:8.1f} ms")
    print(f"    {K_RUNS} x minimize     {t_singles * 1e3:8.1f} ms   batch is {speedup:5.1f}x faster "
          f"({verdict} the goal >= 50x)")
    try:
        import torch
    except ImportError:
        print("    torch not installed")
        return
    torch.set_num_threads(1)

    def torch_batch():
        p = torch.tensor(starts, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([p], lr=1e-2)
        path, losses = [p.detach().clone()], []
        for _ in range(K_STEPS):
            opt.zero_grad()
            loss = (1 - p[:, 0]) ** 2 + 100 * (p[:, 1] - p[:, 0] ** 2) ** 2
            loss.sum().backward()
            opt.step()
            losses.append(loss.detach().clone())
            path.append(p.detach().clone())
        return torch.stack(path).numpy()

    theirs = torch_batch()
    ours = np.stack([run.path for run in runs], axis=1)
    assert np.allclose(ours[:200], theirs[:200], atol=1e-9)
    t_torch = best_time(torch_batch, 3)
    print(f"    torch (256, 2)     {t_torch * 1e3:8.1f} ms   batch is {t_torch / t_batch:5.1f}x "
          "faster than torch.optim.Adam on one (256, 2) tensor (no goal)")


if __name__ == "__main__":
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, best of {REPEATS} runs")
    bench_minimize()
    bench_torch()
    bench_batch()
