"""What the one-folder bundle holds, in MB: by group (Qt libraries, QtWebEngine's
resources, Python, system libraries …) and the largest files. The numbers docs/packaging.md
quotes; the total is scripts/check_bundle.py's (file sizes, symlinks not counted).

    python benchmarks/bundle_size.py [dist/infomat] [--top N]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

MB = 1024**2
# (group, test on the path below _internal/), first match wins
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("QtWebEngineCore library", ("PySide6/Qt/lib/libQt6WebEngineCore",)),
    ("Qt's ICU (libicu*)", ("PySide6/Qt/lib/libicu",)),
    ("other Qt libraries", ("PySide6/Qt/lib/",)),
    ("QtWebEngine resources (icudtl, paks, V8 snapshot)", ("PySide6/Qt/resources/",)),
    ("QtWebEngineProcess", ("PySide6/Qt/libexec/",)),
    ("Qt translations and Chromium locales", ("PySide6/Qt/translations/",)),
    ("QML modules (keyboard)", ("PySide6/Qt/qml/",)),
    ("Qt plugins", ("PySide6/Qt/plugins/",)),
    ("PySide6 bindings", ("PySide6/", "shiboken6/")),
    ("Python (libpython, stdlib)", ("libpython", "python3", "base_library.zip")),
    ("our assets and config", ("assets/", "config/")),
]


def group_of(relative: str) -> str:
    for name, prefixes in GROUPS:
        if relative.startswith(prefixes):
            return name
    if "/" not in relative and relative.startswith("lib") and ".so" in relative:
        return "system libraries no kiosk package ships (OpenSSL, glib, krb5 …)"
    return "Python packages (pydantic, babel, requests, nacl …)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", default="dist/infomat")
    parser.add_argument("--top", type=int, default=25, help="how many of the largest files to list")
    args = parser.parse_args()
    root = Path(args.bundle)
    internal = root / "_internal"
    if not internal.is_dir():
        print(f"bundle_size: no bundle at {root} (make bundle)")
        return 1
    sizes: dict[str, int] = defaultdict(int)
    files: list[tuple[int, str]] = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(internal).as_posix() if internal in path.parents else path.name
            size = path.stat().st_size
            sizes[group_of(relative) if internal in path.parents else "the executables"] += size
            files.append((size, relative))
    total = sum(sizes.values())
    print(f"| {root} | MB |\n|---|---:|")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"| {name} | {size / MB:.1f} |")
    print(f"| **total** | **{total / MB:.1f}** |\n")
    print("| largest files | MB |\n|---|---:|")
    for size, relative in sorted(files, reverse=True)[: args.top]:
        print(f"| {relative} | {size / MB:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
