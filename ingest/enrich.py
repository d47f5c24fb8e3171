"""Reader questions per passage (`corpus/passage-questions/*.yaml`): hand-written doc2query.

No language model runs here, so the team wrote, for the passages of the shipped
documents, the questions a manager would ask that the passage answers. Each entry
is anchored to verbatim document text; at ingest the anchor is located in the
cleaned text (white space ignored) and its questions are attached to every chunk
that holds an occurrence. Documents without such a file are indexed without them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

FOLDER = "passage-questions"


@dataclass(frozen=True)
class AnchoredQuestions:
    document: str
    anchor: str
    questions: tuple[str, ...]
    source: str  # file name, for error messages


def _read(path: Path) -> list[AnchoredQuestions]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    doc = str(data["document"])
    entries = []
    for n, p in enumerate(data.get("passages") or [], 1):
        anchor, questions = p.get("anchor"), p.get("questions")
        if not isinstance(anchor, str) or not isinstance(questions, list):
            raise ValueError(f"passage {n}: 'anchor' (tekst) en 'questions' (lijst) zijn verplicht")
        entries.append(AnchoredQuestions(doc, anchor, tuple(str(q) for q in questions), path.name))
    return entries


def load_questions(corpus_dir: Path) -> tuple[dict[str, list[AnchoredQuestions]], list[tuple[str, str]]]:
    """Anchored questions per document id, and (file, reason) for every file that could not be read."""
    folder = Path(corpus_dir) / FOLDER
    out: dict[str, list[AnchoredQuestions]] = {}
    errors: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            entries = _read(path)
        except (yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError, UnicodeDecodeError) as exc:
            errors.append((f"{FOLDER}/{path.name}", f"ongeldig vragenbestand, overgeslagen ({exc})"))
            continue
        for e in entries:
            out.setdefault(e.document, []).append(e)
    return out, errors


def fingerprint(entries: list[AnchoredQuestions]) -> str:
    """Changes when a document's questions change, so re-ingest picks them up."""
    data = json.dumps([[e.anchor, list(e.questions)] for e in entries], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16] if entries else ""
