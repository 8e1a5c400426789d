"""Layers point one way (README "Layout"): no module imports from a layer above its own.

Imports under ``if TYPE_CHECKING:`` are annotations only and do not count; the package's
``__init__`` re-exports the automation API lazily and is the one exception.
"""

from __future__ import annotations

import ast
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"

# Top to bottom; a module may import from its own layer and every layer below it.
LAYERS: list[tuple[str, ...]] = [
    ("kiosk.__main__", "kiosk.cli", "kiosk.stats_cli", "kiosk.fleet_cli", "kiosk.schedule_cli", "kiosk.selftest"),
    ("kiosk.app",),
    ("kiosk.ui",),
    ("kiosk.system", "kiosk.metrics", "kiosk.fleet"),
    ("kiosk.content",),
    ("kiosk.env",),
    ("kiosk.web",),
    ("kiosk.config",),
    ("kiosk.policy",),
    ("kiosk.session", "kiosk.stats", "kiosk.lockdown", "kiosk.schedule"),
    (
        "kiosk.urls", "kiosk.http_client", "kiosk.worker", "kiosk.pin_hash", "kiosk.logs", "kiosk.paths",
        "kiosk.files", "kiosk.dates", "kiosk.i18n", "kiosk.exit_codes", "kiosk.version", "kiosk.listen_address",
        "kiosk.minisign", "kiosk.hours",
    ),
]  # fmt: skip


def layer_of(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS (and to the README's layout table)")


def module_name(path: Path) -> str:
    parts = path.relative_to(KIOSK.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(tree: ast.Module) -> list[str]:
    """Imported kiosk modules, leaving out ``if TYPE_CHECKING:`` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(child) for child in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kiosk"):
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names if node.module == "kiosk"]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("kiosk")]
    return [name for name in found if name != "kiosk"]


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    upward = []
    checked = 0
    for path in sorted(KIOSK.rglob("*.py")):
        name = module_name(path)
        if name == "kiosk":
            continue
        own = layer_of(name)
        for imported in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if imported.startswith("kiosk.") and imported.rsplit(".", 1)[-1][:1].isupper():
                imported = imported.rsplit(".", 1)[0]  # "from kiosk import X" style names
            checked += 1
            if layer_of(imported) < own:
                upward.append(f"{name} imports {imported}")
    assert checked > 100  # the scan saw the code
    assert upward == []


def test_no_module_is_over_400_lines_and_the_window_over_300() -> None:
    lines = {module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in KIOSK.rglob("*.py")}
    assert {name: n for name, n in lines.items() if n > 400} == {}
    assert len((KIOSK / "ui" / "window.py").read_text(encoding="utf-8").splitlines()) <= 300
