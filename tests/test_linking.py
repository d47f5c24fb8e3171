"""Linking on hand-made records: which models and which checklist an answer gets, and when none."""
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.answer import Quote
from assistant.linking import (checklist_first, chosen_models, frame_documents, is_list_question, model_evidence,
                               opening_models, pick_checklist)
from assistant.model_search import ChecklistSearch, ModelHit, author_tokens, item_vectors, model_fit
from assistant.register import Checklist, Located, Model, Register
from assistant.retrieve import Scored
from assistant.tuning import CHECKLIST_PLACE, MAX_MODELS, MODEL_FIT, READER_FIT
from index.loaded import Passage
from index.records import SentenceRow
from index.register import ChecklistEntry, RegisterSource, embed_register

DOC = "doc"


def _model(mid: str, *spans: tuple[int, int]) -> Model:
    return Model(id=mid, name=mid.title(), aliases=[], authors="", year=None, kind="framework", summary="",
                 mentions=[Located(DOC, "", "x", a, b) for a, b in spans])


def _checklist(cid: str, family: str, kind: str, model: str | None, *spans: tuple[int, int]) -> Checklist:
    return Checklist(id=cid, title=cid.replace("-", " "), family=family, group="", kind=kind, document=DOC,
                     section="", model=model, items=[Located(DOC, "", f"item {a}", a, b) for a, b in spans])


# Five passages of 100 characters; chunk n covers [100n, 100n + 100).
INDEX = SimpleNamespace(chunks={f"c{n}": Passage(f"c{n}", DOC, "", None, 100 * n, 100 * n + 100) for n in range(6)})
REGISTER = Register(
    models=[_model("governance", (10, 20)), _model("toezicht", (110, 120)), _model("late", (410, 420)),
            _model("scan", (510, 520))],
    checklists=[_checklist("scan-vragen", "scan", "questions", "scan", (10, 20), (30, 40)),
                _checklist("scan-tips", "scan", "tips", "scan", (50, 60), (70, 80)),
                _checklist("elders", "elders", "list", None, (510, 520), (530, 540))])


def link_models(register: Register, index, ranked: list[Scored], hits: list[ModelHit],
                checklist: Checklist | None = None, quotes: list[Quote] = (), frames=None) -> list[Model]:
    """The models an answer names, linked as the service links them: the evidence, then the choice."""
    return chosen_models(register, model_evidence(register, index, ranked, hits, checklist, quotes, frames), checklist)


def ranked(*ids: str) -> list[Scored]:
    return [Scored(cid, 10.0 - n) for n, cid in enumerate(ids)]


def hits(*scores: tuple[str, float]) -> list[ModelHit]:
    return [ModelHit(REGISTER.models[mid], s) for mid, s in scores]


def ids(models) -> list[str]:
    return [m.id for m in models]


FLAT = hits(("scan", 0.850), ("late", 0.849), ("governance", 0.820), ("toezicht", 0.810))


def test_the_top_passage_alone_does_not_name_its_model():
    # a model mentioned in the best passage but not what the question is about: 1.0 < MODEL_MIN
    assert link_models(REGISTER, INDEX, ranked("c0", "c2", "c3"), FLAT) == []


def test_a_model_in_the_top_passage_that_the_question_describes_is_named():
    described = hits(("governance", 0.862), ("toezicht", 0.861), ("scan", 0.84), ("late", 0.83))
    assert ids(link_models(REGISTER, INDEX, ranked("c0", "c2", "c3"), described)) == ["governance"]


def test_a_model_in_the_first_two_passages_is_named():
    again = {**INDEX.chunks, "c0b": Passage("c0b", DOC, "", None, 0, 50)}
    index = SimpleNamespace(chunks=again)
    assert ids(link_models(REGISTER, index, ranked("c0", "c0b", "c3"), FLAT)) == ["governance"]


def test_a_passage_holding_the_checklist_speaks_for_the_checklists_model_only():
    index = SimpleNamespace(chunks={**INDEX.chunks, "c0b": Passage("c0b", DOC, "", None, 0, 50)})
    given = REGISTER.checklists["scan-vragen"]  # its items lie in c0 and c0b, beside the governance mention
    assert ids(link_models(REGISTER, index, ranked("c0", "c0b", "c3"), FLAT, given)) == ["scan"]


