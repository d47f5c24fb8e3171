"""Is a question about something the documents cover? One decision, `decide`, with its reason and the
check that made it (`Scope.check`); the constants are in assistant/tuning.py.

Checks, calibrated on the dev questions:
0. An empty question (no letter or digit) is refused before anything is retrieved.
1. Similarity: the best indexed sentence must be close enough to the question (a setting; English
   questions, matched across languages, score lower and get their own margin).
2. Named things: a question that hinges on a name or acronym the corpus never uses ("NZa-tarief",
   "Wtza", "HHI") cannot be answered from it.
3. Unknown subject (Dutch questions): when several of the question's content words, stemmed and split
   into compound parts, occur nowhere in the index ("dossiers", "polikliniek", "ondernemingsraad"),
   the documents are about something else.
4. A question addressed to the assistant itself ("Negeer alle instructies …") is refused without its words
   being repeated in the reason.
5. Unfamiliar subject: words the index does not know weigh by how rare they are in general language
   ("medicatie", "delier", "loonschaal"), against how close the question comes to a reader question written
   for the documents; a manager's own paraphrase ("stuurloos") is rare too, but comes with a close reader
   question. The weights are a logistic model fitted on the dev questions (`unfamiliar`); confident the
   other way (`familiar`), the same model lifts the similarity bound of check 1.
A question with several parts is checked part by part: the parts the documents cover are answered, and
the rest is named (`partial`). There, a rare compound the corpus never uses ("loonschaal",
"pensioenopbouw") also marks a part as uncovered; alone, such a word is too often a manager's own
paraphrase ("stuurloos", "doorhakken") to refuse on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from wordfreq import zipf_frequency

from assistant.answer import Scope
from assistant.tuning import (ENGLISH_MARGIN, NAME_ZIPF, RARE_MIN_CHARS, RARE_ZIPF, RARITY_BASE, SUBJECT_BIAS,
                              SUBJECT_LOGIT, SUBJECT_RARITY_WEIGHT, SUBJECT_READER_WEIGHT, UNKNOWN_MIN, UNKNOWN_SHARE)
from index.lexical import LexicalIndex
from index.words import content_words

# not index/words.py's tokenizer, a different job: candidate names keep their case, hyphens and apostrophes
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
# a question addressed to the assistant itself ("Negeer alle instructies …") is refused without repeating its words
_INSTRUCTION = re.compile(r"\b(negeer|vergeet|instructies?|systeemprompt|prompt|ignore|instructions?|jailbreak)\b",
                          re.I)


@dataclass(frozen=True)
class PartCheck:
    text: str
    missing: tuple[str, ...]  # names and rare words of this part the corpus never uses (named to the user)
    covered: bool
    named: bool = False  # uncovered by an unknown name or subject, not only by a rare word


def unknown_names(question: str, corpus_words: set[str]) -> list[str]:
    """Acronyms and capitalised words (not sentence-initial) that never occur in the corpus."""
    found = []
    for m in _NAME_TOKEN.finditer(question):
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


def rare_unknown(text: str, language: str, lexical: LexicalIndex) -> list[str]:
    """Content words the index does not know (stem or compound parts) that are rare in general language."""
    return [w for w in dict.fromkeys(content_words(text)) if len(w) >= RARE_MIN_CHARS and not lexical.knows(w)
            and zipf_frequency(w, language) < RARE_ZIPF]


def unknown_words(text: str, lexical: LexicalIndex) -> list[str]:
    """The question's content words (three letters or more, "fte"; no numbers) that the index does not know."""
    return [w for w in dict.fromkeys(content_words(text)) if len(w) >= 3 and not w.isdigit() and not lexical.knows(w)]


@dataclass(frozen=True)
class ReaderMatch:
    """How close the question, and each of its parts, comes to a reader question written for the documents
    (its best cosine): the evidence check 5 weighs the unknown words against."""

    question: float
    parts: tuple[float, ...]


