"""The `Assistant`: the one object the CLI, the app and the evaluation runner talk to."""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from assistant.answer import Answer, Source
from assistant.compose import Selection, candidates, choose, pool_rows, quotes_for, scored_units
from assistant.followup import resolve
from assistant.language import detect_language
from assistant.linking import (checklist_first, checklist_ref, chosen_models, frame_documents, model_evidence,
                               model_ref, opening_models, pick_checklist)
from assistant.llm import LLMClient, condense, ground
from assistant.model_search import ChecklistSearch, Fit, ModelSearch, called, item_vectors, register_vectors
from assistant.opening import figure_first, label_first, openings, parallel_sections
from assistant.question import document_names, named_in, plan, split_parts, without_names
from assistant.register import Checklist, Model, Register
from assistant.render import render, templates
from assistant.retrieve import HybridRetriever, Scored
from assistant.scope import EMPTY, Asked, Quotable, ReaderMatch, decide, figure_asked
from assistant.settings import Settings
from assistant.tuning import MIN_SOURCES, PART_OF_WHOLE
from assistant.units import UnitBuilder
from assistant.verify import verify_span
from index.embed import get_embedder
from index.loaded import LoadedIndex
from index.register import read_register


class Assistant:
    """Answers questions from the index with verified quotes (see ../shared/DESIGN.md)."""

    def __init__(self, settings: Settings, index: LoadedIndex, embedder, mode: str = "hybrid"):
        # One BLAS thread for the process: OpenBLAS threads spinning on after the sentence-vector product
        # starved the embedder's OpenMP threads (ask p95 at 100x: 160 -> 85 ms; the product stays ~20 ms).
        threadpool_limits(limits=1, user_api="blas")
        self.settings, self.index, self.embedder = settings, index, embedder
        self.llm = LLMClient.from_settings(settings)  # None: extractive answers only
        self.retriever = HybridRetriever(index, embedder, mode=mode, top_k=max(settings.answer.top_k, MIN_SOURCES))
        source = read_register(Path(settings.corpus.dir))
        self.register = Register.located(source, {d: doc.text for d, doc in index.docs.items()})
        texts = source.texts()
        vectors = register_vectors(index, texts, embedder)
        self.model_search = ModelSearch(self.register, texts, vectors, embedder, index)
        items = item_vectors(self.register, index, texts, vectors)
        self.checklist_search = ChecklistSearch(texts, vectors, items)
        self.units = UnitBuilder(index.sentences, index.docs)
        self.frames = frame_documents(self.register, index)
        self.document_names = document_names({d: f"{doc.record.title} {doc.record.publisher}"
                                              for d, doc in index.docs.items()})

    @classmethod
    def load(cls, settings: Settings | None = None, mode: str = "hybrid", **overrides) -> "Assistant":
        settings = settings or Settings.load(**overrides)
        embedder = get_embedder(settings.index.embedder)
        index = LoadedIndex(Path(settings.index.dir), settings.index.chroma_host or None, settings.index.chroma_port)
        index.check_embedder(embedder.embedder_id)
        return cls(settings, index, embedder, mode)

    def _variant(self, **changes) -> "Assistant":
        other = object.__new__(Assistant)
        other.__dict__.update(self.__dict__, **changes)
        return other

    def with_mode(self, mode: str, fusion: str = "zscore") -> "Assistant":
        """The same index, embedder and register with another retrieval mode or fusion (for --compare)."""
        return self._variant(retriever=HybridRetriever(self.index, self.embedder, mode=mode,
                                                       top_k=self.retriever.top_k, fusion=fusion))

    def without_llm(self) -> "Assistant":
        """The same assistant answering extractively (the evaluation gate measures this pipeline)."""
        return self._variant(llm=None)

    def ask(self, question: str, history: list[Answer] | None = None,
            on_delta: Callable[[str], None] | None = None) -> Answer:
        t0 = time.perf_counter()
        answer = self._ask(question or "", history or [], on_delta)
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        return answer

    def ask_stream(self, question: str, history: list[Answer] | None = None) -> Iterator[str | Answer]:
        """For the chat app: checked text deltas of the generated answer (none without an LLM), then the
        final Answer, whose `answer` replaces what was streamed."""
        if not self.llm:
            yield self.ask(question, history)
            return
        items: queue.Queue = queue.Queue()

        def work() -> None:
            try:
                items.put(self.ask(question, history, on_delta=items.put))
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                items.put(exc)

        threading.Thread(target=work, daemon=True).start()
        while True:
            item = items.get()
            if isinstance(item, BaseException):
                raise item
            yield item
            if isinstance(item, Answer):
                return

    def _ask(self, question: str, history: list[Answer], on_delta: Callable[[str], None] | None = None) -> Answer:
        stripped = " ".join(question.split())
        language = detect_language(stripped) if stripped else (history[-1].language if history else "nl")
        t = templates(language)
        read = stripped[: self.settings.answer.max_question_chars]
        retrieval = _Retrieval(self, read, language, history)
        scope = decide(Asked(stripped, tuple(split_parts(read, language)), language), retrieval,
                       self.settings.answer.refusal_threshold, self.index.lexical, t)
        if scope.check == EMPTY:
            return Answer(question=question, language=language, answer=scope.reason, refused=True)
        preface = t["too_long"] if len(stripped) > len(read) else ""
        query, joined, sig, ranked = retrieval.query, retrieval.joined, retrieval.sig, retrieval.ranked
        if query != read:
            preface = (preface + "\n\n" if preface else "") + f"*{t['followup']}: “{query}”*"
        if scope.status == "refused":
            return Answer(question=question, language=language, answer=f"{scope.reason} {t['refusal']}",
                          refused=True, sources=self._sources(ranked), resolved_question=query, scope=scope)
        own = " ".join(scope.covered) if scope.status == "partial" else read
        about = query  # what the models, the checklist and the quotes are chosen for
        if scope.status == "partial":  # retrieve again for the covered part alone
            preface = (preface + "\n\n" if preface else "") + f"*{scope.reason}*"
            if not joined:
                sig = retrieval.covered_sig
                ranked = self.rank_named(own, sig)
                # and choose for it alone too: the uncovered part's words ("ORT-toeslag") would otherwise be
                # the question's rarest terms, which the quote scorer weighs (dev, 2026-12-06: 11 of 20 partial
                # answers quote differently; quotes holding the covered part's evidence 15 -> 16, first 12 -> 11)
                about = own
        hits = self.model_search.search(about, k=len(self.register.models), query_vector=sig.query_vector)
        checklist = pick_checklist(self.register, self.index, about, ranked,
                                   self.checklist_search.scores(about, sig.query_vector))
        ref = checklist_ref(checklist) if checklist else None
        ranked = checklist_first(self.index, ranked, checklist)  # its passage among the first sources
        openers = opening_models(self.register, self.index, ranked, hits, checklist)
        selection = self.compose(own, about, language, sig, ranked, checklist, openers, retrieval.vectors)
        quotes = quotes_for(self.index, selection)
        evidence = model_evidence(self.register, self.index, ranked, hits, checklist, quotes, self.frames)
        linked = chosen_models(self.register, evidence, checklist)
        why = tuple(f"model {e.reason}" for e in evidence if e.model in linked)
        models = [model_ref(m, quotes) for m in linked]
        lead = len(selection.opening)
        body = render(quotes, language, preface, models=models, checklist=ref, lead=lead)
        answer = Answer(question=question, language=language, answer=body, refused=False, quotes=quotes,
                        models=models, checklist=ref, sources=self._sources(ranked), resolved_question=query,
                        lead=lead, scope=scope, reasons=tuple(selection.reasons) + why)
        return ground(self.llm, answer, preface, on_delta) if self.llm else answer

    def _readers(self, parts: list[str], sig, encode: Callable[[list[str]], np.ndarray]) -> ReaderMatch | None:
        """The question's and each part's best similarity to a reader question (the scope step weighs
        unknown words by it); None when the index has no reader questions."""
        if not len(self.index.question_vectors):
            return None
        best = float(sig.question_sims.max())
        if len(parts) == 1:
            return ReaderMatch(best, (best,))
        return ReaderMatch(best, tuple(float(s) for s in (encode(parts) @ self.index.question_vectors.T).max(axis=1)))

    def compose(self, own: str, query: str, language: str, sig, ranked, checklist: Checklist | None,
                models: list[Model], encode: Callable[[list[str]], np.ndarray]) -> Selection:
        """The quotes of an answer: the question's own words (a follow-up's, not the joined turns) give its
        parts and cues; each part scores the sentences of the passages retrieved for `query` and that part
        (`part_ranked`). The answer opens with the checklist's best item, or the passage naming the first model
        when a model is asked for. `encode`: the ask's query vectors (`_Retrieval.vectors`), so that parts the
        scope step embedded are not embedded again."""
        named = named_in(own, self.document_names)
        qplan = plan(own, language, named)
        if len(qplan.parts) == 1:  # each part's passages, and its units
            passages = [ranked]
            cands = candidates(self.index, pool_rows(self.index, ranked), sig.sentence_sims, sig, query, qplan.cues)
            per_part = [scored_units(self.index, self.units, cands, qplan, query)]
        else:
            passages, per_part = [], []
            for part, pv in zip(qplan.parts, encode([p.text for p in qplan.parts])):
                passages.append(self.part_ranked(query, sig, part.text, pv))
                part_pool = pool_rows(self.index, passages[-1])
                rows = [row for row, _ in part_pool]
                sims = dict(zip(rows, self.index.sentence_vectors[rows] @ pv))
                cands = candidates(self.index, part_pool, sims, sig, part.text, part.cues or qplan.cues)
                per_part.append(scored_units(self.index, self.units, cands, qplan, part.text))
        # a part that asks for pros or cons opens with a labelled one; one that asks for a figure reads it in the
        # sentences of its own passages
        labels = [label_first(self.index, units, part.cues or qplan.cues) for part, units in zip(qplan.parts, per_part)]
        figures = [figure_first(units, part.text, quotables(self.index, its, sig.sentence_sims)
                                if figure_asked(part.text) else {}, language, self.index.lexical, own)
                   for part, (units, _), its in zip(qplan.parts, labels, passages)]
        per_part = [units for units, _ in figures]
        lead = openings(self.index, self.units, own, checklist, models, per_part[0], ranked, sig, query, qplan.cues)
        selection = choose(self.index, per_part, qplan, named, lead)
        parallel_sections(self.index, self.units, selection, qplan.cues, query)
        selection.reasons += [f"part {n} {why}" for n, pair in enumerate(zip(labels, figures), 1) for _, why in pair
                              if why]
        return selection

    def rank_named(self, query: str, sig, follow_up: str | None = None) -> list[Scored]:
        """The passages for a question (`sig`: its signals): without the words that name a document, that
        document's first. A partial answer's covered part is ranked so too: with the names, "wat kan zo iemand
        volgens het whitepaper van Bisnez en Corparis toevoegen?" drew the whitepaper's introduction."""
        named = named_in(query, self.document_names)
        text = without_names(query, set().union(*(self.document_names[d] for d in named))) if named else query
        return self.retriever.rank(text, sig if text == query else None, follow_up=follow_up, named=named)

    def part_ranked(self, query: str, sig, part: str, vector: np.ndarray) -> list[Scored]:
        """The passages of the question ranked for one of its parts: the whole question's ranking with the
        part's own added as a follow-up's is (FOLLOW_UP_WEIGHT), so that a second part ("… en in welk stadium
        moet je de zorgverzekeraar erbij halen?") is answered from the passages about it, not from the first
        part's best. The part alone would lose what the question around it says ("wat helpt om er samen uit
        te komen?"). Dev (241, 2026-12-06): parts answered 0.778 -> 0.815 (q115, q120), nothing else changes;
        the part's weight 0.3 / 1.0 / 3.0: 0.796 / 0.778 / 0.741; the part's own reader-question similarities
        for the `asked` feature 0.759; the named documents' passages first (as the question's own ranking has
        them) 0.796, q120 lost."""
        return self.retriever.rank(query, sig, follow_up=part, follow_up_signals=self.retriever.signals(part, vector))

    def models(self, query: str = "", k: int = 5) -> list[Model]:
        """Register search for `wijzer models` and the app: the models that fit the query (none when none
        does, see `model_lookup`); all models when the query is empty."""
        return self.model_lookup(query, k)[0]

    def model_lookup(self, query: str = "", k: int = 5) -> tuple[list[Model], Fit]:
        """`models` with the reason: why the query's models fit, or why none does."""
        if not query.strip():
            return list(self.register.models.values()), Fit(True, "geen zoekvraag: het hele register")
        hits, verdict = self.model_search.fitting(query, k=k)
        return [h.model for h in hits], verdict

    def describe_model(self, model_id: str) -> dict:
        """A register entry with every mention located: document, title, section, page and quote."""
        m = self.register.models[model_id]
        mentions = []
        for x in m.mentions:
            doc = self.index.docs.get(x.document)
            mentions.append({
                "document": x.document, "title": doc.record.title if doc else x.document,
                "section": (doc.section_at(x.start) if doc and x.found else "") or x.section,
                "page": doc.page_at(x.start) if doc and x.found else None,
                "quote": x.text, "start": x.start, "end": x.end,
                "verified": x.found and verify_span(doc, x.start, x.end, doc.text[x.start:x.end]).ok})
        return {"id": m.id, "name": m.name, "aliases": m.aliases, "authors": m.authors, "year": m.year,
                "kind": m.kind, "summary": m.summary, "mentions": mentions, "literature": m.literature}

    def _sources(self, ranked: list[Scored]) -> list[Source]:
        """The passages an answer shows, in the order they were finally ranked."""
        return [self._source(rank, s) for rank, s in enumerate(ranked, 1)]

    def _source(self, rank: int, scored) -> Source:
        c = self.index.chunks[scored.chunk_id]
        rec = self.index.docs[c.document].record
        return Source(rank=rank, document=c.document, origin=rec.origin, section=c.section, page=c.page,
                      score=round(scored.score, 6), text=self.index.chunk_text(c.id), chunk_id=c.id)


