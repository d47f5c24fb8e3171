"""Board memos: an answer, a whole conversation or a Quick scan result as Markdown and PDF, auditable later.

A memo opens with a summary (each answer's opening quotes, or the reason the documents do not answer),
then every question with its quotes (document, section, page), checklist and models by name and source,
and closes with the sources: title, publisher, date and sha256 of each quoted document, and the app
version. Internal ids, index generations and source file names stay out. Both formats are rendered from
the same list of blocks, each text escaped once for its format (assistant/markup.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from assistant.answer import Answer, Quote
from assistant.display import model_title, opening, partial_reason, reason
from assistant.markup import md_text
from features.quickscan import ScanResult
from assistant.render import location, templates
from assistant.texts import for_answer

FONTS = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Block:
    kind: str  # h2 | h3 | label | p | quote | meta | item | small
    text: str
    number: int | None = None  # a quote's [n]


@dataclass(frozen=True)
class DocumentSource:
    title: str
    publisher: str
    date: str
    sha256: str


@dataclass
class Memo:
    title: str
    language: str = "nl"
    blocks: list[Block] = field(default_factory=list)
    documents: list[DocumentSource] = field(default_factory=list)
    app_version: str = ""
    created: str = ""


def app_version() -> str:
    try:
        return version("samenwerkwijzer")
    except PackageNotFoundError:
        return "onbekend"


def _plain(text: str) -> str:
    return " ".join(text.split())


def _quote_blocks(quotes: list[Quote], language: str) -> list[Block]:
    t, m = templates(language), for_answer(language)["memo"]
    out = []
    for i, q in enumerate(quotes, 1):
        out.append(Block("quote", _plain(q.text), i))
        out.append(Block("meta", f"— {location(q, t)}" + ("" if q.verified else f" {m['unverified']}")))
    return out


def _summary_blocks(ans: Answer, head: str, language: str) -> list[Block]:
    blocks = [Block("label", head)]
    if ans.refused:
        return blocks + [Block("p", reason(ans))]
    if partial_reason(ans):
        blocks.append(Block("p", partial_reason(ans)))
    return blocks + _quote_blocks(opening(ans), language)


def _answer_blocks(assistant, ans: Answer, head: str, language: str) -> list[Block]:
    """One question of the memo; its headings in the memo's language, whatever the question's."""
    m = for_answer(language)["memo"]
    blocks = [Block("h2", head)]
    if ans.read_as:
        blocks.append(Block("meta", f"{m['read_as']}: {ans.read_as}"))
    if ans.refused:
        return blocks + [Block("p", reason(ans))]
    if partial_reason(ans):
        blocks.append(Block("p", partial_reason(ans)))
    if ans.checklist is not None:
        blocks.append(Block("h3", f"{m['checklist']}: {ans.checklist.title}"))
        blocks += [Block("item", i.text) for i in ans.checklist.items]
    blocks.append(Block("h3", m["quotes"]))
    blocks += _quote_blocks(ans.quotes, language)
    if ans.models:
        blocks.append(Block("h3", m["models"]))
        blocks += [Block("item", _model_line(assistant, x, language)) for x in ans.models]
    return blocks


def _model_line(assistant, model, language: str) -> str:
    """A model by name, authors and year, and the document (and section) that describes it."""
    doc = assistant.index.docs.get(getattr(model, "document", "") or "")
    where = ", ".join(x for x in (doc.record.title if doc else "", getattr(model, "section", "")) if x)
    return model_title(model) + (f" — {for_answer(language)['described_in']} {where}" if where else "")


def _sources(assistant, documents: list[str]) -> list[DocumentSource]:
    out = []
    for d in dict.fromkeys(documents):
        doc = assistant.index.docs.get(d)
        if doc is not None:
            r = doc.record
            out.append(DocumentSource(r.title, r.publisher, r.date, r.sha256))
    return out


def _new(title: str, language: str) -> Memo:
    return Memo(title=title, language=language, app_version=app_version(),
                created=datetime.now().strftime("%Y-%m-%d %H:%M"))


def _close(memo: Memo, assistant, documents: list[str]) -> Memo:
    m = for_answer(memo.language)["memo"]
    memo.documents = _sources(assistant, documents)
    memo.blocks += [Block("h2", m["sources"]), Block("p", m["sources_note"])]
    for s in memo.documents:
        who = ", ".join(x for x in (s.publisher or m["no_publisher"], s.date) if x)
        memo.blocks.append(Block("item", f"{s.title} — {who} — sha256 {s.sha256}"))
    memo.blocks.append(Block("small", m["made"].format(created=memo.created, version=memo.app_version)))
    return memo


def conversation_memo(assistant, answers: list[Answer], title: str | None = None) -> Memo:
    """A memo of one answer (a list of one) or of a whole conversation, in the first question's language."""
    language = answers[0].language if answers else "nl"
    m = for_answer(language)["memo"]
    memo = _new(title or m["title"], language)
    heads = [f"{m['question_n'].format(n=n)}: {a.question}" if len(answers) > 1 else f"{m['question']}: {a.question}"
             for n, a in enumerate(answers, 1)]
    memo.blocks.append(Block("h2", m["summary"]))
    for ans, head in zip(answers, heads):
        memo.blocks += _summary_blocks(ans, head, language)
    for ans, head in zip(answers, heads):
        memo.blocks += _answer_blocks(assistant, ans, head, language)
    return _close(memo, assistant, [q.document for a in answers for q in a.quotes])


