"""The corpus as `wijzer documents` and the app's Documenten tab manage it: list, add, remove, re-ingest.

Both interfaces call these same functions, so an upload is checked and ingested with the same settings
wherever it comes from. A failed add or remove leaves the corpus and the serving index as they were. The
app passes its `Served` (the shared Assistant) so that the change is served at once; the CLI has none.
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Collection
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from assistant.settings import Settings
from assistant.texts import ui

UPLOAD_TYPES = (".pdf", ".txt", ".md")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CorpusChange:
    ok: bool
    message: str
    document: str = ""


@dataclass(frozen=True)
class CorpusDocument:
    name: str  # the file under corpus/documents/
    uploaded: bool  # not in catalog.yaml: may be removed


class Served(Protocol):
    """What serves the index while the corpus changes (the app's shared Assistant)."""

    write_lock: threading.Lock

    def indexed(self) -> Collection[str]:
        """The document ids the served index holds."""

    def factory(self) -> object:
        """A fresh Assistant over the index as it now stands."""

    def replace(self, assistant) -> None:
        """Serve `assistant` from now on."""


def _t() -> dict:
    return ui()["documents"]


def _safe_stem(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")[:80]
    return stem or "document"


def documents(settings: Settings) -> list[CorpusDocument]:
    """Every document file of the corpus; the seed documents (those in catalog.yaml) are not uploads."""
    from ingest.catalog import load_catalog
    from ingest.pipeline import corpus_files

    seeds = set(load_catalog(Path(settings.corpus.dir)))
    return [CorpusDocument(p.name, p.stem not in seeds) for p in corpus_files(Path(settings.corpus.dir))]


def removable(settings: Settings) -> list[str]:
    """Uploaded documents — the seed documents cannot be removed here."""
    return [d.name for d in documents(settings) if d.uploaded]


def reingest(settings: Settings, *, progress: bool = True, out=None, rebuild: bool = False,
             on_wait: Callable[[str], None] | None = None):
    """Bring the index in line with the corpus (atomic: on failure the old generation keeps serving): the one
    call into ingest, for `wijzer ingest`, `wijzer documents` and the app alike. While another writer holds
    the index, that is logged and told to `on_wait` (default: a "let op:" line on `out`)."""
    from ingest.pipeline import ingest

    def waiting(message: str) -> None:
        log.warning(message)
        on_wait(message)

    return ingest(Path(settings.corpus.dir), Path(settings.index.dir), settings.index.embedder, progress=progress,
                  out=sys.stderr if out is None else out, chroma_host=settings.index.chroma_host or None,
                  chroma_port=settings.index.chroma_port, max_document_mb=settings.corpus.max_document_mb,
                  rebuild=rebuild, reader_questions=settings.corpus.reader_questions,
                  on_wait=waiting if on_wait else None)


def _indexed(settings: Settings) -> Collection[str]:
    from index.generations import IndexStore

    store = IndexStore(Path(settings.index.dir))
    return store.manifest().documents if store.current() is not None else ()


def _apply(settings: Settings, served: Served | None, on_wait, quiet: bool):
    """Re-ingest, then (in the app) load what the new index serves; raises when either fails."""
    report = reingest(settings, progress=True, out=io.StringIO() if quiet else None, on_wait=on_wait)
    return report, served.factory() if served else None


def add(settings: Settings, upload_path: str | Path, served: Served | None = None,
        on_wait: Callable[[str], None] | None = None, quiet: bool = True) -> CorpusChange:
    """Validate, store under the corpus, ingest; a failed upload leaves corpus and index as they were."""
    from index.generations import IndexStore
    from index.sources import LoadError, load

    t = _t()
    src = Path(upload_path)
    if src.suffix.lower() not in UPLOAD_TYPES:
        return CorpusChange(False, t["bad_type"].format(suffix=src.suffix or t["no_suffix"]))
    limit = settings.corpus.max_document_mb
    if src.stat().st_size > limit * 1024 * 1024:
        return CorpusChange(False, t["too_big"].format(mb=f"{limit:g}"))
    name = _safe_stem(src.name) + src.suffix.lower()
    target = Path(settings.corpus.dir) / "documents" / name
    with served.write_lock if served else nullcontext():
        if target.exists() or Path(name).stem in (served.indexed() if served else _indexed(settings)):
            return CorpusChange(False, t["exists"].format(name=name))
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / name
            shutil.copyfile(src, staged)
            try:
                doc_id = load(staged).document
            except LoadError as exc:
                return CorpusChange(False, t["unreadable"].format(name=name, reason=exc.reason))
            shutil.copyfile(staged, target)
        try:
            report, fresh = _apply(settings, served, on_wait, quiet)
            failed = [reason for f, reason in report.failed if f == name]
            if failed:
                raise RuntimeError(failed[0])
        except Exception as exc:  # the old generation keeps serving
            target.unlink(missing_ok=True)
            return CorpusChange(False, t["not_added"].format(name=name, error=exc))
        if served:
            served.replace(fresh)
    store = IndexStore(Path(settings.index.dir))
    rec = store.manifest(store.root / report.generation).documents[doc_id]
    return CorpusChange(True, t["added"].format(name=name, chunks=rec.chunks, pages=rec.pages or t["none"]), doc_id)


def remove(settings: Settings, name: str, served: Served | None = None,
           on_wait: Callable[[str], None] | None = None, quiet: bool = True) -> CorpusChange:
    """Remove an uploaded document and re-ingest; on failure it is put back."""
    t = _t()
    if name not in removable(settings):
        return CorpusChange(False, t["only_uploads"])
    target = Path(settings.corpus.dir) / "documents" / name
    with served.write_lock if served else nullcontext():
        keep = target.read_bytes()
        target.unlink()
        try:
            _, fresh = _apply(settings, served, on_wait, quiet)
        except Exception as exc:
            target.write_bytes(keep)
            return CorpusChange(False, t["not_removed"].format(name=name, error=exc))
        if served:
            served.replace(fresh)
    return CorpusChange(True, t["removed"].format(name=name))
