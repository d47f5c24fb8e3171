"""The app's HTTP API for `gradio_client` users: `/ask`, `/models` and `/scan`, in JSON.

`/ask` takes a question and the earlier answer objects of the same conversation (as `/ask` returned them)
and returns the answer object of ../shared/DESIGN.md. The chat's own handlers are not part of it.
"""
from __future__ import annotations

from assistant.answer import Answer, ChecklistItem, ChecklistRef, ModelRef, Quote, Scope, Source
from assistant.followup import resolve

# questions answered at once, one per core (20 concurrent conversations: p95 2.2 s at 1, 1.4 s at 2);
# the chat, /ask and /scan share these two places
ASK_CONCURRENCY = 2


def answer_from_dict(d: dict, previous: Answer | None = None) -> Answer:
    """An answer object back as a record, to serve as history; its follow-up reading is recomputed."""
    checklist = d.get("checklist")
    scope = d.get("scope")
    prior = previous.query if previous else None
    return Answer(
        question=d["question"], language=d.get("language", "nl"), answer=d.get("answer", ""),
        refused=bool(d.get("refused")),
        quotes=[Quote(**q) for q in d.get("quotes", [])],
        models=[ModelRef(**m) for m in d.get("models", [])],
        checklist=ChecklistRef(checklist["id"], checklist["title"], checklist["document"],
                               [ChecklistItem(**i) for i in checklist["items"]]) if checklist else None,
        sources=[Source(**s) for s in d.get("sources", [])],
        resolved_question=resolve(" ".join(d["question"].split()), d.get("language", "nl"), prior),
        scope=Scope(scope["status"], scope.get("reason", ""), tuple(scope.get("missing", ()))) if scope else None)


def history_from_dicts(items: list[dict] | None) -> list[Answer]:
    history: list[Answer] = []
    for d in items or []:
        history.append(answer_from_dict(d, history[-1] if history else None))
    return history


def scan_to_dict(result) -> dict:
    """A Quick scan result: scores, average, the weakest conditions and the advice for each."""
    return {
        "scores": result.scores, "average": round(result.average, 2), "weakest": result.weakest,
        "advice": [{"condition": a.condition.key, "name": a.condition.name, "score": a.score,
                    "questions": a.condition.questions, "question": a.question, "answer": a.answer.to_dict(),
                    "models": [m.id for m in a.models],
                    "stroomversneller": [{"theme": t.group, "questions": t.questions, "tips": t.tips}
                                         for t in a.themes]}
                   for a in result.advice],
    }


def register(blocks, ctx) -> None:
    """The three public endpoints of `blocks` (call inside its context, before the page's own handlers,
    which would otherwise take the names `ask` and `scan` first)."""
    import gradio as gr

    def ask(question: str, history: list[dict] | None = None) -> dict:
        """Ask a question; `history` is the conversation so far: the answer objects /ask returned."""
        return ctx.assistant.ask(question, history=history_from_dicts(history)).to_dict()

    def models(query: str = "", k: int = 5) -> list[dict]:
        """Models from the register that fit `query` (name, author, year or a description); all when empty.
        An empty list means no model in the documents fits."""
        a = ctx.assistant
        return [a.describe_model(m.id) for m in a.models(query, k=k)]

    def scan(scores: dict[str, int]) -> dict:
        """Quick scan: a score from 1 to 10 per condition (ambitie, belangen, relatie, organisatie,
        proces); advice from the documents for the weakest."""
        return scan_to_dict(ctx.quickscan.advise({k: int(v) for k, v in scores.items()}))

    for fn, returns, limit in ((ask, "answer", ASK_CONCURRENCY), (models, "models", None),
                               (scan, "scan", ASK_CONCURRENCY)):
        dep = gr.api(fn, api_name=fn.__name__, concurrency_limit=limit or "default",
                     concurrency_id="ask" if limit else None)
        # gr.api names a return "1st"; the API page and view_api() show this name instead
        blocks.fns[dep["id"]].outputs[0].label = returns
