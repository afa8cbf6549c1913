#!/usr/bin/env python3
"""Execute the book's notebooks in parallel into the jupyter-cache that the book build reads.

    .venv/bin/python scripts/execute_book.py --cache _build/.jupyter_cache [--jobs 2] NB...

``python make.py book`` runs this before ``jupyter-book build`` (``execute_notebooks: cache``
in ``_config.yml``). Notebooks whose code cells (and kernelspec) already match an entry of the
cache are skipped: that is jupyter-cache's own hash, so a markdown-only edit never re-executes.
The others run on ``--jobs`` worker processes, longest first (by their last run time, kept in
``timings.json`` in the cache), exactly as myst-nb's cache mode runs them (notebook folder as
working directory, ``single_nb_execution`` with the configured timeout, errors not allowed),
and each success is stored in the cache. A notebook that fails is reported and left out of the
cache: the book build then executes it again itself and fails on the error (``-W``,
``raise_on_error``), so a failing cell still fails ``python make.py book``.

make.py keys the cache on gdkit's sources, ``requirements/lock.txt`` and ``pyproject.toml``
(a digest stored in ``gd-key.txt`` in the cache): when any of them changes it empties the cache
first, so every notebook is executed afresh.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path


def _execute(path: str, timeout: int) -> tuple[str, dict | None, str | None, float]:
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), timeout=timeout,
                                 allow_errors=False, meta_override=True)
    if result.err is not None:
        return path, None, result.exc_string or repr(result.err), result.time
    return path, nbformat.writes(nb), None, result.time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)

    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(args.cache))
    timings_file = args.cache / "timings.json"
    timings = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    todo = []
    for path in args.notebooks:
        path = path.resolve()
        nb = nbformat.read(path, as_version=4)
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            todo.append(path)
    print(f"execute_book: {len(args.notebooks) - len(todo)} notebook(s) up to date in the cache, "
          f"{len(todo)} to execute on {args.jobs} process(es)", flush=True)
    if not todo:
        return 0
    todo.sort(key=lambda p: -timings.get(str(p), p.stat().st_size / 1e4))
    start = time.perf_counter()
    failed = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(_execute, str(p), args.timeout) for p in todo]
        for future in as_completed(futures):
            path, text, error, seconds = future.result()
            name = Path(path).name
            if error is not None:
                failed.append(name)
                tail = "\n".join(error.strip().splitlines()[-12:])
                print(f"execute_book: FAILED {name} after {seconds:.1f} s (the book build "
                      f"executes it again and fails):\n{tail}", flush=True)
                continue
            timings[path] = seconds
            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(text, as_version=4), path,
                              data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True,
            )
            print(f"execute_book: {seconds:5.1f} s  {name}", flush=True)
    timings_file.write_text(json.dumps(timings, indent=1))
    print(f"execute_book: executed {len(todo) - len(failed)} notebook(s) in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
