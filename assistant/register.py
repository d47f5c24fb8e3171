"""The model register (corpus/models.yaml) and the documents' checklists (corpus/checklists.yaml).

Every mention quote and checklist item is located in the cleaned document text
(whitespace-insensitive); the located spans link answers to models and checklists.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from index.words import locate


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

    def search_texts(self) -> list[str]:
        who = f"{self.authors} {self.year or ''}".strip()
        return [f"{self.name}. {who}", self.summary] + list(self.aliases)

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
    def load(cls, corpus_dir: Path, doc_texts: dict[str, str]) -> "Register":
        corpus_dir = Path(corpus_dir)
        models, checklists = [], []
        mp, cp = corpus_dir / "models.yaml", corpus_dir / "checklists.yaml"
        if mp.exists():
            for m in (yaml.safe_load(mp.read_text(encoding="utf-8")) or {}).get("models", []):
                mentions = [cls._locate(doc_texts, x["document"], x.get("section", ""), x["quote"])
                            for x in m.get("mentions") or []]
                models.append(Model(
                    id=m["id"], name=m["name"], aliases=list(m.get("aliases") or []),
                    authors=str(m.get("authors") or ""), year=m.get("year"), kind=str(m.get("kind") or ""),
                    summary=str(m.get("summary") or ""), mentions=mentions,
                    literature=[str(x) for x in m.get("literature") or []]))
        if cp.exists():
            for c in (yaml.safe_load(cp.read_text(encoding="utf-8")) or {}).get("checklists", []):
                items, after = [], 0
                for text in c.get("items") or []:
                    item = cls._locate(doc_texts, c["document"], c.get("section", ""), text, after)
                    if item.found:
                        after = item.end
                    items.append(item)
                checklists.append(Checklist(
                    id=c["id"], title=c["title"], family=c.get("family") or c["id"], group=c.get("group") or "",
                    kind=c.get("kind") or "list", document=c["document"], section=c.get("section") or "",
                    model=c.get("model"), items=items, description=str(c.get("description") or "")))
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
