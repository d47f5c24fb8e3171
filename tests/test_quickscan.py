"""The Quick scan over the real index: conditions from the register, advice for the weakest."""
from __future__ import annotations

import pytest

from features.quickscan import CONDITIONS, QuickScan


@pytest.fixture(scope="module")
def scan(assistant) -> QuickScan:
    return QuickScan(assistant)


def test_five_conditions_with_four_questions_each(scan):
    assert [c.key for c in scan.conditions] == list(CONDITIONS)
    assert all(len(c.questions) == 4 for c in scan.conditions)
    assert scan.condition("ambitie").questions[0] == "Hebben we een duidelijk beeld van onze gedeelde ambitie?"


def test_weakest_is_lowest_plus_other_failing_scores(scan):
    assert scan.weakest({"ambitie": 8, "belangen": 7, "relatie": 3, "organisatie": 7, "proces": 9}) == ["relatie"]
    assert scan.weakest({"ambitie": 4, "belangen": 7, "relatie": 5, "organisatie": 7, "proces": 9}) == \
        ["ambitie", "relatie"]
    assert scan.weakest({"ambitie": 6, "belangen": 6, "relatie": 6, "organisatie": 6, "proces": 6}) == \
        ["ambitie", "belangen"]


def test_scores_outside_one_to_ten_are_refused(scan):
    with pytest.raises(ValueError):
        scan.advise({"ambitie": 0})


@pytest.mark.parametrize("key, theme", [("relatie", "Spelers"),
                                        ("organisatie", "Organisatorische en juridische basis"),
                                        ("belangen", "Stakeholders en regionaal speelveld")])
def test_stroomversneller_theme_matches_condition(scan, key, theme):
    themes = scan.themes_for(scan.condition(key))
    assert themes[0].group == theme
    assert themes[0].questions and themes[0].tips
    assert all(cid.startswith("stroomversneller-") for cid in themes[0].checklist_ids)


def test_advice_has_verified_quotes_models_and_tips(scan, assistant):
    result = scan.advise({"ambitie": 8, "belangen": 7, "relatie": 3, "organisatie": 7, "proces": 9})
    assert result.weakest == ["relatie"]
    adv = result.advice[0]
    assert adv.score == 3 and not adv.answer.refused
    assert adv.answer.quotes and all(q.verified for q in adv.answer.quotes)
    for q in adv.answer.quotes:
        assert assistant.index.docs[q.document].text[q.start:q.end] == q.text
    assert adv.models and all(m.id in assistant.register.models for m in adv.models)
    assert "quick-scan-samenwerking" not in [m.id for m in adv.models]
    assert adv.themes and adv.themes[0].tips
    assert result.average == pytest.approx(6.8)


@pytest.mark.parametrize("key, about", [("ambitie", "ambitie"), ("belangen", "belang"), ("relatie", "vertrouwen"),
                                        ("organisatie", "organis"), ("proces", "proces")])
def test_the_best_advice_quote_is_about_its_condition(scan, assistant, key, about):
    """The quote shown first per condition (prompts/app.yaml's question to the documents): "Hoe versterken we
    belangen?" once opened with a quote on evaluation in general."""
    scores = {k: 8 for k in CONDITIONS}
    scores[key] = 3
    adv = scan.advise(scores).advice[0]
    assert adv.condition.key == key and not adv.answer.refused and about in adv.best_quote.text.lower()
    assert adv.best_quote in adv.answer.quotes and adv.best_quote.verified
