"""The model register and the checklists: verbatim, complete, and used by answers and `wijzer models`."""
import json
import re

import pytest

from assistant.register import Register
from tests.cli import wijzer
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())

# Citations "(Author, year)" in the corpus that are deliberately not register entries: literature or
# quotes, not a model the documents explain.
NOT_MODELS = {
    ("cambré", "2019"): "literatuur bij Provan & Kenis (Kenis & Cambré, Organisatienetwerken)",
    ("kenis", "2008"): "zelfde bron als Provan & Kenis",
    ("cameron & quinn", "1988"): "literatuur over paradoxen, geen eigen model in de tekst",
    ("mak, in nrc", "2001"): "citaat van Geert Mak",
    ("nvtz", "2023"): "publicatie over toezicht (verdiepende literatuur)",
    ("nvtz en nvzd", "2024"): "publicatie over toezicht (verdiepende literatuur)",
    ("peters", "2016"): "literatuur (Peters 2016) bij netwerkleiderschap",
    ("stili novi", "2023"): "literatuur (praktijkvoorbeeld)",
    ("vilans", "2023"): "bronvermelding; de Vilans Waardenkaarten staan als model in het register",
    ("kaats", "2023"): "zelfde bron als Kaats en Opheij (2023) / De Caluwé & Kaats (2023)",
    ("zie kaats en opheij, leren samenwerken", "2023"): "zelfde bron als Kaats en Opheij (2023)",
    ("mei/juni", "2018"): "datum, geen citaat", ("september", "2023"): "datum, geen citaat",
}


@pytest.fixture(scope="module")
def register(assistant) -> Register:
    return assistant.register


def test_every_quote_and_item_is_verbatim_in_the_cleaned_corpus(register):
    assert len(register.models) >= 35 and len(register.checklists) >= 80
    assert register.unlocated() == []


def test_every_kernmodel_heading_is_in_the_register(assistant, register):
    text = assistant.index.docs["handreiking-effectief-samenwerken"].text
    names = {_key(n) for m in register.models.values() for n in [m.name, *m.aliases]}
    headings = re.findall(r"Kernmodel\n\n([^\n]+)", text)
    assert len(headings) >= 10
    # "Zelfregulerend" opens the Provan & Kenis figure; "Geurtsen, B (2021)" is the source line of ego/eco governance
    expected_elsewhere = {"zelfregulerend": "provan-kenis-2008", "geurtsenb2021": "ego-eco-governance"}
    for h in headings:
        key = _key(h)
        if key in expected_elsewhere:
            assert expected_elsewhere[key] in register.models
            continue
        assert any(key in n or n in key for n in names if len(n) > 8), h


def test_every_author_year_citation_is_a_model_or_consciously_left_out(assistant, register):
    cited = set()
    for doc in assistant.index.docs.values():
        cited |= {(a.strip().lower(), y) for a, y in re.findall(r"\(([^()]{2,60}?),?\s((?:19|20)\d\d)[a-z]?\)", doc.text)}
        cited |= {(a.lower(), y) for a, y in
                  re.findall(r"([A-Z][\w'’-]+(?: (?:&|en|and) [A-Z][\w'’-]+)?) \(((?:19|20)\d\d)", doc.text)}
    assert len(cited) >= 10
    for author, year in cited:
        in_register = any(str(m.year) == year and author.split(" ")[-1].strip("&") in m.authors.lower()
                          for m in register.models.values())
        assert in_register or (author, year) in NOT_MODELS, (author, year)


def _models_cli(corpus_index, *args) -> list[dict]:
    run = wijzer("--index", corpus_index, "models", "--json", *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_models_cli_finds_by_description_and_by_author(corpus_index):
    by_description = _models_cli(corpus_index, "één partij voert de regie namens het netwerk")
    assert by_description[0]["id"] == "provan-kenis-2008"
    assert any(m["verified"] and m["page"] is None and "Provan & Kenis" in m["quote"]
               for m in by_description[0]["mentions"])
    assert by_description[0]["literature"]
    by_author = _models_cli(corpus_index, "Krackhardt")
    assert by_author[0]["id"] == "vertrouwensparadox" and by_author[0]["year"] == 2003
    everything = _models_cli(corpus_index, "-k", "100")
    assert len(everything) == len(json.loads(json.dumps(everything))) >= 35


@pytest.mark.parametrize("question,model", [
    ("Eén van de partners neemt bij ons de regie namens het hele netwerk. Welke andere vormen zijn er?",
     "provan-kenis-2008"),
    ("Hoe krijgen we meer vertrouwen tussen de bestuurders aan tafel, zonder naïef te worden?", "vertrouwensparadox"),
    ("We willen een stip op de horizon voor de regio over tien jaar en elk jaar een plan. Hoe doe je dat?",
     "bhag-veranderagenda"),
])
def test_question_in_a_managers_words_gets_the_model(assistant, question, model):
    ans = assistant.ask(question)
    assert model in [m.id for m in ans.models]
    assert all(m.id in assistant.register.models for m in ans.models)


def test_checklist_question_returns_that_whole_checklist_and_nothing_else(assistant, register):
    ans = assistant.ask("Welke vragen stelt de quick scan over de relatie?")
    assert ans.checklist is not None and ans.checklist.id == "quick-scan-relatie"
    expected = [i.text for i in register.checklists["quick-scan-relatie"].items]
    assert [i.text for i in ans.checklist.items] == expected and all(i.covered for i in ans.checklist.items)
    body = " ".join(ans.answer.split())
    assert all(item in body for item in expected)
    others = {i.text for c in register.checklists.values() if c.family == "quick-scan" and c.id != "quick-scan-relatie"
              for i in c.items}
    assert not [o for o in others if f"- {o}" in ans.answer]
    assert ans.to_dict()["checklist"]["items"][0] == {"text": expected[0], "covered": True}


def test_register_file_is_read_from_the_corpus():
    assert (CORPUS / "models.yaml").exists() and (CORPUS / "checklists.yaml").exists()
