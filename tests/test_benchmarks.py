"""The benchmark: its generated scale corpus, and the one command printing one table (on a small corpus)."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import pytest

from benchmarks.run import alternated
from benchmarks.scale import _top_sections, generate_corpus
from tests.conftest import CORPUS, DOCS, ROOT, without_embed_cache


def test_scale_corpus_copies_are_distinct_shuffles_of_the_real_sections(tmp_path):
    generate_corpus(CORPUS, tmp_path / "big", 3)
    files = sorted((tmp_path / "big" / "documents").glob("*.txt"))
    assert len(files) == 3 * len(list(DOCS.glob("*.txt")))
    assert len({hashlib.sha256(f.read_bytes()).hexdigest() for f in files}) == len(files)
    original = _top_sections((DOCS / "handreiking-effectief-samenwerken.txt").read_text(encoding="utf-8"))
    assert len(original) > 5
    orders = []
    for f in sorted(f for f in files if f.name.endswith("handreiking-effectief-samenwerken.txt")):
        text = f.read_text(encoding="utf-8")
        assert all(s in text for s in original)  # every real section is in every copy
        orders.append(tuple(sorted(original, key=text.index)))
    assert len(set(orders)) == 3  # shuffled differently per copy


def test_ask_latencies_alternate_question_by_question_so_load_hits_both_alike():
    calls = []
    ours, theirs = alternated(lambda q: calls.append(("ours", q)), lambda q: calls.append(("theirs", q)),
                              ["a", "b", "c"])
    assert calls == [("ours", "a"), ("theirs", "a"), ("theirs", "b"), ("ours", "b"), ("ours", "c"), ("theirs", "c")]
    assert len(ours) == len(theirs) == 3 and all(ms >= 0 for ms in ours + theirs)


@pytest.mark.slow
def test_one_command_prints_one_table_with_every_measure(tmp_path):
    """The smallest run that still has every row: a corpus of one short document (4 chunks) and no register, a
    2× scale corpus, two concurrent conversations (so there can be cross-talk), two questions (a p50 and a p95),
    one start each of the app and bare Gradio. The benchmark measures embedding at full cost, so it runs without
    the session's vector cache."""
    corpus = tmp_path / "corpus"
    (corpus / "documents").mkdir(parents=True)
    opening, tips, closing = _top_sections((DOCS / "stroomversneller-vaz.txt").read_text(encoding="utf-8"))
    some_tips = tips[:tips.rfind("\n\n", 0, 2200)]  # the first tips, ending at a paragraph
    (corpus / "documents" / "stroomversneller-vaz.txt").write_text("\n\n".join([opening, some_tips, closing]) + "\n",
                                                                   encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "benchmarks", "--corpus", str(corpus), "--factor", "2",
                          "--measure", "1", "--conversations", "2", "--questions", "2", "--starts", "1",
                          "--builds", "1"],
                         cwd=ROOT, capture_output=True, text=True, timeout=900, env=without_embed_cache())
    assert out.returncode == 0, out.stderr[-3000:]
    rows = re.findall(r"^\| (.+?) +\| (.+?) +\| (.*)\|$", out.stdout, re.M)
    table = {name: value for name, value, _ in rows}
    for measure in ("cold ingest", "cold ingest without reader questions", "re-ingest, unchanged",
                    "ask p50 / p95 warm", "ratio ask ours / llama-index",
                    "app start, first page served", "bare Gradio, first page served",
                    "ratio first page app / bare Gradio", "app memory after the load",
                    "concurrent p50 / p95 (2 conversations)", "ingest 1× (full cost)", "ingest 2× (measured)",
                    "ask p50 / p95 at 2×", "memory at 2×"):
        assert measure in table, (measure, out.stdout)
        assert re.search(r"\d", table[measure]), (measure, table[measure])
    assert out.stdout.count("| measure") == 1  # one table
    verified = re.search(r"cross-talk 0/2; .*quotes verified (\d+)/\1", out.stdout)
    assert verified and int(verified.group(1)) > 0, out.stdout
