"""The answer test set is true to the corpus and the register; `wijzer eval` reports and gates."""
import json
import re
from collections import Counter

import pytest
import yaml

from evals.dataset import DEFAULT_SET, KINDS, load_questions
from evals.metrics import normalise
from index.sources import load
from ingest.clean import clean
from tests.cli import wijzer
from tests.conftest import CORPUS, DOCS, ROOT

HOLDOUT = ROOT / "evals" / "holdout.yaml"
FRESH = ROOT / "evals" / "holdout-fresh.yaml"  # written from the documents alone; not tuned on
FRESH2 = ROOT / "evals" / "holdout-fresh-2.yaml"  # written after stop 26's last change; g007, g012 seen since
FRESH3 = ROOT / "evals" / "holdout-fresh-3.yaml"  # stop 27's probe; not tuned on but o013, i002, i011
FRESH4 = ROOT / "evals" / "holdout-fresh-4.yaml"  # stop 28's, written by a helper who saw no answer; not tuned on
FRESH5 = ROOT / "evals" / "holdout-fresh-5.yaml"  # stop 29's, the same way
FRESH6 = ROOT / "evals" / "holdout-fresh-6.yaml"  # stop 30's, the same way, with questions of two parts
FRESH7 = ROOT / "evals" / "holdout-fresh-7.yaml"  # stop 31's, the same way, with its blind answer key
COLLOQUIAL = ROOT / "evals" / "dev-colloquial.yaml"  # stop 31's dev probe, tuned on, not gated
COLLOQUIAL2 = ROOT / "evals" / "dev-colloquial-2.yaml"  # stop 32's, the same way
COLLOQUIAL3 = ROOT / "evals" / "dev-colloquial-3.yaml"  # stop 32's, on what the documents do not say
COLLOQUIAL4 = ROOT / "evals" / "dev-colloquial-4.yaml"  # stop 33's, answerable questions put as managers put them
COLLOQUIAL5 = ROOT / "evals" / "dev-colloquial-5.yaml"  # stop 33's, askers and forms of question varied widely
COLLOQUIAL6 = ROOT / "evals" / "dev-colloquial-6.yaml"  # stop 34's, idioms, jargon and the asker's own compounds
COLLOQUIAL7 = ROOT / "evals" / "dev-colloquial-7.yaml"  # stop 34's, the documents' concrete content asked loosely
COLLOQUIAL8 = ROOT / "evals" / "dev-colloquial-8.yaml"  # stop 34's, what the documents do not say, asked with their names
COLLOQUIAL9 = ROOT / "evals" / "dev-colloquial-9.yaml"  # stop 35's, who and which organisation, named or not
COLLOQUIAL10 = ROOT / "evals" / "dev-colloquial-10.yaml"  # stop 35's, near-domain questions of six kinds
FRESH8 = ROOT / "evals" / "holdout-fresh-8.yaml"  # stop 31's, colloquial, written and run like the seventh
FRESH9 = ROOT / "evals" / "holdout-fresh-9.yaml"  # stop 32's, colloquial with context sentences, the same way
FRESH10 = ROOT / "evals" / "holdout-fresh-10.yaml"  # stop 33's, the same way; aggregates only, never tuned on
FRESH11 = ROOT / "evals" / "holdout-fresh-11.yaml"  # stop 34's, the same way
FRESH12 = ROOT / "evals" / "holdout-fresh-12.yaml"  # stop 35's, the same way, with more off-topic questions


@pytest.fixture(scope="module")
def corpus_texts() -> dict[str, str]:
    return {p.stem: normalise(clean(load(p)).text.text) for p in DOCS.iterdir()}


