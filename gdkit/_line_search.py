"""Deprecated: this module moved to :mod:`gdkit.line_search` (the old path works for one release)."""

from gdkit._shim import alias

alias(__name__, "gdkit.line_search")