def test_a_named_model_needs_no_passage():
    named = hits(("late", 0.95), ("scan", 0.85), ("governance", 0.84), ("toezicht", 0.83))
    assert ids(link_models(REGISTER, INDEX, ranked("c2", "c3"), named)) == ["late"]


def test_the_checklist_model_comes_first_and_at_most_max_models_others_follow():
    # four models, each described, in one of the first four passages and quoted: all have enough evidence
    register = Register(models=[_model(f"m{n}", (100 * n + 10, 100 * n + 20)) for n in range(1, 5)]
                        + [REGISTER.models["scan"]], checklists=[REGISTER.checklists["scan-vragen"]])
    many = [ModelHit(register.models[f"m{n}"], 0.86) for n in range(1, 5)] + [ModelHit(register.models["scan"], 0.8)]
    quoted = [quote(100 * n + 10, 100 * n + 20) for n in range(1, 5)]
    linked = link_models(register, INDEX, ranked("c1", "c2", "c3", "c4"), many, register.checklists["scan-vragen"],
                         quotes=quoted)
    assert ids(linked)[0] == "scan" and len(linked) == 1 + MAX_MODELS


def test_three_models_with_enough_evidence_are_all_named():
    # each described, two in the first two passages, the third quoted: the third is no longer cut (MAX_MODELS 2 did)
    three = hits(("governance", 0.86), ("toezicht", 0.86), ("scan", 0.86), ("late", 0.80))
    assert set(ids(link_models(REGISTER, INDEX, ranked("c0", "c1", "c5"), three, quotes=[quote(510, 520)]))) == {
        "governance", "toezicht", "scan"}


def test_a_model_described_a_little_behind_the_best_and_in_the_second_passage_is_named():
    behind = hits(("late", 0.870), ("toezicht", 0.862), ("governance", 0.84), ("scan", 0.83))  # 0.008 behind
    assert "toezicht" in ids(link_models(REGISTER, INDEX, ranked("c0", "c1"), behind))


DESCRIBED = hits(("late", 0.860), ("scan", 0.845), ("governance", 0.84), ("toezicht", 0.83))  # "late": not named


def test_a_described_model_needs_more_than_one_mention_in_the_third_to_fifth_passage():
    for r in (ranked("c0", "c1", "c4"), ranked("c0", "c1", "c2", "c4"), ranked("c0", "c1", "c2", "c3", "c4")):
        assert "late" not in ids(link_models(REGISTER, INDEX, r, DESCRIBED))
    assert "late" in ids(link_models(REGISTER, INDEX, ranked("c0", "c4"), DESCRIBED))  # the second passage
    assert "late" in ids(link_models(REGISTER, INDEX, ranked("c0", "c1", "c4"), DESCRIBED, quotes=[quote(410, 420)]))
    twice = SimpleNamespace(chunks={**INDEX.chunks, "c4b": Passage("c4b", DOC, "", None, 400, 450)})
    assert "late" in ids(link_models(REGISTER, twice, ranked("c0", "c1", "c4", "c4b"), DESCRIBED))  # 1/3 + 1/4


def test_a_model_question_may_open_with_a_described_model_the_answer_would_not_name():
    # before any quote: MODEL_MIN alone decides, so the sentence naming the model asked for can open the answer
    assert "late" in ids(opening_models(REGISTER, INDEX, ranked("c0", "c1", "c2", "c4"), DESCRIBED))
    assert "late" not in ids(opening_models(REGISTER, INDEX, ranked("c0", "c1", "c2", "c3", "c4"), DESCRIBED))


def quote(start: int, end: int, document: str = DOC, text: str = "x") -> Quote:
    return Quote(text=text, document=document, title="", origin="", section="", page=None, start=start, end=end,
                 verified=True)


