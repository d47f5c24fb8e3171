"""Run the test set through an Assistant and aggregate the metrics, overall and per kind."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from evals.dataset import EvalQuestion
from evals.metrics import default_metrics, percentile
from index.roles import title_key


@dataclass
class QuestionResult:
    question: EvalQuestion
    answer: dict  # the final turn's answer object
    scores: dict[str, float | None]
    weights: dict[str, float] = field(default_factory=dict)  # a pooled metric's weight (default 1)

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
            pairs = [(r.scores[name], r.weights.get(name, 1.0)) for r in rows if r.scores[name] is not None]
            total = sum(w for _, w in pairs)
            out[name] = sum(v * w for v, w in pairs) / total if total else None
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


Progress = Callable[[int, int], None]  # (questions done, questions in all), after each question


def headings(index) -> dict[str, set[str]]:
    """Per document, its heading texts (normalised to letters and digits), for the quote-form metric."""
    return {d: {title_key(doc.text[b.start:b.end]) for b in doc.blocks if b.kind == "heading"}
            for d, doc in index.docs.items()}


def run(assistant, questions: list[EvalQuestion], metrics: list, label: str = "hybrid",
        progress: Progress | None = None) -> RunResult:
    docs = assistant.index.docs
    result = RunResult(label)
    for done, q in enumerate(questions, 1):
        history = []
        for turn in q.turns:
            history.append(assistant.ask(turn, history=history))
        answer = history[-1].to_dict()
        answer["generated"] = history[-1].generated  # for the LLM judge; not part of the answer contract
        answer["latency_ms"] = sum(a.latency_ms or 0.0 for a in history) / len(history)
        scores = {m.name: m.score(q, answer, docs) for m in metrics}
        weights = {m.name: m.weight(q, answer) for m in metrics if hasattr(m, "weight")}
        result.results.append(QuestionResult(q, answer, scores, weights))
        if progress is not None:
            progress(done, len(questions))
    return result


@dataclass
class Evaluation:
    """One evaluation: the extractive hybrid run (the gate), the runs beside it, the LLM judge's verdict."""

    main: RunResult
    compared: list[RunResult]
    judged: object | None = None


def index_label(assistant) -> str:
    """A run's column name when indexes are compared: the index folder and how it was built."""
    built = "met" if assistant.index.manifest.reader_questions else "zonder"
    return f"{assistant.index.root.name} ({built} lezersvragen)"


def evaluate(assistant, questions: list[EvalQuestion], compare: bool = False, with_llm: bool = True,
             progress: Progress | None = None, beside: tuple = ()) -> Evaluation:
    """Run the set through the extractive hybrid pipeline; with `compare` also dense-only, BM25-only and
    the hybrid signals under reciprocal rank fusion (the reference z-score fusion is measured against);
    with `beside` (Assistants over other indexes) the same pipeline on each, so that two indexes of
    one corpus, e.g. with and without the reader questions, are read side by side; when an LLM is
    configured (and `with_llm`), also the LLM pipeline, judged for faithfulness.
    `progress` follows the main run (the app's progress bar)."""
    extractive = assistant.without_llm()
    metrics = default_metrics({cid: [i.text for i in c.items] for cid, c in assistant.register.checklists.items()},
                              headings(assistant.index))
    main = run(extractive, questions, metrics, index_label(assistant) if beside else "hybrid", progress)
    compared = [run(extractive.with_mode(m), questions, metrics, m) for m in ("dense", "bm25")] if compare else []
    if compare:
        compared.append(run(extractive.with_mode("hybrid", fusion="rrf"), questions, metrics, "hybrid (rrf)"))
    compared.append(main)
    compared += [run(other.without_llm(), questions, metrics, index_label(other)) for other in beside]
    judged = None
    if with_llm and assistant.llm is not None:
        from evals.judge import judge_run

        llm_run = run(assistant, questions, metrics, "llm")
        judged = judge_run(assistant.llm, llm_run)
        compared.append(llm_run)
    return Evaluation(main, compared, judged)
