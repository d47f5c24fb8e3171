"""On-disk index: atomic generations holding chromadb, a BM25 index, documents and sentence vectors.

Layout::

    index/CURRENT            name of the serving generation (replaced atomically)
    index/gen-<stamp>/       manifest.json, chroma/, bm25/, docs/<id>.json, docs/<id>.npy,
                             docs/<id>.{c,q,p}.npy, docs/<id>.offsets.npy

An ingest copies the serving generation, updates the copy and only then points
CURRENT at it, so a failed or killed ingest leaves the previous index serving.
A killed ingest leaves a `gen-*.tmp` folder behind; the next ingest removes it.
Against a `chroma run` server each generation has its own collection
(`chunks-gen-<stamp>`), created, copied and deleted together with its folder.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

COLLECTION = "chunks"
MANIFEST = "manifest.json"
INDEX_FORMAT = 5  # bump when the generation layout changes: an older index is rebuilt, not misread


@dataclass
class DocRecord:
    """What the index knows of one ingested document."""

    id: str
    path: str
    title: str
    origin: str
    sha256: str
    publisher: str = ""
    date: str = ""
    pages: int | None = None
    chunks: int = 0
    sentences: int = 0
    questions: int = 0
    enrichment: str = ""  # fingerprint of the document's reader questions


@dataclass
class Manifest:
    embedder: str
    dim: int
    documents: dict[str, DocRecord] = field(default_factory=dict)
    created: float = 0.0
    format: int = 1
    reader_questions: bool = True  # built with corpus/passage-questions/ (false: as for an uploaded document)

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "documents": {k: asdict(v) for k, v in self.documents.items()}},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        docs = {k: DocRecord(**v) for k, v in data.pop("documents").items()}
        return cls(documents=docs, **data)


class IndexMissing(FileNotFoundError):
    pass


class IndexUnavailable(IndexMissing):
    """The index exists, but its chroma server cannot be reached (or lacks the generation's collection)."""


SERVER_TIMEOUT = 3.0  # seconds to connect to a chroma server: a down server is reported, never waited on
_COPY_BATCH = 1000


def chroma_settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def collection_name(gen_dir: Path) -> str:
    """Server-side name of a generation's collection; a work folder already carries its final name."""
    return f"{COLLECTION}-{gen_dir.name.removesuffix('.tmp')}"


def server_client(host: str, port: int | None):
    """A client for a `chroma run` server, after a heartbeat within SERVER_TIMEOUT; IndexUnavailable if down."""
    import chromadb
    import httpx

    port = int(port or 8000)
    try:
        httpx.get(f"http://{host}:{port}/api/v2/heartbeat", timeout=SERVER_TIMEOUT).raise_for_status()
        client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings())
    except (httpx.HTTPError, ValueError, ConnectionError) as exc:
        raise IndexUnavailable(
            f"de chroma-server op {host}:{port} is niet bereikbaar ({exc.__class__.__name__}): start hem met "
            f"`chroma run --host {host} --port {port}`, of laat chroma_host leeg voor de ingebouwde index") from exc
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:  # chromadb's own client waits forever on a server that stops answering
        session.timeout = httpx.Timeout(60.0, connect=SERVER_TIMEOUT)
    return client


def open_collection(gen_dir: Path, create: bool = False, host: str | None = None, port: int | None = None):
    """The chunk collection of a generation: embedded (PersistentClient) or on a `chroma run` server."""
    import chromadb
    from chromadb.errors import NotFoundError

    if host:
        client = server_client(host, port)
        name = collection_name(gen_dir)
    else:
        client = chromadb.PersistentClient(path=str(gen_dir / "chroma"), settings=chroma_settings())
        name = COLLECTION
    if create:
        return client.get_or_create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
    try:
        return client.get_collection(name, embedding_function=None)
    except NotFoundError as exc:
        where = f"de chroma-server op {host}:{port or 8000}" if host else str(gen_dir)
        raise IndexUnavailable(f"collectie {name!r} ontbreekt in {where}: voer `wijzer ingest` opnieuw uit") from exc


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(work: Path) -> bool:
    """A `.tmp` generation whose ingest process no longer runs (name: gen-<date>-<time>-<pid>-<n>.tmp)."""
    parts = work.name.split("-")
    return not (len(parts) > 3 and parts[3].isdigit() and _pid_alive(int(parts[3])))


