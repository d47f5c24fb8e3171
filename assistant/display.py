"""How answers, the register's models and the documents' passages are put to a reader (app and memo).

Plain text only; the markup functions of assistant/markup.py escape it where it is shown.
"""
from __future__ import annotations

import re

from assistant.texts import ui

_WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")
_SENTENCE_END = re.compile(r"[.!:;]\W*$")
_CITATION = re.compile(r"\b(1[89]|20)\d\d\b")
MIN_WORDS = 8  # a paragraph this long without a full stop is a table cell or a list line, not a heading
MIN_QUESTION_WORDS = 10  # shorter questions are the Handreiking's section headings


def opening(ans) -> list:
    """The quotes that answer most directly: the memo's summary, the Quick scan's best quote."""
    return ans.quotes[:max(ans.lead, 1)]


def reason(ans) -> str:
    """Why the documents do not answer: the scope's reason, else (an answer from before scopes) its text."""
    return " ".join((ans.scope.reason if ans.scope is not None and ans.scope.reason else ans.answer).split())


def partial_reason(ans) -> str:
    """What a partial answer leaves out, as the scope says it; empty for a full answer."""
    scope = ans.scope
    return " ".join(scope.reason.split()) if scope is not None and scope.status == "partial" and scope.reason else ""


def names_authors(name: str, authors: str) -> bool:
    """Whether a model's name already carries (one of) its authors, e.g. "… van Tenhaeff en Kuppens"."""
    capitalised = [w for w in _WORD.findall(authors) if w[0].isupper() and w.lower() not in {"van", "der", "den"}]
    return any(re.search(rf"\b{re.escape(w)}\b", name) for w in capitalised)


def credit_once(name: str, authors: str, year: int | None) -> str:
    """"Authors, year" for a model, leaving out what its name already says."""
    who = "" if not authors or names_authors(name, authors) else authors
    when = str(year) if year and str(year) not in name else ""
    return ", ".join(x for x in (who, when) if x)


def model_title(m) -> str:
    """A model (register entry or ModelRef) by name, with its authors and year once: "Name — Authors, year"."""
    rest = credit_once(m.name, m.authors, m.year)
    return f"{m.name} — {rest}" if rest else m.name


def kind_label(kind: str) -> str:
    """A register kind (framework, typology, …) in Dutch."""
    return ui()["models"]["kinds"].get(kind, kind)


def readable_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of text[start:end] a reader can take as prose: its paragraphs that are sentences or long
    lines. A register mention that runs over a figure's caption, author line and the next heading
    ("Kernmodel / De vertrouwensparadox / Krackhardt, 2003 / VERDIEPENDE LITERATUUR") keeps nothing."""
    spans, pos = [], start
    for para in re.split(r"(\n\s*\n)", text[start:end]):
        a, b = pos, pos + len(para)
        pos = b
        body = para.strip()
        if not body or para.isspace():
            continue
        words = len(body.split())
        sentence = bool(_SENTENCE_END.search(body)) and words >= 3
        question = body.endswith("?") and words >= MIN_QUESTION_WORDS
        line = words >= MIN_WORDS and not body.endswith("?") and not _CITATION.search(body)
        if sentence or question or line or "\n" not in text[start:end]:
            lead = len(para) - len(para.lstrip())
            spans.append((a + lead, a + lead + len(body)))
    return spans
