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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".gdkit-install.json"
LOCK = ROOT / "requirements" / "lock.txt"
LOWER = ROOT / "requirements" / "lower-bounds.txt"
LOWER_VENV = ROOT / ".venv-lower"
LOWER_PYTHON = LOWER_VENV / BIN.name / PYTHON.name
# The Python the stored outputs are produced with (CI's); Binder uses the same.
BINDER_PYTHON = "3.11.7"

BUILD = ROOT / "_build"
BOOK_HTML = BUILD / "html"
# Sphinx's own output (jupyter-book --path-output): kept between builds, so that Sphinx writes
# only the pages that changed (scripts/build_book.py); BOOK_HTML is a postprocessed copy of it.
SPHINX_OUT = BUILD / ".sphinx"
SPHINX_HTML = SPHINX_OUT / "_build" / "html"
# The test build reuses the notebooks' stored outputs (no execution) and lives apart from the
# real build, with its own doctrees, so the two never invalidate each other.
TEST_BUILD = BUILD / "test"
TEST_HTML = TEST_BUILD / "_build" / "html"
TEST_CONFIG = TEST_BUILD / "_config.yml"
# jupyter-cache of the executed notebooks (execute_notebooks: cache in _config.yml).
EXEC_CACHE = BUILD / ".jupyter_cache"
# Written after a successful book build: what it depended on (see book()).
BUILD_OK = BUILD / ".gd-build-ok"

CHROMIUM = Path("/usr/bin/chromium")
LINT_PATHS = ["make.py", "gdkit", "tests", "benchmarks", "scripts"]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def venv_env(venv: Path = VENV) -> dict[str, str]:
    """Environment for commands run inside a virtual environment (kernels included)."""
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / BIN.name}{os.pathsep}{env.get('PATH', '')}"
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


