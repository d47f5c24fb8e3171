"""The corpus catalogue: what the team knows about each document."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    file: str
    title: str
    publisher: str
    date: str
    origin: str
    sha256: str


def load_catalog(corpus_dir: Path) -> dict[str, CatalogEntry]:
    path = Path(corpus_dir) / "catalog.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = {}
    for item in data.get("documents", []):
        e = CatalogEntry(**{k: str(item.get(k, "") or "") for k in CatalogEntry.__dataclass_fields__})
        entries[e.id] = e
    return entries
