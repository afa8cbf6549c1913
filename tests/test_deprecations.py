"""Old import paths and top-level names keep working for one release, each with a warning."""

from __future__ import annotations

import importlib
import sys
import warnings

import numpy as np
import pytest

import gdkit as gd
from gdkit._shim import MOVED


@pytest.mark.parametrize("old, new", sorted(MOVED.items()))
def test_each_old_module_path_warns_and_gives_the_new_module(old, new, monkeypatch):
    monkeypatch.delitem(sys.modules, old, raising=False)
    leaf = old.rpartition(".")[2]
    if leaf in vars(gd):  # gd.views: keep the real sub-module bound after importing the shim
        monkeypatch.setitem(vars(gd), leaf, vars(gd)[leaf])
    else:
        monkeypatch.delitem(vars(gd), leaf, raising=False)
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
        module = importlib.import_module(old)
    target = importlib.import_module(new)
    if old != "gdkit.quickchecks":
        for name in list(getattr(target, "__all__", ()))[:5]:
            assert getattr(module, name) is getattr(target, name), name
    else:
        assert module.check is gd.check
        assert importlib.import_module("gdkit.quickchecks.ch01").CHECKS


@pytest.mark.parametrize("name, where", sorted(gd._MOVED.items()))
def test_each_name_that_left_the_top_level_warns_and_still_works(name, where):
    with pytest.warns(DeprecationWarning, match=rf"gd\.{where}\.{name}"):
        value = getattr(gd, name)
    assert value is getattr(getattr(gd, where), name)


def test_the_curated_top_level_imports_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in gd.__all__:
            assert getattr(gd, name) is not None, name


def test_old_run_record_names_warn():
    res = gd.minimize(gd.functions.parabola(), [2.0], gd.GD(lr=0.25), max_iter=5)
    with pytest.warns(DeprecationWarning, match="Result.theta"):
        assert np.array_equal(res.x, res.theta)
    data = gd.linear_data(n=20)
    tr = gd.fit(gd.LeastSquares(), data, gd.GD(lr=0.1), epochs=2)
    with pytest.warns(DeprecationWarning, match="TrainResult.n_iter"):
        assert tr.n_updates == tr.n_iter == 2


def test_mlp_init_keeps_the_old_argument_order_with_a_warning():
    net = gd.MLP((2, 4, 1))
    new = net.init(rng=np.random.default_rng(1))
    with pytest.warns(DeprecationWarning, match="init"):
        old = net.init(np.random.default_rng(1))
    assert np.array_equal(old, new)
