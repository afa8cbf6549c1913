"""Every chapter notebook is committed freshly executed, and the book lists every chapter.

nbval (``pytest --nbval``) checks that the stored outputs match a new run; these tests check
that there *are* stored outputs from one clean top-to-bottom run (what the book shows when it
is built without executing, and what readers see on GitHub), that nothing failed, and that
each chapter starts with the Colab bootstrap cell pointing at the repository of _config.yml.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
NOTEBOOKS = sorted(
    p for p in CHAPTERS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
IDS = [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS]


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def toc_files() -> set[str]:
    def walk(entries: list[dict]):
        for entry in entries:
            if "file" in entry:
                yield entry["file"]
            for key in ("parts", "chapters", "sections"):
                yield from walk(entry.get(key, []))

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))
    return {toc["root"], *walk([toc])}


def test_there_are_chapter_notebooks() -> None:
    assert NOTEBOOKS, "no notebooks in chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_was_run_top_to_bottom_without_errors(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec must be python3"
    cells = code_cells(nb)
    counts = [c.execution_count for c in cells]
    assert None not in counts, (
        f"code cells without stored outputs (never run): {counts}; run "
        f"`.venv/bin/jupyter execute --inplace {path.relative_to(ROOT)}`"
    )
    assert counts == list(range(1, len(cells) + 1)), (
        f"execution counts {counts}: the notebook was not run once from the top in a fresh "
        "kernel"
    )
    errors = [
        (c.execution_count, o.get("ename"))
        for c in cells
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == [], "cells with errors"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_is_the_colab_bootstrap(path: Path) -> None:
    """Locally it does nothing; on Colab it installs gdkit from this repository's branch."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    url = str(config["repository"]["url"]).rstrip("/")
    branch = str(config["repository"]["branch"])
    first = code_cells(nbformat.read(path, as_version=4))[0]
    assert re.search(r"^try:\n\s+import gdkit\b", first.source, re.M), "must try `import gdkit`"
    assert "except ImportError:" in first.source
    assert re.search(r'os\.environ\.get\(\s*"GDKIT_PIP_SOURCE"', first.source), (
        "the install source must be overridable with GDKIT_PIP_SOURCE"
    )
    assert f'"gdkit @ git+{url}@{branch}"' in first.source, (
        "bootstrap installs from another repository than _config.yml's: run "
        "`python scripts/set_repository.py`"
    )
    assert re.search(r"^\s+%pip install", first.source, re.M)
    assert first.outputs == [], "the bootstrap must print nothing where gdkit is installed"


def test_every_chapter_page_is_in_the_toc() -> None:
    """``only_build_toc_files`` silently skips unlisted pages: list every chapter."""
    pages = {
        p.relative_to(ROOT).with_suffix("").as_posix()
        for p in [*NOTEBOOKS, *CHAPTERS.rglob("*.md")]
        if ".ipynb_checkpoints" not in p.parts
    }
    assert sorted(pages - toc_files()) == []


def test_every_toc_entry_exists() -> None:
    missing = [
        name
        for name in sorted(toc_files())
        if not any((ROOT / f"{name}{suffix}").is_file() for suffix in (".md", ".ipynb"))
    ]
    assert missing == []
