"""Quote verification against the raw source file: every real span passes, every corruption fails.

The unit tests clean a text with the real cleaner and check spans of it without an index; the slow
ones build one small real index and corrupt its stored text, its offset map or the raw files.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant import verify
from assistant.verify import (
    BAD_SPAN,
    OFFSETS_DO_NOT_MAP,
    RAW_CHANGED,
    RAW_MISSING,
    TEXT_DIFFERS_RAW,
    TEXT_DIFFERS_STORED,
    Verification,
    verify_span,
)
from index.loaded import LoadedDoc, LoadedIndex
from index.records import DocRecord
from index.sources import load
from ingest.clean import clean
from tests.conftest import CORPUS, DOCS
from tests.pdfs import make_pdf

# every repair of ingest/clean.py, in one raw text
HAND_MADE = (
    "1\n\nSamenwerken in de regio\n\n"
    "De **kwartiermaker** bereidt de regionale tafel voor en is niet vanzelf- \nsprekend de voorzitter.\r\n"
    "Zie [de website](https://example.org/pad) en de Wet \\(2024\\).\n\n"
    "•\tDe eerste afspraak over de nachtzorg\n"
    "- De tweede afspraak  over de wijkverpleging\n\n"
    "Inzet van behandelaren2.\n"
    "Vorm\tContract\tFusie\n"
    "Sturing\tLicht\tZwaar\n\n"
    "12\n\n"
    "De VVT-\norganisaties en de zorg- en welzijnspartners sluiten het pact.\n"
)


def _doc(tmp_path: Path, raw: str | bytes, name: str = "doc.txt") -> LoadedDoc:
    """A LoadedDoc as the index would serve it, from a raw file cleaned by the real cleaner."""
    path = tmp_path / name
    path.write_bytes(raw.encode("utf-8") if isinstance(raw, str) else raw)
    src = load(path)
    cleaned = clean(src).text
    offsets = tmp_path / f"{name}.offsets.npy"
    np.save(offsets, np.asarray(cleaned.raw_offsets, dtype=np.int32))
    record = DocRecord(id=src.document, path=str(path), title="t", origin=name, sha256=src.sha256)
    return LoadedDoc(record, cleaned.text, False, [], [], offsets)


def _check(doc: LoadedDoc, a: int, b: int) -> Verification:
    return verify_span(doc, a, b, doc.text[a:b])


def _find(doc: LoadedDoc, text: str) -> tuple[int, int]:
    a = doc.text.index(text)
    return a, a + len(text)


def test_every_repair_of_the_cleaner_verifies(tmp_path):
    doc = _doc(tmp_path, HAND_MADE)
    for repaired in ("De kwartiermaker bereidt", "niet vanzelfsprekend de voorzitter.",
                     "Zie de website en de Wet (2024).", "De eerste afspraak", "De tweede afspraak over",
                     "Inzet van behandelaren\n", "Vorm | Contract | Fusie",
                     "VVT-organisaties en de zorg- en welzijnspartners"):
        assert repaired in doc.text, repaired  # the cleaner did repair it, so the check is exercised
    assert _check(doc, 0, len(doc.text)).ok
    for a in range(0, len(doc.text), 7):
        for b in range(a + 1, min(len(doc.text), a + 90) + 1, 11):
            if doc.text[a:b].strip():
                assert _check(doc, a, b).ok, doc.text[a:b]


@pytest.mark.parametrize("path", sorted(DOCS.iterdir()), ids=lambda p: p.stem)
def test_every_span_of_the_real_documents_verifies(path, tmp_path):
    doc = _doc(tmp_path, path.read_bytes(), path.name)
    assert _check(doc, 0, len(doc.text)).ok  # the whole text: everything the cleaner dropped is droppable
    assert all(_check(doc, *m.span()).ok for m in re.finditer(r"[^\n]+", doc.text))  # every line


def test_a_changed_word_in_the_stored_text_fails(tmp_path):
    doc = _doc(tmp_path, HAND_MADE)
    a, b = _find(doc, "De kwartiermaker bereidt de regionale tafel voor")
    doc.text = doc.text[:a] + doc.text[a:b].replace("regionale", "nationale") + doc.text[b:]  # same length
    assert _check(doc, a, b) == TEXT_DIFFERS_RAW
    assert _check(doc, *_find(doc, "Inzet van behandelaren")).ok  # the rest of the document still verifies


def test_a_quote_that_is_not_the_stored_text_fails(tmp_path):
    doc = _doc(tmp_path, HAND_MADE)
    a, b = _find(doc, "De kwartiermaker bereidt")
    assert verify_span(doc, a, b, "De kwartiermaker bereikt") == TEXT_DIFFERS_STORED
    assert verify_span(doc, a, len(doc.text) + 5, doc.text[a:]) == BAD_SPAN
    assert verify_span(doc, a, a, "") == BAD_SPAN


def test_a_shifted_or_broken_offset_map_fails(tmp_path):
    doc = _doc(tmp_path, HAND_MADE)
    a, b = _find(doc, "De kwartiermaker bereidt de regionale tafel voor")
    good = np.load(doc.offsets_path)
    for shift in (-1, 1, 2):
        off = good.copy()
        off[a:] += shift  # the map from the quote on, as if one raw character were added or removed
        np.save(doc.offsets_path, off)
        doc.__dict__.pop("raw_offsets", None)
        assert _check(doc, a, b) == TEXT_DIFFERS_RAW, shift
    off = good.copy()
    off[a + 3] = off[a + 9]  # goes backwards
    np.save(doc.offsets_path, off)
    doc.__dict__.pop("raw_offsets", None)
    assert _check(doc, a, b) == OFFSETS_DO_NOT_MAP
    np.save(doc.offsets_path, good[:-1])  # one entry short
    doc.__dict__.pop("raw_offsets", None)
    assert _check(doc, a, b) == OFFSETS_DO_NOT_MAP
    doc.offsets_path.unlink()
    doc.__dict__.pop("raw_offsets", None)
    assert _check(doc, a, b) == OFFSETS_DO_NOT_MAP


def test_a_word_dropped_from_text_and_offsets_alike_fails(tmp_path):
    doc = _doc(tmp_path, HAND_MADE)
    a, b = _find(doc, "is niet vanzelfsprekend de voorzitter.")
    w0, w1 = _find(doc, "niet ")
    off = np.load(doc.offsets_path)
    np.save(doc.offsets_path, np.r_[off[:w0], off[w1:]])
    doc.text = doc.text[:w0] + doc.text[w1:]  # "is vanzelfsprekend de voorzitter." maps cleanly, but skips "niet"
    assert _check(doc, a, b - (w1 - w0)) == TEXT_DIFFERS_RAW


def test_an_edited_or_deleted_raw_file_fails(tmp_path):
    doc = _doc(tmp_path, HAND_MADE)
    a, b = _find(doc, "De kwartiermaker bereidt")
    raw = Path(doc.record.path)
    raw.write_text(HAND_MADE.replace("nachtzorg", "dagzorg"), encoding="utf-8")
    assert _check(doc, a, b) == RAW_CHANGED  # any change to the file, wherever the quote is
    raw.write_text(HAND_MADE, encoding="utf-8")
    os.utime(raw, ns=(1, 1))  # same content, another mtime: verified again
    assert _check(doc, a, b).ok
    raw.unlink()
    assert _check(doc, a, b) == RAW_MISSING
    assert str(RAW_MISSING) == "niet geverifieerd: bronbestand ontbreekt"


def test_a_cp1252_file_verifies(tmp_path):
    doc = _doc(tmp_path, "Coöperatie in één regio: wijkverpleging en huisartsen delen één meldpunt.".encode("cp1252"))
    assert "Coöperatie" in doc.text and _check(doc, 0, len(doc.text)).ok


def test_answer_cards_badge_follows_verified():
    from assistant.answer import Answer, Quote
    from interfaces.app.views import answer_cards

    def card(verified: bool) -> str:
        q = Quote("De kwartiermaker bereidt de tafel voor.", "d", "Titel", "d.txt", "Sectie", None, 0, 39, verified)
        return answer_cards(SimpleNamespace(docs={}), Answer("vraag", "nl", "antwoord", False, quotes=[q]))

    assert "✓ geverifieerd" in card(True) and "niet geverifieerd" not in card(True)
    assert "niet geverifieerd" in card(False) and "✓" not in card(False)


# --- on a real small index ------------------------------------------------------------------

QUESTIONS = [
    "Waarom moet het resultaat van een samenwerking vooraf duidelijk zijn?",
    "Wat moet er in de samenwerkingsopdracht worden vastgelegd?",
    "Hoe begin je opnieuw met samenwerken in de regio?",
]
STROOM = "stroomversneller-vaz"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The two documents of `small_corpus`, ingested from a relative corpus path, and an Assistant on it."""
    from assistant import Assistant
    from ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("verify")
    (root / "corpus" / "documents").mkdir(parents=True)
    for name in ("nieuw-begin-samenwerken-regio-2022.txt", "stroomversneller-vaz.txt"):
        shutil.copy(DOCS / name, root / "corpus" / "documents" / name)
    shutil.copy(CORPUS / "catalog.yaml", root / "corpus" / "catalog.yaml")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert not ingest(Path("corpus"), Path("index"), progress=False).failed
    finally:
        os.chdir(cwd)  # the assistant runs from another working folder than the ingest
    return SimpleNamespace(root=root, corpus=root / "corpus", index=root / "index",
                           assistant=Assistant.load(index_dir=root / "index", corpus_dir=root / "corpus"))