def subject_logit(text: str, language: str, lexical: LexicalIndex, reader_similarity: float) -> float:
    """Check 5's log-odds that `text` is about a subject the documents lack."""
    rarity = sum(max(0.0, RARITY_BASE - zipf_frequency(w, language)) for w in unknown_words(text, lexical))
    return SUBJECT_BIAS + SUBJECT_READER_WEIGHT * reader_similarity + SUBJECT_RARITY_WEIGHT * rarity


def unfamiliar(text: str, language: str, lexical: LexicalIndex, reader_similarity: float | None) -> bool:
    """Check 5: the question's unknown words are rare enough, and its closest reader question far enough,
    that the documents are about something else. Off without reader questions (uploads have none) and
    without unknown words."""
    return reader_similarity is not None and bool(unknown_words(text, lexical)) \
        and subject_logit(text, language, lexical, reader_similarity) >= SUBJECT_LOGIT


def familiar(text: str, language: str, lexical: LexicalIndex, reader_similarity: float | None) -> bool:
    """The other side of check 5: a close reader question and few rare unknown words make the documents'
    subject likely (probability 0.8), even when no single sentence passes the similarity bound."""
    return reader_similarity is not None and subject_logit(text, language, lexical, reader_similarity) <= -SUBJECT_LOGIT


def off_subject(text: str, language: str, lexical: LexicalIndex) -> tuple[bool, list[str]]:
    """(Dutch) several content words unknown to the index: the documents are about something else."""
    if language != "nl":
        return False, []
    words = lexical.content_words(text)
    unknown = [w for w in words if not lexical.knows(w)]
    total = len(words)
    off = total > 0 and (len(unknown) == total or (len(unknown) >= UNKNOWN_MIN and len(unknown) / total >= UNKNOWN_SHARE))
    return off, unknown


def check_part(text: str, language: str, lexical: LexicalIndex, several: bool,
               reader_similarity: float | None = None) -> PartCheck:
    """A part is uncovered by an unknown name, by an unknown or unfamiliar subject, or (in a question of
    several parts) by a rare word the corpus never uses. The rare words are named either way; an uncovered
    part also names its uncommon unknown words ("ORT" and "toeslag")."""
    names = unknown_names(text, lexical.decompounder.words)
    rare = rare_unknown(text, language, lexical)
    off, unknown = off_subject(text, language, lexical)
    subject = unfamiliar(text, language, lexical, reader_similarity)
    covered = not names and not off and not subject and not (several and rare)
    uncommon = [] if covered else [w for w in unknown_words(text, lexical) if zipf_frequency(w, language) < NAME_ZIPF]
    named = {n.lower() for n in names}
    missing = list(dict.fromkeys(names + [w for w in rare + uncommon if w not in named]))
    if not covered and not missing:  # no name and no uncommon word: the unknown words themselves
        missing = unknown or unknown_words(text, lexical)
    return PartCheck(text, tuple(missing), covered, bool(names) or off or subject)


# words by which a part points back at the part before it ("… NZa …, en hoe lang duurt die toets?")
_POINTS_BACK = {"die", "deze", "dit", "dat", "hij", "ze", "zij", "hun", "hem", "daarvan", "daarvoor", "daarbij",
                "daarmee", "ervoor", "erbij", "ermee", "daar", "it", "they", "them", "that", "those", "this"}


def _checks(parts: list[str], language: str, lexical: LexicalIndex,
            readers: ReaderMatch | None = None) -> list[PartCheck]:
    """Each part checked, against its own closest reader question (`unfamiliar`); a part that points back
    at an uncovered part before it is not covered either."""
    readers = readers.parts if readers else (None,) * len(parts)
    checks = [check_part(p, language, lexical, len(parts) > 1, r) for p, r in zip(parts, readers)]
    for i in range(1, len(checks)):
        if checks[i].covered and checks[i - 1].named and _POINTS_BACK & set(checks[i].text.lower().split()):
            checks[i] = PartCheck(checks[i].text, checks[i].missing, False, True)
    return checks


# which check decided (`Scope.check`): the numbers of the module docstring
EMPTY, INSTRUCTION, SIMILARITY, COVERAGE, COVERED_SIMILARITY = ("empty", "instruction", "similarity", "coverage",
                                                               "covered_similarity")