class IndexStore:
    """The index folder and its generations (and, in server mode, their collections)."""

    def __init__(self, root: Path, host: str | None = None, port: int | None = None):
        self.root = Path(root)
        self.host, self.port = host or None, port

    def current(self) -> Path | None:
        pointer = self.root / "CURRENT"
        if not pointer.exists():
            return None
        gen = self.root / pointer.read_text().strip()
        return gen if (gen / MANIFEST).exists() else None

    def manifest(self, gen: Path | None = None) -> Manifest:
        gen = gen or self.current()
        if gen is None:
            raise IndexMissing(f"geen index in {self.root}: voer eerst `wijzer ingest` uit")
        return Manifest.from_json((gen / MANIFEST).read_text(encoding="utf-8"))

    def begin(self, fresh: bool) -> Path:
        """A new work generation: a copy of the current one, or empty when `fresh`."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.sweep()
        work = self.root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}.tmp"
        cur = self.current()
        try:
            if cur is not None and not fresh:
                shutil.copytree(cur, work)
                if self.host:
                    self._copy_collection(cur, work)
            else:
                (work / "docs").mkdir(parents=True)
        except BaseException:
            self._remove(work)
            raise
        return work

    def commit(self, work: Path) -> Path:
        """Make `work` the serving generation; keep the previous one, remove older and abandoned ones."""
        final = work.with_suffix("")
        work.rename(final)
        previous = self.current()
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(final.name)
        os.replace(tmp, self.root / "CURRENT")
        keep = {final.name} | ({previous.name} if previous else set())
        for gen in self.root.glob("gen-*"):
            if gen.name not in keep and (gen.suffix != ".tmp" or _abandoned(gen)):
                try:
                    self._remove(gen)
                except IndexUnavailable:
                    pass  # the server went away after the switch: the next ingest removes it
        return final

    def abandon(self, work: Path) -> None:
        self._remove(work)

    def sweep(self) -> list[str]:
        """Remove the `.tmp` generations of ingests that were killed; returns their names."""
        stale = [gen for gen in self.root.glob("gen-*.tmp") if _abandoned(gen)]
        for gen in stale:
            self._remove(gen)
        return [gen.name for gen in stale]

    def _remove(self, gen: Path) -> None:
        if self.host:
            from chromadb.errors import NotFoundError

            try:
                server_client(self.host, self.port).delete_collection(collection_name(gen))
            except NotFoundError:
                pass
        shutil.rmtree(gen, ignore_errors=True)

    def _copy_collection(self, source: Path, work: Path) -> None:
        """Server mode: the new generation's collection starts as a copy of the serving one."""
        src = open_collection(source, host=self.host, port=self.port)
        dst = open_collection(work, create=True, host=self.host, port=self.port)
        for offset in range(0, src.count(), _COPY_BATCH):
            rows = src.get(include=["embeddings", "documents", "metadatas"], limit=_COPY_BATCH, offset=offset)
            dst.add(ids=rows["ids"], embeddings=rows["embeddings"], documents=rows["documents"],
                    metadatas=rows["metadatas"])


@dataclass
class DocVectors:
    """The per-document vectors beside chromadb's chunk vectors, row for row with the payload's lists."""

    sentences: np.ndarray  # each sentence as it stands (passage side)
    contextual: np.ndarray  # each sentence after its title and section ("title. section\nsentence")
    questions: np.ndarray  # reader questions (query side)
    pseudo: np.ndarray  # pseudo-questions from the document's own text (query side; ingest/pseudo.py)


VECTOR_SUFFIXES = {"sentences": ".npy", "contextual": ".c.npy", "questions": ".q.npy", "pseudo": ".p.npy"}


def write_doc(gen: Path, doc_id: str, payload: dict, vectors: DocVectors, raw_offsets: list[int]) -> None:
    """The per-document files; `raw_offsets` (cleaned position -> raw position) lets a quote be checked
    against the raw file later (assistant/verify.py)."""
    (gen / "docs" / f"{doc_id}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    for name, suffix in VECTOR_SUFFIXES.items():
        np.save(gen / "docs" / f"{doc_id}{suffix}", getattr(vectors, name).astype(np.float32))
    wide = raw_offsets[-1] >= 2**31  # the last entry, len(raw), is the largest
    np.save(offsets_file(gen, doc_id), np.asarray(raw_offsets, dtype=np.int64 if wide else np.int32))


def offsets_file(gen: Path, doc_id: str) -> Path:
    return gen / "docs" / f"{doc_id}.offsets.npy"


def read_payload(gen: Path, doc_id: str) -> dict:
    return json.loads((gen / "docs" / f"{doc_id}.json").read_text(encoding="utf-8"))


def read_doc(gen: Path, doc_id: str) -> tuple[dict, DocVectors]:
    """Payload and vectors of one document."""
    vectors = {name: np.load(gen / "docs" / f"{doc_id}{suffix}") for name, suffix in VECTOR_SUFFIXES.items()}
    return read_payload(gen, doc_id), DocVectors(**vectors)


def remove_doc(gen: Path, doc_id: str) -> None:
    for suffix in (".json", *VECTOR_SUFFIXES.values(), ".offsets.npy"):
        (gen / "docs" / f"{doc_id}{suffix}").unlink(missing_ok=True)
