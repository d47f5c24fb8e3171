"""`wijzer chat`: the Gradio app — Chat, Modellen, Quick scan, Documenten, Evaluatie — over one `Assistant`.

Thin: every action calls the same functions as the CLI. Every text that comes from a document, an upload
or a question is HTML-escaped before it reaches an HTML or Markdown component.
"""
from __future__ import annotations

import html
import io
import logging
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from assistant.answer import Answer  # noqa: E402
from assistant.render import credit, location, templates  # noqa: E402
from assistant.memo import conversation_memo, scan_memo, write_memo  # noqa: E402
from assistant.quickscan import CONDITIONS, PREFIX, QuickScan, ScanResult  # noqa: E402
from assistant.register import Register  # noqa: E402
from assistant.settings import Settings  # noqa: E402

log = logging.getLogger(__name__)
UPLOAD_TYPES = (".pdf", ".txt", ".md")
CONTEXT_CHARS = 600
# questions answered at once, one per core (20 concurrent conversations: p95 2.2 s at 1, 1.4 s at 2)
ASK_CONCURRENCY = 2
EXAMPLES = [
    "Welk governancemodel past bij ons netwerk?",
    "Wat zijn condities voor kansrijke samenwerking?",
    "Hoe bouw je vertrouwen op tussen samenwerkingspartners?",
    "Wat is een BHAG?",
]
CSS = """
.quote-card {border:1px solid #d0d7de; border-left:4px solid #2f6f4f; border-radius:6px; padding:.6em .8em; margin:.5em 0;}
.quote-card blockquote {margin:0 0 .4em 0; font-style:italic;}
.quote-meta {font-size:.85em; color:#555;}
.quote-meta .doc-title {font-weight:600; color:#222;}
.refusal {border:1px solid #e0b252; background:#fff8e6; border-radius:6px; padding:.6em .8em;}
.model-chip button, button.model-chip {border-radius:999px !important;}
.checklist {border:1px dashed #999; border-radius:6px; padding:.4em .8em; margin:.5em 0;}
.advice {border:1px solid #d0d7de; border-radius:6px; padding:.6em .9em; margin:.8em 0;}
.score-low {color:#a4161a; font-weight:600;}
mark {background:#fff3a3;}
"""


def esc(text: str | None) -> str:
    """Text as inert HTML."""
    return html.escape(text or "", quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~>-])")


