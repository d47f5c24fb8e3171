"""Link an answer to the register: the models its passages explain or its question describes, and the
checklist it asks for."""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer import ChecklistItem, ChecklistRef, ModelRef, Quote
from assistant.model_search import ModelHit, names_model
from assistant.register import Checklist, Model, Register
from assistant.retrieve import Scored
from assistant.tuning import (CHECKLIST_MIN, CHECKLIST_PASSAGES, CHECKLIST_PLACE, DESCRIBED_MARGIN, DESCRIBED_SUPPORT,
                              FAMILY_WEIGHT, FIRST_QUOTE_WEIGHT, FRAME_SHARE, KIND_WEIGHT, MAX_MODELS, MODEL_MIN,
                              MODEL_PASSAGES, NAMED_GAP, QUOTE_WEIGHT)
from index.loaded import LoadedIndex

# A question that asks what to check, weigh or ask: a list noun, a verb of checking, or "waarom zou je" asking
# for reasons (14 of the 16 dev checklist questions, 11 of the 74 others; without "waarom zou je": coverage
# 0.69 and q044's six reasons unlisted; the previous cue words: coverage 0.50).
LIST_CUES = re.compile(
    r"\b(?:vragen|checklist|lijst|tips|aandachtspunten|overwegingen|aanbevelingen|adviezen|punten|stappen|"
    r"criteria|voorwaarden|(?:succes)?factoren|drijvende krachten|redenen|kenmerken|dilemma'?s|afwegingen|"
    r"valkuilen|competenties|quick ?scan|checks?|checken|toets\w*|evalu\w+|beoordel\w*|nagaan|doorlicht\w*|"
    r"langs ?lopen|loop je\b[^?]*\blangs|"
    r"waar (?:moet|moeten|let|letten|houd|houden)\b[^?]*\b(?:op|mee)|rekening (?:mee )?houden|waaraan herken\w*|"
    r"hoe (?:kijk|kijken|weet|weten|meet|meten|check|checken) (?:je|we|jullie|ik)\b[^?]*\bof\b|"
    r"wat (?:is|zijn) er nodig|wat (?:heb|hebben) (?:je|we|jullie) nodig|wat moet[^?]*\bkunnen|"
    r"hoe pak\w* (?:je|we|jullie)\b[^?]*\baan|"
    r"waarom zou(?:den)? (?:je|we|jullie|ik)\b|"
    r"questions|considerations|recommendations|list|steps|criteria|reasons|features|conditions|"
    r"what (?:should|must|do) (?:we|i|you) (?:check|consider|ask|look|keep in mind|watch)|look out for|"
    r"why (?:would|should) (?:we|i|you)\b|"
    r"keep in mind|what is needed)\b",
    re.I)
# (what the question asks for, what a list's kind and title then say)
KIND_CUES = [
    (r"\bvragen\b|\bquestions\b|doorlicht|langs", r"questions"),
    (r"\btips?\b|praktisch|hoe pak|\bpractical\b", r"tips|recommendations"),
    (r"herken|kenmerk|features|recogni[sz]e", r"kenmerk"),
    (r"\bredenen\b|\bwaarom\b|\bwhy\b|reasons", r"redenen|waarom"),
    (r"dilemma|afweging|trade-?off", r"dilemma"),
    (r"overweging|letten|afweg|consider", r"considerations|overweging"),
    (r"factoren|succes|slagen|laten werken|rekening (?:mee )?houden|drijvende|factors", r"factors|krachten|factoren"),
    (r"stappen|fasen|steps|phases", r"stappen|fasen"),
]


@dataclass(frozen=True)
class ModelEvidence:
    """Why a model belongs to an answer: its mentions in the best passages and in the shown quotes, and what
    the question says."""

    model: Model
    passages: float  # sum of 1/rank over the first MODEL_PASSAGES passages that hold one of its mentions
    quotes: float  # QUOTE_WEIGHT for each shown quote on one of its mentions (FIRST_QUOTE_WEIGHT the first)
    described: bool  # within DESCRIBED_MARGIN of the best model-search score
    named: bool  # the best hit by NAMED_GAP or more

    @property
    def score(self) -> float:
        return self.passages + self.quotes + self.described + self.named

    @property
    def enough(self) -> bool:
        """MODEL_MIN reached, and a model the question only describes has some evidence of its own in the answer:
        a mention in one of the first two passages, in a shown quote, or in two passages further down."""
        return self.score >= MODEL_MIN and (self.named or not self.described
                                            or self.passages + self.quotes > DESCRIBED_SUPPORT)

    @property
    def reason(self) -> str:
        said = [f"passages {self.passages:.2f}", f"citaten {self.quotes:.2f}"]
        said += ["de vraag beschrijft het"] * self.described + ["de vraag noemt het"] * self.named
        return f"{self.model.id}: {', '.join(said)} (score {self.score:.2f}, drempel {MODEL_MIN})"


