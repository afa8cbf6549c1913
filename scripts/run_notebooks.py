"""Execute chapter notebooks in place, from the top, storing their outputs for nbval.

    python scripts/run_notebooks.py                      # every notebook under chapters/
    python scripts/run_notebooks.py chapters/04_learning_rate.ipynb
    python scripts/run_notebooks.py --check              # execute, store nothing, report errors

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
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, store: bool = True) -> str:
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        if store:
            raise
        return f"FAILED {path.relative_to(ROOT)}:\n{str(error)[-3000:]}"
    if store:
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)
    return f"{path.relative_to(ROOT)}: {time.perf_counter() - start:.0f} s"


def main(args: list[str]) -> int:
    store = "--check" not in args
    args = [a for a in args if a != "--check"]
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "chapters").rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    failed = 0
    with ProcessPoolExecutor(max_workers=2) as pool:
        for line in pool.map(execute, paths, [store] * len(paths)):
            failed += line.startswith("FAILED")
            print(line, flush=True)
    if not store:
        print(f"{len(paths) - failed} notebooks executed without error, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
