"""The extractive answer as Markdown, in the question's language: every template from prompts/answer.yaml."""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.answer import ChecklistRef, ModelRef, Quote

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"


@lru_cache(maxsize=None)
def templates(language: str) -> dict:
    data = yaml.safe_load((PROMPTS / "answer.yaml").read_text(encoding="utf-8"))
    return data.get(language, data["nl"])


def location(q: Quote, t: dict) -> str:
    parts = [q.title]
    if q.section:
        parts.append(q.section)
    if q.page is not None:
        parts.append(f"{t['page']} {q.page}")
    return " — ".join(parts)


def credit(m) -> str:
    """"Authors, year" of a model (a register entry or a ModelRef); empty when neither is known."""
    return ", ".join(x for x in (m.authors, str(m.year) if m.year else "") if x)


def short_section(section: str) -> str:
    """The last two levels of a section path, as a reader would name the place."""
    return " › ".join(section.split(" > ")[-2:])


def opening_line(quotes: list[Quote], lead: int, t: dict) -> str:
    """The one templated line before the opening quote(s): which document answers most directly, and where.
    It frames the quotes; it states nothing they do not say."""
    opening = quotes[:max(lead, 1)]
    if len({q.document for q in opening}) > 1:
        return t["opening_mixed"]
    q = opening[0]
    where = short_section(shared_section([x.section for x in opening]))
    return t["opening"].format(title=q.title, where=f" ({where})" if where else "")


def shared_section(sections: list[str]) -> str:
    """The section path the opening quotes share: the heading above sibling sections ("Welk governancemodel past
    bij ons netwerk?" above its three forms), so that the line names no place only the first quote stands in."""
    return " > ".join(os.path.commonprefix([s.split(" > ") for s in sections]))


def quote_lines(n: int, q: Quote, t: dict) -> list[str]:
    """A numbered quote as a Markdown block quote: list items on lines of their own, then its place."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", q.text) if p.strip()]
    lines = [f"> [{n}] “{paragraphs[0]}" + ("”  " if len(paragraphs) == 1 else "  ")]
    lines += [f"> {p}  " for p in paragraphs[1:-1]]
    if len(paragraphs) > 1:
        lines.append(f"> {paragraphs[-1]}”  ")
    if q.context:
        lines.append(f"> *{t['context']}: {' '.join(q.context.split())}*  ")
    lines.append(f"> — *{location(q, t)}*")
    return lines + [""]


def render(quotes: list[Quote], language: str, preface: str = "", models: list[ModelRef] = (),
           checklist: ChecklistRef | None = None, lead: int = 1) -> str:
    """Markdown: one line saying where the answer comes from, the opening quote(s), the supporting quotes
    grouped by document, then the models and the checklist (whole) when one was asked for."""
    t = templates(language)
    lines = [preface, ""] if preface else []
    if quotes:
        lines += [opening_line(quotes, lead, t), ""]
    for i, q in enumerate(quotes[:max(lead, 1)], 1):
        lines += quote_lines(i, q, t)
    support = quotes[max(lead, 1):]
    if support:
        lines += [f"**{t['support']}**", ""]
    shown_doc = None
    for i, q in enumerate(support, max(lead, 1) + 1):
        if q.document != shown_doc:
            lines += [f"*{q.title}*", ""]
            shown_doc = q.document
        lines += quote_lines(i, q, t)
    if checklist is not None:
        where = checklist.section or checklist.document
        lines += [f"**{t['checklist']}: {checklist.title}** ({t['checklist_from']} {where})", ""]
        lines += [f"- {item.text}" for item in checklist.items]
        lines.append("")
    if models:
        lines += [f"**{t['models']}**", ""]
        for m in models:
            who = credit(m)
            lines.append(f"- {m.name}" + (f" ({who})" if who else "") + f" — {t['models_where']} {m.section or m.document}")
    return "\n".join(lines).rstrip()
