"""Repair extraction damage while keeping a map from every cleaned character to raw text.

Repairs: words hyphenated over a line end are joined (elliptical hyphens such as
"zorg- en welzijn" stay), soft line wraps become spaces, `**bold**` markers,
markdown links and escapes are dropped, bullet characters go, list numbers glued
to the end of a line ("Inzet van behandelaren2.") are removed, lone page/chapter
numbers are dropped and tab-separated table rows become "cell | cell" rows.
Paragraph boundaries become a blank line, so block structure survives.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from index.records import Block
from index.roles import is_reference, title_key
from index.sources import BULLETS, SourceFile
from ingest.records import CleanText
from ingest.structure import TOC_LINE

_BULLET_RE = re.compile(rf"^[ \t]*(?:[{BULLETS}]|[-*](?=[ \t]))[ \t]*")
_NUMBERED_RE = re.compile(r"^[ \t]*(?:\d{1,2}|[IVX]{1,4}|[A-Za-z])[.)][ \t]+\S")
_LONE_NUMBER_RE = re.compile(r"^[ \t]*\d{1,3}\.?[ \t]*$")
_GLUED_NUMBER_RE = re.compile(r"(?:(?<=[^\W\d])|(?<=\))|(?<=[.?!:] ) ?)\d{1,2}\.[ \t]*$")
_LINK_RE = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_ESCAPE_RE = re.compile(r"\\(?=[()\[\]*_#.\-])")
_TAB_RUN_RE = re.compile(r"[ \t]*\t[ \t]*")
_SPACE_RUN_RE = re.compile(r"[ \u00a0]{2,}")
_KEEP_HYPHEN_WORDS = {"en", "of", "tot", "noch", "maar", "and", "or", "to"}
_TERMINAL = ".?!"
# A full stop after one of these ends no sentence (lower case, without the final stop): the sentence splitter
# reads past it, and a line that ends in one wraps on ("waarin o.a.\nde ervaringen …" is one sentence).
ABBREVIATIONS = frozenset({"bijv", "o.a", "c.q", "e.d", "i.p.v", "m.n", "d.w.z", "e.o", "nr", "dr", "mr", "prof",
                           "ca", "evt", "incl", "excl", "etc", "vs", "z.g.a.n", "m.b.t", "t.a.v", "a.s", "jl"})
# A document extracted with its page's line width (every text line at most about as long as its 98th percentile)
# wraps a sentence over a full line: one at least FULL_LINE of that width, ending in a word, goes on after the
# break even when the next line starts with a capital ("zo merkte" | "Esther Boer …", "door heel" | "Nederland").
# The whitepaper's lines: 98th percentile 108, longest 110; the handreiking's paragraphs are single lines (98th
# percentile 688, longest 978) and are never joined so.
FULL_LINE, WIDTH_SLACK = 0.85, 1.1
CLEANER_VERSION = 5  # recorded with the chunking parameters: a cleaner that cuts blocks otherwise rebuilds the index
# (3: a credit line, "Foto: …", or a byline, "23-02-2021 7 minuten …", is no heading; 4: a logo glued to a chapter's
# title is no part of its section path, ingest/structure.py `heading_titles`; 5: `_list_lines`)


def ends_in_abbreviation(text: str) -> bool:
    """The text ends in an abbreviation's full stop ("waarin o.a."), or in an initial ("J.")."""
    word = re.search(r"([\w.]+)\.?[\"”’')\]]*\s*$", text)
    token = word.group(1).lower().rstrip(".") if word else ""
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


