"""Words: the one tokenizer, stop-word lists and stemmer of the project (BM25, metrics, scope, selection).

"Content words" are the words of a text left after the Dutch and English stop words; they are compared
through the Dutch Snowball stemmer that BM25 uses, so a metric, the scope decision and the index agree
on what a word is.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN_PLUS

WORD = re.compile(r"[^\W\d_]{2,}|\d{2,}")
# BM25's Dutch stop words (a longer list with question words cost dev hit@5 0.796 -> 0.787 and MRR
# 0.662 -> 0.654 on 2026-12-01: "welke"/"waar" also carry meaning in the reader questions)
STOP_NL = frozenset(STOPWORDS_DUTCH) | {"we", "wij", "ons", "onze", "jullie", "je", "jouw"}
STOP_EN = frozenset(STOPWORDS_EN_PLUS) | {"us", "would", "could", "might", "must", "shall", "may", "also"}
STOP = STOP_NL | STOP_EN

STEMMER = "dutch"  # Snowball, through PyStemmer
_STEMMER = Stemmer.Stemmer(STEMMER)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def stems(words: list[str]) -> list[str]:
    return _STEMMER.stemWords(words)


_VOWELS = "aeiou"


def other_forms(word: str) -> list[str]:
    """The adjective's other form, inflected or bare: "kansrijk" / "kansrijke", "groot" / "grote", "concreet" /
    "concrete", "snel" / "snelle". The Snowball stemmer leaves the two apart ("kansrijke" stays "kansrijke",
    "sterke" "sterke"; the older "dutch_porter" joins them, but cost dev hit@5 0.821 -> 0.796 and quote hit
    0.750 -> 0.708 on 2026-12-06), so a manager's "kansrijk" was a word the documents never use."""
    w, out = word, []
    if len(w) < 4:
        return out
    if w.endswith("e"):
        bare = w[:-1]
        out.append(bare)
        if len(bare) >= 3 and bare[-1] not in _VOWELS and bare[-2] in _VOWELS and bare[-3] not in _VOWELS:
            out.append(bare[:-1] + bare[-2] + bare[-1])  # grote -> groot
        if len(bare) >= 2 and bare[-1] == bare[-2] and bare[-1] not in _VOWELS:
            out.append(bare[:-1])  # snelle -> snel
    elif w[-1] not in _VOWELS:
        if w[-2] in _VOWELS and w[-3] == w[-2]:
            out.append(w[:-3] + w[-2:] + "e")  # groot -> grote
        else:
            out.append(w + "e")  # kansrijk -> kansrijke, helder -> heldere
            if w[-2] in _VOWELS and w[-3] not in _VOWELS:
                out.append(w + w[-1] + "e")  # snel -> snelle
    return out


def folded(word: str) -> str:
    """The word without its diacritics ("strategieën" -> "strategieen", "financiële" -> "financiele"): how a
    manager types it in a hurry."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


# a suspended coordination: "avond-, nacht-, en weekendzorg", "organisatie- en zorgprocessen"
_SUSPENDED = re.compile(r"\b([^\W\d_]+)-,?\s+((?:[^\W\d_]+-,?\s+)*)(?:en|of|and|or)\s+([^\W\d_]+)", re.I)


def suspended_initials(text: str) -> set[str]:
    """The initials of the text's suspended coordinations of three words or more, lower case ("anw" of "avond-,
    nacht-, en weekendzorg"): a manager abbreviates them ("de ANW-zorg"). Two words are left out: "wr" of "wet- en
    regelgeving" would make any two letters a word of the corpus."""
    out = set()
    for m in _SUSPENDED.finditer(text):
        heads = [m.group(1)] + re.findall(r"[^\W\d_]+", m.group(2)) + [m.group(3)]
        if len(heads) >= 3:
            out.add("".join(h[0] for h in heads).lower())
    return out


def words(text: str) -> list[str]:
    """Lower-case words of a text (letters of two or more, or numbers of two or more digits)."""
    return WORD.findall(text.lower())


def content_words(text: str, min_chars: int = 2) -> list[str]:
    """The words of a text that carry content: no Dutch or English stop words."""
    return [w for w in words(text) if w not in STOP and len(w) >= min_chars]


def content_stems(text: str) -> set[str]:
    """The stems of a text's content words, the unit every overlap measure compares."""
    return set(stems(content_words(text)))


def share_held(evidence: str, text: str) -> float:
    """Share of the evidence's content stems that `text` holds (1.0 for evidence without content words)."""
    need = content_stems(evidence)
    return len(need & content_stems(text)) / len(need) if need else 1.0


def _ws_pattern(text: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(p) for p in text.split()))


def find_all(doc_text: str, text: str) -> list[tuple[int, int]]:
    """Every span of `text` in `doc_text`, ignoring differences in white space."""
    return [m.span() for m in _ws_pattern(text).finditer(doc_text)] if text.split() else []


def locate(doc_text: str, text: str, after: int = 0) -> tuple[int, int]:
    """First span of `text` at or after `after` (else anywhere); (-1, -1) when absent."""
    if not text.split():
        return -1, -1
    pattern = _ws_pattern(text)
    m = pattern.search(doc_text, after) or pattern.search(doc_text)
    return m.span() if m else (-1, -1)
