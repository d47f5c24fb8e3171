"""Settings.load reads a boolean setting by its word: "false" is False (a bare `bool("false")` is True)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.settings import Settings


@dataclass
class FlagSettings(Settings):
    """Settings with a bool field, as the features that add one will have."""

    flag: bool = True


@pytest.mark.parametrize("word, expected", [
    ("false", False), ("False", False), ("0", False), ("nee", False), ("no", False), (" Nee ", False),
    ("true", True), ("TRUE", True), ("1", True), ("ja", True), ("yes", True),
])
def test_bool_from_the_environment(monkeypatch, tmp_path, word, expected):
    monkeypatch.setenv("WIJZER_FLAG", word)
    assert FlagSettings.load(tmp_path / "none.yaml").flag is expected


@pytest.mark.parametrize("text, expected", [
    ("flag: false", False), ("flag: no", False), ("flag: 0", False), ("flag: nee", False),
    ("flag: true", True), ("flag: yes", True), ("flag: 1", True), ("flag: ja", True),
])
def test_bool_from_the_settings_file(monkeypatch, tmp_path, text, expected):
    monkeypatch.delenv("WIJZER_FLAG", raising=False)
    path = tmp_path / "wijzer.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    assert FlagSettings.load(path).flag is expected


def test_bool_override_and_default(monkeypatch, tmp_path):
    monkeypatch.delenv("WIJZER_FLAG", raising=False)
    assert FlagSettings.load(tmp_path / "none.yaml").flag is True
    assert FlagSettings.load(tmp_path / "none.yaml", flag=False).flag is False


@pytest.mark.parametrize("word", ["misschien", "", "2", "onwaar"])
def test_other_words_name_the_setting_in_dutch(monkeypatch, tmp_path, word):
    monkeypatch.setenv("WIJZER_FLAG", word)
    with pytest.raises(ValueError, match=r"instelling flag: .* is geen ja/nee-waarde"):
        FlagSettings.load(tmp_path / "none.yaml")


def test_other_kinds_keep_their_coercion(monkeypatch, tmp_path):
    monkeypatch.setenv("WIJZER_TOP_K", "7")
    monkeypatch.setenv("WIJZER_INDEX_DIR", "/tmp/elders")
    monkeypatch.setenv("WIJZER_REFUSAL_THRESHOLD", "0.5")
    s = Settings.load(tmp_path / "none.yaml")
    assert (s.top_k, str(s.index_dir), s.refusal_threshold) == (7, "/tmp/elders", 0.5)
    assert type(s.top_k) is int and type(s.refusal_threshold) is float