def esc_md(text: str | None) -> str:
    """Text as inert Markdown: HTML-escaped and Markdown syntax backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", esc(text))


class AppContext:
    """The one `Assistant` of the running app: loaded in the background once the server is up (so the
    first page does not wait for the index), replaced after an upload, and after a `wijzer ingest` run
    elsewhere switched the index to a new generation (see `follow_index`)."""

    def __init__(self, factory: Callable[[], object], settings: Settings):
        self.factory, self.settings = factory, settings
        self._assistant = None
        self._quickscan: QuickScan | None = None
        self._error: BaseException | None = None
        self._ready = threading.Event()
        self.write_lock = threading.Lock()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None
        self._reloading = threading.Lock()
        self._skipped: str | None = None  # a generation that failed to load: not tried again

    def start(self) -> None:
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, daemon=True, name="assistant-load")
                self._thread.start()

    def _load(self) -> None:
        try:
            self._assistant = self.factory()
        except BaseException as exc:  # shown to the user on the first action
            self._error = exc
        finally:
            self._ready.set()

    @property
    def assistant(self):
        self.start()
        self._ready.wait()
        if self._assistant is None:
            raise gr.Error(f"De index kon niet geladen worden: {self._error}")
        self.follow_index()
        return self._assistant

    def follow_index(self) -> None:
        """If the index's CURRENT names another generation than the one served, load that one in the
        background and serve it once loaded; until then (and if it fails to load) the old one serves."""
        served = self._assistant.index
        try:
            name = (served.root / "CURRENT").read_text().strip()
        except OSError:
            return
        if name in (served.generation, self._skipped) or self.write_lock.locked() \
                or not self._reloading.acquire(blocking=False):
            return
        threading.Thread(target=self._reload, args=(name,), daemon=True, name="assistant-reload").start()

    def _reload(self, name: str) -> None:
        try:
            fresh = self.factory()
            with self.write_lock:
                self.replace(fresh)
        except Exception as exc:  # noqa: BLE001 - the loaded generation keeps serving
            self._skipped = name
            log.warning("nieuwe indexgeneratie %s niet geladen: %s", name, exc)
        finally:
            self._reloading.release()

    @property
    def quickscan(self) -> QuickScan:
        a = self.assistant
        if self._quickscan is None or self._quickscan.assistant is not a:
            self._quickscan = QuickScan(a)
        return self._quickscan

    def replace(self, assistant) -> None:
        self._assistant, self._quickscan = assistant, None


# ---------------------------------------------------------------- rendering (from the Answer record fields)

def _location(title: str, section: str, page: int | None, t: dict) -> str:
    parts = [f'<span class="doc-title">{esc(title)}</span>']
    if section:
        parts.append(f'<span class="section">{esc(section)}</span>')
    if page is not None:
        parts.append(f'<span class="page">{esc(t["page"])} {page}</span>')
    return " — ".join(parts)


def _context_html(assistant, document: str, start: int, end: int) -> str:
    doc = assistant.index.docs.get(document)
    if doc is None:
        return ""
    a, b = max(0, start - CONTEXT_CHARS), min(len(doc.text), end + CONTEXT_CHARS)
    before, quote, after = doc.text[a:start], doc.text[start:end], doc.text[end:b]
    return (f'<details class="context"><summary>Omringende passage</summary><p>{"…" if a else ""}{esc(before)}'
            f'<mark>{esc(quote)}</mark>{esc(after)}{"…" if b < len(doc.text) else ""}</p></details>')


def answer_cards(assistant, ans: Answer | None, turn: int = 1) -> str:
    """Quote cards and checklist of one answer (turn n of the conversation), as inert HTML."""
    if ans is None:
        return ""
    t = templates(ans.language)
    if ans.refused:
        return (f'<div class="refusal" role="status" data-turn="{turn}"><strong>Geen antwoord in de documenten'
                f'</strong><br>{esc(ans.answer)}</div>')
    out = [f'<div class="cards" data-turn="{turn}"><h4>{esc(t["intro"])}</h4>']
    if ans.checklist is not None:
        c = ans.checklist
        items = "".join(f"<li>{esc(i.text)}</li>" for i in c.items)
        out.append(f'<div class="checklist"><strong>{esc(t["checklist"])}: {esc(c.title)}</strong><ul>{items}</ul></div>')
    for i, q in enumerate(ans.quotes, 1):
        badge = "✓ geverifieerd" if q.verified else "niet geverifieerd"
        out.append(f'<div class="quote-card" data-document="{esc(q.document)}"><blockquote>[{i}] “{esc(q.text)}”'
                   f'</blockquote><div class="quote-meta">{_location(q.title, q.section, q.page, t)} · {badge}</div>'
                   f'{_context_html(assistant, q.document, q.start, q.end)}</div>')
    out.append("</div>")
    return "".join(out)


def chat_message(ans: Answer) -> str:
    """The assistant's chat bubble, built from the record (Markdown of escaped text)."""
    t = templates(ans.language)
    if ans.refused:
        return f"⚠️ *{esc_md(ans.answer)}*"
    lines = []
    if ans.resolved_question and ans.resolved_question != " ".join(ans.question.split()):
        lines += [f"*{esc_md(t['followup'])}: “{esc_md(ans.resolved_question)}”*", ""]
    if ans.checklist is not None:
        lines += [f"**{esc_md(t['checklist'])}: {esc_md(ans.checklist.title)}**", ""]
        lines += [f"- {esc_md(i.text)}" for i in ans.checklist.items] + [""]
    if ans.generated:
        lines += [esc_md(ans.generated), ""]
    lines += [esc_md(t["intro"]), ""]
    for i, q in enumerate(ans.quotes, 1):
        lines += [f"> [{i}] “{esc_md(' '.join(q.text.split()))}”  ", f"> — *{esc_md(location(q, t))}*", ""]
    if ans.models:
        lines.append(f"**{esc_md(t['models'])}:** " + ", ".join(esc_md(m.name) for m in ans.models))
    return "\n".join(lines).rstrip()


