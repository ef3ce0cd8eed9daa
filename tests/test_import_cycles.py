"""No import circles among the modules of ``plugins/`` (and of ``wfu/``, the build's tooling).

A circle (``a`` imports ``b``, ``b`` imports ``a``) makes the import order decide
what works, hides which module is the lower layer, and is usually "fixed" by
moving one import into a function, which only hides it from Python.  So every
import counts here, wherever it is written:

* module-level imports;
* imports inside functions and methods (deferred, but still a dependency);
* imports under ``if TYPE_CHECKING:`` too: a type-only circle is still two
  modules that each need the other to be read, and mypy follows it.  A module
  that needs another's type while being imported by it takes a ``Protocol``
  or plain parameters instead (see ``plugins/site/verdicts.py``).

Not counted: a module's own ancestor packages (``plugins.site.adapter`` is
inside ``plugins.site``; importing it runs ``plugins/site/__init__.py`` first,
which is how packages work, not a circle).  Imports of anything outside
``plugins/`` are ignored.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def module_names(root: Path, package: str = "plugins") -> dict[str, Path]:
    """Every module below ``root/package``: dotted name -> file (a package by its ``__init__.py``)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ``modules`` that ``name`` imports anywhere in its file (see the module docstring)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                targets.add(_known(alias.name, modules))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                # ``from pkg import mod`` imports the submodule; ``from pkg import name`` the package.
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in modules else _known(base, modules))
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    return {t for t in targets if t and t != name and t not in ancestors}


def _known(dotted: str, modules: dict[str, Path]) -> str:
    """``dotted`` or its longest prefix that is one of ``modules`` ('' if none)."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return ""


def import_graph(root: Path, package: str = "plugins") -> dict[str, set[str]]:
    modules = module_names(root, package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle per group of modules that import each other, as a path ``a -> b -> … -> a``."""
    return [_circle(graph, group) for group in circular_groups(graph)]


def circular_groups(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (each sorted), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (no recursion limit)
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def _circle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & members):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"no circle through {start}")  # a strongly connected group always has one


@pytest.mark.parametrize(
    ("package", "known_edge"),
    [("plugins", ("plugins.site.loader", "plugins.site.graph")), ("wfu", ("wfu.build", "wfu.releases"))],
)
def test_no_import_circles(package, known_edge):
    graph = import_graph(ROOT, package)
    module, imported = known_edge
    assert imported in graph[module]  # the scan saw the package and its imports
    found = [(" -> ".join(_circle(graph, group)), ", ".join(group)) for group in circular_groups(graph)]
    assert found == [], f"import circles among {package}/ modules:\n" + "\n".join(
        f"{circle}  (all of: {group})" for circle, group in found
    )


def _package(root: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return import_graph(root, "pkg")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (  # a deferred import inside a function is still a circle
            {"pkg/a.py": "from pkg.b import x\n", "pkg/b.py": "def f():\n    from pkg.a import y\n"},
            [["pkg.a", "pkg.b", "pkg.a"]],
        ),
        (  # a type-only import counts
            {
                "pkg/a.py": "from .b import x\n",
                "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import Y\n",
            },
            [["pkg.a", "pkg.b", "pkg.a"]],
        ),
        (  # relative imports of two levels, ``import x.y`` and ``from pkg import module``
            {
                "pkg/__init__.py": "",
                "pkg/sub/c.py": "from ..d import z\n",
                "pkg/d.py": "import pkg.e\n",
                "pkg/e.py": "from pkg.sub import c\n",
            },
            [["pkg.d", "pkg.e", "pkg.sub.c", "pkg.d"]],
        ),
        (  # a package and its own modules, and imports outside the package: no circle
            {
                "pkg/__init__.py": "def register():\n    from .a import f\n",
                "pkg/a.py": "import os\nfrom pkg import b\nfrom json import dumps\n",
                "pkg/b.py": "from . import c\n",
                "pkg/c.py": "",
            },
            [],
        ),
        (  # ``from pkg import name`` (not a module) is an import of the package itself
            {
                "pkg/__init__.py": "from .a import f\n",
                "pkg/a.py": "def f(): ...\n",
                "pkg/b/__init__.py": "from pkg import f\n",
                "pkg/b/c.py": "from .. import f\n",
            },
            [],
        ),
        (  # … which closes a circle when the package imports the module back
            {
                "pkg/__init__.py": "",
                "pkg/x/__init__.py": "from pkg.y import g\n",
                "pkg/y.py": "from pkg.x import f\n",
            },
            [["pkg.x", "pkg.y", "pkg.x"]],
        ),
    ],
)
def test_the_finder_sees_every_kind_of_import(tmp_path, files, expected):
    assert cycles(_package(tmp_path, files)) == expected
