"""`wijzer chat`: the Gradio app — Chat, Modellen, Quick scan, Documenten, Evaluatie — over one `Assistant`.

Split by job: context.py holds the served Assistant (loading, reload after an ingest elsewhere), layout.py
the page, handlers.py its event functions, views.py the HTML they show, api.py the public endpoints. The
first page needs neither llama-index nor the index: the `Assistant` is imported and loaded in the
background once the page is up.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from assistant.settings import Settings  # noqa: E402
from assistant.texts import ui  # noqa: E402
from interfaces.app.context import AppContext  # noqa: E402
from interfaces.app.handlers import Handlers  # noqa: E402
from interfaces.app.layout import CSS, page  # noqa: E402

GRADIO_UPLOAD_FACTOR = 10


def build_app(assistant_factory: Callable[[], object] | None = None, settings: Settings | None = None) -> gr.Blocks:
    """The Blocks app. The Assistant (and llama-index with it) is loaded in the background once a page is
    open, so the first page is served at once."""
    settings = settings or Settings.load()

    def load_assistant():
        from assistant.service import Assistant

        return Assistant.load(settings)

    ctx = AppContext(assistant_factory or load_assistant, settings)
    return page(ctx, Handlers(ctx, Path(tempfile.mkdtemp(prefix="wijzer-memo-"))))


def launch(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, auth: tuple[str, str] | None = None,
           block: bool = True):
    """Serve the app; a non-loopback host only with authentication."""
    if not is_loopback(host) and not auth:
        raise ValueError(ui()["host_refused"])
    # Gradio's own upload limit, far above max_document_mb: a file between the two gets corpus.add's Dutch
    # message ("groter dan 10 MB"); only an absurd one meets Gradio's English one
    limit = GRADIO_UPLOAD_FACTOR * app.wijzer_context.settings.corpus.max_document_mb
    served = app.launch(server_name=host, server_port=port, auth=auth, prevent_thread_lock=True,
                        max_file_size=f"{limit:g}mb", css=CSS, footer_links=[],
                        quiet=True, show_error=True, ssr_mode=False, inbrowser=False, run_history=False)
    if block:
        app.block_thread()
    return served


def is_loopback(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"} or host.startswith("127.")
