"""Rebuild Qt's ICU data library (``libicudata.so.NN``, 31 MB) with only what the kiosk's Qt
can ask of it: the locale data of the visitor languages (pl, en, uk) and root, the
single-byte code pages, and everything that is not per-locale (normalisation, collation
tables, time zones, likely subtags, …). ~6 MB. build.spec calls it; docs/packaging.md says
why it is safe.

What Qt asks ICU for (``nm -D --undefined-only libQt6Core.so.6 | grep _73``; no other
library or plugin in the wheels links ICU; QtWebEngine has its own, ``icudtl.dat``):
case mapping (``u_strToUpper/Lower``), collation (``ucol_*``: QCollator,
localeAwareCompare), time-zone names (``ucal_*``: QTimeZone::displayName) and code
pages (``ucnv_*``: QStringConverter for names it does not implement itself). Locale
data of another language is only read when Qt is asked for that language, which the
kiosk never does; ICU then falls back to the default locale and root, as for any locale
it lacks. East-Asian multi-byte code pages (GB18030, Big5, Shift-JIS, EUC-KR …) are
the other large part; opening one without its table fails with an error, not a crash.

    python scripts/trim_icu.py LIBICUDATA OUT   # writes OUT, prints the sizes
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

LANGUAGES = ("pl", "en", "uk")
# A locale's resource bundle: "pl.res", "en_GB.res", "coll/uk.res", "zone/en_001.res" …
LOCALE_BUNDLE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]*)*\.res")  # also "de_.res" (collation aliases)
# Not locales although the pattern above matches them (the index of installed locales).
NOT_LOCALES = {"res_index.res"}
# Word-break dictionaries for Chinese/Japanese, Thai, Khmer, Lao and Burmese: Qt breaks
# text with its own tables (it calls no ubrk_* function).
DICTIONARY = re.compile(r".*\.dict")


def keep_item(name: str, data: bytes, languages: tuple[str, ...] = LANGUAGES) -> bool:
    """Whether the package item ``name`` ("icudt73l/coll/pl.res") stays."""
    base = name.rsplit("/", 1)[-1]
    if base in NOT_LOCALES or base in ("root.res", "pool.res"):
        return True
    if LOCALE_BUNDLE.fullmatch(base):
        return base.split("_")[0].split(".")[0] in languages
    if DICTIONARY.fullmatch(base):
        return False
    if base.endswith(".cnv"):
        return max_bytes_per_char(data) == 1
    return True


def max_bytes_per_char(cnv: bytes) -> int:
    """A .cnv table's UConverterStaticData.maxBytesPerChar (after its data header)."""
    header = struct.unpack_from("<H", cnv, 0)[0]
    # structSize(4) name[60] codepage(4) platform(1) conversionType(1) minBytesPerChar(1) maxBytesPerChar(1)
    return cnv[header + 4 + 60 + 4 + 1 + 1 + 1]


def read_package(blob: bytes) -> tuple[bytes, dict[str, bytes]]:
    """ICU common data ("CmnD"): its header and {item name: item bytes}."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        raise ValueError("not ICU common data (CmnD)")
    if blob[8] != 0:
        raise ValueError("big-endian ICU data is not handled")
    count = struct.unpack_from("<I", blob, header_size)[0]
    toc = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    starts = [header_size + data for _, data in toc] + [len(blob)]
    items = {}
    for i, (name_offset, _) in enumerate(toc):
        at = header_size + name_offset
        name = blob[at : blob.index(b"\0", at)].decode("ascii")
        items[name] = blob[starts[i] : starts[i + 1]]
    return blob[:header_size], items


def write_package(header: bytes, items: dict[str, bytes]) -> bytes:
    """The inverse of read_package: names sorted (ICU looks them up by binary search),
    every item 16-byte aligned, offsets from the start of the table of contents. With
    every item kept it gives back ICU's own package byte for byte."""
    names = sorted(items)
    count = len(names)
    names_block = b"".join(n.encode("ascii") + b"\0" for n in names)
    name_offsets, at = [], 4 + 8 * count
    for n in names:
        name_offsets.append(at)
        at += len(n) + 1
    at = (at + 15) & ~15
    data_offsets, chunks = [], []
    for n in names:
        data_offsets.append(at)
        chunk = items[n] + b"\xaa" * ((-len(items[n])) % 16)  # ICU's own padding byte
        chunks.append(chunk)
        at += len(chunk)
    toc = struct.pack("<I", count) + b"".join(
        struct.pack("<II", a, b) for a, b in zip(name_offsets, data_offsets, strict=True)
    )
    body = toc + names_block
    body += b"\xaa" * ((-len(body)) % 16)
    return header + body + b"".join(chunks)


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The exported data symbol (icudtNN_dat), its file offset and size."""
    syms = subprocess.run(["readelf", "-W", "--dyn-syms", str(library)], capture_output=True, text=True, check=True)
    match = re.search(r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+(\d+)\s+(icudt\d+_dat)", syms.stdout)
    if not match:
        raise ValueError(f"{library}: no icudtNN_dat symbol")
    address, size, section, name = int(match[1], 16), int(match[2], 0), int(match[3]), match[4]
    sections = subprocess.run(["readelf", "-W", "-S", str(library)], capture_output=True, text=True, check=True)
    row = re.search(rf"\[\s*{section}\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", sections.stdout)
    if not row:
        raise ValueError(f"{library}: no section {section}")
    return name, address - int(row[1], 16) + int(row[2], 16), size


def soname(library: Path) -> str:
    out = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return match[1] if match else library.name


def trim(library: Path, out: Path, languages: tuple[str, ...] = LANGUAGES) -> tuple[int, int]:
    """Write the trimmed library to ``out``; returns (items before, items after)."""
    symbol, offset, size = data_symbol(library)
    with library.open("rb") as handle:
        handle.seek(offset)
        blob = handle.read(size)
    header, items = read_package(blob)
    kept = {name: data for name, data in items.items() if keep_item(name, data, languages)}
    package = write_package(header, kept)
    with tempfile.TemporaryDirectory() as tmp:
        dat, asm, obj = Path(tmp, "data.dat"), Path(tmp, "data.s"), Path(tmp, "data.o")
        dat.write_bytes(package)
        asm.write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.size {symbol}, {len(package)}\n"
            f'\t.balign 16\n{symbol}:\n\t.incbin "{dat}"\n\t.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(["as", "-o", str(obj), str(asm)], check=True)
        subprocess.run(["ld", "-shared", "-soname", soname(library), "-o", str(out), str(obj)], check=True)
    return len(items), len(kept)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1])
        return 2
    library, out = Path(sys.argv[1]), Path(sys.argv[2])
    before, after = trim(library, out)
    print(
        f"{library.name}: {library.stat().st_size / 1024**2:.1f} MB, {before} items → "
        f"{out.stat().st_size / 1024**2:.1f} MB, {after} items"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
