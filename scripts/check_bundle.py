"""Check a built bundle: every shared library any binary in it needs is either in the
bundle or on the system. Dropping Qt libraries in build.spec is only safe with this check
(and ``infomat self-test``, which loads what is loaded lazily). Prints the bundle size.

    python scripts/check_bundle.py [dist/infomat]
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# Provided by the display stack the deployment installs (deploy/linux/install.sh), not
# by the bundle: Wayland client libraries come with cage.
DEPLOYMENT_PROVIDED = {"libwayland-cursor.so.0", "libwayland-egl.so.1", "libwayland-client.so.0"}


def elf_files(root: Path) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def system_libraries() -> set[str]:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines()[1:] if line.strip()}


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/infomat")
    if not root.is_dir():
        print(f"check_bundle: no bundle at {root} (run `make bundle`)")
        return 1
    files = elf_files(root)
    in_bundle = {p.name for p in root.rglob("*")}
    system = system_libraries()
    missing: dict[str, list[str]] = {}
    for path in files:
        for lib in needed(path):
            if lib not in in_bundle and lib not in system and lib not in DEPLOYMENT_PROVIDED:
                missing.setdefault(lib, []).append(str(path.relative_to(root)))
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    entries = sum(1 for _ in root.rglob("*"))
    print(f"bundle {root}: {size / 1024**2:.0f} MB in {entries} entries, {len(files)} ELF files")
    for lib, users in sorted(missing.items()):
        print(f"MISSING {lib}: needed by {', '.join(users[:3])}{' …' if len(users) > 3 else ''}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