def model_label(m) -> str:
    who = credit(m)
    return f"{m.name} ({who})" if who else m.name


def model_detail(assistant, model_id: str | None) -> str:
    m = assistant.register.models.get(model_id or "")
    if m is None:
        return "<p>Kies een model uit de lijst.</p>"
    who = credit(m)
    out = [f'<div class="model-detail" data-model="{esc(m.id)}"><h3>{esc(m.name)}</h3>',
           f"<p><em>{esc(who)}</em>{' · ' + esc(m.kind) if m.kind else ''}</p><p>{esc(m.summary)}</p>"]
    if m.aliases:
        out.append(f"<p>Ook bekend als: {esc(', '.join(m.aliases))}</p>")
    out.append("<h4>Waar de documenten het noemen</h4>")
    t = templates("nl")
    for x in m.mentions:
        doc = assistant.index.docs.get(x.document)
        title = doc.record.title if doc else x.document
        page = doc.page_at(x.start) if doc and x.found else None
        ctx = _context_html(assistant, x.document, x.start, x.end) if x.found else ""
        out.append(f'<div class="quote-card"><blockquote>“{esc(x.text)}”</blockquote>'
                   f'<div class="quote-meta">{_location(title, x.section, page, t)}</div>{ctx}</div>')
    if m.literature:
        out.append("<h4>Literatuur</h4><ul>" + "".join(f"<li>{esc(x)}</li>" for x in m.literature) + "</ul>")
    out.append("</div>")
    return "".join(out)


def scan_html(result: ScanResult) -> str:
    rows = "".join(f"<li>{esc(k.title())}: <span class='{'score-low' if k in result.weakest else ''}'>{v}</span></li>"
                   for k, v in result.scores.items())
    out = [f'<div class="scan-result"><h3>Uitslag</h3><ul>{rows}</ul><p>Gemiddeld {result.average:.1f}. '
           f'Zwakste conditie(s): <strong>{esc(", ".join(a.condition.name for a in result.advice))}</strong></p>']
    t = templates("nl")
    for adv in result.advice:
        out.append(f'<div class="advice" data-condition="{esc(adv.condition.key)}">'
                   f"<h3>Advies voor {esc(adv.condition.name)} (cijfer {adv.score})</h3>"
                   f"<h4>Uit de documenten: {esc(adv.question)}</h4>")
        if adv.answer.refused:
            out.append(f'<div class="refusal">{esc(adv.answer.answer)}</div>')
        for q in adv.answer.quotes:
            out.append(f'<div class="quote-card"><blockquote>“{esc(q.text)}”</blockquote>'
                       f'<div class="quote-meta">{_location(q.title, q.section, q.page, t)}</div></div>')
        if adv.models:
            out.append("<h4>Verwante modellen</h4><ul>" + "".join(
                f"<li><strong>{esc(model_label(m))}</strong>: {esc(m.summary)}</li>" for m in adv.models) + "</ul>")
        for theme in adv.themes:
            out.append(f"<h4>Stroomversneller — {esc(theme.group)}</h4><ul>"
                       + "".join(f"<li>Vraag: {esc(q)}</li>" for q in theme.questions)
                       + "".join(f"<li>Tip: {esc(x)}</li>" for x in theme.tips) + "</ul>")
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


# ---------------------------------------------------------------- documents

