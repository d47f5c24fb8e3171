"""The unit scorer of the answer step on a hand-made index (real BM25 analysis, no embedder, no chromadb)."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.compose import (
    RankedUnit,
    Selection,
    UnitFeatures,
    Widened,
    candidates,
    choose,
    pool_rows,
    scored_units,
    widened,
)
from assistant.cues import asks_for_model
from assistant.model_search import names_model
from assistant.opening import figure_first, item_units, label_first, list_unit, openings, parallel_sections
from assistant.question import plan
from assistant.register import Checklist, Located, Model
from assistant.retrieve import Scored, Signals
from assistant.scope import Quotable
from assistant.tuning import (
    UNIT_WEIGHTS,
    UNIT_WEIGHTS_NO_QUESTIONS,
    WIDEN_RANKS,
)
from assistant.units import LIST, Unit, UnitBuilder
from index.lexical import LexicalIndex
from index.loaded import LoadedDoc, Passage, section_tail
from index.records import Block, DocRecord, Section, SentenceRow
from index.roles import BODY, HEADING, LEAD_IN, LIST_ITEM, QUESTION

CHUNK_OF = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]  # the passage of each paragraph
PARAGRAPHS = [
    ("Governance van netwerken", "heading", HEADING),
    ("Welk governancemodel past bij een klein netwerk van twaalf organisaties?", "paragraph", QUESTION),
    ("Een klein netwerk van twaalf organisaties kiest meestal voor gedeelde governance zonder apart bureau.",
     "paragraph", BODY),
    ("Er zijn drie grondvormen van netwerkgovernance:", "paragraph", LEAD_IN),
    ("gedeelde governance door de partners samen;", "item", LIST_ITEM),
    ("een leidende organisatie die de regie voert;", "item", LIST_ITEM),
    ("een apart netwerkbureau dat het netwerk bestuurt.", "item", LIST_ITEM),
    ("Vertrouwen tussen de bestuurders groeit door samen aan concrete resultaten te werken.", "paragraph", BODY),
    ("Zorg voor een goed proces", "paragraph", BODY),  # a fragment
    ("Hoe houden de partners het netwerk samen als de ambities van de organisaties uiteenlopen?", "paragraph", BODY),
]


class TinyIndex:
    """The parts of LoadedIndex the answer step reads: one document, one passage per paragraph."""

    def __init__(self):
        text, blocks, self.sentences = "", [], []
        for i, (para, kind, role) in enumerate(PARAGRAPHS):
            start = len(text)
            text += para
            blocks.append(Block(start, len(text), kind))
            self.sentences.append(SentenceRow("d", start, len(text), f"c{CHUNK_OF[i]}", role, i))
            text += "\n\n"
        rec = DocRecord(id="d", path="d.txt", title="Doc", origin="d.txt", sha256="x")
        self.docs = {"d": LoadedDoc(rec, text, False, [], [Section(0, len(text), "Governance van netwerken")],
                                    Path("none.offsets.npy"), blocks)}
        self.chunk_sentences: dict[str, list[int]] = {}
        for i, r in enumerate(self.sentences):
            self.chunk_sentences.setdefault(r.chunk_id, []).append(i)
        self.chunks = {cid: Passage(cid, "d", "", None, self.sentences[rows[0]].start, self.sentences[rows[-1]].end)
                       for cid, rows in self.chunk_sentences.items()}
        self.lexical = LexicalIndex.build([f"p{i}" for i in range(len(PARAGRAPHS))], [p for p, _, _ in PARAGRAPHS])
        self.sentence_questions: dict[int, list[int]] = {}
        self.questions: list = []  # reader questions: their rows only matter through sentence_questions
        rng = np.random.default_rng(0)
        vecs = rng.normal(size=(len(self.sentences), 8))
        self.sentence_vectors = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)

    def sentence_terms(self, row: int) -> set[str]:
        r = self.sentences[row]
        return self.lexical.terms(self.docs["d"].text[r.start:r.end])

    def section_terms(self, row: int) -> set[str]:
        return self.lexical.terms(section_tail(self.docs["d"], self.sentences[row].start))


def _signals(index: TinyIndex, asked: dict[int, float] | None = None) -> Signals:
    return Signals(np.zeros(8, np.float32), np.zeros(len(index.sentences)),
                   np.asarray(list((asked or {}).values()), dtype=float))


def _ranked(index: TinyIndex, question: str, asked: dict[int, float] | None = None, order=(0, 1, 2)):
    """The scored units of the passages in `order`; `asked`: the similarity of the reader question written
    for a sentence row."""
    idx = index
    sig = _signals(idx, asked)
    idx.sentence_questions = {row: [k] for k, row in enumerate((asked or {}).keys())}
    idx.questions = list(range(len(asked or {})))
    ranked = [Scored(f"c{i}", 0.0) for i in order]
    qplan = plan(question, "nl")
    cands = candidates(idx, pool_rows(idx, ranked), sig.sentence_sims, sig, question, qplan.cues)
    return scored_units(idx, UnitBuilder(idx.sentences, idx.docs), cands, qplan, question), qplan


def _text(index: TinyIndex, unit) -> str:
    return index.docs["d"].text[unit.start:unit.end]


def test_the_weights_name_every_feature_and_the_features_are_what_the_unit_has():
    assert len(UNIT_WEIGHTS) == len(UNIT_WEIGHTS_NO_QUESTIONS) == len(fields(UnitFeatures))
    assert UNIT_WEIGHTS_NO_QUESTIONS[[f.name for f in fields(UnitFeatures)].index("asked")] == 0.0
    index = TinyIndex()
    units, _ = _ranked(index, "Welke grondvormen van netwerkgovernance zijn er?")
    lead = next(r for r in units if r.unit.role == LIST)
    assert _text(index, lead.unit).startswith("Er zijn drie grondvormen") and _text(index, lead.unit).endswith("bestuurt.")
    assert lead.features.is_list == 1.0 and lead.features.bigram > 0  # "grondvormen van netwerkgovernance"
    assert lead.features.position == 1.0 and lead.features.chunk == 0.5
    vertrouwen = next(r for r in units if _text(index, r.unit).startswith("Vertrouwen"))
    assert vertrouwen.features.lexical_unit == vertrouwen.features.bigram == vertrouwen.features.is_list == 0.0
    assert lead.score > vertrouwen.score


def test_the_unit_that_says_what_was_asked_opens_and_a_heading_or_bare_question_never_does():
    index = TinyIndex()
    units, qplan = _ranked(index, "Welk governancemodel past bij twaalf organisaties?")
    texts = [_text(index, r.unit) for r in units]
    assert not any(t.startswith("Governance van") for t in texts)  # a heading is not quoted
    assert not any(t.endswith("organisaties?") for t in texts)  # nor a bare question, unless asked for
    sel = choose(index, [units], qplan)
    assert _text(index, sel.opening[0]).startswith("Een klein netwerk van twaalf organisaties")
    assert [r.score for r in units] == sorted((r.score for r in units), reverse=True)


def test_a_reader_question_written_for_a_sentence_lifts_it_and_without_any_the_scorer_still_ranks():
    index = TinyIndex()
    question = "Hoe krijg je meer onderling vertrouwen?"
    vertrouwen = next(i for i, (p, _, _) in enumerate(PARAGRAPHS) if p.startswith("Vertrouwen"))
    with_asked, _ = _ranked(index, question, {vertrouwen: 0.9, 2: 0.1, 4: 0.2}, order=(2, 0, 1))
    top = with_asked[0]
    assert top.features.asked > 0 and _text(index, top.unit).startswith("Vertrouwen")
    without, _ = _ranked(index, question, order=(2, 0, 1))
    assert all(r.features.asked == -1.0 for r in without)  # an index built without reader questions
    assert _text(index, without[0].unit).startswith("Vertrouwen")  # its words still carry it


def test_an_english_question_is_judged_on_meaning_not_on_shared_words():
    index = TinyIndex()
    units, _ = _ranked(index, "Which governance fits a small network of twelve organisations?")
    for r in units:
        f = r.features
        assert max(f.lexical, f.lexical_unit, f.bigram, f.rare, f.section) < 0.3


def test_fragments_never_and_spans_of_questions_only_when_questions_are_asked_for_are_quoted():
    index = TinyIndex()
    units, _ = _ranked(index, "Hoe houden de partners het netwerk samen met een goed proces?", order=(2, 0, 1))
    texts = [_text(index, r.unit) for r in units]
    assert texts and not any(t.startswith("Zorg voor") or t.endswith("uiteenlopen?") for t in texts)
    asked, qplan = _ranked(index, "Met welke vragen houden de partners het netwerk samen?", order=(2, 0, 1))
    assert qplan.asks_questions and any(_text(index, r.unit).endswith("uiteenlopen?") for r in asked)
    assert not any(_text(index, r.unit).startswith("Zorg voor") for r in asked)


def _located(index: TinyIndex, *paragraphs: int) -> list[Located]:
    return [Located("d", "", PARAGRAPHS[p][0], index.sentences[p].start, index.sentences[p].end) for p in paragraphs]


def _lead(index: TinyIndex, question: str, checklist=None, models=()):
    units, qplan = _ranked(index, question)
    ranked = [Scored(f"c{i}", 0.0) for i in (0, 1, 2)]
    lead = openings(index, UnitBuilder(index.sentences, index.docs), question, checklist, list(models), units,
                    ranked, _signals(index), question, qplan.cues)
    return lead, choose(index, [units], qplan, (), lead)


def test_a_checklist_of_questions_opens_with_its_best_question_which_is_otherwise_never_quoted():
    index = TinyIndex()
    questions = Checklist("vragen", "Vragen", "f", "", "questions", "d", "", None, _located(index, 1, 9))
    question = "Hoe toets je welk governancemodel bij twaalf organisaties past?"
    _, plain = _lead(index, question)
    assert not any(_text(index, u).endswith("?") for u in plain.units)  # no list was picked: no bare questions
    lead, sel = _lead(index, question, questions)
    assert len(lead) == 1 and lead[0][0] == "checklist vragen"
    assert _text(index, sel.opening[0]).endswith("organisaties?") and sel.opening[0].role == QUESTION
    assert sel.opening[1:] and _text(index, sel.opening[1]).startswith("Een klein netwerk")  # the part's own next


def test_a_checklist_whose_items_a_candidate_holds_opens_with_that_candidate_whole():
    index = TinyIndex()
    forms = Checklist("vormen", "Grondvormen", "f", "", "list", "d", "", None, _located(index, 4, 5, 6))
    lead, sel = _lead(index, "Welke grondvormen van netwerkgovernance zijn er?", forms)
    assert sel.opening[0].role == LIST and _text(index, sel.opening[0]).startswith("Er zijn drie grondvormen")


def test_a_checklist_is_quoted_whole_from_its_lead_in_only_when_its_items_form_one_list_that_fits(monkeypatch):
    index = TinyIndex()
    forms = Checklist("vormen", "Grondvormen", "f", "", "list", "d", "", None, _located(index, 4, 6))
    whole = list_unit(index, forms)  # item 5 lies between the two located items: it is part of the list
    assert whole is not None and whole.role == LIST and whole.rows == (3, 4, 5, 6)
    assert _text(index, whole).startswith("Er zijn drie grondvormen") and _text(index, whole).endswith("bestuurt.")
    apart = Checklist("los", "Los", "f", "", "list", "d", "", None, _located(index, 2, 4))
    assert list_unit(index, apart) is None  # the lead-in paragraph between them is no item of the list
    monkeypatch.setattr("assistant.opening.MAX_LIST_CHARS", len(_text(index, whole)) - 1)
    assert list_unit(index, forms) is None  # longer than about one passage


def test_a_checklist_item_that_is_a_list_item_is_quoted_whole_one_inside_a_paragraph_exactly():
    index = TinyIndex()
    builder = UnitBuilder(index.sentences, index.docs)

    def first_words(p: int, n: int) -> Located:  # the register holds only the item's first words
        text = " ".join(PARAGRAPHS[p][0].split()[:n])
        return Located("d", "", text, index.sentences[p].start, index.sentences[p].start + len(text))

    items = Checklist("l", "L", "f", "", "list", "d", "", None, [first_words(5, 6), first_words(2, 7)])
    whole, exact = item_units(index, builder, items)
    assert (whole.role, _text(index, whole)) == (LIST_ITEM, PARAGRAPHS[5][0])  # the list item of the document
    assert _text(index, exact) == "Een klein netwerk van twaalf organisaties kiest"  # inside a paragraph


def test_a_model_question_opens_with_the_passage_naming_the_model_unless_the_best_already_does():
    index = TinyIndex()
    trust = Model("vertrouwen", "Vertrouwen", [], "", None, "model", "", _located(index, 7))
    question = "Welk model past bij een klein netwerk van twaalf organisaties?"
    lead, sel = _lead(index, question, models=[trust])
    assert lead[0][0] == "model vertrouwen" and _text(index, sel.opening[0]).startswith("Vertrouwen tussen")
    assert _text(index, sel.opening[1]).startswith("Een klein netwerk")
    small = Model("klein", "Klein netwerk", [], "", None, "model", "", _located(index, 2))
    assert _lead(index, question, models=[trust, small])[0] == ()  # the best candidate names `klein`
    assert _lead(index, "Wat past bij een klein netwerk van twaalf organisaties?", models=[trust])[0] == ()


def test_a_model_question_opens_with_the_unit_that_names_the_model_not_one_that_only_describes_it():
    index = TinyIndex()
    forms = Model("vormen", "grondvormen van netwerkgovernance", [], "Provan & Kenis", 2008, "model", "",
                  _located(index, 2, 3))  # the best candidate is a mention, but names neither name nor author
    lead, sel = _lead(index, "Welk model past bij een klein netwerk van twaalf organisaties?", models=[forms])
    assert lead and lead[0][0] == "model vormen"
    assert _text(index, sel.opening[0]).startswith("Er zijn drie grondvormen")
    assert names_model("Zo beschrijven Provan & Kenis het netwerk.", forms)  # an author names it too
    assert not names_model(_text(index, sel.opening[1]), forms)


@pytest.mark.parametrize("question, asks", [
    ("Welk model beschrijft die spanning?", True), ("Is er een theorie over?", True),
    ("Welk raamwerk helpt om de partijen te zien?", True), ("Is er een hulpmiddel voor dat gesprek?", True),
    ("Welk governancemodel past bij ons?", True), ("Which framework fits a small network?", True),
    ("Is there a tool for that conversation?", True), ("Hoe krijg je meer vertrouwen?", False),
    ("Wat zijn de nadelen van een netwerkbureau?", False), ("How do we build trust?", False)])
def test_model_questions_are_known_by_a_noun_for_a_model(question, asks):
    assert asks_for_model(question) is asks


def _rows(*spec: tuple[int, str, str]) -> SimpleNamespace:
    """An index of sentence rows only, each (block, role, passage), ten characters apart."""
    return SimpleNamespace(sentences=[SentenceRow("d", 10 * i, 10 * i + 9, chunk, role, block)
                                      for i, (block, role, chunk) in enumerate(spec)])


def _unit(index, *rows: int, role: str = BODY) -> Unit:
    return Unit("d", index.sentences[rows[0]].start, index.sentences[rows[-1]].end, role, rows)


def _ranking(index, *rows: int) -> list[RankedUnit]:
    """The part's units, best first: one unit per sentence row, in the order given."""
    return [RankedUnit(_unit(index, r), float(-n), None) for n, r in enumerate(rows)]


