"""Deprecated: this module moved to :mod:`gdkit.course.revision` (the old path works for one release)."""

from gdkit._shim import alias

alias(__name__, "gdkit.course.revision")
