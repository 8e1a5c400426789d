"""Serving the metrics: an HTTP(S) endpoint on ``[metrics] listen`` (prometheus_client's
server, its own thread) and/or a ``.prom`` file for node_exporter's textfile collector,
rewritten atomically from a thread of its own. A failure is one log line; the kiosk
always keeps running, with or without metrics."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import write_to_textfile
from prometheus_client.registry import CollectorRegistry

from kiosk.core.listen_address import parse_listen
from kiosk.metrics.remote import RemoteOps, serve, tls_context

log = logging.getLogger("kiosk.metrics")


@dataclass(frozen=True)
class ExportSettings:
    """``[metrics]`` with its files resolved against the config's folder."""

    listen: str = ""
    tls_cert: Path | None = None
    tls_key: Path | None = None
    tls_client_ca: Path | None = None
    textfile: Path | None = None
    textfile_seconds: float = 15.0


class MetricsExporter:
    """Started once per process; :meth:`apply` on a new config restarts what changed."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.settings = ExportSettings()
        self.address: tuple[str, int] | None = None  # where it really listens (port 0 resolved)
        self.remote = RemoteOps()  # /screenshot.png and /logs: HTTPS with client certificates only
        self._server = None
        self._writer: threading.Thread | None = None
        self._stop_writing = threading.Event()

    def apply(self, settings: ExportSettings) -> None:
        if settings == self.settings and (self._server is not None or not settings.listen):
            return
        before = self.settings.listen if self._server is not None else ""
        if before and before != settings.listen:
            # A county that sees every kiosk "down" must find why in the kiosk's log.
            moved = f"moves to {settings.listen}" if settings.listen else "stops: the config in force has no listen"
            log.warning("metrics: the endpoint on %s %s", before, moved)
        self.stop()
        self.settings = settings
        if settings.listen:
            self._listen(settings)
        if settings.textfile is not None:
            self._start_writer(settings.textfile, settings.textfile_seconds)

    def _listen(self, settings: ExportSettings) -> None:
        address = parse_listen(settings.listen)
        tls = settings.tls_cert is not None
        mutual = tls and settings.tls_client_ca is not None
        try:
            context = None
            if tls:
                key = str(settings.tls_key) if settings.tls_key else None
                ca = str(settings.tls_client_ca) if settings.tls_client_ca else None
                context = tls_context(str(settings.tls_cert), key, ca)
            server = serve(address.host, address.port, self.registry, self.remote, context, mutual)
        except OSError as exc:
            log.error("metrics: cannot listen on %s (%s); the kiosk runs without a metrics endpoint", address, exc)
            return
        except Exception as exc:  # ssl.SSLError is an OSError; a broken PEM may raise ValueError
            log.error("metrics: cannot serve HTTPS on %s (%s); the kiosk runs without a metrics endpoint", address, exc)
            return
        self._server = server
        self.address = server.server_address[:2]
        log.info("metrics served on %s://%s:%d/metrics%s", "https" if tls else "http", *self.address,
                 "; /screenshot.png and /logs for client certificates" if mutual else "")  # fmt: skip

    def _start_writer(self, path: Path, every: float) -> None:
        self._stop_writing = stop = threading.Event()

        def write_until_stopped() -> None:
            failing = False
            while True:
                try:
                    write_to_textfile(str(path), self.registry)
                    if failing:
                        log.info("metrics: writing %s works again", path)
                    failing = False
                except OSError as exc:
                    if not failing:  # once, not every 15 s of a full disk
                        log.error("metrics: cannot write %s (%s); trying again every %.0f s", path, exc, every)
                    failing = True
                if stop.wait(every):
                    return

        self._writer = threading.Thread(target=write_until_stopped, name="metrics-textfile", daemon=True)
        self._writer.start()

    def write_textfile_now(self) -> None:
        """One more write (at shutdown: the last minutes' counts reach node_exporter)."""
        if self.settings.textfile is not None:
            try:
                write_to_textfile(str(self.settings.textfile), self.registry)
            except OSError as exc:
                log.error("metrics: cannot write %s (%s)", self.settings.textfile, exc)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self.address = None
        if self._writer is not None:
            self._stop_writing.set()
            self._writer.join(timeout=5)
            self._writer = None


def settings_from(config) -> ExportSettings:
    """``[metrics]`` of a config (validated or its snapshot), files resolved."""
    section = config.metrics

    def file(value: str) -> Path | None:
        return config.resolve(value) if value else None

    return ExportSettings(
        listen=section.listen,
        tls_cert=file(section.tls_cert),
        tls_key=file(section.tls_key),
        tls_client_ca=file(section.tls_client_ca),
        textfile=file(section.textfile),
        textfile_seconds=float(section.textfile_seconds),
    )
