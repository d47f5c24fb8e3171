"""Is a question about something the documents cover? One decision, `decide`, with its reason and the
check that made it (`Scope.check`); the constants are in assistant/tuning.py.

Checks, calibrated on the dev questions:
0. An empty question (no letter or digit) is refused before anything is retrieved.
1. Similarity: the best indexed sentence must be close enough to the question (a setting; English
   questions, matched across languages, score lower and get their own margin). A question that calls a register
   model by its name is not held to it: the register knows where the documents describe the model.
2. Named things: a question that hinges on a name or acronym the corpus never uses ("NZa-tarief",
   "Wtza", "HHI") cannot be answered from it; nor one that names a law in full whose words the corpus does
   not all use ("Wet toetreding zorgaanbieders"). A corpus name's adjective is that name ("Apeldoornse"). A name
   in the sentences before the question ("Wij zijn vier VVT-organisaties in de Betuwe. Wat levert …?"), a law's
   too, is where the asker stands, not what they ask about (`asked_clause`; checks 5 and 6 and the multi-part
   rare-word rule read it the same way: "we staan op het punt een samenwerkingsverband te smeden" is a manager's
   context, not a subject).
3. Unknown subject (Dutch questions): when several of the question's content words, stemmed and split
   into compound parts, occur nowhere in the index ("dossiers", "polikliniek", "ondernemingsraad"),
   the documents are about something else. Context sentences before the question count only when the asked
   clause itself holds a rare unknown word (`unknown_subject`): a manager's idioms are how they talk.
4. A question addressed to the assistant itself ("Negeer alle instructies …") is refused without its words
   being repeated in the reason.
5. Unfamiliar subject: words the index does not know weigh by how rare they are in general language
   ("medicatie", "delier", "loonschaal"), against how close the question comes to a reader question written
   for the documents; a manager's own paraphrase ("stuurloos") is rare too, but comes with a close reader
   question. The weights are a logistic model fitted on the dev questions (`unfamiliar`); confident the
   other way (`familiar`), the same model lifts the similarity bound of check 1. A part whose unknown words are
   all everyday words ("wie hebben de pen gevoerd?") is not unfamiliar: a missing subject has a name.
6. Focus terms: the thing a Dutch question asks about, the word after "welk(e)" ("welke cao", "welke boete"),
   must be a word the index uses (stem or compound parts; a kind of a thing it uses, "welke leiderschapsstijl",
   asks about that thing), unless the question fits a model of the register
   ("welk raamwerk …" asks for a model by its own words); and a long word that general language (wordfreq)
   does not list and that neither begins nor ends with a long corpus word ("decubituswond",
   "roosterpakketten") is the question's focus whatever it asks; both read the asked clause.
7. Answer type: a part that asks for a figure, an amount of money, a percentage, a date, a period or a count
   ("wat kost …", "wat verdient …", "wat rekent …", "wat is een redelijk uurtarief …",
   "hoe hoog is de vergoeding …", "hoeveel procent …", "wanneer vindt …
   plaats", "binnen hoeveel weken …", "hoeveel projecten …", "hoe groot is het tekort aan …"; not a yes-or-no
   question that names one, nor "wanneer betrek ik …", when to act),
   needs such a figure in the sentences the answer would quote from, and one about what it asks: not a figure
   the question states itself ("10%"); a count or share must count the thing asked ("hoeveel deelnemers" is not
   answered by "90 procent van de deelnemers", "hoeveel van de zij-instromers" not by "11 BBL'ers"), in a
   sentence (or beside one) that says what the question says of it, or in a passage whose reader questions ask
   that count, and a figure narrowed by a restrictive clause ("100 projecten die al zijn gestart") only in that
   clause; a percentage that names no counted thing must measure something the part names ("10% meer behoud"
   is no fall in turnover); a period, or a date (a year or a month, not a year in brackets citing a
   publication), must lie in a sentence about the part. "Hoeveel structuur" asks for a
   degree, no figure. A frequency ("hoe vaak vergadert …") needs one the question does not state itself ("per
   jaar"). A part that asks for a person by a post ("wie is de voorzitter van …", "wie zit die tafel voor?") or
   for an organisation by its kind ("bij welke organisatie werkt …", "welke zorgverzekeraar …") needs a name the
   question does not state, beside that post, kind or person, in a sentence about what the part names
   (`names_the_asked`); who holds a role in an approach ("wie is verantwoordelijk voor …") is answered by a role.
   English questions share no words with the documents: for them any such figure, not stated by the question,
   will do in a sentence nearly as close to the question as the closest.
8. Cited works: a part about a work (a video, a book, a report, or a title in quotes) by a name the documents
   use only in their references ("een video van Wiko Vlasblom", "het boek van Boonstra en Eguiguren") asks what
   that work says, and the documents do not say it; unless it asks for the reference itself (who, where, when,
   which source).
A question with several parts is checked part by part: the parts the documents cover are answered, and
the rest is named (`partial`). There, a rare compound the corpus never uses ("loonschaal",
"pensioenopbouw"; not one made of two halves it does use, "netwerkregisseur"), or a common one it never uses
whole ("jaarrekening", "arbeidsovereenkomst"), also marks a part as uncovered; alone, such a word is too often
a manager's own paraphrase ("stuurloos", "doorhakken") to refuse on.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Protocol

from wordfreq import zipf_frequency

from assistant.answer import Scope
from assistant.cues import asks_for_a_kind, asks_for_model
from assistant.linking import is_list_question
from assistant.question import asked_clause
from assistant.tuning import (COMMON_IDF, ENGLISH_FIGURE_GAP, ENGLISH_MARGIN, EVERYDAY_ZIPF, LEXICALISED_MIN_CHARS,
                              NAME_WINDOW, NAME_ZIPF, RARE_MIN_CHARS, RARE_ZIPF, RARITY_BASE, SAME_ROOT, SUBJECT_BIAS,
                              SUBJECT_LOGIT, SUBJECT_RARITY_WEIGHT, SUBJECT_READER_WEIGHT, UNHEARD_MIN_CHARS,
                              UNKNOWN_MIN, UNKNOWN_SHARE, UNSAID_MIN_CHARS)
from index.lexical import LexicalIndex
from index.words import STOP, content_words, stem, words

# not index/words.py's tokenizer, a different job: a word as written, its case, hyphens and apostrophes kept (a
# candidate name, "VVT-organisaties"; what a figure counts, "BBL'ers")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
# a question addressed to the assistant itself ("Negeer alle instructies …") is refused without repeating its words
_INSTRUCTION = re.compile(r"\b(negeer|vergeet|instructies?|systeemprompt|prompt|ignore|instructions?|jailbreak)\b",
                          re.I)


# which check decided (`Scope.check`): the numbers of the module docstring
EMPTY, INSTRUCTION, SIMILARITY, COVERAGE, COVERED_SIMILARITY = ("empty", "instruction", "similarity", "coverage",
                                                               "covered_similarity")
FOCUS, FIGURE, CITED = "focus", "figure", "cited"  # checks 6, 7 and 8


@dataclass(frozen=True)
class PartCheck:
    text: str
    missing: tuple[str, ...]  # names and rare words of this part the corpus never uses (named to the user)
    covered: bool
    named: bool = False  # uncovered by an unknown name or subject, a focus term or a cited work, not a rare word
    by: str = ""  # the check that left it uncovered (`Scope.check`): COVERAGE, FOCUS, FIGURE or CITED
    figure: str = ""  # check 7: the kind of figure it asks for that the documents do not give
    counted: str = ""  # check 7: the thing whose count or share it asks for ("zij-instromers"), when it names one


def _adjective_of(word: str, corpus_words: set[str]) -> bool:
    """A capitalised word that is the adjective of a corpus name: "Apeldoornse" of Apeldoorn, "Twentse" of
    Twente (dev q232-q235: the Apeldoornse and Brabantse questions were refused on the name, written first)."""
    base = word.lower()[:-2] if word.lower().endswith("se") else ""
    return len(base) >= 4 and (base in corpus_words or base + "e" in corpus_words)


def unknown_names(question: str, corpus_words: set[str]) -> list[str]:
    """Acronyms and capitalised words (not sentence-initial) that never occur in the corpus, nor is it their
    adjective (`_adjective_of`); an ending after an apostrophe is not the name ("BBL'ers": the documents write
    "BBL’ers", with another apostrophe)."""
    found = []
    for m in _TOKEN.finditer(question):
        token = m.group(0).strip("-'’")
        for part in token.split("-"):
            if len(part) < 2:
                continue
            upper = sum(ch.isupper() for ch in part)
            sentence_start = m.start() == 0 or question[:m.start()].rstrip()[-1:] in ".?!:"
            is_name = upper >= 2 or (upper == 1 and part[0].isupper() and not sentence_start)
            low = part.lower()  # and the name before an ending: "VVTs", "VVT's", "BBL'ers"
            forms = {low, low.rstrip("'’s"), re.split(r"['’]", low, maxsplit=1)[0]}
            if is_name and not forms & corpus_words and not _adjective_of(part, corpus_words):
                found.append(part)
    return found


# a Dutch law by its full name: "Wet" with a capital, then its words in lower case, through a comma or "en"
# ("Wet kwaliteit, klachten en geschillen zorg"); "op de" / "op het" right after "Wet" belong to the name
_LAW = re.compile(r"\bWet\s+(?:op\s+(?:de|het)\s+)?")
_LAW_TOKEN = re.compile(rf"{_TOKEN.pattern}|,")
MAX_LAW_WORDS = 6


@dataclass(frozen=True)
class Law:
    name: str  # as the question writes it: "Wet kwaliteit, klachten en geschillen zorg"
    words: tuple[str, ...]  # its words after "Wet" (and any "op de"): ("kwaliteit", "klachten", …)


def law_names(question: str) -> list[Law]:
    """The laws a question names in full."""
    found = []
    for m in _LAW.finditer(question):
        tokens = list(_LAW_TOKEN.finditer(question, m.end(), m.end() + 120))
        words: list[str] = []
        end = m.end()
        for k, t in enumerate(tokens):
            text, nxt = t.group(0), tokens[k + 1].group(0) if k + 1 < len(tokens) else ""
            if text in (",", "en"):  # joins two words of the name only
                if not (words and nxt[:1].islower() and nxt not in STOP):
                    break
                continue
            if not text[:1].islower() or text in STOP or len(words) == MAX_LAW_WORDS:
                break
            words.append(text)
            end = t.end()
        if words:
            found.append(Law(question[m.start():end], tuple(words)))
    return found


def unknown_laws(question: str, lexical: LexicalIndex) -> list[str]:
    """Laws the question names in full that the documents never name: a word of the name the index never
    holds whole ("Wet toetreding zorgaanbieders": "toetreding"). Check 2 for names in lower case: knowing
    "zorgaanbieders" is not knowing the law. A name of only words the documents use ("Wet langdurige zorg")
    is left to the other checks."""
    return [law.name for law in law_names(question) if any(not lexical.holds_whole(w) for w in law.words)]


def lexicalised_unknown(text: str, language: str, lexical: LexicalIndex) -> list[str]:
    """Long singular compounds that general language lists as words of their own ("jaarrekening",
    "pensioenregeling", "arbeidsovereenkomst") and that the index never holds whole: knowing "jaar" and
    "rekening" is not knowing a jaarrekening. A manager's own compound ("arbeidsmarktverband") is not listed in
    general language; a plural one names a group the documents speak of in their own words ("belanghebbenden",
    "onderwijsinstellingen": partijen, onderwijs); a stressed one is its known head ("sleutelrol"). Dutch only: an
    English word is unknown to the Dutch index because it is English ("foundation", of which the documents say
    "stichting")."""
    if language != "nl":
        return []
    return [w for w in dict.fromkeys(content_words(text)) if len(w) >= LEXICALISED_MIN_CHARS and not _plural(w)
            and not lexical.holds_whole(w) and not lexical.stressed(w) and zipf_frequency(w, language) >= RARE_ZIPF
            and not phrasing(w) and not wording(w) and not verb_form(w) and not _ADJECTIVE.search(w)]


def rare_unknown(text: str, language: str, lexical: LexicalIndex) -> list[str]:
    """Content words the index does not know (stem or compound parts) that are rare in general language; not a
    compound of two halves the index holds ("mededingingstoezichthouder", "netwerkregisseur"): a manager's own
    compound of the documents' words, where "loonschaal" and "pensioenopbouw" have a half they never use. Dutch
    only: an English word is unknown to the Dutch index because it is English, and a rare one is as often a board
    member's idiom ("bankrolled", "ring-fenced") as a subject; check 5 weighs English questions."""
    if language != "nl":
        return []
    return [w for w in dict.fromkeys(content_words(text)) if len(w) >= RARE_MIN_CHARS and not lexical.knows(w)
            and zipf_frequency(w, language) < RARE_ZIPF and not lexical.known_halves(w) and not phrasing(w)
            and not wording(w)]


