"""Find register models and checklists by name, author, year, alias or a description in one's own words."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import numpy as np

from assistant.register import Model, Register, rows_of
from assistant.tuning import CHECKLIST_VIEWS, LEXICAL_BOOST, LIST_MARGIN, MODEL_FIT, READER_FIT
from index.lexical import LexicalIndex
from index.loaded import LoadedIndex
from index.register import RegisterTexts, RegisterVectors, embed_register
from index.words import STOP, words

log = logging.getLogger(__name__)


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


def author_tokens(authors: str) -> set[str]:
    """The words that name a model's authors: the names before any "(…)" or "/ …" (where the model was published,
    "Gilles Tenhaeff en Joris Kuppens (Ten Have Change)", "Geurtsen & Opheij (Common Eye) / NVZD"), without stop
    words. Otherwise "have" in an English question, or a question naming the NVZD's handreiking, named a model."""
    names = re.split(r"[(/]", authors, maxsplit=1)[0]
    return {t for t in _tokens(names) if t not in STOP}


def names_model(text: str, model: Model) -> bool:
    """The text names the model: its name, or one of its authors ("Provan & Kenis", "Tenhaeff"). A register
    mention may only describe a part of it ("De regiefunctie is niet ergens apart belegd …"), and an alias may
    be a common phrase ("netwerkleiderschap", "gezamenlijke ambitie")."""
    low = " ".join(text.lower().split())
    return model.name.lower() in low or bool(author_tokens(model.authors) & set(words(low)))


def called(text: str, model: Model) -> bool:
    """The text calls the model by the name the register gives it, as the Modellen tab shows it: the whole name, or
    the part before a colon, bracket or slash ("de tweelagenaanpak", "de vertrouwensparadox", "Quick scan
    samenwerking"). Stricter than `names_model` (no authors, whose surnames are also everyday words: "boer",
    "jong", "common") and than the search's aliases ("twee lagen", "gezamenlijke ambitie")."""
    low = " ".join(text.lower().split())
    name = model.name.lower()
    short = re.split(r"\s*[:(/]", name, maxsplit=1)[0].strip()
    short = re.sub(r"^(?:de|het|een)\s+", "", short)
    return name in low or bool(re.search(rf"(?<!\w){re.escape(short)}(?!\w)", low))


def register_vectors(index: LoadedIndex, texts: RegisterTexts, embedder) -> RegisterVectors:
    """The serving generation's register vectors; embedded anew when the register read here differs from the
    one the ingest embedded (edited since, or another corpus folder), with a warning: `wijzer ingest` stores
    them again."""
    if texts.fingerprint == index.manifest.register.fingerprint:
        return index.register_vectors
    log.warning("het register verschilt van dat in indexgeneratie %s: de vectoren worden nu berekend; "
                "voer `wijzer ingest` uit om ze op te slaan", index.generation)
    return embed_register(texts, embedder)


def zscores(values: np.ndarray) -> np.ndarray:
    """Values on a common scale (the embedder's cosines are bunched within a few hundredths)."""
    return (values - values.mean()) / (values.std() or 1.0)


def item_vectors(register: Register, index: LoadedIndex, texts: RegisterTexts, vectors: RegisterVectors) -> np.ndarray:
    """A vector per checklist item (rows of `texts.item_rows`), none embedded: the mean of the sentence
    vectors the item's span overlaps plus its list's title vector, as the "title: item" once embedded carried
    the title. An item no indexed sentence covers (a heading, an item not found) stands for its list: the
    list's title and description (`about`). Embedding every item took ~22 of ~160 seconds of ingest. With these
    vectors (2026-12-06) every score of every eval set was the same, question by question; one dev answer
    (q040) shows another of the quick scan's lists, wrong before and after. Without reader questions, three dev
    answers show another list, coverage the same (0.375), one model found more. The sentences alone, without
    the title: dev checklist coverage 0.75 -> 0.69; the title weighted 0.3-1, or the description: the same."""
    at = {c: n for n, c in enumerate(texts.checklists)}
    items = [x for c in texts.checklists for x in register.checklists[c].items]  # texts.item_rows, row for row
    out = []
    for cid, x in zip(texts.item_rows, items, strict=True):
        covered = rows_of(index, x, skip=())
        v = vectors.about[at[cid]]
        if covered:
            mean = index.sentence_vectors[list(covered)].mean(axis=0)
            v = mean / (np.linalg.norm(mean) or 1.0) + vectors.titles[at[cid]]
        out.append(v / (np.linalg.norm(v) or 1.0))
    return np.asarray(out, dtype=np.float32) if out else np.zeros((0, 0), np.float32)


class ChecklistSearch:
    """How well a question matches each checklist, in standard scores over all lists.

    Three views of a list, each z-scored over the lists and weighted by CHECKLIST_VIEWS: the mean cosine
    of its two best-matching items (`item_vectors`), the cosine of its title with its description, and BM25
    over the words of title and description. The description and the words told sister lists apart (the five
    quick-scan conditions, the Stroomversneller's themes) where the items alone did not.
    """

    def __init__(self, texts: RegisterTexts, vectors: RegisterVectors, items: np.ndarray):
        self.ids = list(texts.checklists)
        at = {c: n for n, c in enumerate(self.ids)}
        self.item_list = np.array([at[c] for c in texts.item_rows], dtype=int)
        self.item_vectors, self.about_vectors = items, vectors.about
        self.words = LexicalIndex.build(self.ids, list(texts.about)) if self.ids else None

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

    def __init__(self, register: Register, texts: RegisterTexts, vectors: RegisterVectors, embedder,
                 index: LoadedIndex | None = None):
        self.register, self.embedder, self.index = register, embedder, index
        self.rows, self.vectors = list(texts.model_rows), vectors.models  # model id of each vector row

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
        authors = author_tokens(m.authors)
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
