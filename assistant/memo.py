"""Board memos: an answer, a whole conversation or a Quick scan result as Markdown and PDF, auditable later.

A memo holds every question, answer text, quote with its location, the models, the sha256 of each
quoted document and the app version. Both formats are rendered from the same list of blocks.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from assistant.answer import Answer, Quote
from assistant.render import credit, location, templates
from assistant.quickscan import ScanResult

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass(frozen=True)
class Block:
    kind: str  # h1 | h2 | h3 | p | quote | item | meta
    text: str


@dataclass(frozen=True)
class DocumentHash:
    document: str
    title: str
    origin: str
    sha256: str


@dataclass
class Memo:
    title: str
    blocks: list[Block] = field(default_factory=list)
    documents: list[DocumentHash] = field(default_factory=list)
    app_version: str = ""
    created: str = ""


def app_version() -> str:
    try:
        return version("samenwerkwijzer")
    except PackageNotFoundError:
        return "onbekend"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _quote_blocks(quotes: list[Quote], language: str) -> list[Block]:
    t = templates(language)
    out = []
    for i, q in enumerate(quotes, 1):
        out.append(Block("quote", f"[{i}] “{_plain(q.text)}”"))
        out.append(Block("meta", f"— {location(q, t)}" + ("" if q.verified else " (niet geverifieerd)")))
    return out


def _answer_blocks(ans: Answer, n: int | None) -> list[Block]:
    head = f"Vraag {n}: {ans.question}" if n else f"Vraag: {ans.question}"
    blocks = [Block("h2", head)]
    if ans.resolved_question and ans.resolved_question != " ".join(ans.question.split()):
        blocks.append(Block("meta", f"Opgevat als: {ans.resolved_question}"))
    if ans.refused:
        return blocks + [Block("p", _plain(ans.answer))]
    if ans.checklist is not None:
        blocks.append(Block("h3", f"Checklist: {ans.checklist.title}"))
        blocks += [Block("item", i.text) for i in ans.checklist.items]
    blocks.append(Block("h3", "Antwoord met geverifieerde citaten"))
    blocks += _quote_blocks(ans.quotes, ans.language)
    if ans.models:
        blocks.append(Block("h3", "Modellen"))
        for m in ans.models:
            who = credit(m)
            blocks.append(Block("item", f"{m.name}" + (f" ({who})" if who else "") + f" — id {m.id}"))
    return blocks


def _hashes(assistant, documents: list[str]) -> list[DocumentHash]:
    out = []
    for d in dict.fromkeys(documents):
        doc = assistant.index.docs.get(d)
        if doc is not None:
            r = doc.record
            out.append(DocumentHash(d, r.title, r.origin, r.sha256))
    return out


def _new(title: str) -> Memo:
    return Memo(title=title, app_version=app_version(), created=datetime.now().strftime("%Y-%m-%d %H:%M"))


def _close(memo: Memo, assistant, documents: list[str]) -> Memo:
    memo.documents = _hashes(assistant, documents)
    memo.blocks.append(Block("h2", "Verantwoording"))
    memo.blocks.append(Block("p", f"Samenwerkwijzer {memo.app_version}, index {assistant.index.generation}, "
                                  f"opgesteld {memo.created}. Elk citaat is een letterlijke passage uit het "
                                  "genoemde document; de sha256 identificeert de gebruikte versie."))
    for h in memo.documents:
        memo.blocks.append(Block("item", f"{h.title} ({h.document}; bron {h.origin}) — sha256 {h.sha256}"))
    return memo


def conversation_memo(assistant, answers: list[Answer], title: str = "Bestuursmemo Samenwerkwijzer") -> Memo:
    """A memo of one answer (a list of one) or of a whole conversation."""
    memo = _new(title)
    many = len(answers) > 1
    for n, ans in enumerate(answers, 1):
        memo.blocks += _answer_blocks(ans, n if many else None)
    return _close(memo, assistant, [q.document for a in answers for q in a.quotes])


def scan_memo(assistant, result: ScanResult, title: str = "Quick scan samenwerking — bestuursmemo") -> Memo:
    memo = _new(title)
    memo.blocks.append(Block("h2", "Scores per conditie (cijfer 1–10)"))
    names = {c.key: c.name for c in (a.condition for a in result.advice)}
    for key, score in result.scores.items():
        memo.blocks.append(Block("item", f"{names.get(key, key.title())}: {score}"))
    memo.blocks.append(Block("p", f"Gemiddeld: {result.average:.1f}. Zwakste conditie(s): "
                                  f"{', '.join(a.condition.name for a in result.advice) or '–'}."))
    for adv in result.advice:
        memo.blocks.append(Block("h2", f"Advies: {adv.condition.name} (cijfer {adv.score})"))
        memo.blocks.append(Block("h3", "Vragen uit de Quick scan"))
        memo.blocks += [Block("item", q) for q in adv.condition.questions]
        memo.blocks.append(Block("h3", f"Uit de documenten — {adv.question}"))
        memo.blocks += (_quote_blocks(adv.answer.quotes, adv.answer.language) if not adv.answer.refused
                        else [Block("p", _plain(adv.answer.answer))])
        if adv.models:
            memo.blocks.append(Block("h3", "Verwante modellen"))
            memo.blocks += [Block("item", f"{m.name} ({', '.join(x for x in (m.authors, str(m.year or '')) if x)})"
                                          f" — id {m.id}") for m in adv.models]
        for theme in adv.themes:
            memo.blocks.append(Block("h3", f"Stroomversneller — {theme.group}"))
            memo.blocks += [Block("item", f"Vraag: {q}") for q in theme.questions]
            memo.blocks += [Block("item", f"Tip: {t}") for t in theme.tips]
    docs = [q.document for a in result.advice for q in a.answer.quotes]
    docs += [a.condition.document for a in result.advice]
    return _close(memo, assistant, docs)


def to_markdown(memo: Memo) -> str:
    """Markdown; every text is HTML-escaped so a viewer shows it as text (entities render as the original)."""
    e = lambda s: html.escape(s, quote=False)
    lines = [f"# {e(memo.title)}", "", f"*Samenwerkwijzer {e(memo.app_version)} — {e(memo.created)}*", ""]
    for b in memo.blocks:
        if b.kind in ("h1", "h2", "h3"):
            lines += [f"{'#' * (int(b.kind[1]) + (b.kind == 'h1'))} {e(b.text)}", ""]
        elif b.kind == "quote":
            lines.append(f"> {e(b.text)}  ")
        elif b.kind == "meta":
            lines += [f"> *{e(b.text)}*", ""]
        elif b.kind == "item":
            lines.append(f"- {e(b.text)}")
        else:
            lines += ["", e(b.text), ""]
    return "\n".join(lines).rstrip() + "\n"


def to_pdf(memo: Memo, path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", fname=FONT)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def write(text: str, size: float, indent: float = 0.0, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    write(memo.title, 16, gap=2)
    write(f"Samenwerkwijzer {memo.app_version} — {memo.created}", 9, gap=4)
    sizes = {"h1": 15, "h2": 13, "h3": 11.5}
    for b in memo.blocks:
        if b.kind in sizes:
            pdf.ln(2)
            write(b.text, sizes[b.kind], gap=1)
        elif b.kind == "quote":
            write(b.text, 10, indent=6, gap=0.5)
        elif b.kind == "meta":
            write(b.text, 8.5, indent=6, gap=2)
        elif b.kind == "item":
            write(f"• {b.text}", 10, indent=3, gap=0.5)
        else:
            write(b.text, 10)
    pdf.output(str(path))
    return Path(path)


def write_memo(memo: Memo, folder: Path, stem: str = "memo") -> list[Path]:
    """memo.md and memo.pdf in folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    md = folder / f"{stem}.md"
    md.write_text(to_markdown(memo), encoding="utf-8")
    return [md, to_pdf(memo, folder / f"{stem}.pdf")]
