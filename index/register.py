"""The register files (corpus/models.yaml, corpus/checklists.yaml) as typed entries, and the texts of them
that are embedded.

Ingest embeds `RegisterTexts` into the work generation, so the register's vectors switch atomically with the
documents; the assistant locates the entries in the documents (assistant/register.py) and searches the
stored vectors (assistant/model_search.py). Both read the files here, so both see the same rows.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

MODELS, CHECKLISTS = "models.yaml", "checklists.yaml"


@dataclass(frozen=True)
class Quote:
    """A mention as the register writes it: verbatim text of a document's section, not yet located."""

    document: str
    section: str
    text: str


@dataclass(frozen=True)
class ModelEntry:
    id: str
    name: str
    aliases: tuple[str, ...]
    authors: str
    year: int | None
    kind: str
    summary: str
    mentions: tuple[Quote, ...]
    literature: tuple[str, ...]

    def search_texts(self) -> list[str]:
        """What a look-up is compared with: name with authors and year, the summary, each alias."""
        who = f"{self.authors} {self.year or ''}".strip()
        return [f"{self.name}. {who}", self.summary] + list(self.aliases)


@dataclass(frozen=True)
class ChecklistEntry:
    id: str
    title: str
    family: str
    group: str
    kind: str
    document: str
    section: str
    model: str | None
    items: tuple[str, ...]
    description: str  # what the list is for, in an advisor's words: found from a paraphrase


@dataclass(frozen=True)
class RegisterTexts:
    """The passage-side texts of the register, row for row with a generation's register vectors."""

    model_rows: tuple[str, ...]  # model id of each model text
    models: tuple[str, ...]
    checklists: tuple[str, ...]  # checklist ids in file order, one `titles` and one `about` text each
    item_rows: tuple[str, ...]  # checklist id of each item, in file order (not embedded: an item's vector is
    # made from the documents' sentence vectors and its list's title, assistant/model_search.py `item_vectors`)
    titles: tuple[str, ...]
    about: tuple[str, ...]  # "title. description"

    @property
    def fingerprint(self) -> str:
        """Changes whenever an embedded text or row does: the stored vectors are then embedded anew."""
        rows = [self.model_rows, self.models, self.checklists, self.titles, self.about]
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class RegisterSource:
    models: tuple[ModelEntry, ...]
    checklists: tuple[ChecklistEntry, ...]

    def texts(self) -> RegisterTexts:
        """One row per non-empty search text of each model and per checklist (ids as the Register keys them),
        and the checklist of each item."""
        models, lists = {m.id: m for m in self.models}, {c.id: c for c in self.checklists}
        model_rows = [(m.id, t) for m in models.values() for t in m.search_texts() if t.strip()]
        return RegisterTexts(tuple(r for r, _ in model_rows), tuple(t for _, t in model_rows), tuple(lists),
                             tuple(c.id for c in lists.values() for _ in c.items),
                             tuple(c.title for c in lists.values()),
                             tuple(f"{c.title}. {c.description}" for c in lists.values()))


def read_register(corpus_dir: Path) -> RegisterSource:
    """The register files of a corpus folder (either may be absent: no models or no checklists)."""
    mp, cp = Path(corpus_dir) / MODELS, Path(corpus_dir) / CHECKLISTS
    models = [ModelEntry(
        id=m["id"], name=m["name"], aliases=tuple(m.get("aliases") or []), authors=str(m.get("authors") or ""),
        year=m.get("year"), kind=str(m.get("kind") or ""), summary=str(m.get("summary") or ""),
        mentions=tuple(Quote(x["document"], x.get("section", ""), x["quote"]) for x in m.get("mentions") or []),
        literature=tuple(str(x) for x in m.get("literature") or []))
        for m in _entries(mp, "models")]
    checklists = [ChecklistEntry(
        id=c["id"], title=c["title"], family=c.get("family") or c["id"], group=c.get("group") or "",
        kind=c.get("kind") or "list", document=c["document"], section=c.get("section") or "",
        model=c.get("model"), items=tuple(c.get("items") or []), description=str(c.get("description") or ""))
        for c in _entries(cp, "checklists")]
    return RegisterSource(tuple(models), tuple(checklists))


def _entries(path: Path, key: str) -> list[dict]:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key, []) if path.exists() else []


@dataclass
class RegisterVectors:
    """Passage vectors of `RegisterTexts`, row for row."""

    models: np.ndarray
    titles: np.ndarray
    about: np.ndarray


REGISTER_FILES = {"models": "models.npy", "titles": "checklist-titles.npy", "about": "checklist-about.npy"}


def embed_register(texts: RegisterTexts, embedder) -> RegisterVectors:
    """Each list embedded in one call, passage side (an empty list: no rows)."""
    embed = lambda rows: (embedder.encode(list(rows), False).astype(np.float32) if rows
                          else np.zeros((0, 0), np.float32))
    return RegisterVectors(embed(texts.models), embed(texts.titles), embed(texts.about))


def write_register(gen: Path, vectors: RegisterVectors) -> None:
    folder = gen / "register"
    folder.mkdir(exist_ok=True)
    for name, file in REGISTER_FILES.items():
        np.save(folder / file, getattr(vectors, name))


def read_register_vectors(gen: Path) -> RegisterVectors:
    return RegisterVectors(**{name: np.load(gen / "register" / file) for name, file in REGISTER_FILES.items()})
