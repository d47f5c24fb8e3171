"""The evaluation report: a printed table, report.json, report.md and PNG plots; the threshold gate."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from evals.runner import RunResult

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.yaml"
COLUMNS = ["n", "hit@1", "hit@5", "mrr", "evidence_recall@5", "source_accuracy", "quote_verification",
           "quote_hit", "first_quote_hit", "quote_form_ok", "parts_answered",
           "model_recall", "model_precision", "checklist_coverage", "out_of_scope_refused",
           "in_scope_answered", "partial_missing_named", "partial_covered_answered",
           "latency_p50_ms", "latency_p95_ms"]


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, int):
        return str(v)
    return f"{v:.0f}" if v > 1.5 else f"{v:.3f}"


def table(run: RunResult) -> str:
    head = ["set"] + COLUMNS
    rows = [["overall"] + [_fmt(run.aggregate().get(c)) for c in COLUMNS]]
    for kind in run.kinds():
        agg = run.aggregate(kind)
        rows.append([kind] + [_fmt(agg.get(c)) for c in COLUMNS])
    return _grid(head, rows)


def compare_table(runs: list[RunResult]) -> str:
    metrics = [c for c in COLUMNS if c != "n"]
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


def gate(run: RunResult, thresholds: dict[str, float]) -> list[str]:
    """Metrics below their threshold (latencies: above), as readable lines."""
    agg = run.aggregate()
    problems = []
    for name, bound in thresholds.items():
        value = agg.get(name)
        if value is None:
            continue
        if name.startswith("latency") and value > bound:
            problems.append(f"{name} = {value:.0f} ms > {bound} ms")
        elif not name.startswith("latency") and value < bound:
            problems.append(f"{name} = {value:.3f} < {bound}")
    return problems


def plots(run: RunResult, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = run.kinds()
    fig, ax = plt.subplots(figsize=(9, 4))
    shown = ["hit@5", "mrr", "source_accuracy", "in_scope_answered", "out_of_scope_refused"]
    width = 0.8 / len(shown)
    for i, m in enumerate(shown):
        vals = [run.aggregate(k).get(m) or 0.0 for k in kinds]
        ax.bar([x + i * width for x in range(len(kinds))], vals, width, label=m)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(kinds))], kinds, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"Samenwerkwijzer — scores per soort vraag ({run.label})")
    ax.legend(fontsize=7, ncol=3)
    fig.tight_layout()
    p1 = out / "per_kind.png"
    fig.savefig(p1, dpi=110)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.hist([r.answer.get("latency_ms", 0) for r in run.results], bins=20)
    ax.set_xlabel("latency per turn (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Latency distribution")
    fig.tight_layout()
    p2 = out / "latency.png"
    fig.savefig(p2, dpi=110)
    plt.close(fig)
    return [p1, p2]


def write(run: RunResult, out: Path, compared: list[RunResult] | None = None) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    data = {
        "label": run.label,
        "overall": run.aggregate(),
        "per_kind": {k: run.aggregate(k) for k in run.kinds()},
        "compare": {r.label: r.aggregate() for r in compared or []},
        "questions": [{"id": r.question.id, "kind": r.question.kind, "question": r.question.question,
                       "follow_up": r.question.follow_up, "scores": r.scores, "answer": r.answer}
                      for r in run.results],
    }
    (out / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    images = plots(run, out)
    md = [f"# Evaluatie Samenwerkwijzer ({run.label})", "", table(run), ""]
    if compared:
        md += ["## Vergelijking retrieval", "", compare_table(compared), ""]
    md += [f"![per soort]({images[0].name})", f"![latency]({images[1].name})", "", "## Mislukte vragen", ""]
    for r in run.results:
        if not r.failed:
            continue
        q, a = r.question, r.answer
        md += [f"### {q.id} ({q.kind}): {q.question}" + (f" → {q.follow_up}" if q.follow_up else ""),
               f"- faalt op: {', '.join(r.failed)}",
               f"- verwacht: documenten {list(q.documents)}, bewijs {list(q.evidence)}, modellen {list(q.models)}, "
               f"checklist {q.checklist}",
               f"- gekregen: refused={a['refused']}, top-bronnen {[s['document'] for s in a['sources'][:3]]}, "
               f"modellen {[m['id'] for m in a['models']]}, checklist {(a['checklist'] or {}).get('id')}",
               f"- eerste bron: {a['sources'][0]['text'][:300] if a['sources'] else '–'}", ""]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")
    return {"json": out / "report.json", "md": out / "report.md", "plot": images[0], "latency_plot": images[1]}