def frame_documents(register: Register, index: LoadedIndex) -> dict[str, frozenset[str]]:
    """Per model, the documents it frames: those where more than FRAME_SHARE of the passages hold one of its
    mentions (the model a whole document is built on). A passage of such a document says nothing about the
    model in particular, so it is no evidence for it; a quote on one of its mentions, or the question, still is."""
    passages: dict[str, int] = {}
    held: dict[str, dict[str, int]] = {m: {} for m in register.models}
    for c in index.chunks.values():
        passages[c.document] = passages.get(c.document, 0) + 1
        for m in register.models_in_span(c.document, c.start, c.end):
            held[m.id][c.document] = held[m.id].get(c.document, 0) + 1
    return {m: frozenset(d for d, n in docs.items() if n > FRAME_SHARE * passages[d]) for m, docs in held.items()}


def model_ref(model: Model, quotes: list[Quote]) -> ModelRef:
    where = next((x for x in model.mentions for q in quotes if x.document == q.document and x.found), None)
    where = where or model.home
    return ModelRef(id=model.id, name=model.name, authors=model.authors, year=model.year,
                    document=where.document if where else "", section=where.section if where else "")


def model_evidence(register: Register, index: LoadedIndex, ranked: list[Scored], hits: list[ModelHit],
                   checklist: Checklist | None = None, quotes: list[Quote] = (),
                   frames: dict[str, frozenset[str]] | None = None) -> list[ModelEvidence]:
    """The evidence for every model that has some, strongest first. A passage (or a quote from one) that holds
    the answer's checklist speaks for the checklist's model, not for the other models it mentions in passing.
    A quote on a mention counts in a document the model frames only when it names the model (`names_model`): there
    the register's mentions describe the document's own subject."""
    frames = frames or {}
    passages: dict[str, float] = {}
    for r, s in enumerate(ranked[:MODEL_PASSAGES]):
        c = index.chunks[s.chunk_id]
        if checklist is not None and _holds(c, checklist):
            continue
        for m in register.models_in_span(c.document, c.start, c.end):
            if c.document in frames.get(m.id, ()):
                continue  # the model frames the whole document: its passages say nothing about it in particular
            passages[m.id] = passages.get(m.id, 0.0) + 1.0 / (r + 1)
    quoted: dict[str, float] = {}
    for n, q in enumerate(quotes):
        if checklist is not None and _in_checklist_passage(index, q, checklist):
            continue
        for m in register.models_in_span(q.document, q.start, q.end):
            if q.document in frames.get(m.id, ()) and not names_model(q.text, m):
                continue  # a quote from the document the model frames speaks for it when it names it
            quoted[m.id] = quoted.get(m.id, 0.0) + (FIRST_QUOTE_WEIGHT if n == 0 else QUOTE_WEIGHT)
    best = hits[0].score if hits else 0.0
    gap = best - hits[1].score if len(hits) > 1 else 0.0
    described = {h.model.id for h in hits if h.score >= best - DESCRIBED_MARGIN}
    named = {hits[0].model.id} if hits and gap >= NAMED_GAP else set()
    out = [ModelEvidence(register.models[mid], passages.get(mid, 0.0), quoted.get(mid, 0.0), mid in described,
                         mid in named)
           for mid in set(passages) | set(quoted) | described | named]
    return sorted(out, key=lambda e: (-e.score, e.model.id))


def _items_in(chunk, checklist: Checklist) -> int:
    """How many of the checklist's found items begin inside the chunk."""
    return sum(x.found and chunk.document == checklist.document and chunk.start <= x.start < chunk.end
               for x in checklist.items)


def _holds(chunk, checklist: Checklist) -> bool:
    return _items_in(chunk, checklist) > 0


def _in_checklist_passage(index: LoadedIndex, quote: Quote, checklist: Checklist) -> bool:
    return any(c.document == quote.document and c.start < quote.end and quote.start < c.end and _holds(c, checklist)
               for c in index.chunks.values())


def opening_models(register: Register, index: LoadedIndex, ranked: list[Scored], hits: list[ModelHit],
                   checklist: Checklist | None = None) -> list[Model]:
    """The models a model question may open with, before any quote is chosen: every passage counts, a document's
    frame model too ("op welk model is de stroomversneller gebaseerd?" opens with the sentence naming it), and
    MODEL_MIN alone decides. A model the question describes needs no further support here: the sentence naming
    it is what such a question asks for first (`enough` holds only for the models the answer names)."""
    evidence = model_evidence(register, index, ranked, hits, checklist)
    return _chosen(register, [e for e in evidence if e.score >= MODEL_MIN], checklist)


