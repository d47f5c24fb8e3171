"""Train the unit scorer of the answer step (`assistant.tuning.UNIT_WEIGHTS`) on the corpus's own reader
questions, and check it on the dev set, which it never sees in training.

Each reader question (corpus/passage-questions/*.yaml, ~1,000 hand-written, each anchored to a verbatim span)
is retrieved and composed as a user's question would be, with its own vector masked out of the
reader-question signal (else retrieval and the `asked` feature find it trivially). The candidate units that
overlap its anchor are its answers. A listwise logistic model (softmax over one question's units, L2) is
fitted on the standardised UnitFeatures; the weights are printed back in the features' own scale. A second
fit sees the questions as an index built without reader questions gives them (`asked` -1 throughout): the
weights for such an index (`UNIT_WEIGHTS_NO_QUESTIONS`).

    python -m evals.train_selection --cache /tmp/sel.pkl            # dev check of the current weights, fits
    python -m evals.train_selection --cache /tmp/sel.pkl --l2 0.3 1 --ablate
(retrieving the 1,023 reader questions takes about five minutes on two cores; the cache keeps them)
"""
from __future__ import annotations

import argparse
import pickle
import sys
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from assistant.compose import UnitFeatures, candidates, pool_rows, scored_units
from assistant.language import detect_language
from assistant.question import named_in, plan
from assistant.retrieve import Signals
from assistant.service import Assistant
from assistant.tuning import UNIT_WEIGHTS, UNIT_WEIGHTS_NO_QUESTIONS
from evals.dataset import load_questions
from evals.metrics import holds

NAMES = [f.name for f in fields(UnitFeatures)]


@dataclass
class Pool:
    """One question's candidate units: feature matrix and which units answer it."""
    key: str
    X: np.ndarray
    y: np.ndarray
    group: str = ""  # the anchor: the questions written for one span share their answer


@dataclass
class Retrieved:
    """One question as the answer step receives it (retrieval is the slow part; the features are cheap)."""
    key: str
    own: str
    query: str
    language: str
    sig: Signals
    ranked: list
    anchor: tuple[str, int, int] | None  # a reader question: the document and span it was written for
    evidence: tuple[str, ...] = ()  # a dev question: what a quote that answers it holds


def _units(a: Assistant, r: Retrieved):
    """The first part's candidate units, as `Assistant.compose` scores them for the opening quote."""
    qplan = plan(r.own, r.language, named_in(r.own, a.document_names))
    pool = pool_rows(a.index, r.ranked)
    part = qplan.parts[0]
    if len(qplan.parts) == 1:
        sims, text, cues = r.sig.sentence_sims, r.query, qplan.cues
    else:
        pv = a.embedder.encode([part.text], True)[0]
        pool = pool_rows(a.index, a.part_ranked(r.query, r.sig, part.text, pv))
        rows = [row for row, _ in pool]
        sims, text, cues = dict(zip(rows, a.index.sentence_vectors[rows] @ pv)), part.text, part.cues or qplan.cues
    cands = candidates(a.index, pool, sims, r.sig, text, cues)
    return scored_units(a.index, a.units, cands, qplan, text)


def reader_questions(a: Assistant, limit: int | None = None) -> list[Retrieved]:
    """The reader questions (the first `limit` of a fixed shuffle), each retrieved with itself masked."""
    order = np.random.default_rng(0).permutation(len(a.index.questions))[:limit]
    out = []
    for n, qi in enumerate(order.tolist()):
        q = a.index.questions[qi]
        if n % 100 == 0:
            print(f"reader question {n}/{len(order)}", file=sys.stderr, flush=True)
        sig = a.retriever.signals(q.text)
        masked = sig.question_sims.copy()
        masked[qi] = -1.0
        sig = Signals(sig.query_vector, sig.sentence_sims, masked)
        doc = a.index.chunks[q.chunk_id].document
        out.append(Retrieved(q.text, q.text, q.text, detect_language(q.text), sig, a.retriever.rank(q.text, sig),
                             (doc, q.start, q.end)))
    return out


def dev_questions(a: Assistant, path: str) -> list[Retrieved]:
    out = []
    for q in load_questions(path):
        if not q.in_scope or not q.quote_evidence:
            continue
        history = []
        for turn in q.turns[:-1]:
            history.append(a.ask(turn, history=history))
        own = " ".join(q.turns[-1].split())
        query = a.ask(q.turns[-1], history=history).resolved_question or own if history else own
        sig = a.retriever.signals(query)
        ranked = a.retriever.rank(query, sig, follow_up=own if query != own else None)
        # the blind key where the question has one: every unit that answers counts, not the one marked
        out.append(Retrieved(q.id, own, query, detect_language(own), sig, ranked, None,
                             q.answer_key or q.quote_evidence))
    return out


def pools(a: Assistant, questions: list[Retrieved]) -> list[Pool]:
    out = []
    for r in questions:
        units = _units(a, r)
        if r.anchor:
            doc, start, end = r.anchor
            y = [u.unit.document == doc and u.unit.start < end and start < u.unit.end for u in units]
        else:
            y = [any(holds(a.index.docs[u.unit.document].text[u.unit.start:u.unit.end], e) for e in r.evidence)
                 for u in units]
        X = np.stack([u.features.vector() for u in units]) if units else np.zeros((0, len(NAMES)))
        out.append(Pool(r.key, X, np.asarray(y, dtype=float), str(r.anchor)))
    return out


