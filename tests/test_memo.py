"""Board memos from real answers: every quote with its location, the models, document hashes, app version."""
from __future__ import annotations

import html
from importlib.metadata import version

import pytest
from pypdf import PdfReader

from assistant.answer import Quote
from assistant.memo import conversation_memo, scan_memo, to_markdown, write_memo
from assistant.quickscan import QuickScan


@pytest.fixture(scope="module")
def conversation(assistant):
    first = assistant.ask("Welke vormen van netwerkgovernance zijn er?")
    return [first, assistant.ask("En wat zijn de nadelen daarvan?", history=[first])]


def _flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


def test_conversation_memo_markdown_and_pdf(assistant, conversation, tmp_path):
    md_path, pdf_path = write_memo(conversation_memo(assistant, conversation), tmp_path)
    md = _flat(md_path.read_text(encoding="utf-8"))
    for ans in conversation:
        assert ans.question in md
        for q in ans.quotes:
            assert " ".join(q.text.split()) in md
            assert q.section in md
        for m in ans.models:
            assert m.name in md
    for doc in {q.document for a in conversation for q in a.quotes}:
        assert assistant.index.docs[doc].record.sha256 in md
    assert f"Samenwerkwijzer {version('samenwerkwijzer')}" in md
    pdf = " ".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert conversation[0].question in " ".join(pdf.split())
    assert assistant.index.docs[conversation[0].quotes[0].document].record.sha256[:16] in pdf.replace("\n", "")


def test_markdown_escapes_markup_from_documents(assistant, conversation):
    ans = conversation[0]
    evil = Quote(text='<script>alert(1)</script> & <img src=x onerror=alert(2)>', document=ans.quotes[0].document,
                 title="t", origin="o", section="s", page=3, start=0, end=1, verified=True)
    ans = type(ans)(**{**ans.__dict__, "quotes": [evil]})
    md = to_markdown(conversation_memo(assistant, [ans]))
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in md
    assert "p. 3" in md


def test_scan_memo(assistant, tmp_path):
    result = QuickScan(assistant).advise({"ambitie": 8, "belangen": 2, "relatie": 7, "organisatie": 7, "proces": 9})
    md = _flat(write_memo(scan_memo(assistant, result), tmp_path)[0].read_text(encoding="utf-8"))
    assert "Belangen: 2" in md and "Advies: Belangen (cijfer 2)" in md
    for q in result.advice[0].answer.quotes:
        assert " ".join(q.text.split()) in md
        assert assistant.index.docs[q.document].record.sha256 in md
    assert "Tip:" in md and "Stroomversneller" in md
