"""The corpus as the Documenten tab manages it: uploads validated, stored and ingested; uploads removed.

A failed upload or removal leaves the corpus and the serving index as they were.
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings
from assistant.texts import ui

UPLOAD_TYPES = (".pdf", ".txt", ".md")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UploadResult:
    ok: bool
    message: str
    document: str = ""


def _t() -> dict:
    return ui()["documents"]


def _safe_stem(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")[:80]
    return stem or "document"


def removable(settings: Settings) -> list[str]:
    """Uploaded documents (those not in catalog.yaml) — the seed documents cannot be removed here."""
    from ingest.catalog import load_catalog
    from ingest.pipeline import corpus_files

    seeds = set(load_catalog(Path(settings.corpus.dir)))
    return [p.name for p in corpus_files(Path(settings.corpus.dir)) if p.stem not in seeds]


def _reingest(ctx, on_wait: Callable[[str], None] | None):
    """Bring the index in line with the corpus (atomic: on failure the old generation keeps serving). While
    another writer (a `wijzer ingest`) holds the index, that is logged and told to `on_wait`."""
    from ingest.pipeline import ingest

    def waiting(message: str) -> None:
        log.warning(message)
        if on_wait:
            on_wait(message)

    s = ctx.settings
    return ingest(Path(s.corpus.dir), Path(s.index.dir), s.index.embedder, progress=True, out=io.StringIO(),
                  chroma_host=s.index.chroma_host or None, chroma_port=s.index.chroma_port, on_wait=waiting,
                  max_document_mb=s.corpus.max_document_mb, reader_questions=s.corpus.reader_questions)


def add_upload(ctx, upload_path: str, on_wait: Callable[[str], None] | None = None) -> UploadResult:
    """Validate, store under the corpus, ingest; a failed upload leaves corpus and index as they were."""
    from index.sources import LoadError, load

    t = _t()
    src = Path(upload_path)
    if src.suffix.lower() not in UPLOAD_TYPES:
        return UploadResult(False, t["bad_type"].format(suffix=src.suffix or t["no_suffix"]))
    limit = ctx.settings.corpus.max_document_mb
    if src.stat().st_size > limit * 1024 * 1024:
        return UploadResult(False, t["too_big"].format(mb=f"{limit:g}"))
    name = _safe_stem(src.name) + src.suffix.lower()
    target = Path(ctx.settings.corpus.dir) / "documents" / name
    with ctx.write_lock:
        if target.exists() or Path(name).stem in ctx.assistant.index.docs:
            return UploadResult(False, t["exists"].format(name=name))
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / name
            shutil.copyfile(src, staged)
            try:
                doc_id = load(staged).document
            except LoadError as exc:
                return UploadResult(False, t["unreadable"].format(name=name, reason=exc.reason))
            shutil.copyfile(staged, target)
        try:
            report = _reingest(ctx, on_wait)
            failed = [reason for f, reason in report.failed if f == name]
            if failed:
                raise RuntimeError(failed[0])
            fresh = ctx.factory()
        except Exception as exc:  # the old generation keeps serving
            target.unlink(missing_ok=True)
            return UploadResult(False, t["not_added"].format(name=name, error=exc))
        ctx.replace(fresh)
    rec = fresh.index.docs[doc_id].record
    return UploadResult(True, t["added"].format(name=name, chunks=rec.chunks, pages=rec.pages or t["none"]), doc_id)


def remove_document(ctx, name: str, on_wait: Callable[[str], None] | None = None) -> UploadResult:
    t = _t()
    if name not in removable(ctx.settings):
        return UploadResult(False, t["only_uploads"])
    target = Path(ctx.settings.corpus.dir) / "documents" / name
    with ctx.write_lock:
        keep = target.read_bytes()
        target.unlink()
        try:
            _reingest(ctx, on_wait)
            fresh = ctx.factory()
        except Exception as exc:
            target.write_bytes(keep)
            return UploadResult(False, t["not_removed"].format(name=name, error=exc))
        ctx.replace(fresh)
    return UploadResult(True, t["removed"].format(name=name))
