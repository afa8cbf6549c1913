"""Deprecated: this module moved to :mod:`gdkit.rules` (the old path works for one release)."""

from gdkit._shim import alias

alias(__name__, "gdkit.rules")