# a separable verb's particle, and the superlative's "aller-", before a word of their own
_PARTICLES = "door|weg|uit|mee|toe|op|af|aan|in|over|terug|samen|na|voor|bij|om|vast|los|dicht|neer|open|rond|tegen|vol"
_PARTICLE = re.compile(rf"^(?:{_PARTICLES})(\w{{3,}}en)$")
# a participle and its stem: a weak one, or a strong one after a particle ("gebouwen" alone is a noun)
_PARTICIPLE = re.compile(rf"^(?:(?:{_PARTICLES})?ge(\w{{3,}}?)[dt]|(?:{_PARTICLES})ge(\w{{3,}}?)en)$")
# a Dutch adjective's suffix ("gebruikelijke", "wettelijk", "noodzakelijk", "financiële" aside): no compound noun
_ADJECTIVE = re.compile(r"(?:lijke?|ige?|ische?|bare?|zame?|loze?|loos)$")
_INTENSIFIED = re.compile(r"^aller(\w{4,})$")


def phrasing(word: str) -> bool:
    """(Dutch) a separable verb or an intensified adjective made of a common word ("wegzakken", "doorhakken",
    "allereerste"): how a manager says it, not a thing the documents lack. "aanbestedingen" is not one:
    "bestedingen" is itself rare."""
    m = _PARTICLE.match(word) or _INTENSIFIED.match(word)
    return bool(m) and zipf_frequency(m.group(1), "nl") >= RARE_ZIPF


# the endings of a weak verb's forms, longest first: "doorhak|ten", "verstikk|en", "pionier|t"
_VERB_ENDINGS = ("ten", "den", "te", "de", "en", "t")
_DOUBLED = re.compile(r"([bdfgklmnprst])\1$")
_EREN = re.compile(r"(?<!e)er$")  # the stem of an -eren verb ("reserveren", "organiseren") doubles its e


def verb_form(word: str) -> bool:
    """(Dutch) a form of a verb: of a weak verb, known as one because general language lists its past tense
    ("verstikken", "pionieren", "doorhakten": "verstikte", "pionierde", "doorhakte"; of a past tense, its plural:
    "losmaakte", "losmaakten"), which no noun has
    ("stagevergoeding", "dagdelen", "pensioenopbouw"); or a participle, ge- after a separable particle or not, of a
    verb general language lists ("opgeleverd" of leveren, "aangevlogen": vlogen), which "gezondheid" is not."""
    participle = _PARTICIPLE.match(word)
    if participle and zipf_frequency((participle.group(1) or participle.group(2)) + "en", "nl") > 0:
        return True
    for ending in _VERB_ENDINGS:
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= 4:
            stem = _DOUBLED.sub(r"\1", stem)
            stems = {stem, _EREN.sub("eer", stem)}  # "reserver" of reserveren is "reserveer"
            past = [s + p for s in stems for p in ("te", "de") if s + p != word]
            if ending in ("te", "de"):
                past.append(word + "n")
            return any(zipf_frequency(p, "nl") > 0 for p in past)
    return False


def rare_verb(word: str) -> bool:
    """(Dutch) a verb form (`verb_form`) that general language seldom uses (zipf below RARE_ZIPF): a subject the
    documents lack is named by a noun; a rare verb is how a manager says it ("voordat we de knoop doorhakten", "zo'n
    netwerk niet verstikken", "hoe hebben ze dat aangevlogen?"). A common one ("adviseert") still counts among the
    unknown words."""
    return zipf_frequency(word, "nl") < RARE_ZIPF and verb_form(word)


# nouns that ask for a figure ("welk percentage", "het bedrag"): check 7 judges whether the documents give it. As long
# as they were not wording, "percentage" (zipf 4.2; the documents say "procent") was a listed compound the index lacks,
# and it refused dev-colloquial-6's "Welk percentage van de symposiumdeelnemers zag …" (q558, q622).
_FIGURE_NOUNS = {"bedrag", "bedragen", "percentage", "percentages", "termijn", "termijnen", "aantal", "aantallen"}
_PRONOMINAL = re.compile(r"^(?:er|daar|hier|waar)(?:aan|achter|bij|binnen|boven|buiten|door|in|langs|mee|na|naar|naast|"
                         r"om|onder|op|over|tegen|toe|tussen|uit|van|voor|zonder)$")


def wording(word: str) -> bool:
    """How a question is put, not what it asks about: a pronominal adverb ("eraan", "daarvoor"), a noun that asks
    for a figure ("percentage"), a word that asks for a kind of answer ("pluspunten", "addertje", `asks_for_a_kind`),
    or a rare verb form (`rare_verb`: "voordat we de knoop doorhakten"). None is a subject the documents could lack.
    (A separable verb, `phrasing`, may be one, "uitlenen" of nurses: it only spares a rare word.)"""
    return bool(_PRONOMINAL.match(word)) or word in _FIGURE_NOUNS or asks_for_a_kind(word) or rare_verb(word)


# check 6: the word after "welk(e)", the thing a Dutch question asks about ("welke cao", "welk valpreventieprotocol");
# "welk bedrag" asks for a figure, check 7's job
_ASKED_ABOUT = re.compile(r"\bwelke?\s+([^\W\d_][\w'’-]*)", re.I)


def asked_about(text: str, language: str) -> list[str]:
    """The things a Dutch question asks about: each word after "welk(e)" that is not a stop word. English
    questions have none: every English word is unknown to the Dutch index, whatever the subject."""
    if language != "nl":
        return []
    found = (m.group(1).lower().strip("-'’") for m in _ASKED_ABOUT.finditer(text))
    return [w for w in dict.fromkeys(found) if w and w not in STOP and w not in _FIGURE_NOUNS]


def unheard(word: str, lexical: LexicalIndex) -> bool:
    """A long word that general language (wordfreq, Dutch and English) does not list and that begins or ends
    with no long corpus word: a compound the documents never come near ("decubituswond"), not one they use
    in part ("mededingingstoezichthouder", "onderhandelingsspel")."""
    n = UNHEARD_MIN_CHARS
    if len(word) < n or lexical.knows(word) or zipf_frequency(word, "nl") > 0 or zipf_frequency(word, "en") > 0:
        return False
    parts = [word[:i] for i in range(n, len(word))] + [word[i:] for i in range(1, len(word) - n + 1)]
    return not any(lexical.knows(p) for p in parts)  # through its stem: "onderhandel(ing)" of "onderhandelen"


# nouns for a kind of something: "welke leiderschapsstijl" asks which kind of leiderschap
_KIND_NOUNS = ("stijl", "methode", "methodiek", "variant", "systematiek", "vorm", "type", "soort", "wijze", "manier")


