"""Model search answers "none": the calibration set of MODEL_FIT and READER_FIT on the real index."""
import pytest

from tests.cli import wijzer
from tests.model_search_queries import DESCRIPTIONS, NAMED, OFF_TOPIC

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("query,model", DESCRIPTIONS)
def test_a_description_in_a_managers_words_finds_its_model(assistant, query, model):
    found, verdict = assistant.model_lookup(query)
    assert model in [m.id for m in found], verdict.reason


@pytest.mark.parametrize("query,model", NAMED)
def test_a_name_author_or_year_finds_its_model_first(assistant, query, model):
    assert [m.id for m in assistant.models(query)][:1] == [model]


@pytest.mark.parametrize("query", OFF_TOPIC)
def test_an_off_topic_query_finds_no_model(assistant, query):
    found, verdict = assistant.model_lookup(query, k=10)
    assert found == [] and not verdict.fits and verdict.reason


def test_an_empty_query_lists_the_whole_register(assistant):
    assert len(assistant.models("", k=3)) == len(assistant.register.models)


def test_wijzer_models_says_none_in_one_dutch_line_and_exits_0(corpus_index):
    run = wijzer("--index", corpus_index, "models", "cao salaris verpleegkundige")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Geen model in de documenten past bij “cao salaris verpleegkundige”")


@pytest.mark.parametrize("question", ["Wat is een BHAG?", "Wie heeft de handreiking geschreven?",
                                      "Hoe wordt de regionale aanpak in de ouderenzorg betaald?"])
def test_a_question_that_asks_for_no_list_gets_no_checklist(assistant, question):
    assert assistant.ask(question).checklist is None


def test_every_register_model_asked_about_by_its_name_is_answered_and_named(assistant):
    # the name the Modellen tab shows, before any colon or bracket: "Wat houdt de tweelagenaanpak in?" was refused
    import re

    failed = []
    for model in assistant.register.models.values():
        name = re.split(r"\s*[:(/]", model.name, maxsplit=1)[0].strip()
        for question in (f"Wat houdt {name[0].lower() + name[1:]} in?", f"Kun je {name} uitleggen?"):
            answer = assistant.ask(question)
            named = [m.id for m in answer.models]
            if answer.refused or answer.scope.status != "answered" or model.id not in named:
                failed.append((question, answer.scope.status, named))
    assert not failed, failed
