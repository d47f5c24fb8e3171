"""Optional LLM step: a fluent answer written only from the verified quotes, checked before it is shown.

Any OpenAI-compatible endpoint (Ollama, a llama.cpp server, vLLM, Azure OpenAI) through
llama-index's `OpenAILike`. Off when `llm_base_url` is empty. Whatever goes wrong — an
unreachable or slow endpoint, an answer that cites nothing — the user gets the extractive
answer with a short visible note, never a hang and never an unchecked text.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import Stemmer
import yaml

from assistant.answer import Answer, ModelRef, Quote
from assistant.render import credit, location, render, templates
from assistant.followup import resolve
from assistant.language import detect_language
from assistant.settings import Settings
from index.words import STOP, stem

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
MAX_TOKENS = 700
DEADLINE_FACTOR = 3  # a whole streamed answer may take this many timeouts, then it counts as slow
RETRY_AFTER_S = 30.0  # after an unreachable/slow endpoint, skip it for this long (no second wait per turn)
HISTORY_TURNS = 3
HISTORY_ANSWER_CHARS = 400
SEPARATOR = "\n\n---\n\n"  # between the generated text and the quotes it cites

_CITE = re.compile(r"\[(\d+(?:\s*[,;–-]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?!\[\d)")
_THINK = re.compile(r"<think>.*?(</think>|$)", re.S)
_BULLET = re.compile(r"^(\s*(?:[-*•]|\d+[.)])\s+)")
# Not index/words.py's tokenizer, a different job: the claims of a generated sentence, where every number
# counts (one digit too, with its decimals: "3,5") and words of two letters carry none.
_CLAIM_TOKEN = re.compile(r"[^\W\d_]{3,}|\d+(?:[.,]\d+)?")
_ENGLISH = Stemmer.Stemmer("english")  # an English answer is written around Dutch quotes: both stems count


@lru_cache(maxsize=None)
def texts(language: str) -> dict:
    data = yaml.safe_load((PROMPTS / "llm.yaml").read_text(encoding="utf-8"))
    return data.get(language, data["nl"])


class LLMUnavailable(Exception):
    """The endpoint could not give an answer; `kind` is unreachable, slow or error."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


@dataclass(frozen=True)
class Check:
    """The generated text after the post-check."""

    text: str  # kept sentences, citation markers normalised to [n]
    cited: tuple[int, ...]  # quote numbers cited (all valid)
    invalid: tuple[int, ...]  # numbers cited that were not given
    removed: tuple[str, ...]  # sentences dropped: uncited new claims, or citing only quotes that were not given
    no_answer: bool = False  # the model said the quotes do not answer the question


class LLMClient:
    """An OpenAI-compatible chat endpoint with the timeouts from the settings."""

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 20.0):
        from llama_index.llms.openai_like import OpenAILike

        self.base_url, self.timeout = base_url.rstrip("/"), float(timeout)
        self.llm = OpenAILike(model=model or "default", api_base=self.base_url, api_key=api_key or "not-needed",
                              is_chat_model=True, timeout=self.timeout, max_retries=0, temperature=0.1,
                              max_tokens=MAX_TOKENS, context_window=8192)
        self._down_until, self._down_kind = 0.0, ""

    @classmethod
    def from_settings(cls, settings: Settings) -> "LLMClient | None":
        if not settings.llm.base_url.strip():
            return None
        return cls(settings.llm.base_url.strip(), settings.llm.model, settings.llm.api_key, settings.llm.timeout)

    def chat(self, messages: list[tuple[str, str]]) -> str:
        """One non-streaming chat completion; raises LLMUnavailable."""
        self._check_up()
        try:
            return self.llm.chat(_messages(messages)).message.content or ""
        except Exception as exc:  # noqa: BLE001 - mapped to LLMUnavailable or re-raised
            raise self._unavailable(exc) from exc

    def stream(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        """Text deltas of a streaming chat completion; raises LLMUnavailable, also mid-stream."""
        self._check_up()
        deadline = time.monotonic() + DEADLINE_FACTOR * self.timeout
        try:
            for chunk in self.llm.stream_chat(_messages(messages)):
                if chunk.delta:
                    yield chunk.delta
                if time.monotonic() > deadline:
                    raise LLMUnavailable("slow", "deadline")
        except LLMUnavailable as exc:
            self._mark_down(exc.kind)
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._unavailable(exc) from exc

    def note(self, exc: LLMUnavailable, language: str) -> str:
        return texts(language)["notes"][exc.kind].format(url=self.base_url, timeout=self.timeout, detail=exc.detail)

    def _check_up(self) -> None:
        if time.monotonic() < self._down_until:
            raise LLMUnavailable(self._down_kind, "recent failure")

    def _mark_down(self, kind: str) -> None:
        if kind in ("unreachable", "slow"):
            self._down_until, self._down_kind = time.monotonic() + RETRY_AFTER_S, kind

    def _unavailable(self, exc: Exception) -> LLMUnavailable:
        import httpx
        import openai

        if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
            out = LLMUnavailable("slow", type(exc).__name__)
        elif isinstance(exc, (openai.APIConnectionError, httpx.TransportError)):
            out = LLMUnavailable("unreachable", type(exc).__name__)
        elif isinstance(exc, openai.APIStatusError):
            out = LLMUnavailable("error", f"HTTP {exc.status_code}")
        elif isinstance(exc, (openai.APIError, httpx.HTTPError, ValueError)):
            out = LLMUnavailable("error", type(exc).__name__)
        else:
            raise exc
        self._mark_down(out.kind)
        return out


def _messages(pairs: list[tuple[str, str]]):
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role=role, content=content) for role, content in pairs]


