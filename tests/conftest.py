"""Shared fixtures: the real corpus, and one real index of it built once per test session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DOCS = CORPUS / "documents"
SEEDS = ROOT.parent / "shared" / "seeds"


def raw_text(doc_id: str) -> str:
    return (DOCS / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The index of the real corpus (built with the default embedder)."""
    from ingest.pipeline import ingest

    index_dir = tmp_path_factory.mktemp("index")
    report = ingest(CORPUS, index_dir, progress=False)
    assert not report.failed, report.failed
    assert report.chunks > 100
    return index_dir


@pytest.fixture(scope="session")
def assistant(corpus_index):
    from assistant import Assistant

    return Assistant.load(index_dir=corpus_index)


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A corpus of two real documents, for tests that re-ingest often."""
    folder = tmp_path / "corpus" / "documents"
    folder.mkdir(parents=True)
    for name in ("nieuw-begin-samenwerken-regio-2022.txt", "stroomversneller-vaz.txt"):
        shutil.copy(DOCS / name, folder / name)
    shutil.copy(CORPUS / "catalog.yaml", tmp_path / "corpus" / "catalog.yaml")
    return tmp_path / "corpus"
