"""What a question asks: its parts, the clause of each that asks (after the asker's context), the kind of answer
each wants, and whether it compares documents.

The splitter is the one place that cuts "Welke vormen zijn er, en waar moet het bestuur op letten?" into
its parts; the answer step gives each part its best quote, and the scope step checks each part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wordfreq import zipf_frequency

from assistant.cues import asked_cues
from assistant.tuning import TITLE_NAME_ZIPF
from index.words import content_words, stem

_QUESTION_WORDS = {
    "nl": r"wat|hoe|welke|welk|waar|waarom|wie|wanneer|hoeveel|moet|moeten|kan|kunnen|is|zijn|heeft|hebben|zou|"
          r"zouden|mag|mogen|wil|willen|werkt|helpt|geldt|gelden|bestaat|bestaan",
    "en": r"what|how|which|where|why|who|when|should|do|does|is|are|can|could|would|will",
}
_JOINERS = {"nl": r"(?:,?\s+en|,?\s+of|;|,\s+maar)", "en": r"(?:,?\s+and|,?\s+or|;|,\s+but)"}
# a question word may follow its preposition: "…, en met welk softwarepakket …", "…, and in which year …"
_PREPOSITIONS = {"nl": r"met|bij|in|voor|van|uit|op|aan|naar|onder|binnen|vanaf|tot|over|door|tegen",
                 "en": r"with|in|for|from|to|at|by|on|of|under|within|about"}
_ASKS_QUESTIONS = re.compile(r"\b(vragen|vragenlijst|checklist|check ?list|questions|quick ?scan|doorlicht\w*|"
                             r"zelfevaluatie|self-assessment)\b", re.I)
# HTML pasted into a question: a script or style element whole, any other tag ("<img src=x onerror=…>")
_MARKUP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^<>]{0,200}>", re.I | re.S)
_STATEMENT_END = re.compile(r"(?<=[.!])\s+(?=[A-Z0-9'‘\"])")
MIN_PART_WORDS = 2  # a part needs this many content words of its own, else it stays with its neighbour
# ... unless it asks for a thing by its noun ("…, en wat is hun omzet?", "…, en wie was daar voorzitter?"): that
# is a question of its own, which the documents may not answer while they answer the rest ("… en hoe luidt die
# dan?", "… of is dat overdreven?" stay with the clause before)
_NOUN_ASKED = re.compile(r"(?:wat|wie|welke?|what|who|which)\s+(?:is|zijn|was|waren|are|were)\b", re.I)


@dataclass(frozen=True)
class Part:
    text: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class QuestionPlan:
    """The parts of a question (one for a simple question), its cues, and what it asks to be shown."""

    text: str
    language: str
    parts: tuple[Part, ...]
    cues: tuple[str, ...]
    asks_questions: bool  # the user asks for questions or a checklist: bare questions may be quoted
    compares: bool  # a comparison: quotes from each document named, or from at least two


def split_parts(question: str, language: str) -> list[str]:
    """The question's parts: separate questions, or clauses joined by "en"/"of" that open with a question word
    (or a preposition and a question word). A closing remark after the last question that asks nothing itself
    ("… in de regio Rotterdam? Ik hoorde dat het daar juist iets losmaakte.") is said of that question, no part of
    its own. HTML tags are not words of the question: the scope step would name them as missing."""
    text = " ".join(_MARKUP.sub(" ", question).split())
    pieces = [p.strip() for p in re.split(r"(?<=\?)\s+", text) if p.strip()]
    lang = language if language in _QUESTION_WORDS else "nl"
    cut = re.compile(rf"{_JOINERS[lang]}\s+(?=(?:(?:{_PREPOSITIONS[lang]})\s+)?(?:{_QUESTION_WORDS[lang]})\b)", re.I)
    parts: list[str] = []
    for n, piece in enumerate(pieces):
        if parts and n == len(pieces) - 1 and not _ASKS.search(piece) and "?" not in piece:
            parts[-1] = f"{parts[-1]} {piece}"  # a closing remark that asks nothing: "Ik hoorde dat …."
            continue
        # the sentences before a piece's last one are where the asker stands ("Wij zijn een ziekenhuis en drie
        # VVT-organisaties en moeten …."): they go with the first clause of the question, uncut
        *context, asked = _STATEMENT_END.split(piece)
        clauses: list[str] = []
        for n, clause in enumerate(c.strip(" ,;") for c in cut.split(asked)):
            if n == 0 and context:
                clause = " ".join(context + [clause])
            if not clause:
                continue
            own = len(content_words(clause))
            if clauses and ((own < MIN_PART_WORDS and not (own and _NOUN_ASKED.match(clause)))
                            or len(content_words(clauses[-1])) < MIN_PART_WORDS):
                clauses[-1] = f"{clauses[-1]} {clause}"
            else:
                clauses.append(clause)
        if parts and clauses and not content_words(clauses[0]):  # "En?" belongs to the question before
            parts[-1] = f"{parts[-1]} {clauses.pop(0)}"
        parts += clauses
    return parts or [text]


MIN_HEAD_CHARS = 4  # a compound's head this long names it ("toeslag", "pool"); "zorg" too, harmless: known


# a clause that asks itself: it opens with a question word, Dutch or English ("Wat zijn de drie vormen: …?")
_ASKING = re.compile(rf"\s*(?:{_QUESTION_WORDS['nl']}|{_QUESTION_WORDS['en']})\b", re.I)
_ASKS = re.compile(rf"\b(?:{_QUESTION_WORDS['nl']}|{_QUESTION_WORDS['en']})\b", re.I)  # a question word anywhere


def asked_clause(text: str) -> str:
    """The sentences of a part from its first question on: "Wij zijn vier VVT-organisaties in de Betuwe. Wat levert
    zo'n aanpak op?" asks about the aanpak, the Betuwe is where the asker works; so is a lead-in before a colon that
    asks nothing itself ("Als CFO van een ziekenhuis vraag ik me af: …?", "Quick sanity check for our CFO: …?"). A
    part the splitter cut off before its question mark ("… die na ontslag nergens terechtkunnen. Is dat slim") asks
    in its last sentence. A compound of the context that the question names by its head ("… de
    onregelmatigheidstoeslag … gelijktrekken. Hoe hoog ligt die toeslag?") is what it asks about, and is read with
    it."""
    sentences = _STATEMENT_END.split(text)
    first = next((i for i, s in enumerate(sentences) if "?" in s), len(sentences) - 1)
    lead, colon, rest = sentences[first].partition(": ")
    if colon and not _ASKING.match(lead) and ("?" in rest or _ASKS.search(rest)):  # "Als CFO … vraag ik me af: …?"
        sentences[first:first + 1] = [lead + ":", rest]
        first += 1
    asked = " ".join(sentences[first:])
    heads = [w for w in content_words(asked) if len(w) >= MIN_HEAD_CHARS]
    named = [w for w in dict.fromkeys(content_words(" ".join(sentences[:first])))
             if any(len(w) > len(h) and w.endswith(h) for h in heads)]
    return " ".join([asked] + named)


def plan(question: str, language: str, named_documents: tuple[str, ...] = ()) -> QuestionPlan:
    """The plan of a question, from its own words (a follow-up's plan comes from the follow-up)."""
    parts = tuple(Part(p, asked_cues(p, language)) for p in split_parts(question, language))
    cues = asked_cues(question, language)
    compares = "differences" in cues or len(named_documents) >= 2
    return QuestionPlan(question, language, parts, cues, bool(_ASKS_QUESTIONS.search(question)), compares)


def document_names(titles: dict[str, str]) -> dict[str, set[str]]:
    """Per document, the stems of the words that name it: words of its title (and publisher) that no other
    document's title uses and that general language, Dutch or English, seldom does ("handreiking",
    "whitepaper", "stroomversneller", "Bisnez"); "nieuw", "regio" or "resultaat" in a question name no
    document, nor does "common" (of the publisher "Common Eye") or "change" in an English question."""
    own = {d: {stem(w) for w in content_words(t) if len(w) >= 5
               and max(zipf_frequency(w, "nl"), zipf_frequency(w, "en")) < TITLE_NAME_ZIPF}
           for d, t in titles.items()}
    return {d: {s for s in stems_ if not any(s in o for e, o in own.items() if e != d)} for d, stems_ in own.items()}


def named_in(question: str, names: dict[str, set[str]]) -> tuple[str, ...]:
    """The documents a question names (through the stems of their distinctive title words)."""
    asked = {stem(w) for w in content_words(question)}
    return tuple(d for d, n in names.items() if n & asked)


def without_names(text: str, names: set[str]) -> str:
    """`text` without the words, or the parts of hyphenated words, that name a document (`names`: their stems):
    "Wat zegt de Bisnez-whitepaper over …" is retrieved as "Wat zegt de over …". The name says where to look,
    not what to find; its words drew the document's introduction ("Onlangs organiseerden Bisnez en …") to the
    top. The text itself when nothing but names would be left."""
    kept = []
    for word in text.split():
        parts = [p for p in word.split("-") if stem(re.sub(r"\W", "", p.lower())) not in names]
        if parts:
            kept.append("-".join(parts))
    return " ".join(kept) if content_words(" ".join(kept)) else text
