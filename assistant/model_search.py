"""Find register models and checklists by name, author, year, alias or a description in one's own words."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.register import Model, Register
from assistant.tuning import CHECKLIST_VIEWS, LEXICAL_BOOST, LIST_MARGIN, MODEL_FIT, READER_FIT
from index.lexical import LexicalIndex
from index.loaded import LoadedIndex


@dataclass(frozen=True)
class ModelHit:
    model: Model
    score: float
    named: bool = False  # the query holds its name, an author or its year


@dataclass(frozen=True)
class Fit:
    """Whether a look-up has models that fit, and why (Dutch, printable)."""

    fits: bool
    reason: str


def model_fit(best: ModelHit | None, reader_similarity: float) -> Fit:
    """Does the best hit fit the query? A named model always does; a description must resemble a model
    and resemble a question the documents answer (the reader questions of corpus/passage-questions)."""
    if best is None:
        return Fit(False, "de vraag of het register is leeg")
    if best.named:
        return Fit(True, f"de vraag noemt {best.model.name}")
    if best.score < MODEL_FIT:
        return Fit(False, f"geen model lijkt genoeg op de vraag (score {best.score:.3f}, drempel {MODEL_FIT})")
    if reader_similarity < READER_FIT:
        return Fit(False, "de documenten beantwoorden geen vraag die erop lijkt "
                          f"(score {reader_similarity:.3f}, drempel {READER_FIT})")
    return Fit(True, f"{best.model.name} lijkt op de vraag (score {best.score:.3f})")


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

    Three views of a list, each z-scored over the lists and weighted by CHECKLIST_VIEWS: the mean cosine
    of its two best-matching items, the cosine of its title with its description, and BM25 over the words
    of title and description. The description and the words told sister lists apart (the five quick-scan
    conditions, the Stroomversneller's themes) where the items alone did not.
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
        w_items, w_about, w_words = CHECKLIST_VIEWS
        combined = w_items * zscores(items) + w_about * zscores(about) + w_words * zscores(words)
        return dict(zip(self.ids, combined.tolist()))


class ModelSearch:
    """Semantic search over each model's name, summary and aliases, boosted by exact names and years;
    `fitting` keeps only the models that fit (none for a query the register has no model for)."""

    def __init__(self, register: Register, embedder, cache_dir: Path | None = None,
                 index: LoadedIndex | None = None):
        self.register, self.embedder, self.index = register, embedder, index
        self.rows: list[str] = []
        texts: list[str] = []
        for m in register.models.values():
            for t in m.search_texts():
                if t.strip():
                    self.rows.append(m.id)
                    texts.append(t)
        self.vectors = cached_vectors(embedder, texts, cache_dir, "register")

    def search(self, query: str, k: int = 5, query_vector: np.ndarray | None = None) -> list[ModelHit]:
        """The k best models: each by its best-matching text, plus a bonus for its name, an author or its year."""
        if not self.rows or not query.strip():
            return []
        qv = query_vector if query_vector is not None else self.embedder.encode([query], True)[0]
        sims = self.vectors @ qv
        similarity: dict[str, float] = {}
        for mid, s in zip(self.rows, sims):
            similarity[mid] = max(similarity.get(mid, -1.0), float(s))
        q_tokens, q_lower = _tokens(query), query.lower()
        hits = []
        for mid, m in self.register.models.items():
            bonus = self._name_bonus(m, q_tokens, q_lower)
            hits.append(ModelHit(m, similarity[mid] + bonus, bonus > 0))
        return sorted(hits, key=lambda h: -h.score)[:k]

    @staticmethod
    def _name_bonus(m: Model, q_tokens: set[str], q_lower: str) -> float:
        bonus = 0.0
        authors = _tokens(re.sub(r"\b(en|and|de|van|der)\b", " ", m.authors.lower()))
        if authors and authors & q_tokens:
            bonus += LEXICAL_BOOST
        if m.year and str(m.year) in q_tokens:
            bonus += LEXICAL_BOOST / 2
        if any(len(n) > 4 and n.lower() in q_lower for n in [m.name] + m.aliases):
            bonus += LEXICAL_BOOST
        return bonus

    def fit(self, hits: list[ModelHit], query_vector: np.ndarray) -> Fit:
        """`model_fit` for a query's hits; without an index (or reader questions) only the model score counts."""
        questions = self.index.question_vectors if self.index is not None else np.zeros((0, 1))
        reader = float(np.max(questions @ query_vector)) if len(questions) else 1.0
        return model_fit(hits[0] if hits else None, reader)

    def fitting(self, query: str, k: int = 5) -> tuple[list[ModelHit], Fit]:
        """The models that fit the query (the best and those within LIST_MARGIN of it, at most k), and why."""
        if not self.rows or not query.strip():
            return [], model_fit(None, 0.0)
        qv = self.embedder.encode([query], True)[0]
        hits = self.search(query, k=len(self.register.models), query_vector=qv)
        verdict = self.fit(hits, qv)
        if not verdict.fits:
            return [], verdict
        return [h for h in hits if h.named or h.score >= hits[0].score - LIST_MARGIN][:k], verdict