# --- the grounded answer ------------------------------------------------------------------------

def answer_messages(question: str, language: str, quotes: list[Quote], models: list[ModelRef]) -> list[tuple[str, str]]:
    """System and user message: the question, the numbered verified quotes with their places, the models."""
    t, loc = texts(language), templates(language)
    numbered = "\n".join(t["quote"].format(n=i, where=location(q, loc), text=" ".join(q.text.split()))
                         for i, q in enumerate(quotes, 1))
    listed = "\n".join(
        t["model"].format(name=m.name, who=_who(m), where=m.section or m.document) for m in models) or t["no_models"]
    return [("system", t["system"].format(no_answer=t["no_answer"])),
            ("user", t["answer"].format(question=question, quotes=numbered, models=listed))]


def _who(m: ModelRef) -> str:
    who = credit(m)
    return f" ({who})" if who else ""


def support_stems(question: str, language: str, quotes: list[Quote], models: list[ModelRef]) -> frozenset[str]:
    """Stems an uncited sentence may use without adding a claim."""
    t = texts(language)
    parts = [question, t["no_answer"], " ".join(t["meta_words"])] + [q.text for q in quotes]
    parts += [f"{m.name} {m.authors} {m.year or ''}" for m in models]
    return frozenset(s for p in parts for s in _stems(p))


def _stems(text: str) -> set[str]:
    out = set()
    for w in _CLAIM_TOKEN.findall(text.lower()):
        if w in STOP:
            continue
        out.update((w, stem(w), _ENGLISH.stemWord(w)))
    return out


def adds_claims(sentence: str, support: frozenset[str]) -> bool:
    """Does an uncited sentence say something the quotes, question and models do not? Any new number
    counts; so do two or more new content words, or a third of them."""
    words = [w for w in _CLAIM_TOKEN.findall(_CITE.sub(" ", sentence).lower()) if w not in STOP]
    new = [w for w in words if w not in support and stem(w) not in support and _ENGLISH.stemWord(w) not in support]
    if any(w[0].isdigit() for w in new):
        return True
    return len(new) >= 2 or (bool(words) and len(new) / len(words) > 1 / 3)


def check(text: str, n_quotes: int, support: frozenset[str], language: str) -> Check:
    """Keep what is grounded: citations must point to given quotes, uncited sentences may add no claims."""
    text = _THINK.sub("", text).strip()
    no_answer_key = _plain(texts(language)["no_answer"])
    cited: list[int] = []
    invalid: list[int] = []
    removed: list[str] = []
    no_answer = False
    lines = []
    for line in text.splitlines():
        bullet = _BULLET.match(line)
        head, body = (bullet.group(1), line[bullet.end():]) if bullet else ("", line)
        kept = []
        for sentence in _SENTENCE_END.split(body.strip()):
            if not sentence:
                continue
            numbers = [n for m in _CITE.finditer(sentence) for n in _numbers(m.group(1))]
            good = [n for n in dict.fromkeys(numbers) if 1 <= n <= n_quotes]
            invalid += [n for n in numbers if not 1 <= n <= n_quotes and n not in invalid]
            if good:
                marked = _CITE.sub(lambda m: _markers(m.group(1), n_quotes), sentence)
                kept.append(re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r" {2,}", " ", marked)))
                cited += [n for n in good if n not in cited]
            elif _plain(sentence) == no_answer_key:
                no_answer = True
                kept.append(sentence)
            elif numbers or adds_claims(sentence, support):
                removed.append(sentence)
            else:
                kept.append(sentence)
        if kept:
            lines.append(head + " ".join(kept))
        elif not body.strip():
            lines.append("")
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return Check(cleaned, tuple(cited), tuple(invalid), tuple(removed), no_answer and not cited)


def _numbers(inner: str) -> list[int]:
    """[1, 2] → 1, 2; [1-3] → 1, 2, 3."""
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", inner):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
        lo, hi = bounds[0], bounds[-1]
        out += list(range(lo, hi + 1)) if lo <= hi <= lo + 20 else bounds
    return out


def _markers(inner: str, n_quotes: int) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(_numbers(inner)) if 1 <= n <= n_quotes)


def _plain(s: str) -> str:
    return re.sub(r"[^\w]+", " ", s.lower()).strip()


