"""Fusion: one score per candidate chunk from several signals' score lists, a pure function.

Two modes. `zscore` (the default, what the assistant ranks on) z-normalises each signal over its own
candidates and sums them with the weights; a chunk missing from a signal's list gets that list's lowest z.
`rrf`, reciprocal rank fusion, sums weight / (RRF_K + rank) and is the reference that `wijzer eval
--compare` runs beside it (it lost to z-scores on the dev set: README, "Retrieval"); a chunk missing from
a list gets nothing from it. In both an empty list or an unweighted signal counts for no chunk, and the
result is keyed in sorted order, so that ties rank alike in every run.
"""
from __future__ import annotations

import numpy as np

from assistant.tuning import RRF_K

FUSIONS = ("zscore", "rrf")

Scores = dict[str, dict[str, float]]  # signal -> chunk id -> raw score


def _zscores(scores: dict[str, float]) -> dict[str, float]:
    vals = np.fromiter(scores.values(), dtype=np.float64)
    mean, std = vals.mean(), vals.std() or 1.0
    return {cid: (v - mean) / std for cid, v in scores.items()}


def _reciprocal_ranks(scores: dict[str, float]) -> dict[str, float]:
    """1 / (RRF_K + rank), rank 1 the highest score; tied scores share the better rank."""
    ranks: dict[str, float] = {}
    rank, previous = 0, None
    for i, (cid, v) in enumerate(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])), 1):
        if v != previous:
            rank, previous = i, v
        ranks[cid] = 1.0 / (RRF_K + rank)
    return ranks


def fuse(scores: Scores, weights: dict[str, float], mode: str = "zscore") -> dict[str, float]:
    """Every candidate chunk's weighted sum of its normalised signals (`mode`: z-scores or reciprocal ranks)."""
    if mode not in FUSIONS:
        raise ValueError(f"fusie {mode!r}: kies uit {FUSIONS}")
    normalise = _zscores if mode == "zscore" else _reciprocal_ranks
    normalised = [(weights[name], normalise(sc)) for name, sc in scores.items() if sc and weights.get(name)]
    floors = [min(z.values()) if mode == "zscore" else 0.0 for _, z in normalised]
    return {cid: sum(w * z.get(cid, floor) for (w, z), floor in zip(normalised, floors))
            for cid in sorted({c for _, z in normalised for c in z})}
