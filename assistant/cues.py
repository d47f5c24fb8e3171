"""What kind of answer a question asks for, and which sentences carry it: a Dutch and an English lexicon.

A question about disadvantages wants the sentences that name a disadvantage ("Nadeel: …"), one about
steps wants the ones that order an approach. Each cue has the question phrases that ask for it (in
either language, since an English question is answered from Dutch text) and the stems of the Dutch
(and English) words that mark a sentence carrying it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.words import stems, words


@dataclass(frozen=True)
class Cue:
    name: str
    asks_nl: tuple[str, ...]  # regular expressions over the lower-case question
    asks_en: tuple[str, ...]
    marks: tuple[str, ...]  # words (stemmed when compared) that mark a sentence carrying the cue
    # the words a document labels such a sentence with, one per option it weighs ("Nadeel: …", "Voordeel is …"):
    # the sentences that answer most directly (assistant/opening.py, `label_first` and `parallel_sections`)
    labels: tuple[str, ...] = ()

    def asked(self, question: str, language: str) -> bool:
        q = question.lower()
        return any(re.search(p, q) for p in (self.asks_en if language == "en" else self.asks_nl))


CUES = (
    Cue("disadvantages",
        (r"\bnade(el|len)\b", r"\brisico", r"\bvalkuil", r"\bkeerzijde", r"\baddertje", r"\bminpunt", r"\bgevar?en\b",
         r"misgaan|mis gaan", r"\bwringt\b",  # "waar wringt de schoen?": where it chafes
         r"\bnadelig", r"\bzwakte", r"oppassen|waarvoor (moet|moeten) .* (op|uit)kijken", r"\bvoor- en nadelen"),
        (r"\bdisadvantage", r"\bdownside", r"\brisks?\b", r"\bpitfall", r"\bdrawback", r"go wrong", r"\bweakness",
         r"pros and cons"),
        ("nadeel", "nadelen", "risico", "risico's", "valkuil", "valkuilen", "keerzijde", "gevaar", "kwetsbaar",
         "beperking", "beperkt", "nadelig", "lastig", "complex", "uitdaging"),
        ("nadeel", "nadelen", "disadvantage", "disadvantages", "drawback", "drawbacks")),
    Cue("advantages",
        (r"\bvoorde(el|len)\b", r"\bopbrengst", r"wat levert .* op", r"\bpluspunt", r"\bsterkte", r"\bwinst\b",
         r"\bvoor- en nadelen", r"waarom zou(den)? (je|we|wij)"),
        (r"\badvantage", r"\bbenefit", r"\bupside", r"\bgain\b", r"pros and cons", r"\bstrength"),
        ("voordeel", "voordelen", "oplevert", "levert", "opbrengst", "helpt", "winst", "sterk", "kracht"),
        ("voordeel", "voordelen", "advantage", "advantages", "benefit", "benefits")),
    Cue("steps",
        (r"\bstappen\b", r"\bstap\b", r"hoe (begin|start|beginnen|starten|pakken|pak|zetten|zet|richt|richten)",
         r"\baanpak\b", r"\bfase", r"\bvolgorde\b", r"\bopzetten\b", r"\binrichten\b", r"waar begin"),
        (r"\bsteps?\b", r"how (do|should|can) (we|i|you) (start|begin|set up|set|organi[sz]e)", r"\bapproach\b",
         r"\bphases?\b", r"\bwhere to start"),
        ("stap", "stappen", "eerst", "begin", "start", "vervolgens", "daarna", "fase", "volgende")),
    Cue("tips",
        (r"\btips?\b", r"\badvie[sz]", r"\baanbeveling", r"wat helpt", r"\bwaar (moet|moeten|let|letten) .* op",
         r"\baandachtspunt", r"hoe (zorg|zorgen|voorkom|voorkomen|houd|houden)"),
        (r"\btips?\b", r"\badvice\b", r"\brecommend", r"what helps", r"pay attention", r"look out for",
         r"how (do|can|should) (we|i|you) (keep|avoid|prevent|make sure)"),
        ("tip", "tips", "zorg", "advies", "aanbeveling", "aanbevelingen", "helpt", "belangrijk", "let", "voorkom")),
    Cue("definition",
        (r"^wat is (een|het|de)?\b", r"^wat (betekent|betekenen)\b", r"\bwat (verstaan|bedoelen) (we|ze|jullie)\b",
         r"\bdefinitie\b", r"^wat houdt .* in\b"),
        (r"^what is (an?|the)?\b", r"\bdefin", r"\bmeaning of\b", r"^what does .* mean\b"),
        ("betekent", "houdt", "verstaan", "noemen", "definitie", "oftewel", "namelijk", "staat")),
    Cue("examples",
        (r"\bvoorbeeld", r"\bcasus", r"\bpraktijk", r"\bbijvoorbeeld\b", r"\bwie doet", r"\bwaar (is|wordt) dit"),
        (r"\bexamples?\b", r"\bcases?\b", r"\bin practice\b"),
        ("voorbeeld", "bijvoorbeeld", "casus", "praktijk", "zoals")),
    Cue("differences",
        (r"\bverschil", r"\bvergelijk", r"\bonderscheid", r"\bversus\b", r"\bvs\.?\b", r"\b(het )?eens\b",
         r"\banders dan\b", r"\boverlap"),
        (r"\bdiffer", r"\bcompar", r"\bversus\b", r"\bvs\.?\b", r"\bagree", r"\bcontrast", r"\boverlap"),
        ("verschil", "verschillen", "anders", "terwijl", "tegenstelling", "onderscheid", "daarentegen",
         "vergelijkbaar", "ook")),
    Cue("reasons",
        (r"^waarom\b", r"\bwaarom\b", r"\breden", r"\bwat is het nut\b", r"\bwaartoe\b"),
        (r"^why\b", r"\bwhy\b", r"\breasons?\b", r"\bpurpose\b"),
        ("omdat", "reden", "redenen", "daardoor", "zodat", "nodig", "noodzakelijk", "waardoor", "doordat")),
)
_MARK_STEMS = {c.name: frozenset(stems(list(c.marks))) for c in CUES}
_LABEL_STEMS = {c.name: frozenset(stems(list(c.labels))) for c in CUES}


def asked_cues(question: str, language: str) -> tuple[str, ...]:
    """The cues a question asks for, in lexicon order."""
    return tuple(c.name for c in CUES if c.asked(question, language))


def asks_for_a_kind(word: str) -> bool:
    """The word alone asks for a kind of answer, in either language ("pluspunten", "valkuilen", "addertje",
    "downsides"): how the question is put, not what it is about."""
    w = word.lower()
    return any(re.search(p, w) for c in CUES for p in c.asks_nl + c.asks_en if not p.startswith("^"))


def carries(cue: str, text: str) -> bool:
    """True when a sentence carries the cue: one of its marking words, stemmed, is in the text."""
    return bool(_MARK_STEMS[cue] & set(stems(words(text))))


def labelled(cues: tuple[str, ...], text: str) -> bool:
    """True when a sentence is labelled with one of the cues asked: it holds a label word ("Nadeel: dominantie
    …" for disadvantages), stemmed."""
    label = frozenset().union(*(_LABEL_STEMS[c] for c in cues))
    return bool(label) and bool(label & set(stems(words(text))))


# A question that asks for a model, framework or instrument by a noun for one (Dutch and English).
MODEL_CUES = re.compile(
    r"\b(?:\w*model(?:len)?|raamwerk\w*|(?:denk)?kader|theorie\w*|instrument\w*|hulpmiddel\w*|indeling\w*|"
    r"typologie\w*|framework\w*|theory|theories|tool|tools)\b", re.I)


def asks_for_model(question: str) -> bool:
    """The question asks which model, framework or instrument fits ("welk model", "is er een theorie")."""
    return bool(MODEL_CUES.search(question))
