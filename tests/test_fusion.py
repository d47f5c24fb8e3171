"""Fusion modes on hand-made score lists: empty lists, ties and missing signals; the best row per passage of a
sentence-level signal (no index)."""
import numpy as np
import pytest

from assistant.fusion import FUSIONS, fuse
from assistant.retrieve import RowChunks, _best_per_chunk
from assistant.tuning import RRF_K


@pytest.mark.parametrize("mode", FUSIONS)
def test_empty_lists_and_unweighted_signals_count_for_nobody(mode):
    assert fuse({}, {"chunk": 1.0}, mode) == {}
    assert fuse({"chunk": {}}, {"chunk": 1.0}, mode) == {}
    assert fuse({"chunk": {"a": 1.0}}, {}, mode) == {}
    assert fuse({"chunk": {"a": 1.0, "b": 0.0}, "pseudo": {"b": 9.0, "a": 0.0}}, {"chunk": 1.0}, mode) == \
        fuse({"chunk": {"a": 1.0, "b": 0.0}}, {"chunk": 1.0}, mode)


@pytest.mark.parametrize("mode", FUSIONS)
def test_a_chunk_missing_from_a_signal_ranks_below_one_present_in_both(mode):
    got = fuse({"chunk": {"a": 0.9, "b": 0.9, "c": 0.1}, "bm25": {"a": 5.0, "c": 4.0}}, {"chunk": 1.0, "bm25": 1.0},
               mode)
    assert got["a"] > got["b"] and got["a"] > got["c"]


@pytest.mark.parametrize("mode", FUSIONS)
def test_ties_score_alike_and_come_out_in_one_order(mode):
    tie = fuse({"chunk": {"b": 0.5, "a": 0.5}}, {"chunk": 1.0}, mode)
    assert tie["a"] == tie["b"] and list(tie) == ["a", "b"]


def test_zscore_gives_a_missing_chunk_the_lists_lowest_z():
    got = fuse({"chunk": {"a": 1.0, "b": 0.0}, "bm25": {"a": 2.0, "c": 0.0}}, {"chunk": 1.0, "bm25": 1.0})
    assert got == {"a": 2.0, "b": -2.0, "c": -2.0}


def test_rrf_sums_weighted_reciprocal_ranks_and_a_missing_chunk_gets_nothing():
    got = fuse({"chunk": {"a": 0.9, "b": 0.8}, "bm25": {"b": 3.0, "c": 1.0, "d": 1.0}}, {"chunk": 1.0, "bm25": 2.0},
               "rrf")
    assert got["a"] == pytest.approx(1 / (RRF_K + 1))
    assert got["b"] == pytest.approx(1 / (RRF_K + 2) + 2 / (RRF_K + 1))
    assert got["c"] == got["d"] == pytest.approx(2 / (RRF_K + 2))  # tied: both take the better rank


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        fuse({"chunk": {"a": 1.0}}, {"chunk": 1.0}, "mean")


def test_a_sentence_level_signal_gives_each_passage_its_best_row_among_the_best_rows_best_first():
    rows = RowChunks.of(["a", "b", "a", "c", "b"])
    sims = np.array([0.1, 0.9, 0.5, 0.8, 0.3], dtype=np.float32)
    best = _best_per_chunk(sims, rows, 4)
    assert list(best) == ["b", "c", "a"] and best["a"] == pytest.approx(0.5) and best["b"] == pytest.approx(0.9)
    assert list(_best_per_chunk(sims, rows, 2)) == ["b", "c"]  # "a"'s best row is not among the two best
    assert _best_per_chunk(np.zeros(0, np.float32), RowChunks.of([]), 4) == {}