def test_the_opening_takes_its_paragraphs_neighbours_that_rank_high_themselves_up_to_three_sentences():
    index = _rows((0, BODY, "c0"), (0, BODY, "c0"), (0, BODY, "c0"), (0, BODY, "c0"), (1, BODY, "c0"))
    best = _unit(index, 1)
    # row 2 ranks third, row 0 is not among the part's units, row 4 lies in the next paragraph
    wide = widened(index, best, _ranking(index, 1, 4, 2))
    assert wide.unit.rows == (1, 2) and (wide.unit.start, wide.unit.end) == (10, 29)
    assert "widened" in wide.reason()
    # every neighbour ranks: three sentences at most, the better-placed neighbour first
    wide = widened(index, best, _ranking(index, 1, 0, 2, 3))
    assert wide.unit.rows == (0, 1, 2) and [row for row, _ in wide.added] == [0, 2]
    # a neighbour beyond WIDEN_RANKS places is not taken
    far = [RankedUnit(_unit(index, 4), -1.0, None)] * WIDEN_RANKS
    assert widened(index, best, _ranking(index, 1)[:1] + far + _ranking(index, 2)).unit == best


def test_a_parts_opening_widened_into_another_parts_is_joined_with_it_so_no_sentence_shows_twice():
    index = _rows((0, BODY, "c0"), (0, BODY, "c0"), (0, BODY, "c0"), (1, BODY, "c0"))
    index.sentence_vectors = np.eye(4, dtype=np.float32)  # no sentence a near-copy of another
    index.questions = []
    none = UnitFeatures(*[0.0] * len(fields(UnitFeatures)))
    ranking = lambda *rows: [RankedUnit(_unit(index, r), float(-n), none) for n, r in enumerate(rows)]
    # part 1 opens with row 1, widened with row 2; part 2's best free unit, row 0, widens with row 1
    sel = choose(index, [ranking(1, 2), ranking(0, 1, 3)], plan("Wat is het doel, en wie doet mee?", "nl"))
    assert [u.rows for u in sel.opening] == [(0, 1, 2)] and (sel.opening[0].start, sel.opening[0].end) == (0, 29)
    assert any("joined with opening 1" in r for r in sel.reasons)
    assert all(not (a.start < b.end and b.start < a.end) for i, a in enumerate(sel.units) for b in sel.units[i + 1:])


