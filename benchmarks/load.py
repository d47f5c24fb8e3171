"""Load: N concurrent two-turn conversations against the running app through its API (gradio_client).

Starts `wijzer chat` on a free 127.0.0.1 port over an existing index, then every
conversation asks its own question and a follow-up in its own session. Checks that no
session sees another's history (the follow-up is read against its own first question)
and that every answer's quotes are verified; prints latency p50/p95 under load.
Run: `python -m benchmarks.load [--index .wijzer-index] [--conversations 20]`.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.run import percentile

TOPICS = [
    "Welk governancemodel past bij ons netwerk?", "Wat is een BHAG?", "Hoe bouwen we vertrouwen op tussen partners?",
    "Welke juridische vormen van samenwerking zijn er?", "Wat doet een raad van toezicht bij netwerken?",
    "Welke bouwstenen zijn nodig voor samenwerking in de regio?", "Wat zijn de zes drijvende krachten?",
    "Hoe houd je een samenwerking in stand als de subsidie stopt?", "Wat is de quick scan samenwerking?",
    "Wat is de vertrouwensparadox?",
]
FOLLOW_UP = "En wat zijn daarvan de nadelen?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def conversation(url: str, n: int) -> dict:
    from gradio_client import Client

    client = Client(url, verbose=False)
    first = TOPICS[n % len(TOPICS)] + f" (gesprek {n})"
    times, turns, messages = [], [], []
    for q in (first, FOLLOW_UP):
        t0 = time.perf_counter()
        messages, cards, _ = client.predict(q, messages, api_name="/_ask")
        times.append((time.perf_counter() - t0) * 1000)
        content = messages[-1]["content"]  # a string, or a list of parts ({"type": "text", "text": ...})
        text = content if isinstance(content, str) else " ".join(str(p.get("text", p)) for p in content)
        turns.append((text, cards))
    seen = {int(m) for m in re.findall(r"gesprek (\d+)", turns[1][0])}  # the follow-up, as it was read
    own, foreign = n in seen, bool(seen - {n})
    quotes = sum(c.count("class=\"quote-card") for _, c in turns)
    verified = sum(c.count("✓ geverifieerd") for _, c in turns)
    return {"times": times, "own": own, "foreign": foreign, "quotes": quotes, "verified": verified}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", default=".wijzer-index")
    ap.add_argument("--conversations", type=int, default=20)
    args = ap.parse_args(argv)
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    app = subprocess.Popen([sys.executable, "-m", "assistant.cli", "--index", str(Path(args.index)), "chat",
                            "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        from gradio_client import Client

        deadline = time.time() + 120
        while True:
            try:
                Client(url, verbose=False).predict("Wat is een BHAG?", [], api_name="/_ask")  # ready and warm
                break
            except Exception:  # noqa: BLE001 - not up yet
                if time.time() > deadline:
                    raise
                time.sleep(1)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.conversations) as pool:
            results = list(pool.map(lambda n: conversation(url, n), range(args.conversations)))
        wall = time.perf_counter() - t0
    finally:
        app.terminate()
        app.wait(timeout=30)
    times = [t for r in results for t in r["times"]]
    crosstalk = sum(r["foreign"] or not r["own"] for r in results)
    quotes, verified = sum(r["quotes"] for r in results), sum(r["verified"] for r in results)
    print(f"{args.conversations} concurrent conversations x 2 turns in {wall:.1f} s")
    print(f"latency per turn under load: p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms")
    print(f"sessions with cross-talk: {crosstalk}; quotes verified: {verified}/{quotes}")
    return 1 if crosstalk or verified != quotes else 0


if __name__ == "__main__":
    raise SystemExit(main())