def kind_of_known(word: str, lexical: LexicalIndex) -> bool:
    """A compound that names a kind of something the index knows ("leiderschapsstijl", "werkmethode",
    "governancevariant"): the question asks about that thing, in the manager's own word for a kind of it."""
    kind = next((k for k in _KIND_NOUNS if word.endswith(k) and len(word) - len(k) >= 4), "")
    head = word[:len(word) - len(kind)]
    return bool(kind) and (lexical.knows(head) or (head.endswith("s") and lexical.knows(head[:-1])))


def asked_unknown(text: str, language: str, lexical: LexicalIndex) -> list[str]:
    """The things the question asks about that the index never uses (of a hyphenated word, the parts it
    never uses: "ORT" of "ORT-toeslag"); a kind of a thing it uses is that thing (`kind_of_known`)."""
    return list(dict.fromkeys(p for w in asked_about(text, language) for p in w.split("-")
                              if len(p) >= 2 and not lexical.knows(p) and not kind_of_known(p, lexical)))


# "in welk stadium", "op welk moment": the noun after a preposition and "welk(e)" names a circumstance of what is
# asked (when, where, under which condition), not the thing asked about
_CIRCUMSTANCE = r"\b(?:in|op|bij|onder|vanaf|tot|na|voor|binnen)\s+welke?\s+"


def framing(word: str, language: str, text: str) -> bool:
    """An unknown asked word that a question fitting a register model may use: a noun for a model or a list
    ("welk raamwerk", "welke typologie", "welke checks": what the register holds, in the manager's words), or
    an everyday word (zipf at least NAME_ZIPF) that names a circumstance ("in welk stadium"), which the answer
    would not name as missing either. Anything else is the subject itself ("welke cao", "welke software",
    "welke verzekering"), whatever model the rest of the question fits."""
    if asks_for_model(word) or is_list_question(word):
        return True
    return (zipf_frequency(word, language) >= NAME_ZIPF
            and re.search(_CIRCUMSTANCE + re.escape(word) + r"\b", text, re.I) is not None)


def focus_terms(text: str, language: str, lexical: LexicalIndex, fits_model: bool) -> list[str]:
    """Check 6: the question's focus terms the documents do not cover: the thing asked about ("welke cao")
    that the index never uses (when the question fits a register model, unless it is `framing`), and every
    unheard word."""
    asked = [w for w in asked_unknown(text, language, lexical) if not (fits_model and framing(w, language, text))]
    return list(dict.fromkeys(asked + [w for w in content_words(text) if unheard(w, lexical) and not wording(w)]))


def english_verb(word: str) -> bool:
    """An English -ing or -ed form whose verb general language uses more than the form ("prepping" of prep,
    "chalking", "slicing" of slice, "flagged", "bankrolled"): how a board member puts it. Every English word is
    unknown to the Dutch index; a subject the documents lack is named by a noun ("haloperidol", "notary")."""
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            base = word[:-len(suffix)]
            bases = {base, base + "e", _DOUBLED.sub(r"\1", base)} | ({base[:-1] + "y"} if base.endswith("i") else set())
            return any(zipf_frequency(b, "en") > zipf_frequency(word, "en") for b in bases)
    return False


def unknown_words(text: str, lexical: LexicalIndex, language: str) -> list[str]:
    """The question's content words (three letters or more, "fte"; no numbers) that the index does not know, its
    `wording` aside (in an English question its verb forms too, `english_verb`)."""
    return [w for w in dict.fromkeys(content_words(text)) if len(w) >= 3 and not w.isdigit() and not lexical.knows(w)
            and not wording(w) and not (language == "en" and english_verb(w))]


@dataclass(frozen=True)
class ReaderMatch:
    """How close the question, and each of its parts, comes to a reader question written for the documents
    (its best cosine): the evidence check 5 weighs the unknown words against."""

    question: float
    parts: tuple[float, ...]


def subject_logit(text: str, language: str, lexical: LexicalIndex, reader_similarity: float) -> float:
    """Check 5's log-odds that `text` is about a subject the documents lack. An English question's closest
    reader question, matched across languages, is lifted by the margin of check 1 (ENGLISH_MARGIN)."""
    if language == "en":
        reader_similarity += ENGLISH_MARGIN
    rarity = sum(max(0.0, RARITY_BASE - zipf_frequency(w, language)) for w in unknown_words(text, lexical, language))
    return SUBJECT_BIAS + SUBJECT_READER_WEIGHT * reader_similarity + SUBJECT_RARITY_WEIGHT * rarity


def unfamiliar(text: str, language: str, lexical: LexicalIndex, reader_similarity: float | None) -> bool:
    """Check 5: the question's unknown words are rare enough, and its closest reader question far enough,
    that the documents are about something else. Off without reader questions (uploads have none) and
    without an unknown word less common than everyday words (NAME_ZIPF): a subject the documents lack is named by
    one ("medicatie", "delier"); "wie hebben de pen gevoerd?" or "when was the plug pulled?" asks in everyday
    words about what the part before it names."""
    return reader_similarity is not None \
        and any(zipf_frequency(w, language) < NAME_ZIPF for w in unknown_words(text, lexical, language)) \
        and subject_logit(text, language, lexical, reader_similarity) >= SUBJECT_LOGIT


def familiar(text: str, language: str, lexical: LexicalIndex, reader_similarity: float | None) -> bool:
    """The other side of check 5: a close reader question and few rare unknown words make the documents'
    subject likely (probability 0.8), even when no single sentence passes the similarity bound."""
    return reader_similarity is not None and subject_logit(text, language, lexical, reader_similarity) <= -SUBJECT_LOGIT


def off_subject(text: str, language: str, lexical: LexicalIndex, everyday: bool = False) -> tuple[bool, list[str]]:
    """(Dutch) several content words unknown to the index: the documents are about something else. With `everyday`
    (the whole of a question of several parts), a word general language uses all the time (`EVERYDAY_ZIPF`:
    "inmiddels", "eigenlijk", "gewoon") is how the question is put, not its subject."""
    if language != "nl":
        return False, []
    words = lexical.content_words(text)
    unknown = [w for w in words if not lexical.knows(w) and not wording(w)
               and not (everyday and zipf_frequency(w, language) >= EVERYDAY_ZIPF)]
    total = len(words)
    off = total > 0 and (len(unknown) == total or (len(unknown) >= UNKNOWN_MIN and len(unknown) / total >= UNKNOWN_SHARE))
    return off, unknown


def unknown_subject(text: str, language: str, lexical: LexicalIndex, everyday: bool = False) -> tuple[bool, list[str]]:
    """Check 3 on a part with context sentences: their unknown words count ("We verwachten binnenkort een
    onaangekondigd bezoek van de IGJ. Hoe bereiden we ons voor op zo'n inspectiebezoek?") only when the asked
    clause itself holds a rare one; a manager's idioms around a question the documents answer ("roepen we braaf
    mee", "in eigen vlees snijden") are how they talk, not what they ask. (off, the part's unknown words)"""
    off, unknown = off_subject(text, language, lexical, everyday)
    asked = asked_clause(text)
    if not off or asked == text:
        return off, unknown
    own = set(lexical.content_words(asked))
    return any(w in own and zipf_frequency(w, language) < RARE_ZIPF for w in unknown), unknown


# "hoe groot is het tekort aan …", "hoe groot was de groep …": the size of a thing, a count ("hoe groot moet …"
# asks what suits, "hoe groot is de kans" a likelihood: neither is answered by a figure)
_SIZE = r"\bhoe groot (?:is|zijn|was|waren|wordt|worden) (?:het|de)\b(?!\s+(?:kans|risico)\b)"
# a count asked by its noun: "wat is het aantal deelnemers", "wat is het (huidige) inwoneraantal" (of inwoners)
_COUNT_NOUN = r"\bwat (?:is|was) het (?:\w+\s)?(\w*)aantal\b"
# check 7: what a part asks for when it asks for a figure (most specific first), and what such a figure looks like
_MONEY_NOUNS = (r"[\w-]*(?:geld|budget|begroting|euro|subsidie|toeslag|loon|salaris|vergoeding|kosten|premie|bijdrage|"
                r"tarief|bedrag|boete|prijs|huur|honorarium|uitkering|contributie|omzet)")
# check 7's names: the posts a person holds, and the bodies an organisation is, that a question asks to be named
_POSTS = (r"\w*(?:voorzitter|uitgever|auteurs?|schrijvers?|leid(?:er|ster)s?|managers?|directeur|bestuurders?|"
          r"secretaris|penvoerders?|sprekers?|initiatiefnemers?|oprichters?|eigenaar|contactpersoon|bedenkers?)")
# a group a person sits in: "wie zitten er in het bestuur van …", "wie zit er in de kerncoalitie"
_GROUPS = r"\w*(?:bestuur|raad|commissie|stuurgroep|coalitie|directie|kopgroep|werkgroep|regiegroep)"
_BODIES = (r"(?:organisatie|werkgever|instelling|zorgverzekeraar|verzekeraar|uitgeverij|bureau|adviesbureau|"
           r"leverancier|ziekenhuis|gemeente)")
_BODIES_NAMED = (r"(?:\w+\s+)?[\w-]*(?:zorgverzekeraars?|verzekeraars?|gemeenten|ziekenhuizen|EPD|leveranciers?|"
                 r"uitgeverij|adviesbureau)")
_POSTS_EN = (r"(?:chair|chairman|chairwoman|chairperson|publisher|authors?|writers?|project leader|director|speakers?|"
             r"founders?)")
