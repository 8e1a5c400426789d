"""Instructions executed from process start to the painted home screen (valgrind).

    python benchmarks/instructions.py [TREE ...]

Wall-clock start-up on the 2-core test VM moves by ±15 % from minute to minute (CPU
steal from the host); an optimisation worth 10 ms cannot be seen in it. The number of
instructions the process executes until the home screen first paints is the same from
run to run (±0.1 %): callgrind counts them, ~35 s per run (two per tree). Each TREE (a source
checkout; default: this one) runs ``kiosk run --windowed`` with the demo config, from
its start-up snapshot like every start after the first, and stops at the first paint.
Two floors are printed for scale: an empty Python and a bare PySide6 window with one
label. On this machine 1000 M instructions are roughly 300 ms.
Needs valgrind (Debian package ``valgrind``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, table
from startup import BARE, kiosk_env, kiosk_home_ms

# Run inside the measured process: the kiosk exactly as `kiosk run`, ended right where it
# logs "home screen painted" (the runtime's check that follows the first paint).
UNTIL_PAINTED = r"""
import gc, os, sys
gc.disable()  # as kiosk/__main__.py does
sys.path.insert(0, sys.argv[1])
import kiosk.app
kiosk.app.KioskRuntime._check_start = lambda runtime, start: os._exit(0)
try:
    from kiosk.commands.entry import main
except ImportError:  # a tree from before the commands package (compared against)
    from kiosk.cli import main
sys.argv = ["kiosk", "run", "--windowed", "--config", sys.argv[2]]
main()
"""

RUN_TREE = (
    "import sys; sys.path.insert(0, sys.argv[1]); from kiosk.__main__ import entry; "
    "sys.argv = ['kiosk', 'run', '--windowed', '--config', sys.argv[2]]; entry()"
)
COLLECTED = re.compile(r"Collected : (\d+)")


def environment(home: Path) -> dict[str, str]:
    """The benchmarks' kiosk environment, with a fixed hash seed (set iteration order
    changes the count) and, as root, the sandbox off as for every root run."""
    env = dict(kiosk_env(home), PYTHONHASHSEED="0")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    return env


def instructions(arguments: list[str], env: dict[str, str], cwd: Path) -> float:
    """Millions of instructions ``python ARGUMENTS`` executes (callgrind)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, *arguments]
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    match = COLLECTED.search(out.stderr)
    if match is None:
        raise SystemExit(f"callgrind failed for {arguments[:2]}:\n{out.stderr[-2000:]}")
    return int(match.group(1)) / 1e6


def prime(tree: Path, config: Path, env: dict[str, str], home: Path) -> None:
    """Two ordinary starts, each until its home screen has painted and the snapshot is
    saved: bytecode compiled, content and holiday caches filled, start-up snapshot saved."""
    command = [sys.executable, "-c", RUN_TREE, str(tree), str(config)]
    for _ in range(2):
        kiosk_home_ms(command, env, home, home)


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    trees = [Path(arg).resolve() for arg in sys.argv[1:]] or [ROOT]
    config = ROOT / "config" / "kiosk.toml"  # one config for every tree: the same home screen
    rows: list[tuple[str, str]] = []
    home = Path(tempfile.mkdtemp(prefix="infomat-instructions-"))
    env = environment(home)
    rows.append(("python -c pass", f"{instructions(['-c', 'pass'], env, home):8.1f} M"))
    rows.append(("bare PySide6 window painted", f"{instructions(['-c', BARE, '0'], env, home):8.1f} M"))
    for tree in trees:
        tree_home = Path(tempfile.mkdtemp(prefix="infomat-instructions-"))
        tree_env = environment(tree_home)
        prime(tree, config, tree_env, tree_home)
        # Twice: caches change the count a lot (measured: no holiday cache +1250 M, no
        # content cache +300 M), and a priming start cut short can leave one unfinished;
        # the lower count is the ordinary start.
        counts = [instructions(["-c", UNTIL_PAINTED, str(tree), str(config)], tree_env, tree_home) for _ in range(2)]
        spread = f"   (other run {max(counts):.1f} M)" if max(counts) - min(counts) > 0.005 * min(counts) else ""
        rows.append((f"home painted: {tree}", f"{min(counts):8.1f} M{spread}"))
    print(table(rows, "Instructions from process start (valgrind callgrind, demo config, offscreen)"))


if __name__ == "__main__":
    main()
