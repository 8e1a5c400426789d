"""docs/pl/, the Polish guide for a gmina technician, run as written (issue 33).

The chapters run in the order a technician meets them, in one shared machine stand-in:
install.sh into a directory tree (INFOMAT_ROOT), the config the guide writes, then its
chapters on hours, statistics, monitoring and the county file. Every ``sh`` block and every
``$ command`` of a ``console`` block is run by bash, with LANG=pl_PL.UTF-8 and a temp HOME;
the output lines a block quotes must appear; every ``toml`` fragment passes ``kiosk
check-config`` (tests/support/doc_commands.py has the marks a guide uses).

What the test changes, and nothing else:
- the kiosk's own places ``/etc/infomat``, ``/opt/infomat`` and ``/tmp`` are folders of this
  test's tree, ``/home/kiosk`` its HOME (in commands, files and quoted output alike);
- ``sudo -u kiosk`` runs the rest as this test's user (there is no kiosk user here) and
  ``sudo`` keeps INFOMAT_ROOT, so install.sh writes into the tree, without apt-get,
  useradd or systemctl;
- the county's web server ``https://infomat.powiat.example`` is a local HTTPS server with a
  test CA (REQUESTS_CA_BUNDLE); the guide's ``scp`` upload is a copy to its folder; the public
  key the guide's [fleet] shows is the one its keygen step made (as the technician pastes it);
  the county file's ``expires`` moves 90 days ahead once the written date is near;
- passwords and PINs the commands ask for come from standard input (no terminal here);
- the kiosk's statistics hold a quarter of visits and its log a line (a kiosk that has been
  running: the guide reports on the one and tails the other).

Blocks not run, each marked in the guide with its reason: Windows PowerShell (its
``infomat.exe`` arguments are parsed by the kiosk's own parser instead), systemd/timedatectl
(they would change this machine), ``kiosk run`` (a window that does not end) and the upload
to the county's server (replaced as above)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.doc_commands import Block, blocks, console_commands, inline_commands, shows
from tests.support.server import Response

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "pl"
CHAPTERS = ["instalacja.md", "konfiguracja.md", "README.md", "dostepnosc.md", "godziny-i-komunikaty.md",
            "statystyki.md", "monitorowanie.md", "flota.md"]  # fmt: skip
SECRET = "58291604"  # the PIN and the key password the technician types
EXAMPLE_KEY = "RWRqmNZUiQsnipZyRg8NFzp5L0q6ao6f0vvCGwuVljWYJbG8/t8CZxvB"
COUNTY_HOST = "https://infomat.powiat.example"
UPLOAD = "scp county.toml.minisig county.toml "
PLACES = re.compile(r"(?<![\w.~/-])/(etc/infomat|opt/infomat|home/kiosk|tmp)(?=[/\s\"']|$)", re.M)
NOT_RUN_EXPECTED = 8  # the marked blocks below; keep this set small

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None, reason="bash"),
    pytest.mark.skipif(shutil.which("minisign") is None, reason="minisign (Debian package minisign)"),
]


class Machine:
    """The technician's machine: a tree for /, a HOME, a working folder, the commands."""

    def __init__(self, base: Path, county_base: str, ca: str) -> None:
        self.base = base
        self.tree, self.home, self.publish = base / "root", base / "home", base / "www"
        for folder in (self.tree / "tmp", self.home, self.publish):
            folder.mkdir(parents=True)
        self.county_base = county_base
        self.stdin = base / "stdin.txt"
        self.stdin.write_text(f"{SECRET}\n" * 8)
        self.bin = base / "bin"
        self.bin.mkdir()
        shim(self.bin / "kiosk", f'exec {shlex.quote(sys.executable)} -m kiosk "$@"')
        shim(self.bin / "sudo", 'if [ "${1:-}" = -u ]; then shift 2; fi\nexec "$@"')
        self.project = self.home / "infomat"  # the project folder copied to the kiosk
        (self.project / "dist").mkdir(parents=True)
        (self.project / "deploy").symlink_to(ROOT / "deploy")
        fake_bundle(self.project / "dist" / "infomat")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "LC_", "INFOMAT_"))}
        self.env.pop("LANGUAGE", None)
        self.env.update(
            HOME=str(self.home), LANG="pl_PL.UTF-8", PATH=f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            PYTHONPATH=str(ROOT), INFOMAT_ROOT=str(self.tree), REQUESTS_CA_BUNDLE=ca,
            QT_QPA_PLATFORM="offscreen",
        )  # fmt: skip
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            self.env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # root: Chromium refuses its sandbox

    def local(self, text: str) -> str:
        """``text`` with the kiosk's places in this test's tree and the county server here."""

        def place(match: re.Match) -> str:
            return str(self.home) if match.group(1) == "home/kiosk" else f"{self.tree}/{match.group(1)}"

        return PLACES.sub(place, text).replace(COUNTY_HOST, self.county_base)

    def run_chapter(self, name: str) -> list[str]:
        """Run the chapter's steps in one bash; the problems found (empty: as written)."""
        steps = [step for block in blocks(DOCS / name) for step in self.steps(block)]
        out = self.base / "out" / name
        out.mkdir(parents=True)
        script = ["set -o pipefail", f"cd {shlex.quote(str(self.home))}"]
        for number, (_where, code, _expected, checked) in enumerate(steps):
            if checked:
                script.append(f"{{ set -e\n{code}\nset +e\n}} <{self.stdin} >{out}/{number}.out 2>&1")
            else:
                script.append(f"{{\n{code}\n}} <{self.stdin} >{out}/{number}.out 2>&1")
            script.append(f"echo done >{out}/{number}.rc")
        done = subprocess.run(["bash", "-c", "\n".join(script)], env=self.env, cwd=self.home, capture_output=True,
                              text=True, timeout=600, start_new_session=True)  # fmt: skip
        problems = []
        for number, (where, code, expected, _checked) in enumerate(steps):
            output_file = out / f"{number}.out"
            output = output_file.read_text(encoding="utf-8", errors="replace") if output_file.exists() else ""
            if not (out / f"{number}.rc").exists():
                problems.append(f"{where}: failed (bash exit {done.returncode}):\n{code}\n--- output:\n{output}")
                break
            for line in expected:
                if not shows(output, self.local(line)):
                    problems.append(f"{where}: {code!r} did not print {line!r}; it printed:\n{output}")
        return problems

    def steps(self, block: Block) -> list[tuple[str, str, list[str], bool]]:
        """(where, bash code, quoted output, exit status checked) for one block."""
        if block.lang == "toml" and block.mark in ("plik", "dopisz"):
            target = self.local(block.argument)
            staged = self.base / "staged" / f"{block.path.stem}-{block.line}.toml"
            staged.parent.mkdir(exist_ok=True)
            staged.write_text(self.local(with_future_expiry(block.text)), encoding="utf-8")
            how = ">" if block.mark == "plik" else ">>"
            code = f'mkdir -p "$(dirname {target})"\ncat {staged} {how} {target}'
            if EXAMPLE_KEY in block.text:  # the technician pastes the key the keygen step printed
                code += f'\nsed -i "s|{EXAMPLE_KEY}|$(tail -n 1 powiat.pub)|" {target}'
            return [(block.where, code, [], True)]
        if block.not_run:
            if block.text.startswith(UPLOAD):  # the upload: to this test's web server folder
                return [(block.where, f"cp county.toml.minisig county.toml {self.publish}/", [], True)]
            return []
        if block.lang == "sh":
            return [(block.where, self.local(block.text), [], block.exit_checked)]
        if block.lang == "console":
            return [(block.where, self.local(c.text), c.expected, block.exit_checked) for c in console_commands(block)]
        return []


