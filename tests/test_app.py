"""The Gradio app in a real browser: Playwright driving Debian's Chromium against `wijzer chat`.

Screenshots of the chat, the model view and the Quick scan result go to tests/screenshots/ (not committed).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, copy_corpus, start_app, stop_app
from tests.conftest import CORPUS
from tests.pdfs import make_pdf

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="apt-get install -y chromium")

SHOTS = Path(__file__).resolve().parent / "screenshots"
TIMEOUT = 300_000  # ms; the first answer waits for the index to load, an upload re-ingests (shared 2 cores)
XSS_Q = 'Wat is governance? <img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
PACT = ("Het Zuiderkwartierpact legt vast dat de gezamenlijke nachtzorg voor kwetsbare ouderen "
        "in de regio door de wijkverpleging wordt gecoördineerd.")
PACT_XSS = ("Het Zuiderkwartierpact wordt elk kwartaal geëvalueerd door de regiotafel "
            '<img src=x onerror="window.__xss=3"> <script>window.__xss=4</script> met alle partners.')


@pytest.fixture(scope="module")
def app(corpus_index, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    corpus = copy_corpus(CORPUS, tmp / "corpus")
    index = tmp / "index"
    shutil.copytree(corpus_index, index)
    running = start_app(corpus, index, tmp / "app.log")
    yield running
    stop_app(running)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(app.url)
    pg.wait_for_selector("#question textarea")
    yield pg
    context.close()


def ask(page, question: str, turn: int) -> None:
    """Type a question, send it, and wait until the turn's quote cards (or refusal) are shown."""
    page.fill("#question textarea", question)
    page.click("#ask")
    page.wait_for_selector(f"#quote-cards [data-turn='{turn}']")


def cards_text(page) -> str:
    return page.inner_text("#quote-cards")


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_inert(page) -> None:
    assert page.dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("[...document.scripts].filter(s => s.textContent.includes('__xss')).length") == 0


def test_chat_quote_followup_and_model_chip(page):
    ask(page, "Welke vormen van netwerkgovernance zijn er?", 1)
    card = page.locator("#quote-cards .quote-card").first
    assert "geverifieerd" in card.inner_text()
    assert "Handreiking Effectief Samenwerken" in cards_text(page)
    assert card.locator(".section").count() == 1
    card.locator("summary").click()  # the surrounding passage
    assert card.locator("details mark").inner_text().strip()[:30] in card.locator("blockquote").inner_text()
    first_turn = cards_text(page)

    ask(page, "En wat zijn de nadelen daarvan?", 2)
    chat = page.inner_text("#chatbot")
    assert "Vervolgvraag, gelezen als" in chat
    assert cards_text(page) != first_turn
    shot(page, "chat")

    chip = page.locator("#model-chips button").first
    name = chip.inner_text().strip()
    chip.click()
    detail = page.locator("#model-detail .model-detail")
    detail.wait_for()
    assert page.get_by_role("tab", name="Modellen").get_attribute("aria-selected") == "true"
    assert name in detail.locator("h3").inner_text()
    assert detail.locator(".quote-card").count() >= 1  # every mention with its quote and location
    shot(page, "model")


def test_sessions_do_not_share_history(page, browser, app):
    ask(page, "Wat is een BHAG?", 1)
    other = browser.new_context().new_page()
    other.goto(app.url)
    other.wait_for_selector("#question textarea")
    assert "BHAG" not in other.inner_text("#chatbot")
    assert other.inner_text("#quote-cards").strip() == ""
    other.context.close()
    page.click("#new-conversation")
    page.wait_for_function("!document.querySelector('#chatbot').innerText.includes('BHAG')")


def test_model_search(page):
    page.get_by_role("tab", name="Modellen").click()
    page.fill("#model-query textarea", "netwerkgovernance")
    page.click("#model-search")
    page.wait_for_selector("#model-detail .model-detail")
    assert "Provan" in page.inner_text("#model-detail")


def test_quick_scan_advice_for_weakest_condition(page):
    page.get_by_role("tab", name="Quick scan").click()
    for key, score in {"ambitie": 8, "belangen": 7, "relatie": 3, "organisatie": 7, "proces": 9}.items():
        box = page.locator(f"#score-{key} input[type=number]")
        box.fill(str(score))
        box.press("Enter")
    page.click("#scan-submit")
    advice = page.locator("#scan-result .advice[data-condition=relatie]")
    advice.wait_for()
    assert page.locator("#scan-result .advice").count() == 1
    assert advice.locator(".quote-card").count() >= 1
    assert "Stroomversneller" in advice.inner_text()
    assert "Advies voor Relatie (cijfer 3)" in advice.inner_text()
    shot(page, "quickscan")
    page.click("#scan-export")
    link = page.locator("#scan-files a[href*='.md']").first
    link.wait_for()
    memo = page.request.get(link.get_attribute("href")).text()
    assert "Relatie: 3" in memo and "sha256" in memo


