"""Optional judge metric "faithfulness": is every sentence of a generated answer supported by the quotes?

Asked of the configured LLM. We split the answer into numbered sentences ourselves and fix the
reply format to `{"verdicts": [{"sentence": ..., "supported": true|false}]}`, one verdict per
sentence in order, so a Dutch answer is never misread (no ja/nee, no re-split sentences):
a reply that does not match is counted as unjudged, not as a score.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from assistant.llm import LLMClient, LLMUnavailable, sentences, texts
from evals.runner import RunResult


@dataclass(frozen=True)
class Verdict:
    sentence: str
    supported: bool


@dataclass(frozen=True)
class Judgement:
    verdicts: tuple[Verdict, ...]

    @property
    def faithfulness(self) -> float:
        return sum(v.supported for v in self.verdicts) / len(self.verdicts)


class JudgeFormatError(ValueError):
    """The judge's reply is not the fixed JSON format."""


def judge_messages(answer: dict, said: list[str]) -> list[tuple[str, str]]:
    t = texts(answer["language"])
    quotes = "\n".join(f"[{i}] “{' '.join(q['text'].split())}”" for i, q in enumerate(answer["quotes"], 1))
    numbered = "\n".join(f"{i}. {s}" for i, s in enumerate(said, 1))
    return [("system", t["judge_system"].format()), ("user", t["judge"].format(quotes=quotes, sentences=numbered))]


def parse_verdicts(raw: str, said: list[str]) -> Judgement:
    """The verdicts of the fixed format, matched to our sentences by position."""
    match = re.search(r"\{.*\}", raw, re.S)
    if not match:
        raise JudgeFormatError("geen JSON-object")
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError as exc:
        raise JudgeFormatError(str(exc)) from exc
    verdicts = data.get("verdicts") if isinstance(data, dict) else None
    if not isinstance(verdicts, list) or len(verdicts) != len(said):
        raise JudgeFormatError(f"verwacht {len(said)} verdicts")
    if not all(isinstance(v, dict) and isinstance(v.get("supported"), bool) for v in verdicts):
        raise JudgeFormatError("supported moet true of false zijn")
    return Judgement(tuple(Verdict(s, v["supported"]) for s, v in zip(said, verdicts)))


def judge_answer(client: LLMClient, answer: dict) -> Judgement | None:
    """The judgement of one answer object; None when nothing was generated (extractive or fallback)."""
    said = sentences(answer.get("generated", ""))
    if answer["refused"] or not said or not answer["quotes"]:
        return None
    return parse_verdicts(client.chat(judge_messages(answer, said)), said)


@dataclass(frozen=True)
class JudgeSummary:
    faithfulness: float | None  # mean over judged answers
    judged: int
    unjudged: int  # judge unreachable or reply not in the fixed format


def judge_run(client: LLMClient, run: RunResult) -> JudgeSummary:
    """Adds `faithfulness` to each question's scores (None when not judged) and sums it up."""
    scores, unjudged = [], 0
    for r in run.results:
        try:
            j = judge_answer(client, r.answer)
        except (JudgeFormatError, LLMUnavailable):
            j, unjudged = None, unjudged + 1
        r.scores["faithfulness"] = j.faithfulness if j else None
        if j:
            scores.append(j.faithfulness)
    return JudgeSummary(sum(scores) / len(scores) if scores else None, len(scores), unjudged)
