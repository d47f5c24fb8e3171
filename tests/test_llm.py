"""The optional LLM step against a real OpenAI-compatible server on 127.0.0.1 (tests/fake_llm_server.py):
grounded answers pass, invented citations and uncited claims are caught, follow-ups are condensed in the
user's language, and a dead or slow endpoint falls back to the extractive answer within the timeout."""
import json
import time
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from assistant import Assistant
from assistant.answer import Answer, Quote
from assistant.followup import resolve
from assistant.llm import LLMClient, check, ground, support_stems
from assistant.settings import LLMSettings, Settings
from evals.dataset import EvalQuestion
from evals.judge import JudgeFormatError, judge_answer, judge_run, parse_verdicts
from evals.runner import run
from tests.fake_llm_server import FakeLLMServer, closed_port_url

SCHEMA = json.loads(Path(__file__).with_name("answer.schema.json").read_text())
QUESTION = "Welk governancemodel past bij ons netwerk?"
INVENTED = "Volgens McKinsey bespaart dit jaarlijks 40 miljoen euro in Utrecht."


@pytest.fixture(scope="module")
def extractive(assistant) -> Answer:
    """The extractive answer the LLM step starts from."""
    return assistant.ask(QUESTION)


def with_llm(assistant: Assistant, url: str, timeout: float = 10.0) -> Assistant:
    """The same index and embedder, with the LLM settings on (through the real constructor)."""
    settings = replace(assistant.settings, llm=LLMSettings(base_url=url, model="fake", timeout=timeout))
    return Assistant(settings, assistant.index, assistant.embedder)


def is_answer_prompt(body: dict) -> bool:
    """The request for a grounded answer (not for a condensed question or a judgement)."""
    return body["messages"][0]["content"].startswith(("Je bent Samenwerkwijzer", "You are Samenwerkwijzer"))


# --- settings ------------------------------------------------------------------------------------

def test_llm_settings_from_file_block_and_env(tmp_path, monkeypatch):
    file = tmp_path / "wijzer.yaml"
    file.write_text("llm:\n  base_url: http://127.0.0.1:11434/v1\n  model: qwen2.5:7b\n  timeout: 7\n")
    monkeypatch.setenv("WIJZER_LLM_API_KEY", "geheim")
    s = Settings.load(file)
    assert (s.llm.base_url, s.llm.model, s.llm.api_key, s.llm.timeout) == (
        "http://127.0.0.1:11434/v1", "qwen2.5:7b", "geheim", 7.0)
    client = LLMClient.from_settings(s)
    assert client is not None and client.timeout == 7.0 and client.llm.max_retries == 0
    monkeypatch.delenv("WIJZER_LLM_API_KEY")
    assert LLMClient.from_settings(Settings.load(tmp_path / "absent.yaml")) is None


# --- the post-check on its own ------------------------------------------------------------------

def test_check_keeps_cited_and_meta_sentences_drops_invented_and_bad_citations():
    quote = "Er zijn drie grondvormen voor governance van netwerken te onderscheiden (Provan & Kenis, 2008)."
    support = support_stems(QUESTION, "nl", [_quote(quote)], [])
    raw = ("Samengevat noemen de documenten drie vormen. Er zijn drie grondvormen van netwerkgovernance [1, 3]. "
           f"{INVENTED}\n- Provan en Kenis onderscheiden netwerkvormen [4].")
    c = check(raw, 2, support, "nl")
    assert c.text == "Samengevat noemen de documenten drie vormen. Er zijn drie grondvormen van netwerkgovernance [1]."
    assert c.cited == (1,) and c.invalid == (3, 4)
    assert c.removed == (INVENTED, "Provan en Kenis onderscheiden netwerkvormen [4].")


def test_check_recognises_the_no_answer_sentence():
    c = check("De citaten beantwoorden deze vraag niet.", 3, frozenset(), "nl")
    assert c.no_answer and not c.cited and c.text == "De citaten beantwoorden deze vraag niet."


