"""What the app shows, built from the records: quote cards, the chat bubble, model detail, Quick scan advice,
the documents table and the evaluation report. Every text from a document, an upload or a question passes
through assistant/markup.py exactly once on its way into HTML or Markdown.
"""
from __future__ import annotations

import re

from assistant.answer import Answer, Quote
from assistant.display import credit_once, kind_label, model_title, partial_reason, readable_spans, reason
from assistant.markup import html_text as h, md_text as md
from features.quickscan import ScanResult
from assistant.render import location, opening_line, templates
from assistant.texts import eval_texts, for_answer, ui

CONTEXT_CHARS = 600  # of surrounding text on either side of a quote, snapped to paragraphs or words
MIN_CONTEXT = 150  # a paragraph break closer to the quote than this would leave too little context


# ---------------------------------------------------------------- quotes and their context

def _place(title: str, section: str, page: int | None, page_word: str) -> str:
    parts = [f'<span class="doc-title">{h(title)}</span>']
    if section:
        parts.append(f'<span class="section">{h(section)}</span>')
    if page is not None:
        parts.append(f'<span class="page">{h(page_word)} {page}</span>')
    return " — ".join(parts)


def _window(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """[a, b) around [start, end) within [lo, hi): as wide as CONTEXT_CHARS allows, from and to a paragraph
    break where that still leaves some context, else from and to a word break (never inside a word)."""
    a, b = max(lo, start - CONTEXT_CHARS), min(hi, end + CONTEXT_CHARS)
    brk = text.find("\n\n", a, start)
    if brk != -1 and start - brk - 2 >= MIN_CONTEXT:
        a = brk + 2
    elif a > lo:
        a += next((m.end() for m in re.finditer(r"\s+", text[a:start])), 0)
    brk = text.rfind("\n\n", end, b)
    if brk != -1 and brk - end >= MIN_CONTEXT:
        b = brk
    elif b < hi:
        cut = [m.start() for m in re.finditer(r"\s+", text[end:b])]
        b = end + cut[-1] if cut else end
    return a, b


def _section(doc, pos: int) -> tuple[int, int]:
    """The innermost section of `doc` around `pos`, or the whole text."""
    spans = [(s.start, s.end) for s in doc.sections if s.start <= pos < s.end]
    return min(spans, key=lambda s: s[1] - s[0]) if spans else (0, len(doc.text))


def context_html(doc, start: int, end: int, label: str) -> str:
    """The passage around a quote within its section, paragraph by paragraph, the quote marked; folded."""
    text = doc.text
    lo, hi = _section(doc, start)
    a, b = _window(text, start, end, lo, max(hi, end))
    paras, pos = [], a
    for piece in re.split(r"\n\s*\n", text[a:b]):
        pa = text.find(piece, pos)
        pb = pa + len(piece)
        pos = pb
        if not piece.strip():
            continue
        cut = lambda x, y: h(text[x:y]).replace("\n", "<br>")
        ms, me = min(max(start, pa), pb), max(min(end, pb), pa)
        paras.append(f"<p>{cut(pa, ms)}{f'<mark>{cut(ms, me)}</mark>' if me > ms else ''}{cut(me, pb)}</p>")
    lead = "" if a == lo or text[a - 1] == "\n" else "<p class='more'>…</p>"
    tail = "" if b >= hi or text[b:b + 1] == "\n" else "<p class='more'>…</p>"
    return f'<details class="context"><summary>{h(label)}</summary>{lead}{"".join(paras)}{tail}</details>'


def quote_card(index, q: Quote, language: str, n: int | None = None) -> str:
    t, a = templates(language), for_answer(language)
    badge = a["verified"] if q.verified else a["unverified"]
    doc = index.docs.get(q.document)
    ctx = context_html(doc, q.start, q.end, a["context"]) if doc is not None else ""
    num = f"[{n}] " if n is not None else ""
    return (f'<div class="quote-card" data-document="{h(q.document)}"><blockquote>{num}“{h(q.text)}”</blockquote>'
            f'<div class="quote-meta">{_place(q.title, q.section, q.page, t["page"])} · {h(badge)}</div>{ctx}</div>')


# ---------------------------------------------------------------- chat

def answer_cards(index, ans: Answer | None, turn: int = 1) -> str:
    """Quote cards and checklist of one answer (turn n of the conversation), as inert HTML."""
    if ans is None:
        return ""
    t, a = templates(ans.language), for_answer(ans.language)
    if ans.refused:
        return (f'<div class="refusal" role="status" data-turn="{turn}"><strong>{h(a["refusal_heading"])}</strong>'
                f'<br>{h(reason(ans))}</div>')
    out = [f'<div class="cards" data-turn="{turn}">']
    if partial_reason(ans):
        out.append(f'<div class="partial" role="status"><strong>{h(a["partial_heading"])}</strong><br>'
                   f'{h(partial_reason(ans))}</div>')
    out.append(f"<h4>{h(opening_line(ans.quotes, ans.lead, t) if ans.quotes else t['intro'])}</h4>")
    if ans.checklist is not None:
        c = ans.checklist
        items = "".join(f"<li>{h(i.text)}</li>" for i in c.items)
        out.append(f'<div class="checklist"><strong>{h(t["checklist"])}: {h(c.title)}</strong><ul>{items}</ul></div>')
    out += [quote_card(index, q, ans.language, i) for i, q in enumerate(ans.quotes, 1)]
    out.append("</div>")
    return "".join(out)


def chat_message(ans: Answer) -> str:
    """The assistant's chat bubble, built from the record (Markdown of escaped text)."""
    t = templates(ans.language)
    if ans.refused:
        return f"⚠️ *{md(reason(ans))}*"
    lines = []
    if ans.read_as:
        lines += [f"*{md(t['followup'])}: “{md(ans.read_as)}”*", ""]
    if partial_reason(ans):
        lines += [f"*{md(partial_reason(ans))}*", ""]
    if ans.checklist is not None:
        lines += [f"**{md(t['checklist'])}: {md(ans.checklist.title)}**", ""]
        lines += [f"- {md(i.text)}" for i in ans.checklist.items] + [""]
    if ans.generated:
        lines += [md(ans.generated, inline=False), ""]
    lines += [md(opening_line(ans.quotes, ans.lead, t) if ans.quotes else t["intro"]), ""]
    for i, q in enumerate(ans.quotes, 1):
        lines += [f"> [{i}] “{md(q.text)}”  ", f"> — *{md(location(q, t))}*", ""]
    if ans.models:
        lines.append(f"**{md(t['models'])}:** " + ", ".join(md(m.name) for m in ans.models))
    return "\n".join(lines).rstrip()


def user_message(text: str) -> str:
    return md(text, inline=False)


# ---------------------------------------------------------------- models

def model_choices(models) -> list[tuple[str, str]]:
    return [(model_title(m), m.id) for m in models]


def model_detail(assistant, model_id: str | None) -> str:
    """A register model: name, authors and year once, kind in Dutch, summary, and where the documents
    describe it (readable mention quotes with their location; search aliases stay internal)."""
    t = ui()["models"]
    m = assistant.register.models.get(model_id or "")
    if m is None:
        return f"<p>{h(t['choose'])}</p>"
    meta = [x for x in (credit_once(m.name, m.authors, m.year), kind_label(m.kind) if m.kind else "") if x]
    out = [f'<div class="model-detail" data-model="{h(m.id)}"><h3>{h(m.name)}</h3>',
           f'<p class="model-meta">{" · ".join(h(x) for x in meta)}</p>' if meta else "",
           f"<p>{h(m.summary)}</p>", f"<h4>{h(t['described'])}</h4>"]
    page_word = templates("nl")["page"]
    context = for_answer("nl")["context"]
    seen: set[tuple[str, int, int]] = set()
    places = []
    for x in m.mentions:
        doc = assistant.index.docs.get(x.document)
        title = doc.record.title if doc else x.document
        if doc is None or not x.found:
            continue
        for a, b in readable_spans(doc.text, x.start, x.end):
            if (x.document, a, b) in seen:
                continue
            seen.add((x.document, a, b))
            section = doc.section_at(a) or x.section
            out.append(f'<div class="quote-card"><blockquote>“{h(doc.text[a:b])}”</blockquote>'
                       f'<div class="quote-meta">{_place(title, section, doc.page_at(a), page_word)}</div>'
                       f'{context_html(doc, a, b, context)}</div>')
        places.append(_place(title, doc.section_at(x.start) or x.section, doc.page_at(x.start), page_word))
    if not seen and places:  # every mention was a caption or heading: say where, without a quote
        out.append("<ul>" + "".join(f"<li>{p}</li>" for p in dict.fromkeys(places)) + "</ul>")
    if m.literature:
        out.append(f"<h4>{h(t['literature'])}</h4><ul>" + "".join(f"<li>{h(x)}</li>" for x in m.literature)
                   + "</ul>")
    out.append("</div>")
    return "".join(out)


def models_none_html(sentence: str) -> str:
    return f'<p class="models-none" role="status">{h(sentence)}</p>'


# ---------------------------------------------------------------- quick scan

def scan_html(index, result: ScanResult) -> str:
    """Per weak condition: the single best quote and the matching checklist questions first; the other
    quotes, the models and the tips folded away."""
    t = ui()["scan"]
    rows = "".join(f"<li>{h(k.title())}: <span class='{'score-low' if k in result.weakest else ''}'>{v}</span></li>"
                   for k, v in result.scores.items())
    weakest = ", ".join(a.condition.name for a in result.advice)
    out = [f'<div class="scan-result"><h3>{h(t["result"])}</h3><ul class="scores">{rows}</ul>'
           f'<p>{h(t["average"].format(average=f"{result.average:.1f}", weakest=weakest))}</p>']
    for adv in result.advice:
        name = adv.condition.name
        out.append(f'<div class="advice" data-condition="{h(adv.condition.key)}">'
                   f'<h3>{h(t["advice"].format(condition=name, score=adv.score))}</h3>')
        best = [adv.best_quote] if adv.best_quote is not None else []
        out.append(f"<h4>{h(t['best_quote'])}</h4>")
        out.append(f'<div class="refusal">{h(reason(adv.answer))}</div>' if adv.answer.refused
                   else "".join(quote_card(index, q, adv.answer.language) for q in best))
        out.append(f"<h4>{h(t['questions'])}</h4><ul>" + "".join(f"<li>{h(q)}</li>" for q in adv.condition.questions)
                   + "</ul>")
        themes = adv.themes[:1]
        for theme in themes:
            out.append(f"<h4>{h(t['stroomversneller'].format(group=theme.group))}</h4><ul>"
                       + "".join(f"<li>{h(q)}</li>" for q in theme.questions) + "</ul>")
        rest = [q for q in adv.answer.quotes if q not in best]
        tips = [x for theme in adv.themes for x in theme.tips]
        more = t["more"].format(condition=name, quotes=len(rest), models=len(adv.models), tips=len(tips))
        out.append(f'<details class="advice-more"><summary>{h(more)}</summary>')
        if rest:
            out.append(f"<h4>{h(t['more_quotes'])}</h4>" + "".join(quote_card(index, q, adv.answer.language)
                                                                    for q in rest))
        if adv.models:
            out.append(f"<h4>{h(t['models'])}</h4><ul>" + "".join(
                f"<li><strong>{h(model_title(m))}</strong>: {h(m.summary)}</li>" for m in adv.models) + "</ul>")
        for theme in adv.themes[1:]:
            out.append(f"<h4>{h(t['stroomversneller'].format(group=theme.group))}</h4><ul>"
                       + "".join(f"<li>{h(q)}</li>" for q in theme.questions) + "</ul>")
        if tips:
            out.append(f"<h4>{h(t['tips'])}</h4><ul>" + "".join(f"<li>{h(x)}</li>" for x in tips) + "</ul>")
        out.append("</details></div>")
    out.append("</div>")
    return "".join(out)


# ---------------------------------------------------------------- documents

SHORT_HASH = 12


def documents_html(records) -> str:
    """The corpus as a table: title, publisher, date, pages ("—" for text files), passages, and the short
    sha256 with the full one on hover and a button that copies it."""
    t = ui()["documents"]
    head = "".join(f"<th>{h(c)}</th>" for c in t["columns"])
    rows = []
    for r in records:
        publisher = r.publisher or t["uploaded"].format(name=r.origin)
        sha = (f'<code title="{h(r.sha256)}">{h(r.sha256[:SHORT_HASH])}…</code> '
               f'<button type="button" class="copy-sha" title="{h(t["copy"])}" aria-label="{h(t["copy"])}" '
               f'data-sha256="{h(r.sha256)}" onclick="navigator.clipboard.writeText(this.dataset.sha256);'
               f'this.textContent=\'{h(t["copied"])}\'">{h(t["copy_button"])}</button>')
        cells = [r.title, publisher, r.date or t["none"], str(r.pages) if r.pages is not None else t["none"],
                 str(r.chunks)]
        rows.append("<tr>" + "".join(f"<td>{h(c)}</td>" for c in cells[:2])
                    + "".join(f'<td class="nowrap">{h(c)}</td>' for c in cells[2:]) + f'<td class="sha">{sha}</td></tr>')
    return f'<table class="documents-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def notice_html(message: str) -> str:
    """The index notice above the tabs (a damaged generation, an index that did not load); "" hides it."""
    return f'<p class="index-notice" role="alert">⚠ {h(message)}</p>' if message else ""


def status_html(ok: bool, message: str) -> str:
    """A message beside a button: what happened, in Dutch; never a replaced component."""
    return f'<p class="status {"ok" if ok else "error"}" role="status">{"✓" if ok else "✗"} {h(message)}</p>'


# ---------------------------------------------------------------- evaluation

def report_html(report) -> str:
    """The evaluation report (evals.report.Report, the same one report.md renders) for the Evaluatie tab."""
    t = eval_texts()["report"]
    ok = not report.failed_gates
    out = [f'<div class="eval-report"><h3>{h(report.title())}</h3>'
           f'<p class="eval-summary {"pass" if ok else "fail"}">{h(report.summary())}</p>',
           f"<h4>{h(t['metrics'])}</h4>", '<table class="eval-metrics"><thead><tr>'
           + "".join(f"<th>{h(c)}</th>" for c in t["columns"]) + "</tr></thead><tbody>"]
    for m in report.metrics:
        state = "" if m.passed is None else "pass" if m.passed else "fail"
        out.append(f'<tr class="{state}" data-metric="{h(m.name)}"><td><strong>{h(m.label)}</strong></td>'
                   f'<td>{h(m.means)}</td><td class="num">{h(m.shown)}</td>'
                   f'<td class="num">{h(m.bound)}</td><td class="verdict">{h(m.verdict)}</td></tr>')
    out.append("</tbody></table>")
    head, rows = report.per_kind()
    out.append(f"<h4>{h(t['per_kind'])}</h4><div class='scroll'><table class='eval-kinds'><thead><tr>"
               + "".join(f"<th>{h(c)}</th>" for c in head) + "</tr></thead><tbody>"
               + "".join(f"<tr><td>{h(label)}</td>" + "".join(f"<td class='num'>{h(c)}</td>" for c in cells)
                         + "</tr>" for label, cells in rows) + "</tbody></table></div>")
    out.append(f"<h4>{h(t['failures'])} ({len(report.failures)})</h4>")
    if not report.failures:
        out.append(f"<p>{h(t['no_failures'])}</p>")
    for f in report.failures:
        turns = f.question + (f" → {f.follow_up}" if f.follow_up else "")
        out.append(f'<details class="failure" data-question="{h(f.id)}"><summary><strong>{h(f.id)}</strong> · '
                   f'{h(f.kind)} · {h(turns)}</summary>')
        for heading, items in ((t["expected"], f.expected), (t["shown"], f.shown), (t["why"], f.why)):
            out.append(f"<p><strong>{h(heading)}</strong></p><ul>" + "".join(f"<li>{h(x)}</li>" for x in items)
                       + "</ul>")
        out.append("</details>")
    out.append("</div>")
    return "".join(out)
