"""The retriever is a llama-index `BaseRetriever`: a llama-index query engine over it returns our passages."""
from __future__ import annotations

import pytest
from llama_index.core import Settings
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine

QUESTIONS = ["Hoe formuleer je het resultaat van een samenwerking?",
             "Welke vormen van netwerkgovernance zijn er?",
             "Wat doet een kwartiermaker?"]


@pytest.fixture
def llama_settings(assistant, monkeypatch):
    """llama-index's global Settings with a MockLLM and our embedder, restored afterwards (raw fields: reading
    `Settings.llm` unset would resolve llama-index's default, an OpenAI client)."""
    monkeypatch.setattr(Settings, "_llm", Settings._llm)
    monkeypatch.setattr(Settings, "_embed_model", Settings._embed_model)
    Settings.llm = MockLLM()
    Settings.embed_model = assistant.embedder
    return Settings


@pytest.mark.parametrize("question", QUESTIONS)
def test_retriever_query_engine_returns_our_passages(assistant, llama_settings, question):
    retriever = assistant.retriever
    engine = RetrieverQueryEngine.from_args(retriever, response_mode="no_text")
    response = engine.query(question)
    ours = retriever.retrieve(question)
    assert not response.response  # no_text: retrieval only, the MockLLM writes nothing
    assert len(ours) == retriever.top_k
    assert [n.node.node_id for n in response.source_nodes] == [n.node.node_id for n in ours]
    assert [n.score for n in response.source_nodes] == [n.score for n in ours]
    assert [n.node.node_id for n in ours] == [s.chunk_id for s in retriever.rank(question)]
    assert all(n.node.get_content() == assistant.index.chunk_text(n.node.node_id) for n in response.source_nodes)