def test_the_first_quote_on_a_mention_names_its_model_and_a_later_quote_alone_does_not():
    # toezicht lies in c1, which is not among the ranked passages, and the question does not describe it
    assert "toezicht" in ids(link_models(REGISTER, INDEX, ranked("c2", "c3"), FLAT, quotes=[quote(110, 120)]))
    later = [quote(300, 310), quote(110, 120)]
    assert "toezicht" not in ids(link_models(REGISTER, INDEX, ranked("c2", "c3"), FLAT, quotes=later))


def test_a_quote_from_the_checklists_passage_speaks_for_the_checklists_model_only():
    given = REGISTER.checklists["scan-vragen"]  # its items lie in c0, where governance is mentioned too
    assert ids(link_models(REGISTER, INDEX, ranked("c2", "c3"), FLAT, given, quotes=[quote(10, 20)])) == ["scan"]
    assert "governance" in ids(link_models(REGISTER, INDEX, ranked("c2", "c3"), FLAT, quotes=[quote(10, 20)]))


FRAMED = "framed-doc"
FRAME_INDEX = SimpleNamespace(chunks={f"f{n}": Passage(f"f{n}", FRAMED, "", None, 100 * n, 100 * n + 100)
                                      for n in range(4)})
FRAME_REGISTER = Register(models=[
    Model(id="frame", name="Frame", aliases=[], authors="", year=None, kind="framework", summary="",
          mentions=[Located(FRAMED, "", "x", a, a + 10) for a in (10, 110, 210)]),
    Model(id="asked", name="Asked", aliases=[], authors="", year=None, kind="framework", summary="")], checklists=[])


def test_a_model_mentioned_in_most_passages_of_a_document_is_named_from_a_quote_naming_it_not_from_a_passage():
    frames = frame_documents(FRAME_REGISTER, FRAME_INDEX)
    assert frames == {"frame": frozenset({FRAMED}), "asked": frozenset()}  # 3 of 4 passages mention it
    found = [ModelHit(FRAME_REGISTER.models["asked"], 0.90), ModelHit(FRAME_REGISTER.models["frame"], 0.80)]
    top = [Scored("f0", 2.0), Scored("f1", 1.0)]  # 1 + 1/2 for `frame` by its passages
    assert "frame" in ids(link_models(FRAME_REGISTER, FRAME_INDEX, top, found))
    assert "frame" not in ids(link_models(FRAME_REGISTER, FRAME_INDEX, top, found, frames=frames))
    naming = quote(110, 120, FRAMED, "Zo werkt het Frame in de praktijk.")
    assert "frame" in ids(link_models(FRAME_REGISTER, FRAME_INDEX, top, found, quotes=[naming], frames=frames))
    # a quote on a mention that only describes it, in the document it frames, is no evidence (there it describes
    # the document's own subject); elsewhere it is
    describing = quote(110, 120, FRAMED, "Partners maken samen afspraken.")
    assert "frame" not in ids(link_models(FRAME_REGISTER, FRAME_INDEX, top, found, quotes=[describing], frames=frames))
    assert "frame" in ids(link_models(FRAME_REGISTER, FRAME_INDEX, top, found, quotes=[describing]))


def test_the_evidence_of_a_model_says_why_it_was_named():
    evidence = model_evidence(REGISTER, INDEX, ranked("c1"), FLAT, quotes=[quote(110, 120)])
    toezicht = next(e for e in evidence if e.model.id == "toezicht")
    assert (toezicht.passages, toezicht.quotes) == (1.0, 1.5) and "citaten 1.50" in toezicht.reason


@pytest.mark.parametrize("authors, names", [
    ("Gilles Tenhaeff en Joris Kuppens (Ten Have Change)", {"gilles", "tenhaeff", "joris", "kuppens"}),
    ("Geurtsen & Opheij (Common Eye) / NVZD", {"geurtsen", "opheij"}),
    ("Annouck de Boer", {"annouck", "boer"}),
    ("", set()),
])
def test_author_names_leave_out_where_the_model_was_published_and_stop_words(authors, names):
    assert author_tokens(authors) == names