def chosen_models(register: Register, evidence: list[ModelEvidence], checklist: Checklist | None) -> list[Model]:
    """The models an answer names: the checklist's model, then up to MAX_MODELS of the models whose `evidence`
    (`model_evidence`, strongest first, the shown quotes counted) is `enough`. Apart from `model_evidence`, so that
    the answer can print the same evidence it chose by."""
    return _chosen(register, [e for e in evidence if e.enough], checklist)


def _chosen(register: Register, strong: list[ModelEvidence], checklist: Checklist | None) -> list[Model]:
    chosen: list[Model] = []
    if checklist is not None and checklist.model in register.models:
        chosen.append(register.models[checklist.model])
    chosen += [e.model for e in strong[:MAX_MODELS] if e.model not in chosen]
    return chosen


def is_list_question(question: str) -> bool:
    """The question asks what to check, weigh or ask (Dutch and English cues)."""
    return bool(LIST_CUES.search(question))


def kind_match(question: str, checklist: Checklist) -> int:
    """How many of the question's asks (questions, tips, reasons, ...) this list's kind and title answer."""
    target = f"{checklist.kind} {checklist.title}".lower()
    return sum(bool(re.search(q, question, re.I)) and bool(re.search(t, target)) for q, t in KIND_CUES)


def checklist_scores(register: Register, index: LoadedIndex, question: str, ranked: list[Scored],
                     semantic: dict[str, float]) -> dict[str, float]:
    """Every list's fit: `semantic` (ChecklistSearch), its share of items in the best passages, the same for
    its family, and whether it is the kind of list asked for."""
    share: dict[str, float] = {}
    for r, sc in enumerate(ranked[:CHECKLIST_PASSAGES]):
        c = index.chunks[sc.chunk_id]
        for cl in register.checklists_overlapping(c.document, c.start, c.end):
            inside = _items_in(c, cl) / len(cl.items)
            share[cl.id] = share.get(cl.id, 0.0) + inside / (r + 1)
    family: dict[str, float] = {}
    for cid, v in share.items():
        fam = register.checklists[cid].family
        family[fam] = max(family.get(fam, 0.0), v)
    return {cid: semantic.get(cid, 0.0) + share.get(cid, 0.0) + FAMILY_WEIGHT * family.get(cl.family, 0.0)
            + KIND_WEIGHT * kind_match(question, cl) for cid, cl in register.checklists.items()}


def pick_checklist(register: Register, index: LoadedIndex, question: str, ranked: list[Scored],
                   semantic: dict[str, float]) -> Checklist | None:
    """The checklist a list-asking question is about, or None when the question asks for no list or no
    list fits well enough."""
    if not register.checklists or not is_list_question(question):
        return None
    scores = checklist_scores(register, index, question, ranked, semantic)
    best = max(scores, key=scores.get)
    return register.checklists[best] if scores[best] >= CHECKLIST_MIN else None


def checklist_first(index: LoadedIndex, ranked: list[Scored], checklist: Checklist | None) -> list[Scored]:
    """`ranked` with the passage that holds most of the chosen checklist's items (the first in the text on a tie)
    at place CHECKLIST_PLACE or better, as many passages as before: the answer lists that checklist, so the
    sources show where it stands and the quotes may read it (retrieval ranked it 11th, 15th and 37th for
    three dev questions whose list was chosen right). The passages before it keep their places: a question
    that gets a list beside its answer ("welk model …") is answered by them."""
    if checklist is None or not ranked:
        return ranked
    held = {cid: n for cid, c in index.chunks.items()
            if c.document == checklist.document and (n := _items_in(c, checklist))}
    if not held:
        return ranked
    best = max(held, key=lambda cid: (held[cid], -index.chunks[cid].start))
    if best in [s.chunk_id for s in ranked[:CHECKLIST_PLACE]]:
        return ranked
    rest = [s for s in ranked if s.chunk_id != best][: len(ranked) - 1]
    at = min(CHECKLIST_PLACE - 1, len(rest))
    return rest[:at] + [Scored(best, rest[at - 1].score if at else ranked[0].score)] + rest[at:]


def checklist_ref(cl: Checklist) -> ChecklistRef:
    return ChecklistRef(id=cl.id, title=cl.title, document=cl.document, section=cl.section,
                        items=[ChecklistItem(text=i.text, covered=i.found) for i in cl.items])
