"""Browser-test helpers: the real app in a subprocess, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--lang=nl-NL"]
LOCALE = "nl-NL"  # the users' browsers: Gradio's own strings follow the browser's language
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen
    corpus: Path
    index: Path
    started_s: float  # process start until the first page was served

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_corpus(corpus: Path, target: Path) -> Path:
    """The corpus (documents and yaml files) copied, so uploads and removals stay in the test."""
    shutil.copytree(corpus, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def start_app(corpus: Path, index: Path, log: Path, timeout: float = 180.0, env: dict | None = None) -> RunningApp:
    """`wijzer chat` on a free loopback port (`env`: more settings); returns once the first page is served."""
    port = free_port()
    env = {**os.environ, "WIJZER_CORPUS_DIR": str(corpus), "WIJZER_INDEX_DIR": str(index),
           "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False", "HF_HUB_OFFLINE": "1", **(env or {})}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "interfaces.cli", "chat", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"app stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return RunningApp(url, proc, corpus, index, time.perf_counter() - t0)
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise TimeoutError(f"app not served within {timeout} s: {log.read_text()[-2000:]}")


def stop_app(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(10)
    except subprocess.TimeoutExpired:
        app.process.kill()
