"""A national programme of 5,000 kiosks, on paper and measured where it can be (issue 34).

    python benchmarks/fleet_scale.py [--kiosks 5000] [--quick] [--folder DIR]

Three loads that grow with the number of kiosks, each with what this 2-core machine does
with the real engine:

- **The county file.** The poll rate the kiosks' own timing gives (``[fleet]
  poll_seconds``, ±10 % jitter, the first poll 1-30 s after a start: kiosk/fleet/feed.py),
  simulated for the worst second after a power cut that starts every kiosk at once; and
  what Debian's nginx with the shipped location blocks (deploy/fleet/nginx-infomat.conf)
  serves over HTTPS to a Python client that polls as a kiosk does: a new TLS connection
  per poll (``kiosk.fleet.fetch`` opens a new session each time), ``If-None-Match`` → 304,
  or the file and its signature after a release.
- **Prometheus.** The series one kiosk exports (its registry built as the app builds it,
  histogram buckets included) plus the 5 Prometheus adds per target, the samples per
  second at the shipped ``scrape_interval``, and the memory of Debian's ``prometheus``
  scraping N fake kiosks (one local exporter serving a real kiosk's exposition under a
  path per kiosk), measured at two N and extrapolated.
- **Statistics.** N stats files of one year each, written in kiosk.stats' format, merged
  with ``kiosk stats merge`` and reported by month with ``kiosk stats export`` (each a
  subprocess: wall time and peak RSS).

``--quick`` skips the servers (nginx, Prometheus): the numbers that need no engine only.
Nothing here is a pass/fail test; tests/unit/test_fleet_scale_benchmark.py runs it at 20
kiosks so that it keeps working.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import http.server
import json
import os
import random
import re
import resource
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

Row = tuple[str, str, str, str]  # quantity, value, unit, how measured
#: up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling, scrape_series_added
PROMETHEUS_PER_TARGET = 5
PLANNING_BYTES_PER_SERIES = 7.5 * 1024  # a sizing calculator's conservative figure (docs/monitoring.md, section 7)


# --- the county file ---------------------------------------------------------------------
def poll_timing() -> tuple[int, float, float]:
    """(poll_seconds default, jitter, first poll's latest second) as the kiosk has them."""
    from kiosk.config.schema import FleetSection
    from kiosk.fleet.feed import FIRST_POLL_MAX_SECONDS, JITTER

    return FleetSection.model_fields["poll_seconds"].default, JITTER, FIRST_POLL_MAX_SECONDS


def simulate_polls(kiosks: int, hours: float, rng: random.Random) -> list[int]:
    """Polls in each second after a power cut that starts every kiosk at the same moment
    (the worst case: no boot is slower than another), with CountyFeed's own timing."""
    poll, jitter, first_max = poll_timing()
    horizon = int(hours * 3600)
    per_second = [0] * horizon
    for _ in range(kiosks):
        moment = rng.uniform(1, first_max)
        while moment < horizon:
            per_second[int(moment)] += 1
            moment += poll * rng.uniform(1 - jitter, 1 + jitter)
    return per_second


def county_files(folder: Path) -> tuple[bytes, bytes]:
    """The shipped example county file with a fresh expiry, signed as the county signs it."""
    from kiosk.core.minisign import generate, sign

    text = (ROOT / "deploy/fleet/county.example.toml").read_text(encoding="utf-8")
    expires = (dt.datetime.now().astimezone() + dt.timedelta(days=90)).isoformat(timespec="seconds")
    text = re.sub(r"(?m)^expires = .*$", f"expires = {expires}", text)
    county = text.encode()
    signature = sign(county, generate(), "county file")
    (folder / "county.toml").write_bytes(county)
    (folder / "county.toml.minisig").write_bytes(signature)
    return county, signature


def start_nginx(folder: Path, port: int) -> tuple[subprocess.Popen, str]:
    """Debian's nginx on loopback with the shipped location blocks; returns it and the CA file."""
    from tests.support.pki import ca_and_leaf

    ca, cert, key = ca_and_leaf(folder / "tls")
    www = folder / "www"
    www.mkdir()
    county_files(www)
    shipped = (ROOT / "deploy/fleet/nginx-infomat.conf").read_text(encoding="utf-8")
    locations = "\n".join(line.strip() for line in shipped.splitlines() if line.strip().startswith("location"))
    temp = "\n".join(f"  {kind}_temp_path {folder}/tmp-{kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                              "uwsgi", "scgi"))  # fmt: skip
    (folder / "nginx.conf").write_text(
        # Started by root, nginx's workers would be nobody, who cannot read a private temp folder.
        f"{'user root;' if os.geteuid() == 0 else ''}\nworker_processes auto;\n"
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events { worker_connections 4096; }\n"
        f"http {{\n  access_log {folder}/access.log;\n{temp}\n"
        f"  server {{\n    listen 127.0.0.1:{port} ssl;\n"
        f"    ssl_certificate {cert};\n    ssl_certificate_key {key};\n    root {www};\n    {locations}\n  }}\n}}\n",
        encoding="utf-8",
    )
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen(
        [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"https://127.0.0.1:{port}/county.toml",
                                        context=ssl.create_default_context(cafile=ca), timeout=1):  # fmt: skip
                return process, ca
        except OSError:
            time.sleep(0.1)
    process.terminate()  # the master stops its workers (a kill would leave them running)
    process.wait(10)
    raise RuntimeError(f"nginx did not start: {(folder / 'error.log').read_text(errors='replace')[-500:]}")


def tree_cpu(pid: int) -> float:
    import psutil

    parent = psutil.Process(pid)
    total = 0.0
    for process in (parent, *parent.children(recursive=True)):
        times = process.cpu_times()
        total += times.user + times.system
    return total


def load_nginx(port: int, ca: str, mode: str, seconds: float, threads: int, etag: str) -> tuple[int, float, float]:
    """Polls done by ``threads`` client threads in ``seconds``: (polls, client CPU s, wall s).

    ``mode``: ``304`` — a new TLS connection and one conditional GET, as an unchanged
    poll; ``full`` — a new TLS connection, the file and its signature, as after a release;
    ``keepalive`` — conditional GETs on one open connection (the server without handshakes)."""
    context = ssl.create_default_context(cafile=ca)
    headers = {"User-Agent": "Infomat benchmark (county kiosk)"}
    counts = [0] * threads
    failures: list[str] = []
    stop_at = time.monotonic() + seconds

    def one(conn: http.client.HTTPSConnection, path: str, extra: dict[str, str], want: int) -> None:
        conn.request("GET", path, headers={**headers, **extra})
        response = conn.getresponse()
        response.read()
        if response.status != want:
            failures.append(f"{path}: {response.status}")

    def client(index: int) -> None:
        kept = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
        while time.monotonic() < stop_at and not failures:
            if mode == "keepalive":
                one(kept, "/county.toml", {"If-None-Match": etag}, 304)
            else:
                conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
                if mode == "304":
                    one(conn, "/county.toml", {"If-None-Match": etag}, 304)
                else:
                    one(conn, "/county.toml", {}, 200)
                    one(conn, "/county.toml.minisig", {}, 200)
                conn.close()
            counts[index] += 1
        kept.close()

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    if failures:
        raise RuntimeError(f"nginx answered {failures[0]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return sum(counts), cpu, wall


def polls_section(kiosks: int, quick: bool, folder: Path) -> list[Row]:
    poll, jitter, first_max = poll_timing()
    rng = random.Random(34)
    per_second = simulate_polls(kiosks, 2, rng)
    mean = kiosks / poll
    after_cut = max(per_second[:60])
    second_hour = per_second[3600:]
    rows: list[Row] = [
        ("kiosks", f"{kiosks}", "", "--kiosks"),
        ("poll interval", f"{poll} ±{jitter:.0%}", "s", "[fleet] poll_seconds default, kiosk/fleet/feed.py JITTER"),
        ("county-file polls, mean", f"{mean:.1f}", "polls/s", "kiosks / poll_seconds"),
        ("  worst second, 2nd hour", f"{max(second_hour)}", "polls/s", "simulated with the kiosk's timing"),
        ("  after a power cut, first 30 s", f"{kiosks / (first_max - 1):.0f}", "polls/s",
         f"all start at once; first poll uniform in 1-{first_max} s"),
        ("  worst second after the cut", f"{after_cut}", "polls/s", "simulated (seed 34)"),
    ]  # fmt: skip
    if quick:
        return rows
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        return [*rows, ("nginx", "not installed", "", "apt install nginx-light to measure it")]
    import psutil

    from tests.support.listeners import free_port

    port = free_port()
    process, ca = start_nginx(folder / "nginx", port)
    try:
        context = ssl.create_default_context(cafile=ca)
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/county.toml", context=context) as response:
            etag = response.headers["ETag"]
            size = len(response.read())
        measured = {}
        for mode in ("304", "full", "keepalive"):
            nginx_before = tree_cpu(process.pid)
            psutil.cpu_percent()
            polls, client_cpu, wall = load_nginx(port, ca, mode, 6.0, 8, etag)
            busy = psutil.cpu_percent()
            measured[mode] = (polls / wall, client_cpu / wall, (tree_cpu(process.pid) - nginx_before) / polls, busy)
    finally:
        process.terminate()
        process.wait(10)
    rate304, client304, nginx304, busy304 = measured["304"]
    rate_full, _client_full, nginx_full, _busy_full = measured["full"]
    rate_kept, _client_kept, nginx_kept, _busy_kept = measured["keepalive"]
    limit = "the client (one GIL) is the limit" if client304 > 0.9 else "client and nginx share the machine"
    cores = os.cpu_count() or 1
    how = "nginx 1.22 TLS, 8 Python threads, new connection per poll"
    return [
        *rows,
        ("county file served", f"{size}", "bytes", "deploy/fleet/county.example.toml, signed"),
        ("nginx: unchanged polls (304)", f"{rate304:.0f}", "polls/s", how),
        ("  client CPU during it", f"{client304:.0%}", "of a core", limit),
        ("  machine CPU busy during it", f"{busy304:.0f}%", "of all", "psutil.cpu_percent, every session's"),
        ("  nginx CPU per 304 poll", f"{nginx304 * 1000:.2f}", "ms", "workers' CPU time / polls (TLS handshake)"),
        ("  nginx alone on 2 cores", f"{cores / nginx304:.0f}", "polls/s", f"{cores} cores / CPU per poll"),
        ("nginx: polls after a release", f"{rate_full:.0f}", "polls/s", "new connection, file + .minisig (200)"),
        ("  nginx CPU per full poll", f"{nginx_full * 1000:.2f}", "ms", "workers' CPU time / polls"),
        ("nginx: 304 on a kept connection", f"{rate_kept:.0f}", "req/s", f"no handshake; nginx "
         f"{nginx_kept * 1000:.3f} ms CPU each"),
        ("headroom, mean (measured/needed)", f"{rate304 / mean:.0f}×", "", "nginx 304 polls/s / mean polls/s"),
        ("headroom, worst second after cut", f"{rate_full / after_cut:.1f}×", "", "full polls/s measured / worst "
         "second (a release pending)"),
    ]  # fmt: skip


# --- Prometheus ----------------------------------------------------------------------------
def kiosk_exposition() -> bytes:
    """One kiosk's /metrics as the app fills its registry (kiosk/ui/window/monitoring.py)
    for the shipped config/kiosk.toml, one session ended."""
    from prometheus_client import generate_latest

    from kiosk.config import load_config
    from kiosk.metrics.registry import KioskMetrics

    config = load_config(ROOT / "config/kiosk.toml")
    metrics = KioskMetrics()
    kiosk = config.kiosk
    metrics.identify(config.kiosk_id, kiosk.name, kiosk.gmina, kiosk.teryt, [s.id for s in config.services])
    metrics.config_in_force("0" * 64, str(config.source))
    metrics.limits(config.supervisor.memory_soft_mb, config.supervisor.memory_hard_mb, tempfile.gettempdir())
    metrics.schedule(SimpleNamespace(closed=False, display_on=True, live=[]))
    metrics.session_ended("idle", 95)
    return generate_latest(metrics.registry)


def series_in(exposition: bytes) -> int:
    return sum(1 for line in exposition.decode().splitlines() if line and not line.startswith("#"))


def scrape_interval() -> int:
    """The infomat job's scrape_interval in deploy/monitoring/prometheus.yml."""
    text = (ROOT / "deploy/monitoring/prometheus.yml").read_text(encoding="utf-8")
    job = text.split("job_name: infomat\n", 1)[1]
    found = re.search(r"scrape_interval:\s*(\d+)s", job.split("job_name:", 1)[0]) or re.search(
        r"scrape_interval:\s*(\d+)s", text
    )
    assert found, "no scrape_interval in deploy/monitoring/prometheus.yml"
    return int(found.group(1))


class Exporter:
    """One local HTTP server answering every /k/<n>/metrics with the same exposition."""

    def __init__(self, body: bytes) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def measure_prometheus(folder: Path, body: bytes, counts: tuple[int, int], interval: int) -> dict[str, float]:
    """Debian's prometheus scraping ``counts[0]`` then ``counts[1]`` fake kiosks: its head
    series, RSS and Go heap in use after two scrapes of each."""
    import psutil

    from tests.support.listeners import free_port

    folder.mkdir(parents=True)
    exporter = Exporter(body)
    targets = folder / "kiosks.json"

    def publish(count: int) -> None:
        labels = [{"__metrics_path__": f"/k/{n}/metrics", "instance": f"infomat-{n:05d}:9464",
                   "kiosk_id": f"kiosk-{n:05d}", "gmina": f"Gmina {n % 2477}"} for n in range(count)]  # fmt: skip
        groups = [{"targets": [f"127.0.0.1:{exporter.port}"], "labels": each} for each in labels]
        targets.with_suffix(".tmp").write_text(json.dumps(groups), encoding="utf-8")
        targets.with_suffix(".tmp").replace(targets)

    publish(counts[0])
    (folder / "prometheus.yml").write_text(
        f"global: {{scrape_interval: {interval}s, evaluation_interval: 30s}}\n"
        "scrape_configs:\n  - job_name: infomat\n"
        f"    file_sd_configs: [{{files: ['{targets}'], refresh_interval: 5s}}]\n",
        encoding="utf-8",
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (folder / "prometheus.log").open("wb") as log:
        process = subprocess.Popen(
            [shutil.which("prometheus") or "prometheus", f"--config.file={folder / 'prometheus.yml'}",
             f"--storage.tsdb.path={folder / 'data'}", f"--web.listen-address=127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def own_metric(name: str) -> float:
        with urllib.request.urlopen(f"{url}/metrics", timeout=5) as response:
            for line in response.read().decode().splitlines():
                if line.startswith(name + " "):
                    return float(line.split()[1])
        return float("nan")

    def settle(count: int) -> dict[str, float]:
        want = count * (series_in(body) + PROMETHEUS_PER_TARGET)
        deadline = time.monotonic() + interval * 4 + 60
        while time.monotonic() < deadline:
            try:
                if own_metric("prometheus_tsdb_head_series") >= want:
                    break
            except OSError:
                pass
            time.sleep(2)
        else:
            raise RuntimeError(f"Prometheus did not reach {want} series; see {folder / 'prometheus.log'}")
        time.sleep(interval + 2)  # every target scraped at least twice
        return {
            "series": own_metric("prometheus_tsdb_head_series"),
            "rss": psutil.Process(process.pid).memory_info().rss,
            "heap": own_metric("go_memstats_heap_inuse_bytes"),
        }

    try:
        small = settle(counts[0])
        publish(counts[1])
        big = settle(counts[1])
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        exporter.close()
    added = big["series"] - small["series"]
    return {
        "small_targets": counts[0], "big_targets": counts[1], "series": big["series"], "rss": big["rss"],
        "rss_per_series": (big["rss"] - small["rss"]) / added, "heap_per_series": (big["heap"] - small["heap"]) / added,
        "base_rss": big["rss"] - big["series"] * (big["rss"] - small["rss"]) / added,
    }  # fmt: skip


def prometheus_section(kiosks: int, quick: bool, folder: Path, sample: int) -> list[Row]:
    body = kiosk_exposition()
    own = series_in(body)
    per_kiosk = own + PROMETHEUS_PER_TARGET
    total = kiosks * per_kiosk
    interval = scrape_interval()
    planned = total * PLANNING_BYTES_PER_SERIES
    rows: list[Row] = [
        ("series one kiosk exports", f"{own}", "series", "its registry as the app fills it, buckets included"),
        ("series per kiosk in Prometheus", f"{per_kiosk}", "series", f"+ {PROMETHEUS_PER_TARGET} per target (up, "
         "scrape_*)"),
        ("one scrape", f"{len(body)}", "bytes", "the exposition, uncompressed"),
        ("active series, all kiosks", f"{total:,}", "series", "kiosks × series per kiosk"),
        ("scrape interval (infomat job)", f"{interval}", "s", "deploy/monitoring/prometheus.yml"),
        ("scrapes", f"{kiosks / interval:.0f}", "scrapes/s", "kiosks / interval"),
        ("samples ingested", f"{total / interval:,.0f}", "samples/s", "series / interval"),
        ("scraped bytes", f"{kiosks * len(body) / interval / 1e6:.1f}", "MB/s", "before gzip"),
        ("Prometheus memory, planning", f"{planned / 2**30:.1f}", "GiB", "7.5 KiB per active series (rule of "
         "thumb)"),
    ]  # fmt: skip
    if quick:
        return rows
    if shutil.which("prometheus") is None:
        return [*rows, ("Prometheus", "not installed", "", "apt install prometheus to measure it")]
    small = max(10, sample // 10)
    got = measure_prometheus(folder / "prometheus", body, (small, sample), interval)
    measured = got["base_rss"] + got["rss_per_series"] * total
    return [
        *rows,
        (f"Prometheus RSS, {sample} kiosks", f"{got['rss'] / 2**20:.0f}", "MiB",
         f"Debian prometheus 2.42, {got['series']:,.0f} head series, 2 scrapes"),
        ("  RSS per added series", f"{got['rss_per_series']:.0f}", "bytes", f"slope {small} → {sample} kiosks"),
        ("  Go heap in use per series", f"{got['heap_per_series']:.0f}", "bytes", "go_memstats_heap_inuse_bytes"),
        (f"Prometheus RSS, {kiosks} kiosks", f"{measured / 2**30:.2f}", "GiB", "extrapolated from the slope "
         "(a fresh head: 2 samples a series)"),
    ]  # fmt: skip


# --- statistics ----------------------------------------------------------------------------
SERVICES = ("profil-zaufany", "epuap", "gov", "e-kierowca", "historia-pojazdu", "podatki", "zus", "ekw", "powiat",
            "bip")  # fmt: skip


def year_of_rows(rng: random.Random, last: dt.date) -> tuple[list[tuple], list[tuple], int]:
    """One kiosk's year (hourly rows, daily rows without the kiosk id; sessions): ~25
    sessions a day in opening hours, the figures kiosk.stats counts per day."""
    hourly, daily, sessions = [], [], 0
    for back in range(365, 0, -1):
        day = last - dt.timedelta(days=back - 1)
        d, that_day = day.isoformat(), 0
        if day.weekday() == 6:
            continue  # closed on Sundays: no rows at all
        for hour in range(8, 17 if day.weekday() < 5 else 13):
            count = rng.randint(0, 6)
            if count:
                hourly += [(f"{d}T{hour:02d}", "sessions", count), (f"{d}T{hour:02d}", "sessions_started", count)]
                that_day += count
        sessions += that_day
        idle = rng.randint(0, that_day)
        daily += [(d, "sessions", that_day), (d, "sessions_started", that_day), (d, "sessions_idle", idle),
                  (d, "sessions_visitor", that_day - idle), (d, "session_seconds", that_day * rng.randint(60, 300)),
                  (d, "duration_under_1_min", that_day // 3), (d, "duration_1_5_min", that_day - that_day // 3),
                  (d, "language_pl", that_day), (d, "language_en", rng.randint(0, 2)),
                  (d, "text_150", rng.randint(0, 3)), (d, "running_minutes", 600)]  # fmt: skip
        opened = 0
        for service in rng.sample(SERVICES, 4):
            count = rng.randint(0, 5)
            daily.append((d, f"service_{service}", count))
            opened += count
        daily.append((d, "services_opened", opened))
    return hourly, daily, sessions


def write_stats_files(folder: Path, kiosks: int) -> tuple[list[Path], int, float]:
    """``kiosks`` stats files, each made by kiosk.stats' StatsStore (schema, name) and filled
    with a year in one transaction (as a year of use would leave it); 8 random years shared
    round robin, each under its kiosk's id. Returns (paths, sessions, seconds)."""
    from kiosk.stats.store import StatsStore

    started = time.perf_counter()
    rng = random.Random(5000)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    years = [year_of_rows(rng, yesterday) for _ in range(min(8, kiosks))]
    paths, sessions = [], 0
    for n in range(kiosks):
        kiosk_id = f"pow{n // 13:03d}-gmina{n % 13:02d}"
        path = folder / f"{kiosk_id}.sqlite3"
        hourly, daily, count = years[n % len(years)]
        store = StatsStore(path, kiosk_id=kiosk_id, kiosk_name=f"Infomat {n}")
        db = store._db
        assert db is not None, f"cannot create {path}"
        with db:
            db.executemany("INSERT INTO hourly VALUES (?, ?, ?, ?)", [(kiosk_id, *row) for row in hourly])
            db.executemany("INSERT INTO daily VALUES (?, ?, ?, ?)", [(kiosk_id, *row) for row in daily])
        store.close()
        paths.append(path)
        sessions += count
    return paths, sessions, time.perf_counter() - started


def run_measured(command: list[str]) -> tuple[float, float, str]:
    """``python -m kiosk …`` in a child: (wall s, peak RSS MiB, its output)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen([sys.executable, "-m", "kiosk", *command], cwd=ROOT, stdout=out,
                                   stderr=subprocess.STDOUT, env={**os.environ, "LANG": "C"})  # fmt: skip
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"kiosk {command[:2]} failed: {text[-500:]}")
    return wall, usage.ru_maxrss / 1024, text


def stats_section(kiosks: int, folder: Path) -> list[Row]:
    import sqlite3

    files = folder / "stats"
    files.mkdir(parents=True)
    paths, sessions, made = write_stats_files(files, kiosks)
    size = sum(path.stat().st_size for path in paths)
    merged, report = folder / "merged.sqlite3", folder / "report.csv"
    merge_s, merge_mb, _ = run_measured(["stats", "merge", *map(str, paths), "--output", str(merged)])
    with sqlite3.connect(merged) as db:
        total = db.execute("SELECT SUM(value) FROM daily WHERE figure = 'sessions'").fetchone()[0]
        rows = db.execute("SELECT (SELECT COUNT(*) FROM daily) + (SELECT COUNT(*) FROM hourly)").fetchone()[0]
    assert total == sessions, f"merged {total} sessions, wrote {sessions}"
    start = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    export = ["stats", "export", "--stats", str(merged), "--from", start, "--to", dt.date.today().isoformat(),
              "--by", "month", "--output", str(report)]  # fmt: skip
    report_s, report_mb, _ = run_measured(export)
    lines = report.read_text(encoding="utf-8-sig").count("\n") - 1
    return [
        ("stats files written", f"{kiosks} × 1 year", "", f"kiosk.stats format, {made:.0f} s to write"),
        ("  their size", f"{size / 2**20:,.0f}", "MiB", f"{size / kiosks / 1024:.0f} KiB a file, {rows:,} rows"),
        ("kiosk stats merge, wall", f"{merge_s:.1f}", "s", "subprocess, real disk"),
        ("kiosk stats merge, peak RSS", f"{merge_mb:.0f}", "MiB", "wait4 ru_maxrss"),
        ("  merged file", f"{merged.stat().st_size / 2**20:,.0f}", "MiB", f"{total:,} sessions (checked)"),
        ("report by month (CSV), wall", f"{report_s:.1f}", "s", "kiosk stats export --by month"),
        ("report by month, peak RSS", f"{report_mb:.0f}", "MiB", f"{lines:,} rows (kiosk × month)"),
    ]


# --- the table -----------------------------------------------------------------------------
def show(sections: list[tuple[str, list[Row]]]) -> str:
    rows = [row for _, section in sections for row in section]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for title, section in sections:
        lines += ["", title, "-" * (sum(widths) + 40)]
        lines += [f"{q:<{widths[0]}}  {v:>{widths[1]}}  {u:<{widths[2]}}  {how}" for q, v, u, how in section]
    return "\n".join(lines[1:])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosks", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="no nginx, no Prometheus: the arithmetic and the merge")
    parser.add_argument("--prometheus-kiosks", type=int, default=1000, help="fake kiosks the real Prometheus scrapes")
    parser.add_argument("--folder", type=Path, default=ROOT / "benchmarks" / ".fleet-scale-bench",
                        help="work folder on a real disk (removed afterwards)")  # fmt: skip
    args = parser.parse_args(argv)
    folder: Path = args.folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.monotonic()
    try:
        sections = [
            ("County file over HTTPS", polls_section(args.kiosks, args.quick, folder)),
            ("Prometheus", prometheus_section(args.kiosks, args.quick, folder, args.prometheus_kiosks)),
            ("Usage statistics", stats_section(args.kiosks, folder)),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(show(sections))
    print(f"\n{args.kiosks} kiosks, {os.cpu_count()} cores, {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
