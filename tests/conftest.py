"""Shared fixtures: the real corpus, one real index of it built once per test session, and one vector cache."""
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


def pytest_collection_modifyitems(items):
    """Every test that needs the session index is `slow`, however it reaches it (itself, through `assistant` or a
    module fixture), so that `make test-fast` (`-m "not slow"`) never builds the real index."""
    for item in items:
        if "corpus_index" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


# The scope stage's hand-made index and reason templates (tests/test_answer_stages.py, tests/test_scope_focus.py):
# four sentences and the templates' keys, no real index and no embedder.
SCOPE_TEXTS = ("Een netwerk heeft regie nodig; governance van netwerken kent drie vormen.",
               "Vertrouwen tussen partners groeit door samen te werken in de regio.",
               "De raad van toezicht houdt toezicht op het netwerk via de eigen bestuurder.",
               "Welke regels gelden voor de partners? Dezelfde regel geldt voor hen allemaal.")
SCOPE_REASONS = {"scope_far": "far", "scope_missing": "niet over {terms}", "scope_partial": "deels, niet over {terms}",
                 "scope_answered": "ok", "or": "of", "empty": "leeg", "scope_figure": "geen {figure}", "scope_figure_of": "geen {figure} voor {thing}",
                 "scope_figure_partial": "geen {figure} voor {part}", "figure_money": "bedrag",
                 "figure_percent": "percentage", "figure_duration": "termijn", "figure_count": "aantal",
                 "figure_date": "datum", "figure_frequency": "frequentie", "figure_name": "naam", "and": "en",
                 "scope_cited": "alleen als bron: {terms}", "scope_cited_partial": "deels, alleen als bron: {terms}"}


@pytest.fixture(scope="session")
def lexical():
    """BM25 over SCOPE_TEXTS: the words the scope stage's hand-made index knows."""
    from index.lexical import LexicalIndex

    return LexicalIndex.build([f"c{i}" for i in range(len(SCOPE_TEXTS))], list(SCOPE_TEXTS))


def without_embed_cache() -> dict:
    """The environment for a child whose embedding must cost what it costs (killed mid-embedding, timed)."""
    return {k: v for k, v in os.environ.items() if k != "WIJZER_EMBED_CACHE"}


@pytest.fixture(scope="session", autouse=True)
def embed_cache(tmp_path_factory):
    """One content-addressed vector cache (index/embed.py) for the session and the children it starts.

    The documents of `small_corpus` are chunks of the session index too, and many tests ingest them again:
    with the cache each text is embedded once per session instead of once per ingest. A cached vector is the
    one the embedder returns, so what the tests check is unchanged. A cache set by the caller is kept.
    """
    if "WIJZER_EMBED_CACHE" in os.environ:
        yield Path(os.environ["WIJZER_EMBED_CACHE"])
        return
    path = tmp_path_factory.mktemp("embed-cache") / "embed.sqlite"
    os.environ["WIJZER_EMBED_CACHE"] = str(path)
    yield path
    del os.environ["WIJZER_EMBED_CACHE"]


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
