"""Point every chapter's Colab bootstrap cell at the repository named in _config.yml.

The repository is set once, under ``repository:`` in ``_config.yml`` (``url`` and ``branch``).
The launch buttons read it from there; Colab only sees the notebook, so the first code cell of
each chapter carries a copy of it. Run this after changing ``_config.yml`` (for example in a
fork)::

    python scripts/set_repository.py          # rewrite the cells
    python scripts/set_repository.py --check  # only report cells that disagree (exit code 1)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: The install source inside the bootstrap cell: "gdkit @ git+<url>@<branch>".
SOURCE = re.compile(r'"gdkit @ git\+(?P<url>[^"@\s]+)@(?P<branch>[^"\s]+)"')


def repository() -> tuple[str, str]:
    """Return ``(url, branch)`` from ``_config.yml``."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    repo = config["repository"]
    return str(repo["url"]).rstrip("/"), str(repo["branch"])


def chapter_notebooks() -> list[Path]:
    return sorted(
        p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def bootstrap_source(url: str, branch: str) -> str:
    """The default install source the bootstrap cell must contain."""
    return f'"gdkit @ git+{url}@{branch}"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    args = parser.parse_args(argv)
    url, branch = repository()
    wanted = bootstrap_source(url, branch)
    stale = 0
    for path in chapter_notebooks():
        nb = nbformat.read(path, as_version=4)
        cell = next((c for c in nb.cells if c.cell_type == "code"), None)
        if cell is None or not SOURCE.search(cell.source):
            print(f"{path.relative_to(ROOT)}: first code cell is not the Colab bootstrap")
            stale += 1
            continue
        new = SOURCE.sub(wanted, cell.source)
        if new != cell.source:
            stale += 1
            if args.check:
                print(f"{path.relative_to(ROOT)}: bootstrap does not install from {wanted}")
            else:
                cell.source = new
                nbformat.write(nb, path)
                print(f"{path.relative_to(ROOT)}: now installs from {wanted}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
