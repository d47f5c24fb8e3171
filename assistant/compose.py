"""Extractive answers: score the units of the best passages, show the one that answers first.

The order of work: `candidates` gives every sentence of the top passages the features a reader would
recognise (it says what was asked, a reader question written for it matches, it carries the kind of
answer asked for, its section is about the question), `scored_units` groups them into the spans shown (a
sentence with its neighbour, a lead-in with its list, a table row) and scores each span with weights
learned from the corpus's own reader questions (evals/train_selection.py), and `choose` picks the opening
quote(s), one per part of the question (with the neighbouring sentences that rank high too), then the
supporting quotes, grouped by document.
Every choice carries a reason that can be printed (`Selection.reasons`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields

import numpy as np

from assistant.answer import Quote
from assistant.cues import carries
from assistant.question import QuestionPlan
from assistant.retrieve import Scored, Signals
from assistant.tuning import (MAX_QUOTES, MIN_QUOTES, QUOTE_CHUNKS, REDUNDANT, SUPPORT_MARGIN,
                              UNIT_WEIGHTS, UNIT_WEIGHTS_NO_QUESTIONS, WIDEN_RANKS)
from assistant.units import LIST, MAX_SENTENCES, MIN_WORDS, ROW, Unit, UnitBuilder
from assistant.verify import verify_span
from index.loaded import LoadedIndex
from index.roles import BODY, HEADING, LIST_ITEM, QUESTION, REFERENCE
from index.words import content_words, stems

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass(frozen=True)
class Features:
    """What one pool sentence has for the question, before it is grouped into its unit."""
    dense: float  # similarity of the sentence with the question (z over the pool)
    asked: float  # best reader question written for this sentence (z over the pool; -1 when none)
    lexical: float  # IDF-weighted share of the question's terms the sentence holds
    section: float  # IDF-weighted share of the question's terms in the sentence's section titles
    chunk: float  # 1 / (1 + rank) of its passage
    cue: float  # 1 when it carries the kind of answer asked for (disadvantages, steps, …)
    position: float  # 1 / (1 + its place among its passage's sentences)


@dataclass(frozen=True)
class Candidate:
    row: int  # index into LoadedIndex.sentences
    features: Features


@dataclass(frozen=True)
class UnitFeatures:
    """What a candidate unit has for the question: its sentences' features pooled, plus what only the
    whole span shows (the question's words and word pairs over all its sentences, its length, its kind).
    The word-overlap features are scaled by the square of the share of the question's words the index
    knows, as for BM25: an English question over Dutch text is judged on meaning, not on shared words."""
    dense: float  # best sentence
    dense_mean: float  # mean over its pool sentences
    asked: float  # best sentence (-1 when no reader question was written for it, or none are indexed)
    lexical: float  # best sentence
    lexical_unit: float  # the unit's sentences together
    bigram: float  # share of the question's adjacent content-word pairs the unit holds in order
    rare: float  # IDF-weighted share of the question's two rarest terms the unit holds
    section: float
    chunk: float
    top_chunk: float  # 1 when its passage ranks first
    cue: float
    position: float  # its first sentence's place in its passage
    length: float  # log(1 + words) / log(81), capped at 1
    is_list: float  # a lead-in with its list
    is_item: float  # a list item
    is_row: float  # a table row
    leans: float  # it opens with a sentence that leans on the one before
    dense_gap: float  # best sentence's dense minus the best in its passage (0: the passage's most similar)
    asked_gap: float  # the same for the reader questions
    top_dense: float  # dense, in the first passage only
    top_lexical: float  # lexical_unit, in the first passage only

    def vector(self) -> np.ndarray:
        # the fields read directly: dataclasses.astuple deep-copies every value (~9 ms of a 180 ms ask)
        return np.fromiter((getattr(self, name) for name in _UNIT_FIELDS), dtype=np.float64, count=len(_UNIT_FIELDS))

    def explain(self, weights: np.ndarray) -> str:
        """The features that moved the score most, with their contribution."""
        parts = sorted(zip(fields(self), self.vector() * weights), key=lambda fc: -abs(fc[1]))
        return ", ".join(f"{f.name} {c:+.2f}" for f, c in parts[:5] if abs(c) > 1e-6)


_UNIT_FIELDS = tuple(f.name for f in fields(UnitFeatures))


@dataclass(frozen=True)
class RankedUnit:
    unit: Unit
    score: float
    features: UnitFeatures


@dataclass
class Selection:
    opening: list[Unit]
    support: list[Unit]
    reasons: list[str] = field(default_factory=list)

    @property
    def units(self) -> list[Unit]:
        return self.opening + self.support


def _z(values: np.ndarray) -> np.ndarray:
    if len(values) < 2:
        return np.zeros(len(values))
    std = values.std()
    return (values - values.mean()) / std if std > 1e-9 else np.zeros(len(values))


def _weighted_share(query_terms: set[str], terms: set[str], idf) -> float:
    total = math.fsum(idf(t) for t in query_terms)  # fsum: exact, so no run-to-run set-order jitter
    return math.fsum(idf(t) for t in query_terms & terms) / total if total else 0.0


def pool_rows(index: LoadedIndex, ranked: list[Scored]) -> list[tuple[int, int]]:
    """(sentence row, rank of its passage) for the sentences of the best passages that can be quoted:
    no headings, no literature references."""
    out = []
    for r, sc in enumerate(ranked[:QUOTE_CHUNKS]):
        for row in index.chunk_sentences.get(sc.chunk_id, []):
            if index.sentences[row].role not in (HEADING, REFERENCE):
                out.append((row, r))
    return out


def candidates(index: LoadedIndex, pool: list[tuple[int, int]], sims, sig: Signals, query: str,
               cues: tuple[str, ...]) -> list[Candidate]:
    """Every pool sentence with its features for one question (or one part of it, with that part's `sims`)."""
    if not pool:
        return []
    lex = index.lexical
    q_terms = lex.terms(query)
    rows = [row for row, _ in pool]
    dense = _z(np.asarray([sims[i] for i in rows], dtype=np.float64))
    asked_raw = np.asarray([max((sig.question_sims[q] for q in index.sentence_questions.get(i, [])), default=np.nan)
                            for i in rows], dtype=np.float64)
    have = ~np.isnan(asked_raw)
    asked = np.full(len(rows), -1.0)
    if have.sum() >= 2:
        asked[have] = _z(asked_raw[have])
    out = []
    for k, (row, rank) in enumerate(pool):
        s = index.sentences[row]
        text = index.docs[s.document].text[s.start:s.end]
        f = Features(
            dense=float(dense[k]), asked=float(asked[k]),
            lexical=_weighted_share(q_terms, index.sentence_terms(row), lex.idf),
            section=_weighted_share(q_terms, index.section_terms(row), lex.idf),
            chunk=1.0 / (1 + rank), cue=float(any(carries(c, text) for c in cues)),
            position=1.0 / (1 + index.chunk_sentences[s.chunk_id].index(row)))
        out.append(Candidate(row, f))
    return out


def _allowed(index: LoadedIndex, unit: Unit, plan: QuestionPlan) -> bool:
    """No fragment (fewer than MIN_WORDS words: "Zorg voor een goed proces", "..."); bare questions (a
    question, a lead-in whose list is all questions, a span whose every sentence ends in "?") only when
    questions were asked for."""
    text = " ".join(index.docs[unit.document].text[unit.start:unit.end].split())
    if len(text.split()) < MIN_WORDS:
        return False
    if plan.asks_questions:
        return True
    if unit.role == QUESTION or all(s.endswith("?") for s in _SENTENCE_END.split(text) if s):
        return False
    if unit.role == LIST:
        items = [index.sentences[j] for j in unit.rows[1:]]
        return not items or not all(r.role == QUESTION for r in items)
    return True


def _pairs(text: str) -> set[tuple[str, str]]:
    s = stems(content_words(text))
    return set(zip(s, s[1:]))


@dataclass(frozen=True)
class QueryTerms:
    """What `unit_features` reads of the question, worked out once for all its units: BM25's coverage of it,
    its terms, its two rarest and its stem pairs."""

    coverage: float
    terms: set[str]
    rarest: set[str]
    pairs: set[tuple[str, str]]

    @classmethod
    def of(cls, index: LoadedIndex, query: str) -> "QueryTerms":
        lex = index.lexical
        known, total = lex.known_terms(query)
        q_terms = lex.terms(query)
        rarest = set(sorted(q_terms, key=lambda t: (-lex.idf(t), t))[:2])  # ties by the term: same in every run
        return cls((known / total if total else 1.0) ** 2, q_terms, rarest, _pairs(query))


def unit_features(index: LoadedIndex, unit: Unit, members: list[Candidate], q: QueryTerms,
                  passage_best: dict[str, tuple[float, float]]) -> UnitFeatures:
    """The features of a unit from the pool sentences inside it (`members`, at least one); `passage_best`:
    per passage, the best dense and asked features of its sentences."""
    lex = index.lexical
    coverage, q_terms, rarest, q_pairs = q.coverage, q.terms, q.rarest, q.pairs
    terms = set().union(*(index.sentence_terms(j) for j in unit.rows)) if unit.rows else set()
    text = index.docs[unit.document].text[unit.start:unit.end]
    fs = [m.features for m in members]
    first = min(members, key=lambda m: index.sentences[m.row].start).features
    best = [passage_best[index.sentences[m.row].chunk_id] for m in members]
    top = float(max(f.chunk for f in fs) == 1.0)
    dense, lexical_unit = max(f.dense for f in fs), coverage * _weighted_share(q_terms, terms, lex.idf)
    return UnitFeatures(
        dense=dense, dense_mean=sum(f.dense for f in fs) / len(fs),
        asked=max(f.asked for f in fs), lexical=coverage * max(f.lexical for f in fs),
        lexical_unit=lexical_unit,
        bigram=coverage * (len(q_pairs & _pairs(text)) / len(q_pairs) if q_pairs else 0.0),
        rare=coverage * _weighted_share(rarest, terms, lex.idf),
        section=coverage * max(f.section for f in fs), chunk=max(f.chunk for f in fs),
        top_chunk=top, cue=max(f.cue for f in fs),
        position=first.position, length=min(1.0, float(np.log1p(len(text.split())) / np.log(81))),
        is_list=float(unit.role == LIST), is_item=float(unit.role == LIST_ITEM), is_row=float(unit.role == ROW),
        leans=float(index.sentences[unit.rows[0]].refers_back) if unit.rows else 0.0,
        dense_gap=max(f.dense - b[0] for f, b in zip(fs, best)), asked_gap=max(f.asked - b[1] for f, b in zip(fs, best)),
        top_dense=top * dense, top_lexical=top * lexical_unit)


def unit_weights(index: LoadedIndex) -> np.ndarray:
    return UNIT_WEIGHTS if index.questions else UNIT_WEIGHTS_NO_QUESTIONS


def scored_units(index: LoadedIndex, builder: UnitBuilder, cands: list[Candidate], plan: QuestionPlan,
                 query: str, weights: np.ndarray | None = None) -> list[RankedUnit]:
    """The units of the candidates, bare questions dropped unless asked for, best first (UNIT_WEIGHTS, or
    UNIT_WEIGHTS_NO_QUESTIONS for an index without reader questions)."""
    by_row = {c.row: c for c in cands}
    seen: set[tuple[str, int, int]] = set()
    units = []
    for c in cands:
        u = builder.unit(c.row)
        key = (u.document, u.start, u.end)
        if key in seen or not _allowed(index, u, plan):
            continue
        seen.add(key)
        units.append((u, [by_row[j] for j in u.rows if j in by_row] or [c]))
    return score_units(index, units, cands, query, weights)


def score_units(index: LoadedIndex, units: list[tuple[Unit, list[Candidate]]], cands: list[Candidate],
                query: str, weights: np.ndarray | None = None) -> list[RankedUnit]:
    """Units with their pool sentences (`members`, at least one each), scored, best first; the gap
    features compare a sentence with the best of `cands` in its passage."""
    w = unit_weights(index) if weights is None else weights
    passage_best: dict[str, tuple[float, float]] = {}
    for c in cands:
        chunk = index.sentences[c.row].chunk_id
        d, a = passage_best.get(chunk, (-np.inf, -np.inf))
        passage_best[chunk] = (max(d, c.features.dense), max(a, c.features.asked))
    out, q = [], QueryTerms.of(index, query)
    for u, members in units:
        f = unit_features(index, u, members, q, passage_best)
        out.append(RankedUnit(u, float(f.vector() @ w), f))
    return sorted(out, key=lambda r: -r.score)


def overlaps(a: Unit, b: Unit) -> bool:
    return a.document == b.document and a.start < b.end and b.start < a.end


def _joined(a: Unit, b: Unit) -> Unit:
    """Two overlapping body spans of one document as one: a part's opening widened into another part's shows the
    shared sentence once ("… in 2030." and "… in 2030. Het doel is: …")."""
    return Unit(a.document, min(a.start, b.start), max(a.end, b.end), BODY, tuple(sorted(set(a.rows) | set(b.rows))))


def _redundant(index: LoadedIndex, u: Unit, chosen: list[Unit]) -> bool:
    """Overlapping a chosen unit, or a near-copy of one."""
    vecs = index.sentence_vectors
    for c in chosen:
        if overlaps(u, c):
            return True
        if max(float(vecs[i] @ vecs[j]) for i in u.rows for j in c.rows) > REDUNDANT:
            return True
    return False


def _best_ranks(units: list[RankedUnit]) -> dict[int, int]:
    """Per sentence row, the best place among `units` (best first) of a unit that holds it."""
    out: dict[int, int] = {}
    for place, r in enumerate(units):
        for row in r.unit.rows:
            out.setdefault(row, place)
    return out


@dataclass(frozen=True)
class Widened:
    unit: Unit
    added: tuple[tuple[int, int], ...] = ()  # (sentence row, its best place among the part's units)

    def reason(self) -> str:
        return ", widened with " + ", ".join(f"row {row} (place {place + 1})" for row, place in self.added) \
            if self.added else ""


def widened(index: LoadedIndex, unit: Unit, units: list[RankedUnit]) -> Widened:
    """The opening unit with the adjacent sentences of its paragraph that rank among the part's WIDEN_RANKS
    best units themselves, up to MAX_SENTENCES: a point the document makes over two or three sentences
    ("Je kunt niet overal 100% 'instappen'. … Maar als je overal aan meedoet …") is shown whole, and the
    supporting quotes go to other passages. Only body sentences widen a body unit."""
    if unit.role != BODY or not unit.rows:
        return Widened(unit)
    place = _best_ranks(units)
    rows, added = list(unit.rows), []
    rs = index.sentences
    if any((rs[j].document, rs[j].block) != (rs[rows[0]].document, rs[rows[0]].block) for j in rows):
        return Widened(unit)
    while len(rows) < MAX_SENTENCES:
        near = [j for j in (rows[0] - 1, rows[-1] + 1) if 0 <= j < len(rs)
                and (rs[j].document, rs[j].block) == (rs[rows[0]].document, rs[rows[0]].block)
                and rs[j].role == BODY and place.get(j, WIDEN_RANKS) < WIDEN_RANKS]
        if not near:
            break
        j = min(near, key=lambda k: (place[k], k))
        rows = sorted(rows + [j])
        added.append((j, place[j]))
    if not added:
        return Widened(unit)
    start, end = min(unit.start, rs[rows[0]].start), max(unit.end, rs[rows[-1]].end)
    return Widened(Unit(unit.document, start, end, BODY, tuple(rows)), tuple(added))


def choose(index: LoadedIndex, per_part: list[list[RankedUnit]], plan: QuestionPlan,
           named: tuple[str, ...] = (), lead: tuple[tuple[str, RankedUnit], ...] = ()) -> Selection:
    """The opening quote of each part (best score, `widened` with the neighbours of its paragraph that rank
    high themselves), then supporting quotes within SUPPORT_MARGIN of the opening, diverse, at most
    and MAX_QUOTES in all; a comparison draws on each named document, or on two.
    `lead`: (why, unit) that open before the parts' own (assistant/opening.py: a checklist's item, a model's
    passage)."""
    sel = Selection([], [])
    for why, r in lead:
        if not _redundant(index, r.unit, sel.opening):
            sel.opening.append(r.unit)
            sel.reasons.append(f"opening ({why}): {r.score:.2f} — {r.features.explain(unit_weights(index))}")
    for n, units in enumerate(per_part, 1):
        best = next((r for r in units if not _redundant(index, r.unit, sel.opening)), None)
        if best is not None:
            wide = widened(index, best.unit, units)
            why = f"opening (part {n}): {best.score:.2f} — {best.features.explain(unit_weights(index))}"
            clash = next((i for i, u in enumerate(sel.opening) if overlaps(wide.unit, u)), None)
            if clash is None:
                sel.opening.append(wide.unit)
                why += wide.reason()
            elif wide.unit.role == BODY and sel.opening[clash].role == BODY:
                sel.opening[clash] = _joined(sel.opening[clash], wide.unit)
                why += f"{wide.reason()}, joined with opening {clash + 1}"
            else:
                sel.opening.append(best.unit)
                why += ", not widened into another opening"
            sel.reasons.append(why)
    if not sel.opening:
        return sel
    pooled: dict[tuple[str, int, int], RankedUnit] = {}
    for units in per_part:
        for r in units:
            key = (r.unit.document, r.unit.start, r.unit.end)
            if key not in pooled or r.score > pooled[key].score:
                pooled[key] = r
    ranked = sorted(pooled.values(), key=lambda r: -r.score)
    if not ranked:
        return sel
    top = ranked[0].score
    wanted_docs = list(named) if named else []
    if plan.compares and not wanted_docs:
        wanted_docs = list(dict.fromkeys(r.unit.document for r in ranked))[:2]
    for doc in wanted_docs:  # a comparison: the best unit of each document it draws on
        if any(u.document == doc for u in sel.units):
            continue
        pick = next((r for r in ranked if r.unit.document == doc and not _redundant(index, r.unit, sel.units)), None)
        if pick is not None and len(sel.units) < MAX_QUOTES:
            sel.support.append(pick.unit)
            sel.reasons.append(f"comparison, {doc}: {pick.score:.2f}")
    for r in ranked:
        if len(sel.units) >= MAX_QUOTES:
            break
        if r.score < top - SUPPORT_MARGIN and len(sel.units) >= MIN_QUOTES:
            break
        if not _redundant(index, r.unit, sel.units):
            sel.support.append(r.unit)
            sel.reasons.append(f"support: {r.score:.2f} — {r.features.explain(unit_weights(index))}")
    return sel


def make_quote(index: LoadedIndex, document: str, start: int, end: int, role: str = "body",
               context: str = "") -> Quote:
    """A quote sliced from the document's cleaned text, verified against the raw source file."""
    doc = index.docs[document]
    text = doc.text[start:end]
    return Quote(text=text, document=document, title=doc.record.title, origin=doc.record.origin,
                 section=doc.section_at(start), page=doc.page_at(start), start=start, end=end,
                 verified=verify_span(doc, start, end, text).ok, role=role, context=context)


def quotes_for(index: LoadedIndex, sel: Selection) -> list[Quote]:
    """Opening quotes first, in the order of the question's parts; then the supporting quotes grouped by
    document (documents in the order they first support), in reading order within a document."""
    docs = list(dict.fromkeys(u.document for u in sel.support))
    support = sorted(sel.support, key=lambda u: (docs.index(u.document), u.start))
    return [make_quote(index, u.document, u.start, u.end, u.role, u.context) for u in sel.opening + support]