def test_only_a_body_unit_widens_and_only_with_body_sentences():
    index = _rows((0, LEAD_IN, "c0"), (0, BODY, "c0"), (0, QUESTION, "c0"), (1, LIST_ITEM, "c0"))
    body = _unit(index, 1)
    assert widened(index, body, _ranking(index, 1, 0, 2)).unit == body  # a lead-in or a question: not body
    item = _unit(index, 3, role=LIST_ITEM)
    assert widened(index, item, _ranking(index, 3, 2)) == Widened(item)
    assert Widened(item).reason() == ""



def test_a_part_asking_for_a_figure_opens_with_the_unit_that_gives_it_in_dutch_only():
    index = TinyIndex()
    builder = UnitBuilder(index.sentences, index.docs)
    units = [RankedUnit(builder.unit(row), score, None) for row, score in ((7, 2.0), (2, 1.0))]
    quotable = {row: Quotable(_text(index, builder.unit(row))) for row in (2, 7)}
    asked = "Hoeveel organisaties telt een klein netwerk meestal?"
    first, why = figure_first(units, asked, quotable, "nl", index.lexical)
    assert [r.unit.rows for r in first] == [(2,), (7,)] and why == "figure (count): place 2 gives it"
    assert figure_first(units, "Hoe groeit vertrouwen tussen de bestuurders?", quotable, "nl", index.lexical) == (units, "")
    assert figure_first(units[:1], asked, quotable, "nl", index.lexical) == (units[:1], "")  # none gives it
    assert figure_first(units, "How many organisations does a small network have?", quotable, "en",
                        index.lexical) == (units, "")