@dataclass(frozen=True)
class UploadResult:
    ok: bool
    message: str
    document: str = ""


def _safe_stem(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", Path(name).stem.lower()).strip("-")[:80]
    return stem or "document"


def documents_table(assistant) -> list[list]:
    return [[r.title, r.origin, r.date, r.pages if r.pages is not None else "", r.chunks, r.sha256]
            for r in (d.record for d in assistant.index.docs.values())]


def removable(settings: Settings) -> list[str]:
    """Uploaded documents (those not in catalog.yaml) — the seed documents cannot be removed here."""
    from ingest.catalog import load_catalog
    from ingest.pipeline import corpus_files

    seeds = set(load_catalog(Path(settings.corpus_dir)))
    return [p.name for p in corpus_files(Path(settings.corpus_dir)) if p.stem not in seeds]


def _reingest(ctx: AppContext):
    """Bring the index in line with the corpus (atomic: on failure the old generation keeps serving)."""
    from ingest.pipeline import ingest

    s = ctx.settings
    report = ingest(Path(s.corpus_dir), Path(s.index_dir), s.embedder, progress=True, out=io.StringIO(),
                    chroma_host=s.chroma_host or None, chroma_port=s.chroma_port)
    return report


def add_upload(ctx: AppContext, upload_path: str) -> UploadResult:
    """Validate, store under the corpus, ingest; a failed upload leaves corpus and index as they were."""
    from ingest.loaders import LoadError, load

    src = Path(upload_path)
    if src.suffix.lower() not in UPLOAD_TYPES:
        return UploadResult(False, f"Bestandstype {src.suffix or '(geen)'} wordt niet ondersteund; "
                                   f"kies {', '.join(UPLOAD_TYPES)}.")
    limit = ctx.settings.max_document_mb
    if src.stat().st_size > limit * 1024 * 1024:
        return UploadResult(False, f"Bestand is groter dan {limit:g} MB (instelling max_document_mb).")
    name = _safe_stem(src.name) + src.suffix.lower()
    folder = Path(ctx.settings.corpus_dir) / "documents"
    target = folder / name
    with ctx.write_lock:
        if target.exists() or Path(name).stem in ctx.assistant.index.docs:
            return UploadResult(False, f"Er is al een document met de naam {name}.")
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / name
            shutil.copyfile(src, staged)
            try:
                doc_id = load(staged).document
            except LoadError as exc:
                return UploadResult(False, f"{name}: {exc.reason}")
            shutil.copyfile(staged, target)
        try:
            report = _reingest(ctx)
            failed = [reason for f, reason in report.failed if f == name]
            if failed:
                raise RuntimeError(failed[0])
            fresh = ctx.factory()
        except Exception as exc:  # the old generation keeps serving
            target.unlink(missing_ok=True)
            return UploadResult(False, f"{name} is niet toegevoegd: {exc}")
        ctx.replace(fresh)
    rec = fresh.index.docs[doc_id].record
    return UploadResult(True, f"{name} toegevoegd: {rec.chunks} passages, {rec.pages or '–'} pagina's.", doc_id)


def remove_document(ctx: AppContext, name: str) -> UploadResult:
    if name not in removable(ctx.settings):
        return UploadResult(False, "Alleen geüploade documenten kunnen hier verwijderd worden.")
    target = Path(ctx.settings.corpus_dir) / "documents" / name
    with ctx.write_lock:
        keep = target.read_bytes()
        target.unlink()
        try:
            _reingest(ctx)
            fresh = ctx.factory()
        except Exception as exc:
            target.write_bytes(keep)
            return UploadResult(False, f"{name} is niet verwijderd: {exc}")
        ctx.replace(fresh)
    return UploadResult(True, f"{name} verwijderd.")


# ---------------------------------------------------------------- the app

def build_app(assistant_factory: Callable[[], object] | None = None, settings: Settings | None = None) -> gr.Blocks:
    """The Blocks app; the Assistant is loaded in the background so the first page is served at once."""
    from assistant import Assistant

    settings = settings or Settings.load()
    ctx = AppContext(assistant_factory or (lambda: Assistant.load(settings)), settings)
    layout_register = Register.load(Path(settings.corpus_dir), {})  # texts only, for building the layout
    model_choices = [(model_label(m), m.id) for m in layout_register.models.values()]
    conditions = [layout_register.checklists[PREFIX + k] for k in CONDITIONS if PREFIX + k in layout_register.checklists]
    memo_dir = Path(tempfile.mkdtemp(prefix="wijzer-memo-"))

    with gr.Blocks(title="Samenwerkwijzer", analytics_enabled=False) as app:
        app.wijzer_context = ctx
        gr.Markdown("## Samenwerkwijzer\nVragen over regionale samenwerking in de zorg, beantwoord met "
                    "letterlijke, gecontroleerde citaten uit de documenten.")
        answers = gr.State([])  # this browser session's conversation (list[Answer])
        chip_models = gr.State([])  # (id, name) of the models of the last answer
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label="Gesprek", height=460, elem_id="chatbot", feedback_options=None,
                                             allow_tags=False, sanitize_html=True, buttons=["copy"])
                        with gr.Row():
                            question = gr.Textbox(placeholder="Stel je vraag…", show_label=False, scale=5,
                                                  elem_id="question", max_length=settings.max_question_chars)
                            ask_btn = gr.Button("Vraag", variant="primary", scale=1, elem_id="ask")
                        gr.Examples(EXAMPLES, inputs=[question], label="Voorbeeldvragen")
                        with gr.Row():
                            new_btn = gr.Button("Nieuw gesprek", elem_id="new-conversation")
                            scope = gr.Radio(["Laatste antwoord", "Heel gesprek"], value="Heel gesprek",
                                             label="Memo van", elem_id="memo-scope")
                            memo_btn = gr.Button("Exporteer bestuursmemo", elem_id="export-memo")
                        memo_files = gr.File(label="Bestuursmemo (Markdown en PDF)", file_count="multiple",
                                             interactive=False, elem_id="memo-files")
                    with gr.Column(scale=2):
                        gr.Markdown("#### Citaten bij het laatste antwoord")
                        cards = gr.HTML("", elem_id="quote-cards")

                        @gr.render(inputs=[chip_models], triggers=[chip_models.change, app.load])
                        def _chips(models):
                            if not models:
                                return
                            gr.Markdown("**Modellen** (klik om te openen)")
                            with gr.Row(elem_id="model-chips"):
                                for mid, name in models:
                                    b = gr.Button(name, size="sm", elem_classes=["model-chip"],
                                                  elem_id=f"chip-{mid}")
                                    b.click(lambda m=mid: _open_model(m), None, [tabs, model_list, detail])

            with gr.Tab("Modellen", id="modellen"):
                with gr.Row():
                    model_query = gr.Textbox(placeholder="Zoek een model, bijv. governance of vertrouwen",
                                             show_label=False, scale=4, elem_id="model-query")
                    model_search_btn = gr.Button("Zoeken", scale=1, elem_id="model-search")
                with gr.Row():
                    model_list = gr.Radio(model_choices, label="Modellen", elem_id="model-list", scale=1)
                    detail = gr.HTML("<p>Kies een model uit de lijst.</p>", elem_id="model-detail")

            with gr.Tab("Quick scan", id="quickscan"):
                gr.Markdown("Beoordeel jullie samenwerking op de vijf condities uit de Quick scan van de "
                            "Handreiking Effectief Samenwerken. Lees per conditie de vier vragen en geef een "
                            "cijfer van 1 tot 10. De zwakste conditie(s) krijgen advies uit alle documenten.")
                sliders = []
                for c in conditions:
                    key = c.id.removeprefix(PREFIX)
                    with gr.Group():
                        gr.Markdown(f"**{esc_md(c.group)}**\n\n" + "\n".join(f"- {esc_md(i.text)}" for i in c.items))
                        sliders.append(gr.Slider(1, 10, value=6, step=1, label=f"Cijfer {c.group}",
                                                 elem_id=f"score-{key}"))
                scan_btn = gr.Button("Bekijk advies", variant="primary", elem_id="scan-submit")
                scan_out = gr.HTML("", elem_id="scan-result")
                scan_memo_btn = gr.Button("Exporteer als memo", elem_id="scan-export")
                scan_files = gr.File(label="Quick scan-memo", file_count="multiple", interactive=False,
                                     elem_id="scan-files")
                scan_state = gr.State(None)

            with gr.Tab("Documenten", id="documenten"):
                docs_df = gr.Dataframe(headers=["titel", "herkomst", "datum", "pagina's", "passages", "sha256"],
                                       interactive=False, elem_id="documents", wrap=True)
                with gr.Row():
                    upload = gr.File(label=f"Document toevoegen (.pdf, .txt, .md; max. {settings.max_document_mb:g} MB)",
                                     file_types=list(UPLOAD_TYPES), elem_id="upload")
                    with gr.Column():
                        upload_btn = gr.Button("Toevoegen en indexeren", variant="primary", elem_id="upload-submit")
                        remove_choice = gr.Dropdown([], label="Geüpload document verwijderen", elem_id="remove-choice")
                        remove_btn = gr.Button("Verwijderen", elem_id="remove-submit")
                doc_status = gr.Markdown("", elem_id="doc-status")

            with gr.Tab("Evaluatie", id="evaluatie"):
                gr.Markdown("Draai de testset (`wijzer eval`) over de huidige index: tabel en grafiek.")
                eval_btn = gr.Button("Testset draaien", variant="primary", elem_id="eval-run")
                eval_table = gr.Markdown("", elem_id="eval-table")
                eval_plot = gr.Image(label="Scores per soort vraag", type="filepath", elem_id="eval-plot")

        # ---- chat
        def _ask(message: str, history: list[Answer], messages: list):
            message = (message or "").strip()
            if not message:
                yield messages, history, gr.skip(), gr.skip(), ""
                return
            messages = list(messages or []) + [{"role": "user", "content": esc_md(message)},
                                               {"role": "assistant", "content": "*Zoeken in de documenten…*"}]
            yield messages, history, gr.skip(), gr.skip(), ""
            a = ctx.assistant
            streamed = ""
            for item in a.ask_stream(message, history=history):  # with an LLM: its checked sentences
                if isinstance(item, str):
                    streamed += item
                    messages[-1] = {"role": "assistant", "content": esc_md(streamed)}
                    yield messages, history, gr.skip(), gr.skip(), ""
                else:
                    ans = item
            messages[-1] = {"role": "assistant", "content": chat_message(ans)}
            yield (messages, history + [ans], answer_cards(a, ans, len(history) + 1), [(m.id, m.name) for m in ans.models], "")

        chat_io = [chatbot, answers, cards, chip_models, question]
        for trigger in (question.submit, ask_btn.click):  # one queue for both, ASK_CONCURRENCY at once
            trigger(_ask, [question, answers, chatbot], chat_io, concurrency_limit=ASK_CONCURRENCY, concurrency_id="ask")
        new_btn.click(lambda: ([], [], "", [], "", None), None, chat_io + [memo_files])
        chatbot.clear(lambda: ([], "", []), None, [answers, cards, chip_models])

        def _memo(history: list[Answer], which: str):
            if not history:
                raise gr.Error("Er is nog geen antwoord om te exporteren.")
            chosen = history[-1:] if which == "Laatste antwoord" else history
            folder = Path(tempfile.mkdtemp(dir=memo_dir))
            return [str(p) for p in write_memo(conversation_memo(ctx.assistant, chosen), folder, "bestuursmemo")]

        memo_btn.click(_memo, [answers, scope], [memo_files])

        # ---- models
        def _open_model(model_id: str):
            return gr.Tabs(selected="modellen"), gr.Radio(choices=model_choices, value=model_id), \
                model_detail(ctx.assistant, model_id)

        def _search_models(query: str):
            found = ctx.assistant.models(query or "", k=10)
            choices = [(model_label(m), m.id) for m in found]
            first = found[0].id if found else None
            return gr.Radio(choices=choices, value=first), model_detail(ctx.assistant, first)

        model_search_btn.click(_search_models, [model_query], [model_list, detail])
        model_query.submit(_search_models, [model_query], [model_list, detail])
        model_list.input(lambda mid: model_detail(ctx.assistant, mid), [model_list], [detail])

        # ---- quick scan
        def _scan(*scores):
            keys = [c.id.removeprefix(PREFIX) for c in conditions]
            result = ctx.quickscan.advise({k: int(v) for k, v in zip(keys, scores)})
            return scan_html(result), result, None

        scan_btn.click(_scan, sliders, [scan_out, scan_state, scan_files])

        def _scan_memo(result: ScanResult | None):
            if result is None:
                raise gr.Error("Vul eerst de Quick scan in en bekijk het advies.")
            folder = Path(tempfile.mkdtemp(dir=memo_dir))
            return [str(p) for p in write_memo(scan_memo(ctx.assistant, result), folder, "quickscan-memo")]

        scan_memo_btn.click(_scan_memo, [scan_state], [scan_files])

        # ---- documents
        def _docs(message: str = ""):
            return documents_table(ctx.assistant), gr.Dropdown(choices=removable(settings), value=None), message

        def _upload(path, progress=gr.Progress(track_tqdm=True)):
            if not path:
                raise gr.Error("Kies eerst een bestand.")
            progress(0, desc="Controleren en indexeren…")
            res = add_upload(ctx, path)
            return *_docs(("✅ " if res.ok else "❌ ") + esc_md(res.message)), None

        def _remove(name, progress=gr.Progress(track_tqdm=True)):
            if not name:
                raise gr.Error("Kies een document om te verwijderen.")
            progress(0, desc="Verwijderen en opnieuw indexeren…")
            res = remove_document(ctx, name)
            return _docs(("✅ " if res.ok else "❌ ") + esc_md(res.message))

        upload_btn.click(_upload, [upload], [docs_df, remove_choice, doc_status, upload])
        remove_btn.click(_remove, [remove_choice], [docs_df, remove_choice, doc_status])
        app.load(_docs, None, [docs_df, remove_choice, doc_status])

        # ---- evaluation
        def _eval(progress=gr.Progress(track_tqdm=True)):
            from evals.dataset import load_questions
            from evals.report import table, write
            from evals.runner import evaluate

            progress(0, desc="Testset draaien…")
            ev = evaluate(ctx.assistant, load_questions(), with_llm=False)  # as `wijzer eval`'s gate
            paths = write(ev.main, Path(tempfile.mkdtemp(dir=memo_dir)))
            return f"```\n{table(ev.main)}\n```", str(paths["plot"])

        eval_btn.click(_eval, None, [eval_table, eval_plot])
    return app


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
           block: bool = True):
    """Serve the app, then load the index in the background; a non-loopback host only with authentication."""
    if not is_loopback(host) and not auth:
        raise ValueError("een ander adres dan 127.0.0.1 alleen met gebruikersnaam en wachtwoord "
                         "(app_user / app_password of WIJZER_APP_USER / WIJZER_APP_PASSWORD)")
    served = app.launch(server_name=host, server_port=port, auth=auth, prevent_thread_lock=True,
                        max_file_size=f"{app.wijzer_context.settings.max_document_mb:g}mb", css=CSS, footer_links=[], quiet=True,
                        show_error=True, ssr_mode=False, inbrowser=False)
    app.wijzer_context.start()
    if block:
        app.block_thread()
    return served


def is_loopback(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"} or host.startswith("127.")
