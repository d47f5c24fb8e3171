"""The answer object of the `wijzer ask --json` contract (../shared/DESIGN.md)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Quote:
    text: str
    document: str
    title: str
    origin: str
    section: str
    page: int | None
    start: int
    end: int
    verified: bool
    role: str = "body"  # what the span is: body, list (a lead-in with its items), table_row, question, ...
    context: str = ""  # shown beside the quote, not part of it: a table row's header row


@dataclass(frozen=True)
class Scope:
    """Why an answer is full, partial or refused, and which of the question's terms the documents lack."""

    status: str  # "answered" | "partial" | "refused"
    reason: str = ""
    missing: tuple[str, ...] = ()
    # how the decision was reached, not part of it: not in the JSON contract, so a scope read back from the
    # JSON (interfaces/app/api.py) equals the one it was written from
    check: str = field(default="", compare=False)  # which check decided (assistant/scope.py)
    covered: tuple[str, ...] = field(default=(), compare=False)  # the parts answered

    def __str__(self) -> str:
        return f"{self.status} ({self.check or 'onbekend'}): {self.reason}"

    def to_dict(self) -> dict:
        return {"status": self.status, "reason": self.reason, "missing": list(self.missing)}


@dataclass(frozen=True)
class ModelRef:
    id: str
    name: str
    authors: str
    year: int | None
    document: str
    section: str


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    covered: bool


@dataclass(frozen=True)
class ChecklistRef:
    id: str
    title: str
    document: str
    items: list[ChecklistItem]
    section: str = ""


@dataclass(frozen=True)
class Source:
    rank: int
    document: str
    origin: str
    section: str
    page: int | None
    score: float
    text: str
    chunk_id: str = ""


@dataclass
class Answer:
    question: str
    language: str
    answer: str
    refused: bool
    quotes: list[Quote] = field(default_factory=list)
    models: list[ModelRef] = field(default_factory=list)
    checklist: ChecklistRef | None = None
    sources: list[Source] = field(default_factory=list)
    latency_ms: float | None = None
    resolved_question: str = ""  # the question as used for retrieval (after follow-up resolution)
    generated: str = ""  # the checked LLM text inside `answer`; empty for an extractive answer
    scope: Scope | None = None
    lead: int = 0  # the first `lead` quotes answer most directly (the memo's summary); the rest support them
    reasons: tuple[str, ...] = ()  # why each quote was chosen (`wijzer ask --explain`); not in the JSON contract

    @property
    def query(self) -> str:
        """The question as retrieval read it: the resolved follow-up, else the question itself (what the next
        turn of the conversation resolves against)."""
        return self.resolved_question or self.question

    @property
    def read_as(self) -> str:
        """The follow-up as it was read (its resolved question), when that differs from what was asked;
        the chat and the memo show it, so a reader sees what the quotes answer."""
        differs = self.resolved_question and self.resolved_question != " ".join(self.question.split())
        return self.resolved_question if differs else ""

    def to_dict(self) -> dict:
        d = {
            "question": self.question,
            "language": self.language,
            "answer": self.answer,
            "refused": self.refused,
            "quotes": [asdict(q) for q in self.quotes],
            "models": [asdict(m) for m in self.models],
            "checklist": None,
            "sources": [{k: v for k, v in asdict(s).items() if k != "chunk_id"} for s in self.sources],
        }
        if self.checklist is not None:
            c = self.checklist
            d["checklist"] = {"id": c.id, "title": c.title, "document": c.document,
                              "items": [asdict(i) for i in c.items]}
        if self.scope is not None:
            d["scope"] = self.scope.to_dict()
        if self.latency_ms is not None:
            d["latency_ms"] = round(self.latency_ms, 2)
        return d
