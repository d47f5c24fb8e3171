"""The evaluation report: a printed table, report.json, report.md and PNG plots; the threshold gate.

The report an evaluator reads is built once (`build`) and rendered twice: as report.md here and as HTML in
the app's Evaluatie tab (interfaces/app/views.py). Its metrics are whatever the run measured (the metric list
of evals/metrics.py), each with its line from prompts/eval.yaml and its threshold from thresholds.yaml.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.markup import md_text
from assistant.texts import eval_texts
from evals.runner import RunResult

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.yaml"
SHOWN_QUOTES = 2  # per failed question, the first quotes the answer showed
SHOWN_CHARS = 300


def columns(run: RunResult) -> list[str]:
    """The aggregate's keys: n, then every metric in the order the run measured them, then latency."""
    keys = list(run.aggregate())
    return ["n"] + [k for k in keys if k != "n"]


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, int):
        return str(v)
    return f"{v:.0f}" if v > 1.5 else f"{v:.3f}"


def table(run: RunResult) -> str:
    cols = columns(run)
    rows = [["overall"] + [_fmt(run.aggregate().get(c)) for c in cols]]
    for kind in run.kinds():
        agg = run.aggregate(kind)
        rows.append([kind] + [_fmt(agg.get(c)) for c in cols])
    return _grid(["set"] + cols, rows)


def compare_table(runs: list[RunResult]) -> str:
    metrics = [c for c in columns(runs[0]) if c != "n"]
    head = ["metric"] + [r.label for r in runs]
    rows = [[m] + [_fmt(r.aggregate().get(m)) for r in runs] for m in metrics]
    return _grid(head, rows)


def _grid(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def load_thresholds(path: Path | None = None) -> dict[str, float]:
    path = Path(path or THRESHOLDS)
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


def _lower_is_better(name: str) -> bool:
    return name.startswith("latency")


def _passes(name: str, value: float, bound: float) -> bool:
    return value <= bound if _lower_is_better(name) else value >= bound


def gate(run: RunResult, thresholds: dict[str, float]) -> list[str]:
    """Metrics below their threshold (latencies: above), as readable lines."""
    agg = run.aggregate()
    problems = []
    for name, bound in thresholds.items():
        value = agg.get(name)
        if value is None or _passes(name, value, bound):
            continue
        problems.append(f"{name} = {value:.0f} ms > {bound} ms" if _lower_is_better(name)
                        else f"{name} = {value:.3f} < {bound}")
    return problems


# ---------------------------------------------------------------- the evaluator's report

@dataclass(frozen=True)
class MetricLine:
    name: str
    label: str
    means: str
    value: float | int | None
    threshold: float | None
    passed: bool | None  # None: no threshold, or the metric did not apply

    @property
    def shown(self) -> str:
        return value_text(self.name, self.value)

    @property
    def bound(self) -> str:
        if self.threshold is None:
            return eval_texts()["report"]["no_threshold"]
        return ("≤ " if _lower_is_better(self.name) else "≥ ") + value_text(self.name, self.threshold)

    @property
    def verdict(self) -> str:
        r = eval_texts()["report"]
        if self.passed is None:  # no threshold: no verdict; a gated metric this set does not measure says so
            return r["not_measured"] if self.threshold is not None and self.value is None else ""
        return r["pass"] if self.passed else r["fail"]


@dataclass(frozen=True)
class Failure:
    """One failed question: what it asked, what was expected, what the answer showed, and why it failed."""

    id: str
    kind: str
    question: str
    follow_up: str | None
    expected: list[str]
    shown: list[str]
    why: list[str]


@dataclass
class Report:
    run: RunResult
    source: str  # the question set's file name
    metrics: list[MetricLine]
    kinds: list[tuple[str, str]]  # (kind, Dutch label) in the order of the set
    failures: list[Failure]
    compared: list[RunResult] = field(default_factory=list)

    @property
    def failed_gates(self) -> list[MetricLine]:
        return [m for m in self.metrics if m.passed is False]

    @property
    def gated(self) -> list[MetricLine]:
        return [m for m in self.metrics if m.passed is not None]

    def title(self) -> str:
        return eval_texts()["report"]["title"].format(label=run_label(self.run.label))

    def summary(self) -> str:
        r = eval_texts()["report"]
        failed = self.failed_gates
        verdict = (r["some_fail"].format(failed=len(failed), gated=len(self.gated),
                                         names=", ".join(m.label for m in failed))
                   if failed else r["all_pass"].format(gated=len(self.gated)))
        return r["summary"].format(n=len(self.run.results), set=self.source, verdict=verdict)

    def per_kind(self) -> tuple[list[str], list[tuple[str, list[str]]]]:
        """Header (metric label, overall, each kind with its n) and one row per metric, as text."""
        t = eval_texts()
        groups = [("overall", None)] + [(k, k) for k, _ in self.kinds]
        aggs = [self.run.aggregate(k) for _, k in groups]
        head = [t["report"]["per_kind_metric"]] + [f"{kind_label(name)} ({a['n']})"
                                                    for (name, _), a in zip(groups, aggs)]
        rows = [(m.label, [value_text(m.name, a.get(m.name)) for a in aggs]) for m in self.metrics]
        return head, rows


def metric_text(name: str) -> dict:
    """Label, meaning and failure line of a metric; a metric not in prompts/eval.yaml under its own name."""
    return {"label": name, "means": "", "fails": name, **eval_texts()["metrics"].get(name, {})}


def kind_label(kind: str) -> str:
    return eval_texts()["kinds"].get(kind, kind)


def run_label(label: str) -> str:
    return eval_texts()["runs"].get(label, label)


def value_text(name: str, value) -> str:
    if value is None:
        return "–"
    if name == "n":
        return str(value)
    if _lower_is_better(name):
        return f"{value:.0f} ms"
    return f"{value * 100:.1f}%".replace(".0%", "%")


def build(run: RunResult, thresholds: dict[str, float], source: str = "questions.yaml",
          compared: list[RunResult] | None = None) -> Report:
    agg = run.aggregate()
    metrics = []
    for name in columns(run):
        if name == "n":
            continue
        t, bound, value = metric_text(name), thresholds.get(name), agg.get(name)
        passed = None if bound is None or value is None else _passes(name, value, bound)
        metrics.append(MetricLine(name, t["label"], t["means"], value, bound, passed))
    kinds = [(k, kind_label(k)) for k in run.kinds()]
    failures = [_failure(r) for r in run.results if r.failed]
    return Report(run, source, metrics, kinds, failures, list(compared or []))


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS].rsplit(" ", 1)[0] + " …"


