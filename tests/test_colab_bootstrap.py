"""Chapter 1 runs end to end in a fresh environment that lacks gdkit, as on Colab.

The chapter's first cell is the Colab bootstrap: ``try: import gdkit`` and, on ImportError,
``%pip install`` from ``$GDKIT_PIP_SOURCE`` (default: the repository's git URL). This test
builds a wheel of gdkit, creates a new virtual environment where ``import gdkit`` fails, points
``GDKIT_PIP_SOURCE`` at the wheel and executes the whole chapter there with nbclient. It then
checks that gdkit was installed into that environment from that wheel.

To stay fast and offline, the new environment borrows gdkit's dependencies (NumPy, SymPy,
matplotlib, ipykernel...) from the environment running the tests, through a ``.pth`` file
naming a folder of symlinks to that environment's packages, *minus gdkit* (its code, its
``.dist-info`` and any editable-install hook). gdkit itself is really absent: pip has to
install it, and with ``PIP_NO_INDEX=1`` it can only use the wheel.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "01_what_is_gradient_descent.ipynb"
GDKIT = re.compile(r"^(_*editable_*\w*gdkit|gdkit)([-_.].*)?$", re.I)

RUN_CHAPTER = """
import sys
import nbformat
from nbclient import NotebookClient

nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=300,
               resources={"metadata": {"path": sys.argv[2]}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
          if o.output_type == "error"]
assert not errors, errors
print("chapter ran")
"""

WHERE_IS_GDKIT = """
import importlib.metadata as metadata, json, gdkit
dist = metadata.distribution("gdkit")
print(json.dumps({"file": gdkit.__file__, "direct_url": dist.read_text("direct_url.json")}))
"""


def site_packages_dirs() -> list[Path]:
    """The site-packages folders of the environment running the tests."""
    dirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    return [Path(d) for d in sorted(dirs) if Path(d).is_dir()]


def borrow_dependencies(target: Path) -> Path:
    """Symlink every package of this environment except gdkit into ``target``."""
    target.mkdir()
    for site in site_packages_dirs():
        for entry in site.iterdir():
            if GDKIT.match(entry.name) or entry.suffix == ".pth":
                continue
            link = target / entry.name
            if not link.exists():
                link.symlink_to(entry)
    return target


def clean_env(venv_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv_dir)
    env["PYTHONNOUSERSITE"] = "1"
    env["JUPYTER_PREFER_ENV_PATH"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.pop("MPLBACKEND", None)
    return env


def test_chapter_1_installs_gdkit_from_its_bootstrap_cell(tmp_path: Path) -> None:
    # 1. A wheel of gdkit, as pip would build it from the git URL (from a copy of the
    #    sources, so the build leaves nothing behind in the repository).
    source = tmp_path / "source"
    shutil.copytree(ROOT / "gdkit", source / "gdkit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    isolation = [] if importlib.util.find_spec("setuptools") is None else ["--no-build-isolation"]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", *isolation,
         "--wheel-dir", wheels, source],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("gdkit-*.whl")

    # 2. A fresh environment without gdkit, with its dependencies borrowed.
    env_dir = tmp_path / "fresh-env"
    venv.EnvBuilder(with_pip=True, symlinks=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env_site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )
    deps = borrow_dependencies(tmp_path / "borrowed")
    (env_site / "borrowed-dependencies.pth").write_text(f"{deps}\n")
    env = clean_env(env_dir)
    workdir = tmp_path / "work"  # the kernel's cwd: no gdkit source folder next to it
    workdir.mkdir()
    absent = subprocess.run(
        [python, "-c", "import gdkit"], cwd=workdir, env=env, capture_output=True, text=True
    )
    assert absent.returncode != 0 and "No module named 'gdkit'" in absent.stderr

    # 3. Chapter 1, end to end, with the bootstrap pointed at the wheel.
    env["GDKIT_PIP_SOURCE"] = str(wheel)
    env["PIP_NO_INDEX"] = "1"  # nothing from the network: the wheel or nothing
    ran = subprocess.run(
        [python, "-c", RUN_CHAPTER, CHAPTER, workdir],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=240,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "chapter ran" in ran.stdout

    # 4. gdkit now lives in the fresh environment and came from the wheel.
    found = subprocess.run(
        [python, "-c", WHERE_IS_GDKIT], cwd=workdir, env=env, capture_output=True, text=True
    )
    assert found.returncode == 0, found.stderr
    where = json.loads(found.stdout)
    assert Path(where["file"]).resolve().is_relative_to(env_site.resolve())
    assert json.loads(where["direct_url"])["url"] == wheel.resolve().as_uri()
