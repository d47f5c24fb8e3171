"""What the app shows, without a browser: text escaped once, readable model mentions, the documents table,
the surrounding passage, and `wijzer models` saying when nothing fits."""
from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from markdown_it import MarkdownIt

from assistant.answer import Answer, Quote, Scope
from assistant.display import credit_once, kind_label, model_title, readable_spans
from assistant.markup import html_text, md_text
from assistant.texts import read_yaml
from interfaces.app.views import answer_cards, chat_message, context_html, documents_html
from index.records import Section
from tests.conftest import CORPUS

HOSTILE = ['<script>alert(1)</script> & <img src=x onerror="alert(2)">', "Het perspectief van 'onze samenwerking'",
           "a &amp; b &#x27; c &gt; d", "# kop *x* _y_ [l](javascript:alert(1)) `c` ~~s~~ $x$ \\ e",
           "1. genummerd", "2) genummerd", "> geen citaat", "- geen lijst", "+ geen lijst", "===",
           "Provan & Kenis (2008): A > B"]


def _text_of(rendered_html: str) -> str:
    """What a browser shows of rendered HTML: the tags dropped, the entities resolved."""
    assert not re.search(r"<(?!/?(p|em|strong|blockquote|br|ul|li)\b)", rendered_html), rendered_html
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaping_renders_as_the_text_itself(text):
    md = md_text(text)
    assert not re.search(r"(?<!\\)&#?\w+;", md)  # escaped with backslashes, never with entities
    assert _text_of(MarkdownIt("commonmark").render(md)) == " ".join(text.split())


def test_markdown_escapes_only_what_would_be_markup():
    """So the memo reads well as plain text too."""
    for plain in ("52.2% van de vragen", "#3 op de lijst", "-5 graden", "Provan & Kenis", "e-mail: a.b@c.nl"):
        assert md_text(plain) == plain


@pytest.mark.parametrize("text", HOSTILE)
def test_html_escaping_is_inert(text):
    assert html.unescape(html_text(text)) == text and "<" not in html_text(text)


def _quote(text: str, **kw) -> Quote:
    return Quote(text=text, document="d", title="Titel & co", origin="001_x.txt", section="A > B", page=kw.get("page"),
                 start=kw.get("start", 0), end=kw.get("end", len(text)), verified=True)


def test_chat_bubble_shows_quotes_as_written():
    q = _quote("Het perspectief van 'onze samenwerking' & <b>vet</b>")
    ans = Answer(question="q", language="nl", answer="", refused=False, quotes=[q])
    shown = _text_of(MarkdownIt("commonmark").render(chat_message(ans)))
    assert "“Het perspectief van 'onze samenwerking' & <b>vet</b>”" in shown
    assert "Titel & co — A > B" in shown


def test_refusal_card_gives_the_scope_reason_or_the_answer():
    reason = Answer(question="q", language="nl", answer="De documenten geven geen antwoord.", refused=True,
                    scope=Scope("refused", "De documenten gaan niet over <salarissen>."))
    card = answer_cards(SimpleNamespace(docs={}), reason)
    assert "Geen antwoord in de documenten" in card and "gaan niet over &lt;salarissen&gt;." in card
    old = Answer(question="q", language="en", answer="The documents do not answer this.", refused=True)
    card = answer_cards(SimpleNamespace(docs={}), old)
    assert "No answer in the documents" in card and "The documents do not answer this." in card


def test_partial_answer_names_what_the_documents_leave_out():
    ans = Answer(question="q", language="nl", answer="", refused=False, quotes=[_quote("Het deel dat er wel staat.")],
                 scope=Scope("partial", "Over salarissen zeggen de documenten niets.", ("salarissen",)))
    index = SimpleNamespace(docs={})
    assert "Gedeeltelijk antwoord</strong><br>Over salarissen zeggen de documenten niets." in answer_cards(index, ans)
    assert "*Over salarissen zeggen de documenten niets.*" in chat_message(ans)
    full = Answer(**{**ans.__dict__, "scope": Scope("answered")})
    assert "Gedeeltelijk" not in answer_cards(index, full) and "salarissen" not in chat_message(full)


def test_surrounding_passage_keeps_paragraphs_and_whole_words():
    text = ("Kop\n\n" + "Eerste alinea met woorden die doorlopen. " * 30 + "\n\nHet citaat staat hier in het midden."
            "\n\nVolgende alinea. " + "Nog meer woorden achter het citaat. " * 30)
    start = text.index("Het citaat")
    end = start + len("Het citaat staat hier in het midden.")
    doc = SimpleNamespace(text=text, sections=[Section(0, len(text), "Kop")])
    shown = context_html(doc, start, end, "Omringende passage")
    paragraphs = re.findall(r"<p>(.*?)</p>", shown)
    assert len(paragraphs) >= 2 and "<mark>Het citaat staat hier in het midden.</mark>" in shown
    words = set(re.findall(r"\w+", text))
    assert all(w in words for p in paragraphs for w in re.findall(r"\w+", re.sub(r"<[^>]+>", " ", p)))