def _failure(r) -> Failure:
    t = eval_texts()["report"]
    q, a = r.question, r.answer
    expected = [f"{t['expected_evidence']}: “{_clip(e)}”" for e in q.quote_evidence or q.evidence]
    if q.kind == "out_of_scope":
        expected.append(t["expected_refusal"])
    for key, values in (("expected_documents", q.documents), ("expected_models", q.models),
                        ("expected_missing", q.missing)):
        if values:
            expected.append(f"{t[key]}: {', '.join(values)}")
    if q.checklist:
        expected.append(f"{t['expected_checklist']}: {q.checklist}")
    shown = []
    if a["refused"]:
        shown.append(t["shown_refused"].format(reason=_clip((a.get("scope") or {}).get("reason") or a["answer"])))
    for n, quote in enumerate(a["quotes"][:SHOWN_QUOTES], 1):
        shown.append(t["shown_quote"].format(n=n, text=_clip(quote["text"]), title=quote["title"]))
    if not a["refused"] and not a["quotes"]:
        shown.append(t["shown_nothing"])
    if a["models"]:
        shown.append(t["shown_models"].format(names=", ".join(m["name"] for m in a["models"])))
    if a.get("checklist"):
        shown.append(t["shown_checklist"].format(title=a["checklist"]["title"]))
    if a["sources"]:
        docs = list(dict.fromkeys(s["document"] for s in a["sources"][:3]))
        shown.append(t["shown_sources"].format(documents=", ".join(docs)))
    why = [f"{metric_text(m)['fails']} ({metric_text(m)['label']}: {value_text(m, r.scores[m])})" for m in r.failed]
    return Failure(q.id, kind_label(q.kind), q.question, q.follow_up, expected, shown, why)