def _quote(text: str) -> Quote:
    return Quote(text, "doc", "Titel", "doc.txt", "Sectie", None, 0, len(text), True)


# --- grounded answers through the service ---------------------------------------------------------

def test_well_cited_answer_passes_through(assistant, extractive):
    reply = "Er zijn drie grondvormen voor de governance van netwerken [2]. Welke past, hangt af van het netwerk [3]."
    reply = reply if len(extractive.quotes) >= 3 else reply.replace("[3]", "[2]")
    with FakeLLMServer([reply]) as srv:
        ans = with_llm(assistant, srv.base_url).ask(QUESTION)
    d = ans.to_dict()
    jsonschema.validate(d, SCHEMA)
    assert ans.generated == reply
    assert "Weggelaten" not in ans.answer and "---" in ans.answer
    assert ans.quotes == extractive.quotes and all(q.verified for q in ans.quotes)
    assert [m.id for m in ans.models] == [m.id for m in extractive.models]
    prompt = srv.requests[0]["messages"]
    assert srv.requests[0]["stream"] is False and prompt[0]["role"] == "system"
    for i, q in enumerate(extractive.quotes, 1):
        assert f"[{i}] " in prompt[1]["content"] and " ".join(q.text.split()) in prompt[1]["content"]
    for m in extractive.models:
        assert m.name in prompt[1]["content"]


def test_citation_to_a_quote_that_was_not_given_is_caught(assistant, extractive):
    n = len(extractive.quotes)
    reply = f"Er zijn drie grondvormen voor governance van netwerken [1][{n + 5}]. Dat staat in de handreiking [{n + 1}]."
    with FakeLLMServer([reply]) as srv:
        ans = with_llm(assistant, srv.base_url).ask(QUESTION)
    text = ans.generated
    assert text == "Er zijn drie grondvormen voor governance van netwerken [1]."
    assert f"[{n + 5}]" in ans.answer and "niet bestaat" in ans.answer  # named in the note only
    assert "Dat staat in de handreiking" not in ans.answer
    with FakeLLMServer([f"Dit staat in citaat [{n + 2}]."]) as srv:
        only_bad = with_llm(assistant, srv.base_url).ask(QUESTION)
    assert only_bad.generated == "" and extractive.answer in only_bad.answer


def test_uncited_invented_sentence_is_removed_while_streaming(assistant, extractive):
    reply = f"Er zijn drie grondvormen voor governance van netwerken [1]. {INVENTED} Kortom, kies bewust [2]."
    with FakeLLMServer([reply], chunk_chars=5) as srv:
        items = list(with_llm(assistant, srv.base_url).ask_stream(QUESTION))
    deltas, final = items[:-1], items[-1]
    assert srv.requests[0]["stream"] is True
    assert isinstance(final, Answer) and all(isinstance(d, str) for d in deltas) and len(deltas) >= 2
    shown = "".join(deltas)
    assert "McKinsey" not in shown and "McKinsey" not in final.answer
    assert shown == final.generated == (
        "Er zijn drie grondvormen voor governance van netwerken [1]. Kortom, kies bewust [2].")
    assert "Weggelaten, want zonder bron: 1" in final.answer
    jsonschema.validate(final.to_dict(), SCHEMA)
    assert final.quotes == extractive.quotes


def test_answer_without_any_citation_falls_back_to_extractive(assistant, extractive):
    with FakeLLMServer(["Netwerken kiezen meestal een netwerkbureau, dat werkt het best."]) as srv:
        ans = with_llm(assistant, srv.base_url).ask(QUESTION)
    assert ans.answer.endswith(extractive.answer) and "verwees naar geen enkel citaat" in ans.answer
    assert "netwerkbureau, dat werkt" not in ans.answer
    assert ans.to_dict()["quotes"] == extractive.to_dict()["quotes"]