def scan_memo(assistant, result: ScanResult, title: str | None = None) -> Memo:
    m = for_answer("nl")["memo"]
    memo = _new(title or m["scan_title"], "nl")
    weakest = ", ".join(f"{a.condition.name} ({a.score})" for a in result.advice) or "–"
    memo.blocks += [Block("h2", m["summary"]),
                    Block("p", m["scan_summary"].format(average=f"{result.average:.1f}", weakest=weakest))]
    for adv in result.advice:  # the single best quote per weak condition
        memo.blocks.append(Block("label", m["scan_advice"].format(condition=adv.condition.name, score=adv.score)))
        memo.blocks += ([Block("p", reason(adv.answer))] if adv.answer.refused
                        else _quote_blocks([adv.best_quote] if adv.best_quote else [], "nl"))
    memo.blocks.append(Block("h2", m["scan_scores"]))
    names = {c.key: c.name for c in (a.condition for a in result.advice)}
    memo.blocks += [Block("item", f"{names.get(k, k.title())}: {v}") for k, v in result.scores.items()]
    for adv in result.advice:
        memo.blocks.append(Block("h2", m["scan_advice"].format(condition=adv.condition.name, score=adv.score)))
        memo.blocks.append(Block("h3", m["scan_questions"]))
        memo.blocks += [Block("item", q) for q in adv.condition.questions]
        memo.blocks.append(Block("h3", m["scan_quotes"].format(question=adv.question)))
        memo.blocks += (_quote_blocks(adv.answer.quotes, "nl") if not adv.answer.refused
                        else [Block("p", reason(adv.answer))])
        if adv.models:
            memo.blocks.append(Block("h3", m["scan_models"]))
            memo.blocks += [Block("item", _model_line(assistant, x, "nl")) for x in adv.models]
        for theme in adv.themes:
            memo.blocks.append(Block("h3", m["scan_theme"].format(group=theme.group)))
            memo.blocks += [Block("item", m["scan_question"].format(text=q)) for q in theme.questions]
            memo.blocks += [Block("item", m["scan_tip"].format(text=x)) for x in theme.tips]
    docs = [q.document for a in result.advice for q in a.answer.quotes]
    docs += [a.condition.document for a in result.advice]
    return _close(memo, assistant, docs)


def to_markdown(memo: Memo) -> str:
    """Markdown a viewer shows as the memo's text: every text escaped once, with backslashes (no entities)."""
    lines = [f"# {md_text(memo.title)}", ""]
    for b in memo.blocks:
        text = md_text(b.text)
        if b.kind == "h2":
            lines += ["", f"## {text}", ""]
        elif b.kind == "h3":
            lines += ["", f"### {text}", ""]
        elif b.kind == "label":
            lines += ["", f"**{text}**", ""]
        elif b.kind == "quote":
            lines.append(f"> [{b.number}] “{text}”  ")
        elif b.kind == "meta":
            lines += [f"> *{text}*", ""]
        elif b.kind == "item":
            lines.append(f"- {text}")
        elif b.kind == "small":
            lines += ["", f"*{text}*", ""]
        else:
            lines += ["", text, ""]
    out, blank = [], False
    for line in lines:  # one blank line between blocks
        if line or not blank:
            out.append(line)
        blank = not line
    return "\n".join(out).strip() + "\n"


# PDF: (font style, size, left indent in mm, space after in mm) per block kind
_PDF_STYLE = {"h2": ("B", 13, 0, 1.5), "h3": ("B", 11, 0, 1), "label": ("B", 10, 0, 1), "p": ("", 10, 0, 2),
              "quote": ("I", 10, 6, 0.5), "meta": ("", 8.5, 6, 2.5), "item": ("", 10, 3, 0.8),
              "small": ("", 8.5, 0, 1)}
_HEADINGS = {"h2", "h3", "label"}
_KEEP_WITH_NEXT = _HEADINGS | {"quote"}  # never the last thing on a page (a heading's meta line neither)


def to_pdf(memo: Memo, path: Path) -> Path:
    """Left-aligned PDF; a heading (or a quote) that would end a page moves to the next with what follows it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", fname=str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", style="B", fname=str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", style="I", fname=str(FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(b: Block) -> str:
        return f"• {b.text}" if b.kind == "item" else f"[{b.number}] “{b.text}”" if b.kind == "quote" else b.text

    def height(b: Block) -> float:
        style, size, indent, gap = _PDF_STYLE[b.kind]
        pdf.set_font("DejaVu", style=style, size=size)
        return pdf.multi_cell(width - indent, size * 0.5, text(b), align="L", dry_run=True,
                              output="HEIGHT") + gap + (3 if b.kind == "h2" else 0)

    def write(b: Block) -> None:
        style, size, indent, gap = _PDF_STYLE[b.kind]
        if b.kind == "h2":
            pdf.ln(3)
        pdf.set_font("DejaVu", style=style, size=size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, text(b), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def kept(j: int) -> bool:
        """Whether block j must share a page with the block after it."""
        return blocks[j].kind in _KEEP_WITH_NEXT or (blocks[j].kind == "meta" and j > 0
                                                      and blocks[j - 1].kind in _HEADINGS)

    pdf.set_font("DejaVu", style="B", size=16)
    pdf.multi_cell(width, 8, memo.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    blocks = memo.blocks
    for i, b in enumerate(blocks):
        if i == 0 or not kept(i - 1):  # a run of blocks that share a page starts here
            j, need = i, height(b)
            while kept(j) and j + 1 < len(blocks):
                j += 1
                need += height(blocks[j])
            if pdf.get_y() + need > pdf.page_break_trigger and need < pdf.page_break_trigger - pdf.t_margin:
                pdf.add_page()
        write(b)
    pdf.output(str(path))
    return Path(path)


def write_memo(memo: Memo, folder: Path, stem: str = "memo") -> list[Path]:
    """memo.md and memo.pdf in folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    md = folder / f"{stem}.md"
    md.write_text(to_markdown(memo), encoding="utf-8")
    return [md, to_pdf(memo, folder / f"{stem}.pdf")]