_BODIES_EN = r"(?:organi[sz]ation|employer|insurer|firm|company|agency)"
_BODIES_NAMED_EN = r"(?:insurers?|health insurers?|municipalities|hospitals|employer|EPR|EHR|vendors?|suppliers?)"
# who or which organisation by name: a person by the post they hold ("wie is de voorzitter van …", "wie zit die tafel
# voor?"), an employer or a client ("bij welke organisatie werkt …"); not who holds a role in an approach ("wie is
# verantwoordelijk voor …", "wie heeft de trekkersrol"), which the documents answer with a role
_NAME_ASKED = re.compile(rf"\bwie\s+(?:is|was|zijn|waren)\s+(?:\w+\s+)?(?:de|het)\s+(?:\w+\s+)?{_POSTS}\b|"
                         r"\bwie\s+(?:zit|zitten|zat|zaten)\b[^?,;]*\bvoor\s*\?|"
                         rf"\bwie\s+(?:zit|zitten|zat|zaten)\s+(?:er\s+)?(?:\w+\s+)?in\s+(?:het|de|die|dat)\s+"
                         rf"(?:\w+\s+)?{_GROUPS}\b|"
                         r"\bwie\s+(?:vertelde|vertelden|sprak|spraken|schreef|schreven|presenteerde|presenteerden)\b|"
                         r"\bwie\s+(?:heeft|hebben|had|hadden)\b[^?,;]*\b(?:bedacht|verzonnen|uitgevonden|geschreven|"
                         r"opgericht)\b|"
                         rf"\b(?:bij|voor|van|door)\s+welke?\s+(?:\w+\s+)?{_BODIES}\b|\bwelke?\s+{_BODIES_NAMED}\b|"
                         rf"\bwho\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+)?{_POSTS_EN}\b|"
                         rf"\b(?:for|at|by|with)\s+which\s+{_BODIES_EN}\b|\bwhich\s+{_BODIES_NAMED_EN}\b", re.I)
_FIGURE_ASKED = (
    # earnings are money too: "wat verdient een programmamanager", "how much does … earn"; not what deserves
    # something: "wat verdient de voorkeur / (extra) aandacht / aanbeveling"
    ("money", re.compile(rf"\bwelke? bedrag|\bhoeveel (?:{_MONEY_NOUNS}|miljoen|duizend)\b|\bwat (?:kost|kosten)\b|"
                         r"\b(?:wat|hoeveel) verdien(?:t|en|de|den)\b(?!\s+(?:de\s+|extra\s+|meer\s+|veel\s+)?"
                         r"(?:voorkeur|aandacht|aanbeveling|navolging|waardering|respect|steun|vertrouwen)\b)|"
                         r"\bwhat does .* earn\b|"
                         r"\bhoe (?:hoog|groot) (?:is|zijn|was|waren|wordt|worden|ligt|liggen|kan|kunnen) "
                         r"(?:het |de |een )?"
                         rf"{_MONEY_NOUNS}\b|"
                         rf"\bhoogte van (?:het |de |een )?{_MONEY_NOUNS}\b|"
                         # what someone charges, as the English below: "wat rekent een notaris (voor …, als we …)",
                         # not what counts as something ("wat rekenen de documenten tot / als …"); a price asked for
                         # by its noun
                         r"\bwat reken(?:t|en|de|den)\b(?![^?]*\b(?:tot|onder|als(?!\s+(?:we|wij|je|jij|ze|zij|"
                         r"hij|u|ik|men|er)\b))\b)|"
                         r"\bwat reken\w*\b[^?]*\bper (?:uur|dag|dagdeel|maand|jaar|deelnemer)\b|"
                         r"\bwat (?:is|zijn) (?:het |de |een |hun |haar )?(?:\w+\s)?"
                         r"\w*(?:tarief|tarieven|prijs|prijzen|honorarium|salaris|salarissen|contributie|omzet|budget|"
                         r"begroting)\b|"
                         r"\bhoe duur\b|\bhow much (?:money|does|do|is|will)\b|\bwhat does .* (?:cost|charge)\b|"
                         # what one spends: "wat kwijt je ongeveer aan kosten voor een jurist"
                         r"\b(?:wat|hoeveel)\b[^?]*\b(?:aan kosten|aan geld)\b|"
                         r"\bwhat (?:is|are) the (?:price|fee|cost)s?\b", re.I)),
    ("percent", re.compile(r"\bwelke? percentage|\bhoeveel procent|\bhoe hoog is het percentage\b|"
                           r"\bwhat percentage|\bwhat share\b", re.I)),
    # when something happens: a start, an end, an edition, an event ("wanneer is … van start gegaan", "wanneer
    # vindt … plaats", "op welke datum"), in the third person or the past; not when to act ("wanneer betrek ik …",
    # "wanneer starten we …", "wanneer start je …", "when do we start …", "when is it wise to start …")
    ("date", re.compile(r"\bop welke datum\b|\b(?:wanneer|wat) is de (?:\w+\s)?deadline\b|"
                        r"\b(?:when|what) is the (?:\w+\s)?deadline\b|\bin welk jaar\b|\b(?:per|vanaf|tot) wanneer\b|"
                        r"\bwanneer\b[^?,;]*?\b(?:begint|begon|begonnen|start(?!\s+(?:je|jij|we|wij|jullie|ik|u)\b)|"
                        r"startte|gestart|van start|stopt|stopte|eindigt|afgelopen|loopt\b[^?,;]*\baf|"
                        r"houdt\b[^?,;]*\bop|vindt\b[^?,;]*\bplaats|verschijnt|verscheen|gepubliceerd|ingevoerd|"
                        r"in werking|live|operationeel)\b|"
                        r"\bon what date\b|\bin what year\b|\bwhen (?:did|does|will|was|is) (?!(?:we|i|you|it)\b)"
                        r"[^?,;]*?\b(?:start|begin|end|stop|take place|come out|appear|published)\b", re.I)),
    # a period asked by its noun too: "wat is de (wettelijke) beslistermijn", "wat is de looptijd van …"
    ("duration", re.compile(r"\bhoe lang\b|\bbinnen (?:welke|hoeveel)\b|\bwelke termijn\b|"
                            r"\bwat (?:is|zijn|was|waren) (?:de|het|een) (?:\w+\s)?"
                            r"\w*(?:termijn|looptijd|wachttijd)(?:en)?\b|"
                            r"\bhoeveel (?:dagen|weken|maanden|jaar|jaren|uur|uren)\b|\bhow long\b|"
                            r"\bwithin how many\b|\bwhat deadline\b|\bhow many (?:days|weeks|months|years|hours)\b",
                            re.I)),
    ("count", re.compile(rf"\bhoeveel\b|\bwelk aantal\b|{_SIZE}|{_COUNT_NOUN}|\bhow many\b|\bhow much\b", re.I)),
    ("frequency", re.compile(r"\bhoe vaak\b|\bhoe regelmatig\b|\bmet welke regelmaat\b|\bhow (?:often|frequently)\b",
                             re.I)),
    ("name", _NAME_ASKED),
)
_NUMBER_WORDS = (r"één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|veertig|vijftig|"
                 r"honderd|duizend|miljoen|miljard|helft|kwart")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year dates a figure, it is not one
_FIGURE = {
    "money": re.compile(r"€|\beuro\b|\bmiljoen\b|\bmiljard\b", re.I),
    "percent": re.compile(r"%|\bprocent\b|\bhelft\b|\bkwart\b", re.I),
    # "een heel jaar", "twee volle weken": a period may take a word of measure
    "duration": re.compile(rf"(?:\d|\b(?:{_NUMBER_WORDS}|een|enkele|paar))\s*(?:(?:heel|hele|half|halve|vol|volle|ruim)\s+)?"
                           r"(?:dag|dagen|week|weken|maand|maanden|jaar|jaren|uur|uren)\b", re.I),
    # a year or a month: "in 2018", "per 1 januari 2022", "in het najaar van 2023"
    "date": re.compile(r"\b(?:19|20)\d\d\b|\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|"
                       r"oktober|november|december|january|february|march|june|july|august|october)\b", re.I),
    # a count may come as a share ("86 procent van de deelnemers")
    "count": re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.I),
    "frequency": re.compile(r"\b(?:keer|maal|x)\s+(?:per|in|elke?|a)\b|\bper\s+(?:dag|week|maand|kwartaal|jaar)\b|"
                            r"\b(?:dagelijks|wekelijks|maandelijks|driemaandelijks|jaarlijks|halfjaarlijks)\w*|"
                            r"\belke?\s+(?:dag|week|maand|kwartaal|jaar)\b|\b(?:daily|weekly|monthly|quarterly|yearly|"
                            r"annually|twice|once|times a)\b", re.I),
}
# a figure and the words it counts: "350 projecten", "86 procent van de deelnemers", "10% meer stageplaatsen"
_NUMBER = re.compile(rf"\d[\d.,/-]*\s*%?|\b(?:{_NUMBER_WORDS})\b", re.I)
_SHARE = re.compile(r"%|\bprocent\b|\bhelft\b|\bkwart\b|\bpercent(?:age)?\b|\bshare\b", re.I)
_FIGURE_WORDS = {"procent", "percentage", "percent", "meer", "minder", "extra", "ruim", "zo'n", "zo’n"}
_PARTITIVE = re.compile(r"^\s*(?:%\s*|procent\s+|percent\s+)?(?:van|of)\s+(?:de|het|onze|hun|the|our|their)\b", re.I)
_COUNT_CUE = re.compile(rf"\b(?:hoeveel|welk aantal|welke? percentage|how many|what percentage|what share)\b|{_SIZE}|"
                        rf"{_COUNT_NOUN}", re.I)
# what a size question measures through ("hoe groot is het deel van de samenwerkingen", "de eerste groep …")
_COLLECTIVE = {"deel", "aandeel", "groep", "aantal", "omvang", "eerste", "totale", "huidige"}
_COLLECTIVE_RUN = re.compile(rf"^(?:\s*(?:{'|'.join(sorted(_COLLECTIVE))})\b)+", re.I)
# the words of a period or a count that say nothing of what it is about ("hoe lang", "binnen hoeveel weken")
_MEASURE_WORDS = ("lang hoeveel vaak keer per aantal procent percentage termijn dag dagen week weken maand maanden "
                  "jaar jaren uur uren binnen gemiddeld totaal")