def test_english_question_gets_english_prompt_and_answer(assistant):
    question = "Which governance model fits our network?"
    base = assistant.ask(question)
    reply = "The documents distinguish three basic forms of network governance [1]."
    with FakeLLMServer([reply]) as srv:
        ans = with_llm(assistant, srv.base_url).ask(question)
    assert ans.language == "en" and ans.generated == reply
    assert "Answer the question in English" in srv.requests[0]["messages"][1]["content"]
    assert "answers this most directly" in ans.answer and ans.quotes == base.quotes


# --- follow-ups -----------------------------------------------------------------------------------

def test_dutch_follow_up_is_condensed_in_dutch(assistant):
    first = assistant.ask("Welke vormen van netwerkgovernance zijn er?")
    standalone = "Wat zijn de nadelen van de drie vormen van netwerkgovernance?"

    def reply(body: dict) -> str:
        return "Een nadeel staat in het citaat [1]." if is_answer_prompt(body) else standalone

    with FakeLLMServer([reply]) as srv:
        ans = with_llm(assistant, srv.base_url).ask("En wat zijn de nadelen daarvan?", history=[first])
    condense_prompt = srv.requests[0]["messages"]
    assert "in het Nederlands" in condense_prompt[0]["content"]
    assert "En wat zijn de nadelen daarvan?" in condense_prompt[1]["content"]
    assert first.resolved_question in condense_prompt[1]["content"]
    assert ans.resolved_question == standalone and ans.language == "nl"
    assert f"“{standalone}”" in ans.answer


def test_follow_up_rewritten_into_english_falls_back_to_the_resolver(assistant):
    first = assistant.ask("Welke vormen van netwerkgovernance zijn er?")
    question = "En wat zijn de nadelen daarvan?"

    def reply(body: dict) -> str:
        return "Een nadeel staat in het citaat [1]." if is_answer_prompt(body) else (
            "What are the disadvantages of the three forms of network governance?")

    with FakeLLMServer([reply]) as srv:
        ans = with_llm(assistant, srv.base_url).ask(question, history=[first])
    assert len(srv.requests) == 2
    assert ans.resolved_question == resolve(question, "nl", first.resolved_question)
    assert "disadvantages" not in ans.resolved_question


# --- dead and slow endpoints ----------------------------------------------------------------------

def test_closed_port_falls_back_at_once_with_a_note(assistant, extractive):
    llm_assistant = with_llm(assistant, closed_port_url(), timeout=3.0)
    t0 = time.perf_counter()
    out = ground(llm_assistant.llm, extractive)
    assert time.perf_counter() - t0 < 3.0
    assert out.answer.startswith("*Het taalmodel op http://127.0.0.1:") and "niet bereikbaar" in out.answer
    assert out.answer.endswith(extractive.answer) and out.quotes == extractive.quotes
    items = list(llm_assistant.ask_stream(QUESTION))
    assert len(items) == 1 and "niet bereikbaar" in items[0].answer
    jsonschema.validate(items[0].to_dict(), SCHEMA)


@pytest.mark.parametrize("stream", [False, True])
def test_sleeping_server_falls_back_within_the_timeout(assistant, extractive, stream):
    timeout = 1.5
    with FakeLLMServer(["Te laat [1]."], delay=6.0) as srv:
        llm_assistant = with_llm(assistant, srv.base_url, timeout=timeout)
        deltas: list[str] = []
        t0 = time.perf_counter()
        out = ground(llm_assistant.llm, extractive, on_delta=deltas.append if stream else None)
        took = time.perf_counter() - t0
    assert timeout <= took < timeout + 2.0
    assert "antwoordde niet binnen 1.5 seconden" in out.answer and out.answer.endswith(extractive.answer)
    assert deltas == [] and "Te laat" not in out.answer


