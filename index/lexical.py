"""BM25 over chunks for Dutch: compound splitting, Dutch stop words, Snowball stemming (bm25s + PyStemmer).

Dutch glues words together ("personeelskrapte", "samenwerkingsverband"); a question
and a passage often share only the parts. Every long word is indexed whole and,
where it splits into known words of the corpus, as its parts too.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np

from index.words import STEMMER, STOP_NL, folded, other_forms, stem, stems, suspended_initials, words

_LINKS = ("", "s", "e", "en", "n")
MIN_PART = 4
MIN_COMPOUND = 8
# `LexicalIndex.known_halves`: a tail of four letters ("raad", "punt") is found too easily (not measured)
COMPOUND_TAIL = 5
# a first part that only stresses the rest ("sleutelrol", "kernpunt", "hoofdrol", "speerpunt"): a manager's emphasis
_FIGURATIVE = re.compile(r"^(?:sleutel|kern|hoofd|spil|speer|top)(\w{3,})$")
BM25_METHOD, K1, B = "lucene", 1.5, 0.75  # bm25s's defaults, never tuned on this corpus


def params() -> dict[str, str | int | float]:
    """What the index's terms and scores depend on, for the manifest (a change rebuilds the index)."""
    stop_words = hashlib.sha256(" ".join(sorted(STOP_NL)).encode()).hexdigest()[:12]
    return {"method": BM25_METHOD, "k1": K1, "b": B, "stemmer": STEMMER, "stop_words": stop_words,
            "min_part": MIN_PART, "min_compound": MIN_COMPOUND, "initials": 3}


class Decompounder:
    """Split compounds into parts that occur in the corpus vocabulary."""

    def __init__(self, vocabulary: set[str]):
        self.words = set(vocabulary)  # every word of the corpus, lower case
        self.vocab = {w for w in vocabulary if len(w) >= MIN_PART}
        self._cache: dict[str, list[str]] = {}

    @classmethod
    def from_texts(cls, texts: list[str]) -> "Decompounder":
        """Every word of the texts, and the initials of their suspended coordinations ("anw"), which the scope
        step's name check reads as words of the corpus; too short to split a compound on (MIN_PART)."""
        counts = Counter(w for t in texts for w in words(t))
        return cls({w for w, n in counts.items() if n >= 1} | set().union(*map(suspended_initials, texts)))

    def parts(self, word: str) -> list[str]:
        if len(word) < MIN_COMPOUND:
            return []
        if word not in self._cache:
            self._cache[word] = self._split(word, depth=0)
        return self._cache[word]

    def _split(self, word: str, depth: int) -> list[str]:
        if depth > 3 or len(word) < 2 * MIN_PART:
            return []
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):  # longest known head first
            head, rest = word[:cut], word[cut:]
            if head not in self.vocab:
                continue
            for link in _LINKS:
                if rest.startswith(link) and len(rest) - len(link) >= MIN_PART:
                    tail = rest[len(link):]
                    if tail in self.vocab:
                        return [head, tail]
                    deeper = self._split(tail, depth + 1)
                    if deeper:
                        return [head] + deeper
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):  # a known tail, unknown head
            head, tail = word[:cut], word[cut:]
            if tail in self.vocab and len(tail) >= 5:
                return [head.rstrip("s") if head.endswith("s") and len(head) > MIN_PART else head, tail]
        return []

    def short_tail(self, word: str) -> list[str]:
        """A compound that ends in a three-letter corpus word ("toezichtsrol", "overlegdag", "bestuurslid"):
        [head, tail] when the head, less a linking letter, is a corpus word of MIN_PART letters or more; else [].
        For `LexicalIndex.knows` only: `parts`, of which the BM25 terms are made, splits off no part that short,
        so the index is unchanged; but a question's "adviesrol" was unknown to the index, and refused."""
        if len(word) < MIN_COMPOUND:
            return []
        head, tail = word[:-3], word[-3:]
        if tail in STOP_NL or tail not in self.words:
            return []
        for link in _LINKS:
            base = head[:len(head) - len(link)] if head.endswith(link) else ""
            if base in self.vocab:
                return [base, tail]
        return []

    def to_json(self) -> list[str]:
        return sorted(self.words)


def analyse(text: str, decompounder: Decompounder) -> list[str]:
    """Stemmed tokens of a text: every word, plus the parts of its compounds."""
    out = []
    for w in words(text):
        if w in STOP_NL:
            continue
        out.append(w)
        out.extend(p for p in decompounder.parts(w) if p not in STOP_NL)
    return stems(out)