def _plural(word: str) -> bool:
    """A word that reads as a plural noun ("projecten", "deelnemers", "VVT-organisaties", "BBL'ers"): what a
    count counts; "hoeveel structuur" asks for a degree, not a count."""
    return len(word) >= 4 and word.lower().endswith(("en", "s"))


@dataclass(frozen=True)
class Counted:
    """What a count or percentage question counts: the first plural noun after "hoeveel (procent) (van de)"
    ("leerlingen", "regionale gelden" → "gelden"), and whether it asks for a part of a group ("hoeveel van
    de …", "hoeveel procent …") or for its size ("hoeveel deelnemers waren er?")."""

    word: str
    partitive: bool


# singular words a count counts in, a unit of measure: "hoeveel fte" is answered by "3 fte", not by any figure
_UNITS = {"fte"}


def counted(text: str) -> Counted | None:
    """The thing a count or percentage question counts (a plural noun or a unit), or None (no such question, or a
    degree: "hoeveel structuur")."""
    m = _COUNT_CUE.search(text)
    if not m:
        return None
    if m.lastindex and len(m.group(m.lastindex) or "") >= 3:  # "inwoneraantal" counts inwoners
        return Counted(m.group(m.lastindex).lower(), False)
    rest = text[m.end():]
    if m.group(0).lower().startswith("hoe groot"):
        return _size_of(m.group(0), rest)
    share = bool(_SHARE.search(m.group(0))) or bool(re.match(r"\s*(?:procent|percent)\b", rest, re.I))
    partitive = share or bool(_PARTITIVE.match(rest))
    for low in _words_after(rest, 4):
        if low in _FIGURE_WORDS:
            continue
        if low in STOP:
            break
        if low in _UNITS:
            return Counted(low, partitive)
        if _plural(low):
            before, _, after = rest.lower().partition(low)
            return Counted(low, partitive or _of_a_group(m.group(0), before, after))
    return None


def _of_a_group(cue: str, before: str, after: str) -> bool:
    """A Dutch count that says something of its things asks how many of them do so, which a share answers
    ("Hoeveel samenwerkingen worden uit eigen middelen betaald?": "65 procent van de samenwerkingen …"); one that
    asks how many there are ("Hoeveel deelnemers waren er?", "Hoeveel leerlingen zijn er begonnen?") or how many
    more ("hoeveel meer stageplaatsen") asks a size. English says "there" too seldom to tell them apart ("how many
    hospitals reached …"): a size."""
    return (cue.lower().startswith("hoeveel") and not re.search(r"\ber\b", after)
            and not set(before.split()) & _FIGURE_WORDS)


def _words_after(rest: str, n: int) -> list[str]:
    """The first `n` words after a count's cue, past a partitive "van de" ("hoeveel van de zij-instromers"),
    lower case."""
    return [w.lower().strip("'’") for w in _TOKEN.findall(_PARTITIVE.sub(" ", rest, count=1))[:n]]


def _size_of(cue: str, rest: str) -> Counted | None:
    """What "hoe groot is het/de …" measures when it asks for a count: the members of a group ("de groep
    leerlingen", "het deel van de samenwerkingen", a share), a plural after "de" ("de zij-instromers"), or what
    something is short of ("het tekort aan verzorgenden"). Anything else is a degree, answered in words: "het
    belang van vertrouwen", "de rol van de zorgverzekeraar", "het vertrouwen" (a het-word is never a plural)."""
    stripped = _COLLECTIVE_RUN.sub(" ", rest)
    group = stripped != rest
    partitive = bool(_PARTITIVE.match(stripped))
    words = _words_after(stripped, 3)
    if words and _plural(words[0]) and (group or partitive or cue.lower().endswith(" de")):
        return Counted(words[0], partitive)
    if len(words) == 3 and words[1] == "aan" and _plural(words[2]):
        return Counted(words[2], False)
    return None


@dataclass(frozen=True)
class Quotable:
    """A sentence the answer could quote from, with the questions the documents' readers asked of its passage
    ("Hoeveel leerlingen zijn er gestart …?": what its figures count, in the readers' words) and the sentences
    around it (what its figures are about, when it opens with one: "10% meer stageplaatsen, …")."""

    text: str
    asked: tuple[str, ...] = ()
    around: str = ""  # the sentences before and after it in its passage ("Aan die afspraken hebben de leden …")
    below: float = 0.0  # how far its cosine with the question lies below the best sentence's (0.0: not measured)
    section: str = ""  # its document's title and section path ("… › NVZD Governancecommissie"): what a row is about


def _numbers(question: str) -> set[str]:
    """The figures a question states itself ("10%", "350", "drie"): a sentence repeating them does not answer it."""
    return {m.group(0).strip().rstrip("%").lower() for m in _NUMBER.finditer(_YEAR.sub(" ", question))}


def _unstated(sentence: str, echoed: set[str]) -> str:
    """The sentence without its years and the figures the question states itself (with their "procent")."""
    def keep(m: re.Match) -> str:
        return " " if m.group(0).strip().rstrip("%").lower() in echoed else m.group(0)
    return re.sub(rf"(?:{_NUMBER.pattern})(?:\s*procent\b)?", keep, _YEAR.sub(" ", sentence), flags=re.I)


# a year in brackets cites a publication ("(zie Kaats en Opheij, Leren samenwerken, 2023)", "(Provan & Kenis, 2008)")
_CITED = re.compile(r"\([^()]*\b(?:19|20)\d\d\b[^()]*\)")


def _dates(sentence: str, question: str) -> str:
    """The sentence without the years it cites a publication by and the years the question names itself
    ("wat gebeurde er in 2022"): what is left dates an event."""
    return _YEAR.sub(lambda m: " " if m.group(0) in question else m.group(0), _CITED.sub(" ", sentence))


@dataclass(frozen=True)
class Figure:
    """A figure of a sentence: the words it counts ("350 projecten" → ("projecten",)) and the restrictive
    relative clause after them, which narrows what is counted ("100 projecten die al zijn gestart" → "al zijn
    gestart": the projects that started, not those that were secured)."""

    words: tuple[str, ...]
    clause: str = ""


# a relative clause without a comma before it restricts the noun it follows; "4 perspectieven, die …" does not
_RESTRICTIVE = re.compile(r"\s+(?:die|dat|waar(?:in|op|mee|van|door|voor|aan))\b([^,.;:!?()]*)", re.I)


def figures_counting(sentence: str, echoed: set[str], size: bool) -> list[Figure]:
    """For each figure of the sentence that the question does not state itself, the words it counts ("350
    projecten" → ("projecten",); "86 procent van de deelnemers" → ("deelnemers",)) and the restrictive clause
    after them (`Figure`). Asked for a size (`size`), a share of a group ("90 procent van de …", "één van de …")
    does not answer."""
    text = _YEAR.sub(" ", sentence)
    out = []
    for m in _NUMBER.finditer(text):
        number, after = m.group(0).strip(), text[m.end():]
        if number.rstrip("%").lower() in echoed:
            continue
        share = bool(_PARTITIVE.match(after))  # "90 procent van de …", "de helft van de …"; not "10% meer …"
        if size and share:
            continue
        rest = _PARTITIVE.sub(" ", after, count=1)
        words, end = [], 0
        for w in list(_TOKEN.finditer(rest))[:3]:
            if w.group(0).lower() in _FIGURE_WORDS:
                continue
            if w.group(0).lower() in STOP:
                break
            words.append(w.group(0))
            end = w.end()
            if len(words) == 2:
                break
        clause = _RESTRICTIVE.match(rest, end) if words else None
        out.append(Figure(tuple(words), clause.group(1).strip() if clause else ""))
    return out


# a count of people ("hoeveel mensen …") is answered by a count of a kind of person ("90 procent van de deelnemers")
_PEOPLE = {"mensen", "personen", "people", "persons"}
_PERSONS = _PEOPLE | {"leden", "collega's", "collega’s", "leerlingen", "studenten", "cliënten", "patiënten",
                      "verpleegkundigen", "artsen", "huisartsen", "inwoners", "bewoners"}


def _persons(counted_words: tuple[str, ...]) -> bool:
    """The figure counts persons: "deelnemers", "medewerkers", "BBL'ers" (a plural in -ers), or one of _PERSONS."""
    word = counted_words[0].lower() if counted_words else ""
    return word.endswith(("ers", "ers'", "ers’")) or word in _PERSONS


def counts_the_asked_thing(text: str, thing: Counted, quotable: Quotable, echoed: set[str],
                           lexical: LexicalIndex) -> bool:
    """A figure of the sentence counts the thing asked about, and the sentence says what the question says of
    it, of which the documents know every noun (`_unsaid`): the words the figure counts share a stem or compound
    part with the thing, and the sentence holds a word of the rest of the part ("65 procent van de samenwerkingen
    wordt gefinancierd …" does not say how many stop). Or a reader question of the sentence's passage counts the
    same thing: the documents' readers asked that count of it ("Hoeveel leerlingen zijn er gestart …?" for "11
    BBL'ers … zijn gestart"). People are counted by any kind of person (`_persons`). A
    figure narrowed by a restrictive clause is the sentence's own word on what it counts, above the readers':
    the clause must hold that word ("100 projecten die al zijn gestart" says nothing of how many were
    secured, though "borgen" stands elsewhere in the sentence and a reader asked how many projects run)."""
    figures = figures_counting(quotable.text, echoed, not thing.partitive)
    if not figures or _unsaid(text, thing, lexical):
        return False
    asked = lexical.terms(thing.word)
    readers = any(asked & lexical.terms(c.word) for c in (counted(q) for q in quotable.asked) if c)
    said = _telling(text, lexical) - asked
    sentence = lexical.terms(f"{quotable.text} {quotable.around}")

    def counts(f: Figure) -> bool:
        of_it = bool(asked & lexical.terms(" ".join(f.words))) or (thing.word in _PEOPLE and _persons(f.words))
        if f.clause:
            return of_it and bool(said & lexical.terms(f.clause))
        return readers or (of_it and bool(said & sentence))

    return any(counts(f) for f in figures)


