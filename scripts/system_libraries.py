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
DEBIAN_LIBRARY_DIRS = tuple(
    f"{root}/{arch}-linux-gnu" for root in ("/usr/lib", "/lib") for arch in ("x86_64", "aarch64")
)
_RUNTIME = re.compile(r'^runtime_pkgs="([^"]+)"$', re.MULTILINE)


def runtime_packages(script: Path = INSTALL_SCRIPT) -> list[str]:
    """The packages install.sh installs on every kiosk, whatever the display (its ``runtime_pkgs``)."""
    found = _RUNTIME.search(script.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{script}: no runtime_pkgs=\"...\" line")
    return found.group(1).split()


def dependency_closure(packages: Iterable[str]) -> set[str]:
    """The packages and what they depend on (Depends and Pre-Depends, recursively) that
    every kiosk has. A dependency with alternatives (``a | b``), a virtual package, or a
    package that merely provides one is left out: which of them a kiosk has is not known
    here (``apt-cache depends --recurse`` lists all of them: elogind for systemd, usrmerge,
    cdebconf, none of them installed here). Empty without apt-cache."""
    if shutil.which("apt-cache") is None:
        return set()
    skipped = ["--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances"]
    roots = [name.split(":")[0] for name in packages]
    done = subprocess.run(["apt-cache", "depends", "--recurse", *skipped, *roots], capture_output=True, text=True)
    if done.returncode != 0:
        return set()
    depends = certain_dependencies(done.stdout)
    closure: set[str] = set()
    frontier = set(roots)
    while frontier:
        closure |= frontier
        frontier = {dep for name in frontier for dep in depends.get(name, ())} - closure
    return closure


def certain_dependencies(listing: str) -> dict[str, set[str]]:
    """``apt-cache depends`` output → each package's dependencies that have no alternative."""
    found: dict[str, set[str]] = {}
    package, in_group = "", False  # in_group: the line before was "|Depends:", this is its last choice
    for line in listing.splitlines():
        if line and not line.startswith(" "):
            package, in_group = line.split(":")[0], False
            found.setdefault(package, set())
            continue
        if line.startswith("    "):  # a package that provides the virtual one above
            continue
        single = re.fullmatch(r"  (?:Pre)?Depends: ([^<\s]\S*)", line)
        if single and not in_group:
            found[package].add(single.group(1).split(":")[0])
        in_group = line.startswith(" |")
    return found


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
        if folder in DEBIAN_LIBRARY_DIRS and name in names:
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
