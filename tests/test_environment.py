"""The environment files agree with each other, so that a reader's installation matches CI's.

- requirements/lock.txt (exact versions, what both make.py commands install) covers every
  dependency pyproject.toml names;
- environment.yml (Binder) pins the packages that shape outputs at the lock's versions;
- requirements/lower-bounds.txt (where make.py test executes every chapter) is exactly
  pyproject.toml's lower bounds, so the bounds are the versions that were tested.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import make  # noqa: E402  (the project's command file: its lock reader is what is tested)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as pip vendors it
    from pip._vendor import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def requirement_name(spec: str) -> str:
    return re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_the_lock_covers_every_dependency() -> None:
    project = PYPROJECT["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["book"],
              *project["optional-dependencies"]["test"]]
    locked = {k.replace("_", "-") for k in make.locked_versions()}
    missing = [spec for spec in wanted if requirement_name(spec) not in locked]
    assert not missing, f"re-run `python make.py lock`: the lock lacks {missing}"


def test_binder_pins_the_locked_versions() -> None:
    text = (ROOT / "environment.yml").read_text()
    locked = make.locked_versions()
    pins = dict(re.findall(r"- ([\w-]+)==([\w.]+)", text))
    assert set(pins) >= {"numpy", "sympy", "matplotlib", "ipywidgets"}
    assert {k: locked[k] for k in pins} == pins, "re-run `python make.py lock`"
    assert f"python={make.BINDER_PYTHON.rsplit('.', 1)[0]}" in text


def test_lower_bounds_are_the_tested_versions() -> None:
    bounds = {}
    for spec in PYPROJECT["project"]["dependencies"]:
        name, _, version = spec.partition(">=")
        bounds[name.strip().lower()] = version.strip()
    tested = dict(
        line.split("==") for line in (ROOT / "requirements" / "lower-bounds.txt").read_text().split()
        if "==" in line and not line.startswith("#")
    )
    assert tested == bounds, "pyproject's lower bounds must be the versions make.py test runs"
