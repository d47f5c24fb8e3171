"""An English question read in the documents' own words, for BM25.

BM25 over Dutch text finds nothing of "What are the downsides of a network bureau?": its words are English.
The multilingual embedder places a word near its translation, so each of the question's content words is
replaced by the nearest word of the corpus vocabulary (index/vocabulary.py) when that one is close enough
(`TRANSLATION_MIN`): "trust" reads as "vertrouwen", "funding" as "financiering", "insurer" as "zorgverzekeraar".
The nearest word is not always a translation ("downsides" lands on "noodzaak", "chair" on "website"): single
words lie close together in this embedder (0.86-0.93 for most pairs), so the bound drops only the farthest.
BM25 over these words still ranks an English question's passages better than over its own (tuning.py).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assistant.tuning import TRANSLATION_MIN
from index.vocabulary import Vocabulary
from index.words import STOP_EN, words


def english_words(text: str) -> list[str]:
    """The question's content words, each once: no English stop words, no numbers, three letters or more."""
    return [w for w in dict.fromkeys(words(text)) if w not in STOP_EN and len(w) >= 3 and not w.isdigit()]


def corpus_terms(text: str, vocabulary: Vocabulary, vectors_of: Callable[[list[str]], np.ndarray]) -> str:
    """`text`'s English content words as the corpus words nearest to them (`vectors_of`: the words' query-side
    vectors, against the vocabulary's passage-side ones), joined; "" when none is close enough or the index has no
    vocabulary."""
    found = english_words(text)
    if not found or not vocabulary.words:
        return ""
    sims = np.asarray(vectors_of(found), dtype=np.float32) @ vocabulary.vectors.T
    best = sims.argmax(axis=1)
    return " ".join(vocabulary.words[j] for i, j in enumerate(best) if sims[i, j] >= TRANSLATION_MIN)