def compose(extractive: Answer, preface: str, checked: Check) -> str:
    """The shown answer: the checked text, notes on what was dropped, then the numbered quotes it cites."""
    t = texts(extractive.language)
    notes = []
    if checked.removed:
        notes.append(t["notes"]["removed"].format(count=len(checked.removed)))
    if checked.invalid:
        notes.append(t["notes"]["invalid"].format(numbers=", ".join(f"[{n}]" for n in checked.invalid)))
    parts = [preface, checked.text, " ".join(f"*{n}*" for n in notes)]
    head = "\n\n".join(p for p in parts if p)
    quotes = render(extractive.quotes, extractive.language, models=extractive.models, checklist=extractive.checklist)
    return head + SEPARATOR + quotes


def sentences(text: str) -> list[str]:
    """The sentences of a (generated) text, bullets stripped, in order."""
    out = []
    for line in text.splitlines():
        bullet = _BULLET.match(line)
        body = line[bullet.end():] if bullet else line
        out += [s for s in _SENTENCE_END.split(body.strip()) if s]
    return out


def ground(client: LLMClient, extractive: Answer, preface: str = "",
           on_delta: Callable[[str], None] | None = None) -> Answer:
    """The extractive answer with `answer` replaced by the checked generated text (streamed to `on_delta`
    sentence by sentence when given); the extractive text with a note when the LLM fails or cites nothing."""
    if extractive.refused or not extractive.quotes:
        return extractive
    q = extractive.query
    messages = answer_messages(q, extractive.language, extractive.quotes, extractive.models)
    support = support_stems(q, extractive.language, extractive.quotes, extractive.models)
    n = len(extractive.quotes)
    try:
        if on_delta is None:
            raw = client.chat(messages)
        else:
            raw = "".join(_checked_stream(client.stream(messages), n, support, extractive.language, on_delta))
    except LLMUnavailable as exc:
        return _fallback(extractive, client.note(exc, extractive.language))
    checked = check(raw, n, support, extractive.language)
    if not checked.cited:
        kind = "no_answer" if checked.no_answer else "uncited"
        return _fallback(extractive, texts(extractive.language)["notes"][kind])
    return replace(extractive, answer=compose(extractive, preface, checked), generated=checked.text)


def _fallback(extractive: Answer, note: str) -> Answer:
    return replace(extractive, answer=f"*{note}*\n\n{extractive.answer}")


def _checked_stream(deltas: Iterator[str], n_quotes: int, support: frozenset[str], language: str,
                    on_delta: Callable[[str], None]) -> Iterator[str]:
    """Pass the raw deltas through, and hand `on_delta` each complete sentence once it has passed the check."""
    buffer, shown = "", False
    for delta in deltas:
        yield delta
        buffer += delta
        if buffer.lstrip().startswith("<think>") and "</think>" not in buffer:
            continue
        cut = _last_boundary(buffer)
        if cut:
            shown = _emit(buffer[:cut], shown, n_quotes, support, language, on_delta)
            buffer = buffer[cut:]
    _emit(buffer, shown, n_quotes, support, language, on_delta)


def _emit(segment: str, shown: bool, n_quotes: int, support: frozenset[str], language: str,
          on_delta: Callable[[str], None]) -> bool:
    """Hand on the checked segment, separated from what was shown as in the raw text; True once shown."""
    text = check(segment, n_quotes, support, language).text
    if text:
        gap = segment[: len(segment) - len(segment.lstrip())]
        on_delta(("\n\n" if "\n" in gap else " ") + text if shown else text)
    return shown or bool(text)


def _last_boundary(buffer: str) -> int:
    """End of the last complete sentence whose follower has begun (so a trailing [n] is not cut off)."""
    cut = 0
    for m in re.finditer(r"(?<=[.!?…])\s+(?=[^\s\[])|\n+(?=\S)", buffer):
        cut = m.start()
    return cut


# --- follow-ups ---------------------------------------------------------------------------------

def condense(client: LLMClient, question: str, language: str, history: list[Answer]) -> str:
    """The follow-up rewritten into a standalone question in the user's language; the deterministic
    resolver's reading when the LLM fails or answers in another language."""
    if not history:
        return question
    fallback = resolve(question, language, history[-1].query)
    t = texts(language)
    turns = []
    for a in history[-HISTORY_TURNS:]:
        said = " ".join((a.generated or a.answer).split())[:HISTORY_ANSWER_CHARS]
        turns += [f"{t['user']}: {a.query}", f"{t['assistant']}: {said}"]
    messages = [("system", t["condense_system"]),
                ("user", t["condense"].format(history="\n".join(turns), question=question))]
    try:
        raw = client.chat(messages)
    except LLMUnavailable:
        return fallback
    rewritten = _one_question(raw)
    if not rewritten or len(rewritten) > 3 * len(question) + 300 or detect_language(rewritten) != language:
        return fallback
    return rewritten


def _one_question(raw: str) -> str:
    lines = [ln.strip() for ln in _THINK.sub("", raw).splitlines() if ln.strip()]
    if not lines:
        return ""
    line = re.sub(r"^[^:]{0,40}(vraag|question)\s*:\s*", "", lines[0], flags=re.I)
    return line.strip(" \"'“”‘’*")
