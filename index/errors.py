"""Why an index cannot serve: missing, its server down, or a damaged generation (Dutch messages)."""
from __future__ import annotations

from pathlib import Path

REMEDY = "herstel de index met `wijzer ingest --rebuild`"


class IndexMissing(FileNotFoundError):
    pass


class IndexUnavailable(IndexMissing):
    """The index exists, but its chroma server cannot be reached (or lacks the generation's collection)."""


class IndexOutdated(IndexMissing):
    """The index was built in an older layout (`INDEX_FORMAT`): not damaged, but not readable by this version."""

    def __init__(self, root: Path, found: int, reads: int):
        super().__init__(f"de index in {root} heeft indexformaat {found}; deze versie leest formaat {reads}: "
                         "voer `wijzer ingest` uit, dat bouwt hem opnieuw op")


class IndexDamaged(IndexMissing):
    """A generation one of whose stores does not open or does not match the manifest; the message names
    the generation, the check that failed and the remedy."""

    def __init__(self, gen: Path, check: str, detail: str):
        self.generation, self.check, self.detail = gen.name, check, detail
        self.summary = f"indexgeneratie {gen.name} is beschadigd ({check}: {detail})"
        super().__init__(f"{self.summary}: {REMEDY}")
