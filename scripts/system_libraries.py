"""Which shared libraries a Linux bundle leaves to the system: those of the Debian packages
``deploy/linux/install.sh`` installs on every kiosk, and of what they depend on.

A kiosk gets them from apt with the distribution's security updates (NSS's root
certificates, PulseAudio, zlib …) instead of the copies frozen into the bundle, and a
Debian 12 libstdc++ in the bundle no longer shadows the newer one a system's Mesa driver
may need. The bundle already took libc, GL/EGL, libdrm and libxcb from the system. build.spec
calls :func:`system_owned`; docs/packaging.md has the measurements (~18 MB).

Nothing is left out when the build machine has no dpkg/apt (Windows, another distribution):
then the bundle carries its libraries as before.

    python scripts/system_libraries.py LIBRARY ...   # prints which of them the system provides
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

INSTALL_SCRIPT = Path(__file__).resolve().parent.parent / "deploy" / "linux" / "install.sh"
#: Where Debian keeps the libraries (dpkg records some under /lib, merged into /usr/lib).
LIBRARY_DIRS = tuple(f"{root}/{arch}-linux-gnu" for root in ("/usr/lib", "/lib") for arch in ("x86_64", "aarch64"))
_RUNTIME = re.compile(r'^runtime_pkgs="([^"]+)"$', re.MULTILINE)


def runtime_packages(script: Path = INSTALL_SCRIPT) -> list[str]:
    """The packages install.sh installs on every kiosk, whatever the display (its ``runtime_pkgs``)."""
    found = _RUNTIME.search(script.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{script}: no runtime_pkgs=\"...\" line")
    return found.group(1).split()


def dependency_closure(packages: Iterable[str]) -> set[str]:
    """The packages and everything they depend on (Depends and Pre-Depends, recursively),
    as apt would install them; empty without apt-cache."""
    if shutil.which("apt-cache") is None:
        return set()
    skipped = ["--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"]
    done = subprocess.run(
        ["apt-cache", "depends", "--recurse", *skipped, *packages], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return set()
    return {line.split(":")[0] for line in done.stdout.splitlines() if line and not line.startswith((" ", "<"))}


def owners(names: Iterable[str]) -> dict[str, set[str]]:
    """Library file name → the Debian packages that ship it in a library directory."""
    names = sorted(set(names))
    if not names or shutil.which("dpkg") is None:
        return {}
    done = subprocess.run(["dpkg", "-S", *names], capture_output=True, text=True, check=False)
    found: dict[str, set[str]] = {}
    for line in done.stdout.splitlines():
        packages, _, path = line.partition(": ")
        folder, _, name = path.rpartition("/")
        if folder in LIBRARY_DIRS and name in names:
            found.setdefault(name, set()).update(p.split(":")[0] for p in packages.split(", "))
    return found


def system_owned(names: Iterable[str], packages: Iterable[str] | None = None) -> set[str]:
    """Of these library file names, those a kiosk's system provides (see the module doc)."""
    closure = dependency_closure(runtime_packages() if packages is None else packages)
    if not closure:
        return set()
    return {name for name, shipped_by in owners(names).items() if shipped_by & closure}


if __name__ == "__main__":
    for library in sorted(system_owned(sys.argv[1:])):
        print(library)
