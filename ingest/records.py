"""Typed records handed from one ingest stage to the next."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceFile:
    """A document as loaded: raw text plus where each page starts in it."""

    path: str
    document: str  # document id (file stem)
    raw: str
    page_starts: tuple[int, ...] = ()  # raw offsets where pages 2.. start; empty for paged-less text
    sha256: str = ""
    encoding: str = "utf-8"

    @property
    def paged(self) -> bool:
        return bool(self.page_starts) or self.path.lower().endswith(".pdf")


@dataclass
class CleanText:
    """Cleaned text with, per character, the raw offset it came from."""

    text: str
    raw_offsets: list[int]  # len(text) + 1 entries; last is len(raw)
    page_starts: tuple[int, ...] = ()
    paged: bool = False

    def raw_offset(self, pos: int) -> int:
        return self.raw_offsets[min(max(pos, 0), len(self.raw_offsets) - 1)]

    def page_at(self, pos: int) -> int | None:
        """1-based page of clean offset `pos`, None for text without pages."""
        if not self.paged:
            return None
        raw = self.raw_offset(pos)
        return 1 + sum(1 for s in self.page_starts if s <= raw)


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
    """One indexed sentence (or list item, or table cell) with its role (see ingest/roles.py)."""

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


@dataclass
class Chunk:
    id: str
    document: str
    title: str
    origin: str
    section: str
    page: int | None
    start: int
    end: int
    text: str
    sentences: list[Span] = field(default_factory=list)

    def metadata(self) -> dict:
        return {
            "document": self.document,
            "title": self.title,
            "origin": self.origin,
            "section": self.section,
            "page": self.page if self.page is not None else -1,
            "start": self.start,
            "end": self.end,
        }
