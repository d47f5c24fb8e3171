"""The answer test set (`evals/questions.yaml`) as typed records."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULT_SET = Path(__file__).resolve().parent / "questions.yaml"
KINDS = ("factual", "checklist", "model", "comparison", "english", "out_of_scope", "multi_turn")


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    kind: str
    question: str
    follow_up: str | None = None
    documents: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    checklist: str | None = None

    @property
    def turns(self) -> list[str]:
        return [self.question] + ([self.follow_up] if self.follow_up else [])

    @property
    def in_scope(self) -> bool:
        return self.kind != "out_of_scope"


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
        out.append(EvalQuestion(
            id=str(item["id"]), kind=item["kind"], question=item["question"],
            follow_up=item.get("follow_up") or None,
            documents=tuple(item.get("documents") or ()), evidence=tuple(item.get("evidence") or ()),
            models=tuple(item.get("models") or ()), checklist=item.get("checklist") or None))
    return out