def without_asked(pools: list[Pool]) -> list[Pool]:
    """The pools as an index without reader questions gives them: `asked` -1 for every unit, no gap."""
    out = []
    for p in pools:
        X = p.X.copy()
        X[:, NAMES.index("asked")] = -1.0
        X[:, NAMES.index("asked_gap")] = 0.0
        out.append(Pool(p.key, X, p.y, p.group))
    return out


def fit(pools: list[Pool], l2: float) -> np.ndarray:
    """Listwise logistic weights (raw feature scale) over the pools that have an answer."""
    train = [p for p in pools if p.y.any() and len(p.y) > 1]
    allx = np.vstack([p.X for p in train])
    mu, sd = allx.mean(0), allx.std(0)
    sd[sd < 1e-9] = 1.0
    Z = [((p.X - mu) / sd, p.y / p.y.sum()) for p in train]

    def loss(w):
        total, grad = 0.5 * l2 * w @ w, l2 * w
        for X, q in Z:
            s = X @ w
            m = s.max()
            e = np.exp(s - m)
            p = e / e.sum()
            total += (m + np.log(e.sum()) - q @ s) / len(Z)
            grad = grad + X.T @ (p - q) / len(Z)
        return total, grad

    w = minimize(loss, np.zeros(allx.shape[1]), jac=True, method="L-BFGS-B").x
    return w / sd


def first_hit(pools: list[Pool], w: np.ndarray) -> float:
    """Share of the questions whose best-scored unit answers (a question without units counts as missed)."""
    return sum(float(p.y[np.argmax(p.X @ w)]) if len(p.y) else 0.0 for p in pools) / len(pools)


def cross_validated(pools: list[Pool], l2: float, folds: int = 5) -> float:
    """Reader-question first hit over five folds; the questions written for one anchor (which share their
    answer) stay in one fold."""
    groups = sorted({p.group for p in pools})
    fold_of = {g: i % folds for i, g in enumerate(groups)}
    hits = []
    for k in range(folds):
        w = fit([p for p in pools if fold_of[p.group] != k], l2)
        hits.append(first_hit([p for p in pools if fold_of[p.group] == k], w))
    return float(np.mean(hits))


ABLATIONS = {"dense": ("dense", "dense_mean", "dense_gap", "top_dense"), "asked": ("asked", "asked_gap"),
             "words": ("lexical", "lexical_unit", "bigram", "rare", "top_lexical"), "section": ("section",),
             "passage rank": ("chunk", "top_chunk", "top_dense", "top_lexical"), "cue": ("cue",),
             "unit kind and length": ("position", "length", "is_list", "is_item", "is_row", "leans")}


def ablation(reader: list[Pool], dev: list[Pool], l2: float) -> None:
    """Dev first hit of the fit without each group of features (the columns zeroed in training and use)."""
    for name, cols in ABLATIONS.items():
        keep = np.array([n not in cols for n in NAMES], dtype=float)
        masked = [Pool(p.key, p.X * keep, p.y, p.group) for p in reader]
        w = fit(masked, l2) * keep
        print(f"  without {name}: dev first {first_hit(dev, w):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", help="index folder (default: the settings' index)")
    ap.add_argument("--dev", default="evals/questions.yaml")
    ap.add_argument("--l2", type=float, nargs="+", default=[0.1, 0.3, 1.0, 3.0])
    ap.add_argument("--limit", type=int, help="train on the first LIMIT reader questions of a fixed shuffle")
    ap.add_argument("--ablate", action="store_true", help="refit without each group of features")
    ap.add_argument("--cache", help="pickle of the retrieved questions (reused when it exists)")
    args = ap.parse_args()
    a = Assistant.load(**({"index_dir": args.index} if args.index else {})).without_llm()
    if args.cache and Path(args.cache).exists():
        retrieved = pickle.loads(Path(args.cache).read_bytes())
    else:
        retrieved = reader_questions(a, args.limit), dev_questions(a, args.dev)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps(retrieved))
    reader, dev = pools(a, retrieved[0]), pools(a, retrieved[1])
    answerable = sum(p.y.any() for p in reader) / len(reader)
    print(f"reader questions {len(reader)} (answer among the units: {answerable:.3f}); dev {len(dev)} "
          f"(answer among the units: {sum(p.y.any() for p in dev) / len(dev):.3f})")
    print(f"current UNIT_WEIGHTS: dev first {first_hit(dev, UNIT_WEIGHTS):.3f}; UNIT_WEIGHTS_NO_QUESTIONS: "
          f"dev first without reader questions {first_hit(without_asked(dev), UNIT_WEIGHTS_NO_QUESTIONS):.3f}")
    for label, train, check in (("UNIT_WEIGHTS", reader, dev),
                                ("UNIT_WEIGHTS_NO_QUESTIONS", without_asked(reader), without_asked(dev))):
        for l2 in args.l2:
            w = fit(train, l2)
            print(f"{label}, l2 {l2}: reader 5-fold first {cross_validated(train, l2):.3f}, "
                  f"dev first {first_hit(check, w):.3f}")
            print(f"  {label} = np.array([" + ", ".join(f"{x:.3g}" for x in w) + "])  # " + " ".join(NAMES))
            if args.ablate:
                ablation(train, check, l2)


if __name__ == "__main__":
    main()