class LexicalIndex:
    def __init__(self, model: bm25s.BM25, ids: list[str], decompounder: Decompounder):
        self.model, self.ids, self.decompounder = model, ids, decompounder
        self._idf: dict[str, float] | None = None
        self._spelled: dict[str, str] | None = None

    def terms(self, text: str) -> set[str]:
        """The analysed terms (stems, compound parts included) of a text, as BM25 sees them."""
        return set(analyse(text, self.decompounder))

    def idf(self, term: str) -> float:
        """BM25's inverse document frequency of an analysed term over the chunks (unknown terms: the highest)."""
        if self._idf is None:
            sc = self.model.scores
            df = np.diff(np.append(sc["indptr"], len(sc["data"])))[: len(self.model.vocab_dict)]
            n = max(int(sc.get("num_docs", len(self.ids))), 1)
            self._idf = {t: float(np.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)))
                         for t, i in self.model.vocab_dict.items()}
            self._idf_max = max(self._idf.values(), default=1.0)
        return self._idf.get(term, self._idf_max)

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> "LexicalIndex":
        dec = Decompounder.from_texts(texts)
        model = bm25s.BM25(k1=K1, b=B, method=BM25_METHOD)
        model.index([analyse(t, dec) or ["_leeg_"] for t in texts], show_progress=False)
        return cls(model, ids, dec)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.model.save(str(folder))
        (folder / "ids.json").write_text(json.dumps(self.ids))
        (folder / "vocabulary.json").write_text(json.dumps(self.decompounder.to_json(), ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        vocab = set(json.loads((folder / "vocabulary.json").read_text()))
        return cls(bm25s.BM25.load(str(folder)), json.loads((folder / "ids.json").read_text()), Decompounder(vocab))

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in analyse(query, self.decompounder) if t in self.model.vocab_dict]
        if not tokens or not self.ids:
            return np.zeros(len(self.ids))
        return self.model.get_scores(tokens)

    def content_words(self, text: str, min_chars: int = 5) -> list[str]:
        """The words of a text that carry content: no stop words, at least `min_chars` letters."""
        return [w for w in words(text) if w not in STOP_NL and len(w) >= min_chars]

    def known_terms(self, text: str) -> tuple[int, int]:
        """(content words of `text` the index knows, content words) — BM25's reach for a question."""
        words = self.content_words(text)
        return sum(self.knows(w) for w in words), len(words)

    def holds_whole(self, word: str) -> bool:
        """True when the index holds the word's own stem, not only the stems of its compound parts."""
        return stem(word) in self.model.vocab_dict

    def knows(self, word: str) -> bool:
        """True when the index holds the word's stem, the stem of its other adjective form (`other_forms`:
        "kansrijk" of "kansrijke"), or the stems of all its compound parts; or when the word is a known word after a
        figurative first part (`stressed`: "sleutelrol") or a corpus word typed without its diacritics ("strategieen").
        The scope step's vocabulary, and `known_terms`; never BM25's terms."""
        if any(stem(w) in self.model.vocab_dict for w in [word, *other_forms(word)]):
            return True
        parts = self.decompounder.parts(word) or self.decompounder.short_tail(word)
        if parts and all(stem(p) in self.model.vocab_dict for p in parts) or self.stressed(word):
            return True
        if self._spelled is None:  # corpus words with diacritics, by their bare spelling
            self._spelled = {folded(w): w for w in self.decompounder.words if folded(w) != w}
        spelled = self._spelled.get(word)
        return spelled is not None and self.knows(spelled)

    def stressed(self, word: str) -> bool:
        """A known word after a first part that only stresses it ("sleutelrol", "kernpunt", "hoofdrol"): the
        documents speak of the rol and the punt; general language lists the compound, but a manager's emphasis
        is not a subject of its own."""
        figurative = _FIGURATIVE.match(word)
        return bool(figurative) and self.knows(figurative.group(1))

    def known_halves(self, word: str) -> bool:
        """A compound of two halves whose stems the index holds, with or without a linking letter
        ("mededingings|toezichthouder", "netwerk|regisseur"). Looser than `knows`: `Decompounder.parts` splits
        on the corpus's exact words, greedily, and misses a compound whose tail the corpus only inflects
        ("regisseurs"). The scope step's rare-word rule asks it (assistant/scope.py `rare_unknown`)."""
        vocab = self.model.vocab_dict
        if len(word) < MIN_COMPOUND:
            return False
        for cut in range(MIN_PART, len(word) - COMPOUND_TAIL + 1):
            head, rest = word[:cut], word[cut:]
            if stem(head) not in vocab:
                continue
            for link in _LINKS:
                tail = rest[len(link):]
                if rest.startswith(link) and len(tail) >= COMPOUND_TAIL and stem(tail) in vocab:
                    return True
        return False

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        scores = self.scores(query)
        top = np.argsort(-scores)[: min(k, len(self.ids))]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