def shim(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def fake_bundle(bundle: Path) -> None:
    """dist/infomat as install.sh takes it: its launcher runs this checkout's CLI."""
    (bundle / "config").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "kiosk.toml", bundle / "config" / "kiosk.toml")
    shutil.copytree(ROOT / "config" / "content", bundle / "config" / "content")
    shim(bundle / "infomat", f'exec {shlex.quote(sys.executable)} -m kiosk "$@"')


def with_future_expiry(text: str) -> str:
    """A county file whose written ``expires`` is near or past: 90 days from now instead."""
    match = re.search(r"^\[release\].*?^expires = (\S+)", text, re.S | re.M)
    if match and dt.datetime.fromisoformat(match.group(1)) < dt.datetime.now().astimezone() + dt.timedelta(days=14):
        later = (dt.datetime.now().astimezone() + dt.timedelta(days=90)).isoformat(timespec="seconds")
        text = text[: match.start(1)] + later + text[match.end(1) :]
    return text


def seed_the_running_kiosk(machine: Machine) -> None:
    """What a kiosk that has been running has: a log, and a quarter of visits in its statistics."""
    from kiosk.stats.store import StatsStore

    log = machine.home / ".local" / "state" / "infomat" / "log" / "kiosk.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S,000")
    log.write_text(f"{stamp} INFO    kiosk.app: home screen painted\n", encoding="utf-8")
    store = StatsStore(
        machine.home / ".local" / "share" / "infomat" / "stats.sqlite3",
        kiosk_id="jastkow-ug",
        kiosk_name="Infomat Gminy Jastków",
    )
    for month, visits in ((7, 3), (8, 2), (9, 1)):
        for visit in range(visits):
            moment = dt.datetime(2026, month, 10 + visit, 10, 0)
            store.record_session_start(now=moment)
            store.record_service_open("epuap", now=moment)
            store.record_session("visitor", 240, languages=["pl"], now=moment + dt.timedelta(minutes=4))
    store.close()


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    from tests.support.county import CountyServer

    base = tmp_path_factory.mktemp("technik")
    county = CountyServer(base / "county")
    try:
        machine = Machine(base / "m", county.url.removesuffix("/county.toml"), county.ca)
        seed_the_running_kiosk(machine)
        for name in ("/county.toml", "/county.toml.minisig"):
            county.server.route("*", name, lambda _seen, name=name: Response((machine.publish / name[1:]).read_bytes()))
        yield machine
    finally:
        county.close()