def test_a_date_question_about_an_end_opens_with_the_sentence_that_dates_the_end():
    texts = ["Vanaf 2022 krijgt het zorgprogramma een deel van het budget.",
             "Per 1 januari 2022 stopt het zorgprogramma.",
             "In 2018 is het zorgprogramma gestart."]
    filler = ["Vertrouwen groeit tussen partners.", "Een netwerk vraagt om regie.", "Bestuurders maken afspraken.",
              "De raad van toezicht kijkt mee.", "Samen leren werkt.", "Doelen worden jaarlijks gesteld."]
    lexical = LexicalIndex.build([str(i) for i in range(9)], texts + filler)
    units = [RankedUnit(Unit("d", 100 * i, 100 * i + len(t), BODY, (i,)), 3.0 - i, None) for i, t in enumerate(texts)]
    quotable = {i: Quotable(t) for i, t in enumerate(texts)}
    first, why = figure_first(units, "Wanneer stopt het zorgprogramma?", quotable, "nl", lexical)
    assert first[0].unit.rows == (1,) and why == "figure (date): place 2 gives it"
    first, _ = figure_first(units, "Wanneer is het zorgprogramma van start gegaan?", quotable, "nl", lexical)
    assert first[0].unit.rows == (2,)
    # a date question that names no start or end keeps the best unit that gives a date
    assert figure_first(units, "In welk jaar kreeg het zorgprogramma geld?", quotable, "nl", lexical) == (units, "")


