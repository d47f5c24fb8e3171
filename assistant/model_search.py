"""Find register models by name, author, year, alias or a description in one's own words."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.register import Model, Register

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


class ChecklistSearch:
    """How well a question matches each checklist: the mean of its two best-matching items."""

    def __init__(self, register: Register, embedder, cache_dir: Path | None = None):
        self.ids = [c.id for c in register.checklists.values() for _ in c.items]
        texts = [f"{c.title}: {i.text}" for c in register.checklists.values() for i in c.items]
        self.vectors = cached_vectors(embedder, texts, cache_dir, "checklists")

    def scores(self, query_vector: np.ndarray) -> dict[str, float]:
        per: dict[str, list[float]] = {}
        for cid, s in zip(self.ids, self.vectors @ query_vector if self.ids else []):
            per.setdefault(cid, []).append(float(s))
        return {cid: float(np.mean(sorted(v)[-2:])) for cid, v in per.items()}


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
