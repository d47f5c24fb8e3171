"""The `Assistant`: the one object the CLI, the app and the evaluation runner talk to."""
from __future__ import annotations

import time
from pathlib import Path

from assistant.answer import Answer, Source
from assistant.compose import candidates, quotes_for, render, select, templates
from assistant.followup import resolve
from assistant.index import LoadedIndex
from assistant.linking import checklist_ref, link_models, model_ref, pick_checklist
from assistant.model_search import ModelSearch
from assistant.register import Register
from assistant.language import detect_language
from assistant.retrieve import HybridRetriever
from assistant.scope import out_of_scope
from assistant.settings import Settings
from ingest.embed import get_embedder


class Assistant:
    """Answers questions from the index with verified quotes (see ../shared/DESIGN.md)."""

    def __init__(self, settings: Settings, index: LoadedIndex, embedder, mode: str = "hybrid"):
        self.settings, self.index, self.embedder = settings, index, embedder
        self.retriever = HybridRetriever(index, embedder, mode=mode, top_k=max(settings.top_k, 10))
        self.register = Register.load(Path(settings.corpus_dir), {d: doc.text for d, doc in index.docs.items()})
        self.model_search = ModelSearch(self.register, embedder, Path(settings.index_dir))

    @classmethod
    def load(cls, settings: Settings | None = None, mode: str = "hybrid", **overrides) -> "Assistant":
        settings = settings or Settings.load(**overrides)
        embedder = get_embedder(settings.embedder)
        index = LoadedIndex(Path(settings.index_dir), settings.chroma_host or None, settings.chroma_port)
        index.check_embedder(embedder.embedder_id)
        return cls(settings, index, embedder, mode)

    def with_mode(self, mode: str) -> "Assistant":
        """The same index, embedder and register with another retrieval mode (for --compare)."""
        other = object.__new__(Assistant)
        other.__dict__.update(self.__dict__)
        other.retriever = HybridRetriever(self.index, self.embedder, mode=mode, top_k=self.retriever.top_k)
        return other

    def ask(self, question: str, history: list[Answer] | None = None) -> Answer:
        t0 = time.perf_counter()
        answer = self._ask(question or "", history or [])
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    def _ask(self, question: str, history: list[Answer]) -> Answer:
        stripped = " ".join(question.split())
        language = detect_language(stripped) if stripped else (history[-1].language if history else "nl")
        t = templates(language)
        if not any(ch.isalnum() for ch in stripped):
            return Answer(question=question, language=language, answer=t["empty"], refused=True)
        preface = ""
        if len(stripped) > self.settings.max_question_chars:
            stripped = stripped[: self.settings.max_question_chars]
            preface = t["too_long"]
        previous = history[-1].resolved_question or history[-1].question if history else None
        query = resolve(stripped, language, previous)
        if query != stripped:
            preface = (preface + "\n\n" if preface else "") + f"*{t['followup']}: “{query}”*"
        sig = self.retriever.signals(query)
        ranked = self.retriever.rank(query, sig)
        sources = [self._source(rank, s) for rank, s in enumerate(ranked, 1)]
        best = float(sig.sentence_sims.max()) if len(sig.sentence_sims) else 0.0
        words = self.index.lexical.decompounder.words
        if not ranked or out_of_scope(stripped, language, best, self.settings.refusal_threshold, words):
            return Answer(question=question, language=language, answer=t["refusal"], refused=True,
                          sources=sources, resolved_question=query)
        chosen = select(self.index, candidates(self.index, ranked, sig))
        quotes = quotes_for(self.index, chosen)
        hits = self.model_search.search(query, k=3, query_vector=sig.query_vector)
        models = [model_ref(m, quotes) for m in link_models(self.register, self.index, quotes, hits)]
        checklist = pick_checklist(self.register, self.index, query, ranked)
        ref = checklist_ref(checklist) if checklist else None
        body = render(quotes, language, preface, models=models, checklist=ref)
        return Answer(question=question, language=language, answer=body, refused=False, quotes=quotes,
                      models=models, checklist=ref, sources=sources, resolved_question=query)

    def models(self, query: str = "", k: int = 5):
        """Register search for `wijzer models` and the app; all models when the query is empty."""
        if not query.strip():
            return list(self.register.models.values())
        return [h.model for h in self.model_search.search(query, k=k)]

    def _source(self, rank: int, scored) -> Source:
        c = self.index.chunks[scored.chunk_id]
        rec = self.index.docs[c.document].record
        return Source(rank=rank, document=c.document, origin=rec.origin, section=c.section, page=c.page,
                      score=round(scored.score, 6), text=self.index.chunk_text(c.id), chunk_id=c.id)
