"""Deprecated: this module moved to :mod:`gdkit.pictures.views.boundary` (the old path works for one release)."""

from gdkit._shim import alias

alias(__name__, "gdkit.pictures.views.boundary")
