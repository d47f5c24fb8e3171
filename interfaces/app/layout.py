"""The app's page: header, tabs and components, each wired to its function in handlers.py.

Only /ask, /models and /scan (api.py) are public API endpoints; every event of the page itself is private.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import gradio as gr

from assistant.markup import html_text, md_text
from assistant.texts import read_yaml, ui
from interfaces.app import api, views
from interfaces.app.context import AppContext
from interfaces.app.handlers import Handlers

PRIVATE = "private"  # every handler of the page itself; gradio_client users get interfaces/app/api.py
CSS = """
.quote-card {border:1px solid #d0d7de; border-left:4px solid #2f6f4f; border-radius:6px; padding:.6em .8em; margin:.5em 0;}
.quote-card blockquote {margin:0 0 .4em 0; font-style:italic;}
.quote-meta {font-size:.85em; color:#555;}
.quote-meta .doc-title {font-weight:600; color:#222;}
.context p {margin:.35em 0; font-size:.9em;}
.context p.more {color:#777;}
.index-notice {border:1px solid #a4161a; background:#fdecea; border-radius:6px; padding:.6em .8em; margin:.5em 0;}
.refusal, .partial {border:1px solid #e0b252; background:#fff8e6; border-radius:6px; padding:.6em .8em; margin:.5em 0;}
.model-chip button, button.model-chip {border-radius:999px !important;}
.checklist {border:1px dashed #999; border-radius:6px; padding:.4em .8em; margin:.5em 0;}
.advice {border:1px solid #d0d7de; border-radius:6px; padding:.6em .9em; margin:.8em 0;}
.advice-more > summary, .failure > summary, .context > summary {cursor:pointer; color:#2f6f4f;}
.score-low {color:#a4161a; font-weight:600;}
.status.error {color:#a4161a;} .status.ok {color:#2f6f4f;}
.documents-table, .eval-metrics, .eval-kinds {border-collapse:collapse; width:100%; font-size:.92em;}
.documents-table th, .eval-metrics th, .eval-kinds th {white-space:nowrap; text-align:left; border-bottom:2px solid #d0d7de; padding:.3em .5em;}
.documents-table td, .eval-metrics td, .eval-kinds td {border-bottom:1px solid #eee; padding:.3em .5em; vertical-align:top;}
.documents-table td.sha, .documents-table td.nowrap {white-space:nowrap;}
.copy-sha {border:1px solid #ccc; border-radius:4px; background:#fafafa; cursor:pointer; padding:0 .3em;}
.eval-metrics tr.pass td.verdict {color:#2f6f4f; font-weight:600;} .eval-metrics tr.fail td.verdict {color:#a4161a; font-weight:600;}
.eval-summary.fail {color:#a4161a;} .eval-summary.pass {color:#2f6f4f;}
.eval-report td.num {white-space:nowrap; text-align:right;}
.eval-report .scroll {overflow-x:auto;}
mark {background:#fff3a3;}
"""


def _private(trigger, fn, inputs, outputs, **kw):
    """An event of the page itself: not an API endpoint."""
    return trigger(fn, inputs, outputs, api_visibility=PRIVATE, **kw)


@dataclass
class ModelsView:
    """The Modellen tab's components, which the chat's model chips open."""

    choices: gr.Radio
    detail: gr.HTML


def _header() -> gr.HTML:
    """Title, intro and the index notice (filled once the index has loaded; empty when all is well)."""
    t = ui()
    gr.Markdown(f"## {t['title']}\n{t['intro']}", latex_delimiters=[])
    return gr.HTML("", elem_id="index-notice")


def _chat_tab(ctx: AppContext, h: Handlers, open_model: Callable) -> None:
    t = ui()["chat"]
    answers = gr.State([])  # this browser session's conversation (list[Answer])
    chip_models = gr.State([])  # (id, name) of the models of the last answer
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label=t["label"], show_label=False, height=460, elem_id="chatbot",
                                 feedback_options=None, allow_tags=False, sanitize_html=True, buttons=[],
                                 latex_delimiters=[], placeholder=t["empty"])
            with gr.Row():
                question = gr.Textbox(placeholder=t["placeholder"], label=t["question_label"], show_label=False,
                                      scale=5, elem_id="question", max_length=ctx.settings.answer.max_question_chars)
                ask_btn = gr.Button(t["ask"], variant="primary", scale=1, elem_id="ask")
            gr.Examples(t["examples"], inputs=[question], label=t["examples_label"])
            with gr.Row():
                new_btn = gr.Button(t["new"], elem_id="new-conversation")
                scope = gr.Radio([t["memo_last"], t["memo_all"]], value=t["memo_all"], label=t["memo_scope_label"],
                                 elem_id="memo-scope")
                with gr.Column():
                    memo_btn = gr.Button(t["memo_button"], elem_id="export-memo")
                    memo_status = gr.HTML("", elem_id="memo-status")
            memo_files = gr.File(label=t["memo_files"], file_count="multiple", interactive=False, elem_id="memo-files")
        with gr.Column(scale=2):
            gr.Markdown(f"#### {t['cards_heading']}")
            cards = gr.HTML("", elem_id="quote-cards")

            @gr.render(inputs=[chip_models], triggers=[chip_models.change])
            def _chips(models):
                if not models:
                    return
                gr.Markdown(f"**{t['chips_heading']}**")
                with gr.Row(elem_id="model-chips"):
                    for mid, name in models:
                        b = gr.Button(name, size="sm", elem_classes=["model-chip"], elem_id=f"chip-{mid}")
                        open_model(b, mid)

    chat_io = [chatbot, answers, cards, chip_models, question]
    for trigger in (question.submit, ask_btn.click):  # one queue for both, ASK_CONCURRENCY at once
        _private(trigger, h.ask, [question, answers, chatbot], chat_io, concurrency_limit=api.ASK_CONCURRENCY,
                 concurrency_id="ask")
    _private(new_btn.click, lambda: ([], [], "", [], "", None, ""), None, chat_io + [memo_files, memo_status])
    _private(chatbot.clear, lambda: ([], "", [], None, ""), None, [answers, cards, chip_models, memo_files, memo_status])
    _private(memo_btn.click, h.memo, [answers, scope], [memo_files, memo_status])


def _register_titles(corpus_dir: Path) -> list[tuple[str, str]]:
    """(title, id) of every register model, for the first page (the register itself loads with the index)."""
    models = read_yaml(Path(corpus_dir) / "models.yaml").get("models", [])
    return views.model_choices(SimpleNamespace(id=m["id"], name=m["name"], authors=str(m.get("authors") or ""),
                                               year=m.get("year")) for m in models)


def _models_tab(ctx: AppContext, h: Handlers) -> ModelsView:
    t = ui()["models"]
    with gr.Row():
        query = gr.Textbox(placeholder=t["query_placeholder"], label=t["query_label"], show_label=False, scale=4,
                           elem_id="model-query")
        search_btn = gr.Button(t["search"], scale=1, elem_id="model-search")
    with gr.Row():
        choices = gr.Radio(_register_titles(ctx.settings.corpus.dir), label=t["list_label"], elem_id="model-list",
                           scale=1)
        detail = gr.HTML(f"<p>{html_text(t['choose'])}</p>", elem_id="model-detail")
    for trigger in (search_btn.click, query.submit):
        _private(trigger, h.search_models, [query], [choices, detail])
    _private(choices.input, h.model_detail, [choices], [detail])
    return ModelsView(choices, detail)


def _scan_conditions(corpus_dir: Path) -> list[dict]:
    """The Quick scan's five conditions with their questions, straight from checklists.yaml."""
    from features.quickscan import CONDITIONS, PREFIX

    by_id = {c["id"]: c for c in read_yaml(Path(corpus_dir) / "checklists.yaml").get("checklists", [])}
    return [{"key": k, "group": by_id[PREFIX + k].get("group") or k.title(), "items": by_id[PREFIX + k]["items"]}
            for k in CONDITIONS if PREFIX + k in by_id]


def _scan_tab(ctx: AppContext, h: Handlers) -> None:
    t = ui()["scan"]
    gr.Markdown(t["intro"], latex_delimiters=[])
    conditions = _scan_conditions(ctx.settings.corpus.dir)
    sliders = []
    for c in conditions:
        with gr.Group():
            gr.Markdown(f"**{md_text(c['group'])}**\n\n" + "\n".join(f"- {md_text(i)}" for i in c["items"]),
                        latex_delimiters=[])
            sliders.append(gr.Slider(1, 10, value=6, step=1, label=t["score_label"].format(condition=c["group"]),
                                     elem_id=f"score-{c['key']}", buttons=[]))
    submit = gr.Button(t["submit"], variant="primary", elem_id="scan-submit")
    result_html = gr.HTML("", elem_id="scan-result")
    with gr.Row():
        export = gr.Button(t["export"], elem_id="scan-export")
        status = gr.HTML("", elem_id="scan-status")
    files = gr.File(label=t["files"], file_count="multiple", interactive=False, elem_id="scan-files")
    state = gr.State(None)
    keys = [c["key"] for c in conditions]
    _private(submit.click, lambda *scores: h.scan(keys, *scores), sliders, [result_html, state, files, status],
             concurrency_id="ask", concurrency_limit=api.ASK_CONCURRENCY)
    _private(export.click, h.scan_memo, [state], [files, status])


def _documents_tab(ctx: AppContext, h: Handlers, tab: gr.Tab) -> None:
    t = ui()["documents"]
    table = gr.HTML("", elem_id="documents")
    with gr.Row():
        # no file_types: Gradio would refuse another type with an English message; corpus.add says it in Dutch
        upload = gr.File(label=t["upload_label"].format(mb=f"{ctx.settings.corpus.max_document_mb:g}"),
                         elem_id="upload")
        with gr.Column():
            upload_btn = gr.Button(t["upload"], variant="primary", elem_id="upload-submit")
            status = gr.HTML("", elem_id="doc-status")
            remove_choice = gr.Dropdown([], label=t["remove_label"], elem_id="remove-choice")
            remove_btn = gr.Button(t["remove"], elem_id="remove-submit")
    _private(upload_btn.click, h.add, [upload], [table, remove_choice, status, upload])
    _private(remove_btn.click, h.remove, [remove_choice], [table, remove_choice, status])
    _private(tab.select, h.documents, None, [table, remove_choice])


def _eval_tab(h: Handlers) -> None:
    t = ui()["eval"]
    gr.Markdown(t["intro"], latex_delimiters=[])
    run_btn = gr.Button(t["run"], variant="primary", elem_id="eval-run")
    report_view = gr.HTML("", elem_id="eval-report")
    plot = gr.Image(label=t["plot"], type="filepath", elem_id="eval-plot", interactive=False, buttons=["download"])
    files = gr.File(label=t["files"], file_count="multiple", interactive=False, elem_id="eval-files")
    _private(run_btn.click, h.evaluate, None, [report_view, plot, files])


def page(ctx: AppContext, h: Handlers) -> gr.Blocks:
    """The Blocks page over `ctx`, its events handled by `h`."""
    tabs_t = ui()["tabs"]
    with gr.Blocks(title=ui()["title"], analytics_enabled=False) as app:
        app.wijzer_context = ctx
        api.register(app, ctx)
        notice = _header()

        def open_model(button: gr.Button, model_id: str) -> None:
            """A model chip of an answer opens the model in the Modellen tab (built below, before any chip)."""
            _private(button.click, lambda: h.open_model(model_id), None,
                     [tabs, models_view.choices, models_view.detail])

        with gr.Tabs() as tabs:
            with gr.Tab(tabs_t["chat"], id="chat"):
                _chat_tab(ctx, h, open_model)
            with gr.Tab(tabs_t["models"], id="modellen"):
                models_view = _models_tab(ctx, h)
            with gr.Tab(tabs_t["scan"], id="quickscan"):
                _scan_tab(ctx, h)
            with gr.Tab(tabs_t["documents"], id="documenten") as docs_tab:
                _documents_tab(ctx, h, docs_tab)
            with gr.Tab(tabs_t["eval"], id="evaluatie"):
                _eval_tab(h)
        # the index loads while the user reads the page; then the page says if a damaged generation was passed over
        _private(app.load, h.notice, None, [notice])
    return app