class _Retrieval:
    """A question's retrieval, run when the scope decision first asks for a measure (`scope.Measures`), so
    that an empty question retrieves nothing and asks no LLM."""

    def __init__(self, assistant: Assistant, read: str, language: str, history: list[Answer]):
        self.assistant, self.read, self.language, self.history = assistant, read, language, history
        self.covered_sig = None  # the covered parts' signals, once `covered_similarity` was asked
        self._vectors: dict[tuple[str, ...], np.ndarray] = {}

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Query vectors of `texts` (a question's parts), embedded once per ask: the scope step and the answer
        step both read them (a multi-part ask embedded its parts twice, ~50 ms each time here). Keyed by the
        whole list, as the embedder batches it, so a reused vector is the very one a fresh call returns.
        A part that is most of the question (`whole_part`) is read with the question's own vector."""
        key = tuple(texts)
        if key not in self._vectors:
            same = self.query == self.read  # else `sig` is of the question joined with its turn before, or condensed
            whole = [same and whole_part(t, self.read) for t in texts]
            rest = [t for t, w in zip(texts, whole) if not w]
            own = iter(np.asarray(self.assistant.embedder.encode(rest, True), dtype=np.float32) if rest else [])
            self._vectors[key] = np.stack([self.sig.query_vector if w else next(own) for w in whole])
        return self._vectors[key]

    @cached_property
    def query(self) -> str:
        a, history = self.assistant, self.history
        previous = history[-1].query if history else None
        return condense(a.llm, self.read, self.language, history) if a.llm else resolve(self.read, self.language,
                                                                                          previous)

    @property
    def joined(self) -> bool:
        """A deterministic resolution joins the turns; an LLM-condensed question stands on its own."""
        return self.query != self.read and not self.assistant.llm

    @cached_property
    def sig(self):
        return self.assistant.retriever.signals(self.query)

    @cached_property
    def ranked(self):
        return self.assistant.rank_named(self.query, self.sig, follow_up=self.read if self.joined else None)

    def best_similarity(self) -> float:
        sims = self.sig.sentence_sims
        return float(sims.max()) if len(sims) and self.ranked else 0.0

    def readers(self, parts: tuple[str, ...]) -> ReaderMatch | None:
        return self.assistant._readers(list(parts), self.sig, self.vectors)

    def covered_similarity(self, covered: tuple[str, ...]) -> float | None:
        self.covered_sig = self.assistant.retriever.signals(" ".join(covered))
        return float(self.covered_sig.sentence_sims.max()) if len(self.sig.sentence_sims) else None

    def fits_model(self) -> bool:
        search, qv = self.assistant.model_search, self.sig.query_vector
        return search.fit(search.search(self.query, k=len(self.assistant.register.models), query_vector=qv), qv).fits

    def calls_model(self) -> tuple[str, ...]:
        return tuple(m.name.lower() for m in self.assistant.register.models.values() if called(self.query, m))

    def cited(self, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(n for n in names if self.assistant.index.only_cited(n))

    def quotable(self, parts: tuple[str, ...], part: int) -> tuple[Quotable, ...]:
        ranked = self.ranked if len(parts) < 2 else self.assistant.part_ranked(
            self.query, self.sig, parts[part], self.vectors(list(parts))[part])
        return tuple(quotables(self.assistant.index, ranked, self.sig.sentence_sims).values())


def whole_part(part: str, question: str) -> bool:
    """A part that holds most of the question's text: the context and its first ask, before a short second ask
    ("Ons netwerk begon met vier partijen … Past die manier van organiseren nog bij ons? En welke stap …?").
    The two vectors lie close (cosine 0.95 at least, median 0.985, over the dev set's and its probes' 143 such
    parts), and a question of 74 tokens takes ~65 ms to embed here (PART_OF_WHOLE)."""
    return len(part) >= PART_OF_WHOLE * len(question)


def quotables(index: LoadedIndex, ranked, sims: np.ndarray) -> dict[int, Quotable]:
    """The sentences the answer quotes from (the best passages'), by row, as check 7 reads a figure in them:
    with their passage's reader questions, the sentences around them, how far below the best sentence's
    cosine with the question (`sims`) they lie, and their section."""
    rows = [row for row, _ in pool_rows(index, ranked)]
    chunks = {index.sentences[row].chunk_id for row in rows}
    asked: dict[str, list[str]] = {}
    for q in index.questions:
        if q.chunk_id in chunks:
            asked.setdefault(q.chunk_id, []).append(q.text)

    def text(row: int) -> str:
        s = index.sentences[row]
        return index.docs[s.document].text[s.start:s.end]

    def around(row: int) -> str:
        chunk = index.sentences[row].chunk_id
        return " ".join(text(r) for r in (row - 1, row + 1)
                        if 0 <= r < len(index.sentences) and index.sentences[r].chunk_id == chunk)

    def section(row: int) -> str:
        s = index.sentences[row]
        doc = index.docs[s.document]
        return f"{doc.record.title} › {doc.section_at(s.start)}"

    best = float(sims.max()) if len(sims) else 0.0  # rows are sentence rows: there are sims when there are rows
    return {row: Quotable(text(row), tuple(asked.get(index.sentences[row].chunk_id, ())), around(row),
                          best - float(sims[row]), section(row)) for row in rows}
