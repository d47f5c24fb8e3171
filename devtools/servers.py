"""Processes the benchmarks and tests start and measure: free ports, memory from /proc, a `chroma run` server,
the app's page and its /ask endpoint."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import httpx

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) MB of a running process."""
    status = Path(f"/proc/{pid}/status").read_text()
    kb = {k: int(v.split()[0]) for k, v in (line.split(":", 1) for line in status.splitlines())
          if k in ("VmRSS", "VmHWM")}
    return kb["VmRSS"] / 1024, kb["VmHWM"] / 1024


class ChromaServer(NamedTuple):
    host: str
    port: int
    pid: int


@contextmanager
def chroma_server(data_dir: Path, log: Path, timeout: float = 60.0) -> Iterator[ChromaServer]:
    """Start `chroma run --path data_dir`, wait for its heartbeat, yield it; stop it afterwards."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen([str(CHROMA), "run", "--host", "127.0.0.1", "--port", str(port),
                                 "--path", str(data_dir)], stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chroma run did not start: {log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.3)
        yield ChromaServer("127.0.0.1", port, proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def wait_for_page(url: str, deadline: float) -> None:
    """Return once `url` serves its page; raise after `deadline` (time.time())."""
    while True:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)


def ask(client: httpx.Client, url: str, question: str, history: list[dict]) -> dict:
    """One turn through the app's /ask endpoint (POST the call, read its event stream): the answer object."""
    r = client.post(f"{url}gradio_api/call/ask", json={"data": [question, history]})
    r.raise_for_status()
    event, outputs = "", None
    with client.stream("GET", f"{url}gradio_api/call/ask/{r.json()['event_id']}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "complete":
                outputs = json.loads(line[5:])
            elif line.startswith("data:") and event == "error":
                raise RuntimeError(f"the app answered with an error: {line[5:].strip()}")
    if outputs is None:
        raise RuntimeError("the app closed the event stream without an answer")
    return outputs[0]