_SETS = {"dev": DEFAULT_SET, "dev-colloquial": COLLOQUIAL, "dev-colloquial-2": COLLOQUIAL2,
         "dev-colloquial-3": COLLOQUIAL3, "dev-colloquial-4": COLLOQUIAL4,
         "dev-colloquial-5": COLLOQUIAL5, "dev-colloquial-6": COLLOQUIAL6, "dev-colloquial-7": COLLOQUIAL7,
         "dev-colloquial-8": COLLOQUIAL8, "dev-colloquial-9": COLLOQUIAL9, "dev-colloquial-10": COLLOQUIAL10,
         "holdout": HOLDOUT,
         "holdout-fresh": FRESH, "holdout-fresh-2": FRESH2, "holdout-fresh-3": FRESH3, "holdout-fresh-4": FRESH4,
         "holdout-fresh-5": FRESH5, "holdout-fresh-6": FRESH6, "holdout-fresh-7": FRESH7, "holdout-fresh-8": FRESH8,
         "holdout-fresh-9": FRESH9, "holdout-fresh-10": FRESH10, "holdout-fresh-11": FRESH11,
         "holdout-fresh-12": FRESH12}


@pytest.mark.parametrize("path", list(_SETS.values()), ids=list(_SETS))
def test_every_evidence_string_is_in_its_document(corpus_texts, path):
    questions = load_questions(path)
    for q in questions:
        for doc in q.documents:
            assert doc in corpus_texts, (q.id, doc)
        for e in q.evidence:
            assert any(normalise(e) in corpus_texts[d] for d in q.documents), (q.id, e)
        for e in q.answer_evidence:
            assert any(normalise(e) in corpus_texts[d] for d in q.documents), (q.id, "answer_evidence", e)
        for part in q.parts:
            for e in part.evidence:
                assert any(normalise(e) in corpus_texts[d] for d in q.documents), (q.id, part.question, e)
        for e in q.answers + tuple(a for part in q.parts for a in part.answers):  # the blind key: any document
            assert any(normalise(e) in text for text in corpus_texts.values()), (q.id, "answers", e)
    in_scope = [q for q in questions if q.in_scope]
    assert all(q.evidence and q.documents for q in in_scope if q.kind != "multi_turn" or q.evidence)


def test_the_dev_set_covers_every_kind_and_document():
    questions = load_questions()
    assert len(questions) >= 60
    kinds = Counter(q.kind for q in questions)
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= 5
    per_doc = Counter(d for q in questions for d in q.documents)
    assert {p.stem for p in DOCS.iterdir()} <= set(per_doc) and min(per_doc.values()) >= 5
    assert all(q.follow_up for q in questions if q.kind == "multi_turn")


def test_the_dev_set_has_enough_off_topic_partial_and_multi_part_questions():
    questions = load_questions()
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    kinds = Counter(q.kind for q in questions)
    assert kinds["out_of_scope"] >= 30 and kinds["partial"] >= 10, kinds
    assert sum(bool(q.parts) for q in questions) >= 12
    for q in questions:
        if q.kind == "out_of_scope":
            assert not (q.documents or q.evidence or q.answer_evidence or q.parts or q.missing), q.id
        if q.kind == "partial":
            assert q.evidence and q.documents and q.missing, q.id
        if q.parts:
            assert len(q.parts) >= 2 and q.evidence and q.documents, q.id
        if q.answer_evidence:
            assert q.in_scope and 1 <= len(q.answer_evidence) <= 3, q.id
            # an answer, not a heading or a lead-in
            assert not any(e.rstrip().endswith(":") for e in q.answer_evidence), q.id


def _assert_missing_terms_occur_in_no_document(questions, corpus_texts):
    partial = [q for q in questions if q.kind == "partial"]
    assert partial
    for q in partial:
        for term in q.missing:
            assert term == term.strip().lower() and term, (q.id, term)
            word = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
            found = [d for d, text in corpus_texts.items() if word.search(text)]
            assert not found, (q.id, term, found)
            assert term in q.question.lower(), (q.id, term)  # the user's own words


def test_missing_terms_of_partial_questions_occur_in_no_document(corpus_texts):
    _assert_missing_terms_occur_in_no_document(load_questions(), corpus_texts)


def _assert_a_well_formed_fresh_set(questions, corpus_texts) -> Counter:
    """Unique ids; an off-topic question with nothing to score against; a partial one with the covered half's
    evidence and its missing terms, which no document holds. The kinds, counted, for the caller's bounds."""
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for q in questions:
        if q.kind == "out_of_scope":
            assert not (q.documents or q.evidence or q.answer_evidence or q.parts or q.missing), q.id
        if q.kind == "partial":
            assert q.evidence and q.documents and q.missing, q.id
    kinds = Counter(q.kind for q in questions)
    if kinds["partial"]:  # the callers that expect partial questions bound their number themselves
        _assert_missing_terms_occur_in_no_document(questions, corpus_texts)
    return kinds