def ensure_venv() -> None:
    """Create .venv if needed and install the lock, then gdkit itself, unless already done.

    Both commands install the same exact versions (requirements/lock.txt, every package of the
    book and the tests), so the outputs a reader sees and the ones CI compares come from one
    environment. They reinstall only when the lock or pyproject.toml changes.
    """
    if VENV.is_symlink():
        # a copy of the project borrowing another checkout's .venv (benchmarks/bench_build.py):
        # installing here would point that checkout's editable gdkit at this copy
        print(f"{VENV.relative_to(ROOT)} is borrowed (a symbolic link): nothing is installed")
        return
    if not PYTHON.exists():
        create_venv()
    digest = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    installed: dict = {}
    if STAMP.exists():
        installed = json.loads(STAMP.read_text())
    if installed.get("lock") == digest:
        print(f"{VENV.relative_to(ROOT)} is up to date with {LOCK.relative_to(ROOT)}")
        return
    say(f"installing {LOCK.relative_to(ROOT)} and gdkit into {VENV.relative_to(ROOT)}")
    run([PYTHON, "-m", "pip", "install", "--quiet", "-r", LOCK])
    run([PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", "."])
    STAMP.write_text(json.dumps({"lock": digest}))


def lock() -> int:
    """Re-resolve requirements/lock.txt from pyproject.toml (maintainers, after a bump)."""
    if not PYTHON.exists():
        create_venv()
    if subprocess.run([PYTHON, "-m", "uv", "--version"], capture_output=True).returncode != 0:
        run([PYTHON, "-m", "pip", "install", "--quiet", "uv"])
    run([PYTHON, "-m", "uv", "pip", "compile", "pyproject.toml", "--extra", "book", "--extra",
         "test", "--universal", "--python-version", "3.10", "--quiet", "-o", LOCK])
    run([PYTHON, str(Path(__file__).resolve()), "_binder-environment"])
    print(f"\nWrote {LOCK.relative_to(ROOT)} and environment.yml. Next: python make.py book "
          "(or scripts/run_notebooks.py), then python make.py test, and commit all three.")
    return 0


def locked_versions(python: str = BINDER_PYTHON) -> dict[str, str]:
    """Exact versions in the lock that apply to Linux CPython ``python`` (e.g. "3.11.7").

    Runs inside .venv (it needs ``packaging``, which pip brings).
    """
    from packaging.markers import Marker  # lazily: make.py itself needs only the stdlib

    env = {"python_full_version": python, "python_version": ".".join(python.split(".")[:2]),
           "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
           "implementation_name": "cpython", "platform_python_implementation": "CPython",
           "platform_machine": "x86_64"}
    versions = {}
    for line in LOCK.read_text().splitlines():
        spec, _, marker = line.split("#")[0].partition(";")
        if "==" not in spec or (marker.strip() and not Marker(marker.strip()).evaluate(env)):
            continue
        name, version = (x.strip() for x in spec.split("=="))
        versions[name.lower()] = version
    return versions


BINDER_PINNED = ["numpy", "sympy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab"]


def write_binder_environment() -> None:
    versions = locked_versions()
    pins = "\n".join(
        f"      - {name}=={versions[name]}" if name in versions else f"      - {name}"
        for name in BINDER_PINNED
    )
    (ROOT / "environment.yml").write_text(
        "# Environment for Binder (repo2docker builds this, then runs postBuild).\n"
        "# Generated by `python make.py lock` from requirements/lock.txt: the packages that shape\n"
        f"# the chapters' outputs at the versions the book was executed with (Python {BINDER_PYTHON}).\n"
        "name: gradient-descent\nchannels:\n  - conda-forge\ndependencies:\n"
        f"  - python={BINDER_PYTHON.rsplit('.', 1)[0]}\n  - pip\n  - pip:\n{pins}\n",
        encoding="utf8",
    )


def ensure_lower_venv(before_gdkit=None) -> None:
    """.venv-lower: gdkit at the lowest versions it claims to support, for one execution test.

    ``before_gdkit()``, if given, is called between installing the requirements and gdkit
    itself (test() waits there for .venv's own editable install: two at once would both write
    gdkit.egg-info in the checkout)."""
    if not LOWER_PYTHON.exists():
        say(f"creating {LOWER_VENV.relative_to(ROOT)}")
        run([sys.executable, "-m", "venv", LOWER_VENV], env=dict(os.environ))
    digest = hashlib.sha256(LOWER.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = LOWER_VENV / ".gdkit-install.json"
    if stamp.exists() and json.loads(stamp.read_text()).get("lower") == digest:
        return
    say(f"installing {LOWER.relative_to(ROOT)} and gdkit into {LOWER_VENV.relative_to(ROOT)}")
    env = venv_env(LOWER_VENV)
    run([LOWER_PYTHON, "-m", "pip", "install", "--quiet", "-r", LOWER], env=env)
    if before_gdkit is not None:
        before_gdkit()
    run([LOWER_PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", "."], env=env)
    stamp.write_text(json.dumps({"lower": digest}))


BLAS_PROBE = (
    "import numpy, threadpoolctl\n"
    "info = [i for i in threadpoolctl.threadpool_info() if i.get('internal_api') == 'openblas']\n"
    "print(info[0].get('architecture', '?') if info else 'not-openblas')"
)


def blas_kernel(env: dict[str, str]) -> str:
    """The OpenBLAS kernel numpy uses under ``env`` (threadpoolctl reports it)."""
    out = subprocess.run([PYTHON, "-c", BLAS_PROBE], env=env, capture_output=True, text=True)
    return out.stdout.strip() or f"unknown ({out.stderr.strip()[-200:]})"


def other_blas_kernel(current: str) -> str:
    """A kernel other than ``current`` that this CPU can run."""
    import platform

    if platform.machine() not in ("x86_64", "AMD64"):
        return "ARMV8" if current.upper() != "ARMV8" else "NEOVERSEN1"
    # Sandybridge (AVX) runs on every x86-64 CPU of the last decade; Nehalem (SSE4) on all.
    return "Nehalem" if current.lower() == "sandybridge" else "Sandybridge"


def ensure_system_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append("chromium")
    if not shutil.which("pdfinfo"):
        missing.append("poppler-utils")
    if missing:
        apt_install(missing, f"the browser tests need {' and '.join(missing)}")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def sphinx_jobs() -> int:
    """Sphinx processes for reading and writing pages: $GD_SPHINX_JOBS, else 1.

    Sphinx's parallel build gives the same HTML but costs a quarter more CPU (forks, pickled
    environments), and on a shared 2-core machine it was not faster than one process
    (benchmarks/bench_build.py --sphinx-jobs 2 compares)."""
    return max(1, int(os.environ.get("GD_SPHINX_JOBS") or 1))


def jupyter_book(*args: str | Path, check: bool = True) -> int:
    """``jupyter-book build . -W -n --keep-going ARGS`` through scripts/build_book.py.

    The same command and checks, run in-process with pybtex's plugin look-up memoised, the
    option of Sphinx's parallel build (``--jobs``), and every page rewritten when what pages
    show of each other changed (otherwise Sphinx writes only the changed pages into its kept
    output): the same HTML, faster (see that script)."""
    return run([PYTHON, "scripts/build_book.py", "--jobs", str(sphinx_jobs()), ".", "-W", "-n",
                "--keep-going", *args], check=check)


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


FLASHCARDS_CACHE = BUILD / ".gd-flashcards"


def build_flashcards(html: Path) -> None:
    """The Anki deck (.apkg and .txt), into the built site where the flashcards page links it.

    Made again only when what it is made from changed (the script, the glossary, the
    self-check page, gdkit's quick-check bank or the lock: see execution_key); otherwise the
    deck of the last build is copied."""
    revision = ROOT / "chapters" / "revision"
    key = hashlib.sha256(b"\0".join(
        [(ROOT / "scripts" / "build_flashcards.py").read_bytes(),
         (revision / "glossary.md").read_bytes(), (revision / "self_check.md").read_bytes(),
         execution_key().encode()])).hexdigest()[:24]
    cached = FLASHCARDS_CACHE / key
    if not cached.is_dir():
        shutil.rmtree(FLASHCARDS_CACHE, ignore_errors=True)
        partial = FLASHCARDS_CACHE / f"{key}.partial"
        run([PYTHON, "scripts/build_flashcards.py", "--out", partial])
        partial.rename(cached)
    else:
        print(f"flashcards: unchanged since the last build (copied from {cached.relative_to(ROOT)})")
    shutil.copytree(cached, html / "flashcards", dirs_exist_ok=True)


def execution_key() -> str:
    """What every notebook's execution depends on besides its own code cells.

    gdkit's sources (the package is installed editable, so these are what the kernels import),
    the lock (every library's version) and pyproject.toml. The cache is emptied when it changes.
    """
    digest = hashlib.sha256()
    files = sorted(p for p in (ROOT / "gdkit").rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    for path in [*files, LOCK, ROOT / "pyproject.toml"]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def book_notebooks() -> list[Path]:
    """The toc's pages that are notebooks (.ipynb), in toc order."""
    import re

    names = re.findall(r"^\s*(?:-\s*)?(?:file|root):\s*(\S+)", (ROOT / "_toc.yml").read_text(),
                       re.MULTILINE)
    return [ROOT / f"{name}.ipynb" for name in names if (ROOT / f"{name}.ipynb").is_file()]


def execute_notebooks() -> None:
    """Execute the notebooks that the cache lacks, in parallel (scripts/execute_book.py)."""
    key = execution_key()
    stamp = EXEC_CACHE / "gd-key.txt"
    if EXEC_CACHE.exists() and (not stamp.exists() or stamp.read_text().strip() != key):
        say("gdkit, the lock or pyproject.toml changed: emptying the execution cache")
        shutil.rmtree(EXEC_CACHE)
    EXEC_CACHE.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key + "\n")
    # What execution depends on in the notebooks themselves, a stricter key than jupyter-cache's
    # (every non-markdown cell with its metadata, the kernelspec): when it is the one of the
    # last check that found every notebook in the cache, the check is not run again (it starts
    # a Python with jupyter-cache and hashes every notebook: seconds on a loaded machine).
    notebooks = book_notebooks()
    checked = EXEC_CACHE / "gd-checked.txt"
    code = notebooks_code_digest(notebooks)
    if checked.exists() and checked.read_text().strip() == code:
        print(f"execute_book: {len(notebooks)} notebook(s) up to date in the cache (no code "
              "cell changed since the last check)")
        return
    checked.unlink(missing_ok=True)
    jobs = max(1, min(cores(), 4))
    # A failure is not fatal here: the build executes that notebook again and reports it.
    if run([PYTHON, "scripts/execute_book.py", "--cache", EXEC_CACHE, "--jobs", str(jobs),
            *notebooks], check=False) == 0:
        checked.write_text(code + "\n")


def notebooks_code_digest(notebooks: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf8"))
        cells = [[c.get("cell_type"), c.get("source"), c.get("metadata")]
                 for c in nb.get("cells", []) if c.get("cell_type") != "markdown"]
        digest.update(json.dumps([path.relative_to(ROOT).as_posix(), nb.get("nbformat"),
                                  nb.get("metadata", {}).get("kernelspec"), cells],
                                 sort_keys=True).encode() + b"\0")
    return digest.hexdigest()


def postprocess(html: Path, phases: dict[str, float] | None = None) -> None:
    """Lighter pages (scripts/postprocess_html.py), then the Anki deck."""
    start = time.perf_counter()
    run([PYTHON, "scripts/postprocess_html.py", html])
    middle = time.perf_counter()
    build_flashcards(html)
    if phases is not None:
        phases["postprocess"] = middle - start
        phases["flashcards"] = time.perf_counter() - middle


def book() -> int:
    ensure_venv()
    say("building the book (notebooks executed in parallel, cached on their code, gdkit "
        "and the lock)")
    start = time.perf_counter()
    execute_notebooks()
    phases = {"execution": time.perf_counter() - start}
    # Sphinx re-reads and rewrites only the pages whose source changed (the others come from
    # its saved environment and its kept output in _build/.sphinx), and every page when what
    # pages show of each other changed (titles, the toc, cross-references, numbers, citations:
    # scripts/build_book.py), unless something every page depends on changed, or the last
    # build failed: then it starts afresh (--all, and its old pages removed), so that a warning
    # of an unchanged page still fails the build (-W) until it is fixed.
    # (book/static too: every page links its files with a checksum of their content.)
    full_key = execution_key() + hashlib.sha256(b"".join(
        [(ROOT / name).read_bytes() for name in ("_toc.yml", "_config.yml", "references.bib")
         if (ROOT / name).exists()]
        + [p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes()
           for p in sorted((ROOT / "book" / "static").rglob("*")) if p.is_file()])).hexdigest()
    last_ok = BUILD_OK.read_text().strip() if BUILD_OK.exists() else ""
    BUILD_OK.unlink(missing_ok=True)
    fresh = last_ok != full_key or not (SPHINX_HTML / "index.html").is_file()
    if fresh:
        shutil.rmtree(SPHINX_HTML, ignore_errors=True)  # no stale pages from an earlier toc
        for old in (BUILD / ".doctrees", BUILD / "jupyter_execute"):  # the layout before
            shutil.rmtree(old, ignore_errors=True)
    sphinx_start = time.perf_counter()
    code = jupyter_book(*(["--all"] if fresh else []), "--path-output", SPHINX_OUT, check=False)
    phases["Sphinx"] = time.perf_counter() - sphinx_start
    seconds = time.perf_counter() - start
    if code != 0:
        print(f"\nerror: the book build failed after {seconds:.0f} s (see the messages above)")
        return code
    BUILD_OK.write_text(full_key + "\n")
    # postprocess_html.py rewrites the pages it reads: it works on a copy, so that Sphinx's
    # output stays as Sphinx wrote it, and every page is postprocessed together (the math
    # font is cut down to the characters of all pages).
    shutil.rmtree(BOOK_HTML, ignore_errors=True)
    shutil.copytree(SPHINX_HTML, BOOK_HTML)
    postprocess(BOOK_HTML, phases)
    seconds = time.perf_counter() - start
    print(f"\nThe book is at {BOOK_HTML / 'index.html'}")
    print(f"Build time: {seconds:.0f} s (" + ", ".join(f"{name} {t:.1f} s" for name, t in
                                                phases.items()) + ")")
    return 0


def pdf() -> int:
    """The whole book as one PDF, and the HTML site as a zip, from the built book."""
    ensure_venv()
    if not (BOOK_HTML / "index.html").is_file():
        code = book()
        if code != 0:
            return code
    ensure_system_tools()
    say("printing every page of the book to PDF (headless chromium)")
    run([PYTHON, "scripts/print_pdf.py", "--book", "--html", BOOK_HTML, "--out", BUILD / "pdf"])
    target = BUILD / "gradient-descent-html.zip"
    target.unlink(missing_ok=True)
    say(f"zipping the HTML site into {target.relative_to(ROOT)}")
    # The site in a top folder of its own; open gradient-descent-html/index.html after unzipping.
    import zipfile

    downloads = BOOK_HTML / "downloads"  # served by the site: the intro links both files here
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(BOOK_HTML.rglob("*")):
            if path.is_file() and downloads not in path.parents:
                archive.write(path, "gradient-descent-html/" + path.relative_to(BOOK_HTML).as_posix())
    downloads.mkdir(exist_ok=True)
    for made in (BUILD / "pdf" / "gradient-descent.pdf", target):
        shutil.copy2(made, downloads / made.name)
    print(f"\n{BUILD / 'pdf' / 'gradient-descent.pdf'}\n{target}\n(both also in "
          f"{downloads.relative_to(ROOT)}/, linked from the intro)")
    return 0


class _InBackground(threading.Thread):
    """``target()`` in a thread; ``wait()`` joins it and returns the exception it raised (None
    if it finished)."""

    def __init__(self, target) -> None:
        super().__init__(daemon=True)
        self.target, self.error = target, None

    def run(self) -> None:
        try:
            self.target()
        except (SystemExit, Exception) as error:  # reported by wait(), in the main thread
            self.error = error

    def wait(self) -> BaseException | None:
        self.join()
        return self.error


def test() -> int:
    # .venv-lower serves only the last stages, so it is installed in a background thread from
    # the start, alongside .venv's install and the stages before it (on a fresh clone that
    # saves the half minute it takes; gdkit itself goes in after .venv's own editable install).
    venv_done = threading.Event()
    lower_venv = _InBackground(lambda: ensure_lower_venv(before_gdkit=venv_done.wait))
    lower_venv.start()
    ensure_venv()
    venv_done.set()
    ensure_system_tools()
    timings: list[tuple[str, float]] = []
    failures: list[str] = []

    def stage(name: str, cmd: list[str | Path], env: dict[str, str] | None = None) -> None:
        say(name)
        start = time.perf_counter()
        code = run(cmd, check=False, env=env)
        timings.append((name, time.perf_counter() - start))
        if code != 0:
            failures.append(f"{name} (exit code {code})")

    stage("ruff", [BIN / "ruff", "check", *[p for p in LINT_PATHS if (ROOT / p).exists()]])

    # Imported here, from .venv's site-packages, so make.py itself needs only the stdlib.
    run([PYTHON, str(Path(__file__).resolve()), "_write-test-config"])
    shutil.rmtree(TEST_HTML, ignore_errors=True)
    stage(
        "building the book for the browser tests (stored outputs, no execution)",
        [PYTHON, "scripts/build_book.py", "--jobs", str(sphinx_jobs()), ".", "-W", "-n",
         "--keep-going", "--all", "--config", TEST_CONFIG, "--path-output", TEST_BUILD],
    )
    postprocess(TEST_HTML)

    pytest_args: list[str | Path] = [
        BIN / "python", "-m", "pytest", "tests", "chapters", "gdkit", "--doctest-modules",
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", SANITIZE,
        "--nbval-cell-timeout=300", "-p", "no:cacheprovider", "-ra", "--durations=25",
    ]
    if subprocess.run([PYTHON, "-c", "import xdist"], capture_output=True).returncode == 0:
        # Two workers. --dist loadscope keeps each notebook's cells (and each test module)
        # together in one worker, in order, as nbval requires.
        pytest_args += ["-n", "2", "--dist", "loadscope"]
    os.environ["GD_BOOK_HTML"] = str(TEST_HTML)
    os.environ["HYPOTHESIS_PROFILE"] = "ci"  # the same examples every run (tests/conftest.py)
    kernel = blas_kernel(venv_env())
    stage(f"pytest: unit tests, notebooks (nbval, strict; OpenBLAS kernel {kernel}) and "
          "browser tests", pytest_args)

    # The stored outputs must not depend on the CPU's BLAS kernel: compare them again under
    # another OpenBLAS kernel that every x86-64 CPU can run.
    other_env = dict(venv_env(), OPENBLAS_CORETYPE=other_blas_kernel(kernel))
    other = blas_kernel(other_env)
    nbval_args = [a for a in pytest_args if a not in ("tests", "gdkit", "--doctest-modules")]
    if other == kernel:
        print(f"\nerror: could not select a second OpenBLAS kernel (both runs use {kernel})")
        failures.append("second BLAS kernel")
    else:
        stage(f"nbval again under OpenBLAS kernel {other}", nbval_args, env=other_env)

    # Every chapter must also run at the lowest versions pyproject.toml allows (Colab and
    # `pip install gdkit` users have their own numpy), with Colab's ipywidgets 7.7.1.
    error = lower_venv.wait()
    if error is not None:
        print(f"\nerror: could not install {LOWER_VENV.relative_to(ROOT)}: {error}")
        failures.append(f"installing {LOWER_VENV.relative_to(ROOT)}")
    else:
        stage("every chapter executes at the lower bounds (requirements/lower-bounds.txt)",
              [LOWER_PYTHON, "scripts/run_notebooks.py", "--check"], env=venv_env(LOWER_VENV))
        stage("the live widget and the Colab install at the lower bounds (ipywidgets 7.7.1)",
              [LOWER_PYTHON, "-m", "pytest", "tests/test_widget_live.py",
               "tests/test_colab_install.py", "-q", "-p", "no:cacheprovider"],
              env=venv_env(LOWER_VENV))

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
    parser.add_argument("command", choices=["book", "test", "pdf", "lock", "_write-test-config",
                                                "_binder-environment"])
    command = parser.parse_args().command
    if command == "_write-test-config":  # internal steps, run inside .venv
        write_test_config()
        return 0
    if command == "_binder-environment":
        write_binder_environment()
        return 0
    return {"book": book, "test": test, "pdf": pdf, "lock": lock}[command]()


if __name__ == "__main__":
    sys.exit(main())
