"""Deprecated: this module moved to :mod:`gdkit.pictures.palette` (the old path works for one release)."""

from gdkit._shim import alias

alias(__name__, "gdkit.pictures.palette")
