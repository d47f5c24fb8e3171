"""The corpus is the seeds, unchanged, and the catalogue describes it truthfully."""
import hashlib

import pytest

from ingest.catalog import load_catalog
from tests.conftest import CORPUS, DOCS, SEEDS


def test_catalog_matches_files():
    catalog = load_catalog(CORPUS)
    files = {p.name for p in DOCS.iterdir()}
    assert {e.file for e in catalog.values()} == files
    for entry in catalog.values():
        data = (DOCS / entry.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry.sha256, entry.file
        assert entry.id == (DOCS / entry.file).stem
        assert entry.title and entry.publisher and entry.origin


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not beside the checkout")
def test_documents_are_the_seeds_unchanged():
    for entry in load_catalog(CORPUS).values():
        assert (DOCS / entry.file).read_bytes() == (SEEDS / entry.origin).read_bytes(), entry.file
