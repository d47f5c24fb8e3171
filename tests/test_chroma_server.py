"""The same pipeline against a real `chroma run` server: identical answers, per-generation collections that
are cleaned up, and a clear error within seconds when the server is down."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from assistant import Assistant
from devtools.servers import chroma_server as running_chroma
from devtools.servers import free_port
from index.chroma import collection_name, server_client
from index.errors import IndexUnavailable
from index.generations import IndexStore
from ingest.pipeline import ingest
from tests.cli import wijzer

QUESTIONS = [
    "Wat is er nodig om de juiste spelers aan tafel te krijgen?",
    "Hoe begin je een regionale samenwerking?",
    "Welke rol heeft de stroomversneller?",
    "What makes regional collaboration work?",
]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    with running_chroma(tmp_path_factory.mktemp("chroma-data"), tmp_path_factory.mktemp("chroma-log") / "server.log") \
            as server:
        yield server.host, server.port


def _comparable(answer) -> tuple[dict, list[float]]:
    """The answer without its latency, and its sources' scores apart: the server's float32 distances differ from
    the embedded store's in the sixth decimal, so rounding both could still land on two sides of a boundary
    (4.86295 against 4.862949)."""
    d = answer.to_dict()
    d.pop("latency_ms", None)
    return d, [s.pop("score") for s in d["sources"]]


def _same(a: tuple[dict, list[float]], b: tuple[dict, list[float]]) -> bool:
    return a[0] == b[0] and len(a[1]) == len(b[1]) and all(abs(x - y) < 1e-4 for x, y in zip(a[1], b[1]))


@pytest.mark.slow
def test_server_mode_answers_like_embedded_and_cleans_up_collections(chroma_server, small_corpus, tmp_path):
    host, port = chroma_server
    embedded, served = tmp_path / "embedded", tmp_path / "served"
    ingest(small_corpus, embedded, progress=False)
    first = ingest(small_corpus, served, progress=False, chroma_host=host, chroma_port=port)
    assert not (served / first.generation / "chroma").exists()  # the vectors live on the server

    local = Assistant.load(index_dir=embedded)
    remote = Assistant.load(index_dir=served, chroma_host=host, chroma_port=port)
    assert remote.index.collection.count() == local.index.collection.count() == first.chunks
    for q in QUESTIONS:
        a, b = _comparable(local.ask(q)), _comparable(remote.ask(q))
        assert _same(a, b), (q, a, b)
        assert all(quote["verified"] for quote in b[0]["quotes"])
    assert any(remote.ask(q).quotes for q in QUESTIONS)

    # an incremental ingest copies the serving collection into the new generation's collection
    doc = small_corpus / "documents" / "stroomversneller-vaz.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\nDe kwartiermaker bereidt de regionale tafel voor "
                   "en bewaakt de agenda van het netwerk.\n", encoding="utf-8")
    second = ingest(small_corpus, served, progress=False, chroma_host=host, chroma_port=port)
    assert second.updated == ["stroomversneller-vaz"] and second.unchanged == ["nieuw-begin-samenwerken-regio-2022"]
    after = Assistant.load(index_dir=served, chroma_host=host, chroma_port=port)
    assert after.index.collection.count() == second.chunks
    ans = after.ask("Wie bereidt de regionale tafel voor en bewaakt de agenda?")
    assert any("kwartiermaker" in q.text for q in ans.quotes)

    (small_corpus / "documents" / "nieuw-begin-samenwerken-regio-2022.txt").unlink()
    third = ingest(small_corpus, served, progress=False, chroma_host=host, chroma_port=port)
    assert third.removed == ["nieuw-begin-samenwerken-regio-2022"]
    client = server_client(host, port)
    names = {c.name for c in client.list_collections()}
    gens = {g.name for g in served.glob("gen-*")}
    assert gens == {second.generation, third.generation}
    assert names == {collection_name(served / g) for g in gens}  # the first generation's collection is gone
    current = IndexStore(served).current()
    assert client.get_collection(collection_name(current)).count() == third.chunks

    # ingests killed in server mode: one got as far as creating its collection, one did not
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = [served / f"gen-20260101-000000-{dead.pid}-{n}.tmp" for n in (1, 2)]
    for gen in killed:
        (gen / "docs").mkdir(parents=True)
    client.create_collection(collection_name(killed[0]))
    fourth = ingest(small_corpus, served, progress=False, chroma_host=host, chroma_port=port)
    assert not fourth.changed and sorted(fourth.warnings) == sorted(
        f"onvoltooide generatie {g.name} van een afgebroken ingest opgeruimd" for g in killed)
    assert not any(g.exists() for g in killed)
    assert {c.name for c in client.list_collections()} == names


def _dead_port() -> int:
    return free_port()  # nothing listens there once the probe socket is closed


@pytest.mark.parametrize("host", ["127.0.0.1", "10.255.255.1"], ids=["refused", "unroutable"])
def test_server_down_is_a_clear_error_within_5_seconds(small_corpus, tmp_path, host):
    port = _dead_port()
    t0 = time.monotonic()
    with pytest.raises(IndexUnavailable, match="chroma-server .* is niet bereikbaar"):
        ingest(small_corpus, tmp_path / "index", progress=False, chroma_host=host, chroma_port=port)
    assert time.monotonic() - t0 < 5
    assert not (tmp_path / "index").exists()  # failed before anything was written


@pytest.mark.slow
def test_cli_ask_with_the_server_down_exits_2_without_traceback(chroma_server, tmp_path, monkeypatch):
    host, port = chroma_server
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "documents").mkdir(parents=True)
    (corpus / "documents" / "notitie.txt").write_text(
        "De ketenregisseur bewaakt de afspraken tussen de partners in de wijk.", encoding="utf-8")
    ingest(corpus, index, progress=False, chroma_host=host, chroma_port=port)
    dead = _dead_port()
    t0 = time.monotonic()
    with pytest.raises(IndexUnavailable):
        Assistant.load(index_dir=index, chroma_host=host, chroma_port=dead)
    assert time.monotonic() - t0 < 5

    monkeypatch.setenv("WIJZER_CHROMA_HOST", host)
    monkeypatch.setenv("WIJZER_CHROMA_PORT", str(dead))
    t0 = time.monotonic()
    run = wijzer("--index", index, "ask", "Wat is een BHAG?")
    elapsed = time.monotonic() - t0
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert f"fout: de chroma-server op {host}:{dead} is niet bereikbaar" in run.stderr
    assert "chroma run" in run.stderr
    assert elapsed < 5  # the server check itself is bounded at 3 s
