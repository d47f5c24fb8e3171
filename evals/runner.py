"""Run the test set through an Assistant and aggregate the metrics, overall and per kind."""
from __future__ import annotations

from dataclasses import dataclass, field

from evals.dataset import EvalQuestion
from evals.metrics import percentile


@dataclass
class QuestionResult:
    question: EvalQuestion
    answer: dict  # the final turn's answer object
    scores: dict[str, float | None]

    @property
    def failed(self) -> list[str]:
        return [name for name, v in self.scores.items() if v is not None and v < 1.0
                and name not in ("mrr", "hit@1", "model_precision")]


@dataclass
class RunResult:
    label: str
    results: list[QuestionResult] = field(default_factory=list)

    def aggregate(self, kind: str | None = None) -> dict[str, float | None]:
        rows = [r for r in self.results if kind is None or r.question.kind == kind]
        names = list(rows[0].scores) if rows else []
        out: dict[str, float | None] = {}
        for name in names:
            vals = [r.scores[name] for r in rows if r.scores[name] is not None]
            out[name] = sum(vals) / len(vals) if vals else None
        lat = [r.answer.get("latency_ms", 0.0) for r in rows]
        out["latency_p50_ms"] = percentile(lat, 50)
        out["latency_p95_ms"] = percentile(lat, 95)
        out["n"] = len(rows)
        return out

    def kinds(self) -> list[str]:
        seen: list[str] = []
        for r in self.results:
            if r.question.kind not in seen:
                seen.append(r.question.kind)
        return seen


def run(assistant, questions: list[EvalQuestion], metrics: list, label: str = "hybrid") -> RunResult:
    docs = {doc_id: d.text for doc_id, d in assistant.index.docs.items()}
    result = RunResult(label)
    for q in questions:
        history = []
        for turn in q.turns:
            history.append(assistant.ask(turn, history=history))
        answer = history[-1].to_dict()
        answer["latency_ms"] = sum(a.latency_ms or 0.0 for a in history) / len(history)
        scores = {m.name: m.score(q, answer, docs) for m in metrics}
        result.results.append(QuestionResult(q, answer, scores))
    return result
