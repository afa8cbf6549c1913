"""Execute chapter notebooks in place, from the top, storing their outputs for nbval.

    python scripts/run_notebooks.py                      # every notebook under chapters/
    python scripts/run_notebooks.py chapters/04_learning_rate.ipynb

Like ``jupyter execute --inplace``, but without storing ipywidgets state in the notebook's
metadata: the book shows the explorers' static version, and the stored widget state would only
add tens of kilobytes to every page. Two notebooks run at a time.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> str:
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return f"{path.relative_to(ROOT)}: {time.perf_counter() - start:.0f} s"


def main(args: list[str]) -> None:
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "chapters").rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    with ProcessPoolExecutor(max_workers=2) as pool:
        for line in pool.map(execute, paths):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
