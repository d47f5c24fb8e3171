"""Settings.load: nested sections, today's flat keys and WIJZER_* names, a boolean read by its word ("false"
is False, where a bare `bool("false")` is True), and an unknown key refused."""
from __future__ import annotations

import os

import pytest

from assistant.settings import Settings


@pytest.fixture(autouse=True)
def _no_wijzer_env(monkeypatch):
    for name in [n for n in os.environ if n.startswith("WIJZER_")]:
        monkeypatch.delenv(name)


@pytest.mark.parametrize("word, expected", [
    ("false", False), ("False", False), ("0", False), ("nee", False), ("no", False), (" Nee ", False),
    ("true", True), ("TRUE", True), ("1", True), ("ja", True), ("yes", True),
])
def test_bool_from_the_environment(monkeypatch, tmp_path, word, expected):
    monkeypatch.setenv("WIJZER_READER_QUESTIONS", word)
    assert Settings.load(tmp_path / "none.yaml").corpus.reader_questions is expected


@pytest.mark.parametrize("text, expected", [
    ("reader_questions: false", False), ("reader_questions: no", False), ("reader_questions: 0", False),
    ("reader_questions: nee", False), ("corpus:\n  reader_questions: nee", False),
    ("reader_questions: true", True), ("reader_questions: yes", True), ("reader_questions: 1", True),
    ("reader_questions: ja", True), ("corpus:\n  reader_questions: ja", True),
])
def test_bool_from_the_settings_file(tmp_path, text, expected):
    path = tmp_path / "wijzer.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    assert Settings.load(path).corpus.reader_questions is expected


def test_bool_override_and_default(tmp_path):
    assert Settings.load(tmp_path / "none.yaml").corpus.reader_questions is True
    assert Settings.load(tmp_path / "none.yaml", reader_questions=False).corpus.reader_questions is False


@pytest.mark.parametrize("word", ["misschien", "", "2", "onwaar"])
def test_other_words_name_the_setting_in_dutch(monkeypatch, tmp_path, word):
    monkeypatch.setenv("WIJZER_READER_QUESTIONS", word)
    with pytest.raises(ValueError, match=r"instelling reader_questions: .* is geen ja/nee-waarde"):
        Settings.load(tmp_path / "none.yaml")


def test_other_kinds_keep_their_coercion(monkeypatch, tmp_path):
    monkeypatch.setenv("WIJZER_TOP_K", "7")
    monkeypatch.setenv("WIJZER_INDEX_DIR", "/tmp/elders")
    monkeypatch.setenv("WIJZER_REFUSAL_THRESHOLD", "0.5")
    s = Settings.load(tmp_path / "none.yaml")
    assert (s.answer.top_k, str(s.index.dir), s.answer.refusal_threshold) == (7, "/tmp/elders", 0.5)
    assert type(s.answer.top_k) is int and type(s.answer.refusal_threshold) is float


def test_flat_and_nested_files_read_alike(tmp_path):
    flat, nested = tmp_path / "flat.yaml", tmp_path / "nested.yaml"
    flat.write_text("embedder: use\nchroma_port: 9000\nmax_document_mb: 2\ntop_k: 12\neval_set: x.yaml\n"
                    "llm_base_url: http://h/v1\napp_user: u\ncorpus_dir: c\n", encoding="utf-8")
    nested.write_text("index: {embedder: use, chroma_port: 9000}\ncorpus: {max_document_mb: 2, dir: c}\n"
                      "answer: {top_k: 12}\napp: {eval_set: x.yaml, user: u}\nllm: {base_url: 'http://h/v1'}\n",
                      encoding="utf-8")
    a, b = Settings.load(flat), Settings.load(nested)
    assert a == b
    assert (a.index.embedder, a.index.chroma_port, a.corpus.max_document_mb, a.corpus.dir) == ("use", 9000, 2.0,
                                                                                              type(a.corpus.dir)("c"))


def test_overrides_by_flat_name_and_env_by_todays_names(monkeypatch, tmp_path):
    monkeypatch.setenv("WIJZER_MAX_DOCUMENT_MB", "3")
    monkeypatch.setenv("WIJZER_APP_PASSWORD", "geheim")
    s = Settings.load(tmp_path / "none.yaml", index_dir=tmp_path / "i", embedder="use", corpus_dir=None)
    assert (s.corpus.max_document_mb, s.app.password, s.index.dir, s.index.embedder) == (
        3.0, "geheim", tmp_path / "i", "use")
    assert s.corpus.dir == Settings().corpus.dir  # None: not given


def test_an_unknown_key_is_refused(tmp_path):
    path = tmp_path / "wijzer.yaml"
    path.write_text("llm:\n  base_ur: http://h/v1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="onbekende instelling.*llm_base_ur"):
        Settings.load(path)
