"""Deterministic answer metrics, one small class each (no LLM judge).

Each metric looks at one question and its final answer and returns a score in
[0, 1], or None when it does not apply to that question; `aggregate` averages
the scores that apply, each weighted by the metric's `weight` (1 unless a metric
pools over quotes or parts).

The answer-level metrics measure what the reader reads: the quotes shown, in
their order. A quote "holds" an evidence string when it holds at least half of
its content words (index/words.py: stop words dropped, BM25's stemmer).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.verify import verify_span
from evals.dataset import EvalQuestion
from index.roles import is_reference, title_key
from index.words import content_stems, share_held

HOLDS_SHARE = 0.5  # a quote holds an evidence string when it has this share of the string's content words
MIN_QUOTE_WORDS = 6  # a shown quote of fewer words is a fragment
_ASKS_QUESTIONS = re.compile(r"\b(vragen|vragenlijst|checklist|questions|check ?list|quick ?scan)\b", re.I)


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


@dataclass(frozen=True)
class InScopeWhole:
    """In-scope questions answered in full: neither refused nor told that a part lies outside the documents
    (a `partial` scope on a question the documents answer whole is a wrong "De documenten gaan niet over …")."""
    name: str = "in_scope_whole"

    def score(self, q, answer, docs):
        if not q.in_scope:
            return None
        return float(not answer["refused"] and (answer.get("scope") or {}).get("status") != "partial")


def holds(quote: str, evidence: str) -> bool:
    return share_held(evidence, quote) >= HOLDS_SHARE


def _shown(answer: dict) -> list[str]:
    return [x["text"] for x in answer["quotes"]] if not answer["refused"] else []


def _verified(answer: dict) -> list[str]:
    return [x["text"] for x in answer["quotes"] if x["verified"]] if not answer["refused"] else []


def _held(quotes: list[str], evidence: tuple[str, ...]) -> float:
    """1.0 when one of `quotes` holds one of the evidence strings."""
    return float(any(holds(x, e) for x in quotes for e in evidence))


@dataclass(frozen=True)
class QuoteHit:
    """A shown quote holds an evidence string (in-scope questions; a refusal shows none)."""
    name: str = "quote_hit"

    def evidence(self, q) -> tuple[str, ...]:
        return q.quote_evidence

    def quotes(self, answer: dict) -> list[str]:
        return _shown(answer)

    def score(self, q, answer, docs):
        evidence = self.evidence(q)
        if not q.in_scope or not evidence:
            return None
        return _held(self.quotes(answer), evidence)


@dataclass(frozen=True)
class FirstQuoteHit(QuoteHit):
    """The first quote, the one read first, holds an evidence string."""
    name: str = "first_quote_hit"

    def quotes(self, answer: dict) -> list[str]:
        return _shown(answer)[:1]


@dataclass(frozen=True)
class QuoteAnswers(QuoteHit):
    """A shown quote holds a sentence of the blind answer key (in-scope questions with a key): quote hit
    against every sentence that answers, not the one the set's author happened to mark."""
    name: str = "quote_answers"

    def evidence(self, q) -> tuple[str, ...]:
        return q.answer_key


@dataclass(frozen=True)
class FirstQuoteAnswers(FirstQuoteHit):
    """The first quote holds a sentence of the blind answer key."""
    name: str = "first_quote_answers"

    def evidence(self, q) -> tuple[str, ...]:
        return q.answer_key


@dataclass(frozen=True)
class QuotesAnswering:
    """Share of all shown quotes, pooled over the in-scope answers with a blind key, that hold a sentence of the
    key: how much of what a reader reads answers the question (the supporting quotes as well as the first)."""
    name: str = "quotes_answering"

    def score(self, q, answer, docs):
        key, shown = q.answer_key, _shown(answer)
        if not q.in_scope or not key or not shown:
            return None
        return sum(any(holds(x, e) for e in key) for x in shown) / len(shown)

    def weight(self, q, answer) -> int:
        return len(_shown(answer))


def quote_form_problem(text: str, headings: set[str], asked_questions: bool) -> str | None:
    """Why a shown quote is not an answer's form, or None: heading, bare question, dangling lead-in,
    literature reference, fragment."""
    t = " ".join(text.split())
    if title_key(t) in headings:
        return "heading"
    if len(t.split()) < MIN_QUOTE_WORDS:
        return "fragment"
    if t.endswith(":"):
        return "lead-in"
    if is_reference(t):
        return "reference"
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", t) if s]
    if not asked_questions and sentences and all(s.endswith("?") for s in sentences):
        return "bare question"
    return None


