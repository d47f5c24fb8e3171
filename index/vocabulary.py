"""The corpus's own words with their vectors, so that an English question can be read in them.

The documents are Dutch; BM25 finds nothing of an English question's words in them. The multilingual
embedder places a word near its translation ("trust" beside "vertrouwen", "funding" beside "financiering"),
so each English word can be replaced by the nearest word the documents use (assistant/crosslingual.py).
The vocabulary is every word of four letters or more that the documents use at least twice, Dutch stop words
and numbers left out (1,450 words in the five documents): a word used once is as often a name or a typo as a term.
Ingest embeds it (passage side) into the generation, `vocabulary.json` and `vocabulary.npy`, and on an update
embeds only the words it did not have yet.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.words import STOP_NL, words

WORDS, VECTORS = "vocabulary.json", "vocabulary.npy"
MIN_CHARS, MIN_COUNT = 4, 2


def params() -> dict[str, int]:
    """The vocabulary's settings, for the manifest (a change rebuilds the index)."""
    return {"vocabulary_min_chars": MIN_CHARS, "vocabulary_min_count": MIN_COUNT}


@dataclass
class Vocabulary:
    """The corpus's words, sorted, and their passage-side vectors, row for row."""

    words: list[str] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))  # row per word


def corpus_vocabulary(texts: list[str]) -> list[str]:
    """The words of the documents' `texts` worth reading an English question in, sorted."""
    counts = Counter(w for t in texts for w in words(t))
    return sorted(w for w, n in counts.items()
                  if n >= MIN_COUNT and len(w) >= MIN_CHARS and w not in STOP_NL and not w.isdigit())


def read_vocabulary(gen: Path) -> Vocabulary:
    found = json.loads((gen / WORDS).read_text(encoding="utf-8"))
    return Vocabulary(found, np.load(gen / VECTORS))


def write_vocabulary(gen: Path, vocabulary: Vocabulary) -> None:
    (gen / WORDS).write_text(json.dumps(vocabulary.words, ensure_ascii=False), encoding="utf-8")
    np.save(gen / VECTORS, vocabulary.vectors.astype(np.float32))
