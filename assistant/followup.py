"""Deterministic follow-up resolution: read "En wat zijn de nadelen daarvan?" against the earlier turn."""
from __future__ import annotations

import re

_ANAPHORA = {
    "nl": {"daarvan", "daarbij", "daarmee", "daarover", "daarvoor", "hiervan", "hierbij", "hiermee", "dat",
           "die", "deze", "dit", "dat", "ze", "zij", "hun", "hen", "het", "ervan", "erbij", "ermee", "erover",
           "welke", "nog", "meer", "ook", "andere", "verder"},
    "en": {"that", "this", "those", "these", "it", "its", "they", "them", "their", "there", "else", "more",
           "also", "other"},
}
_OPENERS = re.compile(r"^\s*(en|maar|of|dus|and|but|so|what about|en hoe|en wat|en waarom)\b", re.I)
MAX_FOLLOWUP_WORDS = 9
# not index/words.py's tokenizer, a different job: every word counts toward a follow-up's length, one letter
# or digit too, and stop words are what it looks for
_EVERY_WORD = re.compile(r"\w+")


def is_follow_up(question: str, language: str) -> bool:
    words = _EVERY_WORD.findall(question.lower())
    if not words:
        return False
    if _OPENERS.match(question):
        return True
    return len(words) <= MAX_FOLLOWUP_WORDS and any(w in _ANAPHORA[language] for w in words)


def resolve(question: str, language: str, previous: str | None) -> str:
    """The question to retrieve with: the follow-up joined to the previous (resolved) question."""
    if previous and is_follow_up(question, language):
        return f"{previous} {question}"
    return question
