"""Pseudo-questions and contextual sentence texts: what a document without reader questions still offers.

The hand-written reader questions (ingest/enrich.py) exist only for the shipped documents. Every document,
an upload included, already holds questions of its own: the questions in its text ("Welke partijen zijn
betrokken?", the Quick scan's items) and its section headings, which name what a passage is about in a
few words, as a manager's question does. They are embedded on the query side, so that a question is
compared with a question. Made at ingest from the text alone; stored in the generation, never in corpus/.

A sentence alone often lacks its subject ("Dit leidt tot bestuurlijke drukte."); `contextual_text` gives
it the document title and its last two section levels, as chunks already get (`chunk_embedding_text`).
"""
from __future__ import annotations

from dataclasses import dataclass

from index.roles import HEADING, QUESTION

MAX_WORDS = 30  # a "question" longer than this is a paragraph that happens to end in "?"
SECTION_LEVELS = 2  # the section levels a contextual text (and a chunk's BM25 text) names


def params() -> dict[str, int]:
    """The contextual-text and pseudo-question settings, for the manifest (a change rebuilds the index)."""
    return {"section_levels": SECTION_LEVELS, "max_question_words": MAX_WORDS}


@dataclass(frozen=True)
class PseudoQuestion:
    """A question the document itself asks or implies, the chunk it belongs to and where it comes from."""

    text: str
    chunk: int  # index of the chunk in the document
    start: int
    end: int
    origin: str  # "question" (asked in the text) | "heading" (the chunk's own section heading)


def section_tail(section: str) -> str:
    return " > ".join(section.split(" > ")[-SECTION_LEVELS:])


def contextual_text(title: str, section: str, sentence: str) -> str:
    tail = section_tail(section)
    return f"{title}. {tail}\n{sentence}" if tail else f"{title}\n{sentence}"


def pseudo_questions(text: str, sentences: list[tuple[int, int, int, str]],
                     chunk_sections: list[tuple[int, str]]) -> list[PseudoQuestion]:
    """The document's own questions, (start, end, chunk, role) per sentence, and each chunk's section
    heading, (chunk start, section path) per chunk; each text once per chunk.

    A heading sentence is skipped: the chunk's section heading covers it."""
    out: dict[tuple[str, int], PseudoQuestion] = {}
    for start, end, ci, role in sentences:
        body = " ".join(text[start:end].split())
        if role == QUESTION and len(body.split()) <= MAX_WORDS:
            out.setdefault((body.lower(), ci), PseudoQuestion(body, ci, start, end, QUESTION))
    for ci, (start, section) in enumerate(chunk_sections):
        heading = section.split(" > ")[-1].strip() if section else ""
        if heading:
            out.setdefault((heading.lower(), ci), PseudoQuestion(heading, ci, start, start, HEADING))
    return sorted(out.values(), key=lambda p: (p.chunk, p.start, p.origin))
