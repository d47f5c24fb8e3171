"""The extractive answer as Markdown, in the question's language: every template from prompts/answer.yaml."""
from __future__ import annotations

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


def render(quotes: list[Quote], language: str, preface: str = "", models: list[ModelRef] = (),
           checklist: ChecklistRef | None = None) -> str:
    """Markdown: the checklist (whole) when asked for, the quotes with their locations, the models."""
    t = templates(language)
    lines = [preface, ""] if preface else []
    if checklist is not None:
        where = checklist.section or checklist.document
        lines += [f"**{t['checklist']}: {checklist.title}** ({t['checklist_from']} {where})", ""]
        lines += [f"- {item.text}" for item in checklist.items]
        lines.append("")
    lines.append(t["intro"])
    lines.append("")
    for i, q in enumerate(quotes, 1):
        body = re.sub(r"\s+", " ", q.text).strip()
        lines.append(f"> [{i}] “{body}”  ")
        lines.append(f"> — *{location(q, t)}*")
        lines.append("")
    if models:
        lines += [f"**{t['models']}**", ""]
        for m in models:
            who = credit(m)
            lines.append(f"- {m.name}" + (f" ({who})" if who else "") + f" — {t['models_where']} {m.section or m.document}")
    return "\n".join(lines).rstrip()