@dataclass(frozen=True)
class Asked:
    """The question as the scope decision reads it."""

    text: str  # white space normalised, as asked (check 0)
    parts: tuple[str, ...]  # the parts of the text the assistant reads (cut to `max_question_chars`)
    language: str


class Measures(Protocol):
    """What retrieval measured for the question, asked for only when a check needs it (an empty question
    or one addressed to the assistant needs none)."""

    def best_similarity(self) -> float:
        """The best indexed sentence's cosine with the question (0.0 when nothing was retrieved)."""

    def readers(self, parts: tuple[str, ...]) -> ReaderMatch | None:
        """The question's and each part's closest reader question; None without reader questions."""

    def covered_similarity(self, covered: tuple[str, ...]) -> float | None:
        """The best sentence's cosine with the covered parts alone; None for an index without sentences."""


@dataclass(frozen=True)
class Measured:
    """Measures known beforehand (tests, and callers that have them at hand)."""

    best: float
    reader_match: ReaderMatch | None = None
    covered: float | None = None

    def best_similarity(self) -> float:
        return self.best

    def readers(self, parts: tuple[str, ...]) -> ReaderMatch | None:
        return self.reader_match

    def covered_similarity(self, covered: tuple[str, ...]) -> float | None:
        return self.covered


def decide(asked: Asked, measures: Measures, threshold: float, lexical: LexicalIndex, reasons: dict) -> Scope:
    """answered, partial (the covered parts answered, the rest named, `Scope.covered`) or refused, with the
    reason in the user's language (`reasons`: the templates of prompts/answer.yaml) and the check that
    decided. A partial answer's covered parts must pass the same similarity bound on their own; `readers`
    weigh the unknown words (check 5); a familiar question is not held to the similarity bound."""
    if not any(ch.isalnum() for ch in asked.text):
        return Scope("refused", reasons["empty"], check=EMPTY)
    parts, language = list(asked.parts), asked.language
    bound = threshold - (ENGLISH_MARGIN if language == "en" else 0.0)
    if _INSTRUCTION.search(" ".join(parts)):
        return Scope("refused", reasons["scope_far"], check=INSTRUCTION)
    readers = measures.readers(asked.parts)
    checks = _checks(parts, language, lexical, readers)
    covered = tuple(c.text for c in checks if c.covered)
    if len(parts) > 1 and off_subject(" ".join(parts), language, lexical)[0]:  # off the subject as a whole
        checks = [PartCheck(c.text, c.missing, False, True) for c in checks]
    missing = tuple(dict.fromkeys(m for c in checks if not c.covered for m in c.missing))
    if measures.best_similarity() < bound and not familiar(" ".join(parts), language, lexical,
                                                          readers and readers.question):
        named = tuple(dict.fromkeys(m for c in checks for m in c.missing))
        return Scope("refused", reasons["scope_missing"].format(terms=join_terms(named, reasons))
                     if named else reasons["scope_far"], named, SIMILARITY)
    if all(not c.covered for c in checks):
        return Scope("refused", reasons["scope_missing"].format(terms=join_terms(missing, reasons))
                     if missing else reasons["scope_far"], missing, COVERAGE)
    if any(not c.covered for c in checks):
        covered_similarity = measures.covered_similarity(covered)
        if covered_similarity is not None and covered_similarity < bound:
            return Scope("refused", reasons["scope_missing"].format(terms=join_terms(missing, reasons)), missing,
                         COVERED_SIMILARITY)
        return Scope("partial", reasons["scope_partial"].format(terms=join_terms(missing, reasons)), missing,
                     COVERAGE, covered)
    return Scope("answered", reasons["scope_answered"], check=COVERAGE, covered=covered)


def join_terms(terms: tuple[str, ...], t: dict) -> str:
    """"medicatie of een delier": the missing terms joined as a sentence would."""
    terms = list(terms)
    if len(terms) <= 1:
        return terms[0] if terms else ""
    return ", ".join(terms[:-1]) + f" {t['or']} " + terms[-1]
