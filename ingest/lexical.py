"""BM25 over chunks with the Dutch Snowball stemmer and Dutch stop words (bm25s + PyStemmer)."""
from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH

_STEMMER = Stemmer.Stemmer("dutch")


def tokenize(texts: list[str]):
    return bm25s.tokenize(texts, stopwords=list(STOPWORDS_DUTCH), stemmer=_STEMMER, show_progress=False)


class LexicalIndex:
    def __init__(self, model: bm25s.BM25, ids: list[str]):
        self.model, self.ids = model, ids

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> "LexicalIndex":
        model = bm25s.BM25()
        model.index(tokenize(texts), show_progress=False)
        return cls(model, ids)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.model.save(str(folder))
        (folder / "ids.json").write_text(json.dumps(self.ids))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        return cls(bm25s.BM25.load(str(folder)), json.loads((folder / "ids.json").read_text()))

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        tokens = bm25s.tokenize([query], stopwords=list(STOPWORDS_DUTCH), stemmer=_STEMMER,
                                show_progress=False, return_ids=False)[0]
        if not tokens or not self.ids:
            return []
        scores = self.model.get_scores(tokens)
        k = min(k, len(self.ids))
        top = np.argsort(-scores)[:k]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