class _Seq:
    """A string whose characters each remember their raw offset."""

    def __init__(self, chars: str, pos: list[int]):
        self.chars, self.pos = chars, pos

    @classmethod
    def of(cls, raw: str, start: int, end: int) -> "_Seq":
        return cls(raw[start:end], list(range(start, end)))

    def sub(self, pattern: re.Pattern, keep_group: int | None = None, literal: str = "") -> "_Seq":
        """Replace matches by group `keep_group` (with its own offsets) or by `literal`."""
        chars, pos, last = [], [], 0
        for m in pattern.finditer(self.chars):
            chars.append(self.chars[last:m.start()])
            pos.extend(self.pos[last:m.start()])
            if keep_group is not None:
                g0, g1 = m.span(keep_group)
                chars.append(self.chars[g0:g1])
                pos.extend(self.pos[g0:g1])
            elif literal:
                chars.append(literal)
                anchor = self.pos[m.start()] if m.start() < len(self.pos) else (self.pos[-1] if self.pos else 0)
                pos.extend([anchor] * len(literal))
            last = m.end()
        chars.append(self.chars[last:])
        pos.extend(self.pos[last:])
        return _Seq("".join(chars), pos)

    def strip(self) -> "_Seq":
        s = self.chars
        a = len(s) - len(s.lstrip())
        b = len(s.rstrip())
        return _Seq(s[a:b], self.pos[a:b])


@dataclass
class _Line:
    seq: _Seq
    kind: str  # "text" | "item" | "row"
    blank_before: bool
    chapter_before: bool
    starts_indented: bool
    raw_trailing_space: bool
    hard_end: bool = False


@dataclass
class _Out:
    chars: list[str] = field(default_factory=list)
    pos: list[int] = field(default_factory=list)

    def add(self, seq: _Seq) -> None:
        self.chars.append(seq.chars)
        self.pos.extend(seq.pos)

    def add_sep(self, sep: str, anchor: int) -> None:
        self.chars.append(sep)
        self.pos.extend([anchor] * len(sep))