def root_beside_a_kiosk_user() -> bool:
    """As root on a machine with a real kiosk user, `kiosk` refuses root's folders, so the
    stand-in for `sudo -u kiosk` (this test's user) cannot run the guide's commands."""
    try:
        import pwd

        pwd.getpwnam("kiosk")
    except (ImportError, KeyError):
        return False
    return os.geteuid() == 0


@pytest.mark.skipif(root_beside_a_kiosk_user(), reason="as root beside a real kiosk user (see the function)")
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_chapter_runs_as_written(machine: Machine, chapter: str) -> None:
    problems = machine.run_chapter(chapter)
    assert not problems, "\n\n".join(problems)


def test_every_toml_fragment_passes_check_config(machine: Machine, tmp_path: Path) -> None:
    from tests.unit.test_metrics import make_pki

    tls = machine.tree / "etc" / "infomat" / "tls"  # the certificates the TLS fragment names
    tls.mkdir(parents=True, exist_ok=True)
    pki = make_pki(tmp_path)
    for source, name in (("kiosk.pem", "kiosk.pem"), ("kiosk-key.pem", "kiosk-key.pem"), ("ca.pem", "county-ca.pem")):
        shutil.copy(pki[source], tls / name)
    fragments = [b for chapter in CHAPTERS for b in blocks(DOCS / chapter) if b.lang == "toml" and not b.mark]
    assert len(fragments) >= 4, [b.where for b in fragments]
    problems = []
    for block in fragments:
        path = tmp_path / f"{block.path.stem}-{block.line}.toml"
        path.write_text(machine.local(block.text), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "kiosk", "check-config", str(path)], env=machine.env,
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        if done.returncode != 0 or done.stdout.splitlines()[-1:] != ["OK"]:
            problems.append(f"{block.where}: {done.stdout}{done.stderr}")
    assert not problems, "\n".join(problems)


def test_the_windows_commands_parse() -> None:
    """PowerShell does not run here: each infomat.exe call is parsed by the kiosk's parser."""
    from kiosk.commands.entry import build_parser

    calls = []
    for chapter in CHAPTERS:
        for block in blocks(DOCS / chapter):
            if block.lang == "powershell":
                assert block.not_run and block.reason, f"{block.where}: PowerShell blocks are marked, with a reason"
                for line in block.text.splitlines():
                    if 'infomat.exe" ' in line:
                        rest = line.split('infomat.exe" ', 1)[1].split(" #")[0]
                        calls.append((block.where, [w.strip('"') for w in shlex.split(rest, posix=False)]))
    assert len(calls) >= 3, calls
    for where, args in calls:
        try:
            build_parser().parse_args(args)
        except SystemExit as exc:
            pytest.fail(f"{where}: infomat.exe {' '.join(args)}: the kiosk refuses these arguments ({exc})")


def test_the_blocks_not_run_are_few_and_say_why() -> None:
    marked = [b for chapter in CHAPTERS for b in blocks(DOCS / chapter) if b.mark == "test"]
    for block in marked:
        assert block.not_run or not block.exit_checked, f"{block.where}: unknown mark {block.argument!r}"
        assert block.reason, f"{block.where}: the mark says why after '—'"
    not_run = [b.where for b in marked if b.not_run]
    assert len(not_run) == NOT_RUN_EXPECTED, not_run
    for chapter in CHAPTERS:
        for block in blocks(DOCS / chapter):
            assert block.lang in ("sh", "console", "toml", "powershell", "yaml"), f"{block.where}: ```{block.lang}"
            if block.lang == "yaml":
                assert "kiosk " not in block.text, f"{block.where}: a command in a block no test runs"


def test_every_inline_kiosk_command_is_one_the_guide_runs() -> None:
    run = " ".join(
        " ".join(b.text.split())
        for chapter in CHAPTERS
        for b in blocks(DOCS / chapter)
        if b.lang in ("sh", "console") and not b.not_run
    )
    missing = [
        f"{chapter}:{line}: {command}"
        for chapter in CHAPTERS
        for line, command in inline_commands(DOCS / chapter)
        if " ".join(command.split()) not in run
    ]
    assert not missing, "\n".join(missing)


def test_the_chapters_are_all_listed_and_their_links_lead_somewhere() -> None:
    assert sorted(CHAPTERS) == sorted(p.name for p in DOCS.glob("*.md"))
    broken = []
    for chapter in CHAPTERS:
        text = (DOCS / chapter).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if not target.startswith(("http://", "https://")) and not (DOCS / target).exists():
                broken.append(f"{chapter}: {target}")
    assert not broken, broken
    assert "docs/pl/README.md" in (ROOT / "README.md").read_text(encoding="utf-8")