# a noun after its article or possessive ("hun diploma", "de wachtlijst"): not a verb form, which a strong verb's
# participle ("begonnen") could not be told from by its ending
_NOUN = re.compile(rf"\b(?:de|het|een|hun|haar|onze|ons|mijn|jullie|uw|deze|dit)\s+([^\W\d_]{{{UNSAID_MIN_CHARS},}})",
                   re.I)


def _unsaid(text: str, thing: Counted, lexical: LexicalIndex) -> list[str]:
    """The nouns of the part's asked clause, besides the thing counted, that the index does not know: what the count
    is of ("Hoeveel BBL'ers … hebben hun diploma gehaald?") is something the documents never speak of, so no count
    of theirs answers it, though they say how many started. Short words are left out: idioms ("uit eigen zak") and a
    name's parts ("ConForte-lab") say nothing of what is counted."""
    counted_words = set(words(thing.word))
    return [w for w in (m.group(1).lower() for m in _NOUN.finditer(asked_clause(text)))
            if w not in counted_words and not lexical.knows(w) and not wording(w)]


def _own_terms(text: str, lexical: LexicalIndex) -> set[str]:
    """The part's terms besides its words of measure and its own figures."""
    # a verb's -t ("onderscheidt", "betaalt") is left on by the stemmer: its stem without it too
    verbs = " ".join(w[:-1] for w in _TOKEN.findall(text) if len(w) > 4 and w.endswith("t"))
    return (lexical.terms(text) | lexical.terms(verbs)) - lexical.terms(_MEASURE_WORDS) - _numbers(text)


def _telling(text: str, lexical: LexicalIndex) -> set[str]:
    """The part's terms that tell what it is about (`_own_terms`), not the words that over a third of the
    passages hold ("zorg", "samenwerking", "netwerk")."""
    return {t for t in _own_terms(text, lexical) if lexical.idf(t) >= COMMON_IDF}


def about_the_part(text: str, quotable: Quotable, lexical: LexicalIndex) -> bool:
    """The sentence, or one around it, holds a content word of the part besides its words of measure ("hoe
    lang", "weken"), as for a count: a period of fifteen years in the publisher's advertisement is not the
    period a regulator takes, but "over 10-20-30 jaar" answers when the sentence before names the BHAG."""
    return bool(_telling(text, lexical) & lexical.terms(f"{quotable.text} {quotable.around}"))


def measures_the_part(text: str, quotable: Quotable, echoed: set[str], lexical: LexicalIndex) -> bool:
    """A percentage that counts no plural noun of the question ("met hoeveel procent is het verloop gedaald")
    is still a percentage of something: a figure of the sentence must measure a word of the part ("10% meer
    behoud" measures the retention, not the turnover the question asks about). Any word, common ones too:
    "hoeveel procent van de samenwerking" is answered by "65 procent van de samenwerkingen"."""
    own = _own_terms(text, lexical)
    return any(own & lexical.terms(" ".join(f.words)) for f in figures_counting(quotable.text, echoed, False))


# a quoted phrase is a title or a translation ("‘het Grote Gedurfde Dappere Doel’"), no name
_QUOTED = re.compile(r"‘[^’]*’|“[^”]*”|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)")
# where a sentence, a clause or a list item starts, a capital says nothing ("3. Heldere splitsing …: In de …")
_OPENS = re.compile(r"(?:^|[.!?:;]\s*|^\s*\d+\.\s*)$")


def _pieces(token: str) -> list[str]:
    """A written word's pieces between its hyphens and apostrophes ("VVT-organisaties": "VVT", "organisaties")."""
    return [w for w in re.split(r"['’-]+", token) if w]


def _name_places(sentence: str, question: str) -> tuple[list[str], list[int], list[str]]:
    """The sentence's words outside quotes, the places among them of the names it gives that the question
    does not state itself (`names_in`), and what stands between each word and the next."""
    echoed = {w for token in _TOKEN.findall(question.lower()) for w in _pieces(token)}
    text = _QUOTED.sub(" ", sentence)
    found = list(_TOKEN.finditer(text))
    tokens = [m.group(0) for m in found]
    for acronym in set(re.findall(r"\b[A-Z]{2,}\b", question)):
        for i in range(len(tokens) - len(acronym) + 1):
            run = tokens[i:i + len(acronym)]
            if "".join(t[0] for t in run) == acronym:
                echoed |= {t.lower() for t in run}

    def name(token: str) -> bool:
        parts = _pieces(token)
        return (parts[-1][0].isupper() or len(parts) == 1) and any(
            w[0].isupper() and w.lower() not in echoed and zipf_frequency(w.lower(), "nl") < NAME_ZIPF for w in parts)

    between = [text[a.end():b.start()] for a, b in zip(found, found[1:])]
    return tokens, [i for i, m in enumerate(found) if not _OPENS.search(text[:m.start()]) and name(m.group(0))], between


def names_in(sentence: str, question: str) -> list[str]:
    """The names a sentence gives that the question does not state itself: capitalised words that general
    language does not use as common words (NAME_ZIPF: "Buwalda", "Omring", "Vilans"; not "Behandeling" in
    "directeur Behandeling"), past where a sentence or clause starts and outside quotes; not a compound of a
    common noun ("VVT-organisaties"), nor the words of an acronym the question uses ("VAZ": "Versterken
    Arbeidsmarkt Zorg")."""
    tokens, places, _ = _name_places(sentence, question)
    return [tokens[i] for i in places]


_LIST_JOIN = {"en", "of", "and", "or"}


def _enumerated(tokens: list[str], between: list[str], i: int, j: int) -> bool:
    """Words i and j stand in one enumeration of names ("Atlant, Klein Geluk, Zorggroep Apeldoorn e.o. en
    Nusantara"): both names, and only names, commas, "&" and "en"/"of" between them, one of those joining at least
    ("Piet Prikkebeen, bestuursvoorzitter" is a name and its post)."""
    a, b = sorted((i, j))
    inner = [t for t in tokens[a + 1:b] if t.lower() not in _LIST_JOIN and len(t) > 1]  # "e.o." reads "e", "o"
    gaps = "".join(between[a:b])
    joined = bool(re.search(r"[,&]", gaps)) or any(t.lower() in _LIST_JOIN for t in tokens[a + 1:b])
    return joined and not re.search(r"[^\s,&.]", gaps) and all(t[0].isupper() for t in [tokens[a], tokens[b], *inner])


# the post or the kind of body a name question asks for ("voorzitter", "zorgverzekeraar"), last word of its cue
_HOLDER = re.compile(rf"^(?:{_POSTS}|{_GROUPS}|{_BODIES}|{_BODIES_NAMED})$", re.I)


def names_the_asked(text: str, quotable: Quotable, question: str, lexical: LexicalIndex) -> bool:
    """Check 7 for a name. Asked for a post or a kind of body ("wie is de voorzitter …", "bij welke
    zorgverzekeraar …"), or of a person the part names ("bij welk ziekenhuis werkt Youri Vroon?"), the sentence
    gives a name the question does not state (`names_in`) within NAME_WINDOW words of that post, or of that body
    or person ("bestuurder Omring; voorzitter", "Youri Vroon (manager transferpunt Franciscus Gasthuis &
    Vlietland)"): a zorgverzekeraar in a list of parties is not named by the organisation beside it, nor the
    chair of an organisation by the names listed with it. Otherwise ("wie vertelde …") any such name will do.
    Either way, the sentence, the sentences around it or its document's title and section speak of what the part
    asks it of: a name the part states, whole ("Zorggroep Apeldoorn": the bestuurder of "Vivium Zorggroep" is not
    its chair), else a telling word of the part, or of the whole question when the part points back at it ("… van
    welk bureau ze zijn")."""
    tokens, places, between = _name_places(quotable.text, question or text)
    if not places:
        return False
    asked = asked_clause(text)
    runs = _name_runs(asked)
    cue = _NAME_ASKED.search(asked)
    holder = cue.group(0).split()[-1] if cue and _HOLDER.match(cue.group(0).split()[-1]) else ""
    # a post is held by the name beside it; a body may be named beside the person the part asks about
    people = set() if re.match(rf"^(?:{_POSTS}|{_GROUPS})$", holder, re.I) else {
        w for run in runs if " " in run for w in run.split()}
    anchors = [i for i, t in enumerate(tokens) if t.lower() in people or (holder and _same_head(t, holder))]
    # a name listed with the ones the part states is theirs to sit beside, not what it asks for
    if (holder or people) and not any(abs(i - j) <= NAME_WINDOW and not _enumerated(tokens, between, i, j)
                                      for i in places for j in anchors):
        return False
    said = " ".join(f"{quotable.text} {quotable.around} {quotable.section}".lower().split())
    if runs:
        return any(re.search(rf"(?<!\w){re.escape(run)}(?!\w)", said) for run in runs)
    about = question if question and _POINTS_BACK & set(words(text)) else text
    return bool(_telling(about, lexical) & lexical.terms(said))


def _same_head(word: str, holder: str) -> bool:
    """The word is the post or body asked for, or a compound of it either way ("voorzitter" for
    "bestuursvoorzitter", "zorgverzekeraar" for "verzekeraar"); not a word sharing only a part ("zorg")."""
    a, b = stem(word.lower()), stem(holder.lower())
    return min(len(a), len(b)) >= 5 and (a.endswith(b) or b.endswith(a))