def test_surrounding_passage_stays_within_the_section():
    text = "Vorige sectie, andere zaak.\n\nKop\n\nHet citaat."
    doc = SimpleNamespace(text=text, sections=[Section(0, 28, "Vorige"), Section(29, len(text), "Kop")])
    shown = context_html(doc, text.index("Het"), len(text), "Omringende passage")
    assert "Vorige sectie" not in shown and "Kop" in shown


def test_documents_table_columns():
    rec = SimpleNamespace(title="Handreiking", publisher="NVZD", date="2024-10", pages=None, chunks=114,
                          origin="001_ae20d45ff8b45e24.txt", sha256="d47bb717" + "0" * 56)
    upload = SimpleNamespace(title="Pact <b>", publisher="", date="", pages=2, chunks=3, origin="pact.pdf",
                             sha256="ab" * 32)
    table = documents_html([rec, upload])
    cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", table)]
    assert cells[:5] == ["Handreiking", "NVZD", "2024-10", "—", "114"]
    assert cells[6:11] == ["Pact &lt;b&gt;", "geüpload als pact.pdf", "—", "2", "3"]
    assert "001_ae20d45ff8b45e24.txt" not in table
    assert f'title="{rec.sha256}"' in table and ">d47bb7170000…<" in table


def test_heading_soup_mentions_are_not_shown_as_quotes():
    text = "Het is aan te bevelen dit te agenderen.\n\nKernmodel\n\nDe vertrouwensparadox\n\nKrackhardt, 2003\n\n" \
           "VERDIEPENDE LITERATUUR"
    soup = text.index("Kernmodel")
    assert readable_spans(text, soup, len(text)) == []
    kept = readable_spans(text, 0, text.index("Krackhardt") + len("Krackhardt, 2003"))
    assert [text[a:b] for a, b in kept] == ["Het is aan te bevelen dit te agenderen."]
    single = "Geen administratieve entiteit, participatie door alle partijen"
    assert readable_spans(single, 0, len(single)) == [(0, len(single))]  # one line: shown as it is


def test_model_credit_once():
    tenhaeff = SimpleNamespace(name="Samenwerkingsmodel van Tenhaeff en Kuppens (Ten Have Change)",
                               authors="Gilles Tenhaeff en Joris Kuppens (Ten Have Change)", year=None)
    assert model_title(tenhaeff) == tenhaeff.name
    provan = SimpleNamespace(name="Drie vormen van netwerkgovernance", authors="Provan & Kenis", year=2008)
    assert model_title(provan) == "Drie vormen van netwerkgovernance — Provan & Kenis, 2008"
    assert credit_once("Moreel beraad", "", None) == ""
    geurtsen = "Meerwaarde en effectiviteit van netwerken (Geurtsen 2021, naar Turrini et al.)"
    assert credit_once(geurtsen, "Geurtsen", 2021) == ""


def test_every_register_kind_has_a_dutch_label():
    kinds = {m.get("kind") for m in read_yaml(CORPUS / "models.yaml")["models"] if m.get("kind")}
    labels = {k: kind_label(k) for k in kinds}
    assert all(label != kind for kind, label in labels.items() if kind not in ("instrument", "checklist")), labels


@pytest.mark.parametrize("query, expected", [("zzqx onbekend", "Geen model in de documenten past bij “zzqx onbekend”."),
                                             ("which model fits the weather", "No model in the documents fits")])
def test_wijzer_models_says_when_no_model_fits(monkeypatch, capsys, query, expected):
    import interfaces.cli as cli

    none = SimpleNamespace(reason="geen model lijkt genoeg op de vraag")
    monkeypatch.setattr(cli, "_load_assistant", lambda args: SimpleNamespace(model_lookup=lambda q, k: ([], none)))
    assert cli.main(["models", *query.split()]) == 0
    assert expected in capsys.readouterr().out


def test_every_text_of_the_app_is_in_prompts():
    """No Dutch sentence typed into the app's code: they come from prompts/app.yaml."""
    root = Path(__file__).resolve().parent.parent
    for name in ("interfaces/app/__init__.py", "interfaces/app/layout.py", "interfaces/app/handlers.py",
                 "interfaces/app/views.py", "interfaces/app/context.py", "interfaces/corpus.py",
                 "assistant/display.py", "features/memo.py"):
        code = (root / name).read_text(encoding="utf-8")
        strings = re.findall(r'"([^"\n]{12,})"', code)
        dutch = [s for s in strings if re.search(r"\b(de|het|een|niet|van|voor)\b", s) and "{" not in s[:1]]
        assert not dutch, (name, dutch)
