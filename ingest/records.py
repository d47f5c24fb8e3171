"""Typed records handed from one ingest stage to the next."""
from __future__ import annotations

from dataclasses import dataclass, field

from index.records import Span


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