def _name_runs(text: str) -> list[str]:
    """The names a part states, whole and lower case ("zorggroep apeldoorn", "nvzd"): runs of capitalised words
    past its first; of a compound, its capitalised part ("VAZ-stroomversneller": "vaz")."""
    runs, run = [], []
    for i, m in enumerate(_TOKEN.finditer(text)):
        parts = _pieces(m.group(0))
        if i and parts[0][0].isupper():
            run.append(parts[0].lower())
            if len(parts) > 1 and not parts[-1][0].isupper():  # a common noun ends the name
                runs.append(" ".join(run))
                run = []
        elif run:
            runs.append(" ".join(run))
            run = []
    return runs + ([" ".join(run)] if run else [])


def figure_answers(text: str, kind: str, quotable: Quotable, language: str, lexical: LexicalIndex,
                   question: str = "") -> bool:
    """Check 7 for one sentence: it gives the kind of figure asked for, not one the question states itself;
    in a Dutch question, a count or percentage must count the thing asked about (`counts_the_asked_thing`), a
    percentage that names no such thing must measure something the part names (`measures_the_part`), and any
    other figure must lie in a sentence about the part (`about_the_part`); a name, one the question
    (`question`, the whole of it; else the part) does not state, the same. English questions meet
    Dutch documents in no shared word, so for them the figure suffices in a sentence close to the question
    (`near_the_question`)."""
    echoed = _numbers(text)
    if kind == "name":
        if language == "nl":
            return names_the_asked(text, quotable, question, lexical)
        if not names_in(quotable.text, question or text):
            return False
    else:
        given = _dates(quotable.text, text) if kind == "date" else _unstated(quotable.text, echoed)
        # "hoe vaak vergadert die commissie per jaar?" is not answered by "De financiering gebeurt per jaar."
        stated = text.lower() if kind == "frequency" else ""
        if not any(m.group(0).lower() not in stated for m in _FIGURE[kind].finditer(given)):
            return False
    thing = counted(asked_clause(text)) if kind in ("count", "percent") else None
    if language != "nl":
        counts = not thing or bool(figures_counting(quotable.text, echoed, not thing.partitive))
        return counts and near_the_question(quotable)
    if thing:
        return counts_the_asked_thing(text, thing, quotable, echoed, lexical)
    if kind == "percent":
        return measures_the_part(text, quotable, echoed, lexical)
    return about_the_part(text, quotable, lexical)


def near_the_question(quotable: Quotable) -> bool:
    """What an English question's figure is about cannot be read from shared words, so the vectors tell: the
    sentence must lie within ENGLISH_FIGURE_GAP of the best sentence's cosine with the question (a phone number
    at the foot of an advertisement does not say how many hospitals reached a target)."""
    return quotable.below <= ENGLISH_FIGURE_GAP


# "hoeveel structuur", "how much room": a degree, answered in words, not a count
_DEGREE = re.compile(r"\b(?:hoeveel|how much)\s+([^\W\d_][\w'’-]*)", re.I)


# a part that opens with its verb asks yes or no ("Is het voldoende als we afspreken hoeveel uur …?", "Should we
# agree how many hours …?"): the figure it names is the subject of the question, not what it asks for
_YES_NO = re.compile(r"^\W*(?:is|zijn|was|waren|moet|moeten|kan|kunnen|mag|mogen|heeft|hebben|wil|willen|zal|zullen|"
                     r"zou|zouden|helpt|werkt|volstaat|klopt|loont|are|should|must|can|could|do|does|would|will)\b",
                     re.I)


# the verbs by which a part asks for money ("wat rekent een notaris"): no subject of their own, never named as missing
_MONEY_VERBS = {"rekent", "rekenen", "rekende", "rekenden", "verdient", "verdienen", "kost", "kosten"}


def figure_asked(part: str) -> str:
    """The kind of figure a part asks for ("money", "percent", "date", "duration", "count"), or "" for none (also
    for a degree: "hoeveel" before a singular word, "hoeveel structuur"; and for a yes-or-no question). Read in
    its asked clause: "… praten alleen nog over wie hoeveel uren levert. Hoe krijgen we weer verbinding?" asks
    for no figure."""
    text = asked_clause(part)
    if _YES_NO.match(text):
        return ""
    kind = next((kind for kind, asks in _FIGURE_ASKED if asks.search(text)), "")
    if kind == "count" and not counted(text):
        if re.search(_SIZE, text, re.I):
            return ""  # "hoe groot is het belang van …": a degree
        degree = _DEGREE.search(text)
        word = degree.group(1).lower() if degree else ""
        if word and word not in STOP and not _plural(word):
            return ""
    return kind


def figure_missing(text: str, quotable: tuple[Quotable, ...], language: str, lexical: LexicalIndex,
                   question: str = "") -> str:
    """Check 7: the kind of figure the part asks for when none of the sentences the answer would quote
    from gives one about the thing asked ("" when it asks for none, or one is there)."""
    kind = figure_asked(text)
    if not kind or any(figure_answers(text, kind, q, language, lexical, question) for q in quotable):
        return ""
    return kind


_WORKS = (r"(?:video|filmpje|film|boek|book|podcast|webinar|lezing|talk|rapport|report|artikel|article|paper|"
          r"publicatie|publication)s?")
_WORK = re.compile(rf"\b{_WORKS}\b", re.I)
_ASKS_REFERENCE = re.compile(rf"\b(?:wie|who|waar|where|wanneer|when|jaar|year|bron|bronnen|source|sources|titel|title|"
                             rf"uitgever|publisher|verwijs\w*|verwijz\w*|refer\w*|noem\w*|verschenen|published|"
                             rf"(?:welke?|which|what)\s+(?:\w+\s+)?{_WORKS})\b", re.I)


def cited_names(text: str) -> list[str]:
    """The names a part gives a work it asks about ("… een video van Wiko Vlasblom op Vimeo … Wat zegt hij
    daarin?": "Wiko Vlasblom", "Vimeo"), each a run of capitalised words not opening a sentence, in a part that
    names a work or quotes a title and does not ask for the reference itself (check 8). The scope decision keeps
    those the documents use only in their references."""
    if not (_WORK.search(text) or _QUOTED.search(text)) or _ASKS_REFERENCE.search(asked_clause(text)):
        return []
    runs: list[list[str]] = []
    end = 0
    for m in _TOKEN.finditer(text):
        word = m.group(0).rstrip("'’")
        if not word[0].isupper() or _OPENS.search(text[:m.start()]):
            continue
        if runs and text[end:m.start()].isspace():  # the next word of the same name
            runs[-1].append(word)
        else:
            runs.append([word])
        end = m.end()
    names = [" ".join(r) for r in runs]
    return [n for i, n in enumerate(names) if n not in names[:i] and not any(n in o for o in names if o != n)]


def check_part(text: str, language: str, lexical: LexicalIndex, several: bool,
               reader_similarity: float | None = None, fits_model: bool = False,
               quotable: tuple[Quotable, ...] | None = None, called: frozenset[str] = frozenset(),
               question: str = "", cited: tuple[str, ...] = ()) -> PartCheck:
    """A part is uncovered by an unknown name, by an unknown or unfamiliar subject, by a focus term the
    documents do not cover (check 6), by a figure they do not give (check 7, when `quotable` is known), by a
    work they only cite (check 8: `cited`, its names), or (in a question of several parts) by a rare word the
    corpus never uses. The rare words are named either way; an uncovered part also names its uncommon unknown
    words ("ORT" and "toeslag"), unless it is English and lacks only a figure, or lacks a cited work's content.
    `called`: the words of the register models the question calls by name, no unknown names."""
    asked = asked_clause(text)
    laws = unknown_laws(asked, lexical)
    # the "Wet" of a law's name is judged with the name, not as a name of its own
    names = laws + [n for n in unknown_names(asked, lexical.decompounder.words)
                    if (n != "Wet" or not law_names(asked)) and n.lower() not in called]
    rare = rare_unknown(asked, language, lexical) + (lexicalised_unknown(asked, language, lexical) if several else [])
    off, unknown = unknown_subject(text, language, lexical)
    subject = unfamiliar(asked, language, lexical, reader_similarity)
    focus = focus_terms(asked, language, lexical, fits_model)
    figure = figure_missing(text, quotable, language, lexical, question) if quotable is not None else ""
    known = not names and not off and not subject and not (several and rare)
    covered = known and not focus and not figure and not cited
    # an English part left uncovered by check 7 alone lacks a figure, not its words: "internships" is unknown
    # to the Dutch index because it is English (the documents speak of stageplaatsen)
    figure_only = language != "nl" and known and not focus
    uncommon = [] if covered or figure_only or cited else [w for w in unknown_words(text, lexical, language)
                                                            if zipf_frequency(w, language) < NAME_ZIPF
                                                            and not (language == "nl" and verb_form(w))
                                                            and not (figure == "money" and w in _MONEY_VERBS)]
    named = {w.lower().strip(",") for n in names for w in n.split()}  # a law's words are named with it
    missing = list(dict.fromkeys(names + list(cited) + [w for w in focus + rare + uncommon if w not in named]))
    if not covered and not missing and not figure:  # no name and no uncommon word: the unknown words themselves
        missing = unknown or unknown_words(text, lexical, language)
    by = "" if covered else COVERAGE if not known else FOCUS if focus else CITED if cited else FIGURE
    thing = counted(asked) if figure in ("count", "percent") else None
    return PartCheck(text, tuple(missing), covered, bool(names) or off or subject or bool(focus) or bool(cited), by,
                     figure if known and not focus else "", thing.word if thing else "")


# words by which a part points back at the part before it ("… NZa …, en hoe lang duurt die toets?")
_PERSONAL = {"hij", "ze", "zij", "hun", "hem", "they", "them"}
_DEMONSTRATIVES = {"die", "deze", "dit", "dat", "that", "those", "this"}
# prepositions an article follows ("volgens dat symposium"): more than the splitter's, which may stand before a
# question word ("en bij welke …", assistant/question.py)
_PREPOSITIONS = {"volgens", "in", "op", "bij", "van", "voor", "met", "over", "uit", "aan", "naar", "tijdens", "na",
                 "door", "onder", "binnen", "tot", "tussen", "zonder", "rond", "on", "at", "of", "for", "with",
                 "about", "from", "to", "by", "during", "after", "under", "within", "between", "without", "according"}
