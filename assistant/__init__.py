"""Samenwerkwijzer's assistant: hybrid retrieval and verified extractive answers.

`Assistant`, `Answer` and `Settings` are imported on first use, so that light
entry points (the app's first page, `wijzer --help`) do not pay for llama-index.
"""
from importlib import import_module

_EXPORTS = {"Answer": "assistant.answer", "Assistant": "assistant.service", "Settings": "assistant.settings"}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