# three options under one heading, each stating its pros and cons in a paragraph of its own section
OPTIONS = [
    ("Governance", "Vormen", "Er zijn drie vormen van regie in een netwerk, elk met eigen kenmerken."),
    ("Governance > Gedeelde regie", "Gedeeld", "Alle partners voeren samen de regie over het netwerk. "
     "Voordeel: de regie is makkelijk in te richten. Nadeel: iedereen moet overal bij worden betrokken."),
    ("Governance > Leidende organisatie", "Leidend", "Eén partner voert de regie namens het netwerk. "
     "Voordeel: één gezicht naar buiten. Nadeel: veel invloed bij die ene partner."),
    ("Governance > Netwerkbureau", "Bureau", "Een apart bureau voert de regie. "
     "Voordeel: geen partner heeft meer invloed. Nadeel: inhoudelijke keuzes kan het bureau niet maken."),
]


class SectionedIndex:
    """One document of four sections, one paragraph each, split into its sentences (rows in reading order)."""

    def __init__(self):
        text, blocks, sections, self.sentences = "", [], [], []
        for b, (path, _, para) in enumerate(OPTIONS):
            start = len(text)
            text += para
            blocks.append(Block(start, len(text), "paragraph"))
            sections.append(Section(start, len(text), path))
            pos = start
            for sentence in para.replace(". ", ".\n").split("\n"):
                self.sentences.append(SentenceRow("d", pos, pos + len(sentence), f"c{b}", BODY, b))
                pos += len(sentence) + 1
            text += "\n\n"
        rec = DocRecord(id="d", path="d.txt", title="Doc", origin="d.txt", sha256="x")
        self.docs = {"d": LoadedDoc(rec, text, False, [], sections, Path("none.offsets.npy"), blocks)}

    def row(self, start: str) -> int:
        return next(j for j, r in enumerate(self.sentences) if self.docs["d"].text[r.start:r.end].startswith(start))