_POINTS_BACK = _DEMONSTRATIVES | _PERSONAL | {"daarvan", "daarvoor", "daarbij", "daarmee", "ervoor", "erbij", "ermee",
                                              "daar", "it"}


def _points_back(text: str, before: str, pointers: set[str]) -> bool:
    """The part holds one of `pointers`; a demonstrative after a preposition is the article of the noun after it
    and points back only when that noun, or one sharing its root, stands in the part before ("… de NZa-toets …, en
    welke kosten horen bij die toets?"): "volgens dat symposium", after a part about software, is about the
    symposium. Elsewhere it may stand alone ("is die gekoppeld?", "doet die melding?"): it points back."""
    tokens, said = words(text), set(words(before))

    def article(j: int) -> bool:  # of a noun the part before does not hold
        return (tokens[j] in _DEMONSTRATIVES and 0 < j < len(tokens) - 1 and tokens[j - 1] in _PREPOSITIONS
                and not any(len(os.path.commonprefix([tokens[j + 1], s])) >= SAME_ROOT for s in said))

    return any(w in pointers and not article(j) for j, w in enumerate(tokens))


def _checks(parts: list[str], language: str, lexical: LexicalIndex, readers: ReaderMatch | None = None,
            fits_model: bool = False, quotables: list[tuple[Quotable, ...] | None] | None = None,
            called: frozenset[str] = frozenset(), cited: list[tuple[str, ...]] | None = None) -> list[PartCheck]:
    """Each part checked, against its own closest reader question (`unfamiliar`), when it asks for a figure,
    its own sentences (`quotables`, per part), and with the names of the works it asks about that the documents
    only cite (`cited`, per part); a part that points back at an uncovered part before it, or shares
    an unknown word with it ("… een Net Promoter Score. Hoe vaak …, en wat geldt als een goede score?"), is not
    covered either."""
    readers = readers.parts if readers else (None,) * len(parts)
    quotables = quotables or [None] * len(parts)
    cited = cited or [()] * len(parts)
    checks = [check_part(p, language, lexical, len(parts) > 1, r, fits_model, q, called, " ".join(parts), c)
              for p, r, q, c in zip(parts, readers, quotables, cited)]
    for i in range(1, len(checks)):
        # a thing the documents lack ("welk salaris", check 6) is no person: "ze" points back at the people
        pointers = _POINTS_BACK - (_PERSONAL if checks[i - 1].by == FOCUS else set())
        if checks[i].covered and checks[i - 1].named and (
                _points_back(checks[i].text, checks[i - 1].text, pointers)
                or set(unknown_words(checks[i].text, lexical, language))
                & set(unknown_words(checks[i - 1].text, lexical, language))):
            checks[i] = PartCheck(checks[i].text, checks[i].missing, False, True, COVERAGE)
    return checks


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

    def fits_model(self) -> bool:
        """Whether the question fits a register model (model search's `Fit`): check 6's exception."""

    def calls_model(self) -> tuple[str, ...]:
        """The names of the register models the question calls by name (`model_search.called`), lower case: the
        register knows where the documents describe them, so the similarity bound does not refuse the question,
        and their words are no unknown names ("Kun je Tweelagenaanpak uitleggen?")."""

    def cited(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The names among `names` whose words the documents use only in their references
        (`LoadedIndex.only_cited`)."""

    def quotable(self, parts: tuple[str, ...], part: int) -> tuple[Quotable, ...]:
        """The sentences the answer would quote from for `parts[part]`: where check 7 looks for a figure. The
        question's best passages', or, for a part of a question of several, those the part itself ranks best
        (`Assistant.part_ranked`, as the answer does)."""


@dataclass(frozen=True)
class Measured:
    """Measures known beforehand (tests, and callers that have them at hand)."""

    best: float
    reader_match: ReaderMatch | None = None
    covered: float | None = None
    model: bool = False
    sentences: tuple[Quotable, ...] = ()
    called: tuple[str, ...] = ()  # the names of the register models the question calls by name
    part_sentences: tuple[tuple[Quotable, ...], ...] = ()  # per part, when they differ (else `sentences`)
    cited_only: tuple[str, ...] = ()  # names the documents use only in their references

    def best_similarity(self) -> float:
        return self.best

    def readers(self, parts: tuple[str, ...]) -> ReaderMatch | None:
        return self.reader_match

    def covered_similarity(self, covered: tuple[str, ...]) -> float | None:
        return self.covered

    def fits_model(self) -> bool:
        return self.model

    def calls_model(self) -> tuple[str, ...]:
        return self.called

    def cited(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(n for n in names if n in self.cited_only)

    def quotable(self, parts: tuple[str, ...], part: int) -> tuple[Quotable, ...]:
        return self.part_sentences[part] if self.part_sentences else self.sentences


def decide(asked: Asked, measures: Measures, threshold: float, lexical: LexicalIndex, reasons: dict) -> Scope:
    """answered, partial (the covered parts answered, the rest named, `Scope.covered`) or refused, with the
    reason in the user's language (`reasons`: the templates of prompts/answer.yaml) and the check that
    decided. A partial answer's covered parts must pass the same similarity bound on their own; `readers`
    weigh the unknown words (check 5); a familiar question, or familiar covered parts (against the farthest
    of their reader questions), are not held to the similarity bound, nor is a question that calls a register
    model by its name."""
    if not any(ch.isalnum() for ch in asked.text):
        return Scope("refused", reasons["empty"], check=EMPTY)
    parts, language = list(asked.parts), asked.language
    bound = threshold - (ENGLISH_MARGIN if language == "en" else 0.0)
    if _INSTRUCTION.search(" ".join(parts)):
        return Scope("refused", reasons["scope_far"], check=INSTRUCTION)
    readers = measures.readers(asked.parts)
    fits_model = any(asked_unknown(p, language, lexical) for p in parts) and measures.fits_model()
    quotables = [measures.quotable(asked.parts, i) if figure_asked(p) else None for i, p in enumerate(parts)]
    called = measures.calls_model()
    cited = [measures.cited(tuple(names)) if (names := cited_names(p)) else () for p in parts]
    checks = _checks(parts, language, lexical, readers, fits_model, quotables,
                     frozenset(w for name in called for w in words(name)), cited)
    covered = tuple(c.text for c in checks if c.covered)
    if len(parts) > 1 and unknown_subject(" ".join(parts), language, lexical, everyday=True)[0]:  # off the subject
        checks = [PartCheck(c.text, c.missing, False, True, COVERAGE) for c in checks]
    uncovered = [c for c in checks if not c.covered]
    missing = tuple(dict.fromkeys(m for c in uncovered for m in c.missing))
    if measures.best_similarity() < bound and not familiar(" ".join(parts), language, lexical,
                                                          readers and readers.question) and not called:
        named = tuple(dict.fromkeys(m for c in checks for m in c.missing))
        return Scope("refused", reasons["scope_missing"].format(terms=join_terms(named, reasons))
                     if named else reasons["scope_far"], named, SIMILARITY)
    if len(uncovered) == len(checks):
        return Scope("refused", _reason("refused", uncovered, missing, reasons), missing, uncovered[0].by)
    if uncovered:
        covered_similarity = measures.covered_similarity(covered)
        covered_reader = min(r for c, r in zip(checks, readers.parts) if c.covered) if readers else None
        if covered_similarity is not None and covered_similarity < bound \
                and not familiar(" ".join(covered), language, lexical, covered_reader):
            return Scope("refused", _reason("refused", uncovered, missing, reasons), missing, COVERED_SIMILARITY)
        return Scope("partial", _reason("partial", uncovered, missing, reasons), missing, uncovered[0].by, covered)
    return Scope("answered", reasons["scope_answered"], check=COVERAGE, covered=covered)


def _reason(status: str, uncovered: list[PartCheck], missing: tuple[str, ...], reasons: dict) -> str:
    """The reason of a refusal or a partial answer: the terms the documents lack; else (check 7) the kind
    of figure they do not give, and of what when the question names it; else, for a refusal, that no passage
    is about the question. Works the documents only cite (check 8) are named as such."""
    if all(c.by == CITED for c in uncovered):  # "ze noemen Boonstra en Eguiguren alleen als bron"
        names = join_terms(missing, reasons, reasons["and"])
        return reasons["scope_cited_partial" if status == "partial" else "scope_cited"].format(terms=names)
    figures = [c for c in uncovered if c.figure]
    if missing or not figures:
        if status == "partial":
            return reasons["scope_partial"].format(terms=join_terms(missing, reasons))
        return reasons["scope_missing"].format(terms=join_terms(missing, reasons)) if missing else reasons["scope_far"]
    figure = join_terms(tuple(dict.fromkeys(reasons[f"figure_{c.figure}"] for c in figures)), reasons)
    if status == "partial":
        return reasons["scope_figure_partial"].format(figure=figure, part=" ".join(c.text for c in figures))
    things = tuple(dict.fromkeys(c.counted for c in figures if c.counted))
    if len(figures) == 1 and things:  # "ze noemen geen aantal voor zij-instromers"
        return reasons["scope_figure_of"].format(figure=figure, thing=things[0])
    return reasons["scope_figure"].format(figure=figure)


def join_terms(terms: tuple[str, ...], t: dict, last: str = "") -> str:
    """"medicatie of een delier": the missing terms joined as a sentence would (by `last`, "en", for names)."""
    terms = list(terms)
    if len(terms) <= 1:
        return terms[0] if terms else ""
    return ", ".join(terms[:-1]) + f" {last or t['or']} " + terms[-1]
