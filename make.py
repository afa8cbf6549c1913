#!/usr/bin/env python3
"""The project's two commands, for a fresh machine that has only Python.

    python make.py book   build the HTML book, executing every notebook
    python make.py test   lint, unit tests, strict notebook tests and browser tests

Both create ``.venv`` on first use and install this package into it with the extras they need
(``pip install -e .[book]`` or ``.[book,test]``); they reinstall only when pyproject.toml
changes. ``test`` also installs Debian's chromium and poppler-utils with apt-get when they are
missing (this needs root).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".gdkit-install.json"

BUILD = ROOT / "_build"
BOOK_HTML = BUILD / "html"
# The test build reuses the notebooks' stored outputs (no execution) and lives apart from the
# real build, with its own doctrees, so the two never invalidate each other.
TEST_BUILD = BUILD / "test"
TEST_HTML = TEST_BUILD / "_build" / "html"
TEST_CONFIG = TEST_BUILD / "_config.yml"

CHROMIUM = Path("/usr/bin/chromium")
LINT_PATHS = ["make.py", "gdkit", "tests", "benchmarks", "scripts"]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def venv_env() -> dict[str, str]:
    """Environment for commands run inside .venv (kernels included)."""
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONHOME", None)
    env.pop("PYTHONPATH", None)
    # Kernels and kernelspecs come from .venv, never from ~/.local or the system.
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    env["PYTHONNOUSERSITE"] = "1"
    # Kernels must use matplotlib's inline backend: never inherit a non-GUI default here.
    env.pop("MPLBACKEND", None)
    # Python 3.11+ kernels warn about frozen modules on stderr when debugging is possible.
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def run(cmd: list[str | Path], *, check: bool = True, env: dict[str, str] | None = None) -> int:
    print("+ " + " ".join(str(c) for c in cmd), flush=True)
    code = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env or venv_env()).returncode
    if check and code != 0:
        sys.exit(f"error: command failed with exit code {code}: {cmd[0]}")
    return code


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(packages: list[str], reason: str) -> None:
    if not shutil.which("apt-get"):
        sys.exit(f"error: {reason}, and apt-get is not available: install {packages} yourself")
    if not is_root():
        sys.exit(
            f"error: {reason}. Run as root so make.py can install it, or install it yourself:\n"
            f"    sudo apt-get update && sudo apt-get install -y {' '.join(packages)}"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    say(f"{reason}: installing {' '.join(packages)} with apt-get")
    run(["apt-get", "update"], env=env)
    run(["apt-get", "install", "-y", *packages], env=env)


def create_venv() -> None:
    say(f"creating {VENV.relative_to(ROOT)}")
    code = run([sys.executable, "-m", "venv", VENV], check=False, env=dict(os.environ))
    if code != 0 or not PYTHON.exists():
        # Debian and Ubuntu ship venv's pip bootstrap in a separate package.
        shutil.rmtree(VENV, ignore_errors=True)
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        apt_install([f"python{version}-venv"], "python cannot create a virtual environment")
        run([sys.executable, "-m", "venv", VENV], env=dict(os.environ))
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])


def ensure_venv(extras: list[str]) -> None:
    """Create .venv if needed and install ``-e .[extras]`` unless already done."""
    if not PYTHON.exists():
        create_venv()
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes()
    ).hexdigest()
    installed: dict = {}
    if STAMP.exists():
        installed = json.loads(STAMP.read_text())
    if installed.get("pyproject") == digest and set(extras) <= set(installed.get("extras", [])):
        print(f"{VENV.relative_to(ROOT)} is up to date (extras: {', '.join(extras)})")
        return
    # Keep what an earlier command installed (book + test), unless pyproject changed.
    if installed.get("pyproject") == digest:
        extras = sorted(set(extras) | set(installed.get("extras", [])))
    say(f"installing -e .[{','.join(extras)}] into {VENV.relative_to(ROOT)}")
    run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f".[{','.join(extras)}]"])
    STAMP.write_text(json.dumps({"pyproject": digest, "extras": extras}))


def ensure_system_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append("chromium")
    if not shutil.which("pdfinfo"):
        missing.append("poppler-utils")
    if missing:
        apt_install(missing, f"the browser tests need {' and '.join(missing)}")


def jupyter_book(*args: str | Path, check: bool = True) -> int:
    return run([BIN / "jupyter-book", "build", ".", "-W", "-n", "--keep-going", *args], check=check)


def write_test_config() -> None:
    """A copy of _config.yml that renders the stored outputs instead of executing."""
    import yaml  # installed in .venv with jupyter-book; imported lazily (see main)

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    TEST_CONFIG.write_text(
        "# Generated by make.py test from _config.yml: do not edit.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf8",
    )


def book() -> int:
    ensure_venv(["book"])
    say("building the book (every notebook is executed)")
    start = time.perf_counter()
    shutil.rmtree(BOOK_HTML, ignore_errors=True)  # no stale pages from an earlier toc
    code = jupyter_book("--all", check=False)
    seconds = time.perf_counter() - start
    if code != 0:
        print(f"\nerror: the book build failed after {seconds:.0f} s (see the messages above)")
        return code
    print(f"\nThe book is at {BOOK_HTML / 'index.html'}")
    print(f"Build time: {seconds:.0f} s")
    return 0


def test() -> int:
    ensure_venv(["book", "test"])
    ensure_system_tools()
    timings: list[tuple[str, float]] = []
    failures: list[str] = []

    def stage(name: str, cmd: list[str | Path]) -> None:
        say(name)
        start = time.perf_counter()
        code = run(cmd, check=False)
        timings.append((name, time.perf_counter() - start))
        if code != 0:
            failures.append(f"{name} (exit code {code})")

    stage("ruff", [BIN / "ruff", "check", *[p for p in LINT_PATHS if (ROOT / p).exists()]])

    # Imported here, from .venv's site-packages, so make.py itself needs only the stdlib.
    run([PYTHON, str(Path(__file__).resolve()), "_write-test-config"])
    shutil.rmtree(TEST_HTML, ignore_errors=True)
    stage(
        "building the book for the browser tests (stored outputs, no execution)",
        [BIN / "jupyter-book", "build", ".", "-W", "-n", "--keep-going", "--all",
         "--config", TEST_CONFIG, "--path-output", TEST_BUILD],
    )

    pytest_args: list[str | Path] = [
        BIN / "python", "-m", "pytest", "tests", "chapters", "gdkit", "--doctest-modules",
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", SANITIZE,
        "--nbval-cell-timeout=300", "-p", "no:cacheprovider", "-ra",
    ]
    if subprocess.run([PYTHON, "-c", "import xdist"], capture_output=True).returncode == 0:
        # Two workers. --dist loadscope keeps each notebook's cells (and each test module)
        # together in one worker, in order, as nbval requires.
        pytest_args += ["-n", "2", "--dist", "loadscope"]
    os.environ["GD_BOOK_HTML"] = str(TEST_HTML)
    stage("pytest: unit tests, notebooks (nbval, strict) and browser tests", pytest_args)

    say("timings")
    for name, seconds in timings:
        print(f"  {seconds:6.0f} s  {name}")
    if failures:
        print("\nFAILED: " + "; ".join(failures))
        return 1
    print("\nAll checks passed.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["book", "test", "_write-test-config"])
    command = parser.parse_args().command
    if command == "_write-test-config":  # internal step, runs inside .venv
        write_test_config()
        return 0
    return book() if command == "book" else test()


if __name__ == "__main__":
    sys.exit(main())
