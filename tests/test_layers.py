"""The import layers of gdkit, read from the source (issue #12).

maths (gdkit/*.py)  <-  pictures (gdkit/pictures/)  <-  course (gdkit/course/)

An arrow may only point down this list: the maths imports neither the pictures, the course,
matplotlib nor ipywidgets (not even lazily inside a function); the pictures never import the
course; and no two modules import each other, directly or round a longer loop. ``gdkit/__init__``
(the curated top level) and the deprecated shims sit above the layers and are not checked.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import gdkit
from gdkit._shim import MOVED

ROOT = Path(gdkit.__file__).parent
FACADE = {"gdkit"} | set(MOVED) | {"gdkit._shim"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file, as absolute dotted names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}  # `from . import plots`
    return found


@functools.lru_cache(maxsize=1)
def _graph() -> dict[str, set[str]]:
    """Module -> the gdkit modules (and matplotlib/ipywidgets) it imports. Read once."""
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        if name in FACADE:
            continue
        graph[name] = {m for m in _imports(path) if m in modules and m != name} - FACADE
        graph[name] |= {m for m in _imports(path) if m.split(".")[0] in {"matplotlib", "ipywidgets"}}
    return graph


def _layer(module: str) -> str:
    if module.startswith("gdkit.course"):
        return "course"
    if module.startswith("gdkit.pictures"):
        return "pictures"
    if module.startswith("gdkit."):
        return "maths"
    return "outside"


def test_the_graph_is_read():
    graph = _graph()
    assert "gdkit.descent" in graph["gdkit.line_search"]
    assert "gdkit.pictures.svg" in graph["gdkit.pictures.explorer"]
    assert "matplotlib.pyplot" in graph["gdkit.pictures.plots"]
    assert "gdkit.course.checks" in graph["gdkit.course.bank.ch01"]


def test_the_maths_imports_no_picture_no_course_and_no_matplotlib_or_ipywidgets():
    bad = [
        f"{a} -> {b}"
        for a, targets in _graph().items()
        if _layer(a) == "maths"
        for b in targets
        if _layer(b) in {"pictures", "course"} or b.split(".")[0] in {"matplotlib", "ipywidgets"}
    ]
    assert not bad, "arrows from the maths up to the pictures or the course:\n" + "\n".join(bad)


def test_the_pictures_never_import_the_course():
    bad = [
        f"{a} -> {b}"
        for a, targets in _graph().items()
        if _layer(a) == "pictures"
        for b in targets
        if _layer(b) == "course"
    ]
    assert not bad, "\n".join(bad)


def test_there_is_no_import_cycle():
    full = _graph()
    graph = {a: {b for b in bs if b in full} for a, bs in full.items()}
    # a module's package __init__ runs before it, so `a.b` importing `a` is an arrow too; the
    # graph above already holds it when written as an import
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_course_bank_and_the_explorer_assets_ship_in_the_wheel():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, as pip vendors it
        from pip._vendor import tomli as tomllib

    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["packages"]["find"]["include"] == ["gdkit*"]
    assert set(config["package-data"]["gdkit.pictures"]) >= {"*.js", "*.css"}
