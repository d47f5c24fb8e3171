"""The evaluation report as an evaluator reads it: a Dutch line per metric, thresholds and verdicts, results per
kind, a drill-down per failed question; columns follow the metrics measured, so a new metric shows up."""
from __future__ import annotations

from types import SimpleNamespace

from evals.dataset import EvalQuestion
from evals.metrics import default_metrics
from evals.report import build, columns, gate, metric_text, table, to_markdown, write
from evals.runner import QuestionResult, RunResult, run

# the lead's new answer metrics (evals/metrics.py), named here so their lines exist before they land
ANSWER_METRICS = ["quote_hit", "first_quote_hit", "quote_answers", "first_quote_answers", "quotes_answering",
                  "quote_form_ok",
                  "parts_answered", "parts_answers_shown", "partial_missing_named", "partial_covered_answered",
                  "partial_covered_answers"]


def _answer(refused: bool = False, quote: str = "Vertrouwen is een belangrijke indicator.") -> dict:
    return {"question": "q", "language": "nl", "answer": "De documenten geven geen antwoord." if refused else "…",
            "refused": refused, "latency_ms": 40.0, "checklist": None, "models": [],
            "quotes": [] if refused else [{"text": quote, "title": "Handreiking", "document": "h"}],
            "sources": [{"document": "h", "rank": 1, "text": quote}]}


def _run() -> RunResult:
    ok = EvalQuestion("q1", "factual", "Hoe bouwen we vertrouwen op?", evidence=("Vertrouwen is",), documents=("h",))
    bad = EvalQuestion("q2", "out_of_scope", "Wat kost een parkeervergunning?")
    r = RunResult("hybrid")
    r.results.append(QuestionResult(ok, _answer(), {"hit@5": 1.0, "new_metric": 0.5, "out_of_scope_refused": None}))
    r.results.append(QuestionResult(bad, _answer(), {"hit@5": None, "new_metric": 1.0, "out_of_scope_refused": 0.0}))
    return r


def test_every_metric_has_a_dutch_line():
    names = [m.name for m in default_metrics({})] + ANSWER_METRICS
    for name in names:
        t = metric_text(name)
        assert t["label"] != name and t["means"] and t["fails"] != name, name
    for name in ("n", "latency_p50_ms", "latency_p95_ms"):
        assert metric_text(name)["label"] != name


def test_columns_follow_the_metrics_measured():
    r = _run()
    assert columns(r) == ["n", "hit@5", "new_metric", "out_of_scope_refused", "latency_p50_ms", "latency_p95_ms"]
    printed = table(r)
    assert printed.splitlines()[0].startswith("| set ") and "new_metric" in printed and "| out_of_scope" in printed
    report = build(r, {"hit@5": 0.9, "out_of_scope_refused": 0.9})
    assert "| new\\_metric (new\\_metric) |" in to_markdown(report, [])  # shown without a line in eval.yaml


def test_report_gives_verdicts_kinds_and_failures(tmp_path):
    report = build(_run(), {"hit@5": 0.9, "out_of_scope_refused": 0.9}, "set.yaml")
    verdicts = {m.name: m.verdict for m in report.metrics}
    assert verdicts["hit@5"] == "✓ gehaald" and verdicts["out_of_scope_refused"] == "✗ niet gehaald"
    assert verdicts["new_metric"] == ""  # no threshold: no verdict
    assert "1 van de 2 drempels niet gehaald" in report.summary()
    head, rows = report.per_kind()
    assert head == ["Maatstaf", "alle vragen (2)", "feitelijk (1)", "buiten de documenten (1)"]
    assert dict(rows)["Buiten de documenten geweigerd"] == ["0%", "–", "0%"]
    [failure] = [f for f in report.failures if f.id == "q2"]
    assert any("weigering" in x for x in failure.expected)
    assert any("Vertrouwen is een belangrijke indicator." in x for x in failure.shown)
    assert failure.why == ["De documenten gaan hier niet over, maar het antwoord gaf toch citaten. "
                           "(Buiten de documenten geweigerd: 0%)"]
    paths = write(report, tmp_path)
    md = paths["md"].read_text(encoding="utf-8")
    assert "## Mislukte vragen" in md and "### q2 · buiten de documenten" in md and "✗ niet gehaald" in md
    assert "Evaluatie Samenwerkwijzer (hybride zoeken)" in md and "(hybrid)" not in md
    assert paths["plot"].stat().st_size > 10_000 and paths["json"].exists()


def test_gate_is_unchanged():
    assert gate(_run(), {"hit@5": 0.9, "out_of_scope_refused": 0.9}) == ["out_of_scope_refused = 0.000 < 0.9"]


class _Stub:
    """An assistant answering every question the same, for the runner's progress."""

    index = SimpleNamespace(docs={})

    def ask(self, question, history=None):
        return SimpleNamespace(to_dict=lambda: _answer(), generated="", latency_ms=1.0)


def test_runner_reports_progress_after_each_question():
    questions = [EvalQuestion(f"q{i}", "factual", f"vraag {i}") for i in range(3)]
    seen = []
    run(_Stub(), questions, [], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
