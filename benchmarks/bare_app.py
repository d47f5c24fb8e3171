"""The yardstick for the app's first page: a bare Gradio Blocks app (a Chatbot and a Textbox), launched
with the same options as `wijzer chat`. `python -m benchmarks.bare_app --port N`."""
from __future__ import annotations

import argparse
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args(argv)
    with gr.Blocks() as app:
        gr.Chatbot()
        gr.Textbox()
    app.launch(server_name="127.0.0.1", server_port=args.port, prevent_thread_lock=True, quiet=True,
               footer_links=[], ssr_mode=False, inbrowser=False, run_history=False)
    app.block_thread()


if __name__ == "__main__":
    main()
