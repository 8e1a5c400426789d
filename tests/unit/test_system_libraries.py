"""The libraries a Linux bundle leaves to the kiosk's system (scripts/system_libraries.py,
called by build.spec) and the check that a bundle never needs one a kiosk lacks
(scripts/check_bundle.py): only what deploy/linux/install.sh's packages, or their
dependencies, ship."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import system_libraries  # noqa: E402

debian = pytest.mark.skipif(
    shutil.which("dpkg") is None or shutil.which("apt-cache") is None or shutil.which("readelf") is None,
    reason="dpkg, apt-cache and readelf (Debian with binutils)",
)
try:
    import _ssl

    SSL_MODULE: Path | None = Path(_ssl.__file__)  # Python's TLS module, linked to the system's OpenSSL
except (ImportError, AttributeError):  # built into the interpreter
    SSL_MODULE = None


def test_the_packages_are_the_ones_install_sh_installs() -> None:
    packages = system_libraries.runtime_packages()
    assert {"libnss3", "libpulse0", "libgl1", "dbus"} <= set(packages)
    script = system_libraries.INSTALL_SCRIPT.read_text(encoding="utf-8")
    assert "apt-get install -y --no-install-recommends $display_pkgs $runtime_pkgs" in script


LISTING = """dbus
  PreDepends: init-system-helpers
  Depends: libsystemd0
    libelogind0
 |Suggests: <default-dbus-session-bus>
    dbus-user-session
init-system-helpers
  Depends: perl-base
 |Depends: usrmerge
  Depends: usr-is-merged
libpam0g
 |Depends: debconf
  Depends: <debconf-2.0>
    cdebconf
    debconf
"""


def test_only_dependencies_every_kiosk_has_count() -> None:
    """An alternative (usrmerge | usr-is-merged), a virtual package (debconf-2.0) or one
    that only provides another (elogind for systemd) may be missing on a kiosk."""
    assert system_libraries.certain_dependencies(LISTING) == {
        "dbus": {"init-system-helpers", "libsystemd0"},
        "init-system-helpers": {"perl-base"},
        "libpam0g": set(),
    }


@debian
def test_the_system_provides_what_install_sh_pulls_in_and_nothing_else() -> None:
    names = ["libstdc++.so.6", "libnssckbi.so", "libpulse.so.0", "libz.so.1", "libssl.so.3", "libQt6Core.so.6"]
    provided = system_libraries.system_owned(names)
    # NSS's root store and PulseAudio are install.sh's own packages; libstdc++ and zlib their dependencies.
    assert {"libstdc++.so.6", "libnssckbi.so", "libpulse.so.0", "libz.so.1"} <= provided
    # OpenSSL is nobody's dependency there, Qt is not a Debian package here: both stay in the bundle.
    assert "libssl.so.3" not in provided and "libQt6Core.so.6" not in provided
    closure = system_libraries.dependency_closure(system_libraries.runtime_packages())
    assert "libsystemd0" in closure and "libelogind0" not in closure  # provides libsystemd0: not on every kiosk


@debian
@pytest.mark.skipif(SSL_MODULE is None, reason="Python's _ssl extension module")
def test_check_bundle_refuses_a_library_a_kiosk_would_not_have(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy(SSL_MODULE, bundle)  # needs libssl.so.3 and libcrypto.so.3, which install.sh does not install

    def check() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, str(ROOT / "scripts" / "check_bundle.py"), str(bundle)]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    refused = check()
    assert refused.returncode == 1, refused.stdout
    assert "MISSING libssl.so.3" in refused.stdout and "MISSING libcrypto.so.3" in refused.stdout
    assert "libc.so.6" not in refused.stdout  # libc comes with every package's dependencies
    for library in ("libssl.so.3", "libcrypto.so.3"):
        shutil.copy(Path("/usr/lib/x86_64-linux-gnu") / library, bundle)
    accepted = check()
    assert accepted.returncode == 0, accepted.stdout