def test_the_second_fresh_set_has_its_off_topic_and_partial_questions_and_absent_terms(corpus_texts):
    kinds = _assert_a_well_formed_fresh_set(load_questions(FRESH2), corpus_texts)
    assert kinds["out_of_scope"] >= 10 and kinds["partial"] >= 5, kinds


def test_the_third_fresh_set_probes_every_off_topic_kind_beside_in_scope_questions(corpus_texts):
    questions = load_questions(FRESH3)
    kinds = _assert_a_well_formed_fresh_set(questions, corpus_texts)
    assert kinds["out_of_scope"] >= 15 and sum(q.in_scope for q in questions) >= 10, kinds


@pytest.mark.parametrize("path", [FRESH4, FRESH5], ids=["holdout-fresh-4", "holdout-fresh-5"])
def test_the_fourth_and_fifth_fresh_sets_have_every_kind_and_their_missing_terms_are_absent(corpus_texts, path):
    questions = load_questions(path)
    kinds = _assert_a_well_formed_fresh_set(questions, corpus_texts)
    assert kinds["out_of_scope"] >= 10 and kinds["partial"] >= 5 and sum(q.in_scope for q in questions) >= 10, kinds


def test_the_sixth_fresh_set_asks_questions_of_two_parts_each_part_with_its_own_evidence(corpus_texts):
    questions = load_questions(FRESH6)
    kinds = _assert_a_well_formed_fresh_set(questions, corpus_texts)
    assert kinds["out_of_scope"] >= 8 and kinds["partial"] >= 4 and sum(q.in_scope for q in questions) >= 20, kinds
    two = [q for q in questions if q.parts]
    assert len(two) >= 8
    for q in two:
        assert len(q.parts) == 2 and all(p.evidence for p in q.parts), q.id
        assert sorted(e for p in q.parts for e in p.evidence) == sorted(q.evidence), q.id


@pytest.mark.parametrize("path, in_scope, off_topic, partial", [(FRESH7, 28, 4, 4), (FRESH8, 30, 3, 3),
                                                                (FRESH9, 30, 6, 4), (FRESH10, 28, 7, 5),
                                                                (FRESH11, 28, 7, 5), (FRESH12, 24, 14, 6)],
                         ids=["holdout-fresh-7", "holdout-fresh-8", "holdout-fresh-9", "holdout-fresh-10",
                              "holdout-fresh-11", "holdout-fresh-12"])
def test_the_seventh_to_twelfth_fresh_sets_key_every_answered_question_and_part_evidence_among_answers(
        corpus_texts, path, in_scope, off_topic, partial):
    questions = load_questions(path)
    kinds = _assert_a_well_formed_fresh_set(questions, corpus_texts)
    assert kinds["out_of_scope"] >= off_topic and kinds["partial"] >= partial, kinds
    assert sum(q.in_scope for q in questions) >= in_scope, kinds
    for q in questions:
        if q.kind == "out_of_scope":
            assert not q.answer_key, q.id
            continue
        assert q.answer_key, q.id
        for p in q.parts:
            assert set(p.evidence) <= set(p.answers), (q.id, p.question)
        if not q.parts:
            assert set(q.evidence) <= set(q.answers), q.id


