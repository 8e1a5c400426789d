"""Check a built bundle: every shared library any binary in it needs is either in the
bundle or on the system — on this machine, and (where dpkg can tell) on every kiosk:
shipped by a package deploy/linux/install.sh installs there, or by one of their
dependencies (scripts/system_libraries.py). Dropping libraries in build.spec is only safe
with this check (and ``infomat self-test``, which loads what is loaded lazily). Prints the
bundle size.

    python scripts/check_bundle.py [dist/infomat]
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from system_libraries import dependency_closure, owners, runtime_packages

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


def ldconfig_libraries() -> set[str]:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines()[1:] if line.strip()}


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/infomat")
    if not root.is_dir():
        print(f"check_bundle: no bundle at {root} (run `make bundle`)")
        return 1
    files = elf_files(root)
    in_bundle = {p.name for p in root.rglob("*")}
    system = ldconfig_libraries()
    outside: dict[str, list[str]] = {}
    for path in files:
        for lib in needed(path):
            if lib not in in_bundle and lib not in DEPLOYMENT_PROVIDED:
                outside.setdefault(lib, []).append(str(path.relative_to(root)))
    missing = {lib: users for lib, users in outside.items() if lib not in system}
    kiosk = dependency_closure(runtime_packages())
    if kiosk:  # dpkg and apt know which package ships what
        shipped = owners(outside)
        for lib, users in outside.items():
            if not shipped.get(lib, set()) & kiosk:
                missing.setdefault(lib, users)
        print(f"from the kiosk's system packages (install.sh): {len(outside)} libraries")
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())
    entries = sum(1 for _ in root.rglob("*"))
    print(f"bundle {root}: {size / 1024**2:.0f} MB in {entries} entries, {len(files)} ELF files")
    for lib, users in sorted(missing.items()):
        print(f"MISSING {lib}: needed by {', '.join(users[:3])}{' …' if len(users) > 3 else ''}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
