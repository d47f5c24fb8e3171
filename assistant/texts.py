"""User-facing texts of the app, the memo, `wijzer models` and the evaluation report, read from prompts/.

`ui()` is the app's own chrome (Dutch); `for_answer(language)` the texts around an answer (cards, chat,
memo), in the question's language; `eval_texts()` the evaluator's lines per metric and kind of question.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the app's first page reads these files


def read_yaml(path: Path) -> dict:
    """A YAML file with libyaml (ten times faster than PyYAML's own parser); {} when it is absent."""
    path = Path(path)
    return (yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}) if path.exists() else {}


@lru_cache(maxsize=None)
def prompt_file(name: str) -> dict:
    return read_yaml(PROMPTS / name)


def ui() -> dict:
    return prompt_file("app.yaml")["ui"]


def for_answer(language: str) -> dict:
    texts = prompt_file("app.yaml")["answer"]
    return texts.get(language, texts["nl"])


def eval_texts() -> dict:
    return prompt_file("eval.yaml")


def models_none(query: str) -> str:
    """The sentence for a model search that found nothing, in the query's language (app and CLI)."""
    from assistant.language import detect_language

    return for_answer(detect_language(query))["models_none"].format(query=" ".join(query.split()))
