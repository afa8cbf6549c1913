"""Fuzz gd.Objective and gd.check's formula parsing with atheris (not part of the test suite).

    .venv/bin/pip install atheris
    .venv/bin/python scripts/fuzz_objective.py --seconds 300

Runs libFuzzer in a child process with a time limit per input (-timeout, default 10 s) and a
memory limit (-rss_limit_mb, default 2048, plus RLIMIT_AS); any input that raises something
other than ObjectiveError/ValueError, hangs or eats memory is saved as crash-*/timeout-*/oom-*
in --out. Each input is read as UTF-8 text and tried as an objective (then evaluated at a point)
and as a quick-check answer.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker(argv: list[str]) -> None:
    import atheris

    sys.path.insert(0, str(ROOT))  # this checkout's gdkit, not an installed copy

    with atheris.instrument_imports(include=["gdkit"]):
        import numpy as np

        import gdkit as gd
        from gdkit.course.checks import Formula

    formula = Formula(question="?", answer="x**2 + cos(y)", hint="h")

    def one_input(data: bytes) -> None:
        text = data.decode("utf-8", errors="replace")
        try:
            f = gd.Objective(text)
        except gd.ObjectiveError:
            pass
        else:
            with np.errstate(all="ignore"):
                value, grad = f(np.full(f.dim, 0.5)), f.grad(np.full(f.dim, 0.5))
            assert isinstance(value, float) and grad.shape == (f.dim,)
        mark = formula.mark(text)
        assert mark.correct in (True, False)

    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300, help="total fuzzing time")
    parser.add_argument("--timeout", type=int, default=10, help="seconds per input")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory limit")
    parser.add_argument("--out", default="_build/fuzz", help="corpus and crash folder")
    args = parser.parse_args()
    out = Path(args.out)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    limit = (args.memory_mb + 1024) * 1024**2

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    command = [
        sys.executable,
        __file__,
        "--worker",
        f"-max_total_time={args.seconds}",
        f"-timeout={args.timeout}",
        f"-rss_limit_mb={args.memory_mb}",
        f"-artifact_prefix={out}/",
        "-max_len=200",
        str(out / "corpus"),
    ]
    result = subprocess.run(command, preexec_fn=limits, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = sorted(
        p.name for p in out.iterdir() if p.name.split("-")[0] in ("crash", "timeout", "oom")
    )
    print(f"fuzzer exit code {result.returncode}; findings: {found or 'none'}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker([sys.argv[0], *sys.argv[2:]])
    else:
        main()