def _prepare(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    blank, chapter = False, False
    offset = 0
    for text in raw.split("\n"):
        start, end = offset, offset + len(text)
        offset = end + 1
        if text.endswith("\r"):
            end -= 1
        body = raw[start:end]
        if not body.strip() or body.strip() in BULLETS:
            blank = True
            continue
        if _LONE_NUMBER_RE.match(body):
            chapter = chapter or body.strip().isdigit()
            blank = True
            continue
        seq = _Seq.of(raw, start, end)
        kind = "text"
        bullet = _BULLET_RE.match(seq.chars)
        if bullet:
            kind = "item"
            seq = _Seq(seq.chars[bullet.end():], seq.pos[bullet.end():])
        elif _NUMBERED_RE.match(seq.chars):
            kind = "item"
        indented = body[:1] in "\t" and kind == "text"
        seq = seq.sub(_LINK_RE, keep_group=1).sub(_ESCAPE_RE).sub(re.compile(r"\*\*"))
        if kind == "text" and re.search(r"\S\t+\S", seq.chars.strip()):
            kind = "row"
            seq = seq.strip().sub(_TAB_RUN_RE, literal=" | ")
        seq = seq.sub(_TAB_RUN_RE, literal=" ").sub(_SPACE_RUN_RE, literal=" ")
        glued = _GLUED_NUMBER_RE.search(seq.chars)
        hard_end = False
        if glued and glued.start() > 0:
            seq = _Seq(seq.chars[:glued.start()], seq.pos[:glued.start()])
            hard_end = True
        seq = seq.strip()
        if not seq.chars or seq.chars in {"*", "|"}:
            blank = True
            continue
        lines.append(_Line(seq, kind, blank, chapter, indented, body.endswith((" ", "\t")), hard_end))
        blank, chapter = False, False
    return lines


def _first_word(s: str) -> str:
    m = re.match(r"[^\W\d_]+", s)
    return m.group(0) if m else ""


def line_width(lines: list[_Line]) -> int:
    """The page's line width when the text was extracted wrapped at one (0 when it was not; see FULL_LINE)."""
    lengths = sorted(len(line.seq.chars) for line in lines if line.kind == "text")
    if len(lengths) < 20:
        return 0
    width = lengths[int(0.98 * (len(lengths) - 1))]
    return width if lengths[-1] <= WIDTH_SLACK * width else 0


def _is_soft(prev: _Line, cur: _Line, prev_continued: bool, indented_paragraphs: bool, width: int) -> bool:
    """True when the break between two lines is a wrap inside one paragraph (`width`: `line_width`)."""
    if prev.hard_end or cur.kind in ("item", "row") or prev.kind == "row" or cur.starts_indented:
        return False
    p, c = prev.seq.chars, cur.seq.chars
    if p.count("(") > p.count(")") and p[-1:] not in _TERMINAL:
        return True  # a break inside brackets ("zoals Esther Boer (directeur" | "Behandeling bij …)") wraps
    if c[:1].islower() or (c[:1] in "‘'\"“(" and c[1:2].islower()):
        return p[-1:] not in _TERMINAL or ends_in_abbreviation(p)
    if indented_paragraphs and not cur.blank_before and prev.raw_trailing_space:
        return True  # layouts that mark paragraphs by indentation wrap every other line
    if width and len(p) >= FULL_LINE * width and p[-1:].isalpha() and c[:1].isupper():
        return True  # a full line cut off mid-sentence wraps, whatever the next word
    if p[-1:] in _TERMINAL + ":;" or not prev.raw_trailing_space:
        return False
    return (prev.kind == "item" or prev_continued) and len(p) >= 25


def _hyphen_join(prev: str, cur: str) -> str | None:
    """How to join a line ending in a hyphen: "" (drop it), "-" (keep, no space) or None."""
    if not re.search(r"[^\W\d_]-$", prev):
        return None
    if _first_word(cur).lower() in _KEEP_HYPHEN_WORDS:
        return None
    return "-" if prev[-2].isupper() else ""


@dataclass
class Cleaned:
    text: CleanText
    blocks: list[Block]


def clean(source: SourceFile) -> Cleaned:
    """Clean a source file's raw text; returns the text with its offset map and blocks."""
    lines = _prepare(source.raw)
    indented_paragraphs = sum(line.starts_indented for line in lines) >= 3
    width = line_width(lines)
    out = _Out()
    blocks: list[Block] = []
    block_start, block_lines, block_kind = 0, 0, "paragraph"
    chapter_flags: list[bool] = []

    def close_block() -> None:
        length = sum(len(c) for c in out.chars)
        if block_lines:
            blocks.append(Block(block_start, length, block_kind))
            chapter_flags.append(block_chapter)

    prev: _Line | None = None
    block_chapter = False
    for line in lines:
        if prev is not None and _is_soft(prev, line, block_lines > 1, indented_paragraphs, width):
            join = _hyphen_join(prev.seq.chars, line.seq.chars) if line.seq.chars[:1].isalpha() else None
            if join is not None:
                # drop the hyphen (already emitted) unless it is an acronym compound
                if join == "":
                    last = out.chars[-1]
                    out.chars[-1] = last[:-1]
                    out.pos.pop()
            else:
                out.add_sep(" ", line.seq.pos[0])
            out.add(line.seq)
            block_lines += 1
        else:
            if prev is not None:
                close_block()
                out.add_sep("\n\n", line.seq.pos[0])
            block_start = sum(len(c) for c in out.chars)
            block_kind = {"item": "item", "row": "row"}.get(line.kind, "paragraph")
            block_chapter = line.chapter_before
            out.add(line.seq)
            block_lines = 1
        prev = line
    if prev is not None:
        close_block()
    text = "".join(out.chars)
    offsets = out.pos + [len(source.raw)]
    clean_text = CleanText(text, offsets, source.page_starts, source.paged)
    return Cleaned(clean_text, _list_lines(text, _mark_headings(text, blocks, chapter_flags)))


_HEADING_MAX_CHARS = 100
_HEADING_MAX_WORDS = 14


def _mark_headings(text: str, blocks: list[Block], chapter_flags: list[bool]) -> list[Block]:
    """Classify short, title-like paragraphs as headings (level 1 after a chapter number)."""
    result = []
    for i, b in enumerate(blocks):
        t = text[b.start:b.end]
        is_heading = (
            b.kind == "paragraph"
            and i + 1 < len(blocks)
            and len(t) <= _HEADING_MAX_CHARS
            and len(t.split()) <= _HEADING_MAX_WORDS
            and (t[:1].isupper() or t[:1].isdigit())
            and t[-1:] not in ".,;:"
            and "|" not in t
            and not is_reference(t)  # "Foto: Sjef Prins - APA Foto" credits an image: it heads nothing
        )
        if is_heading:
            result.append(Block(b.start, b.end, "heading", 1 if chapter_flags[i] else 2))
        else:
            result.append(b)
    return result


# A run of at least LIST_RUN title-like lines in a row lists things (the handreiking's wegwijzer, the three forms of
# network governance with a line on each, the whitepaper's themes) or labels a figure; a line of LIST_LINE_MIN_WORDS
# words or more in it, other than the last, heads nothing and says something: "Santeon zeven topklinische ziekenhuizen
# werken samen aan verbeteren van zorg". 160 of the handreiking's 258 headings stood in such runs, and none of their
# lines could be quoted. A line the document sets more than once labels its figures ("Conditie voor kansrijke
# samenwerking"), unless it is long enough to say something: the three governance forms' lines stand in two figures,
# each of six words or more. Five words, measured on the dev sets (2026-12-07): at three, names and bylines ("Door
# Paul van Bodengraven", "Proeftuin Ruwaard (Oss)") were listed too, and a byline that so joined its article's passage
# tipped a near tie (model recall 0.854 -> 0.838); at five, quote hit 0.726 -> 0.731 and first-quote hit 0.543 -> 0.554
# on the main dev set, one off-topic question answered by the Santeon line (README, stop 36). The whitepaper's shorter
# themes ("Inzet van behandelaren") stay headings.
LIST_RUN, LIST_LINE_MIN_WORDS, LIST_LINE_REPEATED_MIN_WORDS = 3, 5, 6
_CITATION = re.compile(r"[,(]\s*(?:19|20)\d\d\)?$")  # "Kaats en Opheij, 2023", "Provan & Kenis (2008)"
# a question ("Welke theorie kun je gebruiken?"), or a note of several sentences ("Vanzelfsprekend is dit overzicht
# niet compleet. Uw initiatief toevoegen? Mail naar info@nvzd.nl"): it lists nothing; as a sentence, that note came
# closer than any other to four of the dev set's off-topic questions (a pay scale, a waiting list)
_SENTENCE_END_IN = re.compile(r"[.?!](?:\s|$)")


def _says_more(line: str) -> bool:
    """The line asks a question or ends a sentence before its end ("bijv." ends none)."""
    return any(not ends_in_abbreviation(line[:m.start() + 1]) for m in _SENTENCE_END_IN.finditer(line))


def _list_lines(text: str, blocks: list[Block]) -> list[Block]:
    """Read the lines inside a run of headings as list items, except the run's last (it heads what follows), a
    chapter's title, a line of a table of contents, a question or note, a citation, a line in capitals ("VERDIEPENDE
    LITERATUUR") and a figure's label: those head, or label, what they stand above."""
    key = {b.start: title_key(text[b.start:b.end]) for b in blocks if b.kind == "heading"}
    times = Counter(key.values())
    result, i = list(blocks), 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind == "heading":
            j += 1
        for k in range(i, j - 1) if j - i >= LIST_RUN else ():
            b, line = blocks[k], text[blocks[k].start:blocks[k].end]
            words = len(line.split())
            if (b.level == 2 and words >= LIST_LINE_MIN_WORDS and not TOC_LINE.match(line)
                    and not _says_more(line) and not line.isupper() and not _CITATION.search(line)
                    and (times[key[b.start]] == 1 or words >= LIST_LINE_REPEATED_MIN_WORDS)):
                result[k] = Block(b.start, b.end, "item")
        i = max(j, i + 1)
    return result
