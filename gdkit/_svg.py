"""Deprecated: this module moved to :mod:`gdkit.pictures.svg` (the old path works for one release)."""

from gdkit._shim import alias

alias(__name__, "gdkit.pictures.svg")