@dataclass(frozen=True)
class QuoteFormOk:
    """Share of all shown quotes, pooled over the set, that have an answer's form (see quote_form_problem)."""
    headings: dict = field(default_factory=dict)  # document id -> normalised heading texts
    name: str = "quote_form_ok"

    def score(self, q, answer, docs):
        quotes = answer["quotes"] if not answer["refused"] else []
        if not quotes:
            return None
        asked = q.kind == "checklist" or bool(_ASKS_QUESTIONS.search(" ".join(q.turns)))
        bad = sum(quote_form_problem(x["text"], self.headings.get(x["document"], set()), asked) is not None
                  for x in quotes)
        return 1.0 - bad / len(quotes)

    def weight(self, q, answer) -> int:
        return len(answer["quotes"]) if not answer["refused"] else 0


@dataclass(frozen=True)
class PartsAnswered:
    """For questions with several parts: the share of parts whose own evidence a shown quote holds."""
    name: str = "parts_answered"

    def evidence(self, q) -> list[tuple[str, ...]]:
        """Per part, what a quote that answers it holds (no parts: empty, the metric does not apply)."""
        return [p.evidence for p in q.parts]

    def score(self, q, answer, docs):
        per_part = self.evidence(q)
        if not per_part:
            return None
        shown = _shown(answer)
        return sum(_held(shown, e) for e in per_part) / len(per_part)

    def weight(self, q, answer) -> int:
        return len(q.parts)


@dataclass(frozen=True)
class PartsAnswersShown(PartsAnswered):
    """For questions with several parts and a blind key: the share of parts for which a shown quote holds a
    sentence of the part's key (or its evidence)."""
    name: str = "parts_answers_shown"

    def evidence(self, q) -> list[tuple[str, ...]]:
        return [p.answers + p.evidence for p in q.parts] if any(p.answers for p in q.parts) else []


def _named(term: str, answer: dict) -> bool:
    """A missing term is named when it, its stem or a stem of its parts is in scope.missing or the text."""
    said = " ".join((answer.get("scope") or {}).get("missing", [])) + " " + answer["answer"]
    have = content_stems(said)
    want = content_stems(term)
    return bool(want) and (want <= have or any(w in h or h in w for w in want for h in have if len(h) >= 4))


@dataclass(frozen=True)
class PartialMissingNamed:
    """Partly covered questions: every expected missing term is named in scope.missing or the answer."""
    name: str = "partial_missing_named"

    def score(self, q, answer, docs):
        if q.kind != "partial":
            return None
        return float(all(_named(t, answer) for t in q.missing))


@dataclass(frozen=True)
class PartialCoveredAnswered:
    """Partly covered questions: a shown, verified quote holds the covered half's evidence."""
    name: str = "partial_covered_answered"

    def evidence(self, q) -> tuple[str, ...] | None:
        """What the covered half's quote holds; None: the metric does not apply."""
        return q.quote_evidence

    def score(self, q, answer, docs):
        evidence = self.evidence(q)
        if q.kind != "partial" or evidence is None:
            return None
        return _held(_verified(answer), evidence)


@dataclass(frozen=True)
class PartialCoveredAnswers(PartialCoveredAnswered):
    """Partly covered questions with a blind key: a shown, verified quote holds a key sentence of the
    covered half."""
    name: str = "partial_covered_answers"

    def evidence(self, q) -> tuple[str, ...] | None:
        return q.answer_key or None


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    idx = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[idx]


def default_metrics(checklists: dict, headings: dict | None = None) -> list:
    return [HitAtK(1), HitAtK(5), MRR(), EvidenceRecall(5), SourceAccuracy(), QuoteVerification(),
            QuoteHit(), FirstQuoteHit(), QuoteAnswers(), FirstQuoteAnswers(), QuotesAnswering(),
            QuoteFormOk(headings or {}),
            PartsAnswered(), PartsAnswersShown(),
            ModelRecall(), ModelPrecision(), ChecklistCoverage(checklists), OutOfScopeRefused(),
            InScopeAnswered(), InScopeWhole(), PartialMissingNamed(), PartialCoveredAnswered(),
            PartialCoveredAnswers()]
