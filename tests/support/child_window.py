"""Talks to :mod:`tests.support.kiosk_child`: start it, send a command, read its answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue

ROOT = Path(__file__).resolve().parents[2]


class ChildWindow:
    """The real kiosk window in a child process (``python -m tests.support.kiosk_child``)."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, log: Path | None = None) -> None:
        self._log = open(log or os.devnull, "wb")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.kiosk_child", *args],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True,
        )  # fmt: skip
        self._answers: Queue[str] = Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._answers.put(line)

    def send(self, command: str, timeout: float = 20.0) -> dict:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        try:
            return json.loads(self._answers.get(timeout=timeout))
        except Empty:
            raise AssertionError(f"the kiosk child did not answer {command!r} (exit {self.process.poll()})") from None

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.send("ready").get("ready"):
                return
            time.sleep(0.3)
        raise AssertionError("the kiosk child never finished starting")

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("quit", timeout=10)
                self.process.wait(timeout=15)
            except (AssertionError, OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self._log.close()
