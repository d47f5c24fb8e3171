"""What opens an answer when the register answers the question: the best item of the checklist asked for,
or the passage that names the model asked for.

A manager who asks "met welke vragen lichten we het verloop door?" wants one of the list's own items first,
and those items are often questions, which the answer step otherwise never quotes. One who asks "welk model
beschrijft die spanning?" wants the sentence that names the model, not the best-scoring sentence beside it.
Both units are scored with the same unit scorer as every other candidate (assistant/compose.py).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain

from assistant.compose import RankedUnit, Selection, candidates, overlaps, score_units
from assistant.cues import asks_for_model, labelled
from assistant.model_search import names_model
from assistant.register import Checklist, Located, Model, rows_of
from assistant.retrieve import Scored, Signals
from assistant.scope import Quotable, figure_answers, figure_asked
from assistant.tuning import MAX_QUOTES
from assistant.units import LIST, MAX_LIST_CHARS, MAX_SENTENCES, MIN_WORDS, Unit, UnitBuilder
from index.lexical import LexicalIndex
from index.loaded import LoadedIndex
from index.roles import BODY, HEADING, LEAD_IN, LIST_ITEM, QUESTION, REFERENCE
from index.words import content_stems


def item_units(index: LoadedIndex, builder: UnitBuilder, checklist: Checklist) -> list[Unit]:
    """A checklist's located items as quotable spans, long enough to read on its own: an item whose own unit
    is a list item or a question (`UnitBuilder.unit`) as that unit, the span the answer shows for it anywhere
    (the register may hold only a list item's first sentences: "Eén gezamenlijke ambitie …: … Dit leidt tot
    bestuurlijke drukte." without the reason that follows); any other item (words inside body text) exactly."""
    out = []
    for x in checklist.items:
        if not x.found or len(index.docs[x.document].text[x.start:x.end].split()) < MIN_WORDS:
            continue
        rows = rows_of(index, x)
        if not rows:
            continue
        whole = builder.unit(rows[0])
        if whole.role in (LIST_ITEM, QUESTION) and whole.start <= x.start and x.end <= whole.end:
            out.append(whole)
            continue
        text = index.docs[x.document].text[x.start:x.end].rstrip()
        out.append(Unit(x.document, x.start, x.end, QUESTION if text.endswith("?") else LIST_ITEM, rows))
    return out


def list_unit(index: LoadedIndex, checklist: Checklist) -> Unit | None:
    """The checklist whole, as one span from its lead-in (the sentence just before its first item, when it
    introduces it) to its last item, when nothing but list items lies between its items and the span fits
    about one passage (MAX_LIST_CHARS); None otherwise. A manager who asks for the questions to ask or the
    points to watch wants the list, not one of its items."""
    found = [x for x in checklist.items if x.found]
    if not found or len({x.document for x in found}) != 1:
        return None
    document = found[0].document
    start, end = min(x.start for x in found), max(x.end for x in found)
    every = rows_of(index, Located(document, "", "", start, end), skip=())
    blocks = index.docs[document].blocks
    if not every or not all(blocks[index.sentences[j].block].kind == "item"
                            or any(x.start < index.sentences[j].end and index.sentences[j].start < x.end for x in found)
                            for j in every):
        return None  # the items are not one list: other text lies between them
    rows = tuple(j for j in every if index.sentences[j].role not in (HEADING, REFERENCE))
    block = blocks[index.sentences[rows[0]].block]
    if block.kind == "item" and block.start < start:  # its number or bullet ("1. ") with it
        start = block.start
    before = rows[0] - 1
    if before >= 0 and index.sentences[before].document == document and index.sentences[before].role == LEAD_IN:
        start = index.sentences[before].start
        rows = (before,) + rows
    if end - start > MAX_LIST_CHARS:
        return None
    return Unit(document, start, end, LIST, rows)


def _scored(index: LoadedIndex, units: list[Unit], ranked: list[Scored], sig: Signals, query: str,
            cues: tuple[str, ...]) -> list[RankedUnit]:
    """`units` scored for the question, with their rows' passage ranks as retrieval gave them."""
    rank_of = {s.chunk_id: r for r, s in enumerate(ranked)}
    pool = list(dict.fromkeys((j, rank_of.get(index.sentences[j].chunk_id, len(ranked)))
                              for u in units for j in u.rows))
    cands = candidates(index, pool, sig.sentence_sims, sig, query, cues)
    return score_units(index, [(u, [c for c in cands if c.row in u.rows]) for u in units], cands, query)


def _text(index: LoadedIndex, unit: Unit) -> str:
    return index.docs[unit.document].text[unit.start:unit.end]


def _touching(units: list[RankedUnit], spans: list[Located]) -> list[RankedUnit]:
    return [r for r in units if any(x.found and x.document == r.unit.document and x.start < r.unit.end
                                    and r.unit.start < x.end for x in spans)]


def checklist_opening(index: LoadedIndex, builder: UnitBuilder, checklist: Checklist, scored: list[RankedUnit],
                      ranked: list[Scored], sig: Signals, query: str, cues: tuple[str, ...]) -> RankedUnit | None:
    """The unit that holds the checklist's items best: the best of the question's own candidate units that
    holds an item (a lead-in with its list), else the best item by itself (the only way a list of questions
    is quoted). None when no item can be quoted."""
    whole = list_unit(index, checklist)
    if whole is not None:
        return _scored(index, [whole], ranked, sig, query, cues)[0]
    own = _touching(scored, checklist.items)
    if own:
        return own[0]
    items = _scored(index, item_units(index, builder, checklist), ranked, sig, query, cues)
    return items[0] if items else None


def model_opening(index: LoadedIndex, builder: UnitBuilder, model: Model, scored: list[RankedUnit],
                  ranked: list[Scored], sig: Signals, query: str, cues: tuple[str, ...]) -> RankedUnit | None:
    """The best unit around a mention of the model, one that names it (`names_model`) before one that only
    describes it: among the question's own candidate units, else among the units of its mentions (None when
    no mention can be quoted)."""
    own = _touching(scored, model.mentions)
    naming = [r for r in own if names_model(_text(index, r.unit), model)]
    if naming or own:
        return (naming or own)[0]
    units: dict[tuple[str, int, int], Unit] = {}
    for x in model.mentions:
        if not x.found:
            continue
        for j in rows_of(index, x):
            u = builder.unit(j)
            if len(_text(index, u).split()) >= MIN_WORDS and u.role != QUESTION:
                units.setdefault((u.document, u.start, u.end), u)
    found = _scored(index, list(units.values()), ranked, sig, query, cues)
    naming = [r for r in found if names_model(_text(index, r.unit), model)]
    return (naming or found or [None])[0]


# the event a date question asks about, and the words by which a sentence dates that event: "wanneer houdt het geld
# … op?" opens with "Per 1 januari 2022 stopt …", not with "Vanaf 2022 is een deel van het macrobudget gelabeld"
# (dev q222; q240, written first, already opened with its end, and q221's start lies beyond the six passages)
_DATE_EVENTS = (
    ("start", re.compile(r"\b(?:begint|begon|begonnen|start|startte|gestart|van start|opgericht|opgezet|"
                         r"sinds wanneer|vanaf wanneer)\b", re.I),
     re.compile(r"\b(?:begint|begon|begonnen|start|startte|gestart|van start|opgericht|opgezet)\b", re.I)),
    ("end", re.compile(r"\b(?:stopt|stopte|gestopt|eindigt|eindigde|afgelopen|loopt\b[^?,;]*\baf|houdt\b[^?,;]*\bop|"
                       r"tot wanneer)\b", re.I),
     re.compile(r"\b(?:stopt|stopte|gestopt|eindigt|eindigde|afgelopen|loopt\b[^.;]*\baf|houdt\b[^.;]*\bop|"
                r"niet meer beschikbaar)\b", re.I)),
)


def date_event(text: str) -> re.Pattern | None:
    """For a question asking when something starts or ends, the words that date that event in a sentence."""
    return next((dates for _, asks, dates in _DATE_EVENTS if asks.search(text)), None)


def figure_first(units: list[RankedUnit], text: str, quotable: dict[int, Quotable], language: str,
                 lexical: LexicalIndex, question: str = "") -> tuple[list[RankedUnit], str]:
    """A part that asks for a figure ("hoeveel projecten lopen er nog?") or a name ("wie is de voorzitter …?";
    `question`: the whole question, whose names are not the answer) opens with its best unit holding a
    sentence that gives it, as check 7 reads one (`figure_answers`: the kind asked, counting the thing asked),
    rather than the best-scoring sentence beside it that gives none; a date question about a start or an end
    with the best such unit that dates that event (`date_event`). Dutch questions only: an English one
    shares no word with the documents that says what a figure counts, and check 7's reading of it (any figure
    near the question) is lenient enough for a scope decision, not for the opening ("how many managers …"
    would open with "drie thema's"). (units, reason); the units unchanged and no reason when the part asks for
    no figure or no unit gives it."""
    kind = figure_asked(text) if language == "nl" else ""
    if not kind:
        return units, ""
    # (place, its rows that give the figure) of each unit that gives it, read lazily: only a date question about
    # an event reads on past the first
    giving = ((place, rows) for place, r in enumerate(units)
              if (rows := [j for j in r.unit.rows
                           if j in quotable and figure_answers(text, kind, quotable[j], language, lexical, question)]))
    first = next(giving, None)
    if first is None:
        return units, ""
    event = date_event(text) if kind == "date" else None
    place = first[0] if event is None else next(
        (p for p, rows in chain([first], giving) if any(event.search(quotable[j].text) for j in rows)), first[0])
    if place == 0:
        return units, ""
    r = units[place]
    return [r] + units[:place] + units[place + 1:], f"figure ({kind}): place {place + 1} gives it"


def _labelled_row(index: LoadedIndex, row: int, cues: tuple[str, ...]) -> bool:
    r = index.sentences[row]
    return r.role not in (HEADING, QUESTION, REFERENCE) and labelled(cues, index.docs[r.document].text[r.start:r.end])


def label_first(index: LoadedIndex, units: list[RankedUnit], cues: tuple[str, ...]) -> tuple[list[RankedUnit], str]:
    """A part that asks for disadvantages or advantages opens with its best unit holding a sentence the document
    labels so ("Nadeel: dominantie en veel invloed door een partij …"), when one is among its units, rather than
    the general sentence beside it that scores higher ("Een vuistregel bij de inrichting van netwerk governance
    …"). (units, reason); the units unchanged and no reason when no unit holds one or the best one does."""
    place = next((p for p, r in enumerate(units) if any(_labelled_row(index, j, cues) for j in r.unit.rows)), None)
    if not place:
        return units, ""
    return [units[place]] + units[:place] + units[place + 1:], f"label: place {place + 1} carries it"


def _sibling_labels(index: LoadedIndex, document: str, path: list[str], cues: tuple[str, ...]) -> dict[str, list[int]]:
    """Per sibling section of `path` (the same parent heading, another last level) that holds labelled sentences,
    those rows in reading order. Only each sibling's own rows are read: the index's sentences are sorted by
    document and offset, so a section's rows are one range of them."""
    levels = [(s, s.path.split(" > ")) for s in index.docs[document].sections]
    spans = [(s.start, s.end, p[-1]) for s, p in levels if p[:-1] == path[:-1] and p[-1] != path[-1]]
    at = lambda offset: bisect_left(index.sentences, (document, offset), key=lambda r: (r.document, r.start))
    out: dict[str, list[int]] = {}
    for a, b, title in spans:
        if found := [j for j in range(at(a), at(b)) if _labelled_row(index, j, cues)]:
            out.setdefault(title, []).extend(found)
    return out


def _labelled_unit(index: LoadedIndex, builder: UnitBuilder, rows: list[int]) -> Unit:
    """A sibling's labelled sentences as one span when they are adjacent sentences of one paragraph ("Voordeel: …
    Nadeel: …"), else the unit of the first."""
    rs = [index.sentences[j] for j in rows]
    if (1 < len(rows) <= MAX_SENTENCES and rows == list(range(rows[0], rows[-1] + 1))
            and all(r.role == BODY and (r.document, r.block) == (rs[0].document, rs[0].block) for r in rs)):
        return Unit(rs[0].document, rs[0].start, rs[-1].end, BODY, tuple(rows))
    return builder.unit(rows[0])


def parallel_sections(index: LoadedIndex, builder: UnitBuilder, sel: Selection, cues: tuple[str, ...],
                      question: str) -> None:
    """Beside an opening that holds a labelled sentence ("Nadeel: …" under "Leiderorganisatie: een actor in the
    lead"), the labelled sentences of each sibling section (the other options under the same heading:
    "Zelfregulerend netwerk", "Netwerkbureau") open too, within MAX_QUOTES: "En wat zijn de nadelen daarvan?"
    after the governance question asks for the disadvantages of all three forms, which the documents state one
    section each. A sibling already shown among the supporting quotes moves up. Not when `question` names the
    opening's own option by a word of its title that no sibling's title or the parent heading has ("… van die
    variant met een apart, onafhankelijk bureau?"). Changes `sel` in place and gives the reason."""
    for op in list(sel.opening):
        rows = [j for j in op.rows if _labelled_row(index, j, cues)]
        if not rows or len(sel.opening) >= MAX_QUOTES:
            continue
        path = index.docs[op.document].section_at(index.sentences[rows[0]].start).split(" > ")
        siblings = _sibling_labels(index, op.document, path, cues) if len(path) > 1 else {}
        if not siblings:
            continue
        named = ((content_stems(question) & content_stems(path[-1])) - content_stems(" ".join(path[:-1]))
                 - set().union(*(content_stems(t) for t in siblings)))
        if named:
            sel.reasons.append(f"siblings: none, the question names its own section ({', '.join(sorted(named))})")
            continue
        at, added = sel.opening.index(op) + 1, []
        for title, found in siblings.items():
            unit = _labelled_unit(index, builder, found)
            if len(sel.opening) >= MAX_QUOTES or any(overlaps(unit, u) for u in sel.opening):
                continue
            sel.support = [u for u in sel.support if not overlaps(unit, u)]
            sel.opening.insert(at + len(added), unit)
            added.append(title)
        if added:
            sel.support = sel.support[:max(MAX_QUOTES - len(sel.opening), 0)]
            sel.reasons.append(f"siblings ({path[-1]}): {'; '.join(added)}")


def openings(index: LoadedIndex, builder: UnitBuilder, question: str, checklist: Checklist | None,
             models: list[Model], scored: list[RankedUnit], ranked: list[Scored], sig: Signals, query: str,
             cues: tuple[str, ...]) -> tuple[tuple[str, RankedUnit], ...]:
    """(why, unit) to open the answer with: the checklist's best item when a list was picked (the question
    asked for one), else the first linked model's best passage when the question asks for a model and the
    best candidate names none of the linked models. `scored`: the question's (first part's) candidate
    units, best first."""
    if checklist is not None:
        best = checklist_opening(index, builder, checklist, scored, ranked, sig, query, cues)
        if best is not None:
            return ((f"checklist {checklist.id}", best),)
    if models and asks_for_model(question):
        if scored and any(names_model(_text(index, scored[0].unit), m) for m in models):
            return ()  # the best candidate already names a linked model
        best = model_opening(index, builder, models[0], scored, ranked, sig, query, cues)
        if best is not None:
            return ((f"model {models[0].id}", best),)
    return ()
