"""On-disk index: atomic generations holding chromadb, a BM25 index, documents and sentence vectors.

Layout::

    index/CURRENT            name of the serving generation (replaced atomically)
    index/gen-<stamp>/       manifest.json, chroma/, bm25/, docs/<id>.json, docs/<id>.npy

An ingest copies the serving generation, updates the copy and only then points
CURRENT at it, so a failed or killed ingest leaves the previous index serving.
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
INDEX_FORMAT = 2  # bump when the generation layout changes: an older index is rebuilt, not misread


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


def chroma_settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def open_collection(gen_dir: Path, create: bool = False, host: str | None = None, port: int | None = None):
    """The chunk collection of a generation: embedded (PersistentClient) or on a `chroma run` server."""
    import chromadb

    if host:
        client = chromadb.HttpClient(host=host, port=port or 8000, settings=chroma_settings())
        name = f"{COLLECTION}-{gen_dir.name}"
    else:
        client = chromadb.PersistentClient(path=str(gen_dir / "chroma"), settings=chroma_settings())
        name = COLLECTION
    if create:
        return client.get_or_create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})
    return client.get_collection(name, embedding_function=None)


class IndexStore:
    """The index folder and its generations."""

    def __init__(self, root: Path):
        self.root = Path(root)

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
        work = self.root / f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}.tmp"
        cur = self.current()
        if cur is not None and not fresh:
            shutil.copytree(cur, work)
        else:
            (work / "docs").mkdir(parents=True)
        return work

    def commit(self, work: Path) -> Path:
        """Make `work` the serving generation; keep the previous one, remove older ones."""
        final = work.with_suffix("")
        work.rename(final)
        previous = self.current()
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(final.name)
        os.replace(tmp, self.root / "CURRENT")
        keep = {final.name} | ({previous.name} if previous else set())
        for gen in self.root.glob("gen-*"):
            if gen.name not in keep:
                shutil.rmtree(gen, ignore_errors=True)
        return final

    def abandon(self, work: Path) -> None:
        shutil.rmtree(work, ignore_errors=True)


def write_doc(gen: Path, doc_id: str, payload: dict, sentence_vectors: np.ndarray,
              question_vectors: np.ndarray) -> None:
    (gen / "docs" / f"{doc_id}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    np.save(gen / "docs" / f"{doc_id}.npy", sentence_vectors.astype(np.float32))
    np.save(gen / "docs" / f"{doc_id}.q.npy", question_vectors.astype(np.float32))


def read_payload(gen: Path, doc_id: str) -> dict:
    return json.loads((gen / "docs" / f"{doc_id}.json").read_text(encoding="utf-8"))


def read_doc(gen: Path, doc_id: str) -> tuple[dict, np.ndarray, np.ndarray]:
    """Payload, sentence vectors and reader-question vectors of one document."""
    return (read_payload(gen, doc_id), np.load(gen / "docs" / f"{doc_id}.npy"),
            np.load(gen / "docs" / f"{doc_id}.q.npy"))


def remove_doc(gen: Path, doc_id: str) -> None:
    for suffix in (".json", ".npy", ".q.npy"):
        (gen / "docs" / f"{doc_id}{suffix}").unlink(missing_ok=True)
