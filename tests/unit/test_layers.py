"""The layout a newcomer reads at a glance (README "Layout"), enforced:

- layers point one way: no module imports from a layer above its own (imports under
  ``if TYPE_CHECKING:`` are annotations and do not count here);
- no import cycle anywhere in kiosk/, typing-only imports included: a part receives what
  it needs (a protocol or callbacks), it does not import the window that holds it;
- folders stay small: at most 15 modules in a folder of kiosk/, 12 in kiosk/ itself.

The package's ``__init__`` re-exports the automation API lazily and is the one exception.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"

# Top to bottom; a module may import from its own layer and every layer below it.
LAYERS: list[tuple[str, ...]] = [
    ("kiosk.__main__", "kiosk.commands"),
    ("kiosk.app",),
    ("kiosk.ui",),
    ("kiosk.system", "kiosk.metrics", "kiosk.fleet"),
    ("kiosk.content",),
    ("kiosk.env",),
    ("kiosk.web",),
    ("kiosk.config",),
    ("kiosk.stats", "kiosk.lockdown"),
    ("kiosk.support",),
    ("kiosk.core",),
    ("kiosk.paths", "kiosk.exit_codes", "kiosk.version"),
]
MAX_MODULES_IN_A_FOLDER = 15
MAX_MODULES_AT_THE_TOP = 12


def layer_of(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS (and to the README's layout table)")


def module_name(path: Path) -> str:
    parts = path.relative_to(KIOSK.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(KIOSK.rglob("*.py"))}


def resolve(name: str) -> str:
    """The module a dotted import name lives in ("kiosk.core.policy.UrlPolicy" -> its module)."""
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def imports(tree: ast.Module, typing_too: bool) -> list[str]:
    """Imported kiosk modules; ``if TYPE_CHECKING:`` blocks only when ``typing_too``."""
    skipped: set[int] = set()
    if not typing_too:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped |= {id(child) for child in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kiosk"):
            found += [resolve(f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [resolve(alias.name) for alias in node.names if alias.name.startswith("kiosk")]
    return [name for name in found if name != "kiosk"]


def graph(typing_too: bool) -> dict[str, set[str]]:
    return {
        name: {m for m in imports(ast.parse(path.read_text(encoding="utf-8")), typing_too) if m != name}
        for name, path in MODULES.items()
        if name != "kiosk"
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(edges)))
    for node in edges:
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    edges = graph(typing_too=False)
    upward = [f"{m} imports {i}" for m, targets in edges.items() for i in targets if layer_of(i) < layer_of(m)]
    assert sum(len(t) for t in edges.values()) > 100  # the scan saw the code
    assert upward == []


def test_no_import_cycle_typing_imports_included() -> None:
    assert cycles(graph(typing_too=True)) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """Positive control for the rule above: a made-up cycle through three modules is seen."""
    made_up = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(made_up) == [["a", "b", "c"]]


def test_folders_stay_small() -> None:
    folders: dict[Path, int] = {}
    for path in KIOSK.rglob("*.py"):
        if path.name != "__init__.py":
            folders[path.parent] = folders.get(path.parent, 0) + 1
    top = folders.pop(KIOSK, 0)
    assert top <= MAX_MODULES_AT_THE_TOP, f"kiosk/ holds {top} modules"
    crowded = {str(f.relative_to(KIOSK.parent)): n for f, n in folders.items() if n > MAX_MODULES_IN_A_FOLDER}
    assert crowded == {}


def test_every_folder_says_what_it_holds() -> None:
    silent = [
        str(init.relative_to(KIOSK.parent))
        for init in KIOSK.rglob("__init__.py")
        if init.parent != KIOSK and not ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    ]
    assert silent == []


def test_no_module_is_over_400_lines_and_the_window_over_300() -> None:
    lines = {module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in KIOSK.rglob("*.py")}
    assert {name: n for name, n in lines.items() if n > 400} == {}
    assert len((KIOSK / "ui" / "window" / "window.py").read_text(encoding="utf-8").splitlines()) <= 300