def _opened(index: SectionedIndex, opening: str, support: list[str], question: str,
            cues: tuple[str, ...] = ("disadvantages",)) -> Selection:
    builder = UnitBuilder(index.sentences, index.docs)
    sel = Selection([builder.unit(index.row(opening))], [builder.unit(index.row(t)) for t in support])
    parallel_sections(index, builder, sel, cues, question)
    return sel


def test_an_opening_that_states_one_options_con_opens_with_the_cons_of_its_sibling_options_beside_it():
    index = SectionedIndex()
    sel = _opened(index, "Nadeel: veel invloed", ["Nadeel: inhoudelijke", "Er zijn drie vormen"],
                  "Welke vormen van regie zijn er? En wat zijn de nadelen daarvan?")
    texts = [index.docs["d"].text[u.start:u.end] for u in sel.opening]
    assert texts == ["Nadeel: veel invloed bij die ene partner.",
                     "Nadeel: iedereen moet overal bij worden betrokken.",
                     "Nadeel: inhoudelijke keuzes kan het bureau niet maken."]
    # the sibling that was a supporting quote moved up; the rest stays, within five quotes
    assert [index.docs["d"].text[u.start:u.end][:19] for u in sel.support] == ["Er zijn drie vormen"]
    assert sel.reasons == ["siblings (Leidende organisatie): Gedeelde regie; Netwerkbureau"]
    # the intro section holds no labelled sentence: it is no sibling of the options
    assert not any(u.start < len(OPTIONS[0][2]) for u in sel.opening)


def test_pros_and_cons_asked_show_each_options_pro_and_con_together():
    index = SectionedIndex()
    sel = _opened(index, "Voordeel: één gezicht", [], "Wat zijn de voor- en nadelen van de vormen?",
                  ("disadvantages", "advantages"))
    texts = [index.docs["d"].text[u.start:u.end] for u in sel.opening[1:]]
    assert texts == [
        "Voordeel: de regie is makkelijk in te richten. Nadeel: iedereen moet overal bij worden betrokken.",
        "Voordeel: geen partner heeft meer invloed. Nadeel: inhoudelijke keuzes kan het bureau niet maken."]


def test_a_question_about_one_option_gets_no_siblings_nor_does_an_opening_without_a_label():
    index = SectionedIndex()
    sel = _opened(index, "Nadeel: inhoudelijke", [], "Wat is het nadeel van een apart netwerkbureau?")
    assert len(sel.opening) == 1
    assert sel.reasons == ["siblings: none, the question names its own section (netwerkbureau)"]
    sel = _opened(index, "Eén partner voert", [], "Wat zijn de nadelen daarvan?")
    assert len(sel.opening) == 1 and sel.reasons == []
    sel = _opened(index, "Nadeel: veel invloed", [], "Welke stappen zetten we?", ("steps",))
    assert len(sel.opening) == 1


def test_a_part_asking_for_cons_opens_with_its_best_unit_that_states_one():
    index = SectionedIndex()
    builder = UnitBuilder(index.sentences, index.docs)
    openers = ["Er zijn drie vormen", "Eén partner voert", "Nadeel: veel invloed", "Nadeel: iedereen"]
    units = [RankedUnit(builder.unit(index.row(t)), 3.0 - n, None) for n, t in enumerate(openers)]
    first, why = label_first(index, units, ("disadvantages",))
    assert index.docs["d"].text[first[0].unit.start:].startswith("Nadeel: veel invloed")
    assert why == "label: place 3 carries it"
    assert [r.score for r in first] == [1.0, 3.0, 2.0, 0.0]
    assert label_first(index, units, ("steps",)) == (units, "")
    assert label_first(index, first, ("disadvantages",)) == (first, "")  # the best one opens already