@pytest.mark.parametrize("question", [
    "Met welke vragen lichten we het verloop door?",
    "Hoe checken we of iedereen hetzelfde wil bereiken?",
    "Hoe kijken we of de inrichting nog past?",
    "Waar letten we op als we de regie beleggen?",
    "Waar moeten we als bestuurders rekening mee houden?",
    "Waaraan herken je een netwerkorganisatie?",
    "Wat is er nodig aan betrokkenheid van de top?",
    "Hoe pakken we het stellen van doelen praktisch aan?",
    "Welke lastige afwegingen kom je tegen?",
    "What should we check before we start?",
    "Which questions help a board evaluate the network?",
    "Waarom zou je in de regio met één lange-termijndoel werken?",
    "Why should we work towards one shared ambition?",
])
def test_questions_that_ask_what_to_check_weigh_or_ask(question):
    assert is_list_question(question)


@pytest.mark.parametrize("question", [
    "Wat is een BHAG?",
    "Wie heeft deze handreiking geschreven?",
    "Hoe wordt de regionale aanpak betaald?",
    "Waarom komt samenwerking zo moeizaam van de grond?",
    "What is a network administrative organisation?",
])
def test_questions_that_ask_for_no_list(question):
    assert not is_list_question(question)


def test_a_non_list_question_gets_no_checklist_however_well_a_list_fits():
    semantic = {"scan-vragen": 5.0, "scan-tips": 0.0, "elders": 0.0}
    assert pick_checklist(REGISTER, INDEX, "Wat is een netwerkbureau eigenlijk?", ranked("c0"), semantic) is None


def test_the_list_in_the_best_passage_of_the_kind_asked_for():
    semantic = {"scan-vragen": 0.0, "scan-tips": 0.0, "elders": 0.0}
    asks_questions = pick_checklist(REGISTER, INDEX, "Welke vragen stellen we?", ranked("c0", "c5"), semantic)
    asks_tips = pick_checklist(REGISTER, INDEX, "Welke tips zijn er?", ranked("c0", "c5"), semantic)
    assert asks_questions.id == "scan-vragen" and asks_tips.id == "scan-tips"


def test_sister_lists_in_one_passage_are_told_apart_by_their_description():
    semantic = {"scan-vragen": -0.5, "scan-tips": 1.5, "elders": 0.0}  # the tips' description fits better
    assert pick_checklist(REGISTER, INDEX, "Waar letten we op?", ranked("c0", "c3"), semantic).id == "scan-tips"


def test_no_checklist_when_none_fits_well_enough():
    semantic = {"scan-vragen": 0.5, "scan-tips": 0.4, "elders": 0.3}
    assert pick_checklist(REGISTER, INDEX, "Waar letten we op?", ranked("c2", "c3", "c4"), semantic) is None


def test_model_fit_names_descriptions_and_none():
    governance = REGISTER.models["governance"]
    assert model_fit(ModelHit(governance, 0.70, named=True), 0.0).fits
    described = model_fit(ModelHit(governance, MODEL_FIT + 0.01), READER_FIT + 0.01)
    assert described.fits and "Governance" in described.reason
    unlike = model_fit(ModelHit(governance, MODEL_FIT - 0.01), 1.0)
    assert not unlike.fits and "geen model lijkt genoeg" in unlike.reason
    unanswered = model_fit(ModelHit(governance, 0.95), READER_FIT - 0.01)
    assert not unanswered.fits and "beantwoorden geen vraag" in unanswered.reason
    assert not model_fit(None, 1.0).fits


