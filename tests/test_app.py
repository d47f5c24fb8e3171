"""The Gradio app in a real browser: Playwright driving Debian's Chromium (nl-NL) against `wijzer chat`.

Screenshots of the chat, the model view, the Quick scan, the documents, the evaluation and page 1 of the
board memo go to tests/screenshots/ (not committed).
"""
from __future__ import annotations

import contextlib
import io
import re
import shutil
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from tests.browser import CHROMIUM, CHROMIUM_ARGS, LOCALE, ROOT, copy_corpus, start_app, stop_app
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
ENTITIES = ("&#x27;", "&#39;", "&amp;", "&gt;", "&lt;", "&quot;")
MARKDOWN_ESCAPES = re.compile(r"\\[\[\]\\`*_#<>~$&-]")  # an escape that was rendered as text
# English UI strings that must not be shown (as text, tooltip or placeholder): Gradio's own, and the ones
# the issue found (upload box, error badges, model kinds, metric names, the run's label).
ENGLISH = ["Drop File Here", "Click to Upload", "- or -", "Error", "Clear", "Submit", "Use via API", "Built with",
           "Loading", "Copy", "Copied", "Download", "Share", "Fullscreen", "Examples", "Upload", "Remove",
           "Settings", "Retry", "Undo", "Dislike", "Empty", "Warning", "Close", "Reset to default value",
           "Copy message", "Chatbot", "Textbox", "framework", "governance-model", "typology", "method",
           "approach", "hit@1", "hit@5", "mrr", "evidence_recall@5", "source_accuracy", "quote_verification",
           "model_recall", "in_scope_answered", "out_of_scope_refused", "latency", "hybrid"]
# Gradio's screen-reader labels that it writes in English whatever the language, and that neither a
# component setting nor gr.I18n reaches (custom translations cannot override Gradio's own keys, and
# these are not keys at all): named here so that any new one fails the test.
ARIA_EXCEPTIONS = {
    "Click to upload or drop files": "gr.File's drop zone, hard-coded in Gradio's upload component",
    "File upload": "gr.File's hidden input, hard-coded",
    "Remove this file": "the × beside a file in gr.File, hard-coded",
    "chatbot conversation": "gr.Chatbot's message list, hard-coded",
    "user's message": "gr.Chatbot's per-message label, hard-coded",
    "bot's message": "gr.Chatbot's per-message label, hard-coded",
    "number input for": "gr.Slider's number box, hard-coded prefix before our Dutch label",
    "range slider for": "gr.Slider's range input, hard-coded prefix before our Dutch label",
    "More tabs": "gr.Tabs' overflow menu, hard-coded",
    "Empty value": "an empty gr.Dropdown's value, hard-coded",
}
# Gradio's English messages that can still be shown, and why they cannot be Dutch: none is translatable
# (no gr.I18n key, no component setting), so the app keeps users away from them.
VISIBLE_EXCEPTIONS = {
    "File(s) exceed the maximum allowed size": "Gradio's upload limit (launch max_file_size), set at ten times "
                                               "max_document_mb: a file over max_document_mb gets the Dutch message",
}
_ENGLISH_WORD = re.compile(r"\b(the|to|or|for|of|this|message|upload|file|files|value|input|slider|tabs|"
                           r"conversation|remove|reset|click|copy|clear|download|share)\b", re.I)
_VISIBLE = """() => {
  const out = [document.body.innerText];
  for (const el of document.querySelectorAll('[title], [placeholder]'))
    out.push(el.getAttribute('title') || '', el.getAttribute('placeholder') || '');
  return out.join('\\n'); }"""
_ARIA = "() => [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))"


