"""Board memos from real answers: a summary first, every quote with its location, the models by name and source,
the sources with title, publisher and sha256, the app version; no internal ids; a PDF a board member can read."""
from __future__ import annotations

import html
import re
from importlib.metadata import version

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from assistant.answer import Quote
from assistant.display import opening
from features.memo import Block, Memo, conversation_memo, scan_memo, to_markdown, to_pdf, write_memo
from features.quickscan import QuickScan
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def conversation(assistant):
    first = assistant.ask("Welke vormen van netwerkgovernance zijn er?")
    return [first, assistant.ask("En wat zijn de nadelen daarvan?", history=[first])]


def _shown(md: str) -> str:
    """What a Markdown viewer shows of the memo, white space folded."""
    rendered = MarkdownIt("commonmark").render(md)
    assert "<script" not in rendered and "<img" not in rendered
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


def _pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def _internal_names(assistant) -> list[str]:
    from ingest.catalog import load_catalog

    return ([assistant.index.generation] + [e.origin for e in load_catalog(CORPUS).values()]
            + list(assistant.register.models))


def test_conversation_memo_markdown_and_pdf(assistant, conversation, tmp_path):
    md_path, pdf_path = write_memo(conversation_memo(assistant, conversation), tmp_path)
    md = md_path.read_text(encoding="utf-8")
    shown = _shown(md)
    for ans in conversation:
        assert ans.question in shown
        for q in ans.quotes:
            assert " ".join(q.text.split()) in shown
            assert q.section in shown
        for m in ans.models:
            assert m.name in shown
    for doc in {q.document for a in conversation for q in a.quotes}:
        rec = assistant.index.docs[doc].record
        assert f"{rec.title} — {rec.publisher}" in shown and rec.sha256 in shown
    assert f"Samenwerkwijzer {version('samenwerkwijzer')}" in shown
    pdf = _pdf_text(pdf_path)
    assert conversation[0].question in pdf
    assert assistant.index.docs[conversation[0].quotes[0].document].record.sha256 in pdf.replace(" ", "")
    for internal in _internal_names(assistant):
        assert re.search(rf"(?<![\w-]){re.escape(internal)}(?![\w-])", md) is None, internal
        assert internal not in pdf, internal
    assert not re.search(r"&#?\w+;", md)  # no entity shows in a plain-text viewer


def test_memo_opens_with_the_opening_quotes(assistant, conversation, tmp_path):
    memo = conversation_memo(assistant, conversation)
    md = to_markdown(memo)
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings[0] == "Samenvatting" and headings[1].startswith("Vraag 1:")
    summary = _shown(md.split("\n## ", 2)[1])
    for ans in conversation:
        assert all(" ".join(q.text.split()) in summary for q in opening(ans))
    pdf = _pdf_text(to_pdf(memo, tmp_path / "m.pdf"))
    lead = " ".join(opening(conversation[0])[0].text.split())[:60]
    assert pdf.startswith(f"{memo.title} Samenvatting Vraag 1: {conversation[0].question}")
    assert pdf.index(lead) < pdf.index("Citaten uit de documenten")


def test_memo_of_an_english_question_is_in_english(assistant):
    md = to_markdown(conversation_memo(assistant, [assistant.ask("Which governance model fits our network?")]))
    headings = re.findall(r"^##+ (.+)$", md, re.M)
    assert headings[0] == "Summary" and "Quotes from the documents (in Dutch)" in headings and "Sources" in headings
    assert "Samenvatting" not in md and "Bronnen" not in md and "Written on" in md


def test_markdown_shows_markup_from_documents_as_text(assistant, conversation):
    ans = conversation[0]
    evil = Quote(text='<script>alert(1)</script> & <img src=x onerror=alert(2)> *vet*', document=ans.quotes[0].document,
                 title="t", origin="o", section="s", page=3, start=0, end=1, verified=True)
    ans = type(ans)(**{**ans.__dict__, "quotes": [evil], "lead": 1})
    md = to_markdown(conversation_memo(assistant, [ans]))
    assert not re.search(r"(?<!\\)<(script|img)", md) and "&lt;" not in md and "&amp;" not in md
    assert "“<script>alert(1)</script> & <img src=x onerror=alert(2)> *vet*”" in _shown(md)
    assert "p. 3" in md


@pytest.mark.parametrize("filler", range(16, 24))  # 19 and 20 paragraphs put the heading at a page's foot
def test_pdf_is_left_aligned_and_keeps_headings_with_their_text(tmp_path, filler):
    para = "Een alinea met genoeg woorden om over twee regels te lopen in het memo van het bestuur, zodat de " \
           "pagina vol raakt."
    blocks = [Block("p", para) for _ in range(filler)]
    blocks += [Block("h2", "Kop die niet alleen onderaan mag staan"), Block("meta", "Opgevat als: een vraag"),
               Block("h3", "Citaten uit de documenten"), Block("quote", "Het citaat.", 1), Block("meta", "— Titel")]
    blocks += [Block("p", para) for _ in range(5)]
    path = to_pdf(Memo(title="Memo", blocks=blocks), tmp_path / "m.pdf")
    reader = PdfReader(path)
    for page in reader.pages:
        assert b"] TJ" not in page.get_contents().get_data()  # justified lines are TJ arrays with word gaps
    for page in reader.pages[:-1]:
        last = [ln for ln in page.extract_text().splitlines() if ln.strip()][-1]
        assert last not in ("Kop die niet alleen onderaan mag staan", "Opgevat als: een vraag",
                            "Citaten uit de documenten", "[1] “Het citaat.”"), (filler, last)


def test_scan_memo(assistant, tmp_path):
    result = QuickScan(assistant).advise({"ambitie": 8, "belangen": 2, "relatie": 7, "organisatie": 7, "proces": 9})
    md = write_memo(scan_memo(assistant, result), tmp_path)[0].read_text(encoding="utf-8")
    shown = _shown(md)
    assert "Belangen: 2" in shown and "Advies: Belangen (cijfer 2)" in shown
    summary = _shown(md.split("\n## ", 2)[1])
    assert " ".join(result.advice[0].best_quote.text.split()) in summary  # the best quote up front
    for q in result.advice[0].answer.quotes:
        assert " ".join(q.text.split()) in shown
        assert assistant.index.docs[q.document].record.sha256 in shown
    assert "Tip:" in shown and "Stroomversneller" in shown
    assert "()" not in md  # a model without authors has no empty brackets
