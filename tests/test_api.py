"""The app's /ask takes the conversation as the answer objects it returned: read back, they give the same
follow-up as the Python API's history of Answer records."""
from __future__ import annotations

from interfaces.app.api import history_from_dicts


def test_history_of_answer_objects_gives_the_same_follow_up(assistant):
    first = assistant.ask("Welke vormen van netwerkgovernance zijn er?")
    [back] = history_from_dicts([first.to_dict()])
    assert back.quotes == first.quotes and back.models == first.models and back.scope == first.scope
    assert back.resolved_question == first.resolved_question
    via_api = assistant.ask("En wat zijn de nadelen daarvan?", history=[back]).to_dict()
    via_python = assistant.ask("En wat zijn de nadelen daarvan?", history=[first]).to_dict()
    for d in (via_api, via_python):
        d.pop("latency_ms")
    assert via_api == via_python and "Vervolgvraag" in via_api["answer"]


def test_a_chain_of_follow_ups_is_read_against_the_resolved_question():
    turns = [{"question": q, "language": "nl", "answer": "", "refused": False}
             for q in ("Wat is een BHAG?", "En de nadelen daarvan?", "En wat zijn daarvan de voordelen?")]
    history = history_from_dicts(turns)
    assert history[2].resolved_question == "Wat is een BHAG? En de nadelen daarvan? En wat zijn daarvan de voordelen?"