def test_dead_endpoint_costs_one_timeout_per_follow_up_turn(assistant):
    first = assistant.ask("Welke vormen van netwerkgovernance zijn er?")
    timeout = 1.5
    with FakeLLMServer(["Te laat [1]."], delay=6.0) as srv:
        llm_assistant = with_llm(assistant, srv.base_url, timeout=timeout)
        t0 = time.perf_counter()
        ans = llm_assistant.ask("En wat zijn de nadelen daarvan?", history=[first])
        took = time.perf_counter() - t0
        assert len(srv.requests) == 1  # the condense call timed out; the answer call was not tried
    assert took < 2 * timeout + 4.0
    assert ans.resolved_question == resolve("En wat zijn de nadelen daarvan?", "nl", first.resolved_question)
    assert "antwoordde niet binnen" in ans.answer and not ans.refused


# --- the judge ------------------------------------------------------------------------------------

def test_judge_scores_faithfulness_with_the_fixed_format(assistant, extractive):
    reply = "Er zijn drie grondvormen voor governance van netwerken [1]. Welke past, hangt af van het netwerk [2]."
    verdicts = json.dumps({"verdicts": [
        {"sentence": "Er zijn drie grondvormen voor governance van netwerken [1].", "supported": True},
        {"sentence": "Welke past, hangt af van het netwerk [2].", "supported": False}]})
    with FakeLLMServer([reply, "```json\n" + verdicts + "\n```"]) as srv:
        llm_assistant = with_llm(assistant, srv.base_url)
        ans = llm_assistant.ask(QUESTION)
        judged = judge_answer(llm_assistant.llm, {**ans.to_dict(), "generated": ans.generated})
        judge_prompt = srv.requests[1]["messages"]
    assert judged.faithfulness == 0.5
    assert [v.supported for v in judged.verdicts] == [True, False]
    assert '{"verdicts": [{"sentence": "...", "supported": true}]}' in judge_prompt[0]["content"]
    assert "1. Er zijn drie grondvormen" in judge_prompt[1]["content"]
    assert judge_answer(llm_assistant.llm, extractive.to_dict()) is None  # nothing generated, nothing judged


def test_judge_rejects_dutch_yes_no_and_wrong_counts():
    said = ["Zin een [1].", "Zin twee [2]."]
    with pytest.raises(JudgeFormatError):
        parse_verdicts('{"verdicts": [{"sentence": "Zin een [1].", "supported": "ja"},'
                       ' {"sentence": "Zin twee [2].", "supported": "nee"}]}', said)
    with pytest.raises(JudgeFormatError):
        parse_verdicts('{"verdicts": [{"sentence": "Zin een [1].", "supported": true}]}', said)
    ok = parse_verdicts('Oordeel: {"verdicts": [{"sentence": "x", "supported": false},'
                        ' {"sentence": "y", "supported": true}]}', said)
    assert [(v.sentence, v.supported) for v in ok.verdicts] == [("Zin een [1].", False), ("Zin twee [2].", True)]


def test_judge_run_adds_faithfulness_and_counts_unjudged(assistant):
    reply = "Er zijn drie grondvormen voor governance van netwerken [1]."
    judge_replies = [json.dumps({"verdicts": [{"sentence": reply, "supported": True}]}), "Ja, alles klopt."]

    def script(body: dict) -> str:
        return reply if is_answer_prompt(body) else judge_replies.pop(0)

    questions = [EvalQuestion("q1", "governance", QUESTION), EvalQuestion("q2", "governance", QUESTION)]
    with FakeLLMServer([script]) as srv:
        llm_assistant = with_llm(assistant, srv.base_url)
        result = run(llm_assistant, questions, [], "llm")
        summary = judge_run(llm_assistant.llm, result)
    assert (summary.faithfulness, summary.judged, summary.unjudged) == (1.0, 1, 1)
    assert [r.scores["faithfulness"] for r in result.results] == [1.0, None]
    assert result.aggregate()["faithfulness"] == 1.0
