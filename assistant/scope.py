"""Is a question about something the documents cover? Two checks, calibrated on the dev questions.

1. Similarity: the best indexed sentence must be close enough to the question
   (the threshold is a setting; English questions, matched across languages,
   score lower and get their own margin).
2. Named things: a question that hinges on a name or acronym the corpus never
   uses ("NZa-tarief", "Wtza", "HHI") cannot be answered from it.
3. Unknown subject (Dutch questions): when several of the question's content words,
   stemmed and split into compound parts, occur nowhere in the index ("dossiers",
   "polikliniek", "ondernemingsraad"), the documents are about something else.
"""
from __future__ import annotations

import re

from ingest.lexical import LexicalIndex

ENGLISH_MARGIN = 0.02
UNKNOWN_MIN, UNKNOWN_SHARE = 3, 0.34  # dev questions: in scope at most 3 unknown (share 0.23) or share 0.40 of 2
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")


def unknown_names(question: str, corpus_words: set[str]) -> list[str]:
    """Acronyms and capitalised words (not sentence-initial) that never occur in the corpus."""
    found = []
    for m in _TOKEN.finditer(question):
        token = m.group(0).strip("-'’")
        for part in token.split("-"):
            if len(part) < 2:
                continue
            upper = sum(ch.isupper() for ch in part)
            sentence_start = m.start() == 0 or question[:m.start()].rstrip()[-1:] in ".?!:"
            is_name = upper >= 2 or (upper == 1 and part[0].isupper() and not sentence_start)
            if is_name and part.lower().rstrip("'’s") not in corpus_words and part.lower() not in corpus_words:
                found.append(part)
    return found


def out_of_scope(question: str, language: str, best_similarity: float, threshold: float,
                 lexical: LexicalIndex) -> bool:
    bound = threshold - (ENGLISH_MARGIN if language == "en" else 0.0)
    if best_similarity < bound or unknown_names(question, lexical.decompounder.words):
        return True
    if language != "nl":
        return False
    known, total = lexical.known_terms(question)
    unknown = total - known
    return total > 0 and (unknown == total or (unknown >= UNKNOWN_MIN and unknown / total >= UNKNOWN_SHARE))
