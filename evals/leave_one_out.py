"""Leave one document out: what each document's reader questions buy on that document's own questions.

For each document with reader questions in `corpus/passage-questions/`, a copy of the index is brought in
line with a corpus copy that lacks just that document's files (ingest re-indexes only that document), and
the dev and holdout questions about that document are asked of both indexes. A document that a manager
uploads has no reader questions, so the second column is what such a document gets.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from evals.dataset import EvalQuestion
from evals.metrics import MRR, HitAtK, QuoteHit, SourceAccuracy
from evals.report import _grid
from evals.runner import RunResult, run
from ingest.enrich import FOLDER

METRICS = (HitAtK(5), MRR(), SourceAccuracy(), QuoteHit())


@dataclass(frozen=True)
class DocumentDrop:
    """One document's figures with all reader questions and with its own left out."""

    document: str
    question_set: str
    questions: int
    reader_questions: tuple[int, int]  # the document's reader questions in the full index, in the reduced one
    with_questions: dict[str, float | None]
    without_own: dict[str, float | None]


def _copy_corpus(corpus: Path, dest: Path, leave_out: tuple[Path, ...]) -> Path:
    """The corpus without the given reader-question files (copied: ingest refuses links out of it)."""
    shutil.copytree(corpus, dest, ignore=lambda d, names: [n for n in names if Path(d, n) in leave_out])
    return dest


def question_files(corpus: Path) -> dict[str, tuple[Path, ...]]:
    """Each document's reader-question files: a document's questions may be split over several
    (the handreiking's over three), and leaving one document out leaves out all of them."""
    files: dict[str, list[Path]] = {}
    for qfile in sorted((corpus / FOLDER).glob("*.yaml")):
        doc = str((yaml.safe_load(qfile.read_text(encoding="utf-8")) or {}).get("document", ""))
        files.setdefault(doc, []).append(qfile)
    return {doc: tuple(paths) for doc, paths in files.items()}


def leave_one_out(assistant, settings, sets: dict[str, list[EvalQuestion]], load) -> list[DocumentDrop]:
    """Per document and question set (name -> questions): `assistant` serves the full index,
    `load(index_dir)` gives an Assistant over another one."""
    from ingest.pipeline import ingest

    if settings.index.chroma_host:
        raise ValueError("leave-one-out werkt op een ingebedde index (chroma_host leeg)")
    corpus = Path(settings.corpus.dir).resolve()
    rows: list[DocumentDrop] = []
    for doc, qfiles in question_files(corpus).items():
        own = {name: [q for q in qs if doc in q.documents and q.in_scope] for name, qs in sets.items()}
        if not any(own.values()):
            continue
        with tempfile.TemporaryDirectory(prefix="wijzer-loo-") as tmp:
            cdir = _copy_corpus(corpus, Path(tmp) / "corpus", qfiles)
            idir = Path(tmp) / "index"
            shutil.copytree(settings.index.dir, idir)
            ingest(cdir, idir, settings.index.embedder, progress=False, max_document_mb=settings.corpus.max_document_mb)
            reduced = load(idir).without_llm()
            counts = (_reader_questions(assistant.index, doc), _reader_questions(reduced.index, doc))
            for name, qs in own.items():
                if qs:
                    full = run(assistant.without_llm(), qs, list(METRICS), "volledig")
                    without = run(reduced, qs, list(METRICS), f"zonder {doc}")
                    rows.append(DocumentDrop(doc, name, len(qs), counts, _figures(full), _figures(without)))
    return rows


def _reader_questions(index, doc: str) -> int:
    return sum(index.chunks[c].document == doc for c in index.question_chunks)


def _figures(result: RunResult) -> dict[str, float | None]:
    agg = result.aggregate()
    return {m.name: agg.get(m.name) for m in METRICS}


def table(rows: list[DocumentDrop]) -> str:
    """Per document: each figure with its reader questions → without them."""
    fmt = lambda v: "–" if v is None else f"{v:.3f}"
    head = ["document", "set", "vragen"] + [m.name for m in METRICS]
    body = [[r.document, r.question_set, str(r.questions)] + [f"{fmt(r.with_questions[m.name])} → {fmt(r.without_own[m.name])}"
                                                for m in METRICS] for r in rows]
    return _grid(head, body)
