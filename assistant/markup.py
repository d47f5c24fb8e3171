"""The one place where text becomes markup: HTML for the app's cards, Markdown for the chat and the memo.

Each text is escaped exactly once, by the function for the format it goes into. Markdown is escaped with
backslashes, never with HTML entities: an entity such as `&#x27;` survives a Markdown renderer as literal
text when a Markdown special (`#`) inside it is escaped too, and shows raw in a plain-text viewer. The PDF
needs no escaping: fpdf2 writes text as text.
"""
from __future__ import annotations

import html
import re

# Inline Markdown syntax: emphasis, code, links, raw HTML / autolinks, strikethrough, maths, escapes
_MD_INLINE = re.compile(r"([\\`*_\[\]<~$])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")  # `&amp;` would render as `&`
# what makes a line a heading, quote, list item or setext underline: "# ", ">", "- ", "+ ", "1. ", "2) ", "==="
_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|\d+(?=[.)](?:\s|$))|[=-]+\s*$)", re.M)


def html_text(text: str | None) -> str:
    """Text as inert HTML (attribute-safe)."""
    return html.escape(text or "", quote=True)


def md_text(text: str | None, inline: bool = True) -> str:
    """Text as inert Markdown that renders as itself. `inline` folds white space onto one line (a quote, a
    title, a question); otherwise line breaks stay and line-start syntax is escaped too."""
    text = " ".join((text or "").split()) if inline else (text or "")
    text = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(r"\\\1", text))
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match) -> str:
    lead, mark = m.group(1), m.group(2)
    if mark[0].isdigit():  # "1." -> "1\.": the list marker is the dot
        return m.group(0) + "\\"
    return lead + "\\" + mark