@pytest.mark.parametrize("path, in_scope, earlier", [(COLLOQUIAL, 36, ()), (COLLOQUIAL2, 40, (COLLOQUIAL,)),
                                                    (COLLOQUIAL3, 18, (COLLOQUIAL, COLLOQUIAL2)),
                                                    (COLLOQUIAL4, 32, (COLLOQUIAL, COLLOQUIAL2, COLLOQUIAL3)),
                                                    (COLLOQUIAL5, 35, (COLLOQUIAL, COLLOQUIAL2, COLLOQUIAL3,
                                                                       COLLOQUIAL4)),
                                                    (COLLOQUIAL6, 35, (COLLOQUIAL, COLLOQUIAL2, COLLOQUIAL3,
                                                                       COLLOQUIAL4, COLLOQUIAL5)),
                                                    (COLLOQUIAL7, 36, (COLLOQUIAL, COLLOQUIAL2, COLLOQUIAL3,
                                                                       COLLOQUIAL4, COLLOQUIAL5, COLLOQUIAL6)),
                                                    (COLLOQUIAL8, 10, (COLLOQUIAL, COLLOQUIAL2, COLLOQUIAL3,
                                                                       COLLOQUIAL4, COLLOQUIAL5, COLLOQUIAL6,
                                                                       COLLOQUIAL7)),
                                                    (COLLOQUIAL9, 16, (COLLOQUIAL, COLLOQUIAL2, COLLOQUIAL3,
                                                                       COLLOQUIAL4, COLLOQUIAL5, COLLOQUIAL6,
                                                                       COLLOQUIAL7, COLLOQUIAL8)),
                                                    (COLLOQUIAL10, 10, (COLLOQUIAL, COLLOQUIAL2, COLLOQUIAL3,
                                                                        COLLOQUIAL4, COLLOQUIAL5, COLLOQUIAL6,
                                                                        COLLOQUIAL7, COLLOQUIAL8, COLLOQUIAL9))],
                         ids=["dev-colloquial", "dev-colloquial-2", "dev-colloquial-3", "dev-colloquial-4",
                              "dev-colloquial-5", "dev-colloquial-6", "dev-colloquial-7", "dev-colloquial-8",
                              "dev-colloquial-9", "dev-colloquial-10"])
def test_the_colloquial_dev_probes_continue_the_dev_ids_and_key_every_answered_question(corpus_texts, path, in_scope,
                                                                                         earlier):
    dev_ids = {q.id for q in load_questions()}.union(*({q.id for q in load_questions(e)} for e in earlier))
    questions = load_questions(path)
    kinds = _assert_a_well_formed_fresh_set(questions, corpus_texts)
    assert not dev_ids & {q.id for q in questions}
    assert sum(q.in_scope for q in questions) >= in_scope and kinds["out_of_scope"] >= 4 and kinds["partial"] >= 4, \
        kinds
    assert all(q.answer_key for q in questions if q.kind != "out_of_scope")


def test_the_fresh_holdout_set_is_large_enough_and_its_partial_terms_are_absent(corpus_texts):
    questions = load_questions(FRESH)
    kinds = _assert_a_well_formed_fresh_set(questions, corpus_texts)
    assert sum(q.in_scope for q in questions) >= 30, kinds
    assert kinds["out_of_scope"] >= 10 and kinds["partial"] >= 5, kinds


def test_model_and_checklist_ids_exist_in_the_register():
    models = {m["id"] for m in yaml.safe_load((CORPUS / "models.yaml").read_text())["models"]}
    checklists = {c["id"] for c in yaml.safe_load((CORPUS / "checklists.yaml").read_text())["checklists"]}
    for q in load_questions():
        assert set(q.models) <= models, q.id
        assert q.checklist is None or q.checklist in checklists, q.id


@pytest.mark.slow
def test_wijzer_eval_writes_the_report_and_passes_the_gate(corpus_index, tmp_path):
    out = tmp_path / "report"
    run = wijzer("--index", corpus_index, "eval", "--out", out)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| overall" in run.stdout and "| multi_turn" in run.stdout
    report = json.loads((out / "report.json").read_text())
    overall = report["overall"]
    assert overall["n"] >= 60 and overall["quote_verification"] == 1.0
    assert (out / "per_kind.png").stat().st_size > 10_000 and (out / "latency.png").exists()
    assert "## Mislukte vragen" in (out / "report.md").read_text()


@pytest.mark.slow
def test_gate_fails_when_a_threshold_is_not_met(corpus_index, tmp_path):
    strict = tmp_path / "strict.yaml"
    strict.write_text("hit@5: 1.01\n")
    small = tmp_path / "set.yaml"
    small.write_text(yaml.safe_dump(yaml.safe_load(DEFAULT_SET.read_text())[:3], allow_unicode=True))
    run = wijzer("--index", corpus_index, "eval", "--set", small, "--thresholds", strict, "--out", tmp_path / "o")
    assert run.returncode == 1 and "hit@5" in run.stderr
