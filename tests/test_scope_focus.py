"""Scope checks 6 (focus terms), 7 (answer type) and 8 (cited works), and how a part points back at the one
before, on a hand-made index: no real index, no embedder."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from assistant.scope import (CITED, COVERAGE, COVERED_SIMILARITY, FIGURE, FOCUS, Asked, Counted, Figure, Measured,
                             Quotable, ReaderMatch, cited_names, counted, counts_the_asked_thing, decide,
                             figure_answers, figure_asked, figures_counting, focus_terms, framing, kind_of_known,
                             law_names, lexicalised_unknown, names_in, names_the_asked, unheard, unknown_laws)
from index.lexical import LexicalIndex
from index.words import other_forms, stem
from tests.conftest import SCOPE_REASONS as REASONS, SCOPE_TEXTS


class _Strict(Measured):
    """Measures that fail when check 6's model fit or check 7's sentences are asked for."""

    def fits_model(self) -> bool:
        raise AssertionError("model search asked")

    def quotable(self, parts: tuple[str, ...], part: int) -> tuple[Quotable, ...]:
        raise AssertionError("sentences asked")


def scope_of(parts: list[str], lexical, language: str = "nl", model: bool = False,
             sentences: tuple[str, ...] = (), measures: Measured | None = None):
    measures = measures or Measured(0.9, None, 0.9, model, tuple(Quotable(s) for s in sentences))
    return decide(Asked(" ".join(parts), tuple(parts), language), measures, 0.84, lexical, REASONS)


def test_the_thing_asked_about_must_be_a_word_the_index_uses(lexical):
    cao = scope_of(["Welke cao geldt voor de partners in het netwerk?"], lexical)
    assert (cao.status, cao.check, cao.missing, cao.reason) == ("refused", FOCUS, ("cao",), "niet over cao")
    assert scope_of(["Welke regels gelden voor de partners in het netwerk?"], lexical).status == "answered"
    # of a hyphenated word, the part the index never uses is named
    assert scope_of(["Welk cao-netwerk kent de regio?"], lexical).missing == ("cao",)


def test_a_question_that_fits_a_register_model_may_ask_about_a_word_of_its_own(lexical):
    question = ["Welk raamwerk helpt partners in het netwerk bij de regie?"]
    assert scope_of(question, lexical).status == "refused"
    assert scope_of(question, lexical, model=True).status == "answered"


def test_a_fitting_model_exempts_only_framing_words_not_a_subject_the_documents_lack(lexical):
    # a noun for a model frames the question, and so does an everyday word naming a circumstance ("in welk
    # stadium", zipf 4.07); a rarer word, or an everyday one asked about itself, is its subject
    assert framing("typologie", "nl", "Welke typologie past?") and framing("stadium", "nl", "In welk stadium nu?")
    assert not framing("cao", "nl", "Onder welke cao vallen we?")
    assert not framing("pensioenfonds", "nl", "Welk pensioenfonds?")
    assert not framing("software", "nl", "Welke software gebruiken we?")
    assert framing("checks", "nl", "Welke checks doe je vooraf?")  # a noun for a list the register holds
    stage = scope_of(["In welk stadium betrekken de partners in het netwerk de regie?"], lexical, model=True)
    assert stage.status == "answered"
    for question, word in (("Welke cao geldt voor de partners in het netwerk?", "cao"),
                           ("Welke software gebruiken de partners in het netwerk?", "software")):
        asked = scope_of([question], lexical, model=True)
        assert (asked.status, asked.check, asked.missing) == ("refused", FOCUS, (word,))


def test_the_model_search_is_asked_only_when_the_thing_asked_about_is_unknown(lexical):
    known = scope_of(["Welke regels gelden voor de partners in het netwerk?"], lexical,
                     measures=_Strict(0.9, None, 0.9))
    assert known.status == "answered"


def test_a_long_word_neither_general_language_nor_the_corpus_knows_is_a_focus_term(lexical):
    assert unheard("decubituswond", lexical)
    assert not unheard("ketenbestuurder", lexical)  # the corpus knows a part of it
    assert not unheard("ketenpartners", lexical)  # wordfreq lists it
    assert not unheard("regievertrouwen", lexical)  # the index knows it through its parts
    question = ["Hoe behandelen de partners in het netwerk een decubituswond?"]
    wound = scope_of(question, lexical, model=True)  # a fitting model does not save it
    assert (wound.status, wound.check, wound.missing) == ("refused", FOCUS, ("decubituswond",))
    assert focus_terms("How do partners treat a decubituswond?", "en", lexical, True) == ["decubituswond"]
    # in the asker's context it is where they stand; named by its head in the question, it is what they ask about
    context = "De partners in het netwerk regelen samen de decubituswondzorg. "
    assert scope_of([context + "Hoe groeit vertrouwen tussen de partners?"], lexical).status == "answered"
    care = scope_of([context + "Hoe groeit vertrouwen tussen de partners in die zorg?"], lexical)
    assert (care.status, care.check) == ("refused", FOCUS) and "decubituswondzorg" in care.missing


def test_english_questions_have_no_asked_about_word(lexical):
    # every English word is unknown to a Dutch index: "which" says nothing about the subject there
    assert focus_terms("Which rules apply to the partners?", "en", lexical, False) == []


@pytest.mark.parametrize("text,kind", [
    ("Wat kost een programmamanager per jaar?", "money"),
    ("Hoeveel transformatiegeld krijgt de regio?", "money"),
    ("What does a notary charge for it?", "money"),
    ("Hoeveel procent van de netwerken stopt?", "percent"),
    ("Binnen hoeveel weken moet de melding er zijn?", "duration"),
    ("Hoe lang duurt de toets?", "duration"),
    ("Hoeveel partners telt het netwerk?", "count"),
    ("How many hospitals reached the target?", "count"),
    ("Hoe groeit vertrouwen tussen partners?", ""),
    ("Waarom werken we met een lange-termijndoel?", ""),
    ("Wat verdient een netwerkregisseur?", "money"),
    ("Hoeveel verdienen de projectleiders?", "money"),
    ("What does a project leader earn per year?", "money"),
    ("Wat verdient de voorkeur: een stichting of een contract?", ""),  # deserves, not earns
    ("Wat verdient extra aandacht bij de start?", ""),
    # what someone charges, and a price asked for by its noun; not what counts as something
    ("Wat rekent een notaris voor de oprichting van een stichting?", "money"),
    ("Wat is een redelijk uurtarief voor een procesbegeleider?", "money"),
    ("Wat zijn de tarieven van een interim-manager?", "money"),
    ("Wat rekenen de documenten tot de taken van het bestuur?", ""),
    ("Wat rekent de handreiking als een goede samenwerking?", ""),
    ("Wat rekent een accountant als we de jaarcijfers laten controleren?", "money"),  # "als": a condition
    ("Hoe groot is het tekort aan verzorgenden?", "count"),
    ("Hoe groot was de eerste groep leerlingen?", "count"),
    ("Hoe groot moet ons kernteam zijn?", ""),
    ("Hoe groot is de kans dat het netwerk stopt?", ""),
    # a degree, answered in words: no group, no plural after "de", nothing short of
    ("Hoe groot is het belang van vertrouwen?", ""),
    ("Hoe groot is de rol van de zorgverzekeraar?", ""),
    ("Hoe groot is het vertrouwen tussen de partners?", ""),
    # "hoe hoog" asks for an amount when it asks about money, a share when about a percentage; else a degree
    ("Hoe hoog is de reiskostenvergoeding voor medewerkers?", "money"),
    ("Wat is de hoogte van de subsidie voor het netwerk?", "money"),
    ("Hoe hoog is het percentage projecten dat slaagt?", "percent"),
    ("Hoe hoog is de boete als het netwerk de regels overtreedt?", "money"),
    ("Hoe hoog is de werkdruk in het netwerk?", ""),
    ("Hoe hoog ligt de lat voor nieuwe partners?", ""),
    ("Hoe groot was de projectbegroting van het netwerk?", "money"),
    # a period or a count asked by its noun
    ("Wat is de wettelijke beslistermijn van de ACM?", "duration"),
    ("Wat is de looptijd van het programma?", "duration"),
    ("Wat is de rol van de termijnagenda?", ""),
    ("Wat is een redelijke opzegtermijn voor de partners?", "duration"),
    ("Wanneer is de deadline voor de aanvraag?", "date"),
    ("When is the deadline for applying?", "date"),
    ("Wat is het huidige inwoneraantal van de regio?", "count"),
    # when something starts, ends, appears or takes place asks for a date; when to act does not
    ("Wanneer vindt de volgende netwerkdag plaats?", "date"),
    ("Wanneer is het programma van start gegaan?", "date"),
    ("Wanneer loopt het programma af?", "date"),
    ("Op welke datum moeten de plannen binnen zijn?", "date"),
    ("In welk jaar begon het netwerk?", "date"),
    ("When did the programme start?", "date"),
    ("Wanneer betrek ik de raad van toezicht?", ""),
    ("Wanneer is het verstandig om de verzekeraar te betrekken?", ""),
    ("When do we involve the supervisory board?", ""),
    ("Wanneer starten we het beste met een evaluatie?", ""),
    ("Wanneer start je met het bespreken van belangen?", ""),
    ("When is it wise to start involving the insurer?", ""),
    ("When does the programme end?", "date"),
    # money asked by a noun for it, or by how high it may get
    ("Hoeveel contributie betaal je als bestuurder per jaar voor de vereniging?", "money"),
    ("Wat is haar jaarsalaris?", "money"),
    ("Hoe hoog kan de boete van de toezichthouder uitvallen?", "money"),
    ("Hoe hoog kan de ambitie van het netwerk zijn?", ""),
    # a yes-or-no question names a figure, it does not ask for one
    ("Is het voldoende als we afspreken hoeveel uur elke partner levert?", ""),
    ("Moeten we vastleggen hoe lang de samenwerking duurt?", ""),
    ("Should we agree how many hours each partner gives?", ""),
    # a name, by a post or a body, and a frequency
    ("Wie is de voorzitter van de commissie?", "name"),
    ("Wie is eigenlijk de bestuursvoorzitter van Zorggroep Apeldoorn?", "name"),
    ("Wie waren de penvoerders van de handreiking?", "name"),
    ("Wie zit die tafel voor?", "name"),
    ("Wie heeft het begrip BHAG bedacht?", "name"),
    ("Wie zitten er in het bestuur van Zorgnetwerk Midden-Brabant?", "name"),
    ("Bij welke organisatie werkt Jan Verschuren?", "name"),
    ("Welke zorgverzekeraar betaalt mee?", "name"),
    ("Who is the chair of the committee?", "name"),
    # who holds a role in an approach: the documents answer with the role
    ("Wie is verantwoordelijk voor de regie?", ""),
    ("Wie heeft de trekkersrol in een netwerk zonder bureau?", ""),
    ("Met wie begin je het beste?", ""),
    ("Wie zitten er aan tafel bij een regionale samenwerking?", ""),
    ("Hoe vaak komt het bestuur bij elkaar?", "frequency"),
    ("How often should the board meet?", "frequency"),
])
def test_a_part_asks_for_the_most_specific_kind_of_figure(text, kind):
    assert figure_asked(text) == kind


def test_a_figure_question_needs_such_a_figure_in_the_sentences_the_answer_would_quote(lexical):
    question = ["Wat kost de regie van een netwerk per jaar?"]
    none = scope_of(question, lexical, sentences=("Een netwerk heeft regie nodig.", "Dat duurt twee jaar."))
    assert (none.status, none.check, none.reason, none.missing) == ("refused", FIGURE, "geen bedrag", ())
    assert scope_of(question, lexical, sentences=("De regie kost € 20.000 per jaar.",)).status == "answered"
    count = ["Hoeveel partners telt het netwerk?"]
    assert scope_of(count, lexical, sentences=("In 2023 groeide het netwerk.",)).status == "refused"  # a year
    assert scope_of(count, lexical, sentences=("Het netwerk telt twaalf partners.",)).status == "answered"
    # a share of the partners answers how many of them do something, not how many there are
    share = ("86 procent van de partners doet mee.",)
    assert scope_of(["Hoeveel van de partners doen mee?"], lexical, sentences=share).status == "answered"
    size = scope_of(count, lexical, sentences=share)
    assert (size.status, size.check, size.reason) == ("refused", FIGURE, "geen aantal voor partners")


def test_a_date_question_needs_a_year_or_month_about_it_and_not_one_that_cites_a_publication():
    texts = SCOPE_TEXTS + ("Wanneer vindt de volgende bijeenkomst plaats? In welk jaar start de regie?",)
    lexical = LexicalIndex.build([f"c{i}" for i in range(len(texts))], list(texts))
    question = ["Wanneer vindt de volgende bijeenkomst over de regie van het netwerk plaats?"]
    dated = scope_of(question, lexical, sentences=("De bijeenkomst over de regie is in maart 2024.",))
    assert dated.status == "answered"
    cited = scope_of(question, lexical, sentences=("Het netwerk kent regie (zie Provan en Kenis, 2008).",))
    assert (cited.status, cited.check, cited.reason) == ("refused", FIGURE, "geen datum")
    elsewhere = scope_of(question, lexical, sentences=("In 2019 groeide het vertrouwen tussen partners.",))
    assert elsewhere.status == "refused"  # a year, but of nothing the question asks about
    stated = scope_of(["In welk jaar na 2019 start de regie van het netwerk?"], lexical,
                      sentences=("De regie van het netwerk start na 2019.",))
    assert stated.status == "refused"  # the question's own year answers nothing


def test_a_figure_the_documents_do_not_give_leaves_the_rest_of_the_question_answered(lexical):
    parts = ["Hoe groeit vertrouwen tussen partners in het netwerk",
             "hoeveel procent van de partners in het netwerk groeit?"]
    scope = scope_of(parts, lexical, sentences=("Vertrouwen groeit door samen te werken.",))
    assert (scope.status, scope.check, scope.covered) == ("partial", FIGURE, (parts[0],))
    assert scope.reason == f"geen percentage voor {parts[1]}"
    assert scope_of(parts, lexical, sentences=("Een kwart van de partners groeit.",)).status == "answered"


def test_a_part_reads_its_figure_in_its_own_sentences_not_in_those_of_the_other_part(lexical):
    parts = ["Hoe groeit vertrouwen tussen partners in het netwerk",
             "hoeveel procent van de partners in het netwerk groeit?"]
    trust, share = (Quotable("Vertrouwen groeit door samen te werken."),), (Quotable("Een kwart van de partners groeit."),)
    own = Measured(0.9, None, 0.9, part_sentences=(trust, share))
    assert scope_of(parts, lexical, measures=own).status == "answered"
    other = Measured(0.9, None, 0.9, part_sentences=(share, trust))  # the figure lies in the first part's only
    assert (scope_of(parts, lexical, measures=other).status, scope_of(parts, lexical, measures=other).check) == (
        "partial", FIGURE)


@dataclass(frozen=True)
class _PerPart(Measured):
    """Measures that record which parts check 7 asked sentences for."""

    asked: list = field(default_factory=list)

    def quotable(self, parts: tuple[str, ...], part: int) -> tuple[Quotable, ...]:
        self.asked.append((parts, part))
        return super().quotable(parts, part)


def test_only_the_parts_that_ask_for_a_figure_ask_for_their_sentences(lexical):
    parts = ["Hoe groeit vertrouwen tussen partners in het netwerk",
             "hoeveel procent van de partners in het netwerk groeit?"]
    measures = _PerPart(0.9, None, 0.9, sentences=(Quotable("Een kwart van de partners groeit."),))
    assert scope_of(parts, lexical, measures=measures).status == "answered"
    assert measures.asked == [(tuple(parts), 1)]


def test_the_sentences_are_asked_for_only_when_a_part_asks_for_a_figure(lexical):
    scope = scope_of(["Hoe groeit vertrouwen tussen partners in het netwerk?"], lexical,
                     measures=_Strict(0.9, None, 0.9))
    assert (scope.status, scope.check) == ("answered", COVERAGE)


def test_covered_parts_close_to_a_reader_question_are_not_held_to_the_similarity_bound(lexical):
    parts = ["Hoe groeit vertrouwen tussen partners in het netwerk", "welke loonschaal geldt voor hen?"]
    close = Measured(0.9, ReaderMatch(0.9, (0.95, 0.80)), 0.80)
    assert scope_of(parts, lexical, measures=close).status == "partial"
    far = scope_of(parts, lexical, measures=Measured(0.9, ReaderMatch(0.9, (0.86, 0.80)), 0.80))
    assert (far.status, far.check) == ("refused", COVERED_SIMILARITY)


def test_a_word_that_begins_or_ends_with_a_long_corpus_word_is_not_unheard(lexical):
    assert not unheard("bestuurderspel", lexical)  # "bestuurder" and an unknown tail: a part the corpus uses
    assert not unheard("partnerregiebord", lexical)  # "partnerregie": "partner(s)" and "regie", through stems
    assert not unheard("kernnetwerken", lexical)
    assert unheard("decubituswond", lexical)


def test_the_word_by_which_a_question_asks_for_a_figure_is_no_focus_term(lexical):
    scope = scope_of(["Welk bedrag krijgen de partners in het netwerk?"], lexical,
                     sentences=("Een netwerk groeit.",))
    assert (scope.check, scope.missing, scope.reason) == (FIGURE, (), "geen bedrag")


@pytest.mark.parametrize("text,thing", [
    ("Hoeveel leerlingen zijn er begonnen?", Counted("leerlingen", False)),
    ("Hoeveel van de zij-instromers werken nog in de zorg?", Counted("zij-instromers", True)),
    ("Welk percentage van de regionale gelden betaalt de verzekeraar?", Counted("gelden", True)),
    ("Hoeveel meer stageplaatsen willen de ziekenhuizen?", Counted("stageplaatsen", False)),
    ("How many of the managers agreed?", Counted("managers", True)),
    ("Hoeveel structuur moet je aanbrengen?", None),
    # a size: of a group's members, of a plural after "de", of what something is short of; "deel van de …" a share
    ("Hoe groot is het tekort aan verzorgenden in de regio?", Counted("verzorgenden", False)),
    ("Hoe groot was de eerste groep leerlingen?", Counted("leerlingen", False)),
    ("Hoe groot is het deel van de samenwerkingen dat zo betaalt?", Counted("samenwerkingen", True)),
    ("Hoe groot zijn de wachtlijsten in Salland?", Counted("wachtlijsten", False)),
    ("Hoe groot is de wachtlijst in Salland?", None),
    ("Hoe groot is het belang van vertrouwen?", None),
    ("Hoeveel fte zet het bureau in?", Counted("fte", False)),  # a unit of measure, not a degree
    ("Wat is het aantal deelnemers?", Counted("deelnemers", False)),
    # a Dutch count that says something of its things asks how many of them do so: a share answers it
    ("Hoeveel samenwerkingen worden uit eigen middelen betaald?", Counted("samenwerkingen", True)),
    ("Hoeveel deelnemers waren er?", Counted("deelnemers", False)),
    ("How many hospitals reached the target?", Counted("hospitals", False)),
    ("Wat is het huidige inwoneraantal van de regio?", Counted("inwoner", False)),  # a count of inwoners
])
def test_a_count_question_names_the_thing_it_counts(text, thing):
    assert counted(text) == thing


def test_a_figure_named_in_the_askers_context_is_not_asked_for():
    context = "Aan onze tafel praten de partners alleen nog over wie hoeveel uren levert. "
    assert figure_asked(context + "Hoe krijgen we weer verbinding?") == ""
    assert figure_asked(context + "Hoeveel partners doen nog mee?") == "count"
    from assistant.scope import check_part
    lex = LexicalIndex.build(["a"], ["Partners leveren uren aan het netwerk."])
    part = check_part(context + "Hoeveel partners leveren er uren?", "nl", lex, False, quotable=())
    assert part.figure == "count" and part.counted == "partners"  # not the context's "uren"


def test_a_figure_part_names_no_verb_as_what_the_documents_lack():
    from assistant.scope import check_part
    lex = LexicalIndex.build(["a"], ["Partners in het netwerk bouwen vertrouwen op. Hoeveel geld moeten zij geven?"])
    part = check_part("Hoeveel geld moeten de partners reserveren voor het netwerk?", "nl", lex, False, quotable=())
    assert part.figure == "money" and part.missing == ()  # not "reserveren" (general language: 3.3)


def test_a_count_in_a_unit_is_answered_only_by_a_figure_in_that_unit(lexical):
    part = "Hoeveel fte heeft het netwerk voor de regie?"
    assert figure_asked(part) == "count"
    staff = Quotable("Het netwerk heeft voor de regie 3 fte in dienst.")
    partners = Quotable("Het netwerk heeft voor de regie drie partners gevraagd.")
    assert figure_answers(part, "count", staff, "nl", lexical)
    assert not figure_answers(part, "count", partners, "nl", lexical)


def test_hoeveel_before_a_singular_word_asks_for_a_degree_not_a_figure():
    assert figure_asked("Hoeveel structuur moet je aanbrengen in een netwerk?") == ""
    assert figure_asked("Hoeveel projecten lopen er nog?") == "count"
    assert figure_asked("Hoeveel van de partners doen mee?") == "count"


def test_a_figure_counts_the_words_after_it_and_not_a_figure_the_question_states():
    words = lambda sentence, echoed, size: [f.words for f in figures_counting(sentence, echoed, size)]
    assert words("Er zijn nu zo’n 350 projecten gestart.", set(), size=True) == [("projecten", "gestart")]
    assert words("Er zijn nu zo’n 350 projecten gestart.", {"350"}, size=True) == []
    assert words("10% meer stageplaatsen.", set(), size=True) == [("stageplaatsen",)]
    assert words("86 procent van de deelnemers ziet dit.", set(), size=True) == []  # a share, no size
    assert words("86 procent van de deelnemers ziet dit.", set(), size=False) == [("deelnemers", "ziet")]


def test_a_relative_clause_without_a_comma_narrows_what_a_figure_counts():
    assert figures_counting("Het doel is het borgen van de 100 projecten die al zijn gestart.", set(), True) == \
        [Figure(("projecten",), "al zijn gestart")]
    assert figures_counting("Wij onderscheiden 4 perspectieven, die ieder vragen oproepen.", set(), True) == \
        [Figure(("perspectieven",))]


def test_a_figure_narrowed_by_a_clause_answers_only_what_the_clause_says(lexical):
    # the sentence names the thing and holds the question's verb, but its figure counts other partners
    sentence = Quotable("De raad van toezicht houdt toezicht op de 12 partners die samen werken.",
                        ("Hoeveel partners heeft het netwerk?",))
    grows = "Hoeveel partners groeien door samen te werken?"
    assert figure_answers(grows, "count", sentence, "nl", lexical)
    watches = "Hoeveel partners houden toezicht?"
    assert not figure_answers(watches, "count", sentence, "nl", lexical)  # not even through the reader question
    assert figure_answers(watches, "count", Quotable("De 12 partners houden toezicht.", sentence.asked), "nl", lexical)


def test_a_percentage_that_names_no_counted_thing_must_measure_something_the_part_names(lexical):
    sentence = Quotable("Het vertrouwen van de partners groeit: 10% meer regie in de regio.")
    trust = "Met hoeveel procent groeit het vertrouwen?"
    assert figure_answers("Met hoeveel procent groeit de regie?", "percent", sentence, "nl", lexical)
    assert not figure_answers(trust, "percent", sentence, "nl", lexical)
    refused = scope_of([trust], lexical, sentences=(sentence.text,))
    assert (refused.status, refused.check, refused.reason) == ("refused", FIGURE, "geen percentage")
    # what it measures may be a word most passages hold ("netwerk")
    assert figure_answers("Met hoeveel procent groeit het netwerk?", "percent",
                          Quotable("Het vertrouwen groeit: 10% meer netwerken in de regio."), "nl", lexical)


def test_a_share_must_say_what_the_question_says_of_the_thing(lexical):
    grows = ("Een kwart van de partners groeit door samen te werken.",)
    assert scope_of(["Hoeveel procent van de partners groeit?"], lexical, sentences=grows).status == "answered"
    stops = scope_of(["Hoeveel procent van de partners houdt toezicht?"], lexical, sentences=grows)
    assert (stops.status, stops.check, stops.reason) == ("refused", FIGURE, "geen percentage voor partners")


def test_a_reader_question_of_the_passage_names_what_its_figure_counts(lexical):
    part = "Hoeveel leerlingen zijn er begonnen?"
    sentence = "Dat is een succes gebleken: 11 BBL’ers zijn gestart."
    thing = counted(part)
    assert not counts_the_asked_thing(part, thing, Quotable(sentence), set(), lexical)
    readers = Quotable(sentence, ("Hoeveel leerlingen zijn er gestart bij de leerroute?",))
    assert counts_the_asked_thing(part, thing, readers, set(), lexical)
    other = Quotable(sentence, ("Hoeveel leerlingen zijn er gestart bij de leerroute?",))
    assert not counts_the_asked_thing("Hoeveel zij-instromers werken nog?", counted("Hoeveel zij-instromers werken"),
                                      other, set(), lexical)


def test_the_words_around_a_sentence_that_opens_with_its_figure_say_what_it_is_about(lexical):
    part = "Hoeveel meer partners wil de raad van toezicht?"
    alone = Quotable("Twaalf meer partners.")
    assert not figure_answers(part, "count", alone, "nl", lexical)
    assert figure_answers(part, "count", Quotable(alone.text, around="Dat wil de raad van toezicht."), "nl", lexical)


def test_a_period_must_lie_in_a_sentence_about_the_part(lexical):
    part = "Binnen hoeveel weken beoordeelt de raad van toezicht een fusie?"
    assert not figure_answers(part, "duration", Quotable("We zijn al ruim 15 jaar een betrouwbare partner."),
                              "nl", lexical)
    assert figure_answers(part, "duration", Quotable("De raad beoordeelt een fusie binnen vier weken."), "nl", lexical)
    # the sentence before may name what the period is about, as for a count
    period = Quotable("Dat duurt vier weken.")
    assert not figure_answers(part, "duration", period, "nl", lexical)
    assert figure_answers(part, "duration", Quotable(period.text, around="De raad beoordeelt een fusie."), "nl",
                          lexical)
    # a word of measure between the number and its unit
    assert figure_answers("Hoe lang duurt de stage?", "duration", Quotable("De stage duurt een heel jaar."), "nl",
                          lexical)


def test_a_figure_the_question_states_itself_does_not_answer_it(lexical):
    part = "How many partners reached the target of 10% more?"
    assert not figure_answers(part, "count", Quotable("10% meer partners."), "en", lexical)
    assert figure_answers(part, "count", Quotable("Twaalf partners deden mee."), "en", lexical)


def test_an_english_figure_must_lie_in_a_sentence_nearly_as_close_to_the_question_as_the_closest(lexical):
    part = "How many partners joined the internships?"
    near, far = Quotable("Twaalf partners doen mee.", below=0.01), Quotable("Bel 06 - 20 56 13 87.", below=0.1)
    assert figure_answers(part, "count", near, "en", lexical)
    assert not figure_answers(part, "count", far, "en", lexical)
    refused = scope_of([part], lexical, "en", measures=Measured(0.9, None, 0.9, False, (far,)))
    # the figure is missing, not "internships": every English word is unknown to the Dutch index
    assert (refused.status, refused.check, refused.reason) == ("refused", FIGURE, "geen aantal voor partners")


def test_a_compound_general_language_lists_is_known_only_whole_in_a_part_of_several():
    from index.lexical import LexicalIndex

    texts = ["Vertrouwen tussen partners groeit elk jaar.", "Houd rekening met de partners in de regio."]
    lex = LexicalIndex.build(["a", "b"], texts)
    assert lex.knows("jaarrekening") and not lex.holds_whole("jaarrekening")  # through "jaar" and "rekening"
    assert lexicalised_unknown("Hoe verwerken we het in de jaarrekening?", "nl", lex) == ["jaarrekening"]
    # a manager's own compound that general language does not list is no subject of its own, nor is a plural one
    assert lexicalised_unknown("Hoe groeit ons jaarpartnerverband?", "nl", lex) == []
    assert lexicalised_unknown("Hoe betrekken we de jaarrekeningen?", "nl", lex) == []
    # an English word is unknown to the Dutch index because it is English: never a compound the index lacks
    assert lexicalised_unknown("Who pays the foundation's accountant?", "en", lex) == []
    assert lexicalised_unknown("Wie betaalt de jaarrekening van de stichting?", "nl", lex) == ["jaarrekening"]
    # a compound names a thing: an adjective or a participle general language lists is how the manager puts it
    assert lexicalised_unknown("Is dat een gebruikelijke jaarrekening?", "nl", lex) == ["jaarrekening"]
    assert lexicalised_unknown("Wat heeft de jaarrekening opgeleverd?", "nl", lex) == ["jaarrekening"]
    parts = ["Hoe groeit vertrouwen tussen de partners", "hoe verwerken we dat in de jaarrekening?"]
    scope = decide(Asked(" ".join(parts), tuple(parts), "nl"), Measured(0.9, None, 0.9), 0.84, lex, REASONS)
    assert (scope.status, scope.missing, scope.covered) == ("partial", ("jaarrekening",), (parts[0],))
    # alone, such a word may be the manager's own way of putting it: not refused on it
    alone = decide(Asked(parts[1], (parts[1],), "nl"), Measured(0.9, None, 0.9), 0.84, lex, REASONS)
    assert alone.status == "answered"


@pytest.mark.parametrize("text, names", [
    ("Welke eisen stelt de Wet toetreding zorgaanbieders aan het netwerk?", ["Wet toetreding zorgaanbieders"]),
    # a comma or "en" joins the words of one name; "op de" right after "Wet" belongs to it
    ("Geldt de Wet kwaliteit, klachten en geschillen zorg voor ons?", ["Wet kwaliteit, klachten en geschillen zorg"]),
    ("Valt dit onder de Wet zorg en dwang?", ["Wet zorg en dwang"]),
    ("Wat zegt de Wet op de beroepen in de individuele gezondheidszorg?", ["Wet op de beroepen"]),
    ("Wet marktordening gezondheidszorg: wat moeten we melden?", ["Wet marktordening gezondheidszorg"]),
    # "en" before a stop word ends the name; a law in lower case ("de wet van jam") is no law's name
    ("Geldt de Wet langdurige zorg en de regeling van de gemeente?", ["Wet langdurige zorg"]),
    ("Is dit de wet van de remmende voorsprong?", []),
])
def test_a_law_named_in_full_runs_from_wet_through_its_lower_case_words(text, names):
    assert [law.name for law in law_names(text)] == names


def test_a_law_is_unknown_when_the_index_never_holds_a_word_of_its_name_whole(lexical):
    # the hand-made index knows "netwerk", "regio", "partners", "toezicht", not "toetreding" or "dwang"
    assert unknown_laws("Welke eisen stelt de Wet toetreding netwerk aan ons?", lexical) == ["Wet toetreding netwerk"]
    assert unknown_laws("Geldt de Wet netwerk regio voor ons?", lexical) == []
    refused = scope_of(["Welke regels stelt de Wet toetreding netwerk aan de partners in de regio?"], lexical)
    # the law is named whole, its words not again one by one
    assert (refused.status, refused.missing) == ("refused", ("Wet toetreding netwerk",))
    # in the asker's context it is where they stand, as any other name is
    context = scope_of(["Sinds de Wet toetreding netwerk werken de partners samen. Hoe groeit vertrouwen tussen de "
                        "partners in de regio?"], lexical)
    assert context.status == "answered"


def test_a_compound_ending_in_a_three_letter_corpus_word_is_known_through_its_parts():
    from index.lexical import LexicalIndex

    texts = ["De rol van het netwerk en van de raad van toezicht.", "Elk lid komt een dag per jaar bijeen."]
    lex = LexicalIndex.build(["a", "b"], texts)
    assert lex.decompounder.short_tail("toezichtsrol") == ["toezicht", "rol"]  # after a linking "s"
    assert lex.knows("netwerkrol") and lex.knows("toezichtsrol")
    # the head must be a corpus word, and a stop word is no tail
    assert lex.decompounder.short_tail("fietsrol") == [] and not lex.knows("fietsrol")
    assert lex.decompounder.short_tail("sleutelrol") == [] and lex.knows("sleutelrol")  # stressed: a known "rol"
    assert lex.decompounder.short_tail("netwerkvan") == []
    # the manager's "welke netwerkrol" is the thing asked about, and the index knows it
    assert scope_of(["Welke netwerkrol past bij de raad van toezicht?"], lex).status == "answered"


def test_a_kind_of_something_the_index_knows_asks_about_that_thing(lexical):
    # the hand-made index knows "netwerk", "governance", "vertrouwen", not "stijl", "variant" or "medicatie"
    assert kind_of_known("netwerkstijl", lexical) and kind_of_known("governancevariant", lexical)
    assert kind_of_known("vertrouwensstijl", lexical)  # after a linking "s"
    assert not kind_of_known("medicatiestijl", lexical) and not kind_of_known("netwerkrooster", lexical)
    assert scope_of(["Welke governancevariant past bij de partners in het netwerk?"], lexical).status == "answered"
    refused = scope_of(["Welke medicatiestijl past bij de partners in het netwerk?"], lexical)
    assert (refused.status, refused.check, refused.missing) == ("refused", FOCUS, ("medicatiestijl",))


def test_an_adjective_is_known_in_its_other_form_as_the_stemmer_keeps_them_apart():
    assert other_forms("kansrijk") == ["kansrijke"] and "kansrijk" in other_forms("kansrijke")
    assert "grote" in other_forms("groot") and "groot" in other_forms("grote")
    assert "snelle" in other_forms("snel") and "structurele" in other_forms("structureel")
    texts = ("Wat maakt een kansrijke samenwerking? Condities.",
             "Een sterke organisatie met grote partners die steun krijgen.")
    lexical = LexicalIndex.build(["c0", "c1"], list(texts))
    assert stem("kansrijk") != stem("kansrijke")  # why: the stemmer leaves them apart
    assert all(lexical.knows(w) for w in ("kansrijk", "sterk", "groot", "kansrijke"))
    assert not lexical.knows("medicatie") and not lexical.knows("zwak")
    parts = ["Wat maakt een samenwerking kansrijk", "welke medicatie krijgen de partners?"]
    scope = scope_of(parts, lexical)
    assert (scope.status, scope.missing) == ("partial", ("medicatie",))  # not refused for "kansrijk"


def test_a_place_is_known_by_its_adjective_and_the_verb_asking_for_money_is_no_subject():
    from assistant.scope import check_part, unknown_names
    from index.lexical import LexicalIndex

    words = {"apeldoorn", "twente", "netwerk"}
    assert unknown_names("Waarom werken de Apeldoornse VVT-organisaties samen?", words) == ["VVT"]
    assert unknown_names("Hoe groeit het Twentse netwerk?", words) == []
    assert unknown_names("Hoe werken de Groningse verpleeghuizen samen?", words) == ["Groningse"]
    lex = LexicalIndex.build(["a"], ["Partners in het netwerk bouwen vertrouwen op."])
    part = check_part("Wat rekent een notaris voor het netwerk?", "nl", lex, False, quotable=())
    assert not part.covered and part.figure == "money" and "rekent" not in part.missing


def test_a_question_calling_a_register_model_by_name_is_not_held_to_the_similarity_bound():
    # below the bound and no reader question: refused, unless the question calls a model of the register by name;
    # its name, a compound the corpus never spells whole (though it uses its parts), capitalised, is then no unknown
    # name either ("Kun je Tweelagenaanpak uitleggen?" was refused for both)
    lexical = LexicalIndex.build(["c0", "c1"], [SCOPE_TEXTS[0], "Een aanpak in twee lagen: bestuur en uitvoering."])
    question = ["Hoe regelt de Tweelagenaanpak de regie in het netwerk?"]
    far = Measured(0.80, None, 0.80)
    assert (scope_of(question, lexical, measures=far).status, scope_of(question, lexical, measures=far).check) == (
        "refused", "similarity")
    close = scope_of(question, lexical, measures=Measured(0.90, None, 0.90))
    assert (close.status, close.missing) == ("refused", ("Tweelagenaanpak",))  # an unknown name, uncalled
    called = Measured(0.80, None, 0.80, called=("tweelagenaanpak: bestuurlijke laag en uitvoeringslaag",))
    assert scope_of(question, lexical, measures=called).status == "answered"
    # a subject the documents lack, beside the model's name, is still named
    cao = scope_of(["Welke cao geldt bij de Tweelagenaanpak in het netwerk?"], lexical, measures=called)
    assert (cao.status, cao.missing) == ("refused", ("cao",))


def test_a_model_is_called_by_its_whole_name_or_the_part_before_a_colon_or_bracket():
    from assistant.model_search import called
    from assistant.register import Model

    def model(name: str, authors: str = "") -> Model:
        return Model(id="m", name=name, aliases=["twee lagen"], authors=authors, year=None, kind="", summary="",
                     mentions=[])

    two = model("Tweelagenaanpak: bestuurlijke laag en uitvoeringslaag", "Annouck de Boer")
    assert called("Wat houdt de tweelagenaanpak in?", two) and called("Kun je Tweelagenaanpak uitleggen?", two)
    assert not called("Wat doet de eerste van de twee lagen?", two)  # an alias is not its name
    assert not called("Wat zegt De Boer over de uitvoering?", two)  # nor an author ("boer" is an everyday word)
    assert not called("Is er een tweelagenaanpakje?", two)  # a whole word only
    trust = model("De vertrouwensparadox", "Krackhardt")
    assert called("Wat houdt de vertrouwensparadox in?", trust) and called("Vertrouwensparadox?", trust)
    assert called("Hoe werkt de Quick scan samenwerking?", model("Quick scan samenwerking"))


def test_a_manager_types_and_stresses_words_the_documents_know():
    # without diacritics ("strategieen"), stressed by a first part ("sleutelrol", "kernpunt"); no other unknown word
    texts = ("Drie strategieën om met paradoxen om te gaan.", "De rol van de verzekeraar is een belangrijk punt.",
             "Partners krijgen een plek in het netwerk.")
    lexical = LexicalIndex.build(["c0", "c1", "c2"], list(texts))
    assert lexical.knows("strategieen") and lexical.knows("strategieën") and not lexical.knows("strategiean")
    assert lexical.knows("sleutelrol") and lexical.knows("kernpunt") and lexical.knows("hoofdrol")
    assert not lexical.knows("sleutelbos") and not lexical.knows("rolstoel")
    assert scope_of(["Welke strategieen zijn er voor paradoxen?"], lexical).status == "answered"
    # "sleutelrol" is a compound general language lists, yet in a part of several it is no subject the documents lack
    parts = ["Heeft de verzekeraar een sleutelrol", "welke medicatie krijgen de partners?"]
    assert (scope_of(parts, lexical).status, scope_of(parts, lexical).missing) == ("partial", ("medicatie",))


def test_an_acronym_of_a_suspended_coordination_and_a_name_with_an_ending_are_corpus_names():
    from assistant.scope import unknown_names
    from index.lexical import Decompounder
    from index.words import suspended_initials

    assert suspended_initials("de avond-, nacht-, en weekendzorg en de organisatie- en zorgprocessen") == {"anw"}
    text = "Vier organisaties doen samen de avond-, nacht- en weekendzorg met 11 BBL’ers."
    words = Decompounder.from_texts([text]).words
    assert unknown_names("Hoe werkt de ANW-zorg met BBL'ers en VVTs in de regio?", words | {"vvt"}) == []
    assert unknown_names("Hoe werkt de ANW-zorg in de NZa-regio?", words) == ["NZa"]


def test_a_lead_in_before_a_colon_that_asks_nothing_is_the_askers_context():
    from assistant.question import asked_clause

    assert asked_clause("Als CFO van een ziekenhuis vraag ik me af: wat betekent dat financieel?") == \
        "wat betekent dat financieel?"
    assert asked_clause("Quick check for our CFO: what share is bankrolled?") == "what share is bankrolled?"
    # the splitter may cut the part before its question mark: a question word after the colon still asks
    assert asked_clause("Voor mijn MT-notitie: wat houdt de veranderagenda in") == "wat houdt de veranderagenda in"
    # a question that lists after a colon asks in its own words
    assert asked_clause("Wat zijn de drie vormen: zelfregulerend of een bureau?") == \
        "Wat zijn de drie vormen: zelfregulerend of een bureau?"
    lexical = LexicalIndex.build(["c0"], ["Vertrouwen tussen partners groeit door samen te werken in de regio."])
    assert scope_of(["Als CFO vraag ik me af: hoe groeit vertrouwen tussen partners?"], lexical).status == "answered"
    assert scope_of(["Hoe groeit vertrouwen tussen partners, vraagt de CFO?"], lexical).status == "refused"


def test_a_count_of_something_the_documents_never_speak_of_is_not_answered_by_another_count():
    # the documents say how many started; a count of those who got a diploma, a noun they never use, is not theirs
    text = "Dat is een succes: 11 BBL’ers op niveau 3 zijn gestart bij de leerroute."
    lexical = LexicalIndex.build([f"c{i}" for i in range(len(SCOPE_TEXTS) + 1)], [text, *SCOPE_TEXTS])
    sentence = Quotable(text, asked=("Hoeveel leerlingen zijn er gestart bij de leerroute?",))
    started = "Hoeveel BBL'ers zijn er bij de leerroute gestart?"
    diploma = "Hoeveel BBL'ers van de leerroute hebben hun diploma gehaald?"
    assert counts_the_asked_thing(started, counted(started), sentence, set(), lexical)
    assert not counts_the_asked_thing(diploma, counted(diploma), sentence, set(), lexical)
    # a verb the index lacks is how it is asked ("begonnen" for "gestart"), no noun: it decides nothing here
    begun = "Hoeveel BBL'ers zijn er bij de leerroute begonnen en gestart?"
    assert counts_the_asked_thing(begun, counted(begun), sentence, set(), lexical)


def test_a_noun_that_asks_for_a_figure_is_no_subject_the_documents_lack():
    # the documents say "procent", never "percentage", a compound general language lists
    text = "Uit de vragenlijst bleek dat 65 procent van de samenwerkingen wordt gefinancierd uit eigen middelen."
    lexical = LexicalIndex.build([f"c{i}" for i in range(len(SCOPE_TEXTS) + 2)],
                                 [text, "Partners bouwen vertrouwen op in het netwerk.", *SCOPE_TEXTS])
    parts = ["Welk percentage van de samenwerkingen wordt gefinancierd uit eigen middelen",
             "hoe bouwen partners vertrouwen op?"]
    scope = scope_of(parts, lexical, measures=Measured(0.9, None, 0.9, sentences=(Quotable(text),)))
    assert scope.status == "answered", scope


def test_everyday_words_the_documents_never_use_do_not_make_a_question_of_several_parts_off_subject():
    from assistant.scope import off_subject

    lexical = LexicalIndex.build(["c0"], ["De regiovisies kennen ontwikkellijnen voor de Achterhoek."])
    # "inmiddels" (zipf 5.1) is how it is asked; "scoort" and "leefstijlmonitor" alone are two unknown words of five
    question = ("Welke ontwikkellijnen kennen de regiovisies en hoe scoort de Achterhoek inmiddels op de "
                "leefstijlmonitor?")
    off, unknown = off_subject(question, "nl", lexical, everyday=True)
    assert not off and "inmiddels" not in unknown and "leefstijlmonitor" in unknown
    assert off_subject(question, "nl", lexical)[0]  # a single part is read with every unknown word
    assert off_subject("Welke medicatie, loonschaal en pensioenregeling gelden?", "nl", lexical, everyday=True)[0]


def test_the_names_a_sentence_gives_are_rare_capitalised_words_the_question_does_not_state():
    asked = "Wie waren de penvoerders?"
    assert names_in("Barbara Geurtsen en Wilfrid Opheij waren de penvoerders.", asked) == \
        ["Geurtsen", "Wilfrid", "Opheij"]  # the first word opens the sentence
    assert names_in("Samenwerkingsverbanden domineren de agenda. Ook Omring doet mee.", asked) == ["Omring"]
    assert names_in("In het Nederlands heet dit ‘het Grote Gedurfde Doel’.", asked) == []  # common; quoted
    assert names_in("Een samenwerking tussen vier VVT-organisaties.", asked) == []  # a common noun's compound
    assert names_in("De leden namen de Verklaring Versterken Arbeidsmarkt Zorg aan.",
                    "Welke ziekenhuizen tekenden de Verklaring VAZ niet?") == []  # the acronym's words
    assert names_in("Aldus programmamanager Jan Verschuren.", "Bij welke organisatie werkt Jan Verschuren?") == []
    assert names_in("De VAZ-stroomversneller komt van Ten Have Change.",  # a part of the question's compound
                    "Van wie is de VAZ-stroomversneller?") == ["Change"]


def test_a_name_answers_only_beside_the_post_or_the_person_asked_about(lexical):
    chair = "Wie is de voorzitter van de raad van toezicht?"
    assert names_the_asked(chair, Quotable("Jolanda Buwalda is voorzitter van de raad van toezicht."), chair,
                           lexical)
    far = Quotable("De raad van toezicht kwam bijeen bij Omring, in het gebouw naast de kamer van de voorzitter.")
    assert not names_the_asked(chair, far, chair, lexical)
    assert not names_the_asked(chair, Quotable("De voorzitter van de raad van toezicht leidt het overleg."), chair,
                               lexical)
    # the chair of one organisation is not named by the organisations listed with it
    apeldoorn = "Wie is de bestuursvoorzitter van Zorggroep Apeldoorn?"
    listed = Quotable("Samenwerking tussen vier organisaties (opdracht voor: Atlant, Klein Geluk, Zorggroep Apeldoorn "
                      "en Nusantara).")
    assert not names_the_asked(apeldoorn, listed, apeldoorn, lexical)
    assert names_the_asked(apeldoorn, Quotable("Het woord is aan Piet Prikkebeen, bestuursvoorzitter van Zorggroep "
                                               "Apeldoorn."), apeldoorn, lexical)
    # a body is named beside the person the part asks about
    employer = "Bij welk ziekenhuis werkt Youri Vroon?"
    assert names_the_asked(employer, Quotable("Youri Vroon (manager transferpunt Franciscus Gasthuis & Vlietland) "
                                              "vertelde."), employer, lexical)
    assert not names_the_asked(employer, Quotable("Youri Vroon vertelde over de regio Rotterdam."), employer, lexical)
    # a name listed with the organisations the part names is their neighbour in the list, not what it asks for
    epd = "Welk EPD gebruiken Atlant, Klein Geluk en Nusantara voor de nachtzorg?"  # probe 10, q727
    parties = Quotable("Er wordt ingezet op preventie (opdracht voor: Atlant, Klein Geluk, Zorggroep Apeldoorn e.o. "
                       "en Nusantara).")
    assert not names_the_asked(epd, parties, epd, lexical)
    assert names_the_asked(epd, Quotable("Atlant en Klein Geluk werken in Ysis, het EPD van Chipsoft."),
                           epd, lexical)


def test_a_table_row_is_about_what_its_section_names(lexical):
    part = "Wie is de voorzitter van de commissie van de NVZD?"
    row = "bestuurder Omring; voorzitter"
    assert not names_the_asked(part, Quotable(row), part, lexical)
    assert names_the_asked(part, Quotable(row, section="Handreiking › NVZD Governancecommissie"), part, lexical)


def test_a_frequency_the_question_states_itself_does_not_answer_it(lexical):
    part = "Hoe vaak vergadert de raad van toezicht per jaar?"
    assert not figure_answers(part, "frequency", Quotable("De raad van toezicht wordt per jaar betaald."), "nl",
                              lexical)
    assert figure_answers(part, "frequency", Quotable("De raad van toezicht vergadert vier keer per jaar."), "nl",
                          lexical)
    assert not figure_answers(part, "frequency", Quotable("De partners werken vier keer per jaar samen."), "nl",
                              lexical)  # not about the part


def test_a_name_or_a_frequency_the_documents_do_not_give_is_named_as_missing():
    named = "Jolanda Buwalda is voorzitter van de raad van toezicht, die elk kwartaal vergadert."
    lexical = LexicalIndex.build([f"c{i}" for i in range(len(SCOPE_TEXTS) + 1)], [named, *SCOPE_TEXTS])
    said = ("De raad van toezicht houdt toezicht op het netwerk.",)
    chair = scope_of(["Wie is de voorzitter van de raad van toezicht?"], lexical, sentences=said)
    assert (chair.status, chair.check, chair.reason) == ("refused", FIGURE, "geen naam")
    assert scope_of(["Wie is de voorzitter van de raad van toezicht?"], lexical, sentences=(named,)).status == \
        "answered"
    both = scope_of(["Wie is de voorzitter van de raad van toezicht", "hoe vaak vergadert die raad?"], lexical,
                    sentences=("Jolanda Buwalda is voorzitter van de raad van toezicht.",))
    assert (both.status, both.reason) == ("partial", "geen frequentie voor hoe vaak vergadert die raad?")


def test_money_is_asked_by_a_hyphenated_noun_and_by_what_one_spends():
    assert figure_asked("Hoeveel IZA-transformatiegeld heeft die samenwerking gekregen?") == "money"
    assert figure_asked("Wat kwijt je ongeveer aan kosten voor een jurist en een fiscalist?") == "money"
    assert figure_asked("Wat is hun jaarbudget?") == "money"
    assert figure_asked("Wat levert de samenwerking op aan kennis?") == ""


def test_a_count_of_people_is_answered_by_a_count_of_a_kind_of_person(lexical):
    part = "Hoeveel procent van de mensen in de regio werkt samen?"
    assert figure_answers(part, "percent", Quotable("Ruim 90 procent van de deelnemers in de regio werkt samen."),
                          "nl", lexical)
    assert not figure_answers(part, "percent", Quotable("Ruim 90 procent van de projecten in de regio werkt samen."),
                              "nl", lexical)
    # a count of a kind of person asks for that kind
    assert not figure_answers("Hoeveel procent van de cliënten in de regio werkt samen?", "percent",
                              Quotable("Ruim 90 procent van de deelnemers in de regio werkt samen."), "nl", lexical)


@pytest.mark.parametrize("text, names", [
    ("De handreiking verwijst naar een video van Wiko Vlasblom op Vimeo. Wat zegt hij daarin over regie?",
     ["Wiko Vlasblom", "Vimeo"]),
    ("Wat staat er in het boek van Boonstra en Eguiguren over vertrouwen?", ["Boonstra", "Eguiguren"]),
    ("Wat vertelt Vlasblom in 'Gedeeld leiderschap in netwerken' over regie?", ["Vlasblom", "Gedeeld"]),
    # no work named: a person asked about
    ("Wat vindt Wiko Vlasblom van regie in het netwerk?", []),
    # the reference itself asked for: who, when, which work
    ("Wie schreef het boek van Boonstra en Eguiguren?", []),
    ("In welk jaar verscheen het boek van Boonstra en Eguiguren?", []),
    ("Welk boek van Boonstra noemt de handreiking over allianties?", []),
    # a one-letter name at the very end of a question without its question mark
    ("Wat zegt het rapport van X", ["X"]),
])
def test_a_work_asked_about_is_named_by_its_capitalised_words_unless_its_reference_is_asked(text, names):
    assert cited_names(text) == names


def test_a_work_the_documents_only_cite_is_named_as_such_and_its_part_is_not_answered():
    reference = "Boonstra, J.J. en Eguiguren, M. (2023). Allianties voor een duurzame toekomst."
    lexical = LexicalIndex.build([f"c{i}" for i in range(len(SCOPE_TEXTS) + 1)], [*SCOPE_TEXTS, reference])
    cited = Measured(0.9, None, 0.9, cited_only=("Boonstra", "Eguiguren"))
    book = "Wat zeggen Boonstra en Eguiguren in hun boek over vertrouwen tussen partners in het netwerk?"
    refused = scope_of([book], lexical, measures=cited)
    assert (refused.status, refused.check, refused.missing) == ("refused", CITED, ("Boonstra", "Eguiguren"))
    assert refused.reason == "alleen als bron: Boonstra en Eguiguren"
    # a work the documents say something of (no name only cited) is the documents' subject
    assert scope_of([book], lexical, measures=Measured(0.9, None, 0.9)).status == "answered"
    # beside a part the documents cover, the cited work is the part left out
    trust = "Hoe groeit vertrouwen tussen partners in de regio"
    partial = scope_of([trust, "wat zeggen Boonstra en Eguiguren daarover in hun boek?"], lexical, measures=cited)
    assert (partial.status, partial.check, partial.covered) == ("partial", CITED, (trust,))
    assert partial.reason == "deels, alleen als bron: Boonstra en Eguiguren"


def test_a_person_pointed_back_at_is_not_the_thing_the_documents_lack(lexical):
    # "ze" are the partners of the first part, not its cao: the second part is answered on its own
    partners = scope_of(["Welke cao geldt voor de partners in het netwerk",
                         "hoe groeit vertrouwen als ze samen in de regio werken?"], lexical)
    assert (partners.status, partners.missing) == ("partial", ("cao",))
    assert partners.covered == ("hoe groeit vertrouwen als ze samen in de regio werken?",)
    # a demonstrative still points at the thing, and a person the documents never name is the person pointed at
    thing = scope_of(["Welke cao geldt voor de partners in het netwerk", "welke regels gelden daarvoor in de regio?"],
                     lexical)
    person = scope_of(["Wat doet Pietersen voor het netwerk", "hoe groeit vertrouwen als hij samen in de regio werkt?"],
                      lexical)
    assert thing.status == "refused" and person.status == "refused"


def test_a_demonstrative_after_a_preposition_points_back_only_at_a_noun_of_the_part_before(lexical):
    cao = "Welke cao geldt voor de partners"
    # "volgens dat netwerk": the network, not the cao the documents lack
    network = scope_of([cao, "welke regels gelden volgens dat netwerk voor de regie?"], lexical)
    assert (network.status, network.covered) == ("partial", ("welke regels gelden volgens dat netwerk voor de regie?",))
    # the same noun in the part before, a demonstrative standing alone, or a pronominal adverb: the cao itself
    for part in ("welke regels gelden in die cao?", "is die bekend bij de raad van toezicht?",
                 "welke regels gelden daarvoor?"):
        assert scope_of([cao, part], lexical).status == "refused", part
    assert scope_of(["Welke cao geldt voor het netwerk", "welke regels gelden volgens dat netwerk voor de regie?"],
                    lexical).status == "refused"
