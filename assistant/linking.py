"""Link an answer to the register: the models its passages name, and the checklist it asks for."""
from __future__ import annotations

import re

from assistant.answer import ChecklistItem, ChecklistRef, ModelRef, Quote
from assistant.index import LoadedIndex
from assistant.model_search import ModelHit
from assistant.register import Checklist, Model, Register
from assistant.retrieve import Scored

MODEL_QUERY_MIN = 0.90  # a question matching a model this well names it
MODEL_CHUNKS = 2  # models mentioned in this many top passages are linked
SEMANTIC_WEIGHT = 10.0  # per unit of cosine below the best-matching checklist
LIST_WORDS = re.compile(
    r"\b(vragen|checklist|lijst|tips|aandachtspunten|overwegingen|aanbevelingen|adviezen|punten|"
    r"stappen|criteria|drijvende krachten|redenen|kenmerken|dilemma'?s|afwegingen|quick ?scan|"
    r"waar (?:moeten|letten|let|houden)|rekening (?:mee )?houden|waaraan herken|"
    r"check\w*|toets\w*|evalu\w+|beoordel\w*|nagaan|doorlicht\w*|"
    r"questions|checklist|considerations|recommendations|list|steps|criteria|reasons|features|check\w*)\b",
    re.I)


def model_ref(model: Model, quotes: list[Quote]) -> ModelRef:
    where = next((x for x in model.mentions for q in quotes if x.document == q.document and x.found), None)
    where = where or model.home
    return ModelRef(id=model.id, name=model.name, authors=model.authors, year=model.year,
                    document=where.document if where else "", section=where.section if where else "")


def link_models(register: Register, index: LoadedIndex, ranked: list[Scored], quotes: list[Quote],
                hits: list[ModelHit], checklist: Checklist | None = None, top: int = MODEL_CHUNKS) -> list[Model]:
    """Models the best passages and the quotes belong to, the checklist's model, and a model the
    question names outright; each found in the register, never guessed."""
    chosen: dict[str, Model] = {}
    if hits and hits[0].score >= MODEL_QUERY_MIN:
        chosen[hits[0].model.id] = hits[0].model
    if checklist is not None and checklist.model in register.models:
        chosen.setdefault(checklist.model, register.models[checklist.model])
    spans = [(index.chunks[s.chunk_id].document, index.chunks[s.chunk_id].start, index.chunks[s.chunk_id].end)
             for s in ranked[:top]] + [(q.document, q.start, q.end) for q in quotes]
    for document, start, end in spans:
        for m in register.models_in_span(document, start, end):
            chosen.setdefault(m.id, m)
    return list(chosen.values())


def is_list_question(question: str) -> bool:
    return bool(LIST_WORDS.search(question))


def pick_checklist(register: Register, index: LoadedIndex, question: str, ranked: list[Scored],
                   semantic: dict[str, float], top: int = 3) -> Checklist | None:
    """The checklist a list-asking question is about: its items lie in the best passages and
    resemble the question (`semantic`: checklist id -> similarity of its best items)."""
    if not register.checklists or not is_list_question(question):
        return None
    q = question.lower()
    best = max(semantic.values(), default=0.0)
    scores = {cid: SEMANTIC_WEIGHT * (sim - best) for cid, sim in semantic.items()}
    for r, sc in enumerate(ranked[:top]):
        c = index.chunks[sc.chunk_id]
        for cl in register.checklists_overlapping(c.document, c.start, c.end):
            inside = sum(x.found and c.start <= x.start < c.end for x in cl.items) / len(cl.items)
            scores[cl.id] = scores.get(cl.id, 0.0) + inside / (r + 1)
    for cid in scores:
        cl = register.checklists[cid]
        if cl.group and cl.group.lower() in q:
            scores[cid] += 1.0
        if (cl.kind == "questions" and "vragen" in q) or (cl.kind == "tips" and "tips" in q):
            scores[cid] += 0.5
    if not scores:
        return None
    return register.checklists[max(scores, key=scores.get)]


def checklist_ref(cl: Checklist) -> ChecklistRef:
    return ChecklistRef(id=cl.id, title=cl.title, document=cl.document, section=cl.section,
                        items=[ChecklistItem(text=i.text, covered=i.found) for i in cl.items])