class TopicEmbedder:
    """Unit vectors over a few topics, each found by its words: a stand-in for the sentence embedder."""

    embedder_id = "topics"
    TOPICS = (("ambitie", "bereiken", "doel"), ("energie",), ("fasen", "mijlpalen", "verloop"), ("organisatie",))

    def encode(self, texts, is_query):
        v = np.array([[float(any(w in t.lower() for w in words)) for words in self.TOPICS] + [0.1] for t in texts])
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_one_shared_word_does_not_outvote_the_items_and_description_that_fit():
    def listed(cid: str, description: str, *items: str) -> ChecklistEntry:
        return ChecklistEntry(id=cid, title=cid, family=cid, group="", kind="questions", document=DOC, section="",
                              model=None, items=items, description=description)
    source = RegisterSource(models=(), checklists=(
        listed("ambitie", "Is de gedeelde ambitie helder en inspirerend?",
               "Is ons doel helder?", "Is de ambitie inspirerend?"),
        listed("eigen", "Waar steek je als organisatie je energie in?",
               "Wat regelt de organisatie intern?", "Wat betekent het voor de organisatie?"),
        listed("proces", "Zijn er fasen en mijlpalen?", "Zijn er duidelijke fasen?", "Bewaken we het verloop?"),
        listed("vorm", "Past de organisatie bij de partners?", "Past de organisatie?", "Is de organisatie sterk?")))
    question = "Willen we nog hetzelfde bereiken en geeft het ons energie?"
    embedder = TopicEmbedder()
    texts = source.texts()
    index = _sentence_index(embedder, [i for c in source.checklists for i in c.items])
    register = Register.located(source, {DOC: " ".join(index.texts)})
    vectors = embed_register(texts, embedder)
    search = ChecklistSearch(texts, vectors, item_vectors(register, index, texts, vectors))
    scores = search.scores(question, embedder.encode([question], True)[0])
    assert max(scores, key=scores.get) == "ambitie"


def _sentence_index(embedder, sentences: list[str]) -> SimpleNamespace:
    """An index of one document, one passage, whose sentences are `sentences`, joined by a space, with their
    vectors."""
    rows, at = [], 0
    for text in sentences:
        rows.append(SentenceRow(DOC, at, at + len(text), "c0", "body", len(rows)))
        at += len(text) + 1
    return SimpleNamespace(sentences=rows, sentence_vectors=embedder.encode(sentences, False), texts=sentences,
                           chunks={"c0": Passage("c0", DOC, "", None, 0, at)},
                           chunk_sentences={"c0": list(range(len(rows)))})


def test_a_checklist_item_takes_the_vectors_of_the_sentences_it_spans_and_its_lists_title():
    embedder = TopicEmbedder()
    index = _sentence_index(embedder, ["Is ons doel helder?", "Geeft het energie?", "Fasen en mijlpalen",
                                       "Bewaken we het verloop?"])
    source = RegisterSource(models=(), checklists=(
        ChecklistEntry(id="scan", title="scan", family="scan", group="", kind="questions", document=DOC,
                       section="", model=None, description="De organisatie.",
                       items=("Is ons doel helder? Geeft het energie?", "Bewaken we het verloop?", "Niet daar")),))
    register = Register.located(source, {DOC: " ".join(index.texts)})
    texts = source.texts()
    vectors = embed_register(texts, embedder)
    two, one, absent = item_vectors(register, index, texts, vectors)
    unit = lambda v: v / np.linalg.norm(v)
    both = unit(index.sentence_vectors[0] + index.sentence_vectors[1])
    assert np.allclose(two, unit(both + vectors.titles[0]))  # two sentences: their mean, with the list's title
    assert np.allclose(one, unit(index.sentence_vectors[3] + vectors.titles[0]))
    assert np.allclose(absent, vectors.about[0])  # no sentence holds it: the list's title and description
    assert not np.allclose(two, one)


def test_the_chosen_checklists_passage_is_among_the_first_sources():
    # "elders" has its items in c5 only; "scan-vragen" in c0
    order = ["c1", "c2", "c3", "c4", "c0"]
    moved = checklist_first(INDEX, ranked(*order), REGISTER.checklists["elders"])
    assert [s.chunk_id for s in moved] == order[:CHECKLIST_PLACE - 1] + ["c5"] + order[CHECKLIST_PLACE - 1:4]
    assert [s.score for s in moved] == sorted((s.score for s in moved), reverse=True)  # still best first
    # ranked high enough already, or no list: the ranking as it was
    high = ranked("c1", "c0", "c2")
    assert checklist_first(INDEX, high, REGISTER.checklists["scan-vragen"]) == high
    assert checklist_first(INDEX, ranked(*order), None) == ranked(*order)
    # further down: lifted to its place, the passages before it unmoved, none lost
    assert [s.chunk_id for s in checklist_first(INDEX, ranked(*order), REGISTER.checklists["scan-vragen"])] == \
        order[:CHECKLIST_PLACE - 1] + ["c0"] + order[CHECKLIST_PLACE - 1:4]
