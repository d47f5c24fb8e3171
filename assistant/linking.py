"""Link an answer to the register: the models its passages name, and the checklist it asks for."""
from __future__ import annotations

import re

from assistant.answer import ChecklistItem, ChecklistRef, ModelRef, Quote
from assistant.index import LoadedIndex
from assistant.model_search import ModelHit
from assistant.register import Checklist, Model, Register
from assistant.retrieve import Scored

MODEL_QUERY_MIN = 0.90  # a question matching a model this well names it
LIST_WORDS = re.compile(
    r"\b(vragen|checklist|lijst|tips|aandachtspunten|overwegingen|aanbevelingen|adviezen|punten|"
    r"stappen|criteria|drijvende krachten|redenen|kenmerken|dilemma'?s|quick ?scan|waar (?:moeten|letten|let)"
    r"|questions|tips|checklist|considerations|recommendations|list|steps|criteria|reasons|features)\b", re.I)


def model_ref(model: Model, quotes: list[Quote]) -> ModelRef:
    where = next((x for x in model.mentions for q in quotes if x.document == q.document and x.found), None)
    where = where or model.home
    return ModelRef(id=model.id, name=model.name, authors=model.authors, year=model.year,
                    document=where.document if where else "", section=where.section if where else "")


def link_models(register: Register, index: LoadedIndex, quotes: list[Quote], hits: list[ModelHit],
                ) -> list[Model]:
    """Models the quoted passages belong to or mention, and a model the question names outright."""
    chosen: dict[str, Model] = {}
    if hits and hits[0].score >= MODEL_QUERY_MIN:
        chosen[hits[0].model.id] = hits[0].model
    for q in quotes:
        for m in register.models_in_span(q.document, q.start, q.end):
            chosen.setdefault(m.id, m)
    return list(chosen.values())


def is_list_question(question: str) -> bool:
    return bool(LIST_WORDS.search(question))


def pick_checklist(register: Register, index: LoadedIndex, question: str, ranked: list[Scored],
                   top: int = 3) -> Checklist | None:
    """The checklist whose items the best passages hold, when the question asks for a list."""
    if not register.checklists or not is_list_question(question):
        return None
    q = question.lower()
    scores: dict[str, float] = {}
    for r, sc in enumerate(ranked[:top]):
        c = index.chunks[sc.chunk_id]
        for cl in register.checklists_overlapping(c.document, c.start, c.end):
            scores[cl.id] = scores.get(cl.id, 0.0) + 1.0 / (r + 1)
    for cid in scores:
        cl = register.checklists[cid]
        if cl.group and cl.group.lower() in q:
            scores[cid] += 1.0
        if cl.kind in q or (cl.kind == "questions" and "vragen" in q) or (cl.kind == "tips" and "tips" in q):
            scores[cid] += 0.5
    if not scores:
        return None
    return register.checklists[max(scores, key=scores.get)]


def checklist_ref(cl: Checklist) -> ChecklistRef:
    return ChecklistRef(id=cl.id, title=cl.title, document=cl.document, section=cl.section,
                        items=[ChecklistItem(text=i.text, covered=i.found) for i in cl.items])