def to_markdown(report: Report, images: list[Path]) -> str:
    t = eval_texts()["report"]
    md = [f"# {md_text(report.title())}", "", md_text(report.summary()), "", f"## {t['metrics']}", ""]
    md += _md_table(t["columns"], [[f"{m.label} ({m.name})", m.means, m.shown, m.bound, m.verdict]
                                   for m in report.metrics])
    head, rows = report.per_kind()
    md += ["", f"## {t['per_kind']}", ""] + _md_table(head, [[label, *cells] for label, cells in rows])
    if len(report.compared) > 1:
        md += ["", f"## {t['compare']}", "", compare_table(report.compared)]
    md += ["", f"## {t['plots']}", ""] + [f"![{md_text(p.stem)}]({p.name})" for p in images]
    md += ["", f"## {t['failures']}", ""]
    if not report.failures:
        md.append(t["no_failures"])
    for f in report.failures:
        md += [f"### {md_text(f.id)} · {md_text(f.kind)}", "", f"**{t['question']}:** {md_text(f.question)}"]
        if f.follow_up:
            md.append(f"**{t['follow_up']}:** {md_text(f.follow_up)}")
        for heading, items in ((t["expected"], f.expected), (t["shown"], f.shown), (t["why"], f.why)):
            md += ["", f"**{heading}:**", ""] + [f"- {md_text(x)}" for x in items]
        md.append("")
    return "\n".join(md).rstrip() + "\n"


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    cell = lambda s: md_text(s).replace("|", "\\|")
    return ["| " + " | ".join(cell(h) for h in head) + " |", "|" + "|".join("---" for _ in head) + "|"] + \
        ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]


def plots(report: Report, out: Path) -> list[Path]:
    """A heat map of every metric per kind of question (no legend to cover anything) and the latencies."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    t = eval_texts()["report"]
    run = report.run
    metrics = [m for m in report.metrics if not _lower_is_better(m.name)]
    groups = [None] + [k for k, _ in report.kinds]
    aggs = [run.aggregate(k) for k in groups]
    grid = np.array([[np.nan if a.get(m.name) is None else a[m.name] for a in aggs] for m in metrics], float)
    fig, ax = plt.subplots(figsize=(11, 0.42 * len(metrics) + 2.2))
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#eeeeee")
    ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid[i, j]
            dark = not np.isnan(v) and (v < 0.15 or v > 0.85)  # the colour map's deep red and green ends
            ax.text(j, i, t["plot_na"] if np.isnan(v) else f"{v * 100:.0f}%", ha="center", va="center", fontsize=8,
                    color="white" if dark else "black")
    ax.set_yticks(range(len(metrics)), [m.label for m in metrics], fontsize=9)
    ax.set_xticks(range(len(groups)), [f"{kind_label(k or 'overall')}\n({a['n']})" for k, a in zip(groups, aggs)],
                  fontsize=9)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_title(t["plot_title"].format(label=run_label(run.label)), pad=12)
    fig.tight_layout()
    p1 = out / "per_kind.png"
    fig.savefig(p1, dpi=110)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist([r.answer.get("latency_ms", 0) for r in run.results], bins=20, color="#2f6f4f")
    ax.set_xlabel(t["latency_x"])
    ax.set_ylabel(t["latency_y"])
    ax.set_title(t["latency_title"])
    fig.tight_layout()
    p2 = out / "latency.png"
    fig.savefig(p2, dpi=110)
    plt.close(fig)
    return [p1, p2]


def write(report: Report, out: Path) -> dict[str, Path]:
    """report.json (the raw figures), the plots and report.md in `out`."""
    run = report.run
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "label": run.label,
        "overall": run.aggregate(),
        "per_kind": {k: run.aggregate(k) for k in run.kinds()},
        "compare": {r.label: r.aggregate() for r in report.compared},
        "questions": [{"id": r.question.id, "kind": r.question.kind, "question": r.question.question,
                       "follow_up": r.question.follow_up, "scores": r.scores, "answer": r.answer}
                      for r in run.results],
    }
    (out / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    images = plots(report, out)
    (out / "report.md").write_text(to_markdown(report, images), encoding="utf-8")
    return {"json": out / "report.json", "md": out / "report.md", "plot": images[0], "latency_plot": images[1]}
