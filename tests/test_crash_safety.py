"""A `wijzer ingest` killed with SIGKILL mid-way leaves the previous generation serving — in a running app,
too; the next ingest removes the abandoned work generation and completes, and the app follows it."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from assistant import Assistant
from devtools.servers import ask, free_port, wait_for_page
from index.generations import IndexStore
from ingest.pipeline import ingest
from tests.conftest import without_embed_cache

ROOT = Path(__file__).resolve().parent.parent
CHANGED = "stroomversneller-vaz"
MARKER = ("\n\nDe kwartiermaker bereidt de regionale tafel voor, bewaakt de agenda en spreekt de partners "
          "aan op hun afspraken.\n")
NEW_QUESTION = "Wie bereidt de regionale tafel voor en bewaakt de agenda?"
OLD_QUESTION = "Wat is er nodig om de juiste spelers aan tafel te krijgen?"
_PROGRESS = re.compile(r"ingest:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "interfaces.cli", *args]


class _Progress(threading.Thread):
    """Collects a child's stderr (tqdm writes `\\r` updates, not lines) and knows how far embedding got."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.text = stream, ""

    def run(self) -> None:
        for chunk in iter(lambda: os.read(self.stream.fileno(), 4096), b""):
            self.text += chunk.decode("utf-8", errors="replace")

    def embedded(self) -> tuple[int, int]:
        found = _PROGRESS.findall(self.text)
        return tuple(map(int, found[-1])) if found else (0, 0)


def _verified(a: Assistant, question: str):
    ans = a.ask(question)
    assert not ans.refused and ans.quotes, ans.answer
    for q in ans.quotes:
        assert q.verified and q.text == a.index.docs[q.document].text[q.start:q.end]
    return ans


def _app_quotes(url: str, question: str) -> str:
    """The quotes the running app gives for `question` through /ask, each marked "✓" when verified."""
    with httpx.Client(timeout=120) as client:
        answer = ask(client, url, question, [])
    return "\n".join(("✓ " if q["verified"] else "") + q["text"] for q in answer["quotes"])


@contextmanager
def _running_app(index: Path) -> Iterator[str]:
    """`wijzer chat` over `index` on a free port; its URL once the first page is served."""
    port = free_port()
    app = subprocess.Popen(_cli("--index", str(index), "chat", "--port", str(port)), cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_page(url, time.time() + 120)
        yield url
    finally:
        app.terminate()
        app.wait(timeout=30)


@pytest.mark.slow
def test_sigkill_mid_ingest_keeps_the_previous_generation(small_corpus, tmp_path):
    index = tmp_path / "index"
    first = ingest(small_corpus, index, progress=False)
    store = IndexStore(index)
    old_sha = store.manifest().documents[CHANGED].sha256
    with _running_app(index) as url:
        before = _app_quotes(url, OLD_QUESTION)
        assert "✓ " in before and "kwartiermaker" not in before

        doc = small_corpus / "documents" / f"{CHANGED}.txt"
        doc.write_text(doc.read_text(encoding="utf-8") + MARKER, encoding="utf-8")
        proc = subprocess.Popen(_cli("--index", str(index), "ingest", "--corpus", str(small_corpus)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                                env=without_embed_cache())  # it must still be embedding when it is killed
        progress = _Progress(proc.stderr)
        progress.start()
        deadline = time.monotonic() + 300
        while progress.embedded()[0] < 32 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        done, total = progress.embedded()
        assert proc.poll() is None, f"ingest finished before it could be killed:\n{progress.text}"
        assert 0 < done < total, progress.text  # killed while embedding, well before the switch
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        progress.join(timeout=5)

        leftovers = list(index.glob("gen-*.tmp"))
        assert len(leftovers) == 1 and (leftovers[0] / "docs").is_dir()
        assert store.current().name == first.generation
        assert store.manifest().documents[CHANGED].sha256 == old_sha

        a = Assistant.load(index_dir=index)
        assert a.index.generation == first.generation
        assert "kwartiermaker" not in a.index.docs[CHANGED].text
        old = a.ask(OLD_QUESTION)  # still answered, but the changed file no longer backs its quotes
        assert any(q.document == CHANGED for q in old.quotes)
        assert all(q.verified == (q.document != CHANGED) for q in old.quotes)
        during = _app_quotes(url, NEW_QUESTION)  # the running app: still the previous generation
        assert "kwartiermaker" not in during
        with httpx.Client(timeout=120) as client:  # and its quotes from the changed file lose their badge
            shown = ask(client, url, OLD_QUESTION, [])["quotes"]
        assert any(q["document"] == CHANGED and not q["verified"] for q in shown)

        rerun = subprocess.run(_cli("--index", str(index), "ingest", "--corpus", str(small_corpus), "--quiet"),
                               capture_output=True, text=True, timeout=900, cwd=ROOT)
        assert rerun.returncode == 0, rerun.stderr
        assert "Traceback" not in rerun.stderr
        assert f"onvoltooide generatie {leftovers[0].name} van een afgebroken ingest opgeruimd" in rerun.stderr
        assert "1 vervangen" in rerun.stdout and "1 ongewijzigd" in rerun.stdout
        assert not leftovers[0].exists() and not list(index.glob("gen-*.tmp"))
        new_gen = store.current().name
        assert new_gen != first.generation
        assert {g.name for g in index.glob("gen-*")} == {first.generation, new_gen}  # serving + previous only

        b = Assistant.load(index_dir=index)
        assert any("kwartiermaker" in q.text for q in _verified(b, NEW_QUESTION).quotes)
        deadline = time.monotonic() + 120  # the app loads the new generation in the background
        while "kwartiermaker" not in (after := _app_quotes(url, NEW_QUESTION)) and time.monotonic() < deadline:
            time.sleep(1)
        assert "kwartiermaker" in after and "✓ " in after


def test_sweep_removes_only_generations_of_dead_ingests(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned = tmp_path / f"gen-20260101-000000-{dead.pid}-1.tmp"
    running = tmp_path / f"gen-20260101-000000-{os.getpid()}-2.tmp"  # an ingest that is still at work
    serving = tmp_path / "gen-20260101-000000-1-3"
    for gen in (abandoned, running, serving):
        (gen / "docs").mkdir(parents=True)
    assert IndexStore(tmp_path).sweep() == [abandoned.name]
    assert not abandoned.exists() and running.exists() and serving.exists()
