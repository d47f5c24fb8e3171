"""The serving side of the index: documents, chunks and sentence vectors loaded once."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from index.generations import IndexStore, offsets_file
from index.records import Block, BuildParams, DocRecord, Manifest, Passage, QuestionRow, Section, SentenceRow
from index.roles import REFERENCE
from index.words import words

# a row of fewer words says nothing of a name it holds: a member's name or post in a table ("Wiko Vlasblom",
# "bestuurder Pro Persona"); the shortest other rows with a name the references hold have four ("Barbara Geurtsen &
# Wilfrid Opheij", the handreiking's authors) or five ("(2010) en Provan, K. & Milward, H. (2001)")
SAYING_WORDS = 4


@dataclass
class LoadedDoc:
    record: DocRecord
    text: str
    paged: bool
    page_starts: list[int]
    sections: list[Section]
    offsets_path: Path
    blocks: list[Block] = field(default_factory=list)  # paragraphs, headings, list items, table rows

    @cached_property
    def raw_offsets(self) -> np.ndarray | None:
        """Raw offset of every cleaned character (and of the end), memory-mapped when first asked for:
        only quote verification reads it. None when the index has no readable offset map."""
        try:
            return np.asarray(np.load(self.offsets_path, mmap_mode="r"))  # a plain view: cheap slices
        except (OSError, ValueError):
            return None

    def page_at(self, pos: int) -> int | None:
        return 1 + bisect.bisect_right(self.page_starts, pos) if self.paged else None

    def section_at(self, pos: int) -> str:
        for s in self.sections:
            if s.start <= pos < s.end:
                return s.path
        return ""


class EmbedderMismatch(RuntimeError):
    pass


def section_tail(doc: LoadedDoc, pos: int) -> str:
    """The last two levels of the section at `pos`: what the quote scorer's `section` feature compares."""
    return " ".join(doc.section_at(pos).split(" > ")[-2:])


class LoadedIndex:
    """Everything a question needs, in memory; dense chunk search goes to chromadb."""

    def __init__(self, root: Path, chroma_host: str | None = None, chroma_port: int | None = None):
        self.root = Path(root)
        serving = IndexStore(root, chroma_host, chroma_port).open_serving()  # checked; IndexDamaged if not
        self.notice = serving.notice  # Dutch, for the CLI's stderr and the app; "" unless a damaged one was passed over
        self.passed_over = serving.damaged.generation if serving.damaged else ""  # CURRENT named it, yet it is damaged
        gen = serving.generation
        self.manifest: Manifest = gen.manifest
        self.generation = gen.path.name
        self.collection = gen.collection
        self.lexical = gen.lexical
        self.register_vectors = gen.register  # as the ingest embedded them (manifest.register says from what)
        self.vocabulary = gen.vocabulary  # the corpus's words, for reading an English question (index/vocabulary.py)
        self.adapter = gen.adapter  # query adapter for documents without reader questions (index/adapter.py)
        self.docs: dict[str, LoadedDoc] = {}
        self.chunks: dict[str, Passage] = {}
        self.chunk_order: list[str] = []
        sent_rows: list[SentenceRow] = []
        question_rows: list[QuestionRow] = []
        pseudo_rows: list[QuestionRow] = []
        vecs, cvecs, qvecs, pvecs = [], [], [], []
        for doc in gen.docs:
            rec, payload, doc_id, dv = doc.record, doc.payload, doc.record.id, doc.vectors
            self.docs[doc_id] = LoadedDoc(rec, payload.text, payload.paged, payload.page_starts, payload.sections,
                                          offsets_file(gen.path, doc_id), payload.blocks)
            for passage in payload.passages:
                self.chunks[passage.id] = passage
                self.chunk_order.append(passage.id)
            sent_rows += payload.sentences
            vecs.append(dv.sentences)
            cvecs.append(dv.contextual)
            question_rows += payload.questions
            pseudo_rows += payload.pseudo
            qvecs.append(dv.questions)
            pvecs.append(dv.pseudo)
        stack = lambda parts: np.vstack([v for v in parts if len(v)] or [np.zeros((0, self.manifest.dim), np.float32)])
        self.sentences = sent_rows  # every document's sentences in reading order, documents sorted by id
        self.sentence_vectors = stack(vecs)
        # the same sentences after their title and section; both kinds only where they weigh (Manifest.generic)
        self.contextual_vectors = stack(cvecs if self.manifest.generic else [])
        self.questions = question_rows
        self.question_chunks = [q.chunk_id for q in question_rows]
        self.question_vectors = stack(qvecs)
        self.pseudo = pseudo_rows  # the documents' own questions and headings (ingest/pseudo.py)
        self.pseudo_chunks = [q.chunk_id for q in pseudo_rows]
        self.pseudo_vectors = stack(pvecs if self.manifest.generic else [])
        self.chunk_sentences: dict[str, list[int]] = {}
        for i, row in enumerate(sent_rows):
            self.chunk_sentences.setdefault(row.chunk_id, []).append(i)
        self._sentence_terms: dict[int, set[str]] = {}
        self._section_terms: dict[int, set[str]] = {}
        self.sentence_questions: dict[int, list[int]] = {}  # sentence row -> reader questions anchored in it
        for qi, q in enumerate(question_rows):
            for i in self.chunk_sentences.get(q.chunk_id, []):
                if sent_rows[i].start < q.end and q.start < sent_rows[i].end:
                    self.sentence_questions.setdefault(i, []).append(qi)

    @property
    def params(self) -> BuildParams:
        """The chunking, BM25 and sentence parameters this index was built with."""
        return self.manifest.params

    def sentence_terms(self, row: int) -> set[str]:
        """BM25's analysed terms of one sentence, computed on first use."""
        terms = self._sentence_terms.get(row)
        if terms is None:
            s = self.sentences[row]
            terms = self._sentence_terms[row] = self.lexical.terms(self.docs[s.document].text[s.start:s.end])
        return terms

    def section_terms(self, row: int) -> set[str]:
        """BM25's analysed terms of the last two levels of one sentence's section, computed on first use."""
        terms = self._section_terms.get(row)
        if terms is None:
            s = self.sentences[row]
            terms = self._section_terms[row] = self.lexical.terms(section_tail(self.docs[s.document], s.start))
        return terms

    def only_cited(self, name: str) -> bool:
        """Whether the documents use every word of `name` only in their references and in rows too short to say
        anything: the authors, titles and platforms of works they cite without saying what these hold ("Boonstra",
        "Wiko Vlasblom", "Vimeo"). What such a work says is not in the documents."""
        found = words(name)
        return bool(found) and all(w in self._cited_only for w in found)

    @cached_property
    def _cited_only(self) -> frozenset[str]:
        cited: set[str] = set()
        said: set[str] = set()
        for s in self.sentences:
            found = words(self.docs[s.document].text[s.start:s.end])
            if s.role == REFERENCE:
                cited.update(found)
            elif len(found) >= SAYING_WORDS:
                said.update(found)
        return frozenset(cited - said)

    def check_embedder(self, embedder_id: str) -> None:
        if embedder_id != self.manifest.embedder:
            raise EmbedderMismatch(
                f"de index is gemaakt met embedder {self.manifest.embedder!r}, maar nu is {embedder_id!r} "
                "ingesteld: voer `wijzer ingest` opnieuw uit (of zet de embedder terug)")

    def chunk_text(self, chunk_id: str) -> str:
        c = self.chunks[chunk_id]
        return self.docs[c.document].text[c.start:c.end]
