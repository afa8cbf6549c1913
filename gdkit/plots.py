"""Deprecated: this module moved to :mod:`gdkit.pictures.plots` (the old path works for one release)."""

from gdkit._shim import alias

alias(__name__, "gdkit.pictures.plots")
