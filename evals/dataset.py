"""The answer test set (`evals/questions.yaml`) as typed records."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULT_SET = Path(__file__).resolve().parent / "questions.yaml"
HOLDOUT_SET = DEFAULT_SET.with_name("holdout.yaml")  # the final figure: not tuned on
KINDS = ("factual", "checklist", "model", "comparison", "english", "out_of_scope", "multi_turn", "partial")


@dataclass(frozen=True)
class Part:
    """One part of a question with several parts, with the evidence that answers that part."""

    question: str
    evidence: tuple[str, ...]
    answers: tuple[str, ...] = ()  # the blind key's sentences for this part (see EvalQuestion.answers)


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    kind: str
    question: str
    follow_up: str | None = None
    documents: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # lies in a passage that answers (the passage metrics)
    models: tuple[str, ...] = ()
    checklist: str | None = None
    answer_evidence: tuple[str, ...] = ()  # the sentence(s) a reader wants to see first, where not `evidence`
    parts: tuple[Part, ...] = ()  # a question with several parts, each with its own evidence
    missing: tuple[str, ...] = ()  # kind partial: the terms the documents do not cover
    # Every sentence of the documents that answers the question on its own, keyed blind: by a reader who saw the
    # documents, the question and its evidence, and no answer of the assistant.
    answers: tuple[str, ...] = ()

    @property
    def turns(self) -> list[str]:
        return [self.question] + ([self.follow_up] if self.follow_up else [])

    @property
    def in_scope(self) -> bool:
        """Answerable in full; a partial question is neither in scope nor off-topic."""
        return self.kind not in ("out_of_scope", "partial")

    @property
    def quote_evidence(self) -> tuple[str, ...]:
        """What a shown quote should hold: `answer_evidence` where written, else `evidence`."""
        return self.answer_evidence or self.evidence

    @property
    def answer_key(self) -> tuple[str, ...]:
        """What a quote that answers holds: the blind key's sentences (a question keyed part by part: its
        parts' together) and `quote_evidence`; empty where no key was written."""
        answers = self.answers or tuple(a for p in self.parts for a in p.answers)
        return tuple(dict.fromkeys(answers + self.quote_evidence)) if answers else ()


def _strings(item: dict, key: str) -> tuple[str, ...]:
    return tuple(str(x) for x in item.get(key) or ())


def load_questions(path: Path | None = None) -> list[EvalQuestion]:
    path = Path(path or DEFAULT_SET)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for n, item in enumerate(data, 1):
        missing = {"id", "kind", "question"} - set(item)
        if missing:
            raise ValueError(f"{path.name}: vraag {n} mist {', '.join(sorted(missing))}")
        if item["kind"] not in KINDS:
            raise ValueError(f"{path.name}: vraag {item['id']}: onbekend soort {item['kind']!r}")
        parts = []
        for p in item.get("parts") or ():
            if not isinstance(p, dict) or not p.get("question") or not p.get("evidence"):
                raise ValueError(f"{path.name}: vraag {item['id']}: elk deel heeft 'question' en 'evidence'")
            parts.append(Part(str(p["question"]), _strings(p, "evidence"), _strings(p, "answers")))
        if item["kind"] == "partial" and not item.get("missing"):
            raise ValueError(f"{path.name}: vraag {item['id']}: een gedeeltelijke vraag noemt 'missing'")
        out.append(EvalQuestion(
            id=str(item["id"]), kind=item["kind"], question=item["question"],
            follow_up=item.get("follow_up") or None,
            documents=_strings(item, "documents"), evidence=_strings(item, "evidence"),
            models=_strings(item, "models"), checklist=item.get("checklist") or None,
            answer_evidence=_strings(item, "answer_evidence"), parts=tuple(parts),
            missing=_strings(item, "missing"), answers=_strings(item, "answers")))
    return out