@pytest.fixture(scope="module")
def app(corpus_index, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    corpus = copy_corpus(CORPUS, tmp / "corpus")
    index = tmp / "index"
    shutil.copytree(corpus_index, index)
    running = start_app(corpus, index, tmp / "app.log", env={"WIJZER_EVAL_SET": str(_small_set(tmp))})
    yield running
    stop_app(running)


def _small_set(folder: Path) -> Path:
    """Five questions of the dev set, one per kind, so the Evaluatie tab finishes in seconds."""
    chosen, kinds = [], set()
    for q in yaml.safe_load((ROOT / "evals" / "questions.yaml").read_text(encoding="utf-8")):
        if q["kind"] in {"factual", "checklist", "model", "out_of_scope", "multi_turn"} - kinds:
            kinds.add(q["kind"])
            chosen.append(q)
    path = folder / "five.yaml"
    path.write_text(yaml.safe_dump(chosen, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale=LOCALE)
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


def assert_clean_text(page) -> None:
    """No HTML entity and no Markdown escape shows as text: every text was escaped exactly once."""
    text = page.inner_text("body")
    for entity in ENTITIES:
        assert entity not in text, (entity, text[max(0, text.find(entity) - 200):text.find(entity) + 100])
    assert not MARKDOWN_ESCAPES.search(text), MARKDOWN_ESCAPES.search(text).group()


def assert_dutch(page) -> None:
    """No English UI string in the visible text, tooltips or placeholders; English screen-reader labels
    only where Gradio leaves no choice (ARIA_EXCEPTIONS)."""
    visible = page.evaluate(_VISIBLE)
    assert not any(e in visible for e in VISIBLE_EXCEPTIONS)  # the flows of these tests never meet them
    for english in ENGLISH:
        found = re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", visible)
        assert not found, (english, visible[max(0, found.start() - 150):found.end() + 150])
    for label in page.evaluate(_ARIA):
        if _ENGLISH_WORD.search(label):
            assert any(label.startswith(e) for e in ARIA_EXCEPTIONS), label


def test_chat_quote_followup_and_model_chip(page):
    ask(page, "Welke vormen van netwerkgovernance zijn er?", 1)
    card = page.locator("#quote-cards .quote-card").first
    assert "geverifieerd" in card.inner_text()
    assert "Handreiking Effectief Samenwerken" in cards_text(page)
    assert card.locator(".section").count() == 1
    card.locator("summary").click()  # the surrounding passage: paragraph by paragraph, whole words
    context = card.locator("details.context")
    assert card.locator("details mark").inner_text().strip()[:30] in card.locator("blockquote").inner_text()
    paragraphs = context.locator("p:not(.more)").all_inner_texts()
    assert len(paragraphs) >= 2
    assert not re.search(r"\w…", context.inner_text())  # never cut inside a word
    first_turn = cards_text(page)

    ask(page, "En wat zijn de nadelen daarvan?", 2)
    chat = page.inner_text("#chatbot")
    assert "Vervolgvraag, gelezen als" in chat
    assert cards_text(page) != first_turn
    label = page.locator("#chatbot label, #chatbot [data-testid='block-label']")
    assert label.count() == 0 or not label.first.is_visible()  # no label over the first line
    shot(page, "chat")
    assert_dutch(page)

    chip = page.locator("#model-chips button").first
    name = chip.inner_text().strip()
    chip.click()
    detail = page.locator("#model-detail .model-detail")
    detail.wait_for()
    assert page.get_by_role("tab", name="Modellen").get_attribute("aria-selected") == "true"
    assert name in detail.locator("h3").inner_text()
    assert detail.locator(".quote-card").count() >= 1  # every readable mention with its quote and location


def test_no_entities_after_the_issues_questions(page):
    for turn, question in enumerate(["Welk governancemodel past bij ons netwerk?", "En wat zijn de nadelen daarvan?",
                                     "Hoe wordt het toezicht op een regionaal netwerk ingevuld?",
                                     "Which governance model fits our network?"], 1):
        ask(page, question, turn)
        assert_clean_text(page)
    assert "answers this most directly" in cards_text(page)  # the English question, answered in English
    assert_dutch(page)


def test_bin_clears_the_memo_files_too(page):
    ask(page, "Wat is een BHAG?", 1)
    page.click("#export-memo")
    page.locator("#memo-files a[href*='.pdf']").first.wait_for()
    page.locator("#chatbot button[aria-label='Gesprek wissen'], #chatbot button[title='Gesprek wissen']").first.click()
    page.wait_for_function("!document.querySelector('#memo-files a')")
    assert page.inner_text("#quote-cards").strip() == ""


def test_sessions_do_not_share_history(page, browser, app):
    ask(page, "Wat is een BHAG?", 1)
    other = browser.new_context(locale=LOCALE).new_page()
    other.goto(app.url)
    other.wait_for_selector("#question textarea")
    assert "BHAG" not in other.inner_text("#chatbot")
    assert other.inner_text("#quote-cards").strip() == ""
    other.context.close()
    page.click("#new-conversation")
    page.wait_for_function("!document.querySelector('#chatbot').innerText.includes('BHAG')")


def test_model_search_and_detail(page):
    page.get_by_role("tab", name="Modellen").click()
    page.fill("#model-query textarea", "vertrouwen")
    page.click("#model-search")
    page.wait_for_selector("#model-detail .model-detail[data-model='vertrouwensparadox']")
    detail = page.inner_text("#model-detail")
    assert "Krackhardt, 2003 · kader" in detail  # authors and year once, the kind in Dutch
    quotes = " ".join(page.locator("#model-detail blockquote").all_inner_texts())
    assert "Aan vertrouwen kun je werken" in quotes
    assert "VERDIEPENDE LITERATUUR" not in quotes and "Kernmodel" not in quotes  # no heading soup quoted
    assert "Ook bekend als" not in detail and "Krackhardt (2003)" not in detail  # search aliases stay internal
    labels = page.locator("#model-list label").all_inner_texts()
    tenhaeff = [x for x in labels if "Tenhaeff" in x]
    assert all(x.count("Ten Have Change") <= 1 for x in tenhaeff)
    shot(page, "model")
    assert_dutch(page)
    page.fill("#model-query textarea", "netwerkgovernance")
    page.click("#model-search")
    page.wait_for_function("document.querySelector('#model-detail').innerText.includes('Provan')")


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
    assert advice.locator(":scope > .quote-card").count() == 1  # the single best quote first
    assert "Advies voor Relatie (cijfer 3)" in advice.inner_text()
    assert "Is er voldoende onderling vertrouwen?" in advice.inner_text()  # the condition's own questions
    assert "Stroomversneller" in advice.inner_text()
    more = advice.locator("details.advice-more")
    assert more.get_attribute("open") is None and more.locator(".quote-card").count() >= 1  # the rest, folded
    shot(page, "quickscan")
    assert_dutch(page)
    page.click("#scan-export")
    link = page.locator("#scan-files a[href*='.md']").first
    link.wait_for()
    memo = page.request.get(link.get_attribute("href")).text()
    assert "Relatie: 3" in memo and "sha256" in memo
    assert "()" not in memo  # no model with empty brackets for missing authors


def test_export_memo_summary_first_without_internal_names(page, app):
    from pypdf import PdfReader

    ask(page, "Welk governancemodel past bij ons netwerk?", 1)
    first = page.locator("#quote-cards .quote-card blockquote").first.inner_text()
    quotes = page.locator("#quote-cards .quote-card blockquote").all_inner_texts()
    page.click("#export-memo")
    page.locator("#memo-files a[href*='.pdf']").first.wait_for()
    md = page.request.get(page.locator("#memo-files a[href*='.md']").first.get_attribute("href")).text()
    flat = " ".join(md.split())
    assert "Welk governancemodel past bij ons netwerk?" in md
    for q in quotes:
        body = re.sub(r"^\[\d+\] “|”$", "", q.strip())
        assert " ".join(body.split())[:80] in flat
    from ingest.catalog import load_catalog

    catalog = load_catalog(CORPUS)
    entry = catalog["handreiking-effectief-samenwerken"]
    generation = (app.index / "CURRENT").read_text().strip()
    assert entry.sha256 in md and re.search(r"Samenwerkwijzer \d+\.\d+", md)
    for internal in [generation, "provan-kenis-2008", "id provan"] + [e.origin for e in catalog.values()]:
        assert internal not in md, internal
    for entity in ENTITIES:
        assert entity not in md, entity

    pdf = page.request.get(page.locator("#memo-files a[href*='.pdf']").first.get_attribute("href")).body()
    reader = PdfReader(BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    head = re.sub(r"^\[\d+\] “|”$", "", first.strip())[:40]
    assert text.startswith("Bestuursmemo Samenwerkwijzer Samenvatting Vraag: Welk governancemodel past bij ons netwerk?")
    assert text.index(" ".join(head.split())) < text.index("Citaten uit de documenten")  # the summary's opening quote
    assert generation not in text and entry.origin not in text
    assert entry.sha256 in text.replace(" ", "")
    _memo_page_shot(pdf)


def _memo_page_shot(pdf: bytes) -> None:
    import pypdfium2

    SHOTS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    document[0].render(scale=1.5).to_pil().save(SHOTS / "memo.png")
    document.close()


def test_upload_without_a_file_keeps_the_table(page, app):
    page.get_by_role("tab", name="Documenten").click()
    table = page.locator("#documents table.documents-table")
    table.wait_for()
    rows = table.locator("tbody tr").count()
    page.click("#upload-submit")
    page.wait_for_selector("#doc-status .status.error")
    assert "Kies eerst een bestand" in page.inner_text("#doc-status")
    assert table.is_visible() and table.locator("tbody tr").count() == rows
    assert page.locator("#upload input[type=file]").count() == 1 and page.locator("#remove-choice").is_visible()
    assert "Fout" not in page.inner_text("body")  # no error badge in place of a component
    head = table.locator("thead").inner_text().split("\t")
    assert [h.strip() for h in head] == ["Titel", "Uitgever", "Datum", "Pagina's", "Passages", "sha256"]
    handreiking = table.locator("tr", has_text="Handreiking Effectief Samenwerken")
    assert "NVZD" in handreiking.inner_text() and "001_ae20d45ff8b45e24.txt" not in page.inner_text("#documents")
    cells = handreiking.locator("td").all_inner_texts()
    assert cells[3] == "—"  # a text file has no pages
    sha = handreiking.locator("code")
    assert len(sha.get_attribute("title")) == 64 and sha.inner_text().rstrip("…") in sha.get_attribute("title")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app.url.rstrip("/"))
    handreiking.locator("button.copy-sha").click()
    assert handreiking.locator("button.copy-sha").inner_text() == "gekopieerd"
    assert page.evaluate("navigator.clipboard.readText()") == sha.get_attribute("title")
    shot(page, "documenten")
    assert_dutch(page)


def test_evaluation_tab_shows_pass_or_fail_per_metric(page):
    from evals.report import load_thresholds

    page.get_by_role("tab", name="Evaluatie").click()
    page.click("#eval-run")
    page.wait_for_selector("#eval-report .eval-metrics")
    for name in load_thresholds():
        verdict = page.locator(f"#eval-report tr[data-metric='{name}'] td.verdict").inner_text()
        assert verdict in ("✓ gehaald", "✗ niet gehaald", "– niet gemeten (geen vragen van deze soort)"), \
            (name, verdict)
    assert page.locator("#eval-report tr[data-metric]").count() >= 12  # every metric, with a Dutch line
    kinds = page.locator("#eval-report table.eval-kinds thead").inner_text()
    assert "feitelijk (1)" in kinds and "buiten de documenten (1)" in kinds
    failures = page.locator("#eval-report details.failure")
    if failures.count():
        failures.first.locator("summary").click()
        body = failures.first.inner_text()
        assert "Verwacht" in body and "Het antwoord liet zien" in body and "Waarom mislukt" in body
    page.locator("#eval-plot img").wait_for()
    assert page.locator("#eval-files a[href*='report.md']").count() == 1
    shot(page, "evaluatie")
    assert_dutch(page)


def test_api_named_endpoints_and_the_readme_example(app):
    from gradio_client import Client

    info = Client(app.url, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(info["named_endpoints"]) == {"/ask", "/models", "/scan"} and not info["unnamed_endpoints"]
    assert [p["parameter_name"] for p in info["named_endpoints"]["/ask"]["parameters"]] == ["question", "history"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"<!-- gradio_client example.*?-->\n```python\n(.*?)```", readme, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(example.replace("http://127.0.0.1:7860/", app.url), {})
    printed = out.getvalue()
    assert printed.count("” — Handreiking Effectief Samenwerken, ") >= 2  # the follow-up's quotes, with place
    assert "Drie vormen van netwerkgovernance" in printed and "['relatie']" in printed


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
    row = page.locator("#documents tr", has_text="zuiderkwartier-pact.pdf").locator("td").all_inner_texts()
    assert row[3] == "2"  # pages of a PDF

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


@pytest.mark.parametrize("name, content, message", [
    ("brief.docx", b"PK\x03\x04 geen pdf", "Bestandstype .docx wordt niet ondersteund"),
    ("groot.txt", b"woord " * (2 * 1024 * 1024), "groter dan 10 MB")])
def test_refused_upload_says_why_in_dutch(page, tmp_path, name, content, message):
    """Not Gradio's "Invalid file type: … Only … allowed." or "File(s) exceed the maximum allowed size"."""
    (tmp_path / name).write_bytes(content)
    page.get_by_role("tab", name="Documenten").click()
    page.locator("#upload input[type=file]").set_input_files(str(tmp_path / name))
    page.wait_for_selector("#upload a, #upload .file-name, #upload table")  # uploaded
    page.click("#upload-submit")
    page.wait_for_selector("#doc-status .status.error")
    assert message in page.inner_text("#doc-status")
    assert_dutch(page)


def test_failed_upload_leaves_index_as_it_was(page, app, tmp_path):
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4 dit is geen echte pdf")
    current = (app.index / "CURRENT").read_text()
    page.get_by_role("tab", name="Documenten").click()
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    page.click("#upload-submit")
    page.wait_for_selector("#doc-status .status.error")
    assert (app.index / "CURRENT").read_text() == current
    assert not (app.corpus / "documents" / "kapot.pdf").exists()


def test_chat_refuses_other_host_without_login(monkeypatch, capsys):
    from interfaces.cli import main

    monkeypatch.delenv("WIJZER_APP_USER", raising=False)
    monkeypatch.delenv("WIJZER_APP_PASSWORD", raising=False)
    assert main(["chat", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "gebruikersnaam en wachtwoord" in capsys.readouterr().err


def test_start_time_and_memory(app):
    """Resident memory ≤ 800 MB; the first page's time is printed (`make bench` compares it with bare Gradio)."""
    print(f"\nfirst page served after {app.started_s:.1f} s; resident memory {app.rss_mb():.0f} MB")
    assert app.rss_mb() < 800
