"""The app's event functions: each takes the components' values and returns theirs, over the one shared
`Assistant` of the `AppContext`. What is shown is built in views.py, every text in prompts/app.yaml; the
corpus changes go through interfaces/corpus.py, as for `wijzer documents`."""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from assistant.markup import md_text
from assistant.texts import models_none, ui
from interfaces import corpus
from interfaces.app import views
from interfaces.app.context import AppContext


class Handlers:
    def __init__(self, ctx: AppContext, memo_dir: Path):
        self.ctx, self.memo_dir = ctx, memo_dir

    def _folder(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.memo_dir))

    # --- Chat ---------------------------------------------------------------------------------------

    def ask(self, message: str, history: list, messages: list):
        """Streams (chatbot, answers, cards, chip models, question box) while the answer is composed."""
        t = ui()["chat"]
        message = (message or "").strip()
        if not message:
            yield messages, history, gr.skip(), gr.skip(), ""
            return
        messages = list(messages or []) + [{"role": "user", "content": views.user_message(message)},
                                           {"role": "assistant", "content": f"*{t['searching']}*"}]
        yield messages, history, gr.skip(), gr.skip(), ""
        a = self.ctx.assistant  # an index that cannot load: its Dutch message as the error (show_error)
        streamed, ans = "", None
        for item in a.ask_stream(message, history=history):  # with an LLM: its checked sentences
            if isinstance(item, str):
                streamed += item
                messages[-1] = {"role": "assistant", "content": md_text(streamed, inline=False)}
                yield messages, history, gr.skip(), gr.skip(), ""
            else:
                ans = item
        messages[-1] = {"role": "assistant", "content": views.chat_message(ans)}
        yield (messages, history + [ans], views.answer_cards(a.index, ans, len(history) + 1),
               [(m.id, m.name) for m in ans.models], "")

    def memo(self, history: list, which: str):
        from features.memo import conversation_memo, write_memo

        t = ui()["chat"]
        if not history:
            return gr.skip(), views.status_html(False, t["memo_none"])
        chosen = history[-1:] if which == t["memo_last"] else history
        paths = write_memo(conversation_memo(self.ctx.assistant, chosen), self._folder(), "bestuursmemo")
        return [str(p) for p in paths], ""

    # --- Modellen -----------------------------------------------------------------------------------

    def search_models(self, text: str):
        a = self.ctx.assistant
        found = a.models(text or "", k=10)
        if not found and (text or "").strip():
            return gr.Radio(choices=[], value=None), views.models_none_html(models_none(text))
        first = found[0].id if found else None
        return gr.Radio(choices=views.model_choices(found), value=first), views.model_detail(a, first)

    def model_detail(self, model_id: str):
        return views.model_detail(self.ctx.assistant, model_id)

    def open_model(self, model_id: str):
        """A model chip of an answer: the Modellen tab with that model chosen and shown."""
        return gr.Tabs(selected="modellen"), gr.Radio(value=model_id), self.model_detail(model_id)

    # --- Quick scan ---------------------------------------------------------------------------------

    def scan(self, keys: list[str], *scores):
        result = self.ctx.quickscan.advise({k: int(v) for k, v in zip(keys, scores)})
        return views.scan_html(self.ctx.assistant.index, result), result, None, ""

    def scan_memo(self, result):
        from features.memo import scan_memo, write_memo

        if result is None:
            return gr.skip(), views.status_html(False, ui()["scan"]["first"])
        return [str(p) for p in write_memo(scan_memo(self.ctx.assistant, result), self._folder(),
                                           "quickscan-memo")], ""

    # --- Documenten ---------------------------------------------------------------------------------

    def documents(self):
        records = [d.record for d in self.ctx.assistant.index.docs.values()]
        return views.documents_html(records), gr.Dropdown(choices=corpus.removable(self.ctx.settings), value=None)

    def add(self, path, progress=gr.Progress(track_tqdm=True)):  # the ingest's own bars (units in Dutch)
        t = ui()["documents"]
        if not path:  # a message beside the button; the table and the upload area stay as they are
            return gr.skip(), gr.skip(), views.status_html(False, t["no_file"]), gr.skip()
        progress(0, desc=t["indexing"])
        res = corpus.add(self.ctx.settings, path, self.ctx,
                         on_wait=lambda message: progress(0, desc=message))  # behind a `wijzer ingest`
        return *self.documents(), views.status_html(res.ok, res.message), None

    def remove(self, name, progress=gr.Progress(track_tqdm=True)):
        t = ui()["documents"]
        if not name:
            return gr.skip(), gr.skip(), views.status_html(False, t["no_choice"])
        progress(0, desc=t["removing"])
        res = corpus.remove(self.ctx.settings, name, self.ctx, on_wait=lambda message: progress(0, desc=message))
        return *self.documents(), views.status_html(res.ok, res.message)

    # --- Evaluatie ----------------------------------------------------------------------------------

    def evaluate(self, progress=gr.Progress()):
        from evals.dataset import DEFAULT_SET, load_questions
        from evals.report import build, load_thresholds, write
        from evals.runner import evaluate

        t = ui()["eval"]
        source = Path(self.ctx.settings.app.eval_set or DEFAULT_SET)
        questions = load_questions(source)

        def step(done: int, total: int) -> None:
            progress((done, total), desc=t["running"].format(done=done, total=total), unit=t["unit"])

        step(0, len(questions))
        ev = evaluate(self.ctx.assistant, questions, with_llm=False, progress=step)  # as `wijzer eval`'s gate
        report = build(ev.main, load_thresholds(), source.name)
        paths = write(report, self._folder())
        return views.report_html(report), str(paths["plot"]), [str(paths["md"]), str(paths["json"])]

    def notice(self) -> str:
        """The page's index notice, once the index has loaded."""
        return views.notice_html(self.ctx.notice())
