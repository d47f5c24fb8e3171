"""Find register models and checklists by name, author, year, alias or a description in one's own words."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.register import Model, Register
from ingest.lexical import LexicalIndex

LEXICAL_BOOST = 0.08


@dataclass(frozen=True)
class ModelHit:
    model: Model
    score: float


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[\wéëïöüè]+", text.lower()) if len(t) > 2 or t.isdigit()}


def cached_vectors(embedder, texts: list[str], cache_dir: Path | None, name: str) -> np.ndarray:
    """Passage vectors of `texts`, cached in `cache_dir` under a key of the texts and the embedder."""
    if not texts:
        return np.zeros((0, 1), np.float32)
    key = hashlib.sha1(("\n".join(texts) + embedder.embedder_id).encode()).hexdigest()[:16]
    cache = Path(cache_dir) / f"{name}-{key}.npy" if cache_dir else None
    if cache is not None and cache.exists():
        return np.load(cache)
    vecs = embedder.encode(texts, False).astype(np.float32)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob(f"{name}-*.npy"):
            old.unlink(missing_ok=True)
        np.save(cache, vecs)
    return vecs


def zscores(values: np.ndarray) -> np.ndarray:
    """Values on a common scale (the embedder's cosines are bunched within a few hundredths)."""
    return (values - values.mean()) / (values.std() or 1.0)


class ChecklistSearch:
    """How well a question matches each checklist, in standard scores over all lists.

    Three views of a list, each z-scored over the lists and then combined: the mean cosine of its two
    best-matching items, the cosine of its title with its description, and BM25 over the words of title
    and description. On the dev checklist questions the description and the words told sister lists
    apart (the five quick-scan conditions, the Stroomversneller's themes) where the items alone did not.
    """

    def __init__(self, register: Register, embedder, cache_dir: Path | None = None):
        lists = list(register.checklists.values())
        self.ids = [c.id for c in lists]
        self.item_list = np.array([n for n, c in enumerate(lists) for _ in c.items], dtype=int)
        self.item_vectors = cached_vectors(embedder, [f"{c.title}: {i.text}" for c in lists for i in c.items],
                                           cache_dir, "checklist-items")
        about = [f"{c.title}. {c.description}" for c in lists]
        self.about_vectors = cached_vectors(embedder, about, cache_dir, "checklist-about")
        self.words = LexicalIndex.build(self.ids, about) if lists else None

    def scores(self, query: str, query_vector: np.ndarray) -> dict[str, float]:
        if not self.ids:
            return {}
        sims = self.item_vectors @ query_vector
        items = np.array([np.mean(np.sort(sims[self.item_list == n])[-2:]) for n in range(len(self.ids))])
        about = self.about_vectors @ query_vector
        words = self.words.scores(query)
        combined = 0.25 * zscores(items) + 0.25 * zscores(about) + 0.5 * zscores(words)
        return dict(zip(self.ids, combined.tolist()))


class ModelSearch:
    """Semantic search over each model's name, summary and aliases, boosted by exact names and years."""

    def __init__(self, register: Register, embedder, cache_dir: Path | None = None):
        self.register, self.embedder = register, embedder
        self.rows: list[str] = []
        texts: list[str] = []
        for m in register.models.values():
            for t in m.search_texts():
                if t.strip():
                    self.rows.append(m.id)
                    texts.append(t)
        self.vectors = cached_vectors(embedder, texts, cache_dir, "register")

    def search(self, query: str, k: int = 5, query_vector: np.ndarray | None = None) -> list[ModelHit]:
        if not self.rows or not query.strip():
            return []
        qv = query_vector if query_vector is not None else self.embedder.encode([query], True)[0]
        sims = self.vectors @ qv
        best: dict[str, float] = {}
        for mid, s in zip(self.rows, sims):
            best[mid] = max(best.get(mid, -1.0), float(s))
        q_tokens, q_lower = _tokens(query), query.lower()
        for mid, m in self.register.models.items():
            bonus = 0.0
            authors = _tokens(re.sub(r"\b(en|and|de|van|der)\b", " ", m.authors.lower()))
            if authors and authors & q_tokens:
                bonus += LEXICAL_BOOST
            if m.year and str(m.year) in q_tokens:
                bonus += LEXICAL_BOOST / 2
            if any(len(n) > 4 and n.lower() in q_lower for n in [m.name] + m.aliases):
                bonus += LEXICAL_BOOST
            best[mid] += bonus
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:k]
        return [ModelHit(self.register.models[mid], s) for mid, s in ranked]
