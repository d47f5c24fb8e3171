"""Typed records of the index: what ingest writes and assistant reads (the one definition of each)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class DocRecord:
    """What the index knows of one ingested document."""

    id: str
    path: str
    title: str
    origin: str
    sha256: str
    publisher: str = ""
    date: str = ""
    pages: int | None = None
    chunks: int = 0
    sentences: int = 0
    questions: int = 0
    enrichment: str = ""  # fingerprint of the document's reader questions


def without_reader_questions(documents: dict[str, DocRecord]) -> list[str]:
    """The documents that are ranked on the generic signals (assistant/retrieve.py: an upload, or every
    document of a `reader_questions: false` index). Their z-scores are taken over the candidates of all
    documents, so once there is one, every document needs contextual-sentence and pseudo-question vectors;
    while there is none, those signals weigh nothing and ingest embeds neither."""
    return sorted(d for d, r in documents.items() if not r.questions)


@dataclass(frozen=True)
class RegisterRecord:
    """The register vectors of a generation (index/register.py): what they were embedded from, and their rows."""

    fingerprint: str = ""  # RegisterTexts.fingerprint
    models: int = 0  # model text rows
    checklists: int = 0


Param = str | int | float


@dataclass(frozen=True)
class BuildParams:
    """The parameters a generation was built with, per stage: an ingest whose current ones differ rebuilds."""

    chunking: dict[str, Param] = field(default_factory=dict)  # ingest/chunking.py
    lexical: dict[str, Param] = field(default_factory=dict)  # index/lexical.py: BM25, stemmer, stop words
    sentences: dict[str, Param] = field(default_factory=dict)  # ingest/pseudo.py: contextual texts, pseudo-questions

    def differences(self, other: "BuildParams") -> list[str]:
        """'stage.name old → new' for each parameter that differs from `other` (the older one)."""
        out = []
        for stage in ("chunking", "lexical", "sentences"):
            mine, theirs = getattr(self, stage), getattr(other, stage)
            out += [f"{stage}.{k} {theirs.get(k, '(geen)')} → {mine.get(k, '(geen)')}"
                    for k in sorted(mine.keys() | theirs.keys()) if mine.get(k) != theirs.get(k)]
        return out


@dataclass
class Manifest:
    embedder: str
    dim: int
    documents: dict[str, DocRecord] = field(default_factory=dict)
    created: float = 0.0
    format: int = 1
    reader_questions: bool = True  # built with corpus/passage-questions/ (false: as for an uploaded document)
    params: BuildParams = field(default_factory=BuildParams)
    register: RegisterRecord = field(default_factory=RegisterRecord)
    adapter: int = 0  # reader-question pairs the query adapter was trained on (index/adapter.py); 0: none
    vocabulary: int = 0  # the corpus's words stored with their vectors (index/vocabulary.py)

    @property
    def generic(self) -> bool:
        """Some document has no reader questions (`without_reader_questions`): every document then holds
        contextual-sentence and pseudo-question vectors, else they are not needed."""
        return bool(without_reader_questions(self.documents))

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "documents": {k: asdict(v) for k, v in self.documents.items()}},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        docs = {k: DocRecord(**v) for k, v in data.pop("documents").items()}
        params = BuildParams(**data.pop("params", {}))
        # a format-7 manifest also counts checklist item rows: ignored, so that ingest can read why it rebuilds
        register = RegisterRecord(**{k: v for k, v in data.pop("register", {}).items() if k != "items"})
        return cls(documents=docs, params=params, register=register, **data)


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, list item or table row of the cleaned text."""

    start: int
    end: int
    kind: str  # "heading" | "paragraph" | "item" | "row"
    level: int = 0  # heading level (1 = top)


@dataclass(frozen=True)
class Section:
    start: int
    end: int
    path: str  # "Top > Sub"


@dataclass(frozen=True)
class Span:
    """A sentence (or list item) of the cleaned text."""

    start: int
    end: int


@dataclass(frozen=True)
class SentenceRow:
    """One indexed sentence (or list item, or table cell) with its role (index/roles.py; set by ingest/roles.py)."""

    document: str
    start: int
    end: int
    chunk_id: str
    role: str
    block: int  # index of its block in the document: the sentences of one paragraph share it
    refers_back: bool = False  # opens with a word that points at the sentence before ("Dit …")


@dataclass(frozen=True)
class QuestionRow:
    """A reader question (or a pseudo-question), its chunk and the span it was written for (or taken from)."""

    text: str
    chunk_id: str
    start: int
    end: int
    origin: str = ""  # a pseudo-question's source: "question" (asked in the text) | "heading"


@dataclass(frozen=True)
class Passage:
    """One chunk of a document, as retrieval returns it and the answer cites it."""

    id: str
    document: str
    section: str
    page: int | None
    start: int
    end: int


@dataclass
class DocPayload:
    """One document as a generation stores it (`docs/<id>.json`): its cleaned text and every record in it.

    On disk a record names its passage by index (`chunks[i]`); in memory by passage id."""

    id: str
    title: str
    origin: str
    text: str
    paged: bool
    page_starts: list[int]  # cleaned offsets where pages 2.. start
    sections: list[Section]
    passages: list[Passage]
    blocks: list[Block]
    sentences: list[SentenceRow]
    questions: list[QuestionRow]  # reader questions (corpus/passage-questions/)
    pseudo: list[QuestionRow]  # the document's own questions and section headings (ingest/pseudo.py)

    def to_json(self) -> str:
        at = {p.id: i for i, p in enumerate(self.passages)}
        return json.dumps({
            "id": self.id, "title": self.title, "origin": self.origin, "text": self.text,
            "paged": self.paged, "page_starts": self.page_starts,
            "sections": [[s.start, s.end, s.path] for s in self.sections],
            "chunks": [{"id": p.id, "section": p.section, "page": p.page, "start": p.start, "end": p.end}
                       for p in self.passages],
            "blocks": [[b.start, b.end, b.kind] for b in self.blocks],
            "sentences": [[s.start, s.end, at[s.chunk_id], s.role, s.block, int(s.refers_back)]
                          for s in self.sentences],
            "questions": [[q.text, at[q.chunk_id], q.start, q.end] for q in self.questions],
            "pseudo": [[q.text, at[q.chunk_id], q.start, q.end, q.origin] for q in self.pseudo],
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "DocPayload":
        data = json.loads(text)
        doc = data["id"]
        passages = [Passage(c["id"], doc, c["section"], c["page"], c["start"], c["end"]) for c in data["chunks"]]
        ids = [p.id for p in passages]
        return cls(
            doc, data["title"], data["origin"], data["text"], data["paged"], data["page_starts"],
            [Section(a, b, path) for a, b, path in data["sections"]], passages,
            [Block(a, b, kind) for a, b, kind in data["blocks"]],
            [SentenceRow(doc, a, b, ids[ci], role, bi, bool(back)) for a, b, ci, role, bi, back in data["sentences"]],
            [QuestionRow(q, ids[ci], a, b) for q, ci, a, b in data["questions"]],
            [QuestionRow(q, ids[ci], a, b, origin) for q, ci, a, b, origin in data["pseudo"]])
