"""Is a quote what the source file says? One check, for answers, the register and the evaluation.

A quote is a span [start, end) of a document's cleaned text. It is verified when
(a) the raw file the ingest read still exists and has the sha256 recorded in the manifest;
(b) the stored cleaned text at [start, end) equals the quote;
(c) the span maps through the stored offset map (cleaned position -> raw position) to a raw span:
    offsets within the raw text and never decreasing;
(d) that raw span, normalised, equals the quote normalised the same way.

The normalisation of (d) is the cleaner's (ingest/clean.py), checked character by character
rather than by comparing two normalised strings, so that the offsets themselves are tested:
- every quote character the cleaner copied equals the raw character its offset points to, and
  no two of them point to the same raw character;
- the separators the cleaner inserts (" " for a soft wrap or a run of spaces or tabs, "\\n\\n"
  between blocks, " | " between table cells) are accepted where they stand on raw whitespace or
  share their anchor with the next character (the cleaner anchors a separator on what follows);
- every raw character inside the span that no quote character points to is of a kind the
  cleaner drops: whitespace (so line ends and wraps), a hyphen before a line end (hyphenation),
  `*` (bold markers, `*` bullets), a bullet at a line start, a markdown escape, a link's brackets
  and target, a list number glued to a line end, a lone page or chapter number line.
So a changed word (in the stored text or the raw file), a shifted or edited offset map, and a
dropped word all fail, while every span the cleaner produced passes. Reading the raw file is
cached per (path, size, mtime_ns): a check costs a stat and a few small numpy operations.
"""
from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.sources import BULLETS, LoadError, raw_text

if TYPE_CHECKING:
    from index.loaded import LoadedDoc


@dataclass(frozen=True)
class Verification:
    ok: bool
    reason: str = ""  # Dutch, shown to users; empty when ok

    def __str__(self) -> str:
        return "geverifieerd" if self.ok else f"niet geverifieerd: {self.reason}"


VERIFIED = Verification(True)
RAW_MISSING = Verification(False, "bronbestand ontbreekt")
RAW_UNREADABLE = Verification(False, "bronbestand niet te lezen")
RAW_CHANGED = Verification(False, "bronbestand gewijzigd sinds de ingest")
BAD_SPAN = Verification(False, "citaat valt buiten de documenttekst")
TEXT_DIFFERS_STORED = Verification(False, "citaat wijkt af van de opgeslagen tekst")
OFFSETS_DO_NOT_MAP = Verification(False, "offsets wijzen niet naar de brontekst")
TEXT_DIFFERS_RAW = Verification(False, "tekst wijkt af van de brontekst")

_CONTENT, _DROPPABLE, _SPACE = 0, 1, 2  # kinds of raw characters
# raw characters the cleaner may drop besides whitespace (mirrors the repairs in ingest/clean.py)
_DROPPED = [
    re.compile(r"-(?=[ \t*]*\r?\n)"),  # hyphen before a line end (hyphenation)
    re.compile(r"\*"),  # bold markers, `*` bullets, lone `*` lines
    re.compile(rf"(?m)^[^\S\n]*([{BULLETS}]|-(?=[ \t]))"),  # bullets at a line start
    re.compile(r"\\(?=[()\[\]*_#.\-])"),  # markdown escapes
    re.compile(r"(?m)\d{1,2}\.(?=[ \t*]*\r?$)"),  # a list number glued to a line end
    re.compile(r"(?m)^[ \t]*(\d{1,3}\.?|\|)[ \t]*\r?$"),  # lone page or chapter numbers, lone `|`
]
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")  # [text](target): all but the text is dropped
_WHITESPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)  # str.isspace's, up to U+3000
_SPACE_CHAR, _NEWLINE, _BAR = ord(" "), ord("\n"), ord("|")


@dataclass(frozen=True)
class _Raw:
    """A raw text as the ingest cleaned it, with the kind of every character."""

    text: str
    kinds: np.ndarray  # uint8 per character: _CONTENT, _DROPPABLE or _SPACE


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


def _kinds(raw: str) -> np.ndarray:
    kinds = np.zeros(len(raw), dtype=np.uint8)
    for pattern in _DROPPED:
        for m in pattern.finditer(raw):
            a, b = m.span(m.lastindex or 0)
            kinds[a:b] = _DROPPABLE
    for m in _LINK.finditer(raw):
        kinds[m.start()] = _DROPPABLE
        kinds[m.end(1):m.end()] = _DROPPABLE
    kinds[np.isin(_codes(raw), _WHITESPACE)] = _SPACE
    return kinds


@functools.lru_cache(maxsize=4096)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@functools.lru_cache(maxsize=64)
def _raw(path: str, size: int, mtime_ns: int) -> _Raw:
    """The raw text of a file version whose hash was checked (a PDF is extracted again, once)."""
    text = raw_text(Path(path), Path(path).read_bytes())
    return _Raw(text, _kinds(text))


def _source(path: str, sha256: str) -> _Raw | Verification:
    try:
        st = os.stat(path)
        key = (path, st.st_size, st.st_mtime_ns)
        return _raw(*key) if _sha256(*key) == sha256 else RAW_CHANGED
    except FileNotFoundError:
        return RAW_MISSING
    except (OSError, LoadError):
        return RAW_UNREADABLE


def _maps_to_raw(quote: str, offsets: np.ndarray, raw: _Raw) -> Verification:
    """Checks (c) and (d): `offsets` are the quote's raw offsets plus the one after its end."""
    offsets = np.asarray(offsets, dtype=np.int64)
    o, following = offsets[:-1], offsets[1:]
    if (len(o) != len(quote) or not len(o) or o[0] < 0 or o[-1] >= len(raw.text) or following[-1] > len(raw.text)
            or (following < o).any()):
        return OFFSETS_DO_NOT_MAP
    lo, hi = int(o[0]), int(o[-1]) + 1
    at = o - lo
    chars, kinds = _codes(raw.text[lo:hi])[at], raw.kinds[lo:hi]
    q = _codes(quote)
    on_space = kinds[at] == _SPACE
    separator = (((q == _SPACE_CHAR) | (q == _NEWLINE)) & (on_space | (o == following))) | ((q == _BAR) & on_space)
    copied = at[~separator]
    if not len(copied) or (q[~separator] != chars[~separator]).any() or (np.diff(copied) <= 0).any():
        return TEXT_DIFFERS_RAW
    # between the first and last copied character (a trailing separator is anchored on what follows)
    skipped = np.ones(copied[-1] + 1 - copied[0], dtype=bool)
    skipped[copied - copied[0]] = False
    return TEXT_DIFFERS_RAW if (kinds[copied[0]:copied[-1] + 1][skipped] == _CONTENT).any() else VERIFIED


def verify_span(doc: LoadedDoc, start: int, end: int, text: str) -> Verification:
    """Whether `text`, quoted from `doc` at [start, end), is verbatim in the raw source file."""
    raw = _source(doc.record.path, doc.record.sha256)
    if isinstance(raw, Verification):
        return raw
    if not (0 <= start < end <= len(doc.text)) or not text.strip():
        return BAD_SPAN
    if doc.text[start:end] != text:
        return TEXT_DIFFERS_STORED
    offsets = doc.raw_offsets
    if offsets is None or len(offsets) != len(doc.text) + 1:
        return OFFSETS_DO_NOT_MAP
    return _maps_to_raw(text, offsets[start:end + 1], raw)
