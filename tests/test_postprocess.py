"""The build's figure quantisation (scripts/postprocess_html.py): the figures quantised on worker
processes are the bytes a single process writes, and a rebuild takes them from the cache."""

from __future__ import annotations

import importlib.util
import io
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("postprocess_html",
                                               ROOT / "scripts" / "postprocess_html.py")
postprocess = importlib.util.module_from_spec(_spec)
sys.modules["postprocess_html"] = postprocess  # the workers unpickle its functions by name
_spec.loader.exec_module(postprocess)


def _figure_png(seed: int) -> bytes:
    fig, ax = plt.subplots(figsize=(3, 2), dpi=80)
    ax.plot([0, 1, 2], [seed, seed + 1, seed * 0.5], label=f"run {seed}")
    ax.set_xlabel("step $t$")
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


@pytest.fixture
def images(tmp_path: Path) -> Path:
    folder = tmp_path / "_images"
    folder.mkdir()
    for seed in range(4):
        (folder / f"figure_{seed}.png").write_bytes(_figure_png(seed))
    (folder / "not_a_figure.txt").write_text("left alone")
    return folder


def test_workers_write_the_bytes_one_process_writes(images: Path, tmp_path: Path) -> None:
    serial = tmp_path / "serial"
    shutil.copytree(images, serial)
    originals = {p.name: p.read_bytes() for p in images.glob("*.png")}
    assert postprocess.lighten_images(serial)[0] == 4
    with ProcessPoolExecutor(2) as pool:
        finish = postprocess.start_lightening_images(images, tmp_path / "cache", pool)
        count, before, after = finish()
    assert (count, before) == (4, sum(map(len, originals.values())))
    assert after == sum(len(p.read_bytes()) for p in images.glob("*.png")) < before
    for path in images.glob("*.png"):
        assert path.read_bytes() == (serial / path.name).read_bytes() != originals[path.name]
    assert (images / "not_a_figure.txt").read_text() == "left alone"


def test_a_rebuild_takes_the_figures_from_the_cache(images: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(images, fresh)
    cache = tmp_path / "cache"
    first = postprocess.lighten_images(images, cache)
    assert len(list(cache.glob("*.png"))) == 4

    def no_quantising(data: bytes) -> bytes:
        raise AssertionError("a cached figure was quantised again")

    monkeypatch.setattr(postprocess, "quantised_png", no_quantising)
    with ProcessPoolExecutor(1) as pool:
        assert postprocess.start_lightening_images(fresh, cache, pool)() == first
    for path in fresh.glob("*.png"):
        assert path.read_bytes() == (images / path.name).read_bytes()