def test_export_memo_has_quotes_and_hashes(page, app):
    import html

    ask(page, "Welk governancemodel past bij ons netwerk?", 1)
    quotes = page.locator("#quote-cards .quote-card blockquote").all_inner_texts()
    page.click("#export-memo")
    page.locator("#memo-files a[href*='.pdf']").first.wait_for()
    md_href = page.locator("#memo-files a[href*='.md']").first.get_attribute("href")
    memo = html.unescape(page.request.get(md_href).text())
    assert "Welk governancemodel past bij ons netwerk?" in memo
    for q in quotes:
        body = re.sub(r"^\[\d+\] “|”$", "", q.strip())
        assert " ".join(body.split())[:80] in " ".join(memo.split())
    from ingest.catalog import load_catalog

    sha = load_catalog(CORPUS)["handreiking-effectief-samenwerken"].sha256
    assert sha in memo
    assert re.search(r"Samenwerkwijzer \d+\.\d+", memo)
    pdf_href = page.locator("#memo-files a[href*='.pdf']").first.get_attribute("href")
    pdf = page.request.get(pdf_href).body()
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert sha in " ".join(text.split()).replace(" ", "") or sha[:32] in text.replace("\n", "")


def test_xss_in_question_stays_inert(page):
    ask(page, XSS_Q, 1)
    assert_inert(page)
    assert '<img src=x onerror="window.__xss=1">' in page.inner_text("#chatbot")


def test_upload_pdf_then_answer_quotes_it_and_stays_inert(page, app, tmp_path):
    pdf = make_pdf(tmp_path / "Zuiderkwartier Pact.pdf",
                   ["Zuiderkwartierpact\n\nInleiding op het pact tussen de zorgpartners in het Zuiderkwartier.",
                    PACT + " " + PACT_XSS])
    page.get_by_role("tab", name="Documenten").click()
    page.locator("#upload input[type=file]").set_input_files(str(pdf))
    page.click("#upload-submit")
    page.wait_for_function("document.querySelector('#doc-status').innerText.includes('toegevoegd')")
    assert "zuiderkwartier-pact.pdf" in page.inner_text("#doc-status")
    assert (app.corpus / "documents" / "zuiderkwartier-pact.pdf").exists()
    page.wait_for_function("document.querySelector('#documents').innerText.includes('zuiderkwartier-pact.pdf')")

    page.get_by_role("tab", name="Chat").click()
    ask(page, "Wie coördineert de nachtzorg voor kwetsbare ouderen in het Zuiderkwartierpact?", 1)
    cards = page.locator("#quote-cards .quote-card[data-document='zuiderkwartier-pact']").all_inner_texts()
    assert any("wijkverpleging wordt gecoördineerd" in c and "p. 2" in c and "Zuiderkwartierpact" in c
               for c in cards), cards
    ask(page, "Hoe wordt het Zuiderkwartierpact geëvalueerd?", 2)
    assert_inert(page)
    text = page.inner_text("#quote-cards") + page.inner_text("#chatbot")
    assert "onerror" in text  # the markup is shown as text, not executed

    page.get_by_role("tab", name="Documenten").click()
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name="zuiderkwartier-pact.pdf").click()
    page.click("#remove-submit")
    page.wait_for_function("document.querySelector('#doc-status').innerText.includes('verwijderd')")
    assert not (app.corpus / "documents" / "zuiderkwartier-pact.pdf").exists()


def test_failed_upload_leaves_index_as_it_was(page, app, tmp_path):
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4 dit is geen echte pdf")
    current = (app.index / "CURRENT").read_text()
    page.get_by_role("tab", name="Documenten").click()
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    page.click("#upload-submit")
    page.wait_for_function("document.querySelector('#doc-status').innerText.includes('❌')")
    assert (app.index / "CURRENT").read_text() == current
    assert not (app.corpus / "documents" / "kapot.pdf").exists()


def test_chat_refuses_other_host_without_login(monkeypatch, capsys):
    from assistant.cli import main

    monkeypatch.delenv("WIJZER_APP_USER", raising=False)
    monkeypatch.delenv("WIJZER_APP_PASSWORD", raising=False)
    assert main(["chat", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "gebruikersnaam en wachtwoord" in capsys.readouterr().err


def test_start_time_and_memory(app):
    """Targets of the issue: first page ≤ 5 s (on an idle machine) and resident memory ≤ 800 MB."""
    print(f"\nfirst page served after {app.started_s:.1f} s; resident memory {app.rss_mb():.0f} MB")
    assert app.rss_mb() < 800
