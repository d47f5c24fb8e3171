"""The model register (corpus/models.yaml) and the documents' checklists (corpus/checklists.yaml), located.

The files are read by index/register.py (ingest embeds their texts from there).

Every mention quote and checklist item is located in the cleaned document text
(whitespace-insensitive); the located spans link answers to models and checklists.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.register import RegisterSource
from index.roles import HEADING, REFERENCE
from index.words import locate

if TYPE_CHECKING:
    from index.loaded import LoadedIndex


@dataclass(frozen=True)
class Located:
    """A verbatim text found in a document's cleaned text at [start, end)."""

    document: str
    section: str
    text: str
    start: int = -1
    end: int = -1

    @property
    def found(self) -> bool:
        return self.start >= 0


@dataclass
class Model:
    id: str
    name: str
    aliases: list[str]
    authors: str
    year: int | None
    kind: str
    summary: str
    mentions: list[Located] = field(default_factory=list)
    literature: list[str] = field(default_factory=list)

    @property
    def home(self) -> Located | None:
        return self.mentions[0] if self.mentions else None


@dataclass
class Checklist:
    id: str
    title: str
    family: str
    group: str
    kind: str
    document: str
    section: str
    model: str | None
    items: list[Located] = field(default_factory=list)
    description: str = ""  # what the list is for, in an advisor's words: found from a paraphrase


class Register:
    """Models and checklists, located in the cleaned texts of the index."""

    def __init__(self, models: list[Model], checklists: list[Checklist]):
        self.models = {m.id: m for m in models}
        self.checklists = {c.id: c for c in checklists}

    @classmethod
    def located(cls, source: RegisterSource, doc_texts: dict[str, str]) -> "Register":
        """The register files' entries with every mention and item located in the documents."""
        models = [Model(
            id=m.id, name=m.name, aliases=list(m.aliases), authors=m.authors, year=m.year, kind=m.kind,
            summary=m.summary, mentions=[cls._locate(doc_texts, x.document, x.section, x.text) for x in m.mentions],
            literature=list(m.literature)) for m in source.models]
        checklists = []
        for c in source.checklists:
            items, after = [], 0
            for text in c.items:
                item = cls._locate(doc_texts, c.document, c.section, text, after)
                if item.found:
                    after = item.end
                items.append(item)
            checklists.append(Checklist(
                id=c.id, title=c.title, family=c.family, group=c.group, kind=c.kind, document=c.document,
                section=c.section, model=c.model, items=items, description=c.description))
        return cls(models, checklists)

    @staticmethod
    def _locate(doc_texts: dict[str, str], document: str, section: str, text: str, after: int = 0) -> Located:
        doc = doc_texts.get(document)
        start, end = locate(doc, text, after) if doc is not None else (-1, -1)
        return Located(document, section, text, start, end)

    def unlocated(self) -> list[str]:
        """Every quote or item that is not verbatim in the cleaned corpus, as 'where: text'."""
        bad = [f"model {m.id}: {x.text}" for m in self.models.values() for x in m.mentions if not x.found]
        bad += [f"checklist {c.id}: {x.text}" for c in self.checklists.values() for x in c.items if not x.found]
        return bad

    def models_in_span(self, document: str, start: int, end: int) -> list[Model]:
        """Models with a mention that overlaps [start, end) of a document."""
        return [m for m in self.models.values()
                if any(x.document == document and x.found and x.start < end and start < x.end
                       for x in m.mentions)]

    def checklists_overlapping(self, document: str, start: int, end: int) -> list[Checklist]:
        return [c for c in self.checklists.values()
                if c.document == document and any(x.found and x.start < end and start < x.end for x in c.items)]


def rows_of(index: LoadedIndex, x: Located, skip: tuple[str, ...] = (HEADING, REFERENCE)) -> tuple[int, ...]:
    """The sentence rows of the passages of a located span that overlap it, in reading order (headings and
    references never, unless `skip` says otherwise); none for a span not found."""
    out = []
    for cid, c in index.chunks.items():
        if c.document != x.document or not (c.start < x.end and x.start < c.end):
            continue
        out += [j for j in index.chunk_sentences.get(cid, [])
                if x.start < index.sentences[j].end and index.sentences[j].start < x.end
                and index.sentences[j].role not in skip]
    return tuple(sorted(set(out)))
