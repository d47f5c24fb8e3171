"""Raw text of the source files, as the ingest reads it and quote verification re-reads it (pypdf, page by
page). The stored offset maps point into this text, so the index owns its definition."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

BULLETS = "•●▪◦■□►▸‣∙·"  # bullet characters as pypdf extracts them (clean drops them, verify ignores them)
SUPPORTED = {".txt", ".md", ".pdf"}
MAX_DOCUMENT_MB = 10.0  # default size limit of one file: 10 MB of text is ~100,000 sentences to embed


@dataclass(frozen=True)
class SourceFile:
    """A document as loaded: raw text plus where each page starts in it."""

    path: str
    document: str  # document id (file stem)
    raw: str
    page_starts: tuple[int, ...] = ()  # raw offsets where pages 2.. start; empty for paged-less text
    sha256: str = ""
    encoding: str = "utf-8"

    @property
    def paged(self) -> bool:
        return bool(self.page_starts) or self.path.lower().endswith(".pdf")


class LoadError(Exception):
    """A file that cannot be ingested; the message names the file and the reason (Dutch)."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"{Path(path).name}: {reason}")
        self.path, self.reason = str(path), reason


def document_id(path: Path) -> str:
    return path.stem


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _load_pdf(path: Path, data: bytes) -> tuple[str, tuple[int, ...]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                ok = 0
            if not ok:
                raise LoadError(path, "versleutelde PDF (encrypted): niet te lezen zonder wachtwoord")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise LoadError(path, f"beschadigde PDF (corrupt): {exc.__class__.__name__}") from exc
    if not any(p.strip() for p in pages):
        raise LoadError(path, "geen tekst gevonden (no text: scanned?) — een gescande PDF heeft eerst OCR nodig")
    raw, starts = "", []
    for i, page in enumerate(pages):
        if i:
            raw += "\n\n"
            starts.append(len(raw))
        raw += page
    return raw, tuple(starts)


def raw_text(path: Path, data: bytes) -> str:
    """The text the ingest cleans, from a file's bytes: pypdf's pages joined (PDF) or the decoded bytes."""
    return _load_pdf(path, data)[0] if path.suffix.lower() == ".pdf" else _decode(data, path)[0]


def load(path: Path, max_mb: float | None = MAX_DOCUMENT_MB) -> SourceFile:
    """Read one file; raises LoadError with a clear reason for anything unusable (also: larger than `max_mb`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise LoadError(path, f"bestandstype {suffix or '(geen)'} wordt niet ondersteund (alleen .txt, .md, .pdf)")
    try:
        size = path.stat().st_size
        if max_mb is not None and size > max_mb * 1024 * 1024:
            raise LoadError(path, f"te groot: {size / 1024 / 1024:.1f} MB, de grens is {max_mb:g} MB "
                                  "(instelling max_document_mb); splits het document of verhoog de grens")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"niet te lezen: {exc.strerror}") from exc
    if not data.strip():
        raise LoadError(path, "leeg bestand")
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".pdf":
        raw, starts = _load_pdf(path, data)
        return SourceFile(str(path), document_id(path), raw, starts, sha, "pdf")
    raw, encoding = _decode(data, path)
    if not raw.strip():
        raise LoadError(path, "leeg bestand")
    return SourceFile(str(path), document_id(path), raw, (), sha, encoding)
