"""The Quick scan: the documents' self-assessment of five conditions, scored, with advice for the weakest."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assistant.answer import Answer, Quote
from assistant.register import Checklist, Model
from index.words import words

CONDITIONS = ("ambitie", "belangen", "relatie", "organisatie", "proces")
PREFIX = "quick-scan-"
STROOMVERSNELLER = "stroomversneller-"
PASS_MARK = 6  # a cijfer below this is 'onvoldoende'
MAX_WEAK = 2
QUICK_SCAN_MODEL = "quick-scan-samenwerking"


@dataclass(frozen=True)
class Condition:
    key: str           # "ambitie"
    name: str          # "Ambitie"
    checklist_id: str  # "quick-scan-ambitie"
    document: str
    section: str
    questions: list[str]


@dataclass(frozen=True)
class StroomversnellerTheme:
    """The Stroomversneller questions and tips on one theme, matched to a condition."""

    group: str
    similarity: float
    questions: list[str]
    tips: list[str]
    checklist_ids: list[str]


@dataclass
class ConditionAdvice:
    condition: Condition
    score: int
    question: str      # the question asked to the documents
    answer: Answer     # verified quotes
    models: list[Model] = field(default_factory=list)
    themes: list[StroomversnellerTheme] = field(default_factory=list)

    @property
    def best_quote(self) -> Quote | None:
        """The quote shown first: the first of the answer's quotes that names the condition (its word, or a
        word sharing its first six letters: "organiseren" for Organisatie), else the answer's opening."""
        if self.answer.refused or not self.answer.quotes:
            return None
        root = self.condition.name.lower()[:6]
        return next((q for q in self.answer.quotes if any(w.startswith(root) for w in words(q.text))),
                    self.answer.quotes[0])


@dataclass
class ScanResult:
    scores: dict[str, int]           # condition key -> cijfer
    advice: list[ConditionAdvice]    # weakest first

    @property
    def average(self) -> float:
        return sum(self.scores.values()) / len(self.scores) if self.scores else 0.0

    @property
    def weakest(self) -> list[str]:
        return [a.condition.key for a in self.advice]


class QuickScan:
    """Quick scan over an `Assistant`: conditions from the register, advice from all documents."""

    def __init__(self, assistant):
        self.assistant = assistant
        checklists = assistant.register.checklists
        self.conditions = [self._condition(checklists[PREFIX + key]) for key in CONDITIONS
                           if PREFIX + key in checklists]
        self._themes = self._stroomversneller_themes(checklists)
        # Centred embeddings: all these texts are about collaboration, so the shared direction is removed
        # before comparing, which leaves what sets one condition or theme apart from the others.
        self._theme_vectors = self._centred([self._theme_text(t) for t in self._themes])
        vectors = self._centred([" ".join([c.name, *c.questions]) for c in self.conditions])
        self._condition_vectors = {c.key: v for c, v in zip(self.conditions, vectors)}

    @staticmethod
    def _condition(c: Checklist) -> Condition:
        return Condition(key=c.id.removeprefix(PREFIX), name=c.group or c.id.removeprefix(PREFIX).title(),
                         checklist_id=c.id, document=c.document, section=c.section,
                         questions=[i.text for i in c.items])

    @staticmethod
    def _stroomversneller_themes(checklists: dict[str, Checklist]) -> list[StroomversnellerTheme]:
        groups: dict[str, list[Checklist]] = {}
        for c in checklists.values():
            if c.id.startswith(STROOMVERSNELLER):
                groups.setdefault(c.group or c.title, []).append(c)
        return [StroomversnellerTheme(
            group=g, similarity=0.0,
            questions=[i.text for c in cs if c.kind != "tips" for i in c.items],
            tips=[i.text for c in cs if c.kind == "tips" for i in c.items],
            checklist_ids=[c.id for c in cs]) for g, cs in groups.items()]

    @staticmethod
    def _theme_text(t: StroomversnellerTheme) -> str:
        return " ".join([t.group, *t.questions, *t.tips])

    def _centred(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), np.float32)
        v = np.asarray(self.assistant.embedder.encode(texts, False), dtype=np.float32)
        v = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        v = v - v.mean(axis=0) if len(v) > 1 else v
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

    def condition(self, key: str) -> Condition:
        return next(c for c in self.conditions if c.key == key)

    def weakest(self, scores: dict[str, int]) -> list[str]:
        """The lowest-scoring condition(s); others below the pass mark too, at most MAX_WEAK."""
        known = {k: int(v) for k, v in scores.items() if k in {c.key for c in self.conditions}}
        if not known:
            return []
        low = min(known.values())
        order = [k for k in CONDITIONS if k in known]
        ranked = sorted(order, key=lambda k: (known[k], order.index(k)))
        return [k for k in ranked if known[k] == low or known[k] < PASS_MARK][:MAX_WEAK]

    def themes_for(self, condition: Condition, k: int = 2) -> list[StroomversnellerTheme]:
        """The Stroomversneller themes most similar to the condition (centred embedding similarity)."""
        if not self._themes:
            return []
        sims = self._theme_vectors @ self._condition_vectors[condition.key]
        best = np.argsort(-sims)[:k]
        return [StroomversnellerTheme(self._themes[i].group, round(float(sims[i]), 4), self._themes[i].questions,
                                      self._themes[i].tips, self._themes[i].checklist_ids) for i in best]

    @staticmethod
    def advice_question(condition: Condition) -> str:
        """The question put to the documents for a weak condition, written per condition in prompts/app.yaml
        ("Hoe versterken we belangen?" found passages on evaluation in general)."""
        from assistant.texts import ui

        t = ui()["scan"]
        return t["advice_questions"].get(condition.key) or t["advice_question"].format(condition=condition.name.lower())

    def advise(self, scores: dict[str, int]) -> ScanResult:
        """Scores per condition (cijfer 1–10) → advice for the weakest conditions."""
        for key, value in scores.items():
            if not 1 <= int(value) <= 10:
                raise ValueError(f"cijfer voor {key} moet tussen 1 en 10 liggen, niet {value}")
        advice = []
        for key in self.weakest(scores):
            cond = self.condition(key)
            question = self.advice_question(cond)
            answer = self.assistant.ask(question)
            models = self._models(cond, answer)
            advice.append(ConditionAdvice(cond, int(scores[key]), question, answer, models, self.themes_for(cond)))
        return ScanResult({k: int(v) for k, v in scores.items()}, advice)

    def _models(self, cond: Condition, answer: Answer, k: int = 4) -> list[Model]:
        """Register search on the condition first, then models linked to the answer's quotes (not the scan)."""
        reg = self.assistant.register.models
        found = self.assistant.models(" ".join([cond.name, *cond.questions]), k=k)
        out: list[Model] = []
        for m in found[:2] + [reg[r.id] for r in answer.models if r.id in reg] + found[2:]:
            if m.id != QUICK_SCAN_MODEL and m not in out:
                out.append(m)
        return out[:k]