def _assistant_on(small, index_dir: Path):
    from assistant.service import Assistant

    return Assistant(small.assistant.settings, LoadedIndex(index_dir), small.assistant.embedder)


def _quote_rate(assistant, answer) -> float:
    from evals.dataset import EvalQuestion
    from evals.metrics import QuoteVerification

    return QuoteVerification().score(EvalQuestion("q", "factual", answer.question), answer.to_dict(),
                                     assistant.index.docs)


def _copy_index(small, tmp_path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(small.index, copy)
    return copy


def _generation(index_dir: Path) -> Path:
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def _stroom_quote(assistant):
    ans = assistant.ask(QUESTIONS[0])
    quote = next(q for q in ans.quotes if q.document == STROOM)
    return ans, quote


@pytest.mark.slow
def test_every_quote_of_real_answers_verifies(small):
    a = small.assistant
    assert all(Path(d.record.path).is_absolute() for d in a.index.docs.values())
    for question in QUESTIONS:
        ans = a.ask(question)
        assert ans.quotes and all(q.verified for q in ans.quotes), question
        assert _quote_rate(a, ans) == 1.0
    for row in a.index.sentences:  # every sentence the index holds, not only those quoted
        assert _check(a.index.docs[row.document], row.start, row.end).ok, \
            a.index.docs[row.document].text[row.start:row.end]


@pytest.mark.slow
def test_corrupt_stored_text_unverifies_the_quote(small, tmp_path):
    _, quote = _stroom_quote(small.assistant)
    index = _copy_index(small, tmp_path)
    payload_file = _generation(index) / "docs" / f"{STROOM}.json"
    payload = json.loads(payload_file.read_text(encoding="utf-8"))
    word = next(w for w in quote.text.split() if len(w) > 5 and w.isalpha())
    i = payload["text"].index(word, quote.start)
    payload["text"] = payload["text"][:i] + word[::-1] + payload["text"][i + len(word):]  # same length
    payload_file.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")

    a = _assistant_on(small, index)
    ans = a.ask(QUESTIONS[0])
    hit = next(q for q in ans.quotes if q.start == quote.start and q.document == STROOM)
    assert word[::-1] in hit.text and not hit.verified
    assert verify_span(a.index.docs[STROOM], hit.start, hit.end, hit.text) == TEXT_DIFFERS_RAW
    assert all(q.verified for q in ans.quotes if not (q.document == STROOM and q.start <= i < q.end))
    assert _quote_rate(a, ans) < 1.0


@pytest.mark.slow
def test_corrupt_offsets_unverify_the_quote(small, tmp_path):
    _, quote = _stroom_quote(small.assistant)
    index = _copy_index(small, tmp_path)
    offsets_file = _generation(index) / "docs" / f"{STROOM}.offsets.npy"
    off = np.load(offsets_file)
    off[quote.start:quote.end] += 1
    np.save(offsets_file, off)

    a = _assistant_on(small, index)
    ans = a.ask(QUESTIONS[0])
    hit = next(q for q in ans.quotes if q.start == quote.start and q.document == STROOM)
    assert not hit.verified
    assert verify_span(a.index.docs[STROOM], hit.start, hit.end, hit.text) == TEXT_DIFFERS_RAW
    assert _quote_rate(a, ans) < 1.0


@pytest.mark.slow
def test_changed_or_deleted_raw_file_unverifies_its_quotes(small):
    a = small.assistant
    raw = small.corpus / "documents" / f"{STROOM}.txt"
    original = raw.read_bytes()
    try:
        raw.write_bytes(original.replace(b"resultaat", b"uitkomst", 1))  # one word, far from most quotes
        ans = a.ask(QUESTIONS[0])
        for q in ans.quotes:
            assert q.verified == (q.document != STROOM)
            if q.document == STROOM:
                assert verify_span(a.index.docs[STROOM], q.start, q.end, q.text) == RAW_CHANGED
        assert _quote_rate(a, ans) < 1.0
        raw.unlink()
        ans = a.ask(QUESTIONS[0])
        stroom = [q for q in ans.quotes if q.document == STROOM]
        assert stroom and not any(q.verified for q in stroom)
        assert verify_span(a.index.docs[STROOM], stroom[0].start, stroom[0].end, stroom[0].text) == RAW_MISSING
        assert _quote_rate(a, ans) < 1.0
    finally:
        raw.write_bytes(original)
    assert all(q.verified for q in a.ask(QUESTIONS[0]).quotes)


@pytest.mark.slow
def test_register_mentions_use_the_same_check(small, tmp_path):
    mp = tmp_path / "models.yaml"
    mp.write_text("models:\n- id: m\n  name: Resultaat vooraf\n  mentions:\n  - document: stroomversneller-vaz\n"
                  "    quote: Samenwerking is zinvol als er een gezamenlijk doel is\n", encoding="utf-8")
    from assistant.register import Register
    from index.register import read_register

    b = _assistant_on(small, small.index)
    b.register = Register.located(read_register(tmp_path), {d: doc.text for d, doc in b.index.docs.items()})
    assert [m["verified"] for m in b.describe_model("m")["mentions"]] == [True]
    raw = small.corpus / "documents" / f"{STROOM}.txt"
    original = raw.read_bytes()
    try:
        raw.write_bytes(original + b"\nEen toegevoegde regel.\n")
        assert [m["verified"] for m in b.describe_model("m")["mentions"]] == [False]
    finally:
        raw.write_bytes(original)


@pytest.mark.slow
def test_a_moved_corpus_is_recorded_at_the_next_ingest(small, tmp_path):
    from ingest.pipeline import ingest

    index = _copy_index(small, tmp_path)
    moved = tmp_path / "elders"
    shutil.copytree(small.corpus, moved)
    report = ingest(moved, index, progress=False)
    assert not report.changed and report.generation != small.index.joinpath("CURRENT").read_text().strip()
    loaded = LoadedIndex(index)
    for doc in loaded.docs.values():
        assert Path(doc.record.path).parent == moved / "documents"
        assert _check(doc, 0, len(doc.text)).ok


@pytest.mark.slow
def test_every_quote_of_a_pdf_verifies(tmp_path):
    from assistant import Assistant
    from ingest.pipeline import ingest

    docs = tmp_path / "corpus" / "documents"
    docs.mkdir(parents=True)
    pages = [
        "Regionale samenwerking in de zorg\n\nDe regiotafel bespreekt elk kwartaal de voortgang van de "
        "afspraken over de nachtzorg voor kwetsbare ouderen. Iedere partner brengt zijn cijfers mee en "
        "de kwartiermaker bewaakt dat besluiten ook worden uitgevoerd.",
        "Governance\n\nDe stuurgroep bestaat uit bestuurders van de wijkverpleging, de huisartsen en de "
        "gemeente. Zij besluiten bij meerderheid; over geld besluiten zij unaniem.\n\n"
        "Tips\n• Begin klein en concreet.\n• Vier de eerste resultaten samen met alle partners.",
        "Evaluatie\n\nNa één jaar evalueert de regiotafel of de samenwerking het beoogde resultaat oplevert.",
    ]
    make_pdf(docs / "regiotafel.pdf", pages)
    assert not ingest(tmp_path / "corpus", tmp_path / "index", progress=False).failed
    verify._raw.cache_clear()
    a = Assistant.load(index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus")
    doc = a.index.docs["regiotafel"]
    assert doc.paged and _check(doc, 0, len(doc.text)).ok
    assert all(_check(doc, r.start, r.end).ok for r in a.index.sentences if r.document == "regiotafel")
    assert all(_check(doc, c.start, c.end).ok for c in a.index.chunks.values())
    ans = a.ask("Hoe besluit de stuurgroep over geld?")
    assert ans.quotes and all(q.verified and q.page for q in ans.quotes)
    assert verify._raw.cache_info().misses == 1  # the PDF text was extracted once, then served from the cache
