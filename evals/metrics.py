"""Deterministic answer metrics, one small class each (no LLM judge).

Each metric looks at one question and its final answer and returns a score in
[0, 1], or None when it does not apply to that question; `aggregate` averages
the scores that apply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.verify import verify_span
from evals.dataset import EvalQuestion


def normalise(text: str) -> str:
    """Whitespace and line-end hyphenation folded; nothing more."""
    text = re.sub(r"(?<=[^\W\d_])-\s*\n\s*(?=[a-z])", "", text)
    return " ".join(text.split())


def first_hit_rank(q: EvalQuestion, answer: dict) -> int | None:
    ev = [normalise(e) for e in q.evidence]
    for s in answer["sources"]:
        body = normalise(s["text"])
        if any(e in body for e in ev):
            return s["rank"]
    return None


@dataclass(frozen=True)
class HitAtK:
    k: int = 5
    @property
    def name(self) -> str:
        return f"hit@{self.k}"

    def score(self, q: EvalQuestion, answer: dict, docs: dict) -> float | None:
        if not q.evidence:
            return None
        r = first_hit_rank(q, answer)
        return float(r is not None and r <= self.k)


@dataclass(frozen=True)
class MRR:
    name: str = "mrr"

    def score(self, q, answer, docs):
        if not q.evidence:
            return None
        r = first_hit_rank(q, answer)
        return 1.0 / r if r else 0.0


@dataclass(frozen=True)
class EvidenceRecall:
    k: int = 5
    @property
    def name(self) -> str:
        return f"evidence_recall@{self.k}"

    def score(self, q, answer, docs):
        if not q.evidence:
            return None
        bodies = [normalise(s["text"]) for s in answer["sources"][: self.k]]
        return sum(any(normalise(e) in b for b in bodies) for e in q.evidence) / len(q.evidence)


@dataclass(frozen=True)
class SourceAccuracy:
    """The top-ranked passage comes from a document that answers the question."""
    name: str = "source_accuracy"

    def score(self, q, answer, docs):
        if not q.documents or not answer["sources"]:
            return None if not q.documents else 0.0
        return float(answer["sources"][0]["document"] in q.documents)


@dataclass(frozen=True)
class QuoteVerification:
    """Share of quotes marked verified that pass the assistant's own check again (assistant/verify.py):
    the cleaned text at [start, end) and, through the offset map, the unchanged raw source file.
    `docs` are the index's documents (LoadedIndex.docs)."""
    name: str = "quote_verification"

    def score(self, q, answer, docs):
        if not answer["quotes"]:
            return None
        ok = sum(x["verified"] and x["document"] in docs
                 and verify_span(docs[x["document"]], x["start"], x["end"], x["text"]).ok
                 for x in answer["quotes"])
        return ok / len(answer["quotes"])


@dataclass(frozen=True)
class ModelRecall:
    name: str = "model_recall"

    def score(self, q, answer, docs):
        if not q.models:
            return None
        got = {m["id"] for m in answer["models"]}
        return len(set(q.models) & got) / len(q.models)


@dataclass(frozen=True)
class ModelPrecision:
    """Of the models an answer names, the share that were expected (questions with expected models)."""
    name: str = "model_precision"

    def score(self, q, answer, docs):
        got = {m["id"] for m in answer["models"]}
        if not q.models or not got:
            return None
        return len(set(q.models) & got) / len(got)


@dataclass(frozen=True)
class ChecklistCoverage:
    """Share of the expected checklist's items that the answer gives."""
    checklists: dict  # id -> list of item texts
    name: str = "checklist_coverage"

    def score(self, q, answer, docs):
        if not q.checklist:
            return None
        items = self.checklists.get(q.checklist, [])
        if not items:
            return 0.0
        body = normalise(answer["answer"])
        return sum(normalise(i) in body for i in items) / len(items)


@dataclass(frozen=True)
class OutOfScopeRefused:
    name: str = "out_of_scope_refused"

    def score(self, q, answer, docs):
        return float(answer["refused"]) if q.kind == "out_of_scope" else None


@dataclass(frozen=True)
class InScopeAnswered:
    name: str = "in_scope_answered"

    def score(self, q, answer, docs):
        return float(not answer["refused"]) if q.in_scope else None


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    idx = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[idx]


def default_metrics(checklists: dict) -> list:
    return [HitAtK(1), HitAtK(5), MRR(), EvidenceRecall(5), SourceAccuracy(), QuoteVerification(),
            ModelRecall(), ModelPrecision(), ChecklistCoverage(checklists), OutOfScopeRefused(),
            InScopeAnswered()]
