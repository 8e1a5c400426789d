"""The bundle's trimmed ICU data (scripts/trim_icu.py, called by build.spec): the package
format is rewritten faithfully, and Qt with the trimmed library answers exactly as with the
wheel's for the visitor languages — collation, case mapping, time-zone names — and still
decodes the single-byte code pages of Polish and Ukrainian text."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("trim_icu", ROOT / "scripts" / "trim_icu.py")
trim_icu = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trim_icu)


def _wheel_icudata() -> Path | None:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


LIBRARY = _wheel_icudata() if sys.platform.startswith("linux") else None
needs_icu = pytest.mark.skipif(
    LIBRARY is None or not shutil.which("readelf"), reason="Linux PySide6 wheel with its ICU and binutils"
)

# Run in a child process whose ICU data is the library given in LD_PRELOAD (same soname).
PROBE = r"""
import json
from PySide6.QtCore import QCollator, QCoreApplication, QLocale, QStringDecoder, QTimeZone
app = QCoreApplication([])
words = ["żaba", "zebra", "źrebię", "łódź", "lody", "ćma", "cebula", "Ąb", "ab", "яблуко", "ґанок", "гра",
         "їжак", "іній", "apple", "Zoo"]
out = {}
for lang in ("pl_PL", "uk_UA", "en_US", "en_GB"):
    out["sort " + lang] = sorted(words, key=QCollator(QLocale(lang)).sortKey)
    out["upper " + lang] = QLocale(lang).toUpper("żółć ґанок i ß")
    out["zone " + lang] = [
        QTimeZone(b"Europe/Warsaw").displayName(QTimeZone.TimeType.StandardTime, kind, QLocale(lang))
        for kind in (QTimeZone.NameType.LongName, QTimeZone.NameType.ShortName)
    ]
for name in ("windows-1250", "ISO-8859-2", "windows-1251", "KOI8-U", "IBM852"):
    out["codec " + name] = QStringDecoder(name).isValid()
print(json.dumps(out, ensure_ascii=False))
"""


def _probe(preload: Path | None) -> dict:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    if preload:
        env["LD_PRELOAD"] = str(preload)
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/pl.res", True),
        ("icudt73l/coll/uk.res", True),
        ("icudt73l/zone/en_GB.res", True),
        ("icudt73l/root.res", True),
        ("icudt73l/curr/pool.res", True),
        ("icudt73l/res_index.res", True),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/metaZones.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/uts46.nrm", True),
        ("icudt73l/de.res", False),
        ("icudt73l/coll/de_.res", False),
        ("icudt73l/zone/ja.res", False),
        ("icudt73l/brkitr/cjdict.dict", False),
    ],
)
def test_the_visitor_languages_root_and_shared_data_stay_other_locales_go(name, kept):
    assert trim_icu.keep_item(name, b"") is kept


@needs_icu
def test_rewriting_the_whole_package_gives_back_icus_own_bytes():
    symbol, offset, size = trim_icu.data_symbol(LIBRARY)
    with LIBRARY.open("rb") as handle:
        handle.seek(offset)
        blob = handle.read(size)
    header, items = trim_icu.read_package(blob)
    assert symbol.startswith("icudt") and len(items) > 1000
    assert trim_icu.write_package(header, items) == blob
    single = [n for n, data in items.items() if n.endswith(".cnv") and trim_icu.max_bytes_per_char(data) == 1]
    assert any("5346" in n for n in single)  # windows-1250 is single-byte; GB18030 is not
    assert not any("gb18030" in n for n in single)


@needs_icu
@pytest.mark.skipif(not (shutil.which("as") and shutil.which("ld")), reason="binutils as/ld")
def test_qt_answers_the_same_for_pl_en_uk_with_the_trimmed_library(tmp_path):
    out = tmp_path / LIBRARY.name
    before, after = trim_icu.trim(LIBRARY, out)
    assert after < before / 2 and out.stat().st_size < LIBRARY.stat().st_size / 3
    trimmed = _probe(out)
    assert trimmed == _probe(None)
    assert all(trimmed[k] for k in trimmed if k.startswith("codec "))
    assert trimmed["zone pl_PL"][0] == "czas środkowoeuropejski standardowy"
