"""Split cleaned text into sentences and section-aware, sentence-aligned chunks."""
from __future__ import annotations

import hashlib
import re

from index.records import Block, Section, Span
from ingest.clean import CLEANER_VERSION, ends_in_abbreviation
from ingest.records import Chunk, CleanText
from ingest.structure import section_at

TARGET_CHARS = 1000
MAX_CHARS = 1500
MIN_CHARS = 300


def params() -> dict[str, int]:
    """The chunk sizes and the cleaner's version, for the manifest (a change rebuilds the index)."""
    return {"target_chars": TARGET_CHARS, "max_chars": MAX_CHARS, "min_chars": MIN_CHARS, "cleaner": CLEANER_VERSION}

_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9À-Ý])")


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans of text[start:end], trimmed of surrounding white space."""
    spans, cur = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if ends_in_abbreviation(text[cur:m.start() + 1]):
            continue
        spans.append(Span(cur, m.start() + len(m.group(0).rstrip())))
        cur = m.end()
    if cur < end:
        spans.append(Span(cur, end))
    return [s for s in (_trim(text, s) for s in spans) if s.end > s.start]


def _trim(text: str, s: Span) -> Span:
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Span(a, b)


_CELL_SEP = re.compile(r" \| | ?• ")


def block_sentences(text: str, block: Block) -> list[Span]:
    """Sentences of a paragraph; cells of a table row; a list item or heading whole."""
    if block.kind == "paragraph":
        return split_sentences(text, block.start, block.end)
    if block.kind == "row":
        spans, cur = [], block.start
        for m in _CELL_SEP.finditer(text, block.start, block.end):
            spans.append(Span(cur, m.start()))
            cur = m.end()
        spans.append(Span(cur, block.end))
        return [s for s in (_trim(text, s) for s in spans) if s.end > s.start]
    return [Span(block.start, block.end)]


def chunk_id(doc_sha: str, start: int) -> str:
    return hashlib.sha1(f"{doc_sha}:{start}".encode()).hexdigest()[:16]


def make_chunks(
    clean: CleanText,
    blocks: list[Block],
    secs: list[Section],
    *,
    document: str,
    title: str,
    origin: str,
    sha256: str,
) -> list[Chunk]:
    """Group blocks into chunks: never across a top-level section, never mid-sentence.

    A chunk starts at its leading headings so it reads on its own; it closes at
    about TARGET_CHARS, and a long paragraph is split between sentences.
    """
    text = clean.text
    units: list[tuple[Span, bool, str]] = []  # (span, is_heading, section)
    for b in blocks:
        section = section_at(secs, b.start)
        if b.kind == "heading":
            units.append((Span(b.start, b.end), True, section))
        else:
            for s in block_sentences(text, b):
                units.append((s, False, section))

    chunks: list[Chunk] = []
    current: list[tuple[Span, bool, str]] = []

    def size(parts) -> int:
        return parts[-1][0].end - parts[0][0].start if parts else 0

    def flush() -> None:
        nonlocal current
        body = [u for u in current if not u[1]]
        if body:
            start, end = current[0][0].start, current[-1][0].end
            sents = [u[0] for u in current if not u[1]]
            chunks.append(Chunk(
                id=chunk_id(sha256, start), document=document, title=title, origin=origin,
                section=body[0][2], page=clean.page_at(start), start=start, end=end,
                text=text[start:end], sentences=sents,
            ))
            current = []
        # headings with no body yet stay and lead the next chunk

    for unit in units:
        span, is_heading, section = unit
        body_so_far = [u for u in current if not u[1]]
        top = section.split(" > ")[0]
        new_top = bool(body_so_far) and body_so_far[-1][2].split(" > ")[0] != top
        if is_heading and body_so_far and (size(current) >= MIN_CHARS or new_top):
            flush()
        elif not is_heading and body_so_far and (
            new_top or span.end - current[0][0].start > MAX_CHARS
            or (size(current) >= TARGET_CHARS)
        ):
            flush()
        current.append(unit)
    flush()
    return chunks
