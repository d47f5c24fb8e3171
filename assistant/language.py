"""Tell Dutch from English questions (the only two the answer templates speak)."""
from __future__ import annotations

import re

# English words Dutch does not use, beside the shared "in", "is", "we": an English question about a Dutch
# programme ("Roughly how many projects got started under Waardigheid en trots in de regio?") has few others
_EN = {"the", "what", "which", "how", "why", "who", "is", "are", "do", "does", "should", "we", "our", "of",
       "and", "to", "in", "for", "with", "when", "can", "a", "an", "it", "that", "this", "there", "about",
       "according", "documents", "network", "board", "between", "they", "their", "you", "your", "be",
       "many", "much", "from", "by", "on", "at", "or", "not", "any", "some", "has", "have", "did", "were", "will",
       "would", "could", "get", "got", "into", "than", "more", "most", "been", "under", "after", "before", "if",
       "my", "me", "i", "us", "them", "whom", "whose", "where"}
_NL = {"de", "het", "een", "wat", "welke", "hoe", "waarom", "wie", "is", "zijn", "we", "wij", "ons", "onze",
       "van", "en", "te", "in", "voor", "met", "wanneer", "kan", "kunnen", "moeten", "dat", "dit", "er", "over",
       "bij", "je", "jullie", "als", "niet", "ook", "op", "aan", "daarvan", "netwerk", "bestuur", "tussen"}


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zA-Zéëïöüè']+", text.lower())
    en = sum(w in _EN for w in words) + sum(w.endswith(("ing", "tion")) for w in words) * 0.5
    nl = sum(w in _NL for w in words) + sum(w.endswith(("heid", "ing", "ij", "en")) for w in words) * 0.25
    return "en" if en > nl else "nl"
